//! The small response vocabulary of the Kubernetes-facing modules (discovery, tables, OpenAPI, access
//! reviews): plain functions build these answers from request parts, so they are testable without a
//! server.

use bytes::Bytes;
use http_body_util::Full;
use hyper::header::{self, HeaderValue};
use hyper::Response;
use imagetag::Status;
use serde::Serialize;

use crate::errors;

pub type Resp = Response<Full<Bytes>>;

/// A JSON answer with a chosen content type.
pub fn json_as<T: Serialize + ?Sized>(code: u16, content_type: &'static str, v: &T) -> Resp {
    let body = serde_json::to_vec(v).expect("serializes");
    Response::builder()
        .status(code)
        .header(header::CONTENT_TYPE, content_type)
        .body(Full::new(Bytes::from(body)))
        .expect("response")
}

/// A JSON answer.
pub fn json<T: Serialize + ?Sized>(code: u16, v: &T) -> Resp {
    json_as(code, "application/json", v)
}

/// A `Status` answer with the Status's code (and `Retry-After` when it carries one).
pub fn status(s: &Status) -> Resp {
    let mut r = json(errors::code(s), s);
    if let Some(ra) = s.details.get().and_then(|d| d.retry_after_seconds.get()) {
        if *ra > 0 {
            r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(*ra));
        }
    }
    r
}

/// Adds one `Warning: 299 - "<text>"` header per warning, as the apiserver does (RFC 7234 §5.5, the
/// text quoted with `\` before `"` and `\`: k8s.io/apiserver/pkg/endpoints/handlers/responsewriters).
pub fn with_warnings(mut r: Resp, warnings: &[String]) -> Resp {
    for w in warnings {
        let quoted = w.replace('\\', "\\\\").replace('"', "\\\"");
        if let Ok(v) = HeaderValue::from_str(&format!("299 - \"{quoted}\"")) {
            r.headers_mut().append(header::WARNING, v);
        }
    }
    r
}

/// One media range of an `Accept` header: the type, lower-cased, and its parameters (names lower-cased,
/// values unquoted).
pub struct MediaRange {
    pub media_type: String,
    pub params: Vec<(String, String)>,
}

impl MediaRange {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// `application/json`, or a wildcard that admits it.
    pub fn admits_json(&self) -> bool {
        matches!(self.media_type.as_str(), "application/json" | "application/*" | "*/*")
    }
}

/// The media ranges of an `Accept` header, in the client's order.
pub fn media_ranges(accept: &str) -> Vec<MediaRange> {
    accept
        .split(',')
        .filter(|r| !r.trim().is_empty())
        .map(|range| {
            let mut parts = range.split(';').map(str::trim);
            let media_type = parts.next().unwrap_or("").to_ascii_lowercase();
            let params = parts
                .filter_map(|p| p.split_once('='))
                .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().trim_matches('"').to_string()))
                .collect();
            MediaRange { media_type, params }
        })
        .collect()
}
