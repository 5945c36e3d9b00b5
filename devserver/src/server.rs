//! The HTTP layer: thin routing and encoding over the pure store. One origin serves the imagetags API
//! (or forwards it with `--upstream`), the `/simulator/v1/` endpoints and the static `--www` directory.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{self, HeaderMap, HeaderValue};
use hyper::http::request::Parts;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, Uri};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use imagetag::model::ImageTag;
use imagetag::reference::{split_image_tag_name, split_post_name};
use imagetag::Status;
use serde::Serialize;
use serde_json::{json, Value};
use tokio::net::TcpListener;

use crate::errors;
use crate::patch::{self, PatchType};
use crate::persist;
use crate::seed;
use crate::sim::{self, Faults};
use crate::store::{ListQuery, State, WriteOptions};
use crate::time;

/// Request bodies larger than this get 413 (the Kubernetes API server's limit).
pub const BODY_LIMIT: usize = 3 * 1024 * 1024;

/// Default of `--read-timeout`: the time a client has to send a request's headers (also how long an
/// idle connection is kept), and again its whole body.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// When the simulated import controller runs after a write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Imports {
    /// Right after the write, before the response is sent (the response shows the pending state).
    Immediate,
    /// In the background, this many milliseconds after the write.
    Delay(u64),
    /// Only through `POST /simulator/v1/import`.
    Manual,
}

#[derive(Clone, Debug)]
pub struct Config {
    pub listen: String,
    pub data: Option<PathBuf>,
    /// `demo` or `empty`; `None` = the default (demo in memory, empty for a new data file).
    pub seed: Option<String>,
    pub www: PathBuf,
    pub token: Option<String>,
    pub cors_origin: Option<String>,
    pub upstream: Option<String>,
    pub imports: Imports,
    /// Headers (and idle keep-alive) must arrive within this, and the whole body within it again: a
    /// client that trickles bytes (slowloris) or stops sending is cut off instead of holding a connection.
    pub read_timeout: Duration,
}

/// The read timeout, carried to the body readers in the request's extensions.
#[derive(Clone, Copy)]
struct ReadTimeout(Duration);

type Resp = Response<Full<Bytes>>;
type HttpsClient = Client<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>;

pub struct App {
    cfg: Config,
    state: Mutex<State>,
    faults: Mutex<Faults>,
    client: Option<HttpsClient>,
}

/// Returned by the service to make hyper drop the connection without an answer (the `drop` fault).
#[derive(Debug)]
struct Dropped;
impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("connection dropped by a simulated fault")
    }
}
impl std::error::Error for Dropped {}

fn fresh_seed() -> u64 {
    let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    (t as u64) ^ ((std::process::id() as u64) << 32)
}

fn seeded(name: &str) -> Result<State, String> {
    match name {
        "demo" => Ok(seed::demo()),
        "empty" => Ok(seed::empty(fresh_seed())),
        other => Err(format!("unknown seed {other:?}: use demo or empty")),
    }
}

/// The state to start with: the data file if it exists, else the seed.
pub fn initial_state(cfg: &Config) -> Result<State, String> {
    match &cfg.data {
        Some(path) => match persist::load(path).inspect(|_| persist::remove_stale_temporaries(path))? {
            Some(st) => Ok(st),
            None => {
                let st = seeded(cfg.seed.as_deref().unwrap_or("empty"))?;
                persist::save(path, &st).map_err(|e| format!("cannot write data file {}: {e}", path.display()))?;
                Ok(st)
            }
        },
        None => seeded(cfg.seed.as_deref().unwrap_or("demo")),
    }
}

fn https_client() -> HttpsClient {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let builder = hyper_rustls::HttpsConnectorBuilder::new();
    let builder = match builder.with_native_roots() {
        Ok(b) => b,
        Err(_) => hyper_rustls::HttpsConnectorBuilder::new().with_webpki_roots(),
    };
    let https = builder.https_or_http().enable_http1().build();
    Client::builder(TokioExecutor::new()).build(https)
}

/// Binds, prints `listening on http://ADDR` as the first line of standard output, and serves forever.
pub async fn run(cfg: Config) -> Result<(), String> {
    let state = initial_state(&cfg)?;
    let listener = TcpListener::bind(&cfg.listen).await.map_err(|e| format!("cannot listen on {}: {e}", cfg.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "listening on http://{addr}");
        let _ = out.flush();
    }
    eprintln!(
        "imagetag-devserver: serving {} at /{}{}{}",
        cfg.www.display(),
        cfg.data.as_ref().map(|d| format!(", data in {}", d.display())).unwrap_or_else(|| ", state in memory".into()),
        cfg.upstream.as_ref().map(|u| format!(", forwarding the API to {u}")).unwrap_or_default(),
        if cfg.token.is_some() { ", bearer token required" } else { "" },
    );
    let client = cfg.upstream.as_ref().map(|_| https_client());
    let app = Arc::new(App { cfg, state: Mutex::new(state), faults: Mutex::new(Faults::default()), client });
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(c) => c,
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let app = app.clone();
        tokio::spawn(async move {
            // A second handle on the socket lets the `drop` fault end the connection with a few bytes of a
            // status line and no answer: deterministic for clients, whereas a silent close before any byte
            // makes browsers resend the request on their own (even a POST on a reused connection).
            let (stream, twin) = match split_twin(stream) {
                Some(pair) => pair,
                None => return,
            };
            let dropped = Arc::new(std::sync::atomic::AtomicBool::new(false));
            let flag = dropped.clone();
            let read_timeout = app.cfg.read_timeout;
            let svc = service_fn(move |mut req: Request<Incoming>| {
                let (app, flag) = (app.clone(), flag.clone());
                req.extensions_mut().insert(ReadTimeout(read_timeout));
                async move {
                    let r = handle(app, req).await;
                    if r.is_err() {
                        flag.store(true, std::sync::atomic::Ordering::SeqCst);
                    }
                    r
                }
            });
            // half_close: a client that shuts down its side after the request (`nc -N`) still gets the
            // answer, instead of a connection closed under a request being handled.
            let _ = http1::Builder::new()
                .half_close(true)
                .timer(TokioTimer::new())
                .header_read_timeout(read_timeout)
                .serve_connection(TokioIo::new(stream), svc)
                .await;
            if dropped.load(std::sync::atomic::Ordering::SeqCst) {
                use std::io::Write;
                let _ = twin.set_nonblocking(false);
                let _ = (&twin).write_all(b"HTTP/1.1 5");
                let _ = twin.shutdown(std::net::Shutdown::Both);
            }
        });
    }
}

/// The accepted socket for hyper, and a duplicate handle of it for the `drop` fault.
fn split_twin(stream: tokio::net::TcpStream) -> Option<(tokio::net::TcpStream, std::net::TcpStream)> {
    let std = stream.into_std().ok()?;
    let twin = std.try_clone().ok()?;
    Some((tokio::net::TcpStream::from_std(std).ok()?, twin))
}

// ---------------------------------------------------------------------------------------------------
// Responses

fn json_resp<T: Serialize>(code: u16, v: &T) -> Resp {
    let body = serde_json::to_vec(v).expect("serializes");
    Response::builder()
        .status(code)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Full::new(Bytes::from(body)))
        .expect("response")
}

fn status_resp(s: &Status) -> Resp {
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
type Out = (u16, Vec<u8>);

fn out<T: Serialize>(code: u16, v: &T) -> Out {
    (code, serde_json::to_vec(v).expect("serializes"))
}

fn reply(r: Result<Out, Status>) -> Resp {
    match r {
        Ok((code, bytes)) => Response::builder()
            .status(code)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Full::new(Bytes::from(bytes)))
            .expect("response"),
        Err(s) => status_resp(&s),
    }
}

// ---------------------------------------------------------------------------------------------------
// Entry and cross-cutting concerns: CORS, auth, faults

async fn handle(app: Arc<App>, req: Request<Incoming>) -> Result<Resp, Dropped> {
    let mut resp = route(&app, req).await?;
    if let Some(origin) = &app.cfg.cors_origin {
        let h = resp.headers_mut();
        if let Ok(v) = HeaderValue::from_str(origin) {
            h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
        }
        h.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static("Retry-After, Content-Type"));
        h.append(header::VARY, HeaderValue::from_static("Origin"));
    }
    Ok(resp)
}

fn preflight(headers: &HeaderMap) -> Resp {
    let allow_headers = headers
        .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .cloned()
        .unwrap_or_else(|| HeaderValue::from_static("Authorization, Content-Type, Accept"));
    Response::builder()
        .status(204)
        .header(header::ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS")
        .header(header::ACCESS_CONTROL_ALLOW_HEADERS, allow_headers)
        .header(header::ACCESS_CONTROL_MAX_AGE, "600")
        .body(Full::new(Bytes::new()))
        .expect("response")
}

fn is_api_path(p: &str) -> bool {
    p == "/apis"
        || p.starts_with("/apis/")
        || p == "/api"
        || p.starts_with("/api/")
        || p == "/version"
        || p.starts_with("/openapi/")
}

async fn route(app: &Arc<App>, req: Request<Incoming>) -> Result<Resp, Dropped> {
    let path = req.uri().path().to_string();
    let method = req.method().clone();
    if method == Method::OPTIONS && app.cfg.cors_origin.is_some() {
        return Ok(preflight(req.headers()));
    }
    let api = is_api_path(&path);
    let simulator = path == "/simulator" || path.starts_with("/simulator/");
    if (api || simulator) && app.cfg.token.is_some() {
        let want = format!("Bearer {}", app.cfg.token.as_deref().unwrap_or(""));
        let got = req.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or("");
        if got != want {
            return Ok(status_resp(&errors::unauthorized()));
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
        if app.client.is_some() {
            return Ok(forward(app, req).await);
        }
        return Ok(api_request(app, req, race).await);
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
        return Ok(simulator_request(app, req).await);
    }
    if path == "/healthz" {
        return Ok(Response::builder()
            .header(header::CONTENT_TYPE, "text/plain")
            .body(Full::new(Bytes::from_static(b"ok")))
            .expect("response"));
    }
    Ok(serve_static(&app.cfg.www, &method, &path).await)
}

// ---------------------------------------------------------------------------------------------------
// Request bodies

fn media_type(parts: &Parts) -> String {
    parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
        .unwrap_or_default()
}

async fn read_body(parts: &Parts, body: Incoming) -> Result<Bytes, Status> {
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

fn parse_json(bytes: &[u8]) -> Result<Value, Status> {
    serde_json::from_slice(bytes)
        .map_err(|e| errors::bad_request(format!("couldn't get version/kind; json parse error: {e}")))
}

fn parse_image_tag(v: &Value) -> Result<ImageTag, Status> {
    if !v.is_object() {
        return Err(errors::bad_request("couldn't get version/kind; json parse error: the body is not a JSON object"));
    }
    ImageTag::from_value(v).map_err(|e| {
        let path = e.path.clone().unwrap_or_default();
        let at = if path.is_empty() { String::new() } else { format!("{path}: ") };
        errors::bad_request(format!("ImageTag in version \"v1\" cannot be handled as a ImageTag: {at}{}", e.message))
    })
}

/// A JSON body of POST/PUT (and the simulator): content type, size and syntax checked.
/// The write options of a POST or PUT (already decoded from the query, or the query's error) and the
/// ImageTag of its body.
async fn write_request(
    options: Result<WriteOptions, Status>,
    parts: &Parts,
    body: Incoming,
) -> Result<(WriteOptions, ImageTag), Status> {
    let o = options?;
    let tag = json_body(parts, body).await.and_then(|v| parse_image_tag(&v))?;
    Ok((o, tag))
}

async fn json_body(parts: &Parts, body: Incoming) -> Result<Value, Status> {
    let mt = media_type(parts);
    if !(mt.is_empty() || mt == "application/json") {
        return Err(errors::unsupported_media_type(&mt, &["application/json"]));
    }
    let bytes = read_body(parts, body).await?;
    parse_json(&bytes)
}

// ---------------------------------------------------------------------------------------------------
// The imagetags API

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit() {
            let hex = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
            out.push(hex(b[i + 1]) * 16 + hex(b[i + 2]));
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn query_pairs(uri: &Uri) -> Vec<(String, String)> {
    uri.query()
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(&k.replace('+', " ")), percent_decode(&v.replace('+', " ")))
        })
        .collect()
}

struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    fn get(&self, k: &str) -> Option<&str> {
        self.pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str())
    }
    fn dry_run(&self) -> Result<bool, Status> {
        match self.pairs.iter().filter(|(k, _)| k == "dryRun").map(|(_, v)| v.as_str()).collect::<Vec<_>>()[..] {
            [] => Ok(false),
            ["All"] => Ok(true),
            [v, ..] => {
                Err(errors::bad_request(format!("dryRun: Unsupported value: \"{v}\": supported values: \"All\"")))
            }
        }
    }
    fn watch(&self) -> bool {
        matches!(self.get("watch"), Some("true") | Some("1"))
    }
}

/// Runs a read under the lock on a blocking thread.
async fn read<F>(app: &Arc<App>, f: F) -> Resp
where
    F: FnOnce(&State) -> Result<Out, Status> + Send + 'static,
{
    let app = app.clone();
    let r = tokio::task::spawn_blocking(move || f(&app.state.lock().unwrap()))
        .await
        .unwrap_or_else(|e| Err(errors::internal(format!("internal error: {e}"))));
    reply(r)
}

/// Runs a write: under the lock, on a copy for `dryRun=All`; then the import controller for the stream
/// that was written, then persistence. The response leaves only after the data is on disk.
async fn write<F>(app: &Arc<App>, dry_run: bool, target: Option<(String, String)>, f: F) -> Resp
where
    F: FnOnce(&mut State, i64) -> Result<Out, Status> + Send + 'static,
{
    let app2 = app.clone();
    let target2 = target.clone();
    let r = tokio::task::spawn_blocking(move || {
        let now = time::now_secs();
        let mut st = app2.state.lock().unwrap();
        if dry_run {
            let mut copy = st.clone();
            return f(&mut copy, now);
        }
        // What to go back to when the change cannot be stored.
        let before = app2.cfg.data.is_some().then(|| st.clone());
        let res = f(&mut st, now);
        if res.is_ok() && app2.cfg.imports == Imports::Immediate {
            if let Some((ns, stream)) = &target2 {
                st.run_imports(Some(ns), Some(stream), false, now);
            }
        }
        app2.persist(&mut st, before)?;
        res
    })
    .await
    .unwrap_or_else(|e| Err(errors::internal(format!("internal error: {e}"))));
    if let (true, Imports::Delay(ms), Some((ns, stream))) = (r.is_ok() && !dry_run, app.cfg.imports, target) {
        let app = app.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            let _ = tokio::task::spawn_blocking(move || {
                let mut st = app.state.lock().unwrap();
                let before = app.cfg.data.is_some().then(|| st.clone());
                st.run_imports(Some(&ns), Some(&stream), false, time::now_secs());
                let _ = app.persist(&mut st, before);
            })
            .await;
        });
    }
    reply(r)
}

impl App {
    /// Saves a changed state; on failure the state goes back to `before` (the state as it was before
    /// this write, which is what the file holds) and the write fails with a 500, so an answer that was
    /// not a success never shows up later.
    fn persist(&self, st: &mut State, before: Option<State>) -> Result<(), Status> {
        if !st.dirty {
            return Ok(());
        }
        if let Some(path) = &self.cfg.data {
            if let Err(e) = persist::save(path, st) {
                match before {
                    Some(old) => *st = old,
                    None => {
                        if let Ok(Some(old)) = persist::load(path) {
                            *st = old;
                        }
                    }
                }
                return Err(errors::internal(format!("the change could not be stored: {e}")));
            }
        }
        st.dirty = false;
        Ok(())
    }
}

fn discovery() -> Value {
    json!({
        "kind": "APIResourceList",
        "apiVersion": "v1",
        "groupVersion": "image.openshift.io/v1",
        "resources": [{
            "name": "imagetags",
            "singularName": "imagetag",
            "namespaced": true,
            "kind": "ImageTag",
            "verbs": ["create", "delete", "get", "list", "patch", "update"],
            "shortNames": ["itag"]
        }]
    })
}

async fn api_request(app: &Arc<App>, req: Request<Incoming>, race: bool) -> Resp {
    let (parts, body) = req.into_parts();
    let segs: Vec<String> = parts.uri.path().split('/').skip(1).map(percent_decode).collect();
    let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
    let q = Query { pairs: query_pairs(&parts.uri) };
    let method = parts.method.clone();
    let opts = |q: &Query| -> Result<WriteOptions, Status> { Ok(WriteOptions { dry_run: q.dry_run()?, race }) };
    match segs[..] {
        ["apis", "image.openshift.io", "v1"] if method == Method::GET => json_resp(200, &discovery()),
        ["apis", "image.openshift.io", "v1", "imagetags"] => match method {
            Method::GET => list(app, None, &q).await,
            _ => status_resp(&errors::method_not_allowed()),
        },
        ["apis", "image.openshift.io", "v1", "namespaces", ns, "imagetags"] if !ns.is_empty() => {
            let ns = ns.to_string();
            match method {
                Method::GET => list(app, Some(ns), &q).await,
                Method::POST => {
                    let (o, tag) = match write_request(opts(&q), &parts, body).await {
                        Ok(r) => r,
                        Err(s) => return status_resp(&s),
                    };
                    let target = tag.name().contains(':').then(|| (ns.clone(), split_post_name(tag.name()).0));
                    write(app, o.dry_run, target, move |st, now| st.create(&ns, tag, now, o).map(|t| out(201, &t)))
                        .await
                }
                _ => status_resp(&errors::method_not_allowed()),
            }
        }
        ["apis", "image.openshift.io", "v1", "namespaces", ns, "imagetags", name]
            if !ns.is_empty() && !name.is_empty() =>
        {
            let (ns, name) = (ns.to_string(), name.to_string());
            if method == Method::GET && q.watch() {
                return status_resp(&errors::watch_not_supported());
            }
            let target = split_image_tag_name(&name).ok().map(|(s, _)| (ns.clone(), s.to_string()));
            match method {
                Method::GET => read(app, move |st| st.get(&ns, &name).map(|t| out(200, &t))).await,
                Method::PUT => {
                    let (o, tag) = match write_request(opts(&q), &parts, body).await {
                        Ok(r) => r,
                        Err(s) => return status_resp(&s),
                    };
                    write(app, o.dry_run, target, move |st, now| {
                        st.update(&ns, &name, tag, now, o).map(|(c, t)| out(c, &t))
                    })
                    .await
                }
                Method::PATCH => {
                    let o = match opts(&q) {
                        Ok(o) => o,
                        Err(s) => return status_resp(&s),
                    };
                    let mt = media_type(&parts);
                    let Some(kind) = PatchType::from_content_type(&mt) else {
                        let s = if mt.starts_with("application/apply-patch") {
                            Status::failure(
                                415,
                                "UnsupportedMediaType",
                                "server-side apply (application/apply-patch+yaml) is not supported for imagetags by imagetag-devserver: use application/json-patch+json, application/merge-patch+json or application/strategic-merge-patch+json",
                                None,
                            )
                        } else {
                            errors::unsupported_media_type(
                                &mt,
                                &[
                                    "application/json-patch+json",
                                    "application/merge-patch+json",
                                    "application/strategic-merge-patch+json",
                                ],
                            )
                        };
                        return status_resp(&s);
                    };
                    let patch_doc = match read_body(&parts, body).await.and_then(|b| parse_json(&b)) {
                        Ok(v) => v,
                        Err(s) => return status_resp(&s),
                    };
                    write(app, o.dry_run, target, move |st, now| {
                        let base = st.patch_base(&ns, &name)?;
                        let patched = patch::apply(kind, &base, &patch_doc).map_err(|e| {
                            Status::failure(
                                422,
                                "Invalid",
                                format!("the server rejected our request due to an error in our request: {e}"),
                                None,
                            )
                        })?;
                        let tag = parse_image_tag(&patched)?;
                        st.update(&ns, &name, tag, now, o).map(|(c, t)| out(c, &t))
                    })
                    .await
                }
                Method::DELETE => {
                    let o = match opts(&q) {
                        Ok(o) => o,
                        Err(s) => return status_resp(&s),
                    };
                    let bytes = match read_body(&parts, body).await {
                        Ok(b) => b,
                        Err(s) => return status_resp(&s),
                    };
                    let options = if bytes.iter().all(u8::is_ascii_whitespace) {
                        None
                    } else {
                        match parse_json(&bytes) {
                            Ok(v) => Some(v),
                            Err(s) => return status_resp(&s),
                        }
                    };
                    write(app, o.dry_run, None, move |st, _| {
                        st.delete(&ns, &name, options.as_ref(), o).map(|s| out(200, &s))
                    })
                    .await
                }
                _ => status_resp(&errors::method_not_allowed()),
            }
        }
        _ => status_resp(&errors::path_not_found()),
    }
}

async fn list(app: &Arc<App>, ns: Option<String>, q: &Query) -> Resp {
    if q.watch() {
        return status_resp(&errors::watch_not_supported());
    }
    let lq = ListQuery {
        label_selector: q.get("labelSelector").map(str::to_string),
        field_selector: q.get("fieldSelector").map(str::to_string),
        limit: q.get("limit").and_then(|l| l.parse().ok()),
    };
    read(app, move |st| st.list(ns.as_deref(), &lq).map(|l| out(200, &l))).await
}

// ---------------------------------------------------------------------------------------------------
// The simulator

async fn simulator_request(app: &Arc<App>, req: Request<Incoming>) -> Resp {
    let (parts, body) = req.into_parts();
    let path = parts.uri.path().trim_end_matches('/').to_string();
    let method = parts.method.clone();
    let body_value = |v: Result<Value, Status>| v;
    match (method.clone(), path.as_str()) {
        (Method::GET, "/simulator/v1") => json_resp(
            200,
            &json!({
                "endpoints": [
                    "GET /simulator/v1/registry", "POST /simulator/v1/registry/publish", "POST /simulator/v1/push",
                    "POST /simulator/v1/import", "POST /simulator/v1/reset",
                    "GET /simulator/v1/faults", "POST /simulator/v1/faults", "DELETE /simulator/v1/faults"
                ]
            }),
        ),
        (Method::GET, "/simulator/v1/registry") => read(app, |st| Ok(out(200, &sim::registry_listing(st)))).await,
        (Method::GET, "/simulator/v1/faults") => json_resp(200, &app.faults.lock().unwrap().listing()),
        (Method::DELETE, "/simulator/v1/faults") => {
            app.faults.lock().unwrap().queue.clear();
            json_resp(200, &app.faults.lock().unwrap().listing())
        }
        (Method::POST, p) => {
            let v = if p == "/simulator/v1/import" || p == "/simulator/v1/reset" {
                // An empty body is allowed here.
                match read_body(&parts, body).await {
                    Ok(b) if b.iter().all(u8::is_ascii_whitespace) => Ok(Value::Null),
                    Ok(b) => parse_json(&b),
                    Err(s) => Err(s),
                }
            } else {
                body_value(json_body(&parts, body).await)
            };
            let v = match v {
                Ok(v) => v,
                Err(s) => return status_resp(&s),
            };
            match p {
                "/simulator/v1/registry/publish" => {
                    write(app, false, None, move |st, _| sim::publish(st, &v).map(|r| out(200, &r))).await
                }
                "/simulator/v1/push" => {
                    write(app, false, None, move |st, now| sim::push(st, &v, now).map(|r| out(201, &r))).await
                }
                "/simulator/v1/import" => {
                    write(app, false, None, move |st, now| sim::import(st, &v, now).map(|r| out(200, &r))).await
                }
                "/simulator/v1/reset" => {
                    let seed_name = v.get("seed").and_then(Value::as_str).unwrap_or("empty").to_string();
                    write(app, false, None, move |st, _| {
                        let fresh = seeded(&seed_name).map_err(errors::bad_request)?;
                        *st = fresh;
                        st.dirty = true;
                        Ok(out(200, &json!({"seed": seed_name})))
                    })
                    .await
                }
                "/simulator/v1/faults" => match app.faults.lock().unwrap().add(&v) {
                    Ok(r) => json_resp(200, &r),
                    Err(s) => status_resp(&s),
                },
                _ => status_resp(&errors::path_not_found()),
            }
        }
        _ => status_resp(&errors::path_not_found()),
    }
}

// ---------------------------------------------------------------------------------------------------
// --upstream

const HOP_BY_HOP: &[&str] = &[
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
];

async fn forward(app: &Arc<App>, req: Request<Incoming>) -> Resp {
    let base = app.cfg.upstream.as_deref().unwrap_or("").trim_end_matches('/').to_string();
    let (parts, body) = req.into_parts();
    let pq = parts.uri.path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| "/".into());
    let uri: Uri = match format!("{base}{pq}").parse() {
        Ok(u) => u,
        Err(e) => return status_resp(&errors::internal(format!("bad upstream URL: {e}"))),
    };
    let bytes = match read_body(&parts, body).await {
        Ok(b) => b,
        Err(s) => return status_resp(&s),
    };
    let mut out = Request::builder().method(parts.method.clone()).uri(uri);
    for (k, v) in parts.headers.iter() {
        if !HOP_BY_HOP.contains(&k.as_str()) {
            out = out.header(k, v);
        }
    }
    let out = match out.body(Full::new(bytes)) {
        Ok(r) => r,
        Err(e) => return status_resp(&errors::internal(e.to_string())),
    };
    let client = app.client.as_ref().expect("upstream client");
    let resp = match client.request(out).await {
        Ok(r) => r,
        Err(e) => {
            return status_resp(&Status::failure(
                502,
                "ServiceUnavailable",
                format!("error trying to reach the upstream API server: {e}"),
                None,
            ))
        }
    };
    let (rparts, rbody) = resp.into_parts();
    let bytes = match rbody.collect().await {
        Ok(c) => c.to_bytes(),
        Err(e) => {
            return status_resp(&Status::failure(
                502,
                "ServiceUnavailable",
                format!("error reading the upstream answer: {e}"),
                None,
            ))
        }
    };
    let mut r = Response::builder().status(rparts.status);
    for (k, v) in rparts.headers.iter() {
        if !HOP_BY_HOP.contains(&k.as_str()) {
            r = r.header(k, v);
        }
    }
    r.body(Full::new(bytes)).unwrap_or_else(|_| status_resp(&errors::internal("bad upstream answer")))
}

// ---------------------------------------------------------------------------------------------------
// Static files

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" | "md" | "ts" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

async fn serve_static(root: &Path, method: &Method, path: &str) -> Resp {
    if method != Method::GET && method != Method::HEAD {
        return status_resp(&errors::method_not_allowed());
    }
    let mut file = root.to_path_buf();
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        let seg = percent_decode(seg);
        if seg == ".." || seg == "." || seg.contains(['/', '\\', '\0']) {
            return status_resp(&errors::path_not_found());
        }
        file.push(seg);
    }
    if tokio::fs::metadata(&file).await.map(|m| m.is_dir()).unwrap_or(false) {
        file.push("index.html");
    }
    // Symbolic links may point anywhere: only what really lies inside the www directory is served.
    // Only regular files, too: reading a FIFO or a device would never end.
    let inside = match (tokio::fs::canonicalize(root).await, tokio::fs::canonicalize(&file).await) {
        (Ok(r), Ok(f)) => f.starts_with(&r) && tokio::fs::metadata(&f).await.is_ok_and(|m| m.is_file()),
        _ => false,
    };
    if !inside {
        return status_resp(&errors::path_not_found());
    }
    match tokio::fs::read(&file).await {
        Ok(bytes) => {
            let len = bytes.len();
            let body = if method == Method::HEAD { Bytes::new() } else { Bytes::from(bytes) };
            Response::builder()
                .header(header::CONTENT_TYPE, content_type(&file))
                .header(header::CONTENT_LENGTH, len)
                .header(header::CACHE_CONTROL, "no-cache")
                .body(Full::new(body))
                .expect("response")
        }
        Err(_) => status_resp(&errors::path_not_found()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding() {
        assert_eq!(percent_decode("app%3Alatest"), "app:latest");
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%2e%2E"), "..");
        assert_eq!(content_type(Path::new("x/pkg/a_bg.wasm")), "application/wasm");
        assert_eq!(content_type(Path::new("a.mjs")), "text/javascript; charset=utf-8");
    }
}
