//! `--upstream URL`: the API forwarded to a cluster. What reaches the cluster is the cluster's credentials,
//! never this server's: `--upstream-token` when given, else the caller's own `Authorization`, but only when
//! this server has no `--token` or `--users` (then the caller's header is this server's token and stays
//! here). Cookies and hop-by-hop headers are not forwarded; paths are normalised and must stay under the API
//! prefixes.

use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::{Request, Response, Uri};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use imagetag::Status;

use crate::config::Config;
use crate::errors;
use crate::http::{full, read_body, status_resp, Resp};

pub type HttpsClient = Client<hyper_rustls::HttpsConnector<HttpConnector>, Full<bytes::Bytes>>;

pub fn https_client() -> HttpsClient {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let builder = hyper_rustls::HttpsConnectorBuilder::new();
    let builder = match builder.with_native_roots() {
        Ok(b) => b,
        Err(_) => hyper_rustls::HttpsConnectorBuilder::new().with_webpki_roots(),
    };
    let https = builder.https_or_http().enable_http1().build();
    Client::builder(TokioExecutor::new()).build(https)
}

/// Paths forwarded to the cluster (and served locally without `--upstream`).
pub fn is_api_path(p: &str) -> bool {
    p == "/apis"
        || p.starts_with("/apis/")
        || p == "/api"
        || p.starts_with("/api/")
        || p == "/version"
        || p.starts_with("/openapi/")
}

/// Not forwarded in either direction: hop-by-hop headers, the caller's credentials (replaced, see the
/// module) and cookies.
const NOT_FORWARDED: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
    "content-length",
    "authorization",
    "cookie",
    "set-cookie",
];

/// The path with `.` and `..` segments (also percent-encoded) resolved; `None` when `..` would climb
/// above the root or a segment hides a separator (`%2f`, `%5c`, a backslash).
pub fn normalize(path: &str) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    for seg in path.split('/').skip(1) {
        let decoded = crate::http::percent_decode(seg);
        if decoded.contains(['/', '\\', '\0']) {
            return None;
        }
        match decoded.as_str() {
            "." => {}
            ".." => {
                out.pop()?;
            }
            _ => out.push(seg),
        }
    }
    Some(format!("/{}", out.join("/")))
}

fn refused(path: &str) -> Resp {
    status_resp(&Status::failure(
        400,
        "BadRequest",
        format!(
            "{path:?} is not forwarded: only normalised paths under /api, /apis, /version and /openapi go upstream"
        ),
        None,
    ))
}

/// Forwards one API request with `client` to `cfg.upstream`.
pub async fn forward(cfg: &Config, client: &HttpsClient, req: Request<Incoming>) -> Resp {
    let base = cfg.upstream.as_deref().unwrap_or("").trim_end_matches('/').to_string();
    let (parts, body) = req.into_parts();
    let raw_path = parts.uri.path();
    let path = match normalize(raw_path) {
        Some(p) if is_api_path(&p) => p,
        _ => return refused(raw_path),
    };
    let query = parts.uri.query().map(|q| format!("?{q}")).unwrap_or_default();
    let uri: Uri = match format!("{base}{path}{query}").parse() {
        Ok(u) => u,
        Err(e) => return status_resp(&errors::internal(format!("bad upstream URL: {e}"))),
    };
    let bytes = match read_body(&parts, body).await {
        Ok(b) => b,
        Err(s) => return status_resp(&s),
    };
    let mut out = Request::builder().method(parts.method.clone()).uri(uri);
    for (k, v) in parts.headers.iter() {
        if !NOT_FORWARDED.contains(&k.as_str()) {
            out = out.header(k, v);
        }
    }
    let own_tokens = cfg.token.is_some() || cfg.users.is_some();
    let credentials = match (&cfg.upstream_token, own_tokens) {
        (Some(t), _) => HeaderValue::from_str(&format!("Bearer {t}")).ok(),
        (None, false) => parts.headers.get(header::AUTHORIZATION).cloned(),
        (None, true) => None,
    };
    if let Some(c) = credentials {
        out = out.header(header::AUTHORIZATION, c);
    }
    let out = match out.body(Full::new(bytes)) {
        Ok(r) => r,
        Err(e) => return status_resp(&errors::internal(e.to_string())),
    };
    let unreachable = |what: &str, e: &dyn std::fmt::Display| {
        status_resp(&Status::failure(502, "ServiceUnavailable", format!("{what}: {e}"), None))
    };
    let resp = match client.request(out).await {
        Ok(r) => r,
        Err(e) => return unreachable("error trying to reach the upstream API server", &e),
    };
    let (rparts, rbody) = resp.into_parts();
    let bytes = match rbody.collect().await {
        Ok(c) => c.to_bytes(),
        Err(e) => return unreachable("error reading the upstream answer", &e),
    };
    let mut r = Response::builder().status(rparts.status);
    for (k, v) in rparts.headers.iter() {
        if !NOT_FORWARDED.contains(&k.as_str()) {
            r = r.header(k, v);
        }
    }
    r.body(full(bytes)).unwrap_or_else(|_| status_resp(&errors::internal("bad upstream answer")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_normalised_and_confined() {
        assert_eq!(normalize("/apis/a/./b").as_deref(), Some("/apis/a/b"));
        assert_eq!(normalize("/apis/a/../b").as_deref(), Some("/apis/b"));
        assert_eq!(normalize("/apis/../../admin/secret"), None);
        assert_eq!(normalize("/apis/%2e%2e/%2E%2E/admin"), None);
        assert_eq!(normalize("/apis/..%2fadmin"), None);
        assert!(!is_api_path(&normalize("/apis/../admin").unwrap()));
        assert_eq!(
            normalize("/apis/x/namespaces/d/imagetags/a%3Ab").as_deref(),
            Some("/apis/x/namespaces/d/imagetags/a%3Ab")
        );
    }
}
