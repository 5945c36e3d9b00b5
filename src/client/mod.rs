//! The API client, sans IO (the kube-core layer): what to send for each operation, what an answer means,
//! and whether to try again. The fetch transport and the JS class `ImageTagClient` are in
//! `src/wasm/client.rs` and only move bytes; every decision is made here and tested natively.
//!
//! - [`ClientConfig::request`] turns a [`Call`] into a [`Request`]: method, URL (percent-encoded path
//!   segments, query), headers and body.
//! - [`response::interpret`] turns an [`Answer`] (HTTP code, two headers, body text) into the parsed
//!   object or an [`Error`] of code `api` that carries the server's whole `Status`.
//! - [`retry::RetryPolicy::decide`] says whether a failed attempt may be repeated, and after how long.
//! - [`Exchange`] runs one call with its retries: the transport sends its request, hands back what came,
//!   and waits or finishes as [`Next`] says.
//! - [`write`] prepares create/replace bodies (pre-submit validation), and [`write::SpecUpdate`] runs the
//!   read-modify-write of `spec` (`updateSpec`, `replaceSpec`) with its 409 retry.
//! - [`options`] holds the JS option objects as `Deserialize` types and their rules and clamps.
//!
//! Endpoints (docs/semantics.md §2.1): `GET /apis/image.openshift.io/v1/imagetags`,
//! `GET|POST …/namespaces/{ns}/imagetags`, `GET|PUT|PATCH|DELETE …/namespaces/{ns}/imagetags/{stream}:{tag}`.

pub mod encode;
pub mod exchange;
pub mod options;
pub mod response;
pub mod retry;
pub mod watch;
pub mod write;

use crate::error::Error;

pub use encode::{encode_query_value, encode_segment};
pub use exchange::{Exchange, Next};
pub use response::{body_too_large, interpret, Answer, Output};
pub use retry::RetryPolicy;

/// The API group path every URL starts with, below the base URL.
pub const API_PREFIX: &str = "/apis/image.openshift.io/v1";

/// Default per-attempt timeout when `timeoutMs` is not given (30 s).
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;

/// Default cap on the bytes of one answer's body when `maxResponseBytes` is not given (256 MiB): a server
/// that streams without end (or a huge answer) gets a clear error instead of exhausting memory.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 256 * 1024 * 1024;

/// HTTP methods the client uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
    /// Whether the request only reads (so repeating it can never do anything twice).
    pub fn is_read(self) -> bool {
        self == Method::Get
    }
}

/// The three patch formats of §2.8 that make sense here (server-side apply is left out: untested upstream).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum PatchType {
    /// RFC 7386 JSON merge patch (`application/merge-patch+json`): an object; `null` deletes a key.
    #[default]
    Merge,
    /// RFC 6902 JSON patch (`application/json-patch+json`): an array of operations.
    Json,
    /// Kubernetes strategic merge patch (`application/strategic-merge-patch+json`): an object.
    Strategic,
}

impl PatchType {
    /// The JS name: `merge`, `json`, `strategic`.
    pub fn parse(name: &str) -> Option<PatchType> {
        match name {
            "merge" => Some(PatchType::Merge),
            "json" => Some(PatchType::Json),
            "strategic" => Some(PatchType::Strategic),
            _ => None,
        }
    }
    pub fn content_type(self) -> &'static str {
        match self {
            PatchType::Merge => "application/merge-patch+json",
            PatchType::Json => "application/json-patch+json",
            PatchType::Strategic => "application/strategic-merge-patch+json",
        }
    }
}

/// What a successful answer's body must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// An `ImageTag` (get, create, replace, patch).
    ImageTag,
    /// An `ImageTagList` (list).
    ImageTagList,
    /// A `Status` (delete: the bare `Success` Status of §2.9).
    Status,
}

impl Expect {
    pub fn kind(self) -> &'static str {
        match self {
            Expect::ImageTag => "ImageTag",
            Expect::ImageTagList => "ImageTagList",
            Expect::Status => "Status",
        }
    }
}

/// Options of a list call (`namespace` absent or `""`: all namespaces).
///
/// Know the endpoint's quirks (§2.5): `limit` limits *image streams*, not tags, and the server sends no
/// `continue` token, so a limited list is silently truncated; `fieldSelector` on `metadata.name` never
/// matches anything (only `metadata.namespace` works).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListOptions {
    pub namespace: Option<String>,
    pub label_selector: Option<String>,
    pub field_selector: Option<String>,
    pub limit: Option<u64>,
    pub continue_token: Option<String>,
}

/// One operation, with everything that goes into its request.
#[derive(Clone, Debug, PartialEq)]
pub enum Call<'a> {
    /// `GET [/namespaces/{ns}]/imagetags?labelSelector&fieldSelector&limit&continue`
    List(&'a ListOptions),
    /// `GET /namespaces/{ns}/imagetags/{name}`
    Get { namespace: &'a str, name: &'a str },
    /// `POST /namespaces/{ns}/imagetags[?dryRun=All]` with the ImageTag as JSON.
    Create { namespace: &'a str, body: &'a str, dry_run: bool },
    /// `PUT /namespaces/{ns}/imagetags/{name}[?dryRun=All]` with the ImageTag as JSON.
    Replace { namespace: &'a str, name: &'a str, body: &'a str, dry_run: bool },
    /// `PATCH /namespaces/{ns}/imagetags/{name}[?dryRun=All]`, content type by patch type.
    Patch { namespace: &'a str, name: &'a str, body: &'a str, patch_type: PatchType, dry_run: bool },
    /// `DELETE /namespaces/{ns}/imagetags/{name}[?dryRun=All]`; with `uid`, a `DeleteOptions` body with
    /// `preconditions.uid` (checked against the image stream's uid, §2.9).
    Delete { namespace: &'a str, name: &'a str, dry_run: bool, uid: Option<&'a str> },
}

impl Call<'_> {
    pub fn method(&self) -> Method {
        match self {
            Call::List(_) | Call::Get { .. } => Method::Get,
            Call::Create { .. } => Method::Post,
            Call::Replace { .. } => Method::Put,
            Call::Patch { .. } => Method::Patch,
            Call::Delete { .. } => Method::Delete,
        }
    }
    pub fn expect(&self) -> Expect {
        match self {
            Call::List(_) => Expect::ImageTagList,
            Call::Delete { .. } => Expect::Status,
            _ => Expect::ImageTag,
        }
    }
}

/// A request ready to hand to `fetch`.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub method: Method,
    /// Absolute (or base-relative) URL: the base URL, the encoded path, the query.
    pub url: String,
    /// Header names as sent; the bearer token appears here and nowhere else.
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    pub expect: Expect,
}

impl Request {
    /// The value of a header (names compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    /// `METHOD url` without the base, for messages (`GET /apis/image.openshift.io/v1/imagetags`).
    pub fn describe(&self, base_url: &str) -> String {
        let path = self.url.strip_prefix(base_url.trim_end_matches('/')).unwrap_or(&self.url);
        format!("{} {}", self.method.as_str(), path)
    }
}

/// The client's settings: the `new ImageTagClient(options)` of docs/js-api.md minus `fetch`.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientConfig {
    /// Base URL; the API paths are appended to it (trailing `/` ignored). A path prefix is kept
    /// (`https://console.example/api/kubernetes`).
    pub base_url: String,
    /// Bearer token: sent as `Authorization: Bearer <token>`, never in the URL or in a message.
    pub token: Option<String>,
    /// Extra headers sent with every request (for example the console's `X-CSRFToken`). They cannot
    /// replace `Accept`, `Content-Type`, or `Authorization` when a token is given.
    pub headers: Vec<(String, String)>,
    /// Per-attempt timeout, covering the answer's headers and its whole body; `0` means none.
    pub timeout_ms: u32,
    pub retry: RetryPolicy,
    /// Cap on the bytes of one answer's body: a 2xx answer over it is an error (code `parse`, see
    /// [`response::body_too_large`]); of a longer error answer only this much is read.
    pub max_response_bytes: u64,
}

impl ClientConfig {
    pub fn new(base_url: impl Into<String>) -> ClientConfig {
        ClientConfig {
            base_url: base_url.into(),
            token: None,
            headers: Vec::new(),
            timeout_ms: DEFAULT_TIMEOUT_MS,
            retry: RetryPolicy::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }

    fn base(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }

    /// The collection path: `…/imagetags` or `…/namespaces/{ns}/imagetags`.
    fn collection(&self, namespace: Option<&str>) -> Result<String, Error> {
        match namespace {
            None => Ok(format!("{}{API_PREFIX}/imagetags", self.base())),
            Some(ns) => {
                Ok(format!("{}{API_PREFIX}/namespaces/{}/imagetags", self.base(), encode_segment("namespace", ns)?))
            }
        }
    }

    fn item(&self, namespace: &str, name: &str) -> Result<String, Error> {
        Ok(format!("{}/{}", self.collection(Some(namespace))?, encode_segment("name", name)?))
    }

    /// Builds the request for one operation. Fails (code `name`) only for a namespace or name that
    /// cannot be put in a path (empty, `.`, `..`); everything else the server judges.
    pub fn request(&self, call: &Call) -> Result<Request, Error> {
        let mut query: Vec<(&str, &str)> = Vec::new();
        let mut body = None;
        let mut content_type = None;
        let limit;
        let url = match call {
            Call::List(o) => {
                if let Some(s) = o.label_selector.as_deref().filter(|s| !s.is_empty()) {
                    query.push(("labelSelector", s));
                }
                if let Some(s) = o.field_selector.as_deref().filter(|s| !s.is_empty()) {
                    query.push(("fieldSelector", s));
                }
                if let Some(n) = o.limit.filter(|&n| n > 0) {
                    limit = n.to_string();
                    query.push(("limit", &limit));
                }
                if let Some(s) = o.continue_token.as_deref().filter(|s| !s.is_empty()) {
                    query.push(("continue", s));
                }
                self.collection(o.namespace.as_deref().filter(|ns| !ns.is_empty()))?
            }
            Call::Get { namespace, name } => self.item(namespace, name)?,
            Call::Create { namespace, body: b, .. } => {
                body = Some(b.to_string());
                content_type = Some("application/json");
                self.collection(Some(namespace))?
            }
            Call::Replace { namespace, name, body: b, .. } => {
                body = Some(b.to_string());
                content_type = Some("application/json");
                self.item(namespace, name)?
            }
            Call::Patch { namespace, name, body: b, patch_type, .. } => {
                body = Some(b.to_string());
                content_type = Some(patch_type.content_type());
                self.item(namespace, name)?
            }
            Call::Delete { namespace, name, uid, .. } => {
                if let Some(uid) = uid {
                    body = Some(delete_options_body(uid));
                    content_type = Some("application/json");
                }
                self.item(namespace, name)?
            }
        };
        let dry_run = match call {
            Call::Create { dry_run, .. }
            | Call::Replace { dry_run, .. }
            | Call::Patch { dry_run, .. }
            | Call::Delete { dry_run, .. } => *dry_run,
            _ => false,
        };
        if dry_run {
            query.push(("dryRun", "All"));
        }

        let mut url = url;
        for (i, (k, v)) in query.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(k);
            url.push('=');
            url.push_str(&encode_query_value(v));
        }

        let mut headers: Vec<(String, String)> = Vec::new();
        let reserved = |k: &str| {
            k.eq_ignore_ascii_case("accept")
                || k.eq_ignore_ascii_case("content-type")
                || (self.token.is_some() && k.eq_ignore_ascii_case("authorization"))
        };
        for (k, v) in &self.headers {
            if !reserved(k) {
                headers.push((k.clone(), v.clone()));
            }
        }
        headers.push(("Accept".into(), "application/json".into()));
        if let Some(ct) = content_type {
            headers.push(("Content-Type".into(), ct.into()));
        }
        if let Some(token) = &self.token {
            headers.push(("Authorization".into(), format!("Bearer {token}")));
        }

        Ok(Request { method: call.method(), url, headers, body, expect: call.expect() })
    }
}

/// `DeleteOptions` with a uid precondition (§2.9: only the uid is checked, against the stream's uid).
fn delete_options_body(uid: &str) -> String {
    // Written out rather than with `json!`, which goes through serde_json's serializer into `Value`
    // (src/json/text.rs `to_value`); the same text: keys in order, the uid escaped as JSON.
    format!(
        r#"{{"apiVersion":"v1","kind":"DeleteOptions","preconditions":{{"uid":{}}}}}"#,
        serde_json::Value::from(uid)
    )
}

#[cfg(test)]
mod tests;
