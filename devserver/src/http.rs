//! HTTP plumbing shared by the handlers: the response body type, JSON and `Status` answers, request bodies
//! (content type, size limit, read timeout, JSON syntax) and the query string.

use std::time::Duration;

use bytes::Bytes;
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::http::request::Parts;
use hyper::Response;
use imagetag::Status;
use serde::Serialize;
use serde_json::Value;

use crate::config::{BODY_LIMIT, DEFAULT_READ_TIMEOUT};
use crate::errors;

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;
/// Every answer's body: a whole buffer for the API, a stream for static files.
pub type Body = UnsyncBoxBody<Bytes, BoxError>;
pub type Resp = Response<Body>;

/// The read timeout, carried to the body readers in the request's extensions.
#[derive(Clone, Copy)]
pub struct ReadTimeout(pub Duration);

pub fn full(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into()).map_err(|never| match never {}).boxed_unsync()
}

pub fn bytes_resp(code: u16, content_type: &'static str, bytes: impl Into<Bytes>) -> Resp {
    Response::builder().status(code).header(header::CONTENT_TYPE, content_type).body(full(bytes)).expect("response")
}

pub fn json_resp<T: Serialize + ?Sized>(code: u16, v: &T) -> Resp {
    json_as(code, "application/json", v)
}

/// A JSON answer under another content type (discovery's and tables' `application/json;g=…`).
pub fn json_as<T: Serialize + ?Sized>(code: u16, content_type: &'static str, v: &T) -> Resp {
    bytes_resp(code, content_type, serde_json::to_vec(v).expect("serializes"))
}

pub fn status_resp(s: &Status) -> Resp {
    let mut r = json_resp(errors::code(s), s);
    if let Some(ra) = s.details.get().and_then(|d| d.retry_after_seconds.get()) {
        if *ra > 0 {
            r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(*ra));
        }
    }
    r
}

/// A serialized answer: HTTP code and JSON bytes (serialized from the model types directly, so keys
/// keep the API's order).
pub type Out = (u16, Vec<u8>);

pub fn out<T: Serialize>(code: u16, v: &T) -> Out {
    (code, serde_json::to_vec(v).expect("serializes"))
}

pub fn reply(r: Result<Out, Status>) -> Resp {
    match r {
        Ok((code, bytes)) => bytes_resp(code, "application/json", bytes),
        Err(s) => status_resp(&s),
    }
}

/// The media type of the request body, lowercase, without parameters (`""` when there is none).
pub fn media_type(parts: &Parts) -> String {
    parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
        .unwrap_or_default()
}

/// 415 unless the request declares one of `accepted` (a missing Content-Type is refused too: a cross-site
/// form or `no-cors` request can only send `text/plain`, form types or none, so none of them can write).
pub fn require_media_type(parts: &Parts, accepted: &[&str]) -> Result<String, Status> {
    let mt = media_type(parts);
    if accepted.contains(&mt.as_str()) {
        Ok(mt)
    } else {
        Err(errors::unsupported_media_type(&mt, accepted))
    }
}

pub async fn read_body(parts: &Parts, body: Incoming) -> Result<Bytes, Status> {
    let declared =
        parts.headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > BODY_LIMIT) {
        return Err(errors::too_large(BODY_LIMIT));
    }
    let timeout = parts.extensions.get::<ReadTimeout>().map(|t| t.0).unwrap_or(DEFAULT_READ_TIMEOUT);
    let collected = match tokio::time::timeout(timeout, Limited::new(body, BODY_LIMIT).collect()).await {
        Ok(r) => r,
        Err(_) => return Err(errors::body_timeout(timeout)),
    };
    match collected {
        Ok(c) => Ok(c.to_bytes()),
        Err(e) if e.downcast_ref::<http_body_util::LengthLimitError>().is_some() => Err(errors::too_large(BODY_LIMIT)),
        Err(e) => Err(errors::bad_request(format!("unable to read the request body: {e}"))),
    }
}

pub fn parse_json(bytes: &[u8]) -> Result<Value, Status> {
    serde_json::from_slice(bytes)
        .map_err(|e| errors::bad_request(format!("couldn't get version/kind; json parse error: {e}")))
}

/// A JSON body: `application/json` required, size and syntax checked. `empty_ok`: a blank body is `null`.
pub async fn json_body(parts: &Parts, body: Incoming, empty_ok: bool) -> Result<Value, Status> {
    require_media_type(parts, &["application/json"])?;
    let bytes = read_body(parts, body).await?;
    if empty_ok && bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    parse_json(&bytes)
}

/// Percent-decodes a path segment (invalid UTF-8 becomes U+FFFD; a `%` without two hex digits stays).
pub fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// The decoded query string (`+` is a space), in order, repeated keys kept.
pub struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    pub fn of(parts: &Parts) -> Query {
        Query::of_uri(&parts.uri)
    }
    pub fn of_uri(uri: &hyper::Uri) -> Query {
        let q = uri.query().unwrap_or("");
        Query { pairs: form_urlencoded::parse(q.as_bytes()).into_owned().collect() }
    }
    pub fn get(&self, k: &str) -> Option<&str> {
        self.pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str())
    }
    /// `dryRun`: absent, or `All` (repeated as often as the client likes, as the apiserver accepts).
    pub fn dry_run(&self) -> Result<bool, Status> {
        let mut any = false;
        for (_, v) in self.pairs.iter().filter(|(k, _)| k == "dryRun") {
            if v != "All" {
                return Err(errors::bad_request(format!(
                    "dryRun: Unsupported value: \"{v}\": supported values: \"All\""
                )));
            }
            any = true;
        }
        Ok(any)
    }
    pub fn watch(&self) -> bool {
        matches!(self.get("watch"), Some("true") | Some("1"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(q: &str) -> Query {
        let (parts, _) = hyper::Request::builder().uri(format!("/x?{q}")).body(()).unwrap().into_parts();
        Query::of(&parts)
    }

    #[test]
    fn decoding() {
        assert_eq!(percent_decode("app%3Alatest"), "app:latest");
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%2e%2E"), "..");
        assert_eq!(query("a=b+c&d=%41").get("a"), Some("b c"));
        assert!(query("dryRun=All&dryRun=All").dry_run().unwrap());
        assert!(!query("x=1").dry_run().unwrap());
        assert!(query("dryRun=All&dryRun=None").dry_run().is_err());
    }
}
