//! Same-origin static files, --token, --cors-origin, --upstream and start-up options.

mod common;
use common::*;
use serde_json::json;

fn www() -> std::path::PathBuf {
    let d = temp_dir("www");
    std::fs::write(d.join("index.html"), "<!doctype html><title>demo</title>").unwrap();
    std::fs::create_dir_all(d.join("pkg")).unwrap();
    std::fs::write(d.join("pkg/imagetag_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(d.join("pkg/imagetag.js"), "export default 1;").unwrap();
    std::fs::write(d.join("app.mjs"), "export {};").unwrap();
    std::fs::write(d.join("style.css"), "body{}").unwrap();
    std::fs::write(d.parent().unwrap().join("secret.txt"), "secret").unwrap();
    d
}

#[test]
fn static_files_with_content_types_and_no_traversal() {
    let dir = www();
    let s = Server::start(&["--www", dir.to_str().unwrap(), "--seed", "empty"]);
    let r = s.get("/");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("Content-Type").as_deref(), Some("text/html; charset=utf-8"));
    assert!(r.text().contains("<title>demo</title>"));
    for (p, ct) in [
        ("/pkg/imagetag_bg.wasm", "application/wasm"),
        ("/pkg/imagetag.js", "text/javascript; charset=utf-8"),
        ("/app.mjs", "text/javascript; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/index.html", "text/html; charset=utf-8"),
    ] {
        let r = s.get(p);
        assert_eq!(r.status, 200, "{p}");
        assert_eq!(r.header("Content-Type").as_deref(), Some(ct), "{p}");
    }
    assert_eq!(s.get("/pkg/imagetag_bg.wasm").body, b"\0asm\x01\0\0\0");
    for p in [
        "/../secret.txt",
        "/pkg/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/pkg/%2E%2E/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/missing.js",
    ] {
        let r = s.get(p);
        assert_eq!(r.status, 404, "{p}: {}", r.text());
        assert!(!r.text().contains("secret\n") && r.text() != "secret", "{p}");
    }
    assert_eq!(s.req("POST", "/index.html").body("x").send().status, 405);
    let head = s.req("HEAD", "/").send();
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
}

#[test]
fn token_required_for_api_and_simulator_but_not_static() {
    let dir = www();
    let s = Server::start(&["--www", dir.to_str().unwrap(), "--token", "s3cret", "--seed", "demo"]);
    let p = path("demo", Some("app:latest"));
    let r = s.get(&p);
    assert_status(&r, 401, "Unauthorized", "Unauthorized", None);
    assert_eq!(s.req("GET", &p).header("Authorization", "Bearer wrong").send().status, 401);
    assert_eq!(s.req("GET", &p).header("Authorization", "Bearer s3cret").send().status, 200);
    assert_eq!(s.post("/simulator/v1/import", &json!({})).status, 401);
    assert_eq!(s.get("/").status, 200);
}

#[test]
fn cors_preflight_and_headers() {
    let s = Server::start(&["--cors-origin", "http://127.0.0.1:9999", "--token", "t", "--seed", "demo"]);
    let r = s
        .req("OPTIONS", &path("demo", Some("app:latest")))
        .header("Origin", "http://127.0.0.1:9999")
        .header("Access-Control-Request-Method", "PUT")
        .header("Access-Control-Request-Headers", "authorization, content-type")
        .send();
    assert_eq!(r.status, 204, "preflight needs no token");
    assert_eq!(r.header("Access-Control-Allow-Origin").as_deref(), Some("http://127.0.0.1:9999"));
    assert!(r.header("Access-Control-Allow-Methods").unwrap().contains("PATCH"));
    assert_eq!(r.header("Access-Control-Allow-Headers").as_deref(), Some("authorization, content-type"));
    let r = s
        .req("GET", &path("demo", Some("app:latest")))
        .header("Origin", "http://127.0.0.1:9999")
        .header("Authorization", "Bearer t")
        .send();
    assert_eq!(r.status, 200);
    assert_eq!(r.header("Access-Control-Allow-Origin").as_deref(), Some("http://127.0.0.1:9999"));
    assert!(r.header("Access-Control-Expose-Headers").unwrap().contains("Retry-After"));
    // Errors carry the headers too, so a page can read the Status.
    let r = s.req("GET", &path("demo", Some("app:latest"))).header("Origin", "http://127.0.0.1:9999").send();
    assert_eq!(r.status, 401);
    assert_eq!(r.header("Access-Control-Allow-Origin").as_deref(), Some("http://127.0.0.1:9999"));
    let any = Server::start(&["--cors-origin", "*", "--seed", "empty"]);
    assert_eq!(any.get(&path("x", None)).header("Access-Control-Allow-Origin").as_deref(), Some("*"));
    // Without --cors-origin, no CORS headers.
    let none = Server::start(&["--seed", "empty"]);
    assert!(none.get(&path("x", None)).header("Access-Control-Allow-Origin").is_none());
}

#[test]
fn upstream_forwards_api_with_the_token_and_serves_static_locally() {
    let cluster = Server::start(&["--token", "user-token", "--seed", "demo", "--import-delay", "manual"]);
    let dir = www();
    let front = Server::start(&["--upstream", &cluster.url(), "--www", dir.to_str().unwrap()]);
    let p = path("demo", Some("app:latest"));
    let direct = cluster.req("GET", &p).header("Authorization", "Bearer user-token").send();
    let via = front.req("GET", &p).header("Authorization", "Bearer user-token").send();
    assert_eq!(via.status, 200);
    assert_eq!(via.body, direct.body);
    // Errors come back as the cluster sent them.
    assert_eq!(front.get(&p).status, 401);
    let r = front.req("GET", &path("demo", Some("nope:x"))).header("Authorization", "Bearer user-token").send();
    assert_eq!(r.json()["details"]["kind"], "imagestreams");
    // Writes go through with bodies and codes.
    let r = front
        .req("POST", &path("demo", None))
        .header("Authorization", "Bearer user-token")
        .json(&docker_tag("app:via", "quay.io/a/b:1"))
        .send();
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(
        cluster.req("GET", &path("demo", Some("app:via"))).header("Authorization", "Bearer user-token").send().status,
        200
    );
    // Static files are local; the simulator is not offered.
    assert_eq!(front.get("/").status, 200);
    assert_eq!(front.post("/simulator/v1/import", &json!({})).status, 404);
    // An unreachable upstream is a 502 Status.
    let dead = Server::start(&["--upstream", "http://127.0.0.1:9"]);
    let r = dead.get(&p);
    assert_eq!(r.status, 502);
    assert_eq!(r.json()["kind"], "Status");
}

#[test]
fn bad_arguments_stop_with_a_message() {
    let e = Server::try_start(&["--seed", "bogus"]).err().unwrap();
    assert!(e.contains("--seed must be demo or empty"), "{e}");
    let e = Server::try_start(&["--frobnicate"]).err().unwrap();
    assert!(e.contains("unknown argument"), "{e}");
}

#[test]
fn help_lists_every_flag_with_its_default() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_imagetag-devserver")).arg("--help").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--listen",
        "--data",
        "--seed ",
        "--seed-dates",
        "--www",
        "--token",
        "--users",
        "--tls-cert",
        "--tls-key",
        "--cors-origin",
        "--upstream ",
        "--upstream-token",
        "--allowed-host",
        "--import-delay",
        "--read-timeout",
        "--state-limit",
    ] {
        assert!(text.contains(flag), "{flag} missing from --help:\n{text}");
    }
    assert!(text.contains("[default: 127.0.0.1:8080]") && text.contains("[default: 30000]"), "{text}");
}
