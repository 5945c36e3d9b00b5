//! The imagetags API over real HTTP: one test per row of the §2.11 error catalogue and per rule of
//! §2.2–§2.10 of docs/semantics.md. Expected texts come from the spec.

mod common;
use common::*;
use serde_json::{json, Value};

fn empty() -> Server {
    Server::start(&["--seed", "empty", "--import-delay", "manual"])
}

fn demo() -> Server {
    Server::start(&["--seed", "demo", "--seed-dates", "original", "--import-delay", "manual"])
}

fn d(resource: &str, name: &str) -> Option<Value> {
    Some(json!({"name": name, "group": "image.openshift.io", "kind": resource}))
}

/// Creates `<stream>:<tag>` in `ns` tracking a DockerImage; returns the response body.
fn create(s: &Server, ns: &str, name: &str) -> Value {
    let r = s.post(&path(ns, None), &docker_tag(name, "quay.io/example/app:latest"));
    assert_eq!(r.status, 201, "{}", r.text());
    r.json()
}

// ---- §2.11 catalogue -------------------------------------------------------------------------------

#[test]
fn catalogue_malformed_name_is_400_for_get_put_patch_delete() {
    let s = demo();
    for name in ["app", "a:b:c", "app:x@y", ":latest", "app:", "app@sha256:abc"] {
        let p = path("demo", Some(name));
        for r in [
            s.get(&p),
            s.put(&p, &docker_tag(name, "quay.io/x/y:1")),
            s.patch(&p, "application/merge-patch+json", &json!({})),
            s.delete(&p),
        ] {
            assert_status(&r, 400, "BadRequest", "ImageTags must be retrieved with <name>:<tag>", None);
        }
    }
}

#[test]
fn catalogue_body_name_differs_from_url_name() {
    let s = demo();
    let mut body = s.get(&path("demo", Some("app:latest"))).json();
    body["metadata"]["name"] = json!("app:other");
    let r = s.put(&path("demo", Some("app:latest")), &body);
    assert_status(
        &r,
        400,
        "BadRequest",
        "the name of the object (app:other) does not match the name on the URL (app:latest)",
        None,
    );
    let r = s.patch(
        &path("demo", Some("app:latest")),
        "application/merge-patch+json",
        &json!({"metadata": {"name": "app:other"}}),
    );
    assert_status(
        &r,
        400,
        "BadRequest",
        "the name of the object (app:other) does not match the name on the URL (app:latest)",
        None,
    );
}

#[test]
fn catalogue_body_namespace_differs() {
    let s = demo();
    let msg = "the namespace of the provided object does not match the namespace sent on the request";
    let mut body = docker_tag("x:y", "quay.io/a/b:c");
    body["metadata"]["namespace"] = json!("other");
    assert_status(&s.post(&path("demo", None), &body), 400, "BadRequest", msg, None);
    let mut body = s.get(&path("demo", Some("app:latest"))).json();
    body["metadata"]["namespace"] = json!("other");
    assert_status(&s.put(&path("demo", Some("app:latest")), &body), 400, "BadRequest", msg, None);
}

#[test]
fn catalogue_stream_missing_get_and_delete() {
    let s = demo();
    for r in [s.get(&path("demo", Some("nope:latest"))), s.delete(&path("demo", Some("nope:latest")))] {
        assert_status(
            &r,
            404,
            "NotFound",
            "imagestreams.image.openshift.io \"nope\" not found",
            d("imagestreams", "nope"),
        );
    }
    // The 5.10 example body, byte for byte.
    let r = s.get(&path("demo", Some("nope:x")));
    assert_eq!(
        r.text(),
        r#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"imagestreams.image.openshift.io \"nope\" not found","reason":"NotFound","details":{"name":"nope","group":"image.openshift.io","kind":"imagestreams"},"code":404}"#
    );
}

#[test]
fn catalogue_put_with_resource_version_on_missing_stream() {
    let s = empty();
    let mut body = docker_tag("ghost:v1", "quay.io/a/b:1");
    body["metadata"]["resourceVersion"] = json!("12345");
    let r = s.put(&path("demo", Some("ghost:v1")), &body);
    assert_status(
        &r,
        404,
        "NotFound",
        "imagetags.image.openshift.io \"ghost:v1\" not found",
        d("imagetags", "ghost:v1"),
    );
}

#[test]
fn catalogue_tag_without_spec_and_status() {
    let s = demo();
    for r in [s.get(&path("demo", Some("app:nope"))), s.delete(&path("demo", Some("app:nope")))] {
        assert_status(
            &r,
            404,
            "NotFound",
            "imagetags.image.openshift.io \"app:nope\" not found",
            d("imagetags", "app:nope"),
        );
    }
}

#[test]
fn catalogue_post_existing_spec_tag_already_exists() {
    let s = demo();
    let r = s.post(&path("demo", None), &docker_tag("app:latest", "quay.io/example/app:latest"));
    assert_eq!(
        r.text(),
        r#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"imagetags.image.openshift.io \"app:latest\" already exists","reason":"AlreadyExists","details":{"name":"app:latest","group":"image.openshift.io","kind":"imagetags"},"code":409}"#
    );
    assert_eq!(r.status, 409);
}

#[test]
fn catalogue_put_stale_resource_version() {
    let s = demo();
    let p = path("demo", Some("app:latest"));
    let mut body = s.get(&p).json();
    body["metadata"]["resourceVersion"] = json!("1");
    let current = s.get(&p).json()["metadata"]["resourceVersion"].as_str().unwrap().to_string();
    let r = s.put(&p, &body);
    assert_status(
        &r,
        409,
        "Conflict",
        &format!("Operation cannot be fulfilled on imagetags.image.openshift.io \"app:latest\": another caller has updated the resource version to {current}"),
        d("imagetags", "app:latest"),
    );
}

#[test]
fn catalogue_delete_uid_precondition() {
    let s = demo();
    let r = s
        .req("DELETE", &path("demo", Some("app:latest")))
        .json(&json!({"kind": "DeleteOptions", "apiVersion": "v1", "preconditions": {"uid": "00000000-0000-0000-0000-000000000000"}}))
        .send();
    assert_status(
        &r,
        409,
        "Conflict",
        "Operation cannot be fulfilled on imagetags.image.openshift.io \"app:latest\": the UID precondition was not met",
        d("imagetags", "app:latest"),
    );
}

#[test]
fn catalogue_put_raced_with_another_stream_writer() {
    let s = demo();
    let p = path("demo", Some("app:latest"));
    let mut body = s.get(&p).json();
    body["spec"]["annotations"] = json!({"note": "x"});
    let r = s.post("/simulator/v1/faults", &json!({"type": "conflict", "methods": ["PUT"]}));
    assert_eq!(r.status, 200);
    assert_status(
        &s.put(&p, &body),
        409,
        "Conflict",
        "Operation cannot be fulfilled on imagestreams.image.openshift.io \"app\": the object has been modified; please apply your changes to the latest version and try again",
        d("imagestreams", "app"),
    );
    // The fault was used up: the same PUT now works.
    assert_eq!(s.put(&p, &body).status, 200);
}

#[test]
fn catalogue_image_tag_validation_is_422_with_causes() {
    let s = demo();
    let body = json!({
        "kind": "ImageTag", "apiVersion": "image.openshift.io/v1",
        "metadata": {"name": "app:next"},
        "spec": {"name": "nxt", "from": {"kind": "DockerImage", "name": "quay.io/example/app:next"}, "referencePolicy": {"type": "Remote"}}
    });
    let r = s.post(&path("demo", None), &body);
    assert_eq!(r.status, 422);
    assert_eq!(
        r.text(),
        r#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"ImageTag.image.openshift.io \"app:next\" is invalid: [spec.name: Invalid value: \"nxt\": must match image tag name, spec.referencePolicy.type: Invalid value: \"Remote\": valid values are \"Source\", \"Local\"]","reason":"Invalid","details":{"name":"app:next","group":"image.openshift.io","kind":"ImageTag","causes":[{"reason":"FieldValueInvalid","message":"Invalid value: \"nxt\": must match image tag name","field":"spec.name"},{"reason":"FieldValueInvalid","message":"Invalid value: \"Remote\": valid values are \"Source\", \"Local\"","field":"spec.referencePolicy.type"}]},"code":422}"#
    );
    // spec is mandatory on create.
    let r = s.post(&path("demo", None), &json!({"metadata": {"name": "app:nospec"}}));
    assert_status(
        &r,
        422,
        "Invalid",
        "ImageTag.image.openshift.io \"app:nospec\" is invalid: spec: Required value: spec is a required field during creation",
        Some(json!({"name": "app:nospec", "group": "image.openshift.io", "kind": "ImageTag",
            "causes": [{"reason": "FieldValueRequired", "message": "Required value: spec is a required field during creation", "field": "spec"}]})),
    );
    // Pull-spec errors carry the reference grammar's text.
    let r = s.post(&path("demo", None), &docker_tag("app:bad", "Quay.io/Example/App"));
    assert_eq!(r.json()["message"], "ImageTag.image.openshift.io \"app:bad\" is invalid: spec.from.name: Invalid value: \"Quay.io/Example/App\": repository name must be lowercase");
}

#[test]
fn catalogue_stream_validation_is_422_against_the_image_stream() {
    let s = demo();
    let r = s.post(&path("demo", None), &docker_tag("My_App:latest", "quay.io/a/b:1"));
    assert_status(
        &r,
        422,
        "Invalid",
        "ImageStream.image.openshift.io \"My_App\" is invalid: metadata.name: Invalid value: \"My_App\": must match \"[a-z0-9]+(?:[._-][a-z0-9]+)*\"",
        Some(json!({"name": "My_App", "group": "image.openshift.io", "kind": "ImageStream",
            "causes": [{"reason": "FieldValueInvalid", "message": "Invalid value: \"My_App\": must match \"[a-z0-9]+(?:[._-][a-z0-9]+)*\"", "field": "metadata.name"}]})),
    );
    // A tag-reference problem is one InternalError cause with an empty field (omitted, as Go's omitempty does).
    let body = json!({"metadata": {"name": "app:copy"}, "spec": {"from": {"kind": "ImageStreamTag", "name": "missing:latest"}}});
    let r = s.post(&path("demo", None), &body);
    let inner = "imagestreams \"app\" is invalid: spec.tags[copy].from.name: Not found: \"missing:latest\"";
    assert_status(
        &r,
        422,
        "Invalid",
        &format!("ImageStream.image.openshift.io \"app\" is invalid: : Internal error: {inner}"),
        Some(json!({"name": "app", "group": "image.openshift.io", "kind": "ImageStream",
            "causes": [{"reason": "InternalError", "message": format!("Internal error: {inner}")}]})),
    );
}

#[test]
fn catalogue_stream_validation_from_name_form_and_order() {
    let s = demo();
    // New stream: the wrapped tag-reference cause first, then the stream name.
    let body =
        json!({"metadata": {"name": "Bad_Stream:x"}, "spec": {"from": {"kind": "ImageStreamTag", "name": "a:b:c"}}});
    let r = s.post(&path("demo", None), &body);
    let v = r.json();
    assert_eq!(r.status, 422, "{v}");
    assert_eq!(v["details"]["kind"], "ImageStream");
    let causes = v["details"]["causes"].as_array().unwrap();
    assert_eq!(causes.len(), 2);
    assert_eq!(causes[0]["message"], "Internal error: imagestreams \"Bad_Stream\" is invalid: spec.tags[x].from.name: Invalid value: \"a:b:c\": must be of the form <tag>, <repo>:<tag>, <id>, or <repo>@<id>");
    assert_eq!(causes[1]["field"], "metadata.name");
    // Existing stream: only the wrapped cause.
    let body = json!({"metadata": {"name": "app:x"}, "spec": {"from": {"kind": "ImageStreamImage", "name": "a@b@c"}}});
    let v = s.post(&path("demo", None), &body).json();
    assert_eq!(v["message"], "ImageStream.image.openshift.io \"app\" is invalid: : Internal error: imagestreams \"app\" is invalid: spec.tags[x].from.name: Invalid value: \"a@b@c\": must be of the form <tag>, <repo>:<tag>, <id>, or <repo>@<id>");
}

#[test]
fn catalogue_ten_internal_conflicts_give_server_timeout() {
    let s = demo();
    s.post(
        "/simulator/v1/faults",
        &json!({"faults": [{"type": "conflict", "methods": ["POST"]}, {"type": "conflict", "methods": ["DELETE"]}]}),
    );
    for (r, verb) in [
        (s.post(&path("demo", None), &docker_tag("app:new", "quay.io/a/b:1")), "create"),
        (s.delete(&path("demo", Some("app:latest"))), "delete"),
    ] {
        assert_status(
            &r,
            500,
            "ServerTimeout",
            &format!("The {verb} operation against imagetags.image.openshift.io could not be completed at this time, please try again."),
            Some(json!({"name": verb, "group": "image.openshift.io", "kind": "imagetags", "retryAfterSeconds": 2})),
        );
        assert_eq!(r.header("Retry-After").as_deref(), Some("2"));
    }
}

#[test]
fn catalogue_watch_is_405() {
    let s = demo();
    for p in [format!("{}?watch=true", path("demo", None)), "/apis/image.openshift.io/v1/imagetags?watch=1".to_string()]
    {
        assert_status(
            &s.get(&p),
            405,
            "MethodNotAllowed",
            "watch is not supported on resources of kind \"imagetags.image.openshift.io\"",
            Some(json!({"group": "image.openshift.io", "kind": "imagetags"})),
        );
    }
}

#[test]
fn catalogue_delete_collection_is_405() {
    let s = demo();
    let r = s.delete(&path("demo", None));
    assert_status(
        &r,
        405,
        "MethodNotAllowed",
        "the server does not allow this method on the requested resource",
        Some(json!({})),
    );
}

#[test]
fn catalogue_no_permission_is_403() {
    // The devserver has no RBAC; a `status` fault with code 403 gives the real server's answer.
    let s = demo();
    s.post("/simulator/v1/faults", &json!({"type": "status", "code": 403, "user": "developer", "count": 2}));
    let r = s.put(&path("demo", Some("app:latest")), &json!({}));
    assert_status(
        &r,
        403,
        "Forbidden",
        "imagetags.image.openshift.io \"app:latest\" is forbidden: User \"developer\" cannot update resource \"imagetags\" in API group \"image.openshift.io\" in the namespace \"demo\"",
        d("imagetags", "app:latest"),
    );
    let r = s.get("/apis/image.openshift.io/v1/imagetags");
    assert_eq!(r.json()["message"], "imagetags.image.openshift.io is forbidden: User \"developer\" cannot list resource \"imagetags\" in API group \"image.openshift.io\" at the cluster scope");
}

// ---- §2.2 names ----------------------------------------------------------------------------------

#[test]
fn names_post_splits_at_first_colon_and_defaults_latest() {
    let s = empty();
    let r = s.post(
        &path("demo", None),
        &json!({"metadata": {"name": "a:b:c"}, "spec": {"from": {"kind": "DockerImage", "name": "quay.io/a/b:1"}}}),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let v = r.json();
    assert_eq!(v["metadata"]["name"], "a:b:c");
    assert_eq!(v["spec"]["name"], "b:c");
    // Creatable, never addressable.
    assert_eq!(s.get(&path("demo", Some("a:b:c"))).status, 400);
    let r = s.post(
        &path("demo", None),
        &json!({"metadata": {"name": "foo:"}, "spec": {"from": {"kind": "DockerImage", "name": "quay.io/a/b:1"}}}),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(s.get(&path("demo", Some("foo:latest"))).json()["spec"]["name"], "latest");
}

#[test]
fn names_colon_may_be_percent_encoded() {
    let s = demo();
    let a = s.get(&path("demo", Some("app%3Alatest")));
    assert_eq!(a.status, 200);
    assert_eq!(a.json(), s.get(&path("demo", Some("app:latest"))).json());
}

// ---- §2.3 projection -----------------------------------------------------------------------------

#[test]
fn projection_tags_share_stream_metadata_and_any_write_changes_all() {
    let s = demo();
    let a = s.get(&path("demo", Some("app:latest"))).json();
    let b = s.get(&path("demo", Some("app:canary"))).json();
    for k in ["uid", "resourceVersion", "generation", "creationTimestamp", "labels", "annotations"] {
        assert_eq!(a["metadata"][k], b["metadata"][k], "{k}");
    }
    assert_eq!(a["metadata"]["labels"], json!({"app.kubernetes.io/part-of": "shop"}));
    // A write to another tag of the stream changes this tag's resourceVersion too.
    create(&s, "demo", "app:other");
    let a2 = s.get(&path("demo", Some("app:latest"))).json();
    assert_ne!(a2["metadata"]["resourceVersion"], a["metadata"]["resourceVersion"]);
    assert_eq!(a2["metadata"]["generation"], 11);
    assert_eq!(a2["spec"], a["spec"]);
}

// ---- §2.4 GET ------------------------------------------------------------------------------------

#[test]
fn get_returns_examples_with_image_and_policy_rewrite() {
    let s = demo();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/data/examples/");
    for (file, name) in [
        ("5.1-docker-tracking-three-items.json", "app:latest"),
        ("5.4-status-only-pushed.json", "frontend:latest"),
        ("5.5-manifest-list.json", "runtime:1.4"),
        ("5.6-signatures.json", "minimal:9.4"),
        ("5.7-local-policy-import-failing.json", "api:stable"),
        ("5.8-reference-only.json", "tools:cli"),
    ] {
        let want: Value = serde_json::from_str(&std::fs::read_to_string(format!("{dir}{file}")).unwrap()).unwrap();
        let got = s.get(&path("demo", Some(name))).json();
        for k in ["kind", "apiVersion", "spec", "status", "image"] {
            assert_eq!(got[k], want[k], "{name} {k}");
        }
        assert!(got["image"].get("dockerImageManifest").is_none() && got["image"].get("dockerImageConfig").is_none());
    }
    // Local policy: the integrated registry, while items[0] keeps the source.
    let api = s.get(&path("demo", Some("api:stable"))).json();
    assert!(api["image"]["dockerImageReference"]
        .as_str()
        .unwrap()
        .starts_with("image-registry.openshift-image-registry.svc:5000/demo/api@sha256:"));
    // Keys present with null.
    let canary = s.get(&path("demo", Some("app:canary"))).json();
    assert!(canary["status"].is_null() && canary["image"].is_null());
    assert!(canary.as_object().unwrap().contains_key("status"));
}

// ---- §2.5 LIST -----------------------------------------------------------------------------------

#[test]
fn list_sorted_per_stream_without_image_and_empty_listmeta() {
    let s = demo();
    let v = s.get(&path("demo", None)).json();
    assert_eq!(v["kind"], "ImageTagList");
    assert_eq!(v["apiVersion"], "image.openshift.io/v1");
    assert_eq!(v["metadata"], json!({}));
    let items = v["items"].as_array().unwrap();
    let names: Vec<&str> = items.iter().map(|i| i["metadata"]["name"].as_str().unwrap()).collect();
    let app: Vec<&str> = names.iter().copied().filter(|n| n.starts_with("app:")).collect();
    assert_eq!(app, ["app:canary", "app:latest", "app:v4-preview"]);
    let streams: Vec<&str> = names.iter().map(|n| n.split(':').next().unwrap()).collect();
    let mut sorted = streams.clone();
    sorted.sort();
    assert_eq!(streams, sorted, "storage order: stream name");
    for i in items {
        assert!(i["image"].is_null());
        assert!(i.get("kind").is_none() && i.get("apiVersion").is_none());
    }
    // The 5.9 example is exactly the app stream's part.
    let want: Value = serde_json::from_str(include_str!("../../tests/data/examples/5.9-list-app-stream.json")).unwrap();
    let app_items: Vec<&Value> =
        items.iter().filter(|i| i["metadata"]["name"].as_str().unwrap().starts_with("app:")).collect();
    assert_eq!(app_items, want["items"].as_array().unwrap().iter().collect::<Vec<_>>());
    // Byte-exact key order of an item, as the example shows it.
    let text = s.get(&path("demo", None)).text();
    assert!(
        text.contains("{\"metadata\":{\"name\":\"app:canary\",\"namespace\":\"demo\",\"uid\":"),
        "key order: {text}"
    );
    assert!(text.starts_with(
        "{\"kind\":\"ImageTagList\",\"apiVersion\":\"image.openshift.io/v1\",\"metadata\":{},\"items\":["
    ));
    // All namespaces: namespace order first.
    let all = s.get("/apis/image.openshift.io/v1/imagetags").json();
    let nss: Vec<&str> =
        all["items"].as_array().unwrap().iter().map(|i| i["metadata"]["namespace"].as_str().unwrap()).collect();
    let mut sorted = nss.clone();
    sorted.sort();
    assert_eq!(nss, sorted);
    assert!(nss.contains(&"shop") && nss.contains(&"platform") && nss.contains(&"ci"));
}

#[test]
fn list_selectors_limit_and_null_items() {
    let s = demo();
    let names = |p: &str| -> Vec<String> {
        let v = s.get(p).json();
        v["items"]
            .as_array()
            .map(|a| a.iter().map(|i| i["metadata"]["name"].as_str().unwrap().to_string()).collect())
            .unwrap_or_default()
    };
    let base = path("demo", None);
    // Label selectors see the stream's labels.
    assert_eq!(
        names(&format!("{base}?labelSelector=app.kubernetes.io%2Fpart-of%3Dshop")),
        ["app:canary", "app:latest", "app:v4-preview"]
    );
    // metadata.name never matches; metadata.namespace works.
    let r = s.get(&format!("{base}?fieldSelector=metadata.name%3Dapp%3Alatest")).json();
    assert_eq!(r["items"], Value::Null);
    assert_eq!(r["metadata"], json!({}));
    assert_eq!(
        names("/apis/image.openshift.io/v1/imagetags?fieldSelector=metadata.namespace%3Dci"),
        ["runner:main", "runner:pr-123"]
    );
    let r = s.get(&format!("{base}?fieldSelector=spec.name%3Dx"));
    assert_status(
        &r,
        400,
        "BadRequest",
        "\"spec.name\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"",
        None,
    );
    // limit counts streams, and there is no continue token.
    let v = s.get(&format!("{base}?limit=2")).json();
    assert_eq!(v["metadata"], json!({}));
    let got: Vec<&str> =
        v["items"].as_array().unwrap().iter().map(|i| i["metadata"]["name"].as_str().unwrap()).collect();
    assert_eq!(got, ["api:stable", "app:canary", "app:latest", "app:v4-preview"]);
    // Empty result: items null.
    assert_eq!(
        s.get(&path("nothing-here", None)).text(),
        r#"{"kind":"ImageTagList","apiVersion":"image.openshift.io/v1","metadata":{},"items":null}"#
    );
}

// ---- §2.6 CREATE ---------------------------------------------------------------------------------

#[test]
fn create_makes_the_stream_discards_status_and_fills_spec_name() {
    let s = empty();
    let body = json!({
        "kind": "ImageTag", "apiVersion": "image.openshift.io/v1",
        "metadata": {"name": "web:v1", "labels": {"ignored": "yes"}},
        "spec": {"from": {"kind": "DockerImage", "name": "quay.io/acme/web:v1"}, "generation": 42},
        "status": {"tag": "v1", "items": [{"created": "2025-01-01T00:00:00Z", "dockerImageReference": "x", "image": "sha256:1", "generation": 1}]},
        "image": {"metadata": {"name": "sha256:1"}}
    });
    let r = s.post(&path("team", None), &body);
    assert_eq!(r.status, 201, "{}", r.text());
    let v = r.json();
    assert_eq!(v["kind"], "ImageTag");
    assert_eq!(v["metadata"]["namespace"], "team");
    assert_eq!(v["metadata"]["generation"], 1);
    assert!(v["metadata"].get("labels").is_none());
    assert!(v["metadata"]["uid"].as_str().unwrap().len() == 36);
    assert_eq!(
        v["spec"],
        json!({"name": "v1", "annotations": null, "from": {"kind": "DockerImage", "name": "quay.io/acme/web:v1"}, "generation": 1,
            "importPolicy": {"importMode": "Legacy"}, "referencePolicy": {"type": "Source"}})
    );
    assert!(v["status"].is_null() && v["image"].is_null());
    // A second tag on the existing stream bumps the stream generation and gets it.
    let v = create(&s, "team", "web:v2");
    assert_eq!(v["metadata"]["generation"], 2);
    assert_eq!(v["spec"]["generation"], 2);
}

#[test]
fn create_over_a_status_only_tag_is_allowed() {
    let s = demo();
    let r = s.post(&path("demo", None), &docker_tag("frontend:latest", "quay.io/example/frontend:latest"));
    assert_eq!(r.status, 201, "{}", r.text());
    let v = r.json();
    assert_eq!(v["status"]["items"].as_array().unwrap().len(), 1, "pre-existing status kept");
    assert!(v["image"].is_object());
}

#[test]
fn create_side_effects_reference_istag_and_isimage() {
    let s = demo();
    // reference: true adds a history item at once, with an empty image.
    let r = s.post(&path("demo", None), &json!({"metadata": {"name": "tools:ref"}, "spec": {"reference": true, "from": {"kind": "DockerImage", "name": "quay.io/example/cli:4.19"}}}));
    let v = r.json();
    let item = &v["status"]["items"][0];
    assert_eq!(item["dockerImageReference"], "quay.io/example/cli:4.19");
    assert_eq!(item["image"], "");
    assert_eq!(item["generation"], v["spec"]["generation"]);
    assert!(v["image"].is_null());
    // ImageStreamTag copies the source's newest item, keeping its created time.
    let r = s.post(
        &path("demo", None),
        &json!({"metadata": {"name": "app:prod"}, "spec": {"from": {"kind": "ImageStreamTag", "name": "app:latest"}}}),
    );
    let v = r.json();
    assert_eq!(v["status"]["items"][0]["created"], "2025-03-08T16:02:51Z");
    assert_eq!(
        v["status"]["items"][0]["image"],
        "sha256:358a566fcab67757e71ffb06985ffe77c750db3299e042e0c15fd2645ba6d3c8"
    );
    assert_eq!(
        v["image"]["metadata"]["name"],
        "sha256:358a566fcab67757e71ffb06985ffe77c750db3299e042e0c15fd2645ba6d3c8"
    );
    // A missing source tag in an existing stream is fine.
    assert_eq!(s.post(&path("demo", None), &json!({"metadata": {"name": "app:later"}, "spec": {"from": {"kind": "ImageStreamTag", "name": "nothing-yet"}}})).status, 201);
    // ImageStreamImage by digest prefix.
    let r = s.post(&path("demo", None), &json!({"metadata": {"name": "app:pinned"}, "spec": {"from": {"kind": "ImageStreamImage", "name": "app@sha256:60adeb44"}}}));
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(
        r.json()["status"]["items"][0]["image"],
        "sha256:60adeb44bbc9eb4fac944bfe0c87d6938c75757264c69ae748765ed3ba257b2a"
    );
    let r = s.post(&path("demo", None), &json!({"metadata": {"name": "app:nope"}, "spec": {"from": {"kind": "ImageStreamImage", "name": "app@sha256:ffff0000"}}}));
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["details"]["kind"], "ImageStream");
    assert!(r.json()["message"]
        .as_str()
        .unwrap()
        .contains("spec.tags[nope].from.name: Invalid value: \"app@sha256:ffff0000\": error generating tag event"));
}

#[test]
fn create_dry_run_writes_nothing() {
    let s = demo();
    let before = s.get(&path("demo", Some("app:latest"))).json()["metadata"]["resourceVersion"].clone();
    let r = s.post(&format!("{}?dryRun=All", path("demo", None)), &docker_tag("app:dry", "quay.io/a/b:1"));
    assert_eq!(r.status, 201);
    assert_eq!(r.json()["metadata"]["name"], "app:dry");
    assert_eq!(s.get(&path("demo", Some("app:dry"))).status, 404);
    assert_eq!(
        s.post(&format!("{}?dryRun=All", path("demo", None)), &docker_tag("brand-new:x", "quay.io/a/b:1")).status,
        201
    );
    assert_eq!(s.get(&path("demo", Some("brand-new:x"))).status, 404);
    assert_eq!(s.get(&path("demo", Some("app:latest"))).json()["metadata"]["resourceVersion"], before);
}

// ---- §2.7 UPDATE ---------------------------------------------------------------------------------

#[test]
fn update_blind_put_and_200_vs_201() {
    let s = demo();
    let p = path("demo", Some("app:canary"));
    let mut body = s.get(&p).json();
    body["metadata"].as_object_mut().unwrap().remove("resourceVersion");
    body["spec"]["annotations"] = json!({"description": "blind"});
    let r = s.put(&p, &body);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["spec"]["annotations"]["description"], "blind");
    // A status-only tag that gets a spec: 201.
    let p = path("demo", Some("frontend:latest"));
    let mut body = s.get(&p).json();
    body["spec"] =
        json!({"name": "latest", "from": {"kind": "DockerImage", "name": "quay.io/example/frontend:latest"}});
    let r = s.put(&p, &body);
    assert_eq!(r.status, 201, "{}", r.text());
    // PUT on a missing stream creates it (spec.name filled in), 201.
    let r = s.put(
        &path("fresh", Some("svc:v1")),
        &json!({"metadata": {"name": "svc:v1"}, "spec": {"from": {"kind": "DockerImage", "name": "quay.io/a/svc:v1"}}}),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json()["spec"]["name"], "v1");
    // spec null on an existing stream for a tag with neither: 201 with spec and status null.
    let r = s.put(
        &path("demo", Some("app:void")),
        &json!({"metadata": s.get(&path("demo", Some("app:latest"))).json()["metadata"].clone(), "spec": null})
            .tap(|v| v["metadata"]["name"] = json!("app:void")),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    assert!(r.json()["spec"].is_null() && r.json()["status"].is_null());
}

trait Tap {
    fn tap(self, f: impl FnOnce(&mut Self)) -> Self;
}
impl Tap for Value {
    fn tap(mut self, f: impl FnOnce(&mut Self)) -> Self {
        f(&mut self);
        self
    }
}

#[test]
fn update_requires_metadata_and_status_unchanged() {
    let s = demo();
    let p = path("demo", Some("app:latest"));
    let orig = s.get(&p).json();
    let meta_err = "metadata: Invalid value: \"\": may not update fields other than spec";
    let status_err = "status: Invalid value: \"\": may not update fields other than spec";
    let body = orig.clone().tap(|b| b["metadata"]["labels"]["extra"] = json!("1"));
    assert_status(
        &s.put(&p, &body),
        422,
        "Invalid",
        &format!("ImageTag.image.openshift.io \"app:latest\" is invalid: {meta_err}"),
        Some(json!({"name": "app:latest", "group": "image.openshift.io", "kind": "ImageTag",
            "causes": [{"reason": "FieldValueInvalid", "message": "Invalid value: \"\": may not update fields other than spec", "field": "metadata"}]})),
    );
    let body = orig.clone().tap(|b| b["status"]["items"].as_array_mut().unwrap().pop().map(|_| ()).unwrap());
    assert_eq!(
        s.put(&p, &body).json()["message"],
        format!("ImageTag.image.openshift.io \"app:latest\" is invalid: {status_err}")
    );
    // A body with only spec fails for a tag with history.
    let body = json!({"metadata": {"name": "app:latest", "labels": orig["metadata"]["labels"].clone(), "annotations": orig["metadata"]["annotations"].clone()}, "spec": orig["spec"].clone()});
    assert_eq!(
        s.put(&p, &body).json()["message"],
        format!("ImageTag.image.openshift.io \"app:latest\" is invalid: {status_err}")
    );
    // Times compared as instants, nil equals empty: this passes.
    let body = orig.clone().tap(|b| b["status"]["items"][0]["created"] = json!("2025-03-08T17:02:51+01:00"));
    assert_eq!(s.put(&p, &body).status, 200);
    // spec.name is not filled in on update.
    let body = s.get(&p).json().tap(|b| b["spec"]["name"] = json!(""));
    assert_eq!(s.put(&p, &body).json()["message"], "ImageTag.image.openshift.io \"app:latest\" is invalid: spec.name: Invalid value: \"\": must match image tag name");
}

#[test]
fn update_spec_null_keeps_history() {
    let s = demo();
    let p = path("demo", Some("app:latest"));
    let body = s.get(&p).json().tap(|b| b["spec"] = Value::Null);
    let r = s.put(&p, &body);
    assert_eq!(r.status, 200, "{}", r.text());
    let v = s.get(&p).json();
    assert!(v["spec"].is_null());
    assert_eq!(v["status"]["items"].as_array().unwrap().len(), 3);
    assert_eq!(v["metadata"]["generation"], 11);
}

#[test]
fn update_generation_rules() {
    let s = empty();
    create(&s, "g", "s:a");
    let p = path("g", Some("s:a"));
    // A client-set generation is replaced by the previous value.
    let body = s.get(&p).json().tap(|b| b["spec"]["generation"] = json!(99));
    let v = s.put(&p, &body).json();
    assert_eq!(v["spec"]["generation"], 1);
    assert_eq!(v["metadata"]["generation"], 1, "nothing changed");
    // 0 asks for a re-import: the stream generation goes up and the tag gets it.
    let body = s.get(&p).json().tap(|b| b["spec"]["generation"] = json!(0));
    let v = s.put(&p, &body).json();
    assert_eq!(v["spec"]["generation"], 2);
    assert_eq!(v["metadata"]["generation"], 2);
    // Changing an annotation changes the stream spec (generation +1) but not the tag's generation.
    let body = s.get(&p).json().tap(|b| b["spec"]["annotations"] = json!({"a": "b"}));
    let v = s.put(&p, &body).json();
    assert_eq!(v["metadata"]["generation"], 3);
    assert_eq!(v["spec"]["generation"], 2);
}

// ---- §2.8 PATCH ----------------------------------------------------------------------------------

#[test]
fn patch_merge_json_strategic_and_apply() {
    let s = demo();
    let p = path("demo", Some("app:latest"));
    // Merge patch {"spec": null} removes the spec and keeps history.
    let r = s.patch(&path("demo", Some("app:v4-preview")), "application/merge-patch+json", &json!({"spec": null}));
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.json()["spec"].is_null() && r.json()["status"]["conditions"].is_array());
    // JSON patch.
    let r = s.patch(
        &p,
        "application/json-patch+json",
        &json!([{"op": "add", "path": "/spec/annotations", "value": {"k": "v"}}]),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["spec"]["annotations"], json!({"k": "v"}));
    // Strategic merge patch.
    let r =
        s.patch(&p, "application/strategic-merge-patch+json", &json!({"spec": {"importPolicy": {"scheduled": false}}}));
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.json()["spec"]["importPolicy"].get("scheduled").is_none());
    // resourceVersion is only checked when the patch sets it.
    let r = s.patch(&p, "application/merge-patch+json", &json!({"metadata": {"resourceVersion": "1"}}));
    assert_eq!(r.status, 409);
    // A patch that introduces a spec on an existing stream must carry spec.name.
    let r = s.patch(
        &path("demo", Some("app:brand-new")),
        "application/merge-patch+json",
        &json!({"spec": {"from": {"kind": "DockerImage", "name": "quay.io/a/b:1"}}}),
    );
    assert_eq!(r.json()["message"], "ImageTag.image.openshift.io \"app:brand-new\" is invalid: spec.name: Invalid value: \"\": must match image tag name");
    let r = s.patch(
        &path("demo", Some("app:brand-new")),
        "application/merge-patch+json",
        &json!({"spec": {"name": "brand-new", "from": {"kind": "DockerImage", "name": "quay.io/a/b:1"}}}),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    // On a missing stream the patch creates it, filling spec.name.
    let r = s.patch(
        &path("demo", Some("patched:v1")),
        "application/merge-patch+json",
        &json!({"spec": {"from": {"kind": "DockerImage", "name": "quay.io/a/b:1"}}}),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    // Server-side apply is refused clearly.
    let r = s.req("PATCH", &p).header("Content-Type", "application/apply-patch+yaml").body("spec: {}").send();
    assert_eq!(r.status, 415);
    assert_eq!(r.json()["reason"], "UnsupportedMediaType");
    assert!(r.json()["message"].as_str().unwrap().contains("server-side apply"));
    // A failing test operation.
    let r = s.patch(&p, "application/json-patch+json", &json!([{"op": "test", "path": "/spec/name", "value": "nope"}]));
    assert_eq!(r.status, 422);
}

// ---- §2.9 DELETE ---------------------------------------------------------------------------------

#[test]
fn delete_returns_bare_success_ignores_rv_and_keeps_stream() {
    let s = demo();
    let p = path("demo", Some("app:latest"));
    let uid = s.get(&p).json()["metadata"]["uid"].as_str().unwrap().to_string();
    let r = s
        .req("DELETE", &p)
        .json(&json!({"preconditions": {"uid": uid, "resourceVersion": "1"}, "gracePeriodSeconds": 0, "propagationPolicy": "Foreground"}))
        .send();
    assert_eq!(r.status, 200);
    assert_eq!(r.text(), r#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success"}"#);
    assert_status(
        &s.get(&p),
        404,
        "NotFound",
        "imagetags.image.openshift.io \"app:latest\" not found",
        d("imagetags", "app:latest"),
    );
    assert_eq!(s.get(&path("demo", Some("app:canary"))).json()["metadata"]["generation"], 11);
    // Deleting a status-only tag: stream generation unchanged; the last tag going leaves the stream.
    let g = s.get(&path("demo", Some("frontend:latest"))).json()["metadata"]["generation"].clone();
    assert_eq!(s.delete(&path("demo", Some("frontend:latest"))).status, 200);
    assert_status(
        &s.get(&path("demo", Some("frontend:latest"))),
        404,
        "NotFound",
        "imagetags.image.openshift.io \"frontend:latest\" not found",
        d("imagetags", "frontend:latest"),
    );
    assert_eq!(g, 1);
    // dryRun=All deletes nothing.
    let r = s.delete(&format!("{}?dryRun=All", path("demo", Some("app:canary"))));
    assert_eq!(r.status, 200);
    assert_eq!(s.get(&path("demo", Some("app:canary"))).status, 200);
}

// ---- limits and unknown paths ---------------------------------------------------------------------

#[test]
fn limits_body_size_json_and_content_type() {
    let s = empty();
    let big = format!(
        "{{\"metadata\":{{\"name\":\"a:b\"}},\"spec\":{{\"annotations\":{{\"x\":\"{}\"}}}}}}",
        "x".repeat(3 * 1024 * 1024)
    );
    let r = s.req("POST", &path("demo", None)).header("Content-Type", "application/json").body(big).send();
    assert_status(&r, 413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728", None);
    let r =
        s.req("POST", &path("demo", None)).header("Content-Type", "application/json").body("{\"metadata\": ").send();
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["reason"], "BadRequest");
    assert!(r.json()["message"].as_str().unwrap().starts_with("couldn't get version/kind; json parse error: "));
    let r = s.req("POST", &path("demo", None)).header("Content-Type", "text/plain").body("{}").send();
    assert_eq!(r.status, 415);
    assert_eq!(r.json()["reason"], "UnsupportedMediaType");
    let r = s.req("POST", &path("demo", None)).header("Content-Type", "application/json").body("{\"spec\": 5}").send();
    assert_eq!(r.status, 400);
    assert!(r.json()["message"].as_str().unwrap().contains("spec"), "{}", r.text());
    assert_status(
        &s.get("/apis/image.openshift.io/v1/nothing"),
        404,
        "NotFound",
        "the server could not find the requested resource",
        Some(json!({})),
    );
    let disc = s.get("/apis/image.openshift.io/v1").json();
    assert_eq!(disc["resources"][0]["verbs"], json!(["create", "delete", "get", "list", "patch", "update"]));
}

#[test]
fn post_image_stream_tag_source_without_name_is_required_on_the_image_tag() {
    // §3.2: `from.name` empty → `spec.from.name: Required value`, whatever the kind; only the stream
    // strategy's format check of ImageStreamTag/ImageStreamImage names is reported against the ImageStream.
    let s = empty();
    for kind in ["ImageStreamTag", "ImageStreamImage"] {
        let body = json!({
            "kind": "ImageTag", "apiVersion": "image.openshift.io/v1",
            "metadata": {"name": "app:copy", "namespace": "demo"},
            "spec": {"name": "copy", "from": {"kind": kind, "name": ""}},
        });
        let r = s.post(&path("demo", None), &body);
        assert_eq!(r.status, 422, "{kind}: {}", r.text());
        let v = r.json();
        assert_eq!(v["details"]["kind"], "ImageTag", "{kind}");
        assert_eq!(
            v["details"]["causes"],
            json!([{"reason": "FieldValueRequired", "message": "Required value", "field": "spec.from.name"}]),
            "{kind}"
        );
        assert_eq!(
            v["message"], "ImageTag.image.openshift.io \"app:copy\" is invalid: spec.from.name: Required value",
            "{kind}"
        );
    }
}
