//! Hostile input and faults against the built devserver over loopback (issue 9): malformed and oversized
//! requests, lying Content-Length, bodies that never end, slow clients, path traversal on static files,
//! odd Unicode in names, many connections at once, a full disk, a read-only data file, and crashes in the
//! rename window of a write. Nothing crashes, every answer is a proper status (a Kubernetes `Status` for
//! whatever reaches the API), nothing acknowledged is lost, nothing outside `--www` is served.
//!
//! Every loop is bounded in count and time; traffic goes to 127.0.0.1 only. The disk-full and read-only
//! tests mount a small tmpfs, which needs root: without it they say so and skip (the read-only one falls
//! back to a directory without write permission).

mod common;
use common::*;
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------------------
// Raw sockets

fn connect(addr: &str) -> TcpStream {
    let s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(10))).unwrap();
    s
}

/// Reads until the server closes the connection (or `limit` passes: then `None`).
fn read_until_closed(s: &mut TcpStream, limit: Duration) -> Option<Vec<u8>> {
    let start = Instant::now();
    let mut out = Vec::new();
    let mut buf = [0u8; 65536];
    s.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
    while start.elapsed() < limit {
        match s.read(&mut buf) {
            Ok(0) => return Some(out),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
            Err(_) => return Some(out),
        }
    }
    None
}

/// Sends raw bytes, then reads until the server closes (within 5 s).
fn raw(addr: &str, bytes: &[u8]) -> Vec<u8> {
    let mut s = connect(addr);
    let _ = s.write_all(bytes);
    read_until_closed(&mut s, Duration::from_secs(5)).unwrap_or_else(|| {
        panic!("no close within 5 s after {:?}", String::from_utf8_lossy(&bytes[..bytes.len().min(80)]))
    })
}

/// The HTTP code of the first answer in `raw` bytes.
fn code_of(raw: &[u8]) -> Option<u16> {
    let line = raw.split(|b| *b == b'\n').next()?;
    std::str::from_utf8(line).ok()?.split(' ').nth(1)?.parse().ok()
}

/// The body (after the first blank line) of a `Content-Length` answer, as JSON.
fn json_body(raw: &[u8]) -> Value {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a head");
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let len: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .map(|v| v.trim().parse().unwrap())
        .expect("content-length");
    serde_json::from_slice(&raw[split + 4..split + 4 + len])
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(raw)))
}

fn assert_raw_status(raw: &[u8], code: u16, reason: &str, message: &str) {
    assert_eq!(code_of(raw), Some(code), "{}", String::from_utf8_lossy(raw));
    let v = json_body(raw);
    assert_eq!(
        (v["kind"].as_str(), v["status"].as_str(), v["code"].as_u64()),
        (Some("Status"), Some("Failure"), Some(code as u64)),
        "{v}"
    );
    assert_eq!(v["reason"], reason, "{v}");
    assert_eq!(v["message"], message, "{v}");
}

fn healthy(s: &Server) {
    let r = s.req("GET", "/healthz").try_send().expect("the server still answers");
    assert_eq!((r.status, r.text().as_str()), (200, "ok"));
}

const TAGS: &str = "/apis/image.openshift.io/v1/namespaces/x/imagetags";

fn post_head(len: usize) -> String {
    format!(
        "POST {TAGS} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {len}\r\n\r\n"
    )
}

// ---------------------------------------------------------------------------------------------------
// Malformed and oversized requests

#[test]
fn malformed_requests_get_a_4xx_and_the_server_stays_up() {
    let s = Server::start(&["--seed", "demo"]);
    let many_headers: String = (0..200).map(|i| format!("X-H{i}: v\r\n")).collect();
    let cases: Vec<(&str, Vec<u8>, u16)> = vec![
        ("not HTTP", b"GARBAGE\r\n\r\n".to_vec(), 400),
        ("unknown version", b"GET / HTTP/9.9\r\nHost: localhost\r\n\r\n".to_vec(), 400),
        ("NUL in the target", b"GET /\0 HTTP/1.1\r\nHost: localhost\r\n\r\n".to_vec(), 400),
        ("space in the target", b"GET /a b HTTP/1.1\r\nHost: localhost\r\n\r\n".to_vec(), 400),
        ("header without a colon", b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nBroken header\r\n\r\n".to_vec(), 400),
        ("header name with a space", b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nBad Name: v\r\n\r\n".to_vec(), 400),
        (
            "100 KB target",
            format!("GET /{} HTTP/1.1\r\nHost: localhost\r\n\r\n", "a".repeat(100_000)).into_bytes(),
            414,
        ),
        ("200 headers", format!("GET /healthz HTTP/1.1\r\nHost: localhost\r\n{many_headers}\r\n").into_bytes(), 431),
        (
            "1 MiB header",
            format!("GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Big: {}\r\n\r\n", "b".repeat(1 << 20)).into_bytes(),
            431,
        ),
        (
            "two Content-Lengths",
            format!("POST {TAGS} HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\n{{}}")
                .into_bytes(),
            400,
        ),
        (
            "Content-Length not a number",
            format!("POST {TAGS} HTTP/1.1\r\nHost: localhost\r\nContent-Length: 12abc\r\n\r\n{{}}").into_bytes(),
            400,
        ),
        (
            "negative Content-Length",
            format!("POST {TAGS} HTTP/1.1\r\nHost: localhost\r\nContent-Length: -1\r\n\r\n{{}}").into_bytes(),
            400,
        ),
        (
            "Content-Length overflowing u64",
            format!("POST {TAGS} HTTP/1.1\r\nHost: localhost\r\nContent-Length: 99999999999999999999999\r\n\r\n")
                .into_bytes(),
            400,
        ),
        (
            "unknown transfer coding",
            format!("POST {TAGS} HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip\r\n\r\n{{}}").into_bytes(),
            400,
        ),
    ];
    for (what, bytes, want) in &cases {
        let t = Instant::now();
        let got = raw(&s.addr, bytes);
        assert_eq!(code_of(&got), Some(*want), "{what}: {}", String::from_utf8_lossy(&got[..got.len().min(300)]));
        assert!(t.elapsed() < Duration::from_secs(3), "{what}: {:?}", t.elapsed());
    }
    // A broken chunked body reaches the API: a 400 Status.
    let got = raw(&s.addr, format!("POST {TAGS} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{{}}\r\n0\r\n\r\n").as_bytes());
    assert_eq!(code_of(&got), Some(400), "{}", String::from_utf8_lossy(&got));
    assert_eq!(json_body(&got)["reason"], "BadRequest");
    healthy(&s);
    assert_eq!(s.get(&path("demo", Some("app:latest"))).status, 200);
    assert_eq!(s.get(&path("x", None)).json()["items"], Value::Null, "nothing was created");
}

#[test]
fn bodies_over_3_mib_get_413_status_without_being_read() {
    let s = Server::start(&["--seed", "empty"]);
    let msg = "Request entity too large: limit is 3145728";
    // Declared: refused before a byte of the body is sent.
    let mut c = connect(&s.addr);
    c.write_all(post_head(4 << 20).as_bytes()).unwrap();
    let got = read_until_closed(&mut c, Duration::from_secs(5)).expect("answered without the body");
    assert_raw_status(&got, 413, "RequestEntityTooLarge", msg);
    // Chunked, no length: counted while read.
    let mut c = connect(&s.addr);
    c.write_all(
        format!(
            "POST {TAGS} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        .as_bytes(),
    )
    .unwrap();
    let chunk = format!("10000\r\n{}\r\n", " ".repeat(0x10000));
    for _ in 0..64 {
        if c.write_all(chunk.as_bytes()).is_err() {
            break;
        }
    }
    let got = read_until_closed(&mut c, Duration::from_secs(5)).expect("answered");
    assert_raw_status(&got, 413, "RequestEntityTooLarge", msg);
    // One byte over; every body-taking endpoint.
    let over = format!("{{\"a\":\"{}\"}}", "x".repeat((3 << 20) - 7));
    assert_eq!(over.len(), (3 << 20) + 1);
    for (method, p, ct) in [
        ("POST", TAGS.to_string(), "application/json"),
        ("PUT", format!("{TAGS}/a:b"), "application/json"),
        ("PATCH", format!("{TAGS}/a:b"), "application/merge-patch+json"),
        ("DELETE", format!("{TAGS}/a:b"), "application/json"),
        ("POST", "/simulator/v1/push".to_string(), "application/json"),
        ("POST", "/simulator/v1/reset".to_string(), "application/json"),
    ] {
        let r = s.req(method, &p).header("Content-Type", ct).body(over.clone()).send();
        assert_status(&r, 413, "RequestEntityTooLarge", msg, None);
    }
    // Exactly at the limit: read and judged (not 413).
    let at = format!("{{\"a\":\"{}\"}}", "x".repeat((3 << 20) - 8));
    let r = s.req("POST", TAGS).header("Content-Type", "application/json").body(at).send();
    assert_ne!(r.status, 413, "{}", r.text());
    assert!(r.status >= 400 && r.status < 500, "{}", r.status);
    healthy(&s);
}

#[test]
fn a_lying_content_length_gets_a_status_and_changes_nothing() {
    let s = Server::start(&["--seed", "empty", "--read-timeout", "800"]);
    let body = r#"{"metadata":{"name":"a:b"},"spec":{"from":{"kind":"DockerImage","name":"quay.io/a/b:1"}}}"#;
    // More promised than sent, then silence: 408 once the read timeout passes, and the connection closes.
    let mut c = connect(&s.addr);
    c.write_all(format!("{}{body}", post_head(body.len() + 50)).as_bytes()).unwrap();
    let t = Instant::now();
    let got = read_until_closed(&mut c, Duration::from_secs(5)).expect("closed after the timeout");
    assert_raw_status(
        &got,
        408,
        "Timeout",
        "the request body did not arrive within 800 ms (the server's read timeout)",
    );
    assert!(t.elapsed() >= Duration::from_millis(700) && t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
    // More promised than sent, then the client closes its side: 400.
    let mut c = connect(&s.addr);
    c.write_all(format!("{}{body}", post_head(body.len() + 50)).as_bytes()).unwrap();
    c.shutdown(std::net::Shutdown::Write).unwrap();
    let got = read_until_closed(&mut c, Duration::from_secs(5)).expect("answered");
    if !got.is_empty() {
        // (hyper may also just close: either way nothing is stored)
        assert_eq!(code_of(&got), Some(400), "{}", String::from_utf8_lossy(&got));
        assert!(json_body(&got)["message"].as_str().unwrap().starts_with("unable to read the request body"));
    }
    // Less promised than sent: the rest is read as the next request, which is garbage (400, closed).
    let got = raw(&s.addr, format!("{}{body}GARBAGE\r\n\r\n", post_head(2)).as_bytes());
    assert_eq!(code_of(&got), Some(400), "{}", String::from_utf8_lossy(&got));
    let text = String::from_utf8_lossy(&got);
    assert!(text.contains("couldn't get version/kind"), "the first 2 bytes ({{\"): {text}");
    assert_eq!(s.get(&path("x", None)).json()["items"], Value::Null, "nothing was created");
    healthy(&s);
}

#[test]
fn chunked_bodies_that_never_end_are_cut_off() {
    let s = Server::start(&["--seed", "empty", "--read-timeout", "800"]);
    let head = format!(
        "POST {TAGS} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    );
    // A trickle: one byte every 50 ms, for longer than the timeout.
    let mut c = connect(&s.addr);
    c.write_all(head.as_bytes()).unwrap();
    let t = Instant::now();
    let mut answered = Vec::new();
    c.set_read_timeout(Some(Duration::from_millis(50))).unwrap();
    let mut buf = [0u8; 4096];
    while t.elapsed() < Duration::from_secs(5) {
        if c.write_all(b"1\r\n \r\n").is_err() {
            break;
        }
        match c.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => answered.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
            Err(_) => break,
        }
    }
    assert!(t.elapsed() < Duration::from_secs(3), "cut off after {:?}", t.elapsed());
    assert_raw_status(
        &answered,
        408,
        "Timeout",
        "the request body did not arrive within 800 ms (the server's read timeout)",
    );
    // A flood: 413 at 3 MiB.
    let mut c = connect(&s.addr);
    c.write_all(head.as_bytes()).unwrap();
    let chunk = format!("4000\r\n{}\r\n", " ".repeat(0x4000));
    for _ in 0..1024 {
        if c.write_all(chunk.as_bytes()).is_err() {
            break;
        }
    }
    let got = read_until_closed(&mut c, Duration::from_secs(5)).expect("answered");
    assert_eq!(code_of(&got), Some(413), "{}", String::from_utf8_lossy(&got));
    healthy(&s);
}

#[test]
fn a_client_that_half_closes_after_its_request_still_gets_the_answer() {
    // `printf 'GET … HTTP/1.0\r\n\r\n' | nc -N`: the request, then the client's side shut down.
    let s = Server::start(&["--seed", "demo", "--import-delay", "manual"]);
    let body = r#"{"metadata":{"name":"app:half"},"spec":{"from":{"kind":"DockerImage","name":"quay.io/a/b:1"}}}"#;
    for (what, req) in [
        ("GET", format!("GET {} HTTP/1.1\r\nHost: localhost\r\n\r\n", path("demo", Some("app:latest")))),
        (
            "POST",
            format!(
                "POST {} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                path("demo", None),
                body.len()
            ),
        ),
    ] {
        let mut c = connect(&s.addr);
        c.write_all(req.as_bytes()).unwrap();
        c.shutdown(std::net::Shutdown::Write).unwrap();
        let got = read_until_closed(&mut c, Duration::from_secs(5)).expect("closed after the answer");
        assert_eq!(
            code_of(&got),
            Some(if what == "GET" { 200 } else { 201 }),
            "{what}: {}",
            String::from_utf8_lossy(&got)
        );
    }
    assert_eq!(s.get(&path("demo", Some("app:half"))).status, 200);
}

// ---------------------------------------------------------------------------------------------------
// Slow clients and many clients

#[test]
fn slow_clients_do_not_block_others_and_are_cut_off() {
    // (a read timeout well above the bound on the others' answers, so that being held up shows)
    let s = Server::start(&["--seed", "demo", "--read-timeout", "2500"]);
    let start = Instant::now();
    // 40 slowloris connections: a header byte every 100 ms, never finishing; 10 that send nothing; 10
    // that send a request and never read the (large) answer.
    let mut slow: Vec<TcpStream> = (0..40).map(|_| connect(&s.addr)).collect();
    let idle: Vec<TcpStream> = (0..10).map(|_| connect(&s.addr)).collect();
    let mut deaf: Vec<TcpStream> = (0..10).map(|_| connect(&s.addr)).collect();
    for d in &mut deaf {
        d.write_all(b"GET /apis/image.openshift.io/v1/imagetags HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    }
    for c in &mut slow {
        c.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ").unwrap();
    }
    let mut answered = 0;
    let mut worst = Duration::ZERO;
    while start.elapsed() < Duration::from_millis(1200) {
        for c in &mut slow {
            let _ = c.write_all(b"a");
        }
        let t = Instant::now();
        assert_eq!(s.get(&path("demo", Some("app:latest"))).status, 200);
        assert_eq!(s.get("/healthz").status, 200);
        worst = worst.max(t.elapsed());
        answered += 1;
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(answered >= 4, "{answered}");
    assert!(worst < Duration::from_millis(1500), "others were held up: {worst:?}");
    // Past the read timeout the server has closed the slow and idle ones.
    std::thread::sleep(Duration::from_millis(3000).saturating_sub(start.elapsed()));
    for (i, mut c) in slow.into_iter().chain(idle).enumerate() {
        let _ = c.write_all(b"a");
        assert!(
            read_until_closed(&mut c, Duration::from_secs(3)).is_some(),
            "connection {i} still open after {:?}",
            start.elapsed()
        );
    }
    healthy(&s);
}

#[test]
fn five_hundred_connections_at_once_are_all_answered_quickly() {
    let s = Server::start(&["--seed", "demo"]);
    let t = Instant::now();
    let mut conns: Vec<TcpStream> = (0..500).map(|_| connect(&s.addr)).collect();
    for (i, c) in conns.iter_mut().enumerate() {
        let p = if i % 2 == 0 { path("demo", Some("app:latest")) } else { "/healthz".to_string() };
        c.write_all(format!("GET {p} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").as_bytes()).unwrap();
    }
    for (i, c) in conns.iter_mut().enumerate() {
        let got =
            read_until_closed(c, Duration::from_secs(20)).unwrap_or_else(|| panic!("connection {i} not answered"));
        assert_eq!(code_of(&got), Some(200), "connection {i}");
    }
    assert!(t.elapsed() < Duration::from_secs(20), "{:?}", t.elapsed());
    // And 200 writes from 40 threads at once, each acknowledged exactly once.
    let threads: Vec<_> = (0..40)
        .map(|w| {
            let c = Client { addr: s.addr.clone() };
            std::thread::spawn(move || {
                for i in 0..5 {
                    let r = c.post(&path("many", None), &docker_tag(&format!("s{w}:t{i}"), "quay.io/a/b:1"));
                    assert_eq!(r.status, 201, "{}", r.text());
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let items = s.get(&path("many", None)).json()["items"].as_array().map(Vec::len);
    assert_eq!(items, Some(200));
    assert!(t.elapsed() < Duration::from_secs(40), "{:?}", t.elapsed());
}

// ---------------------------------------------------------------------------------------------------
// Static files: nothing outside --www

#[test]
fn static_files_never_escape_www() {
    let base = temp_dir("escape");
    let www = base.join("www");
    std::fs::create_dir_all(www.join("sub")).unwrap();
    std::fs::write(www.join("index.html"), "<!doctype html><title>in</title>").unwrap();
    std::fs::write(www.join("sub/page.txt"), "inside").unwrap();
    std::fs::write(base.join("secret.txt"), "TOP-SECRET").unwrap();
    std::os::unix::fs::symlink(base.join("secret.txt"), www.join("leak.txt")).unwrap();
    std::os::unix::fs::symlink("../secret.txt", www.join("sub/rel.txt")).unwrap();
    std::os::unix::fs::symlink(&base, www.join("up")).unwrap();
    std::os::unix::fs::symlink("/etc", www.join("etc")).unwrap();
    std::os::unix::fs::symlink("page.txt", www.join("sub/alias.txt")).unwrap();
    let s = Server::start(&["--www", www.to_str().unwrap(), "--seed", "empty"]);
    // Symbolic links that stay inside are served.
    assert_eq!(s.get("/sub/alias.txt").text(), "inside");
    assert_eq!(s.get("/sub/page.txt").text(), "inside");
    let targets = [
        "/../secret.txt",
        "/sub/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2e/secret.txt",
        "/.%2e/secret.txt",
        "/%2e./secret.txt",
        "/sub/%2e%2e/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/..%2Fsecret.txt",
        "/%2f..%2f..%2fsecret.txt",
        "/%2F%2E%2E%2Fsecret.txt",
        "/..%5csecret.txt",
        "/..%5Csecret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "/%c0%af..%c0%afsecret.txt",
        "/%252e%252e/secret.txt",
        "/..;/secret.txt",
        "/leak.txt",
        "/sub/rel.txt",
        "/up/secret.txt",
        "/etc/passwd",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/etc%2fpasswd",
        "/index.html%00.txt",
        "/%00",
        "/%",
        "/%ZZ",
        "/sub/page.txt/..",
        "/sub/page.txt%2f..%2f..%2f..%2fsecret.txt",
    ];
    let forbidden = |text: &str| text.contains("TOP-SECRET") || text.contains("root:");
    for t in targets {
        let got = raw(&s.addr, format!("GET {t} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").as_bytes());
        let code = code_of(&got);
        assert!(matches!(code, Some(400) | Some(404)), "{t}: {}", String::from_utf8_lossy(&got));
        assert!(!forbidden(&String::from_utf8_lossy(&got)), "{t} leaked: {}", String::from_utf8_lossy(&got));
    }
    // Absolute-form targets and a backslash in the raw target.
    for line in [
        "GET http://127.0.0.1/../secret.txt HTTP/1.1",
        "GET http://127.0.0.1/%2e%2e/secret.txt HTTP/1.1",
        "GET /..\\secret.txt HTTP/1.1",
        "GET \\..\\secret.txt HTTP/1.1",
        "GET ../secret.txt HTTP/1.1",
        "GET * HTTP/1.1",
    ] {
        let got = raw(&s.addr, format!("{line}\r\nHost: localhost\r\nConnection: close\r\n\r\n").as_bytes());
        assert!(matches!(code_of(&got), Some(400) | Some(404)), "{line}: {}", String::from_utf8_lossy(&got));
        assert!(!forbidden(&String::from_utf8_lossy(&got)), "{line} leaked");
    }
    // Not regular files: a FIFO inside www is not opened (reading it would never end).
    let fifo = www.join("pipe");
    if std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|st| st.success()) {
        let t = Instant::now();
        assert_eq!(s.get("/pipe").status, 404);
        assert!(t.elapsed() < Duration::from_secs(2));
    }
    healthy(&s);
}

// ---------------------------------------------------------------------------------------------------
// Odd names

#[test]
fn odd_unicode_in_names_gets_statuses_never_a_crash() {
    let s = Server::start(&["--seed", "demo", "--import-delay", "manual"]);
    let names = [
        "app%3Alatest%00",
        "%00:%00",
        "app:lat%00est",
        "app:%E2%80%AElatest",       // RTL override
        "app:%E2%80%8F",             // RTL mark
        "%F0%9F%98%80:%F0%9F%98%80", // emoji
        "app:%ZZ",
        "app:%E2%82", // truncated UTF-8
        "app:%",
        "%C0%AE%C0%AE:x", // overlong '.'
        "%C0%BA",         // overlong ':'
        "app:%ED%A0%80",  // a surrogate in UTF-8
        "app:%FF%FE",
        "app%0D%0AX-Injected:%20yes:t",
        "..:..",
        "%2e%2e:%2e%2e",
        "a%2Fb:c",
        "app:latest%2F..%2F..",
        "a:b:c",
        "a@sha256:x",
        ":",
        "%20:%20",
    ];
    let long = format!("{}:{}", "a".repeat(5000), "b".repeat(5000));
    let mut paths: Vec<String> = names.iter().map(|n| path("demo", Some(n))).collect();
    paths.push(path("demo", Some(&long)));
    for ns in ["%00", "%E2%80%AE", "%F0%9F%98%80", "%ZZ", "%C0%AE", "..", "%2e%2e", "a%2Fb"] {
        paths.push(path(ns, Some("app:latest")));
        paths.push(path(ns, None));
    }
    let body = |name: &str| json!({"metadata": {"name": name}, "spec": {"from": {"kind": "DockerImage", "name": "quay.io/a/b:1"}}});
    let check = |what: &str, r: &Resp| {
        assert!((200..300).contains(&r.status) || (400..500).contains(&r.status), "{what}: {} {}", r.status, r.text());
        assert_eq!(r.header("X-Injected"), None, "{what}");
        if r.status >= 400 {
            let v = r.json();
            assert_eq!((v["kind"].as_str(), v["status"].as_str()), (Some("Status"), Some("Failure")), "{what}: {v}");
            assert_eq!(v["code"].as_u64(), Some(r.status as u64), "{what}");
        }
    };
    for p in &paths {
        check(&format!("GET {p}"), &s.get(p));
        check(&format!("PUT {p}"), &s.put(p, &body("app:latest")));
        check(
            &format!("PATCH {p}"),
            &s.patch(p, "application/merge-patch+json", &json!({"spec": {"annotations": {"a": "b"}}})),
        );
        check(&format!("DELETE {p}"), &s.delete(p));
    }
    // The same oddities inside JSON bodies (names, namespaces, pull specs, annotations).
    for n in [
        "\u{0}:\u{0}",
        "app:\u{202e}latest",
        "😀:😀",
        "app:\u{200f}",
        "app:late\u{0}st",
        "a\r\nb:c",
        "\u{feff}app:latest",
        "app:\u{ffff}",
    ] {
        check(&format!("POST {n:?}"), &s.post(&path("demo", None), &body(n)));
        check(&format!("PUT {n:?}"), &s.put(&path("demo", Some("app:latest")), &json!({"metadata": {"name": n}})));
        let odd = json!({"metadata": {"name": "odd:t", "namespace": n, "annotations": {n: n}}, "spec": {"from": {"kind": "DockerImage", "name": n}}});
        check(&format!("POST body {n:?}"), &s.post(&path("demo", None), &odd));
    }
    // Bodies that are not valid UTF-8 or not valid JSON text in odd ways.
    for raw_body in [
        b"{\"metadata\":{\"name\":\"a:\xff\xfe\"}}".to_vec(),
        b"{\"metadata\":{\"name\":\"a:\\ud800\"}}".to_vec(),
        b"{\"metadata\":{\"name\":\"a:\xc0\xae\"}}".to_vec(),
        b"\xef\xbb\xbf{\"metadata\":{\"name\":\"a:b\"}}".to_vec(),
        b"{\"metadata\":{\"name\":\"a:b\"}}\0".to_vec(),
        "[".repeat(100_000).into_bytes(),
        format!("{}1{}", "{\"a\":".repeat(50_000), "}".repeat(50_000)).into_bytes(),
        b"{\"metadata\":{\"name\":\"a:b\"},\"metadata\":{\"name\":\"c:d\"}}".to_vec(),
        b"{\"spec\":{\"generation\":1e999}}".to_vec(),
        b"{\"spec\":{\"generation\":-99999999999999999999999}}".to_vec(),
    ] {
        let what = format!("body {:?}", String::from_utf8_lossy(&raw_body[..raw_body.len().min(40)]));
        check(
            &what,
            &s.req("POST", &path("demo", None))
                .header("Content-Type", "application/json")
                .body(raw_body.clone())
                .send(),
        );
        check(
            &what,
            &s.req("PATCH", &path("demo", Some("app:latest")))
                .header("Content-Type", "application/json-patch+json")
                .body(raw_body)
                .send(),
        );
    }
    // Query strings.
    for q in [
        "labelSelector=%ZZ",
        "labelSelector=a%00b",
        "labelSelector=%E2%80%AE=x",
        "fieldSelector=%F0%9F%98%80",
        "limit=-1",
        "limit=99999999999999999999",
        "limit=%00",
        "dryRun=%ZZ",
        "watch=%ff",
        "%=%",
        "&&&=&",
    ] {
        check(&format!("LIST ?{q}"), &s.get(&format!("{}?{q}", path("demo", None))));
        check(&format!("LIST all ?{q}"), &s.get(&format!("/apis/image.openshift.io/v1/imagetags?{q}")));
    }
    healthy(&s);
    assert_eq!(s.get(&path("demo", Some("app:latest"))).status, 200);
}

/// A bounded random walk of writes with odd names and bodies: never a 5xx, never a crash.
#[test]
fn random_odd_requests_never_get_a_5xx() {
    let s = Server::start(&["--seed", "demo"]);
    let mut seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let atoms = [
        "app",
        "latest",
        ":",
        "@",
        "%00",
        "\u{202e}",
        "😀",
        "..",
        "/",
        "%2F",
        "sha256:",
        "a",
        "-",
        "_",
        ".",
        "ImageStreamTag",
        "DockerImage",
        "ImageStreamImage",
        "quay.io/a/b",
        "x".repeat(300).leak(),
    ];
    let mut pick = |n: usize| -> String { (0..n).map(|_| atoms[(next() % atoms.len() as u64) as usize]).collect() };
    let start = Instant::now();
    for i in 0..300 {
        if start.elapsed() > Duration::from_secs(20) {
            break;
        }
        let name = pick(1 + i % 4);
        let from_kind = ["DockerImage", "ImageStreamTag", "ImageStreamImage", "Other", ""][i % 5];
        let policy = ["Source", "Local", "", "x"][i % 4];
        let generation = (i as i64) - 100;
        let body = json!({
            "metadata": {"name": name.replace('%', ""), "resourceVersion": pick(1)},
            "spec": {"from": {"kind": from_kind, "name": pick(1 + i % 3), "namespace": pick(i % 2)},
                     "reference": i % 3 == 0, "importPolicy": {"scheduled": i % 2 == 0, "importMode": pick(1)},
                     "referencePolicy": {"type": policy}, "generation": generation}
        });
        let target = path("demo", Some(&format!("app:{}", pick(1).replace(['/', ':'], "").replace('%', "%25"))));
        let r = match i % 4 {
            0 => s.post(&path("demo", None), &body),
            1 => s.put(&target, &body),
            2 => s.patch(&target, "application/strategic-merge-patch+json", &json!({"spec": body["spec"]})),
            _ => s.req("DELETE", &target).json(&json!({"preconditions": {"uid": pick(1)}})).send(),
        };
        assert!(r.status < 500, "request {i}: {} {}; body {body}", r.status, r.text());
    }
    healthy(&s);
}

// ---------------------------------------------------------------------------------------------------
// The data file: disk full, read-only, crashes while writing

/// A tmpfs of `size` mounted on `dir` while this lives (root only; `None` when it cannot be mounted).
struct Tmpfs(PathBuf);
impl Tmpfs {
    fn mount(dir: &Path, size: &str) -> Option<Tmpfs> {
        if unsafe { libc::geteuid() } != 0 {
            return None;
        }
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size},mode=0755"), "tmpfs"])
            .arg(dir)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(dir.to_path_buf()))
    }
    fn remount(&self, opts: &str) {
        let st =
            std::process::Command::new("mount").args(["-o", &format!("remount,{opts}")]).arg(&self.0).status().unwrap();
        assert!(st.success(), "remount {opts}");
    }
}
impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect()
}

fn tag_with_padding(name: &str, bytes: usize) -> Value {
    json!({"metadata": {"name": name}, "spec": {"annotations": {"pad": "p".repeat(bytes)}, "reference": true, "from": {"kind": "DockerImage", "name": "quay.io/a/b:1"}}})
}

#[test]
fn a_full_disk_refuses_writes_with_a_status_and_loses_nothing() {
    let dir = temp_dir("full");
    let Some(_fs) = Tmpfs::mount(&dir, "256k") else {
        eprintln!("skipped: mounting a small tmpfs needs root (and a kernel that allows it)");
        return;
    };
    let data = dir.join("state.json");
    let data_s = data.to_str().unwrap();
    let mut s = Server::start(&["--data", data_s, "--import-delay", "manual"]);
    let mut acked = Vec::new();
    let mut refused = None;
    for i in 0..200 {
        let name = format!("fill:t{i}");
        let r = s.post(&path("full", None), &tag_with_padding(&name, 6000));
        match r.status {
            201 => acked.push(name),
            500 => {
                refused = Some((name, r));
                break;
            }
            other => panic!("{other}: {}", r.text()),
        }
    }
    let (name, r) = refused.expect("the disk filled up");
    let v = r.json();
    assert_eq!(
        (v["kind"].as_str(), v["reason"].as_str(), v["code"].as_u64()),
        (Some("Status"), Some("InternalError"), Some(500)),
        "{v}"
    );
    let msg = v["message"].as_str().unwrap();
    assert!(msg.starts_with("the change could not be stored: ") && msg.contains("No space left on device"), "{msg}");
    assert!(acked.len() >= 3, "{}", acked.len());
    // The refused write is not visible; everything acknowledged is; no temporary file is left.
    assert_eq!(s.get(&path("full", Some(&name))).status, 404);
    for n in &acked {
        assert_eq!(s.get(&path("full", Some(n))).status, 200, "{n}");
    }
    assert_eq!(temporaries(&dir), Vec::<String>::new());
    // Fill what is left: now writes of every kind are refused the same way, the state staying as it was.
    let filler = dir.join("filler");
    {
        let mut f = std::fs::File::create(&filler).unwrap();
        let block = vec![0u8; 4096];
        for _ in 0..1024 {
            if f.write_all(&block).and_then(|_| f.sync_all()).is_err() {
                break;
            }
        }
    }
    let before = s.get(&path("full", None)).json();
    let r = s.post("/simulator/v1/push", &json!({"namespace": "full", "stream": "pushed", "tag": "x"}));
    assert_eq!(r.status, 500, "{}", r.text());
    let r = s.patch(
        &path("full", Some(&acked[0])),
        "application/merge-patch+json",
        &json!({"spec": {"annotations": {"pad": "q"}}}),
    );
    assert_eq!(r.status, 500, "{}", r.text());
    let r = s.delete(&path("full", Some(&acked[1])));
    assert_eq!(r.status, 500, "{}", r.text());
    let r = s.post("/simulator/v1/reset", &json!({"seed": "demo"}));
    assert_eq!(r.status, 500, "{}", r.text());
    assert_eq!(s.get(&path("full", None)).json(), before, "nothing refused shows");
    assert_eq!(s.get(&path("full", Some("pushed:x"))).status, 404);
    assert_eq!(temporaries(&dir), Vec::<String>::new());
    // A crash now, and a restart on the same full disk: the file loads with everything acknowledged.
    s.kill();
    serde_json::from_slice::<Value>(&std::fs::read(&data).unwrap()).expect("the data file is whole JSON");
    let s = Server::start(&["--data", data_s]);
    assert_eq!(s.get(&path("full", None)).json(), before);
    for n in &acked {
        assert_eq!(s.get(&path("full", Some(n))).status, 200, "{n} after restart");
    }
    assert_eq!(s.get(&path("full", Some(&name))).status, 404);
    // Room again: writes work again, and last.
    std::fs::remove_file(&filler).unwrap();
    assert_eq!(s.delete(&path("full", Some(&acked[1]))).status, 200);
    drop(s);
    let s = Server::start(&["--data", data_s]);
    assert_eq!(s.get(&path("full", Some(&acked[1]))).status, 404);
    assert_eq!(s.get(&path("full", Some(&acked[0]))).status, 200);
}

#[test]
fn a_read_only_data_file_refuses_writes_and_keeps_serving_reads() {
    let dir = temp_dir("ro");
    let mounted = Tmpfs::mount(&dir, "4m");
    let data = dir.join("state.json");
    let data_s = data.to_str().unwrap();
    let set_read_only = |ro: bool| match &mounted {
        Some(m) => m.remount(if ro { "ro" } else { "rw" }),
        None => {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(if ro { 0o555 } else { 0o755 })).unwrap();
        }
    };
    if mounted.is_none() && unsafe { libc::geteuid() } == 0 {
        eprintln!("skipped: root ignores permissions and a read-only tmpfs could not be mounted");
        return;
    }
    // A new data file in a read-only directory: start-up stops with a message.
    set_read_only(true);
    let e = Server::try_start(&["--data", data_s]).err().expect("refuses to start");
    assert!(e.contains("cannot write data file") && e.contains(data_s), "{e}");
    set_read_only(false);
    // A data file that becomes read-only while the server runs.
    let s = Server::start(&["--data", data_s, "--seed", "demo", "--import-delay", "manual"]);
    assert_eq!(s.post(&path("ro", None), &docker_tag("a:one", "quay.io/a/b:1")).status, 201);
    set_read_only(true);
    let r = s.post(&path("ro", None), &docker_tag("a:two", "quay.io/a/b:2"));
    assert_eq!(r.status, 500, "{}", r.text());
    let v = r.json();
    assert_eq!((v["kind"].as_str(), v["reason"].as_str()), (Some("Status"), Some("InternalError")));
    assert!(v["message"].as_str().unwrap().starts_with("the change could not be stored: "), "{v}");
    let r = s.delete(&path("ro", Some("a:one")));
    assert_eq!(r.status, 500, "{}", r.text());
    // Reads go on; the refused writes left no trace.
    assert_eq!(s.get(&path("ro", Some("a:one"))).status, 200);
    assert_eq!(s.get(&path("ro", Some("a:two"))).status, 404);
    assert_eq!(s.get(&path("demo", Some("app:latest"))).status, 200);
    set_read_only(false);
    assert_eq!(s.post(&path("ro", None), &docker_tag("a:three", "quay.io/a/b:3")).status, 201);
    drop(s);
    let s = Server::start(&["--data", data_s]);
    assert_eq!(s.get(&path("ro", Some("a:one"))).status, 200);
    assert_eq!(s.get(&path("ro", Some("a:two"))).status, 404);
    assert_eq!(s.get(&path("ro", Some("a:three"))).status, 200);
    assert_eq!(temporaries(&dir), Vec::<String>::new());
}

/// Starts the server with `IMAGETAG_DEVSERVER_CRASH_AT` set.
fn start_crashing(data: &str, crash_at: &str) -> (std::process::Child, String) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_imagetag-devserver"))
        .args(["--listen", "127.0.0.1:0", "--data", data, "--import-delay", "manual"])
        .env("IMAGETAG_DEVSERVER_CRASH_AT", crash_at)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.trim().strip_prefix("listening on http://").expect("listening").to_string();
    (child, addr)
}

#[test]
fn a_crash_in_the_rename_window_loses_nothing_acknowledged() {
    for (stage, third_survives) in [("before-rename", false), ("after-rename", true)] {
        let dir = temp_dir("crash");
        let data = dir.join("state.json");
        let data_s = data.to_str().unwrap();
        // Save 1 creates the file, saves 2 and 3 store the first two writes, save 4 crashes.
        let (mut child, addr) = start_crashing(data_s, &format!("{stage}:4"));
        let c = Client { addr };
        for n in ["a:one", "a:two"] {
            assert_eq!(c.post(&path("crash", None), &docker_tag(n, "quay.io/a/b:1")).status, 201, "{stage}");
        }
        let r = c.req("POST", &path("crash", None)).json(&docker_tag("a:three", "quay.io/a/b:1")).try_send();
        assert!(r.is_err(), "{stage}: the crash leaves the write unanswered: {:?}", r.map(|r| r.status));
        let status = child.wait().unwrap();
        assert!(!status.success(), "{stage}: the process aborted");
        if stage == "before-rename" {
            assert_eq!(temporaries(&dir).len(), 1, "the crash left its temporary file");
        }
        // The restart loads the file, cleans up, and has every acknowledged write.
        let s = Server::start(&["--data", data_s]);
        assert_eq!(temporaries(&dir), Vec::<String>::new(), "{stage}");
        for n in ["a:one", "a:two"] {
            assert_eq!(s.get(&path("crash", Some(n))).status, 200, "{stage}: {n}");
        }
        // The unanswered write: either outcome is allowed; which one happens is fixed by the stage.
        assert_eq!(s.get(&path("crash", Some("a:three"))).status, if third_survives { 200 } else { 404 }, "{stage}");
        assert_eq!(s.post(&path("crash", None), &docker_tag("a:four", "quay.io/a/b:1")).status, 201);
        drop(s);
        let s = Server::start(&["--data", data_s]);
        assert_eq!(s.get(&path("crash", Some("a:four"))).status, 200, "{stage}");
    }
}
