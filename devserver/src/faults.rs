//! Injected faults (`/simulator/v1/faults`): the next matching API requests answer with a Status, a delay,
//! a dropped connection or a simulated concurrent writer.

use std::collections::VecDeque;

use imagetag::Status;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::errors;
use crate::sim::{bad, parse};

/// One queued fault: the next `count` API requests that match answer this way.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    /// `status`, `delay`, `drop` or `conflict`.
    #[serde(rename = "type")]
    pub type_: String,
    /// How many requests it affects (default 1).
    #[serde(default = "one")]
    pub count: u32,
    /// For `status`: 429, 500 (reason ServerTimeout), 503, or any other 4xx/5xx.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<u16>,
    /// For `status`: `Retry-After` / `details.retryAfterSeconds` (default 1).
    #[serde(rename = "retryAfterSeconds", default, skip_serializing_if = "Option::is_none")]
    pub retry_after_seconds: Option<i64>,
    /// For `delay`: milliseconds to wait before the request is handled normally.
    #[serde(rename = "delayMs", default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
    /// Only requests with one of these methods (default: all; for `conflict`: writes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub methods: Option<Vec<String>>,
    /// Only requests whose path contains this text.
    #[serde(rename = "pathContains", default, skip_serializing_if = "Option::is_none")]
    pub path_contains: Option<String>,
    /// For `status` 403: the user named in the message (default `system:anonymous`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
}

fn one() -> u32 {
    1
}

impl Fault {
    pub fn validate(&self) -> Result<(), Status> {
        match self.type_.as_str() {
            "status" => {
                let c = self.code.ok_or_else(|| bad("code: required for type \"status\""))?;
                if !(400..=599).contains(&c) {
                    return Err(bad("code: must be a 4xx or 5xx status"));
                }
            }
            "delay" => {
                if self.delay_ms.is_none() {
                    return Err(bad("delayMs: required for type \"delay\""));
                }
            }
            "drop" | "conflict" => {}
            other => {
                return Err(bad(format!("type: unknown fault type \"{other}\": use status, delay, drop or conflict")))
            }
        }
        if self.count == 0 {
            return Err(bad("count: must be at least 1"));
        }
        Ok(())
    }

    fn applies(&self, method: &str, path: &str) -> bool {
        let methods_ok = match &self.methods {
            Some(m) => m.iter().any(|x| x.eq_ignore_ascii_case(method)),
            None if self.type_ == "conflict" => matches!(method, "POST" | "PUT" | "PATCH" | "DELETE"),
            None => true,
        };
        methods_ok && self.path_contains.as_deref().is_none_or(|p| path.contains(p))
    }

    /// The Status a `status` fault answers with (`path` is the decoded request path).
    pub fn status(&self, method: &str, path: &str) -> Status {
        let ra = self.retry_after_seconds.unwrap_or(1);
        match self.code.unwrap_or(500) {
            403 => forbidden(method, path, self.user.as_deref().unwrap_or("system:anonymous")),
            429 => errors::too_many_requests(ra),
            503 => errors::service_unavailable(ra),
            500 => {
                let verb = match method {
                    "POST" => "create",
                    "PUT" => "update",
                    "PATCH" => "patch",
                    "DELETE" => "delete",
                    _ => "get",
                };
                errors::server_timeout(verb, ra)
            }
            c => {
                let (reason, msg) = match c {
                    401 => ("Unauthorized", "Unauthorized"),
                    403 => ("Forbidden", "forbidden"),
                    404 => ("NotFound", "the server could not find the requested resource"),
                    409 => ("Conflict", "conflict"),
                    504 => ("Timeout", "the server was unable to return a response in the time allotted, but may still be processing the request"),
                    c if c >= 500 => ("InternalError", "an error on the server has prevented the request from succeeding"),
                    _ => ("BadRequest", "the server rejected our request for an unknown reason"),
                };
                Status::failure(c, reason, msg, None)
            }
        }
    }
}

/// The RBAC refusal of the real server (§2.11): `imagetags.image.openshift.io "<n>" is forbidden: User
/// "<u>" cannot <verb> resource "imagetags" in API group "image.openshift.io" in the namespace "<ns>"`.
fn forbidden(method: &str, path: &str, user: &str) -> Status {
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    let (ns, name) = match segs[..] {
        [_, _, _, "namespaces", ns, "imagetags", name] => (Some(ns), Some(name)),
        [_, _, _, "namespaces", ns, "imagetags"] => (Some(ns), None),
        _ => (None, None),
    };
    let verb = match (method, name) {
        ("GET", Some(_)) => "get",
        ("GET", None) => "list",
        ("POST", _) => "create",
        ("PUT", _) => "update",
        ("PATCH", _) => "patch",
        ("DELETE", Some(_)) => "delete",
        ("DELETE", None) => "deletecollection",
        _ => "get",
    };
    let subject = match name {
        Some(n) => format!("imagetags.image.openshift.io \"{n}\""),
        None => "imagetags.image.openshift.io".to_string(),
    };
    let scope = match ns {
        Some(ns) => format!("in the namespace \"{ns}\""),
        None => "at the cluster scope".to_string(),
    };
    let details = imagetag::StatusDetails {
        name: name.map(str::to_string).into(),
        group: "image.openshift.io".to_string().into(),
        kind: "imagetags".to_string().into(),
        ..Default::default()
    };
    let mut details = details;
    if name.is_none() {
        details.name = imagetag::Field::Absent;
    }
    Status::failure(
        403,
        "Forbidden",
        format!("{subject} is forbidden: User \"{user}\" cannot {verb} resource \"imagetags\" in API group \"image.openshift.io\" {scope}"),
        Some(details),
    )
}

/// The queue of pending faults, consumed in order.
#[derive(Default, Debug)]
pub struct Faults {
    pub queue: VecDeque<Fault>,
}

impl Faults {
    /// Takes one use of the first fault that applies to this request.
    pub fn take(&mut self, method: &str, path: &str) -> Option<Fault> {
        let i = self.queue.iter().position(|f| f.applies(method, path))?;
        let f = self.queue[i].clone();
        self.queue[i].count -= 1;
        if self.queue[i].count == 0 {
            self.queue.remove(i);
        }
        Some(f)
    }

    pub fn listing(&self) -> Value {
        json!({ "faults": self.queue.iter().collect::<Vec<_>>() })
    }

    /// `POST /simulator/v1/faults`: one fault object or `{"faults": [...]}`.
    pub fn add(&mut self, body: &Value) -> Result<Value, Status> {
        let list: Vec<Fault> = match body.get("faults") {
            Some(v) => parse(v)?,
            None => vec![parse(body)?],
        };
        for f in &list {
            f.validate()?;
        }
        self.queue.extend(list);
        Ok(self.listing())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fault_queue() {
        let mut f = Faults::default();
        f.add(&json!({"type": "status", "code": 429, "count": 2, "retryAfterSeconds": 3})).unwrap();
        f.add(&json!({"type": "conflict"})).unwrap();
        assert_eq!(f.take("GET", "/apis/x").unwrap().code, Some(429));
        assert_eq!(f.take("GET", "/apis/x").unwrap().code, Some(429));
        assert!(f.take("GET", "/apis/x").is_none());
        assert_eq!(f.take("PUT", "/apis/x").unwrap().type_, "conflict");
        assert!(f.add(&json!({"type": "explode"})).is_err());
        let s = Fault {
            type_: "status".into(),
            count: 1,
            code: Some(500),
            retry_after_seconds: Some(2),
            delay_ms: None,
            methods: None,
            path_contains: None,
            user: None,
        };
        assert_eq!(
            s.status("POST", "/apis/image.openshift.io/v1/namespaces/demo/imagetags").reason.str(),
            "ServerTimeout"
        );
    }
}
