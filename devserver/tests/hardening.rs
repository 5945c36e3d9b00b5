//! Issue 19: what an attack on the devserver broke, each as a test (§2 cross-site writes and DNS
//! rebinding, §3 `--upstream`, §4 static files, §5 the state store, §6 repeated `dryRun=All`).

mod common;
use common::*;
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

/// A raw request with the given Host header; returns (status, body).
fn raw_with_host(addr: &str, method: &str, path: &str, host: &str, extra: &str, body: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n{extra}Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    let code = text.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (code, body)
}

fn demo_items(s: &Server) -> usize {
    s.get(&path("demo", None)).json()["items"].as_array().map(Vec::len).unwrap_or(0)
}

// §2: what a page from another origin can send (no-cors: text/plain, form types or no type; any Host
// through DNS rebinding) never changes state.
#[test]
fn cross_origin_writes_cannot_change_state() {
    let dir = temp_dir("xorigin");
    let data = dir.join("state.json");
    let s = Server::start(&["--data", data.to_str().unwrap(), "--seed", "demo", "--import-delay", "manual"]);
    let before = demo_items(&s);
    let file_before = std::fs::read(&data).unwrap();
    assert!(before > 5);
    let pwned = json!({"metadata": {"name": "pwned:latest"}, "spec": {"name": "latest"}}).to_string();
    // A no-cors text/plain POST to reset, and a POST of an untyped Blob (no Content-Type) that creates a tag.
    for (path, ct) in [
        ("/simulator/v1/reset".to_string(), Some("text/plain;charset=UTF-8")),
        ("/simulator/v1/reset".to_string(), None),
        ("/simulator/v1/reset".to_string(), Some("application/x-www-form-urlencoded")),
        ("/simulator/v1/push".to_string(), Some("text/plain")),
        (path("demo", None), None),
        (path("demo", None), Some("text/plain")),
        (path("demo", None), Some("multipart/form-data; boundary=x")),
    ] {
        let mut r = s.req("POST", &path).body(if path.contains("reset") { "{}".to_string() } else { pwned.clone() });
        if let Some(ct) = ct {
            r = r.header("Content-Type", ct);
        }
        let r = r.send();
        assert_eq!((r.status, r.json()["reason"].as_str()), (415, Some("UnsupportedMediaType")), "{path} {ct:?}");
    }
    // PUT without a type, DELETE with an untyped body: refused as well.
    let r = s.req("PUT", &path("demo", Some("pwned:latest"))).body(pwned.clone()).send();
    assert_eq!(r.status, 415, "{}", r.text());
    let r = s.req("DELETE", &path("demo", Some("app:latest"))).body("{}").send();
    assert_eq!(r.status, 415, "{}", r.text());
    // DNS rebinding: the right content type under a foreign name is refused too.
    let (code, body) = raw_with_host(
        &s.addr,
        "POST",
        "/simulator/v1/reset",
        "attacker.example:8080",
        "Content-Type: application/json\r\n",
        "{}",
    );
    assert_eq!(code, 403, "{body}");
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["reason"], "Forbidden");
    let (code, _) = raw_with_host(&s.addr, "GET", &path("demo", None), "attacker.example", "", "");
    assert_eq!(code, 403);
    // The seeded data is intact, in memory and on disk.
    assert_eq!(demo_items(&s), before);
    assert_eq!(s.get(&path("demo", Some("pwned:latest"))).status, 404);
    assert_eq!(std::fs::read(&data).unwrap(), file_before);
    // What the real API needs still works.
    assert_eq!(s.req("DELETE", &path("demo", Some("app:latest"))).send().status, 200);
    assert_eq!(s.post(&path("demo", None), &docker_tag("app:new", "quay.io/a/b:1")).status, 201);
}

#[test]
fn host_names_loopback_ip_addresses_and_allowed_names() {
    let s = Server::start(&["--seed", "demo", "--allowed-host", "devbox.example"]);
    for host in ["localhost", "localhost:1234", "127.0.0.1", "[::1]:80", "devbox.example:8080", "10.1.2.3"] {
        assert_eq!(raw_with_host(&s.addr, "GET", "/healthz", host, "", "").0, 200, "{host}");
    }
    for host in ["evil.example", "localhost.evil.example", "127.0.0.1.nip.io"] {
        assert_eq!(raw_with_host(&s.addr, "GET", "/healthz", host, "", "").0, 403, "{host}");
    }
}

// §3: the upstream sees the upstream's credentials, never this server's token, no cookies, and only
// normalised API paths.

/// A one-shot fake cluster: answers every request 200 `{}` and hands each request head to the test.
fn fake_cluster() -> (String, std::sync::mpsc::Receiver<String>) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap().to_string();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for mut c in l.incoming().flatten() {
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                match c.read(&mut chunk) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => buf.extend_from_slice(&chunk[..n]),
                }
            }
            let _ = tx.send(String::from_utf8_lossy(&buf).into_owned());
            let _ = c.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nSet-Cookie: s=1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        }
    });
    (format!("http://{addr}/prefix"), rx)
}

#[test]
fn upstream_gets_its_own_credentials_no_cookies_and_confined_paths() {
    let p = path("demo", Some("app:latest"));
    // With --token and no --upstream-token: the devserver's token stays here.
    let (url, seen) = fake_cluster();
    let front = Server::start(&["--upstream", &url, "--token", "local-secret"]);
    let r = front.req("GET", &p).header("Authorization", "Bearer local-secret").header("Cookie", "session=abc").send();
    assert_eq!(r.status, 200);
    assert!(r.header("Set-Cookie").is_none());
    let head = seen.recv_timeout(Duration::from_secs(5)).unwrap();
    assert!(head.starts_with(&format!("GET /prefix{p} ")), "{head}");
    assert!(!head.contains("local-secret"), "{head}");
    assert!(!head.to_ascii_lowercase().contains("cookie"), "{head}");
    assert!(!head.to_ascii_lowercase().contains("authorization"), "{head}");
    // Paths: normalised, and never outside the API prefixes.
    for bad in ["/apis/../../admin/secret", "/apis/%2e%2e/%2e%2e/admin", "/apis/..%2f..%2fadmin", "/api/../healthz"] {
        let r = front.req("GET", bad).header("Authorization", "Bearer local-secret").send();
        assert!(matches!(r.status, 400 | 404), "{bad}: {}", r.status);
        assert_eq!(r.json()["kind"], "Status", "{bad}");
    }
    let r = front.req("GET", "/apis/x/../image.openshift.io/v1").header("Authorization", "Bearer local-secret").send();
    assert_eq!(r.status, 200);
    let head = seen.recv_timeout(Duration::from_secs(5)).unwrap();
    assert!(head.starts_with("GET /prefix/apis/image.openshift.io/v1 "), "{head}");
    assert!(seen.try_recv().is_err(), "a refused path reached the cluster");
    // --upstream-token: that is what the cluster gets.
    let (url, seen) = fake_cluster();
    let front = Server::start(&["--upstream", &url, "--token", "local-secret", "--upstream-token", "cluster-token"]);
    front.req("GET", &p).header("Authorization", "Bearer local-secret").send();
    let head = seen.recv_timeout(Duration::from_secs(5)).unwrap();
    assert!(head.contains("Bearer cluster-token") && !head.contains("local-secret"), "{head}");
    // With --users, too, the caller's token is this server's and stays here.
    let (url, seen) = fake_cluster();
    let users = temp_dir("upstream-users").join("users.json");
    std::fs::write(
        &users,
        r#"{"users": [{"token": "user-secret", "name": "u", "rules": [{"verbs": ["*"], "resources": ["*"]}]}]}"#,
    )
    .unwrap();
    let front = Server::start(&["--upstream", &url, "--users", users.to_str().unwrap()]);
    let r = front.req("GET", &p).header("Authorization", "Bearer user-secret").send();
    assert_eq!(r.status, 200);
    let head = seen.recv_timeout(Duration::from_secs(5)).unwrap();
    assert!(!head.contains("user-secret") && !head.to_ascii_lowercase().contains("authorization"), "{head}");
    // No token of its own: the caller's credentials pass through (documented).
    let (url, seen) = fake_cluster();
    let front = Server::start(&["--upstream", &url]);
    front.req("GET", &p).header("Authorization", "Bearer user-token").send();
    assert!(seen.recv_timeout(Duration::from_secs(5)).unwrap().contains("Bearer user-token"));
}

// §4: static files.
#[test]
fn static_files_dotfiles_regular_files_only_nosniff_everywhere_and_streamed() {
    let base = temp_dir("www4");
    let www = base.join("www");
    std::fs::create_dir_all(www.join(".git")).unwrap();
    std::fs::write(www.join("index.html"), "<!doctype html>").unwrap();
    std::fs::write(www.join(".env"), "SECRET=1").unwrap();
    std::fs::write(www.join(".git/config"), "[core]").unwrap();
    // A large file: HEAD answers from the metadata, GET streams it (the first bytes arrive long before
    // the whole file could have been read into memory).
    let big = std::fs::File::create(www.join("big.bin")).unwrap();
    big.set_len(1 << 30).unwrap();
    let s = Server::start(&["--www", www.to_str().unwrap(), "--seed", "demo", "--token", "t"]);
    for p in ["/.env", "/.git/config", "/%2eenv", "/.git/", "/sub/../.env"] {
        let r = s.get(p);
        assert_eq!(r.status, 404, "{p}");
        assert!(!r.text().contains("SECRET") && !r.text().contains("[core]"), "{p}");
    }
    let t = Instant::now();
    let head = s.req("HEAD", "/big.bin").send();
    assert_eq!(head.status, 200);
    assert_eq!(head.header("Content-Length").as_deref(), Some("1073741824"));
    assert!(t.elapsed() < Duration::from_secs(1), "HEAD took {:?}", t.elapsed());
    let mut c = TcpStream::connect(&s.addr).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
    c.write_all(b"GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    let mut first = [0u8; 64];
    let t = Instant::now();
    assert!(c.read(&mut first).unwrap() > 0);
    assert!(t.elapsed() < Duration::from_secs(1));
    drop(c);
    // nosniff on every answer: static, API success, API error, 401, 404, 415, simulator.
    let p = path("demo", Some("app:latest"));
    let answers = [
        s.get("/"),
        s.get("/missing"),
        s.get(&p),
        s.req("GET", &p).header("Authorization", "Bearer t").send(),
        s.req("POST", &path("demo", None)).header("Authorization", "Bearer t").body("x").send(),
        s.req("GET", "/simulator/v1/registry").header("Authorization", "Bearer t").send(),
        s.get("/healthz"),
    ];
    for r in answers {
        assert_eq!(r.header("X-Content-Type-Options").as_deref(), Some("nosniff"), "{} {}", r.status, r.text());
    }
}

#[test]
fn a_file_swapped_for_an_outside_link_is_never_served() {
    let base = temp_dir("race");
    let www = base.join("www");
    std::fs::create_dir_all(&www).unwrap();
    std::fs::write(www.join("inside.txt"), "inside").unwrap();
    std::fs::write(base.join("outside.txt"), "TOP-SECRET").unwrap();
    let s = Server::start(&["--www", www.to_str().unwrap(), "--seed", "empty"]);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let swapper = {
        let (www, base, stop) = (www.clone(), base.clone(), stop.clone());
        std::thread::spawn(move || {
            let link = www.join("race.txt");
            let tmp = www.join("race.tmp");
            let mut i = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let target = if i.is_multiple_of(2) { www.join("inside.txt") } else { base.join("outside.txt") };
                let _ = std::fs::remove_file(&tmp);
                std::os::unix::fs::symlink(target, &tmp).unwrap();
                std::fs::rename(&tmp, &link).unwrap();
                i += 1;
            }
        })
    };
    let mut inside = 0;
    for _ in 0..1500 {
        let r = s.get("/race.txt");
        assert!(!r.text().contains("TOP-SECRET"), "the outside file was served");
        if r.status == 200 {
            inside += 1;
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    swapper.join().unwrap();
    assert!(inside > 0, "the inside file was never served");
}

// §5: the state store.
fn padded(name: &str, bytes: usize) -> Value {
    let mut t = docker_tag(name, "quay.io/a/b:1");
    t["spec"]["annotations"] = json!({"pad": "x".repeat(bytes)});
    t
}

#[test]
fn the_state_is_bounded_with_a_clear_status() {
    let s = Server::start(&["--seed", "empty", "--import-delay", "manual", "--state-limit", "600000"]);
    // One object over etcd's request limit (1.5 MiB): 413, as the apiserver says it.
    let r = s.post(&path("big", None), &padded("one:a", 1_600_000));
    assert_status(&r, 413, "RequestEntityTooLarge", "etcdserver: request is too large", None);
    assert_eq!(s.get(&path("big", Some("one:a"))).status, 404);
    // The whole state over --state-limit.
    assert_eq!(s.post(&path("big", None), &padded("a:1", 250_000)).status, 201);
    assert_eq!(s.post(&path("big", None), &padded("b:1", 250_000)).status, 201);
    let r = s.post(&path("big", None), &padded("c:1", 250_000));
    assert_eq!(r.status, 500, "{}", r.text());
    assert!(r.json()["message"].as_str().unwrap().starts_with("etcdserver: mvcc: database space exceeded"));
    assert_eq!(s.get(&path("big", Some("c:1"))).status, 404);
    // Deleting makes room again.
    assert_eq!(s.delete(&path("big", Some("a:1"))).status, 200);
    assert_eq!(s.post(&path("big", None), &padded("c:1", 250_000)).status, 201);
}

#[test]
fn readers_do_not_wait_for_a_save() {
    let dir = temp_dir("slowsave");
    let data = dir.join("state.json");
    let s = Server::try_start_env(
        &["--data", data.to_str().unwrap(), "--seed", "demo", "--import-delay", "manual"],
        &[("IMAGETAG_DEVSERVER_SLOW_SAVE_MS", "1500")],
    )
    .unwrap();
    let writer = {
        let c = (*s).clone();
        std::thread::spawn(move || {
            let t = Instant::now();
            let r = c.post(&path("demo", None), &docker_tag("slow:one", "quay.io/a/b:1"));
            (r.status, t.elapsed())
        })
    };
    std::thread::sleep(Duration::from_millis(300));
    let t = Instant::now();
    let r = s.get(&path("demo", Some("app:latest")));
    assert_eq!(r.status, 200);
    assert!(t.elapsed() < Duration::from_millis(700), "a read waited {:?} for a save", t.elapsed());
    // Not yet acknowledged, so not yet visible.
    assert_eq!(s.get(&path("demo", Some("slow:one"))).status, 404);
    let (code, took) = writer.join().unwrap();
    assert_eq!(code, 201);
    assert!(took >= Duration::from_millis(1500), "answered before the save: {took:?}");
    assert_eq!(s.get(&path("demo", Some("slow:one"))).status, 200);
}

#[test]
fn a_second_server_on_the_same_data_file_refuses_to_start() {
    let dir = temp_dir("twice");
    let data = dir.join("state.json");
    let first = Server::start(&["--data", data.to_str().unwrap()]);
    let e = Server::try_start(&["--data", data.to_str().unwrap()]).err().expect("the second refuses");
    assert!(e.contains("is in use by another imagetag-devserver"), "{e}");
    assert!(e.contains(data.to_str().unwrap()), "{e}");
    drop(first);
    // Once the first is gone, the file is free again.
    Server::start(&["--data", data.to_str().unwrap()]);
}

// §6
#[test]
fn repeated_dry_run_all_is_accepted() {
    let s = Server::start(&["--seed", "empty"]);
    let r = s.post(&format!("{}?dryRun=All&dryRun=All", path("demo", None)), &docker_tag("app:x", "quay.io/a/b:1"));
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(s.get(&path("demo", Some("app:x"))).status, 404);
    let r = s.post(&format!("{}?dryRun=All&dryRun=x", path("demo", None)), &docker_tag("app:x", "quay.io/a/b:1"));
    assert_status(&r, 400, "BadRequest", "dryRun: Unsupported value: \"x\": supported values: \"All\"", None);
}

// Issue 15: requests the HTTP parser refuses get a Status body, not an empty one.
#[test]
fn parser_refusals_get_a_status_body() {
    let s = Server::start(&["--seed", "empty"]);
    let many: String = (0..200).map(|i| format!("X-H{i}: v\r\n")).collect();
    for (what, req, code, reason) in [
        ("bad request line", "GARBAGE\r\n\r\n".to_string(), 400, "BadRequest"),
        (
            "header without a colon",
            "GET / HTTP/1.1\r\nHost: localhost\r\nBroken\r\n\r\n".to_string(),
            400,
            "BadRequest",
        ),
        (
            "100 KB target",
            format!("GET /{} HTTP/1.1\r\nHost: localhost\r\n\r\n", "a".repeat(100_000)),
            414,
            "RequestURITooLong",
        ),
        ("200 headers", format!("GET / HTTP/1.1\r\nHost: localhost\r\n{many}\r\n"), 431, "RequestHeaderFieldsTooLarge"),
    ] {
        let mut c = TcpStream::connect(&s.addr).unwrap();
        c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let _ = c.write_all(req.as_bytes());
        let mut out = Vec::new();
        let _ = c.read_to_end(&mut out);
        let text = String::from_utf8_lossy(&out).into_owned();
        assert_eq!(text.split(' ').nth(1), Some(code.to_string().as_str()), "{what}: {text}");
        let body: Value = serde_json::from_str(text.split_once("\r\n\r\n").unwrap().1).expect(what);
        assert_eq!((body["kind"].as_str(), body["code"].as_u64()), (Some("Status"), Some(code as u64)), "{what}");
        assert_eq!(body["reason"], reason, "{what}");
    }
    assert_eq!(s.get("/healthz").status, 200);
}
