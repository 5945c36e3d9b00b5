//! The simulated import controller, registry revisions and pushes (§2.12), and the faults endpoint.

mod common;
use common::*;
use serde_json::{json, Value};

fn manual() -> Server {
    Server::start(&["--seed", "empty", "--import-delay", "manual"])
}

fn import(s: &Server, body: Value) -> Value {
    let r = s.post("/simulator/v1/import", &body);
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

#[test]
fn created_docker_image_tag_gets_history_on_import() {
    let s = manual();
    let created = s.post(&path("demo", None), &docker_tag("app:latest", "quay.io/example/app:latest")).json();
    assert!(created["status"].is_null(), "no import inside the request");
    let rep = import(&s, json!({}));
    assert_eq!(rep["results"][0]["result"], "Success");
    let v = s.get(&path("demo", Some("app:latest"))).json();
    let items = v["status"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    let digest = items[0]["image"].as_str().unwrap();
    assert!(digest.starts_with("sha256:") && digest.len() == 71);
    assert_eq!(items[0]["dockerImageReference"], format!("quay.io/example/app@{digest}"));
    // spec.generation == items[0].generation == metadata.generation
    assert_eq!(items[0]["generation"], 2);
    assert_eq!(v["spec"]["generation"], 2);
    assert_eq!(v["metadata"]["generation"], 2);
    assert!(v["metadata"]["annotations"]["openshift.io/image.dockerRepositoryCheck"].is_string());
    assert_eq!(v["image"]["metadata"]["name"], digest);
    assert_eq!(v["image"]["dockerImageReference"], items[0]["dockerImageReference"]);
    assert!(v["image"]["dockerImageLayers"].as_array().unwrap().len() >= 2);
    // Same source, same digest: another stream importing it records the same image.
    s.post(&path("other", None), &docker_tag("copy:x", "quay.io/example/app:latest"));
    import(&s, json!({"namespace": "other"}));
    assert_eq!(s.get(&path("other", Some("copy:x"))).json()["status"]["items"][0]["image"], digest);
}

#[test]
fn immediate_imports_by_default() {
    let s = Server::start(&["--seed", "empty"]);
    let r = s.post(&path("demo", None), &docker_tag("app:latest", "quay.io/example/app:latest"));
    assert!(r.json()["status"].is_null(), "the response shows the pending state");
    let v = s.get(&path("demo", Some("app:latest"))).json();
    assert_eq!(v["status"]["items"].as_array().unwrap().len(), 1, "imported by the time the response arrived");
}

#[test]
fn invalid_registry_fails_with_import_success_false() {
    let s = manual();
    s.post(&path("demo", None), &docker_tag("app:broken", "registry.example.invalid/team/app:1.0"));
    let rep = import(&s, json!({"namespace": "demo", "stream": "app"}));
    assert_eq!(rep["results"][0]["result"], "Failure");
    let v = s.get(&path("demo", Some("app:broken"))).json();
    assert!(v["status"]["items"].is_null());
    let c = &v["status"]["conditions"][0];
    assert_eq!(c["type"], "ImportSuccess");
    assert_eq!(c["status"], "False");
    assert_eq!(c["reason"], "NotFound");
    assert_eq!(c["message"], "dockerimage.image.openshift.io \"registry.example.invalid/team/app:1.0\" not found");
    assert_eq!(c["generation"], v["spec"]["generation"]);
    let t = c["lastTransitionTime"].clone();
    // A repeated failure changes nothing.
    let rv = v["metadata"]["resourceVersion"].clone();
    import(&s, json!({"scheduled": true}));
    let v2 = s.get(&path("demo", Some("app:broken"))).json();
    assert_eq!(v2["metadata"]["resourceVersion"], rv);
    assert_eq!(v2["status"]["conditions"][0]["lastTransitionTime"], t);
    // Unauthorized sources.
    s.post(
        "/simulator/v1/registry/publish",
        &json!({"pullSpec": "registry.example.com/private/x:1", "failure": "Unauthorized"}),
    );
    s.post(&path("demo", None), &docker_tag("app:private", "registry.example.com/private/x:1"));
    import(&s, json!({}));
    let c = s.get(&path("demo", Some("app:private"))).json()["status"]["conditions"][0].clone();
    assert_eq!(c["reason"], "Unauthorized");
    assert_eq!(c["message"], "you may not have access to the container image \"registry.example.com/private/x:1\"");
}

#[test]
fn republish_and_reimport_prepends_and_clears_conditions() {
    let s = manual();
    let mut body = docker_tag("app:latest", "quay.io/example/app:latest");
    body["spec"]["importPolicy"] = json!({"scheduled": true});
    s.post(&path("demo", None), &body);
    import(&s, json!({}));
    let first = s.get(&path("demo", Some("app:latest"))).json()["status"]["items"][0].clone();
    // Nothing published: a scheduled import changes nothing.
    let rep = import(&s, json!({"scheduled": true}));
    assert_eq!(rep["results"][0]["result"], "Unchanged");
    let p = s.post("/simulator/v1/registry/publish", &json!({"pullSpec": "quay.io/example/app:latest"}));
    assert_eq!(p.status, 200, "{}", p.text());
    assert_eq!(p.json()["revision"], 1);
    let new_digest = p.json()["digest"].as_str().unwrap().to_string();
    assert_ne!(new_digest, first["image"]);
    import(&s, json!({"scheduled": true}));
    let v = s.get(&path("demo", Some("app:latest"))).json();
    let items = v["status"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["image"], new_digest.as_str());
    assert_eq!(items[1], first);
    assert_eq!(items[0]["generation"], v["metadata"]["generation"]);
    // A failure keeps history; the next success clears the condition.
    s.post("/simulator/v1/registry/publish", &json!({"pullSpec": "quay.io/example/app:latest", "failure": "NotFound"}));
    import(&s, json!({"scheduled": true}));
    let v = s.get(&path("demo", Some("app:latest"))).json();
    assert_eq!(v["status"]["items"].as_array().unwrap().len(), 2);
    assert_eq!(v["status"]["conditions"][0]["reason"], "NotFound");
    assert_eq!(v["status"]["conditions"][0]["generation"], v["spec"]["generation"]);
    s.post("/simulator/v1/registry/publish", &json!({"pullSpec": "quay.io/example/app:latest"}));
    import(&s, json!({"scheduled": true}));
    let v = s.get(&path("demo", Some("app:latest"))).json();
    assert_eq!(v["status"]["items"].as_array().unwrap().len(), 3);
    assert!(v["status"].get("conditions").is_none());
    // A re-import request (generation 0) of an unchanged source only updates the generation.
    let mut cur = v.clone();
    cur["spec"]["generation"] = json!(0);
    s.put(&path("demo", Some("app:latest")), &cur);
    import(&s, json!({}));
    let v2 = s.get(&path("demo", Some("app:latest"))).json();
    assert_eq!(v2["status"]["items"].as_array().unwrap().len(), 3);
    assert_eq!(v2["status"]["items"][0]["generation"], v2["spec"]["generation"]);
    assert_eq!(v2["status"]["items"][0]["created"], v["status"]["items"][0]["created"]);
    let reg = s.get("/simulator/v1/registry").json();
    assert_eq!(reg["sources"]["quay.io/example/app:latest"]["revision"], 3);
}

#[test]
fn pushes_make_status_only_tags_and_tracking_tags_follow() {
    let s = manual();
    let r = s.post("/simulator/v1/push", &json!({"namespace": "builds", "stream": "web", "tag": "latest"}));
    assert_eq!(r.status, 201, "{}", r.text());
    let pushed = r.json();
    let digest = pushed["image"].as_str().unwrap().to_string();
    assert_eq!(
        pushed["dockerImageReference"],
        format!("image-registry.openshift-image-registry.svc:5000/builds/web@{digest}")
    );
    let v = s.get(&path("builds", Some("web:latest"))).json();
    assert!(v["spec"].is_null());
    assert_eq!(v["status"]["items"][0]["image"], digest.as_str());
    assert_eq!(v["status"]["items"][0]["generation"], 1);
    assert_eq!(v["image"]["metadata"]["annotations"]["openshift.io/image.managed"], "true");
    // A tag tracking it (ImageStreamTag in the same stream) receives each new push.
    s.post(
        &path("builds", None),
        &json!({"metadata": {"name": "web:prod"}, "spec": {"from": {"kind": "ImageStreamTag", "name": "latest"}}}),
    );
    let d2 = "sha256:".to_string() + &"ab".repeat(32);
    let r =
        s.post("/simulator/v1/push", &json!({"namespace": "builds", "stream": "web", "tag": "latest", "digest": d2}));
    assert_eq!(r.status, 201, "{}", r.text());
    let latest = s.get(&path("builds", Some("web:latest"))).json();
    assert_eq!(latest["status"]["items"].as_array().unwrap().len(), 2);
    let prod = s.get(&path("builds", Some("web:prod"))).json();
    assert_eq!(prod["status"]["items"][0]["image"], d2.as_str());
    assert_eq!(prod["status"]["items"].as_array().unwrap().len(), 2);
    // Bad input is a Status.
    let r = s.post("/simulator/v1/push", &json!({"namespace": "builds", "stream": "Bad_Name", "tag": "x"}));
    assert_eq!(r.status, 422);
    let r = s.post("/simulator/v1/push", &json!({"namespace": "builds"}));
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["kind"], "Status");
}

#[test]
fn manifest_lists_legacy_and_preserve_original() {
    let s = manual();
    s.post("/simulator/v1/registry/publish", &json!({"pullSpec": "quay.io/multi/tool:1", "manifestList": true}));
    let mut legacy = docker_tag("tool:legacy", "quay.io/multi/tool:1");
    legacy["spec"]["annotations"] = json!({"importer.image.openshift.io/prefer-arch": "arm64"});
    s.post(&path("demo", None), &legacy);
    let mut whole = docker_tag("tool:whole", "quay.io/multi/tool:1");
    whole["spec"]["importPolicy"] = json!({"importMode": "PreserveOriginal"});
    s.post(&path("demo", None), &whole);
    import(&s, json!({}));
    let w = s.get(&path("demo", Some("tool:whole"))).json();
    let manifests = w["image"]["dockerImageManifests"].as_array().unwrap();
    assert_eq!(manifests.len(), 4);
    assert!(w["image"].get("dockerImageLayers").is_none());
    assert_eq!(w["image"]["dockerImageManifestMediaType"], "application/vnd.oci.image.index.v1+json");
    let l = s.get(&path("demo", Some("tool:legacy"))).json();
    let arm = manifests.iter().find(|m| m["architecture"] == "arm64").unwrap();
    assert_eq!(l["status"]["items"][0]["image"], arm["digest"]);
    assert_eq!(l["image"]["dockerImageMetadata"]["Architecture"], "arm64");
}

#[test]
fn faults_status_delay_and_drop() {
    let s = manual();
    let p = path("demo", None);
    // 429 with Retry-After.
    let r = s.post("/simulator/v1/faults", &json!({"type": "status", "code": 429, "retryAfterSeconds": 3, "count": 2}));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["faults"][0]["count"], 2);
    for _ in 0..2 {
        let r = s.get(&p);
        assert_status(
            &r,
            429,
            "TooManyRequests",
            "Too many requests, please try again later.",
            Some(json!({"retryAfterSeconds": 3})),
        );
        assert_eq!(r.header("Retry-After").as_deref(), Some("3"));
    }
    assert_eq!(s.get(&p).status, 200);
    // 500 ServerTimeout with details.retryAfterSeconds.
    s.post("/simulator/v1/faults", &json!({"type": "status", "code": 500, "retryAfterSeconds": 1}));
    let r = s.get(&p);
    assert_status(
        &r,
        500,
        "ServerTimeout",
        "The get operation against imagetags.image.openshift.io could not be completed at this time, please try again.",
        Some(json!({"name": "get", "group": "image.openshift.io", "kind": "imagetags", "retryAfterSeconds": 1})),
    );
    // 503 with Retry-After, only for POST.
    s.post(
        "/simulator/v1/faults",
        &json!({"type": "status", "code": 503, "retryAfterSeconds": 5, "methods": ["POST"]}),
    );
    assert_eq!(s.get(&p).status, 200);
    let r = s.post(&p, &docker_tag("a:b", "quay.io/a/b:1"));
    assert_status(
        &r,
        503,
        "ServiceUnavailable",
        "The server is currently unable to handle the request",
        Some(json!({"retryAfterSeconds": 5})),
    );
    assert_eq!(r.header("Retry-After").as_deref(), Some("5"));
    assert_eq!(s.get(&path("demo", Some("a:b"))).status, 404, "a refused request did nothing");
    // Delay.
    s.post("/simulator/v1/faults", &json!({"type": "delay", "delayMs": 400}));
    let t = std::time::Instant::now();
    assert_eq!(s.get(&p).status, 200);
    assert!(t.elapsed() >= std::time::Duration::from_millis(400));
    // Dropped connection.
    s.post("/simulator/v1/faults", &json!({"type": "drop"}));
    assert!(s.req("GET", &p).try_send().is_err());
    assert_eq!(s.get(&p).status, 200);
    // Listing and clearing; bad faults are refused.
    s.post("/simulator/v1/faults", &json!({"faults": [{"type": "drop", "count": 5}]}));
    assert_eq!(s.get("/simulator/v1/faults").json()["faults"][0]["count"], 5);
    assert_eq!(s.delete("/simulator/v1/faults").json(), json!({"faults": []}));
    assert_eq!(s.post("/simulator/v1/faults", &json!({"type": "status"})).status, 400);
    // Faults never hit the simulator itself.
    s.post("/simulator/v1/faults", &json!({"type": "status", "code": 500}));
    assert_eq!(s.get("/simulator/v1/faults").status, 200);
}

#[test]
fn reset_to_a_seed() {
    let s = manual();
    assert_eq!(s.get(&path("demo", None)).json()["items"], Value::Null);
    let r = s.post("/simulator/v1/reset", &json!({"seed": "demo"}));
    assert_eq!(r.status, 200);
    assert!(s.get(&path("demo", None)).json()["items"].as_array().unwrap().len() > 5);
    s.req("POST", "/simulator/v1/reset").header("Content-Type", "application/json").send();
    assert_eq!(s.get(&path("demo", None)).json()["items"], Value::Null);
}

#[test]
fn delayed_imports_run_in_the_background() {
    let s = Server::start(&["--seed", "empty", "--import-delay", "300"]);
    s.post(&path("demo", None), &docker_tag("app:latest", "quay.io/example/app:latest"));
    assert!(s.get(&path("demo", Some("app:latest"))).json()["status"].is_null(), "not yet");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let v = s.get(&path("demo", Some("app:latest"))).json();
        if v["status"]["items"].is_array() {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "import never ran");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}
