//! What the Kubernetes-facing modules (discovery, tables, OpenAPI, field validation) share: the media
//! ranges of an `Accept` header and the apiserver's `Warning` headers.

use hyper::header::{self, HeaderValue};

use crate::http::Resp;

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
