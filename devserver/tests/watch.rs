//! `imagestreams` list, get and watch over real HTTP (docs/watch.md).

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::*;
use serde_json::Value;

const IS: &str = "/apis/image.openshift.io/v1/namespaces/demo/imagestreams";

/// An open watch: the answer's head, then one JSON event per line, read chunk by chunk.
struct Watch {
    status: u16,
    content_type: String,
    /// The answer's header lines, lowercased.
    head: String,
    r: BufReader<TcpStream>,
    pending: Vec<u8>,
    ended: bool,
}

impl Watch {
    fn open(addr: &str, path: &str, auth: Option<&str>) -> Watch {
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let a = auth.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
        write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\n{a}Connection: close\r\n\r\n").unwrap();
        let mut r = BufReader::new(s);
        let mut head = String::new();
        loop {
            let mut l = String::new();
            r.read_line(&mut l).unwrap();
            if l == "\r\n" || l.is_empty() {
                break;
            }
            head.push_str(&l);
        }
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        let content_type = head
            .lines()
            .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-type:").map(|v| v.trim().to_string()))
            .unwrap_or_default();
        let chunked = head.to_ascii_lowercase().contains("transfer-encoding: chunked");
        let mut w =
            Watch { status, content_type, head: head.to_ascii_lowercase(), r, pending: Vec::new(), ended: false };
        if !chunked {
            let mut rest = Vec::new();
            let _ = w.r.read_to_end(&mut rest);
            w.pending = rest;
            w.ended = true;
        }
        w
    }

    /// The next event, or `None` when the stream ended.
    fn next(&mut self) -> Option<Value> {
        let mut buf = Vec::new();
        loop {
            if let Some(i) = buf.iter().position(|b| *b == b'\n') {
                let line: Vec<u8> = buf.drain(..=i).collect();
                self.pending.splice(0..0, buf);
                return Some(serde_json::from_slice(&line).unwrap_or_else(|e| panic!("{e}: {line:?}")));
            }
            match self.chunk() {
                Some(c) => buf.extend(c),
                None => {
                    assert!(buf.is_empty(), "a cut line at the end: {buf:?}");
                    return None;
                }
            }
        }
    }

    /// The next chunk of the body as it came (`None` at the end).
    fn chunk(&mut self) -> Option<Vec<u8>> {
        if !self.pending.is_empty() {
            return Some(std::mem::take(&mut self.pending));
        }
        if self.ended {
            return None;
        }
        let mut size = String::new();
        self.r.read_line(&mut size).expect("chunk size");
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            self.ended = true;
            return None;
        }
        let mut buf = vec![0; n + 2];
        self.r.read_exact(&mut buf).unwrap();
        buf.truncate(n);
        Some(buf)
    }

    /// The next event that is not a bookmark.
    fn change(&mut self) -> Option<Value> {
        loop {
            let e = self.next()?;
            if e["type"] != "BOOKMARK" {
                return Some(e);
            }
        }
    }
}

fn names(events: &[Value]) -> Vec<String> {
    events.iter().map(|e| e["object"]["metadata"]["name"].as_str().unwrap().to_string()).collect()
}

fn rv(v: &Value) -> u64 {
    v["metadata"]["resourceVersion"].as_str().unwrap().parse().unwrap()
}

#[test]
fn list_get_and_read_only() {
    let s = Server::start(&[]);
    let list = s.get(IS).json();
    assert_eq!(list["kind"], "ImageStreamList");
    let items = list["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(rv(&list) >= items.iter().map(rv).max().unwrap());
    // One store: the imagetags are the projection of these streams.
    let tags = s.get(&path("demo", None)).json();
    let from_streams: usize = items
        .iter()
        .map(|i| {
            let mut n: Vec<&str> =
                i["spec"]["tags"].as_array().into_iter().flatten().map(|t| t["name"].as_str().unwrap()).collect();
            n.extend(i["status"]["tags"].as_array().into_iter().flatten().map(|t| t["tag"].as_str().unwrap()));
            n.sort();
            n.dedup();
            n.len()
        })
        .sum();
    assert_eq!(tags["items"].as_array().unwrap().len(), from_streams);
    let name = items[0]["metadata"]["name"].as_str().unwrap();
    let one = s.get(&format!("{IS}/{name}")).json();
    assert_eq!((one["kind"].as_str(), &one["metadata"]), (Some("ImageStream"), &items[0]["metadata"]));
    assert_status(
        &s.get(&format!("{IS}/nope")),
        404,
        "NotFound",
        "imagestreams.image.openshift.io \"nope\" not found",
        Some(serde_json::json!({"group": "image.openshift.io", "kind": "imagestreams", "name": "nope"})),
    );
    let all = s.get("/apis/image.openshift.io/v1/imagestreams").json();
    assert!(all["items"].as_array().unwrap().len() >= items.len());
    let one_by_field = s.get(&format!("{IS}?fieldSelector=metadata.name%3D{name}")).json();
    assert_eq!(
        names(
            &one_by_field["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| serde_json::json!({"object": i}))
                .collect::<Vec<_>>()
        ),
        [name]
    );
    // Writes are refused with a Status; imagetags still have no watch.
    let r = s.post(IS, &serde_json::json!({"kind": "ImageStream"}));
    assert_eq!((r.status, r.json()["reason"].as_str()), (405, Some("MethodNotAllowed")), "{}", r.text());
    assert_eq!(s.delete(&format!("{IS}/{name}")).status, 405);
    assert_eq!(s.get(&format!("{}?watch=true", path("demo", None))).status, 405);
    // Discovery lists what is served.
    let d = s.get("/apis/image.openshift.io/v1").json();
    let r = d["resources"].as_array().unwrap().iter().find(|r| r["name"] == "imagestreams").expect("listed").clone();
    assert_eq!(
        (r["kind"].as_str(), &r["verbs"], &r["shortNames"]),
        (Some("ImageStream"), &serde_json::json!(["get", "list", "watch"]), &serde_json::json!(["is"]))
    );
}

#[test]
fn initial_added_then_writes_and_imports_within_a_second() {
    let s = Server::start(&["--import-delay", "300"]);
    let list = s.get(IS).json();
    let n = list["items"].as_array().unwrap().len();
    let mut w = Watch::open(&s.addr, &format!("{IS}?watch=1"), None);
    assert_eq!((w.status, w.content_type.as_str()), (200, "application/json"));
    let first: Vec<Value> = (0..n).map(|_| w.change().unwrap()).collect();
    assert!(first.iter().all(|e| e["type"] == "ADDED" && e["object"]["kind"] == "ImageStream"));
    assert_eq!(
        names(&first),
        names(&list["items"].as_array().unwrap().iter().map(|i| serde_json::json!({"object": i})).collect::<Vec<_>>())
    );
    let t0 = Instant::now();
    let r = s.post(&path("demo", None), &docker_tag("livewatch:v1", "quay.io/example/app:latest"));
    assert_eq!(r.status, 201, "{}", r.text());
    let e = w.change().unwrap();
    assert_eq!((e["type"].as_str(), e["object"]["metadata"]["name"].as_str()), (Some("ADDED"), Some("livewatch")));
    assert!(t0.elapsed() < Duration::from_secs(1));
    assert_eq!(e["object"]["metadata"]["resourceVersion"], r.json()["metadata"]["resourceVersion"]);
    // The import finishing (300 ms later) arrives as MODIFIED with the tag's status.
    let e = w.change().unwrap();
    assert_eq!(e["type"], "MODIFIED");
    assert!(e["object"]["status"]["tags"].as_array().is_some_and(|t| t.iter().any(|t| t["tag"] == "v1")), "{e}");
    assert!(t0.elapsed() < Duration::from_secs(2));
    // Deleting the last tag deletes nothing else; a DELETED has the last state with a new version.
    let before = rv(&e["object"]);
    assert_eq!(s.delete(&path("demo", Some("livewatch:v1"))).status, 200);
    let e = w.change().unwrap();
    assert!(rv(&e["object"]) > before, "{e}");
}

#[test]
fn resume_expired_and_too_large() {
    let s = Server::start(&[]);
    let list = s.get(IS).json();
    let from = rv(&list);
    assert_eq!(s.post(&path("demo", None), &docker_tag("resumed:v1", "quay.io/example/app:latest")).status, 201);
    let mut w = Watch::open(&s.addr, &format!("{IS}?watch=true&resourceVersion={from}&timeoutSeconds=1"), None);
    let e = w.change().unwrap();
    assert_eq!((e["type"].as_str(), e["object"]["metadata"]["name"].as_str()), (Some("ADDED"), Some("resumed")));
    assert!(rv(&e["object"]) > from);
    // Only the changes after the version: nothing else until the timeout ends it.
    assert_eq!(w.change(), None);
    // Older than the server keeps (before it started): one ERROR 410, then the end.
    let mut w = Watch::open(&s.addr, &format!("{IS}?watch=1&resourceVersion=5"), None);
    let e = w.next().unwrap();
    assert_eq!(e["type"], "ERROR");
    assert_eq!((e["object"]["code"].as_u64(), e["object"]["reason"].as_str()), (Some(410), Some("Expired")));
    // The oldest version kept: the one after the server's first state (the list's, before the write).
    assert_eq!(e["object"]["message"], format!("too old resource version: 5 ({})", from + 1));
    assert_eq!(w.next(), None);
    // Newer than the server's (a restart): Too large, which clients answer by listing again.
    let mut w = Watch::open(&s.addr, &format!("{IS}?watch=1&resourceVersion=99999999"), None);
    let e = w.next().unwrap();
    assert_eq!(
        (e["type"].as_str(), e["object"]["code"].as_u64(), e["object"]["reason"].as_str()),
        (Some("ERROR"), Some(504), Some("Timeout"))
    );
    assert_eq!(e["object"]["details"]["causes"][0]["reason"], "ResourceVersionTooLarge");
    assert!(e["object"]["message"].as_str().unwrap().starts_with("Too large resource version: 99999999, current: "));
    assert_eq!(w.next(), None);
}

#[test]
fn bookmarks_and_timeout() {
    let s = Server::start(&["--bookmark-interval", "200"]);
    let from = rv(&s.get(IS).json());
    let t0 = Instant::now();
    let mut w = Watch::open(
        &s.addr,
        &format!("{IS}?watch=1&resourceVersion={from}&allowWatchBookmarks=true&timeoutSeconds=1"),
        None,
    );
    let mut bookmarks = 0;
    while let Some(e) = w.next() {
        assert_eq!(e["type"], "BOOKMARK", "{e}");
        assert_eq!(
            e["object"],
            serde_json::json!({"kind": "ImageStream", "apiVersion": "image.openshift.io/v1", "metadata": {"resourceVersion": from.to_string()}})
        );
        bookmarks += 1;
    }
    let took = t0.elapsed();
    assert!(bookmarks >= 3, "{bookmarks}");
    assert!(took >= Duration::from_millis(900) && took < Duration::from_secs(3), "{took:?}");
    // Without allowWatchBookmarks, none.
    let mut w = Watch::open(&s.addr, &format!("{IS}?watch=1&resourceVersion={from}&timeoutSeconds=1"), None);
    assert_eq!(w.next(), None);
}

#[test]
fn selectors_and_all_namespaces() {
    let s = Server::start(&[]);
    let from = rv(&s.get(IS).json());
    let mut one = Watch::open(
        &s.addr,
        &format!("{IS}?watch=1&resourceVersion={from}&fieldSelector=metadata.name%3Dpicked&timeoutSeconds=2"),
        None,
    );
    let all = format!("/apis/image.openshift.io/v1/imagestreams?watch=1&resourceVersion={from}&timeoutSeconds=2");
    let mut every = Watch::open(&s.addr, &all, None);
    assert_eq!(s.post(&path("demo", None), &docker_tag("other:v1", "quay.io/x/y:1")).status, 201);
    assert_eq!(s.post(&path("demo", None), &docker_tag("picked:v1", "quay.io/x/y:1")).status, 201);
    assert_eq!(s.post(&path("demo", None), &docker_tag("team:v1", "quay.io/x/y:1")).status, 201);
    let e = one.change().unwrap();
    assert_eq!(e["object"]["metadata"]["name"], "picked");
    assert_eq!(one.change(), None);
    let mut seen = Vec::new();
    while let Some(e) = every.change() {
        seen.push(e["object"]["metadata"]["name"].as_str().unwrap().to_string());
    }
    assert_eq!(seen, ["other", "picked", "team"]);
    // Labels filter (the seed labels shop's streams; imagetag writes do not set stream labels, so the
    // DELETED-on-unmatch rule is a unit test in src/watch.rs).
    let mut labelled = Watch::open(
        &s.addr,
        "/apis/image.openshift.io/v1/imagestreams?watch=1&labelSelector=app.kubernetes.io%2Fpart-of%3Dshop&timeoutSeconds=1",
        None,
    );
    let mut seen = Vec::new();
    while let Some(e) = labelled.change() {
        assert_eq!(e["type"], "ADDED");
        let m = &e["object"]["metadata"];
        seen.push(format!("{}/{}", m["namespace"].as_str().unwrap(), m["name"].as_str().unwrap()));
    }
    assert_eq!(seen, ["demo/app", "shop/cart", "shop/payments"]);
}

#[test]
fn auth_on_watch() {
    let dir = temp_dir("watch-users");
    let users = dir.join("users.json");
    std::fs::write(
        &users,
        r#"{"users": [{"token": "lister", "name": "l", "rules": [{"verbs": ["get", "list"], "resources": ["imagestreams"]}]},
                      {"token": "watcher", "name": "w", "rules": [{"verbs": ["watch"], "resources": ["imagestreams"]}]}]}"#,
    )
    .unwrap();
    let s = Server::start(&["--users", users.to_str().unwrap()]);
    let p = format!("{IS}?watch=1&timeoutSeconds=1");
    let w = Watch::open(&s.addr, &p, None);
    assert_eq!(w.status, 401);
    let w = Watch::open(&s.addr, &p, Some("lister"));
    assert_eq!(w.status, 403);
    let mut w = Watch::open(&s.addr, &p, Some("watcher"));
    assert_eq!(w.status, 200);
    assert_eq!(w.change().unwrap()["type"], "ADDED");
    // CORS as on every other path.
    let s = Server::start(&["--cors-origin", "https://app.example"]);
    let w = Watch::open(&s.addr, &p, None);
    assert_eq!(w.status, 200);
    assert!(w.head.contains("access-control-allow-origin: https://app.example"), "{}", w.head);
    assert!(w.head.contains("transfer-encoding: chunked"), "{}", w.head);
}

/// A reset is a change like any other: every stream it removes arrives as DELETED, with versions after
/// every earlier one (the fresh state's versions go on from the old ones).
#[test]
fn reset_deletes_with_newer_versions() {
    let s = Server::start(&[]);
    let list = s.get(IS).json();
    let from = rv(&list);
    let mut w = Watch::open(&s.addr, &format!("{IS}?watch=1&resourceVersion={from}&timeoutSeconds=1"), None);
    let r = s
        .req("POST", "/simulator/v1/reset")
        .header("Content-Type", "application/json")
        .body(r#"{"seed": "empty"}"#)
        .send();
    assert_eq!(r.status, 200, "{}", r.text());
    let mut deleted = Vec::new();
    while let Some(e) = w.change() {
        assert_eq!(e["type"], "DELETED", "{e}");
        assert!(rv(&e["object"]) > from);
        deleted.push(e);
    }
    assert_eq!(
        names(&deleted),
        names(&list["items"].as_array().unwrap().iter().map(|i| serde_json::json!({"object": i})).collect::<Vec<_>>())
    );
    assert!(rv(&s.get(IS).json()) > from);
}

/// The core's watch machine (what `client.watch` runs) against this server: it lists, watches from the
/// list's version, and a write and its import arrive as the ImageTag events whose objects are what the
/// server's own imagetags answer (one projection on both sides).
#[test]
fn the_core_watcher_derives_imagetag_events_from_this_server() {
    use imagetag::client::watch::{Event, RequestKind, Step, WatchOptions, Watcher};
    use imagetag::client::{Answer, ClientConfig};
    let s = Server::start(&["--import-delay", "200"]);
    let base = s.url();
    let mut w = Watcher::new(
        &ClientConfig::new(&base),
        WatchOptions { namespace: Some("demo".into()), timeout_seconds: 5, ..WatchOptions::default() },
    )
    .unwrap();
    let Step::Send(list) = w.next_step() else { panic!("a list first") };
    assert_eq!(list.kind, RequestKind::ListStreams);
    let r = s.get(list.url.strip_prefix(&base).unwrap());
    let answer =
        Answer { status: r.status, content_type: r.header("content-type"), body: r.text(), ..Answer::default() };
    let events = w.on_answer(Ok(answer));
    let tags = s.get(&path("demo", None)).json();
    let n = tags["items"].as_array().unwrap().len();
    assert_eq!(events.iter().filter(|e| e.type_name() == "ADDED").count(), n);
    let Step::Send(watch) = w.next_step() else { panic!() };
    assert_eq!(watch.kind, RequestKind::WatchStreams);
    let mut body = Watch::open(&s.addr, watch.url.strip_prefix(&base).unwrap(), None);
    assert_eq!(body.status, 200);
    assert_eq!(w.on_watch_open(0.0).first().map(Event::type_name), Some("SYNCED"));
    assert_eq!(s.post(&path("demo", None), &docker_tag("derived:v1", "quay.io/example/app:latest")).status, 201);
    let mut got = Vec::new();
    while got.len() < 2 {
        let chunk = body.chunk().expect("the watch goes on");
        got.extend(w.on_chunk(&chunk).into_iter().filter(|e| e.object().is_some_and(|t| t.name() == "derived:v1")));
    }
    assert_eq!((got[0].type_name(), got[1].type_name()), ("ADDED", "MODIFIED"));
    // The last object is exactly the server's imagetag as a list gives it, with kind and apiVersion.
    let mut item = s.get(&path("demo", None)).json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["metadata"]["name"] == "derived:v1")
        .unwrap()
        .clone();
    item["kind"] = "ImageTag".into();
    item["apiVersion"] = "image.openshift.io/v1".into();
    item["image"] = Value::Null;
    let derived: Value = serde_json::from_str(&got[1].object().unwrap().to_json()).unwrap();
    assert_eq!(derived, item);
}

/// The `drop` fault with `afterBytes` cuts the next watch mid-event: the connection ends without the final
/// chunk after exactly that many bytes of the body; the watch after it is whole.
#[test]
fn a_drop_fault_cuts_a_watch_mid_event() {
    let s = Server::start(&[]);
    let fault = r#"{"type": "drop", "afterBytes": 100, "pathContains": "imagestreams"}"#;
    let r = s.req("POST", "/simulator/v1/faults").header("Content-Type", "application/json").body(fault).send();
    assert_eq!(r.status, 200, "{}", r.text());
    let p = format!("{IS}?watch=1&timeoutSeconds=1");
    let mut w = Watch::open(&s.addr, &p, None);
    assert_eq!(w.status, 200);
    let mut body = Vec::new();
    while let Some(c) = w.chunk() {
        body.extend(c);
    }
    assert_eq!(body.len(), 100);
    assert!(!body.contains(&b'\n'), "cut inside the first event");
    // The stream ended without its last chunk: the chunk reader saw the connection close.
    assert!(w.r.fill_buf().map(|b| b.is_empty()).unwrap_or(true));
    let mut w = Watch::open(&s.addr, &p, None);
    assert_eq!(w.change().unwrap()["type"], "ADDED");
}
