//! The HTTP server: the accept loop (raw hyper, because the `drop` fault needs the socket), the checks
//! every request passes (Host, CORS, `nosniff`, who may do what), and the routing table. With `--tls-cert`
//! the same connections are served over TLS.
//!
//! Routes are declared in two places only: [`route`] below splits the URL space into areas (the API, the
//! simulator, `/healthz`, static files) and runs what every API request needs (authentication and
//! authorization, faults, `--upstream`); `api::route` matches the API's own paths.

use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request};
use hyper_util::rt::{TokioIo, TokioTimer};
use imagetag::Status;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use tower_http::cors::{AllowHeaders, AllowOrigin, CorsLayer};
use tower_layer::Layer;
use tower_service::Service;

use crate::app::App;
use crate::config::Config;
use crate::http::{bytes_resp, percent_decode, status_resp, Query, ReadTimeout, Resp};
use crate::refused::WithStatusBodies;
use crate::upstream::is_api_path;
use crate::www::Www;
use crate::{api, auth, errors, simulator, tls, upstream};

/// Returned by the service to make hyper drop the connection without an answer (the `drop` fault).
#[derive(Debug)]
pub struct Dropped;
impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("connection dropped by a simulated fault")
    }
}
impl std::error::Error for Dropped {}

/// Everything a connection needs.
struct Server {
    app: Arc<App>,
    www: Www,
    cors: Option<CorsLayer>,
    /// `--tls-cert`/`--tls-key`: every connection starts with a TLS handshake.
    tls: Option<TlsAcceptor>,
}

fn cors_layer(origin: &str) -> CorsLayer {
    let allow_origin = if origin == "*" {
        AllowOrigin::any()
    } else {
        AllowOrigin::exact(HeaderValue::from_str(origin).unwrap_or(HeaderValue::from_static("null")))
    };
    CorsLayer::new()
        .allow_origin(allow_origin)
        .allow_methods([
            Method::GET,
            Method::HEAD,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers(AllowHeaders::mirror_request())
        .expose_headers([header::RETRY_AFTER, header::CONTENT_TYPE])
        .max_age(Duration::from_secs(600))
}

/// Binds, prints `listening on http://ADDR` (`https://` with TLS) as the first line of standard output,
/// and serves forever.
pub async fn run(cfg: Config) -> Result<(), String> {
    let tls = cfg.tls()?.map(|(cert, key)| tls::acceptor(cert, key)).transpose()?;
    let app = App::new(cfg)?;
    let listener =
        TcpListener::bind(&app.cfg.listen).await.map_err(|e| format!("cannot listen on {}: {e}", app.cfg.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "listening on {}://{addr}", if tls.is_some() { "https" } else { "http" });
        let _ = out.flush();
    }
    let cfg = &app.cfg;
    eprintln!(
        "imagetag-devserver: serving {} at /{}{}{}",
        cfg.www.display(),
        cfg.data.as_ref().map(|d| format!(", data in {}", d.display())).unwrap_or_else(|| ", state in memory".into()),
        cfg.upstream.as_ref().map(|u| format!(", forwarding the API to {u}")).unwrap_or_default(),
        if app.auth.enabled() { ", bearer token required" } else { "" },
    );
    let server = Arc::new(Server {
        www: Www::new(&cfg.www),
        cors: cfg.cors_origin.as_deref().map(cors_layer),
        tls,
        app: Arc::new(app),
    });
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(c) => c,
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        tokio::spawn(serve_connection(server.clone(), stream));
    }
}

async fn serve_connection(server: Arc<Server>, stream: tokio::net::TcpStream) {
    let tls = server.tls.clone();
    // A second handle on the socket lets the `drop` fault end the connection with a few bytes of a
    // status line and no answer: deterministic for clients, whereas a silent close before any byte
    // makes browsers resend the request on their own (even a POST on a reused connection).
    let Some((stream, twin)) = split_twin(stream) else { return };
    let dropped = Arc::new(AtomicBool::new(false));
    let flag = dropped.clone();
    let read_timeout = server.app.cfg.read_timeout;
    let svc = service_fn(move |mut req: Request<Incoming>| {
        let (server, flag) = (server.clone(), flag.clone());
        req.extensions_mut().insert(ReadTimeout(read_timeout));
        async move {
            let r = handle(&server, req).await;
            if r.is_err() {
                flag.store(true, Ordering::SeqCst);
            }
            r
        }
    });
    // half_close: a client that shuts down its side after the request (`nc -N`) still gets the
    // answer, instead of a connection closed under a request being handled.
    let mut http = http1::Builder::new();
    http.half_close(true).timer(TokioTimer::new()).header_read_timeout(read_timeout);
    // The parser's refusals get Status bodies (and `nosniff`) on either kind of connection: the wrapper
    // sees the plain HTTP bytes, inside TLS.
    fn plain<S: AsyncRead + AsyncWrite + Unpin>(s: S) -> TokioIo<WithStatusBodies<S>> {
        TokioIo::new(WithStatusBodies::new(s))
    }
    match &tls {
        // The handshake, too, must end within the read timeout.
        Some(acceptor) => match tokio::time::timeout(read_timeout, acceptor.accept(stream)).await {
            Ok(Ok(tls_stream)) => {
                let _ = http.serve_connection(plain(tls_stream), svc).await;
            }
            _ => return,
        },
        None => {
            let _ = http.serve_connection(plain(stream), svc).await;
        }
    }
    // Under TLS these bytes break the TLS stream instead: the client sees a failed connection all the same.
    if dropped.load(Ordering::SeqCst) {
        use std::io::Write;
        let _ = twin.set_nonblocking(false);
        let _ = (&twin).write_all(b"HTTP/1.1 5");
        let _ = twin.shutdown(std::net::Shutdown::Both);
    }
}

/// The accepted socket for hyper, and a duplicate handle of it for the `drop` fault.
fn split_twin(stream: tokio::net::TcpStream) -> Option<(tokio::net::TcpStream, std::net::TcpStream)> {
    let std = stream.into_std().ok()?;
    let twin = std.try_clone().ok()?;
    Some((tokio::net::TcpStream::from_std(std).ok()?, twin))
}

/// The host name of a Host header or an absolute URI's authority (without port or IPv6 brackets).
fn host_name(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    host.rsplit_once(':').map(|(h, _)| h).unwrap_or(host)
}

/// DNS rebinding: a page from another site can make its own name resolve to this machine, but its
/// requests still carry that name. Only IP addresses, `localhost` (and `*.localhost`) and the names
/// given with `--allowed-host` are accepted.
pub fn host_allowed(host: &str, allowed: &[String]) -> bool {
    let name = host_name(host).trim_end_matches('.').to_ascii_lowercase();
    name.parse::<IpAddr>().is_ok()
        || name == "localhost"
        || name.ends_with(".localhost")
        || allowed.iter().any(|a| a.eq_ignore_ascii_case(&name))
}

async fn handle(server: &Arc<Server>, req: Request<Incoming>) -> Result<Resp, Dropped> {
    let hosts =
        [req.headers().get(header::HOST).and_then(|h| h.to_str().ok()), req.uri().authority().map(|a| a.as_str())];
    let refused = hosts.into_iter().flatten().find(|h| !host_allowed(h, &server.app.cfg.allowed_hosts));
    let mut resp = if let Some(h) = refused {
        status_resp(&errors::host_not_allowed(h))
    } else {
        match &server.cors {
            Some(cors) => {
                let preflight = req.method() == Method::OPTIONS;
                let mut svc = cors.layer(Routes(server.clone()));
                std::future::poll_fn(|cx| svc.poll_ready(cx)).await?;
                let mut r = svc.call(req).await?;
                // A preflight has no content: 204, as before tower-http answered it.
                if preflight && r.status() == hyper::StatusCode::OK {
                    *r.status_mut() = hyper::StatusCode::NO_CONTENT;
                }
                // The exposed names as the API spells them (tower-http writes them in lowercase).
                if let Some(h) = r.headers_mut().get_mut(header::ACCESS_CONTROL_EXPOSE_HEADERS) {
                    *h = HeaderValue::from_static("Retry-After, Content-Type");
                }
                r
            }
            None => route(server, req).await?,
        }
    };
    resp.headers_mut().insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    Ok(resp)
}

/// [`route`] as a tower service, for the CORS layer.
#[derive(Clone)]
struct Routes(Arc<Server>);

impl Service<Request<Incoming>> for Routes {
    type Response = Resp;
    type Error = Dropped;
    type Future = Pin<Box<dyn Future<Output = Result<Resp, Dropped>> + Send>>;
    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Dropped>> {
        Poll::Ready(Ok(()))
    }
    fn call(&mut self, req: Request<Incoming>) -> Self::Future {
        let server = self.0.clone();
        Box::pin(async move { route(&server, req).await })
    }
}

/// The routing table: which area a path belongs to, and what every API request goes through.
async fn route(server: &Arc<Server>, mut req: Request<Incoming>) -> Result<Resp, Dropped> {
    let app = &server.app;
    let path = req.uri().path().to_string();
    let method = req.method().clone();
    let api = is_api_path(&path);
    let simulator = path == "/simulator" || path.starts_with("/simulator/");
    // `--token`/`--users`: callers of the API and the simulator are authenticated (401) and authorized
    // (403); the handlers find the `auth::User` in the request's extensions.
    if api || simulator {
        let segs: Vec<String> = path.split('/').skip(1).map(percent_decode).collect();
        let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
        let watch = Query::of_uri(req.uri()).watch();
        match auth::guard(&app.auth, &method, &path, &segs, watch, req.headers()) {
            Ok(user) => {
                req.extensions_mut().insert(user);
            }
            Err(s) => return Ok(status_resp(&s)),
        }
    }
    if api {
        let fault = app.faults.lock().unwrap().take(method.as_str(), &path);
        let mut race = false;
        if let Some(f) = fault {
            match f.type_.as_str() {
                "status" => return Ok(status_resp(&f.status(method.as_str(), &percent_decode(&path)))),
                "delay" => tokio::time::sleep(Duration::from_millis(f.delay_ms.unwrap_or(0))).await,
                "drop" => return Err(Dropped),
                _ => race = true,
            }
        }
        if let Some(client) = &app.client {
            return Ok(upstream::forward(&app.cfg, client, req).await);
        }
        return Ok(api::route(app, req, race).await);
    }
    if simulator {
        if app.client.is_some() {
            return Ok(status_resp(&Status::failure(
                404,
                "NotFound",
                "the simulator is not available with --upstream",
                None,
            )));
        }
        return Ok(simulator::route(app, req).await);
    }
    if path == "/healthz" {
        return Ok(bytes_resp(200, "text/plain", "ok"));
    }
    Ok(server.www.serve(&req).await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        let extra = vec!["devbox.example".to_string()];
        for ok in [
            "127.0.0.1:8080",
            "localhost:1",
            "LOCALHOST",
            "[::1]:80",
            "app.localhost",
            "10.0.0.2",
            "devbox.example:8080",
        ] {
            assert!(host_allowed(ok, &extra), "{ok}");
        }
        for bad in ["evil.example", "evil.example:8080", "localhost.evil.example", "127.0.0.1.nip.io", ""] {
            assert!(!host_allowed(bad, &extra), "{bad}");
        }
    }
}
