//! The `/simulator/v1/` endpoints (pure part): publish source revisions, push images, run imports,
//! reset, and the fault queue. Shapes are documented in devserver/README.md.

use std::collections::VecDeque;

use imagetag::Status;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::errors;
use crate::registry;
use crate::store::State;

fn bad(e: impl std::fmt::Display) -> Status {
    errors::bad_request(e.to_string())
}

fn parse<T: for<'de> Deserialize<'de>>(body: &Value) -> Result<T, Status> {
    serde_json::from_value(body.clone()).map_err(bad)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PublishRequest {
    #[serde(rename = "pullSpec")]
    pull_spec: String,
    #[serde(default)]
    digest: Option<String>,
    #[serde(default)]
    failure: Option<String>,
    #[serde(rename = "manifestList", default)]
    manifest_list: bool,
}

/// `POST /simulator/v1/registry/publish`
pub fn publish(state: &mut State, body: &Value) -> Result<Value, Status> {
    let req: PublishRequest = parse(body)?;
    let (r, key) = registry::source_key(&req.pull_spec).map_err(|e| bad(format!("pullSpec: {e}")))?;
    if !r.id.is_empty() {
        return Err(bad("pullSpec: publish a tag, not a digest (a digest always names the same image)"));
    }
    if let Some(d) = &req.digest {
        imagetag::reference::validate_digest(d).map_err(|e| bad(format!("digest: {e}")))?;
    }
    if let Some(f) = &req.failure {
        if f != "NotFound" && f != "Unauthorized" {
            return Err(bad("failure: must be \"NotFound\" or \"Unauthorized\""));
        }
    }
    let src = state.registry.entry(key.clone()).or_default();
    src.revision += 1;
    src.digest = req.digest;
    src.failure = req.failure;
    src.manifest_list = req.manifest_list;
    let src = src.clone();
    state.dirty = true;
    let digest = registry::resolve(&state.registry, &req.pull_spec, "PreserveOriginal", None, 0).ok().map(|r| r.digest);
    Ok(json!({
        "pullSpec": req.pull_spec,
        "key": key,
        "revision": src.revision,
        "digest": digest,
        "manifestList": src.manifest_list,
        "failure": src.failure,
    }))
}

/// `GET /simulator/v1/registry`
pub fn registry_listing(state: &State) -> Value {
    let sources: serde_json::Map<String, Value> = state
        .registry
        .iter()
        .map(|(k, s)| {
            let pull = k.clone();
            let digest = registry::resolve(&state.registry, &pull, "PreserveOriginal", None, 0).ok().map(|r| r.digest);
            let mut v = serde_json::to_value(s).unwrap_or(Value::Null);
            v["digest"] = json!(digest);
            (k.clone(), v)
        })
        .collect();
    json!({ "sources": sources })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PushRequest {
    namespace: String,
    stream: String,
    tag: String,
    #[serde(default)]
    digest: Option<String>,
}

/// `POST /simulator/v1/push`
pub fn push(state: &mut State, body: &Value, now: i64) -> Result<Value, Status> {
    let req: PushRequest = parse(body)?;
    state.push(&req.namespace, &req.stream, &req.tag, req.digest.as_deref(), now)
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ImportRequest {
    #[serde(default)]
    pub namespace: Option<String>,
    #[serde(default)]
    pub stream: Option<String>,
    #[serde(default)]
    pub scheduled: bool,
}

/// `POST /simulator/v1/import`
pub fn import(state: &mut State, body: &Value, now: i64) -> Result<Value, Status> {
    let req: ImportRequest = if body.is_null() { ImportRequest::default() } else { parse(body)? };
    let results = state.run_imports(req.namespace.as_deref(), req.stream.as_deref(), req.scheduled, now);
    Ok(json!({ "results": results }))
}

// ---------------------------------------------------------------------------------------------------
// Faults

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
