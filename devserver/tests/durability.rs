//! `--data`: nothing acknowledged is lost when the process is killed (SIGKILL) at random points, and a
//! corrupt file stops start-up instead of being overwritten.

mod common;
use common::*;
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn acknowledged_writes_survive_sigkill() {
    let dir = temp_dir("durable");
    let data = dir.join("state.json");
    let data_s = data.to_str().unwrap().to_string();
    let mut rng = Lcg(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64);
    // name -> should exist (true after an acknowledged create, false after an acknowledged delete)
    let expected: Arc<Mutex<BTreeMap<String, bool>>> = Arc::new(Mutex::new(BTreeMap::new()));
    let mut counter = 0u64;
    for round in 0..4 {
        let mut s = Server::start(&["--data", &data_s, "--import-delay", "manual"]);
        // Everything acknowledged so far is there.
        for (name, present) in expected.lock().unwrap().iter() {
            let code = s.get(&path("durable", Some(name))).status;
            assert_eq!(code, if *present { 200 } else { 404 }, "round {round}: {name}");
        }
        let addr = s.addr.clone();
        let exp = expected.clone();
        let start = counter;
        let writers: Vec<_> = (0..3)
            .map(|w| {
                let addr = addr.clone();
                let exp = exp.clone();
                std::thread::spawn(move || {
                    let client = Client { addr };
                    let mut i = start + w * 100_000;
                    loop {
                        i += 1;
                        let name = format!("s{}:t{i}", i % 4);
                        let body = json!({"metadata": {"name": name}, "spec": {"reference": true, "from": {"kind": "DockerImage", "name": format!("quay.io/d/x:{i}")}}});
                        match client.req("POST", &path("durable", None)).json(&body).try_send() {
                            Ok(r) if r.status == 201 => {
                                exp.lock().unwrap().insert(name.clone(), true);
                            }
                            Ok(r) => panic!("unexpected answer {}: {}", r.status, r.text()),
                            Err(_) => break,
                        }
                        if i.is_multiple_of(5) {
                            match client.req("DELETE", &path("durable", Some(&name))).try_send() {
                                Ok(r) if r.status == 200 => {
                                    exp.lock().unwrap().insert(name, false);
                                }
                                Ok(r) => panic!("unexpected answer {}: {}", r.status, r.text()),
                                Err(_) => {
                                    // Not acknowledged: either outcome is allowed.
                                    exp.lock().unwrap().remove(&name);
                                    break;
                                }
                            }
                        }
                    }
                })
            })
            .collect();
        std::thread::sleep(std::time::Duration::from_millis(150 + rng.next() % 400));
        // SIGKILL, no chance to clean up.
        s.kill();
        for w in writers {
            w.join().unwrap();
        }
        counter += 1_000_000;
    }
    let s = Server::start(&["--data", &data_s]);
    let exp = expected.lock().unwrap();
    assert!(exp.values().filter(|p| **p).count() > 10, "the writers got something done");
    for (name, present) in exp.iter() {
        assert_eq!(s.get(&path("durable", Some(name))).status, if *present { 200 } else { 404 }, "{name}");
    }
    // The file is a complete, loadable state file.
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&data).unwrap()).unwrap();
    assert_eq!(v["format"], 1);
}

#[test]
fn corrupt_data_file_stops_start_up_and_is_left_alone() {
    let dir = temp_dir("corrupt");
    let data = dir.join("state.json");
    std::fs::write(&data, b"{\"format\":1,\"streams\":{\"x\"").unwrap();
    let e = Server::try_start(&["--data", data.to_str().unwrap()]).err().expect("refuses to start");
    assert!(e.contains("is corrupt") && e.contains("refusing to start"), "{e}");
    assert_eq!(std::fs::read(&data).unwrap(), b"{\"format\":1,\"streams\":{\"x\"");
    std::fs::write(&data, b"").unwrap();
    assert!(Server::try_start(&["--data", data.to_str().unwrap()]).is_err());
}

#[test]
fn data_file_defaults_to_empty_and_seed_demo_is_kept() {
    let dir = temp_dir("seeded");
    let fresh = dir.join("fresh.json");
    let s = Server::start(&["--data", fresh.to_str().unwrap()]);
    assert_eq!(s.get(&path("demo", None)).json()["items"], serde_json::Value::Null);
    drop(s);
    let demo = dir.join("demo.json");
    let s = Server::start(&["--data", demo.to_str().unwrap(), "--seed", "demo"]);
    assert_eq!(s.get(&path("demo", Some("app:latest"))).status, 200);
    s.delete(&path("demo", Some("app:latest")));
    drop(s);
    // A restart loads the file (the seed applies only to a new file).
    let s = Server::start(&["--data", demo.to_str().unwrap(), "--seed", "demo"]);
    assert_eq!(s.get(&path("demo", Some("app:latest"))).status, 404);
    assert_eq!(s.get(&path("demo", Some("app:canary"))).status, 200);
}
