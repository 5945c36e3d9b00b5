//! `ImageTagClient` end to end in a real browser against a running devserver.
//!
//! The server's URL is compiled in from `IMAGETAG_DEVSERVER_URL` (scripts/test-client-browser.sh starts the
//! server and sets it). Without it every test here FAILS: they never pass vacuously.
//!
//! Run: `scripts/test-client-browser.sh` (or by hand: start `imagetag-devserver --listen 127.0.0.1:0 --seed demo
//! --cors-origin '*'`, then `IMAGETAG_DEVSERVER_URL=http://127.0.0.1:PORT wasm-pack test --headless --chrome --
//! --test browser_client`).
//!
//! Faults are injected with `POST /simulator/v1/faults` (see [`fault`]); tests run one after another in one
//! page, and each test uses its own namespace so that they do not see each other's objects.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use imagetag::wasm::client::ImageTagClient;
use js_sys::{Array, Function, Promise, Reflect, JSON};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn server() -> &'static str {
    match option_env!("IMAGETAG_DEVSERVER_URL") {
        Some(url) if !url.is_empty() => url,
        _ => panic!(
            "IMAGETAG_DEVSERVER_URL was not set when this test was compiled: start the devserver and run \
             scripts/test-client-browser.sh (these tests must not pass without a server)"
        ),
    }
}

// ---------------------------------------------------------------------------------------------------
// Helpers

fn js(v: Value) -> JsValue {
    JSON::parse(&v.to_string()).unwrap()
}

fn val(v: &JsValue) -> Value {
    if v.is_undefined() {
        return Value::Null;
    }
    serde_json::from_str(&String::from(JSON::stringify(v).unwrap())).unwrap()
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap()
}

fn set(v: &JsValue, key: &str, x: &JsValue) {
    Reflect::set(v, &key.into(), x).unwrap();
}

fn global_fetch() -> Function {
    get(&js_sys::global(), "fetch").unchecked_into()
}

/// A client on the devserver; `extra` is merged into the constructor options.
fn client_with(extra: Value, fetch: Option<&Function>) -> ImageTagClient {
    let mut o = json!({ "baseUrl": server() });
    for (k, v) in extra.as_object().cloned().unwrap_or_default() {
        o[k] = v;
    }
    let options = js(o);
    if let Some(f) = fetch {
        set(&options, "fetch", f);
    }
    ImageTagClient::new(options).unwrap()
}

fn client() -> ImageTagClient {
    client_with(json!({}), None)
}

async fn ok(p: Promise) -> Value {
    match JsFuture::from(p).await {
        Ok(v) => val(&v),
        Err(e) => panic!("expected success, got {}: {}", val(&get(&e, "code")), val(&get(&e, "message"))),
    }
}

/// The rejection of `p`: it must be a real `Error` named `ImageTagError`.
async fn err(p: Promise) -> JsValue {
    match JsFuture::from(p).await {
        Ok(v) => panic!("expected an error, got {}", val(&v)),
        Err(e) => {
            assert!(e.is_instance_of::<js_sys::Error>(), "rejections are real Errors");
            assert_eq!(get(&e, "name").as_string().unwrap(), "ImageTagError");
            e
        }
    }
}

fn code(e: &JsValue) -> String {
    get(e, "code").as_string().unwrap()
}

fn msg(e: &JsValue) -> String {
    get(e, "message").as_string().unwrap()
}

/// Checks an `api` error: HTTP code, reason, message, and that `kubeStatus` is the Status.
fn api(e: &JsValue, http: u16, reason: &str, message: &str) {
    assert_eq!(code(e), "api", "{}", msg(e));
    assert_eq!(val(&get(e, "status")), json!(http), "{}", msg(e));
    assert_eq!(val(&get(e, "reason")), json!(reason), "{}", msg(e));
    assert_eq!(msg(e), message);
    let s = val(&get(e, "kubeStatus"));
    assert_eq!(s["kind"], "Status");
    assert_eq!(s["status"], "Failure");
    assert_eq!(s["code"], json!(http));
    assert_eq!(s["reason"], json!(reason));
    assert_eq!(s["message"], json!(message));
    assert_eq!(val(&get(e, "details")), s.get("details").cloned().unwrap_or(Value::Null));
}

fn tag(name: &str, from: &str) -> Value {
    json!({
        "kind": "ImageTag",
        "apiVersion": "image.openshift.io/v1",
        "metadata": { "name": name },
        "spec": { "from": { "kind": "DockerImage", "name": from } },
    })
}

fn body(v: &Value) -> JsValue {
    JsValue::from_str(&v.to_string())
}

async fn create(c: &ImageTagClient, ns: &str, name: &str) -> Value {
    ok(c.create(ns.into(), body(&tag(name, "quay.io/example/app:1")), None)).await
}

/// A raw request to the server (not through the client), for faults.
async fn raw(method: &str, path: &str, body: Option<Value>) -> JsValue {
    let init = js(json!({ "method": method, "headers": { "Content-Type": "application/json" } }));
    if let Some(b) = body {
        set(&init, "body", &JsValue::from_str(&b.to_string()));
    }
    let p: Promise =
        global_fetch().call2(&JsValue::NULL, &format!("{}{path}", server()).into(), &init).unwrap().unchecked_into();
    let resp = JsFuture::from(p).await.unwrap();
    let status = get(&resp, "status").as_f64().unwrap();
    assert!((200.0..300.0).contains(&status), "{method} {path}: HTTP {status}");
    resp
}

/// Queues a fault for the next API requests (`POST /simulator/v1/faults`). The one place that knows the
/// devserver's fault format.
async fn fault(f: Value) {
    raw("POST", "/simulator/v1/faults", Some(f)).await;
}

async fn clear_faults() {
    raw("DELETE", "/simulator/v1/faults", None).await;
}

/// A `fetch` that records every call (method, URL, headers) and then calls the real one, optionally
/// rewriting the URL first.
struct Recorder {
    calls: Rc<RefCell<Vec<(String, String, Value)>>>,
    fetch: Function,
}

fn recorder_with(rewrite: fn(String) -> String) -> Recorder {
    let calls: Rc<RefCell<Vec<(String, String, Value)>>> = Rc::default();
    let c = calls.clone();
    let f = Closure::<dyn FnMut(JsValue, JsValue) -> JsValue>::new(move |url: JsValue, init: JsValue| {
        let url = rewrite(url.as_string().unwrap());
        c.borrow_mut().push((get(&init, "method").as_string().unwrap(), url.clone(), val(&get(&init, "headers"))));
        global_fetch().call2(&JsValue::NULL, &url.into(), &init).unwrap()
    });
    Recorder { calls, fetch: f.into_js_value().unchecked_into() }
}

fn recorder() -> Recorder {
    recorder_with(|u| u)
}

impl Recorder {
    fn count(&self) -> usize {
        self.calls.borrow().len()
    }
    fn urls(&self) -> Vec<String> {
        self.calls.borrow().iter().map(|(m, u, _)| format!("{m} {}", u.strip_prefix(server()).unwrap_or(u))).collect()
    }
}

/// A `fetch` that never reaches a server: it answers with a fixed `Response`.
fn canned(status: u16, status_text: &str, content_type: &str, text: &'static str) -> (Function, Rc<RefCell<usize>>) {
    let count: Rc<RefCell<usize>> = Rc::default();
    let n = count.clone();
    let init = js(json!({ "status": status, "statusText": status_text, "headers": { "Content-Type": content_type } }));
    let f = Closure::<dyn FnMut(JsValue, JsValue) -> JsValue>::new(move |_url: JsValue, _init: JsValue| {
        *n.borrow_mut() += 1;
        let ctor: Function = get(&js_sys::global(), "Response").unchecked_into();
        let resp = Reflect::construct(&ctor, &Array::of2(&text.into(), &init)).unwrap();
        Promise::resolve(&resp).into()
    });
    (f.into_js_value().unchecked_into(), count)
}

fn now() -> f64 {
    js_sys::Date::now()
}

fn options(v: Value) -> Option<JsValue> {
    Some(js(v))
}

fn with_signal(v: Value, signal: &JsValue) -> Option<JsValue> {
    let o = js(v);
    set(&o, "signal", signal);
    Some(o)
}

fn abort_controller() -> JsValue {
    let ctor: Function = get(&js_sys::global(), "AbortController").unchecked_into();
    Reflect::construct(&ctor, &Array::new()).unwrap()
}

fn abort_later(controller: &JsValue, ms: i32) {
    let c = controller.clone();
    let f = Closure::once_into_js(move || {
        let abort: Function = get(&c, "abort").unchecked_into();
        abort.call0(&c).unwrap();
    });
    let set_timeout: Function = get(&js_sys::global(), "setTimeout").unchecked_into();
    set_timeout.call2(&JsValue::NULL, &f, &ms.into()).unwrap();
}

fn names(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|t| {
                    format!(
                        "{}/{}",
                        t["metadata"]["namespace"].as_str().unwrap(),
                        t["metadata"]["name"].as_str().unwrap()
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------------
// Every operation

#[wasm_bindgen_test]
async fn list_all_and_per_namespace() {
    let c = client();
    create(&c, "t-list-a", "one:x").await;
    create(&c, "t-list-a", "one:a").await;
    create(&c, "t-list-a", "two:y").await;
    create(&c, "t-list-b", "three:z").await;

    let all = ok(c.list(None)).await;
    assert_eq!(all["kind"], "ImageTagList");
    let all = names(&all);
    for n in ["t-list-a/one:a", "t-list-a/one:x", "t-list-a/two:y", "t-list-b/three:z"] {
        assert!(all.contains(&n.to_string()), "{n} in {all:?}");
    }

    // One namespace, tags sorted within each stream (§2.5).
    let a = ok(c.list(options(json!({ "namespace": "t-list-a" })))).await;
    assert_eq!(names(&a), ["t-list-a/one:a", "t-list-a/one:x", "t-list-a/two:y"]);
    assert!(a["items"].as_array().unwrap().iter().all(|t| t["image"].is_null()), "LIST has no image");

    // limit counts streams and truncates silently.
    let r = recorder();
    let c2 = client_with(json!({}), Some(&r.fetch));
    let limited = ok(c2.list(options(json!({ "namespace": "t-list-a", "limit": 1 })))).await;
    assert_eq!(names(&limited), ["t-list-a/one:a", "t-list-a/one:x"]);
    assert!(limited["metadata"].get("continue").is_none());

    // Selectors reach the server encoded; a namespace field selector works, a label selector that matches
    // nothing gives an empty list.
    let b = ok(c2.list(options(json!({ "fieldSelector": "metadata.namespace=t-list-b" })))).await;
    assert_eq!(names(&b), ["t-list-b/three:z"]);
    let none = ok(c2.list(options(json!({ "namespace": "t-list-a", "labelSelector": "app=nothing-here" })))).await;
    assert!(names(&none).is_empty());
    assert_eq!(
        r.urls(),
        [
            "GET /apis/image.openshift.io/v1/namespaces/t-list-a/imagetags?limit=1",
            "GET /apis/image.openshift.io/v1/imagetags?fieldSelector=metadata.namespace%3Dt-list-b",
            "GET /apis/image.openshift.io/v1/namespaces/t-list-a/imagetags?labelSelector=app%3Dnothing-here",
        ]
    );
}

#[wasm_bindgen_test]
async fn create_get_replace_patch_delete() {
    let c = client();
    let ns = "t-crud";
    let created = create(&c, ns, "app:v1").await;
    assert_eq!(created["metadata"]["name"], "app:v1");
    assert_eq!(created["metadata"]["namespace"], ns);
    assert_eq!(created["spec"]["name"], "v1", "spec.name filled in from the name on POST");

    let got = ok(c.get(ns.into(), "app:v1".into(), None)).await;
    assert_eq!(got["spec"]["from"]["name"], "quay.io/example/app:1");

    // replace: what was read, with spec edited.
    let mut edited = got.clone();
    edited["spec"]["from"]["name"] = json!("quay.io/example/app:2");
    let replaced = ok(c.replace(ns.into(), "app:v1".into(), body(&edited), None)).await;
    assert_eq!(replaced["spec"]["from"]["name"], "quay.io/example/app:2");
    assert_eq!(replaced["status"], got["status"]);

    // patch, all three types.
    let p = ok(c.patch(
        ns.into(),
        "app:v1".into(),
        js(json!({ "spec": { "reference": true } })),
        options(json!({ "type": "merge" })),
    ))
    .await;
    assert_eq!(p["spec"]["reference"], true);
    let ops = json!([{ "op": "replace", "path": "/spec/from/name", "value": "quay.io/example/app:3" }]);
    let p = ok(c.patch(ns.into(), "app:v1".into(), js(ops), options(json!({ "type": "json" })))).await;
    assert_eq!(p["spec"]["from"]["name"], "quay.io/example/app:3");
    let p = ok(c.patch(
        ns.into(),
        "app:v1".into(),
        "{\"spec\":{\"reference\":false}}".into(),
        options(json!({ "type": "strategic" })),
    ))
    .await;
    assert_ne!(p["spec"]["reference"], true, "false, or absent (omitempty)");

    // delete resolves to the bare Success Status (§2.9).
    let s = ok(c.delete(ns.into(), "app:v1".into(), None)).await;
    assert_eq!(s, json!({ "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success" }));
    let e = err(c.get(ns.into(), "app:v1".into(), None)).await;
    assert_eq!(val(&get(&e, "status")), json!(404));
}

#[wasm_bindgen_test]
async fn update_spec_keeps_metadata_and_status() {
    let c = client();
    let ns = "t-update";
    create(&c, ns, "app:a").await;
    create(&c, ns, "app:b").await;
    let before = ok(c.get(ns.into(), "app:a".into(), None)).await;

    // Edit in place, return nothing.
    let f = Closure::<dyn FnMut(JsValue) -> JsValue>::new(|spec: JsValue| {
        let from = get(&spec, "from");
        set(&from, "name", &"quay.io/example/app:in-place".into());
        JsValue::UNDEFINED
    });
    let after = ok(c.update_spec(ns.into(), "app:a".into(), f.as_ref().clone(), None)).await;
    assert_eq!(after["spec"]["from"]["name"], "quay.io/example/app:in-place");
    assert_eq!(after["status"], before["status"]);

    // replaceSpec with a whole new spec.
    let spec = json!({ "name": "a", "from": { "kind": "DockerImage", "name": "quay.io/example/app:fixed" } });
    let after = ok(c.replace_spec(ns.into(), "app:a".into(), js(spec), None)).await;
    assert_eq!(after["spec"]["from"]["name"], "quay.io/example/app:fixed");

    // A write to another tag of the same stream between the read and the PUT makes the PUT conflict
    // (shared resourceVersion, §2.3); updateSpec reads again and calls the callback again.
    let calls = Rc::new(RefCell::new(0));
    let n = calls.clone();
    let f = Closure::<dyn FnMut(JsValue) -> JsValue>::new(move |spec: JsValue| {
        *n.borrow_mut() += 1;
        let mut s = val(&spec);
        s["from"]["name"] = json!("quay.io/example/app:after-conflict");
        if *n.borrow() == 1 {
            // Another writer touches app:b, then we hand back our spec (as a promise).
            let other = client();
            let p = other.patch("t-update".into(), "app:b".into(), js(json!({ "spec": { "reference": true } })), None);
            let s = js(s);
            let then: Function = get(&p, "then").unchecked_into();
            return then.call1(&p, &Closure::once_into_js(move |_: JsValue| s)).unwrap();
        }
        js(s)
    });
    let after = ok(c.update_spec(ns.into(), "app:a".into(), f.as_ref().clone(), None)).await;
    assert_eq!(after["spec"]["from"]["name"], "quay.io/example/app:after-conflict");
    assert_eq!(*calls.borrow(), 2, "the callback ran again after the 409");

    // null removes the spec tag and keeps history: a tag without history then disappears.
    let gone = ok(c.replace_spec(ns.into(), "app:b".into(), JsValue::NULL, None)).await;
    assert!(gone["spec"].is_null());
}

// ---------------------------------------------------------------------------------------------------
// Dry run leaves no trace

#[wasm_bindgen_test]
async fn dry_run_leaves_no_trace() {
    let c = client();
    let ns = "t-dry";
    let t = ok(c.create(ns.into(), body(&tag("app:dry", "quay.io/example/app:1")), options(json!({ "dryRun": true }))))
        .await;
    assert_eq!(t["metadata"]["name"], "app:dry");
    let e = err(c.get(ns.into(), "app:dry".into(), None)).await;
    assert_eq!(val(&get(&e, "status")), json!(404));

    create(&c, ns, "app:real").await;
    // Read again: the devserver's simulated import may have written the stream right after the create.
    let real = ok(c.get(ns.into(), "app:real".into(), None)).await;
    let mut edited = real.clone();
    edited["spec"]["from"]["name"] = json!("quay.io/example/app:2");
    let r = ok(c.replace(ns.into(), "app:real".into(), body(&edited), options(json!({ "dryRun": true })))).await;
    assert_eq!(r["spec"]["from"]["name"], "quay.io/example/app:2");
    let p = ok(c.patch(
        ns.into(),
        "app:real".into(),
        js(json!({ "spec": { "reference": true } })),
        options(json!({ "type": "merge", "dryRun": true })),
    ))
    .await;
    assert_eq!(p["spec"]["reference"], true);
    let s = ok(c.delete(ns.into(), "app:real".into(), options(json!({ "dryRun": true })))).await;
    assert_eq!(s["status"], "Success");
    let spec = json!({ "name": "real", "from": { "kind": "DockerImage", "name": "quay.io/example/app:3" } });
    ok(c.replace_spec(ns.into(), "app:real".into(), js(spec), options(json!({ "dryRun": true })))).await;

    let now = ok(c.get(ns.into(), "app:real".into(), None)).await;
    assert_eq!(now["spec"], real["spec"]);
    assert_eq!(now["metadata"]["resourceVersion"], real["metadata"]["resourceVersion"]);
}

// ---------------------------------------------------------------------------------------------------
// Odd names

#[wasm_bindgen_test]
async fn odd_names_round_trip_and_never_change_the_path() {
    let r = recorder();
    let c = client_with(json!({}), Some(&r.fetch));
    let ns = "t-odd";
    let name = "app:a b?c#d&e=f+ü~é";
    let t = create(&c, ns, name).await;
    assert_eq!(t["metadata"]["name"], name);
    let got = ok(c.get(ns.into(), name.into(), None)).await;
    assert_eq!(got["metadata"]["name"], name);
    ok(c.patch(ns.into(), name.into(), js(json!({ "spec": { "reference": true } })), None)).await;
    ok(c.replace(ns.into(), name.into(), body(&ok(c.get(ns.into(), name.into(), None)).await), None)).await;
    ok(c.delete(ns.into(), name.into(), None)).await;
    let enc = "/apis/image.openshift.io/v1/namespaces/t-odd/imagetags/app:a%20b%3Fc%23d%26e%3Df%2B%C3%BC~%C3%A9";
    assert_eq!(
        r.urls(),
        [
            "POST /apis/image.openshift.io/v1/namespaces/t-odd/imagetags".to_string(),
            format!("GET {enc}"),
            format!("PATCH {enc}"),
            format!("GET {enc}"),
            format!("PUT {enc}"),
            format!("DELETE {enc}"),
        ]
    );

    // `/`, `%` and `..` stay inside their segment: the server sees a name it does not have, never another path.
    let r = recorder();
    let c = client_with(json!({}), Some(&r.fetch));
    for name in ["../../other:x", "app:a/b", "app:100%", "app:%2e%2e"] {
        let e = err(c.get(ns.into(), name.into(), None)).await;
        assert_eq!(code(&e), "api", "{name}: {}", msg(&e));
    }
    assert_eq!(
        r.urls(),
        [
            "GET /apis/image.openshift.io/v1/namespaces/t-odd/imagetags/..%2F..%2Fother:x",
            "GET /apis/image.openshift.io/v1/namespaces/t-odd/imagetags/app:a%2Fb",
            "GET /apis/image.openshift.io/v1/namespaces/t-odd/imagetags/app:100%25",
            "GET /apis/image.openshift.io/v1/namespaces/t-odd/imagetags/app:%252e%252e",
        ]
    );
    // What no encoding makes safe is refused before sending.
    for (ns, name) in [("t-odd", ".."), ("t-odd", ""), ("..", "app:x")] {
        let e = err(c.delete(ns.into(), name.into(), None)).await;
        assert_eq!(code(&e), "name");
    }
    assert_eq!(r.count(), 4);
}

#[wasm_bindgen_test]
async fn token_goes_in_the_authorization_header_only() {
    let r = recorder();
    let c = client_with(json!({ "token": "sha256~s3cret", "headers": { "X-CSRFToken": "abc" } }), Some(&r.fetch));
    ok(c.list(options(json!({ "namespace": "t-token" })))).await;
    let calls = r.calls.borrow();
    let (_, url, headers) = &calls[0];
    assert!(!url.contains("s3cret"));
    assert_eq!(headers["Authorization"], "Bearer sha256~s3cret");
    assert_eq!(headers["X-CSRFToken"], "abc");
    assert_eq!(headers["Accept"], "application/json");
}

// ---------------------------------------------------------------------------------------------------
// The error catalogue (§2.11) surfaces with its Status

#[wasm_bindgen_test]
async fn error_catalogue() {
    let c = client();
    let ns = "t-errors";
    let t = create(&c, ns, "app:latest").await;

    let e = err(c.get(ns.into(), "app".into(), None)).await;
    api(&e, 400, "BadRequest", "ImageTags must be retrieved with <name>:<tag>");
    let e = err(c.delete(ns.into(), "a:b:c".into(), None)).await;
    api(&e, 400, "BadRequest", "ImageTags must be retrieved with <name>:<tag>");

    let e = err(c.replace(ns.into(), "app:other".into(), body(&t), options(json!({ "validate": false })))).await;
    api(&e, 400, "BadRequest", "the name of the object (app:latest) does not match the name on the URL (app:other)");
    let mut wrong_ns = t.clone();
    wrong_ns["metadata"]["namespace"] = json!("elsewhere");
    let e =
        err(c.replace(ns.into(), "app:latest".into(), body(&wrong_ns), options(json!({ "validate": false })))).await;
    api(&e, 400, "BadRequest", "the namespace of the provided object does not match the namespace sent on the request");

    let e = err(c.get(ns.into(), "nope:latest".into(), None)).await;
    api(&e, 404, "NotFound", "imagestreams.image.openshift.io \"nope\" not found");
    assert_eq!(
        val(&get(&e, "details")),
        json!({ "name": "nope", "group": "image.openshift.io", "kind": "imagestreams" })
    );
    let e = err(c.delete(ns.into(), "app:nope".into(), None)).await;
    api(&e, 404, "NotFound", "imagetags.image.openshift.io \"app:nope\" not found");
    assert_eq!(val(&get(&e, "details"))["kind"], "imagetags");
    let mut with_rv = t.clone();
    with_rv["metadata"]["name"] = json!("ghost:latest");
    with_rv["spec"]["name"] = json!("latest");
    let e =
        err(c.replace(ns.into(), "ghost:latest".into(), body(&with_rv), options(json!({ "validate": false })))).await;
    api(&e, 404, "NotFound", "imagetags.image.openshift.io \"ghost:latest\" not found");

    let e = err(c.create(ns.into(), body(&tag("app:latest", "quay.io/x/y:1")), None)).await;
    api(&e, 409, "AlreadyExists", "imagetags.image.openshift.io \"app:latest\" already exists");
    assert_eq!(val(&get(&e, "details"))["kind"], "imagetags");

    // Stale resourceVersion: another write to the stream came first.
    create(&c, ns, "app:other").await;
    let rv = ok(c.get(ns.into(), "app:latest".into(), None)).await["metadata"]["resourceVersion"].clone();
    let e = err(c.replace(ns.into(), "app:latest".into(), body(&t), None)).await;
    api(
        &e,
        409,
        "Conflict",
        &format!(
            "Operation cannot be fulfilled on imagetags.image.openshift.io \"app:latest\": another caller has updated the resource version to {}",
            rv.as_str().unwrap()
        ),
    );

    let e = err(c.delete(ns.into(), "app:latest".into(), options(json!({ "uid": "not-the-uid" })))).await;
    api(&e, 409, "Conflict", "Operation cannot be fulfilled on imagetags.image.openshift.io \"app:latest\": the UID precondition was not met");
    let uid = t["metadata"]["uid"].as_str().unwrap();
    ok(c.delete(ns.into(), "app:latest".into(), options(json!({ "uid": uid })))).await;

    // 422 from the server (client validation off), all causes kept.
    let mut bad = tag("app:next", "quay.io/x/y:1");
    bad["spec"]["name"] = json!("nxt");
    bad["spec"]["referencePolicy"] = json!({ "type": "Remote" });
    let e = err(c.create(ns.into(), body(&bad), options(json!({ "validate": false })))).await;
    api(
        &e,
        422,
        "Invalid",
        "ImageTag.image.openshift.io \"app:next\" is invalid: [spec.name: Invalid value: \"nxt\": must match image tag name, spec.referencePolicy.type: Invalid value: \"Remote\": valid values are \"Source\", \"Local\"]",
    );
    let d = val(&get(&e, "details"));
    assert_eq!(d["kind"], "ImageTag");
    assert_eq!(
        d["causes"],
        json!([
            { "reason": "FieldValueInvalid", "message": "Invalid value: \"nxt\": must match image tag name", "field": "spec.name" },
            { "reason": "FieldValueInvalid", "message": "Invalid value: \"Remote\": valid values are \"Source\", \"Local\"", "field": "spec.referencePolicy.type" },
        ])
    );

    // 422 against the ImageStream (a new stream with an invalid name).
    let e = err(c.create(ns.into(), body(&tag("Bad_Name:x", "quay.io/x/y:1")), options(json!({ "validate": false }))))
        .await;
    api(
        &e,
        422,
        "Invalid",
        "ImageStream.image.openshift.io \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": must match \"[a-z0-9]+(?:[._-][a-z0-9]+)*\"",
    );
    assert_eq!(val(&get(&e, "details"))["kind"], "ImageStream");

    // 405: watch (reached by rewriting the list URL; the client itself never asks for a watch).
    let r = recorder_with(|u| format!("{u}?watch=true"));
    let w = client_with(json!({}), Some(&r.fetch));
    let e = err(w.list(options(json!({ "namespace": ns })))).await;
    api(&e, 405, "MethodNotAllowed", "watch is not supported on resources of kind \"imagetags.image.openshift.io\"");
}

#[wasm_bindgen_test]
async fn pre_submit_validation_sends_nothing() {
    let r = recorder();
    let c = client_with(json!({}), Some(&r.fetch));
    let e = err(c.create("t-invalid".into(), body(&json!({ "metadata": { "name": "app:x" } })), None)).await;
    assert_eq!(code(&e), "invalid");
    assert_eq!(msg(&e), "ImageTag.image.openshift.io \"app:x\" is invalid: spec: Required value: spec is a required field during creation");
    assert_eq!(
        val(&get(&e, "causes")),
        json!([{ "reason": "FieldValueRequired", "message": "Required value: spec is a required field during creation", "field": "spec" }])
    );
    assert_eq!(r.count(), 0, "nothing was sent");
}

#[wasm_bindgen_test]
async fn server_timeout_and_non_status_bodies() {
    clear_faults().await;
    let c = client_with(json!({ "maxRetries": 0 }), None);
    fault(json!({ "type": "status", "code": 500, "retryAfterSeconds": 2 })).await;
    let e = err(c.create("t-st".into(), body(&tag("app:x", "quay.io/x/y:1")), None)).await;
    api(&e, 500, "ServerTimeout", "The create operation against imagetags.image.openshift.io could not be completed at this time, please try again.");
    assert_eq!(val(&get(&e, "retryAfterSeconds")), json!(2));
    assert_eq!(val(&get(&e, "details"))["retryAfterSeconds"], json!(2));

    // The console's CSRF refusal (plain text), a proxy's HTML page: still an `api` error that says what came.
    let (f, _) = canned(403, "Forbidden", "text/plain; charset=utf-8", "invalid CSRF token\n");
    let e = err(client_with(json!({}), Some(&f)).list(None)).await;
    api(&e, 403, "Forbidden", "the server answered 403 Forbidden: invalid CSRF token");
    let (f, n) = canned(
        502,
        "Bad Gateway",
        "text/html",
        "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>",
    );
    let e = err(client_with(json!({}), Some(&f)).get("a".into(), "b:c".into(), None)).await;
    api(&e, 502, "Unknown", "the server answered 502 Bad Gateway with an HTML page: 502 Bad Gateway");
    assert_eq!(*n.borrow(), 1, "502 is not retried");
    // A 2xx body that is not the expected JSON.
    let (f, _) = canned(200, "OK", "text/html", "<!DOCTYPE html><html><head><title>Log in</title></head></html>");
    let e = err(client_with(json!({}), Some(&f)).list(None)).await;
    assert_eq!(code(&e), "parse");
    assert_eq!(msg(&e), "GET /apis/image.openshift.io/v1/imagetags: the server answered 200 but the body is not an ImageTagList JSON: got an HTML page (Log in)");
    let (f, _) = canned(200, "OK", "application/json", "{\"kind\":\"Status\",\"apiVersion\":\"v1\"}");
    let e = err(client_with(json!({}), Some(&f)).get("a".into(), "b:c".into(), None)).await;
    assert_eq!(code(&e), "schema");
}

// ---------------------------------------------------------------------------------------------------
// Retries

#[wasm_bindgen_test]
async fn retries_honour_retry_after() {
    clear_faults().await;
    let ns = "t-retry";
    let c = client();
    create(&c, ns, "app:x").await;

    // 429 with a Retry-After header, on a read.
    let r = recorder();
    let c = client_with(json!({}), Some(&r.fetch));
    fault(json!({ "type": "status", "code": 429, "retryAfterSeconds": 1 })).await;
    let t0 = now();
    ok(c.get(ns.into(), "app:x".into(), None)).await;
    assert!(now() - t0 >= 900.0, "waited for Retry-After: {} ms", now() - t0);
    assert_eq!(r.count(), 2);

    // 503, twice, on a create: retried, created once.
    let r = recorder();
    let c = client_with(json!({}), Some(&r.fetch));
    fault(json!({ "type": "status", "code": 503, "retryAfterSeconds": 1, "count": 2 })).await;
    let t0 = now();
    ok(c.create(ns.into(), body(&tag("app:y", "quay.io/x/y:1")), None)).await;
    assert!(now() - t0 >= 1800.0, "two waits of 1 s: {} ms", now() - t0);
    assert_eq!(r.count(), 3);

    // 500 ServerTimeout on a delete: retried.
    let r = recorder();
    let c = client_with(json!({}), Some(&r.fetch));
    fault(json!({ "type": "status", "code": 500, "retryAfterSeconds": 0 })).await;
    ok(c.delete(ns.into(), "app:y".into(), None)).await;
    assert_eq!(r.count(), 2);

    // Out of retries: the last error, with its Status and retryAfterSeconds.
    let r = recorder();
    let c = client_with(json!({ "maxRetries": 1 }), Some(&r.fetch));
    fault(json!({ "type": "status", "code": 429, "retryAfterSeconds": 0, "count": 2 })).await;
    let e = err(c.get(ns.into(), "app:x".into(), None)).await;
    assert_eq!(val(&get(&e, "status")), json!(429));
    assert_eq!(val(&get(&e, "reason")), json!("TooManyRequests"));
    assert_eq!(val(&get(&e, "retryAfterSeconds")), json!(0));
    assert_eq!(r.count(), 2);
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn writes_are_not_retried_when_they_may_have_happened() {
    clear_faults().await;
    let ns = "t-noretry";
    let r = recorder();
    let c = client_with(json!({}), Some(&r.fetch));

    // A dropped connection after a POST: network error, not sent again by the client. (Count 2: a
    // browser itself resends a request once when a reused keep-alive connection closes before any byte
    // of the answer; that resend, below JavaScript, is dropped too.)
    fault(json!({ "type": "drop", "count": 2 })).await;
    let e = err(c.create(ns.into(), body(&tag("app:x", "quay.io/x/y:1")), None)).await;
    assert_eq!(code(&e), "network", "{}", msg(&e));
    assert_eq!(r.count(), 1);
    clear_faults().await;

    // 504 after a PUT: not sent again.
    let t = create(&client(), ns, "app:y").await;
    fault(json!({ "type": "status", "code": 504 })).await;
    let e = err(c.replace(ns.into(), "app:y".into(), body(&t), None)).await;
    assert_eq!(val(&get(&e, "status")), json!(504));
    assert_eq!(r.count(), 2);

    // The same on a read is retried.
    clear_faults().await;
    fault(json!({ "type": "drop", "count": 2 })).await;
    ok(c.get(ns.into(), "app:y".into(), None)).await;
    assert!(r.count() >= 4, "the GET was sent again by the client: {:?}", r.urls());
    clear_faults().await;
    let before = r.count();
    fault(json!({ "type": "status", "code": 504, "retryAfterSeconds": 0 })).await;
    ok(c.get(ns.into(), "app:y".into(), None)).await;
    assert_eq!(r.count(), before + 2);
    clear_faults().await;
}

// ---------------------------------------------------------------------------------------------------
// Timeout and abort

#[wasm_bindgen_test]
async fn timeout_covers_headers_and_body() {
    clear_faults().await;
    let c = client_with(json!({ "timeoutMs": 300 }), None);
    fault(json!({ "type": "delay", "delayMs": 2000 })).await;
    let t0 = now();
    let e = err(c.list(options(json!({ "namespace": "t-timeout" })))).await;
    assert_eq!(code(&e), "timeout");
    assert_eq!(
        msg(&e),
        "GET /apis/image.openshift.io/v1/namespaces/t-timeout/imagetags: no complete answer within 300 ms (timeoutMs)"
    );
    assert!(now() - t0 < 1500.0, "{} ms", now() - t0);

    // Headers arrive, then the body never ends (a real `Response` whose stream stays open).
    let f = Closure::<dyn FnMut(JsValue, JsValue) -> JsValue>::new(|_url: JsValue, _init: JsValue| {
        let source = js(json!({}));
        let start = Closure::once_into_js(|controller: JsValue| {
            let enqueue: Function = get(&controller, "enqueue").unchecked_into();
            let bytes = js_sys::Uint8Array::from(&b"{\"kind\":"[..]);
            enqueue.call1(&controller, &bytes).unwrap();
        });
        set(&source, "start", &start);
        let stream_ctor: Function = get(&js_sys::global(), "ReadableStream").unchecked_into();
        let stream = Reflect::construct(&stream_ctor, &Array::of1(&source)).unwrap();
        let init = js(json!({ "status": 200, "headers": { "Content-Type": "application/json" } }));
        let ctor: Function = get(&js_sys::global(), "Response").unchecked_into();
        Promise::resolve(&Reflect::construct(&ctor, &Array::of2(&stream, &init)).unwrap()).into()
    });
    let hanging: Function = f.into_js_value().unchecked_into();
    let c = client_with(json!({ "timeoutMs": 300 }), Some(&hanging));
    let t0 = now();
    let e = err(c.list(options(json!({ "namespace": "t-timeout" })))).await;
    assert_eq!(code(&e), "timeout");
    assert!(now() - t0 < 1500.0, "{} ms", now() - t0);
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn abort_signal() {
    clear_faults().await;
    let r = recorder();
    let c = client_with(json!({}), Some(&r.fetch));

    // Already aborted: nothing is sent.
    let ac = abort_controller();
    let abort: Function = get(&ac, "abort").unchecked_into();
    abort.call0(&ac).unwrap();
    let e = err(c.list(with_signal(json!({ "namespace": "t-abort" }), &get(&ac, "signal")))).await;
    assert_eq!(code(&e), "aborted");
    assert_eq!(r.count(), 0);

    // Aborted while the server is slow.
    fault(json!({ "type": "delay", "delayMs": 2000 })).await;
    let ac = abort_controller();
    abort_later(&ac, 150);
    let t0 = now();
    let e = err(c.get("t-abort".into(), "app:x".into(), with_signal(json!({}), &get(&ac, "signal")))).await;
    assert_eq!(code(&e), "aborted");
    assert_eq!(
        msg(&e),
        "GET /apis/image.openshift.io/v1/namespaces/t-abort/imagetags/app:x: aborted by the caller's AbortSignal"
    );
    assert!(now() - t0 < 1500.0);

    // Aborted during the wait before a retry.
    fault(json!({ "type": "status", "code": 429, "retryAfterSeconds": 5 })).await;
    let ac = abort_controller();
    abort_later(&ac, 300);
    let t0 = now();
    let e = err(c.list(with_signal(json!({ "namespace": "t-abort" }), &get(&ac, "signal")))).await;
    assert_eq!(code(&e), "aborted");
    assert!(now() - t0 < 2000.0, "{} ms", now() - t0);
    clear_faults().await;
}

// ---------------------------------------------------------------------------------------------------
// client.watch (the session behind the package entry's async generator)

/// The next batch of a watch session: its events, or `None` once it has ended.
async fn batch(w: &imagetag::wasm::watch::ImageTagWatch) -> Option<Vec<Value>> {
    let v = JsFuture::from(w.next()).await.unwrap_or_else(|e| panic!("next() rejected: {}", val(&get(&e, "message"))));
    if v.is_null() {
        return None;
    }
    let events = val(&v);
    let events = events.as_array().expect("a batch is an array").clone();
    assert!(!events.is_empty(), "a batch has at least one event");
    Some(events)
}

/// Reads batches until an event matches; all events read so far come back too.
async fn until(
    w: &imagetag::wasm::watch::ImageTagWatch,
    seen: &mut Vec<Value>,
    pred: impl Fn(&Value) -> bool,
) -> Value {
    loop {
        if let Some(e) = seen.iter().find(|e| pred(e)) {
            return e.clone();
        }
        let events = batch(w).await.expect("the watch ended before the event came");
        seen.extend(events);
    }
}

#[wasm_bindgen_test]
async fn watch_streams_changes_as_they_happen_and_an_abort_ends_it() {
    clear_faults().await;
    let ns = "t-watch";
    let c = client();
    create(&c, ns, "app:one").await;
    let ac = abort_controller();
    let w =
        c.watch(with_signal(json!({ "namespace": ns, "timeoutSeconds": 30 }), &get(&ac, "signal")).unwrap()).unwrap();
    let mut seen = Vec::new();
    let synced = until(&w, &mut seen, |e| e["type"] == "SYNCED").await;
    assert_eq!(synced["mode"], "watch", "{seen:?}");
    let before: Vec<&Value> = seen.iter().take_while(|e| e["type"] != "SYNCED").collect();
    assert_eq!(before.len(), 1, "{before:?}");
    assert_eq!((&before[0]["type"], &before[0]["object"]["metadata"]["name"]), (&json!("ADDED"), &json!("app:one")));

    // A change made now arrives through the open watch body (chunk by chunk: the body never ends here).
    let t0 = now();
    create(&c, ns, "app:two").await;
    let added = until(&w, &mut seen, |e| e["type"] == "ADDED" && e["object"]["metadata"]["name"] == "app:two").await;
    web_sys::console::log_1(
        &format!("watch: the created tag arrived {} ms after the create was sent", now() - t0).into(),
    );
    assert!(added["object"]["status"]["items"].as_array().is_some_and(|i| !i.is_empty()), "imported: {added}");
    assert_eq!(added["object"]["kind"], "ImageTag");

    // The object is current: a replace built from it does not conflict.
    let mut object = added["object"].clone();
    object["spec"]["annotations"] = json!({ "from": "watch" });
    ok(c.replace(ns.into(), "app:two".into(), body(&object), None)).await;
    until(&w, &mut seen, |e| e["type"] == "MODIFIED" && e["object"]["spec"]["annotations"]["from"] == "watch").await;
    assert!(!seen.iter().any(|e| e["type"] == "RECONNECTING"), "{seen:?}");

    // An abort ends the watch: the pending next() resolves to null.
    abort_later(&ac, 50);
    let t0 = now();
    while batch(&w).await.is_some() {}
    assert!(now() - t0 < 5000.0);
}

#[wasm_bindgen_test]
async fn watch_forbidden_falls_back_to_polling_and_a_wrong_name_is_refused() {
    clear_faults().await;
    let ns = "t-watch-poll";
    let c = client();
    create(&c, ns, "app:one").await;
    fault(json!({ "type": "status", "code": 403, "count": 1000, "pathContains": "imagestreams" })).await;
    let mut w = c.watch(js(json!({ "namespace": ns, "pollIntervalMs": 200 }))).unwrap();
    let mut seen = Vec::new();
    let synced = until(&w, &mut seen, |e| e["type"] == "SYNCED").await;
    assert_eq!(synced["mode"], "poll", "{seen:?}");
    assert_eq!(synced["resourceVersion"], Value::Null, "imagetags lists carry no resourceVersion");
    create(&c, ns, "app:two").await;
    until(&w, &mut seen, |e| e["type"] == "ADDED" && e["object"]["metadata"]["name"] == "app:two").await;
    clear_faults().await;
    w.close();
    assert!(batch(&w).await.is_none(), "close() ends the watch");

    let e = match c.watch(js(json!({ "name": "no-colon" }))) {
        Ok(_) => panic!("a name without a colon is refused"),
        Err(e) => e,
    };
    assert_eq!(code(&e), "name");
}
