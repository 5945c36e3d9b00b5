//! Many parallel writers on one stream: every write is either acknowledged and visible, or refused with
//! 409; none is lost or applied twice.

mod common;
use common::*;
use serde_json::json;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

#[test]
fn parallel_read_modify_write_counts_exactly() {
    let dir = temp_dir("conc");
    let data = dir.join("state.json");
    let s = Server::start(&["--data", data.to_str().unwrap(), "--import-delay", "manual"]);
    let body = json!({"metadata": {"name": "c:counter"}, "spec": {"annotations": {"n": "0"}, "from": {"kind": "DockerImage", "name": "quay.io/c/c:1"}}});
    assert_eq!(s.post(&path("conc", None), &body).status, 201);
    let acked = Arc::new(AtomicU64::new(0));
    let refused = Arc::new(AtomicU64::new(0));
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let addr = s.addr.clone();
            let (acked, refused) = (acked.clone(), refused.clone());
            std::thread::spawn(move || {
                let c = Client { addr };
                for _ in 0..12 {
                    let mut cur = c.get(&path("conc", Some("c:counter"))).json();
                    let n: u64 = cur["spec"]["annotations"]["n"].as_str().unwrap().parse().unwrap();
                    cur["spec"]["annotations"]["n"] = json!((n + 1).to_string());
                    let r = c.put(&path("conc", Some("c:counter")), &cur);
                    match r.status {
                        200 => {
                            // Visible right after the acknowledgement: at least our value.
                            let now = c.get(&path("conc", Some("c:counter"))).json();
                            let seen: u64 = now["spec"]["annotations"]["n"].as_str().unwrap().parse().unwrap();
                            assert!(seen > n);
                            acked.fetch_add(1, Ordering::SeqCst);
                        }
                        409 => {
                            let v = r.json();
                            assert_eq!(v["reason"], "Conflict");
                            assert!(v["message"]
                                .as_str()
                                .unwrap()
                                .contains("another caller has updated the resource version to"));
                            refused.fetch_add(1, Ordering::SeqCst);
                        }
                        other => panic!("unexpected {other}: {}", r.text()),
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let (a, r) = (acked.load(Ordering::SeqCst), refused.load(Ordering::SeqCst));
    assert_eq!(a + r, 96);
    assert!(a > 0);
    let v = s.get(&path("conc", Some("c:counter"))).json();
    assert_eq!(v["spec"]["annotations"]["n"], a.to_string(), "acknowledged {a}, refused {r}");
}

#[test]
fn parallel_creates_of_one_tag_one_wins() {
    let s = Server::start(&["--seed", "empty", "--import-delay", "manual"]);
    let threads: Vec<_> = (0..10)
        .map(|i| {
            let addr = s.addr.clone();
            std::thread::spawn(move || {
                let c = Client { addr };
                let r = c.post(&path("race", None), &docker_tag("one:tag", &format!("quay.io/r/r:{i}")));
                (r.status, r.json())
            })
        })
        .collect();
    let results: Vec<(u16, serde_json::Value)> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let wins: Vec<_> = results.iter().filter(|(c, _)| *c == 201).collect();
    assert_eq!(wins.len(), 1);
    for (c, v) in &results {
        if *c != 201 {
            assert_eq!(*c, 409);
            assert_eq!(v["reason"], "AlreadyExists");
        }
    }
    let got = s.get(&path("race", Some("one:tag"))).json();
    assert_eq!(got["spec"]["from"], wins[0].1["spec"]["from"]);
    // Blind PUTs from many writers on different tags of one stream: all applied.
    let threads: Vec<_> = (0..10)
        .map(|i| {
            let addr = s.addr.clone();
            std::thread::spawn(move || {
                let c = Client { addr };
                let r = c.put(&path("race", Some(&format!("one:t{i}"))), &json!({"metadata": {"name": format!("one:t{i}")}, "spec": {"name": format!("t{i}"), "from": {"kind": "DockerImage", "name": "quay.io/r/r:1"}}}));
                r.status
            })
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap(), 201);
    }
    let list = s.get(&path("race", None)).json();
    assert_eq!(list["items"].as_array().unwrap().len(), 11);
    let g = &list["items"][0]["metadata"]["generation"];
    assert_eq!(g, 11, "each spec write bumped the stream generation exactly once");
}
