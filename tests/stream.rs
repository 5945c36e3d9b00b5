//! Native tests of the ImageStream model (lossless, like ImageTag's) and of the projection of a stream to
//! its ImageTags (docs/semantics.md §2.3, §2.5), checked against the §5 examples the devserver serves.

use imagetag::json::from_str;
use imagetag::{Field, ImageStream, ImageStreamList, ImageTag, ImageTagList, TagForm};
use serde_json::{json, Value};

include!("support/variants.rs");

/// An image stream as `oc get is app -o json` shows it, with the keys a server sends as `null`, keys it
/// omits, and fields this package does not know (at the top, in spec, status, a tag and a history entry).
const REALISTIC: &str = r#"{
  "kind": "ImageStream",
  "apiVersion": "image.openshift.io/v1",
  "metadata": {
    "name": "app",
    "namespace": "demo",
    "uid": "346b2cb4-33c3-56ab-90ed-176be877ac12",
    "resourceVersion": "4119377",
    "generation": 10,
    "creationTimestamp": "2025-01-06T09:12:44Z",
    "labels": {"app.kubernetes.io/part-of": "shop"},
    "annotations": {"openshift.io/image.dockerRepositoryCheck": "2025-03-10T11:45:03Z"},
    "managedFields": [
      {"manager": "oc", "operation": "Update", "apiVersion": "image.openshift.io/v1",
       "time": "2025-03-10T11:45:03Z", "fieldsType": "FieldsV1",
       "fieldsV1": {"f:spec": {"f:tags": {}}}}
    ]
  },
  "spec": {
    "lookupPolicy": {"local": false},
    "tags": [
      {"name": "latest", "annotations": null,
       "from": {"kind": "DockerImage", "name": "quay.io/example/app:latest"},
       "generation": 10, "importPolicy": {"scheduled": true, "importMode": "Legacy"},
       "referencePolicy": {"type": "Source"}, "xFutureTagField": [1, {"a": null}]},
      {"name": "canary", "annotations": {"description": "the next one"},
       "from": {"kind": "DockerImage", "name": "quay.io/example/app:canary"},
       "generation": null, "importPolicy": {}, "referencePolicy": {"type": "Local"}}
    ],
    "xFutureSpecField": {"enabled": true}
  },
  "status": {
    "dockerImageRepository": "image-registry.openshift-image-registry.svc:5000/demo/app",
    "tags": [
      {"tag": "latest", "items": [
        {"created": "2025-03-10T11:45:03Z",
         "dockerImageReference": "quay.io/example/app@sha256:1111111111111111111111111111111111111111111111111111111111111111",
         "image": "sha256:1111111111111111111111111111111111111111111111111111111111111111",
         "generation": 10, "xFutureEventField": 1.5}
      ]},
      {"tag": "v4-preview", "items": null, "conditions": [
        {"type": "ImportSuccess", "status": "False", "lastTransitionTime": null,
         "reason": "NotFound", "message": "not found", "generation": 3}
      ]}
    ],
    "xFutureStatusField": null
  },
  "xFutureTopField": "kept"
}"#;

fn value(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

fn round_trip_stream(text: &str) -> Value {
    let stream: ImageStream = from_str(text).unwrap();
    serde_json::to_value(&stream).unwrap()
}

fn round_trip_list(text: &str) -> Value {
    let list: ImageStreamList = from_str(text).unwrap();
    serde_json::to_value(&list).unwrap()
}

#[test]
fn a_realistic_stream_round_trips_exactly() {
    assert_eq!(round_trip_stream(REALISTIC), value(REALISTIC));
    let stream: ImageStream = from_str(REALISTIC).unwrap();
    // Serializing is stable: the output parses back to the same model and the same text.
    let text = serde_json::to_string(&stream).unwrap();
    let again: ImageStream = from_str(&text).unwrap();
    assert_eq!(again, stream);
    assert_eq!(serde_json::to_string(&again).unwrap(), text);
    // The unknown fields are where they were, not folded into anything.
    assert_eq!(stream.extra["xFutureTopField"], json!("kept"));
    assert_eq!(stream.spec.get().unwrap().extra["xFutureSpecField"], json!({"enabled": true}));
    assert_eq!(stream.status.get().unwrap().extra["xFutureStatusField"], Value::Null);
    assert_eq!(stream.spec_tags()[0].extra["xFutureTagField"], json!([1, {"a": null}]));
}

#[test]
fn null_absent_and_present_stay_apart_in_a_stream() {
    let stream: ImageStream = from_str(REALISTIC).unwrap();
    let spec = stream.spec.get().unwrap();
    assert!(spec.docker_image_repository.is_absent());
    assert_eq!(spec.lookup_policy.get().unwrap().local, Field::Present(false));
    assert_eq!(spec.tags.items()[0].annotations, Field::Null);
    assert_eq!(spec.tags.items()[1].generation, Field::Null);
    assert!(spec.tags.items()[1].reference.is_absent());
    let status = stream.status.get().unwrap();
    assert!(status.public_docker_image_repository.is_absent());
    assert_eq!(status.tags.items()[1].items, Field::Null);
    assert!(status.tags.items()[0].conditions.is_absent());
    assert_eq!(status.tags.items()[1].conditions.items()[0].last_transition_time, Field::Null);

    let bare: ImageStream = from_str(r#"{"metadata":{"name":"s"},"spec":{"tags":null},"status":null}"#).unwrap();
    assert_eq!(bare.spec.get().unwrap().tags, Field::Null);
    assert_eq!(bare.status, Field::Null);
    assert!(bare.kind.is_absent());
    assert_eq!(
        serde_json::to_string(&bare).unwrap(),
        r#"{"metadata":{"name":"s"},"spec":{"tags":null},"status":null}"#
    );
    assert!(
        bare.spec_tags().is_empty() && bare.status_tags().is_empty() && bare.image_tags(TagForm::Object).is_empty()
    );

    let list: ImageStreamList =
        from_str(r#"{"kind":"ImageStreamList","metadata":{"resourceVersion":"7"},"items":null}"#).unwrap();
    assert_eq!(list.items, Field::Null);
    assert_eq!(
        serde_json::to_string(&list).unwrap(),
        r#"{"kind":"ImageStreamList","metadata":{"resourceVersion":"7"},"items":null}"#
    );
}

#[test]
fn generated_streams_and_lists_with_unknown_fields_and_nulls_round_trip() {
    let mut rng = Rng(0x0057_2ea3_5eed_0016);
    let stream = value(REALISTIC);
    let mut list = json!({"kind": "ImageStreamList", "apiVersion": "image.openshift.io/v1",
        "metadata": {"resourceVersion": "4119380", "continue": ""}, "items": [stream.clone(), stream.clone()]});
    list["items"][1]["metadata"]["name"] = json!("other");
    let mut checked = 0;
    for round in 0..60 {
        for (is_list, base) in [(false, &stream), (true, &list)] {
            let mut v = base.clone();
            sprinkle_unknown(&mut v, &mut rng, 0);
            if round % 2 == 1 {
                nullify_and_drop(&mut v, &mut rng);
            }
            let text = serde_json::to_string(&v).unwrap();
            let back = if is_list { round_trip_list(&text) } else { round_trip_stream(&text) };
            assert_eq!(back, v, "round {round}");
            checked += 1;
        }
    }
    assert_eq!(checked, 120);
}

// -----------------------------------------------------------------------------------------------------
// Projection (§2.3): the §5 ImageTag examples are projections; build the stream each comes from.

fn example(name: &str) -> Value {
    let path = format!("{}/tests/data/examples/{name}", env!("CARGO_MANIFEST_DIR"));
    value(&std::fs::read_to_string(path).unwrap())
}

/// The stream the ImageTags `tags` (all of one stream) are projections of: the tags' common metadata with
/// the stream's name, every non-null spec in `spec.tags`, every non-null status in `status.tags`, each array
/// in reverse order (the projection sorts), plus the stream fields ImageTags do not show.
fn stream_of(tags: &[Value]) -> Value {
    let name = tags[0]["metadata"]["name"].as_str().unwrap();
    let stream_name = name.split(':').next().unwrap();
    let mut meta = tags[0]["metadata"].clone();
    meta["name"] = json!(stream_name);
    for t in tags {
        let mut m = t["metadata"].clone();
        m["name"] = json!(stream_name);
        assert_eq!(m, meta, "tags of one stream share its metadata");
    }
    let specs: Vec<Value> = tags.iter().rev().map(|t| t["spec"].clone()).filter(|s| !s.is_null()).collect();
    let statuses: Vec<Value> = tags.iter().rev().map(|t| t["status"].clone()).filter(|s| !s.is_null()).collect();
    json!({
        "kind": "ImageStream",
        "apiVersion": "image.openshift.io/v1",
        "metadata": meta,
        "spec": {"lookupPolicy": {"local": false}, "tags": specs},
        "status": {
            "dockerImageRepository": format!("image-registry.openshift-image-registry.svc:5000/demo/{stream_name}"),
            "tags": statuses,
        },
    })
}

/// A tag with another name and content, to sit beside the tag under test.
fn distractor(of: &Value, tag: &str) -> Value {
    let stream = of["metadata"]["name"].as_str().unwrap().split(':').next().unwrap();
    let mut d = of.clone();
    d["metadata"]["name"] = json!(format!("{stream}:{tag}"));
    d["spec"] = json!({"name": tag, "annotations": null, "from": {"kind": "DockerImage", "name": format!("quay.io/x/{tag}")},
        "generation": 1, "importPolicy": {}, "referencePolicy": {"type": "Source"}});
    d["status"] = json!({"tag": tag, "items": null});
    d
}

#[test]
fn the_projection_gives_back_every_imagetag_example() {
    let files = [
        "5.1-docker-tracking-three-items.json",
        "5.2-first-import-failed.json",
        "5.3-spec-only.json",
        "5.4-status-only-pushed.json",
        "5.5-manifest-list.json",
        "5.6-signatures.json",
        "5.7-local-policy-import-failing.json",
        "5.8-reference-only.json",
    ];
    for file in files {
        let want = example(file);
        let name = want["metadata"]["name"].as_str().unwrap().to_string();
        let tag = name.split_once(':').unwrap().1;
        // Tags sorting before and after it, so that the right entries must be picked.
        let group = [distractor(&want, "0-first"), want.clone(), distractor(&want, "zz-last")];
        let stream: ImageStream = from_str(&stream_of(&group).to_string()).unwrap();

        // As a whole object: the example with `image` null (a projection has no Image; GET adds it, §2.4).
        let mut object = want.clone();
        object["image"] = Value::Null;
        let got = stream.image_tag(tag, TagForm::Object).unwrap();
        assert_eq!(serde_json::to_value(&got).unwrap(), object, "{file}");
        // Byte for byte what the model writes for the example itself (the devserver's serializer).
        assert_eq!(got.to_json(), ImageTag::parse(&object.to_string()).unwrap().to_json(), "{file}");

        // As a list item: no kind/apiVersion.
        let mut item = object.clone();
        item.as_object_mut().unwrap().remove("kind");
        item.as_object_mut().unwrap().remove("apiVersion");
        assert_eq!(serde_json::to_value(stream.image_tag(tag, TagForm::ListItem).unwrap()).unwrap(), item, "{file}");

        // All three, in byte order of the tag names.
        let names: Vec<String> = stream.image_tags(TagForm::ListItem).iter().map(|t| t.name().to_string()).collect();
        let stream_name = name.split(':').next().unwrap();
        assert_eq!(names, [format!("{stream_name}:0-first"), name.clone(), format!("{stream_name}:zz-last")], "{file}");
    }
}

#[test]
fn the_app_stream_projects_to_the_5_9_list_exactly() {
    let want = example("5.9-list-app-stream.json");
    let items = want["items"].as_array().unwrap();
    let app = stream_of(items);
    let stream: ImageStream = from_str(&app.to_string()).unwrap();
    let got: Vec<Value> =
        stream.image_tags(TagForm::ListItem).iter().map(|t| serde_json::to_value(t).unwrap()).collect();
    assert_eq!(&got, items);

    // A list of streams projects stream by stream, in the list's order; text as the devserver writes it.
    let mut other = stream_of(&[distractor(&items[0], "b"), distractor(&items[0], "a")]);
    other["metadata"]["name"] = json!("aaa-first-by-name");
    let list: ImageStreamList = from_str(
        &json!({"kind": "ImageStreamList", "metadata": {"resourceVersion": "9"}, "items": [app, other]}).to_string(),
    )
    .unwrap();
    let tags = list.image_tags();
    let names: Vec<&str> = tags.iter().map(|t| t.name()).collect();
    assert_eq!(names, ["app:canary", "app:latest", "app:v4-preview", "aaa-first-by-name:a", "aaa-first-by-name:b"]);
    let as_list = ImageTagList {
        kind: Field::Present("ImageTagList".into()),
        api_version: Field::Present("image.openshift.io/v1".into()),
        metadata: Field::Present(Default::default()),
        items: Field::Present(tags[..3].to_vec()),
        extra: Default::default(),
    };
    assert_eq!(as_list.to_json(), ImageTagList::parse(&want.to_string()).unwrap().to_json());
}

#[test]
fn a_tag_exists_while_it_has_a_spec_or_a_status_entry() {
    let stream: ImageStream = from_str(
        r#"{"metadata":{"name":"s","namespace":"n","resourceVersion":"5"},
            "spec":{"tags":[{"name":"both"},{"name":"spec-only"}]},
            "status":{"tags":[{"tag":"status-only","items":null},{"tag":"both","items":[]}]}}"#,
    )
    .unwrap();
    let t = stream.image_tag("spec-only", TagForm::Object).unwrap();
    assert!(t.spec.is_present() && t.status.is_null() && t.image.is_null());
    let t = stream.image_tag("status-only", TagForm::Object).unwrap();
    assert!(t.spec.is_null() && t.status.is_present());
    let t = stream.image_tag("both", TagForm::Object).unwrap();
    assert!(t.spec.is_present() && t.status.is_present());
    assert_eq!(t.name(), "s:both");
    assert_eq!(t.namespace(), "n");
    assert_eq!(t.metadata.get().unwrap().resource_version.str(), "5");
    assert!(stream.image_tag("neither", TagForm::Object).is_none());
    let names: Vec<String> = stream.image_tags(TagForm::Object).iter().map(|t| t.name().to_string()).collect();
    assert_eq!(names, ["s:both", "s:spec-only", "s:status-only"]);
}

#[test]
fn tag_names_sort_in_byte_order_and_a_repeated_name_takes_the_last_entry() {
    let stream: ImageStream = from_str(
        r#"{"metadata":{"name":"s"},
            "spec":{"tags":[{"name":"b","generation":1},{"name":"B"},{"name":"é"},{"name":"b","generation":2},{"name":"a"}]}}"#,
    )
    .unwrap();
    let names: Vec<String> = stream.image_tags(TagForm::ListItem).iter().map(|t| t.name().to_string()).collect();
    assert_eq!(names, ["s:B", "s:a", "s:b", "s:é"]);
    let b = stream.image_tag("b", TagForm::ListItem).unwrap();
    assert_eq!(b.spec.get().unwrap().generation.num(), 2);
    let listed = stream.image_tags(TagForm::ListItem);
    assert_eq!(listed[2], b);
}
