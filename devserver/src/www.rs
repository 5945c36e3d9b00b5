//! Static files (`--www`): tower-http's `ServeDir` (traversal-safe, streams files, answers HEAD from the
//! metadata, ranges and conditional requests) over a backend that opens each file once and checks what it
//! opened: a regular file (a FIFO or a device is never read: it is opened non-blocking and refused), whose
//! real path lies inside the directory (symbolic links that lead out are refused, with no window between
//! the check and the read). Names starting with a dot (`.git`, `.env`) are not served.

use std::future::Future;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::task::{Context, Poll};

use http_body_util::BodyExt;
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request};
use tokio::io::{AsyncRead, AsyncSeek, ReadBuf};
use tower_http::services::fs::{Backend, File as BackendFile};
use tower_http::services::ServeDir;

use crate::errors;
use crate::http::{percent_decode, status_resp, BoxError, Resp};

/// A `Backend` that only yields regular files inside `root` (its canonical path).
#[derive(Clone)]
pub struct InsideRoot {
    root: PathBuf,
}

fn not_found() -> io::Error {
    io::Error::from(io::ErrorKind::NotFound)
}

/// The real path of an open file, as the kernel sees it.
fn opened_path(f: &std::fs::File, path: &Path) -> io::Result<PathBuf> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let _ = path;
        std::fs::read_link(format!("/proc/self/fd/{}", f.as_raw_fd()))
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = f;
        std::fs::canonicalize(path)
    }
}

fn open_inside(root: &Path, path: &Path) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Opening a FIFO for reading blocks until a writer comes; non-blocking, it returns at once.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let f = options.open(path)?;
    if !f.metadata()?.is_file() || !opened_path(&f, path)?.starts_with(root) {
        return Err(not_found());
    }
    Ok(f)
}

/// An opened file for `ServeDir`.
pub struct OpenedFile(tokio::fs::File);

impl AsyncRead for OpenedFile {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_read(cx, buf)
    }
}

impl AsyncSeek for OpenedFile {
    fn start_seek(mut self: Pin<&mut Self>, position: io::SeekFrom) -> io::Result<()> {
        Pin::new(&mut self.0).start_seek(position)
    }
    fn poll_complete(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<u64>> {
        Pin::new(&mut self.0).poll_complete(cx)
    }
}

type Boxed<T> = Pin<Box<dyn Future<Output = io::Result<T>> + Send>>;

impl BackendFile for OpenedFile {
    type Metadata = std::fs::Metadata;
    type MetadataFuture<'a> = Pin<Box<dyn Future<Output = io::Result<std::fs::Metadata>> + Send + 'a>>;
    fn metadata(&self) -> Self::MetadataFuture<'_> {
        Box::pin(self.0.metadata())
    }
}

impl Backend for InsideRoot {
    type File = OpenedFile;
    type Metadata = std::fs::Metadata;
    type OpenFuture = Boxed<OpenedFile>;
    type MetadataFuture = Boxed<std::fs::Metadata>;

    fn open(&self, path: PathBuf) -> Self::OpenFuture {
        let root = self.root.clone();
        Box::pin(async move {
            let f =
                tokio::task::spawn_blocking(move || open_inside(&root, &path)).await.map_err(io::Error::other)??;
            Ok(OpenedFile(tokio::fs::File::from_std(f)))
        })
    }

    /// For directories (index.html) and HEAD: what lies inside, as a regular file or a directory.
    fn metadata(&self, path: PathBuf) -> Self::MetadataFuture {
        let root = self.root.clone();
        Box::pin(async move {
            let real = tokio::fs::canonicalize(&path).await?;
            let meta = tokio::fs::metadata(&real).await?;
            if !real.starts_with(&root) || !(meta.is_file() || meta.is_dir()) {
                return Err(not_found());
            }
            Ok(meta)
        })
    }
}

/// The demo page's files.
#[derive(Clone)]
pub struct Www {
    dir: ServeDir<tower_http::services::fs::DefaultServeDirFallback, InsideRoot>,
}

fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
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

/// Whether a request path may name a file: no `.`/`..` or dot-file segments, no hidden separators or NULs
/// (percent-encoded or not).
fn allowed(path: &str) -> bool {
    path.split('/').filter(|s| !s.is_empty()).all(|seg| {
        let seg = percent_decode(seg);
        !seg.starts_with('.') && !seg.contains(['/', '\\', '\0'])
    })
}

impl Www {
    pub fn new(root: &Path) -> Www {
        let canonical = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        Www { dir: ServeDir::with_backend(root, InsideRoot { root: canonical }) }
    }

    pub async fn serve<B>(&self, req: &Request<B>) -> Resp {
        let (method, path) = (req.method(), req.uri().path());
        if method != Method::GET && method != Method::HEAD {
            return status_resp(&errors::method_not_allowed());
        }
        if !allowed(path) {
            return status_resp(&errors::path_not_found());
        }
        let mut inner = Request::builder().method(method.clone()).uri(req.uri().clone());
        for (k, v) in req.headers() {
            inner = inner.header(k, v);
        }
        let inner = inner.body(http_body_util::Empty::<bytes::Bytes>::new()).expect("request");
        let resp = match self.dir.clone().try_call(inner).await {
            Ok(r) => r,
            Err(_) => return status_resp(&errors::path_not_found()),
        };
        if resp.status() == hyper::StatusCode::NOT_FOUND {
            return status_resp(&errors::path_not_found());
        }
        let (mut parts, body) = resp.into_parts();
        if parts.status.is_success() {
            let file = if path.ends_with('/') { "index.html" } else { path };
            parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(file)));
            parts.headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        }
        Resp::from_parts(parts, body.map_err(|e| Box::new(e) as BoxError).boxed_unsync())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(content_type("/x/pkg/a_bg.wasm"), "application/wasm");
        assert_eq!(content_type("/a.mjs"), "text/javascript; charset=utf-8");
        assert!(allowed("/pkg/imagetag.js"));
        for bad in ["/.env", "/.git/config", "/%2egit/config", "/a/%2e%2e/b", "/a%2fb", "/a%5cb", "/a%00"] {
            assert!(!allowed(bad), "{bad}");
        }
    }
}
