//! Answers for requests the HTTP parser refuses (a bad request line or headers, a target or headers too
//! large). hyper answers those itself, with an empty body and before any handler runs; this wrapper of the
//! connection's socket replaces exactly that answer (a 400, 414 or 431 with `content-length: 0`, which no
//! handler ever sends: their errors are `Status` bodies) with the same code and a `Status` body.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use imagetag::Status;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// The replacement for one of hyper's own bodiless error answers, or `None` for anything else.
fn replacement(buf: &[u8]) -> Option<Vec<u8>> {
    let (code, reason, message) = if buf.starts_with(b"HTTP/1.1 400 ") {
        (400, "BadRequest", "the request could not be parsed: malformed request line or headers")
    } else if buf.starts_with(b"HTTP/1.1 414 ") {
        (414, "RequestURITooLong", "the request target is too long")
    } else if buf.starts_with(b"HTTP/1.1 431 ") {
        (431, "RequestHeaderFieldsTooLarge", "the request headers are too large or too many")
    } else {
        return None;
    };
    let head_end = buf.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    if head_end != buf.len() || !head.contains("\r\ncontent-length: 0\r\n") {
        return None;
    }
    let body = serde_json::to_vec(&Status::failure(code, reason, message, None)).ok()?;
    let status_line = String::from_utf8_lossy(&buf[..buf.iter().position(|b| *b == b'\r')?]).into_owned();
    let mut out = format!(
        "{status_line}\r\ncontent-type: application/json\r\nx-content-type-options: nosniff\r\nconnection: close\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(&body);
    Some(out)
}

/// The connection's socket, with hyper's bodiless parser refusals replaced.
pub struct WithStatusBodies<T> {
    inner: T,
    pending: Vec<u8>,
}

impl<T> WithStatusBodies<T> {
    pub fn new(inner: T) -> Self {
        WithStatusBodies { inner, pending: Vec::new() }
    }
}

impl<T: AsyncWrite + Unpin> WithStatusBodies<T> {
    /// Writes what is pending; `Ready(Ok)` once nothing is.
    fn drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while !self.pending.is_empty() {
            match Pin::new(&mut self.inner).poll_write(cx, &self.pending) {
                Poll::Ready(Ok(0)) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                Poll::Ready(Ok(n)) => {
                    self.pending.drain(..n);
                }
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => return Poll::Pending,
            }
        }
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for WithStatusBodies<T> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for WithStatusBodies<T> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        if let Poll::Ready(Err(e)) = this.drain(cx) {
            return Poll::Ready(Err(e));
        }
        if !this.pending.is_empty() {
            return Poll::Pending;
        }
        if let Some(rep) = replacement(buf) {
            this.pending = rep;
            // Accepted whole; what is left goes out on the next write, flush or shutdown.
            let _ = this.drain(cx);
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(&mut this.inner).poll_write(cx, buf)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.drain(cx) {
            Poll::Ready(Ok(())) => Pin::new(&mut self.inner).poll_flush(cx),
            other => other,
        }
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.drain(cx) {
            Poll::Ready(Ok(())) => Pin::new(&mut self.inner).poll_shutdown(cx),
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bodiless_parser_refusals_are_replaced() {
        let hyper = b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\ndate: x\r\n\r\n";
        let out = String::from_utf8(replacement(hyper).unwrap()).unwrap();
        assert!(out.starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\n"), "{out}");
        assert!(out.contains("\"reason\":\"RequestHeaderFieldsTooLarge\"") && out.contains("\"code\":431"), "{out}");
        assert!(replacement(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 12\r\n\r\n").is_none());
        assert!(replacement(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n").is_none());
        assert!(replacement(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\nmore").is_none());
    }
}
