//! Native tests of the lossless model: every §5 example and generated variants round-trip exactly;
//! errors say where (line/column for syntax, a field path for wrong shapes).

use imagetag::{ErrorCode, Field, ImageTag, ImageTagList};
use serde_json::{json, Value};

fn examples() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/examples");
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    out.sort();
    out
}

fn round_trip(text: &str) -> Value {
    let v: Value = serde_json::from_str(text).unwrap();
    match v["kind"].as_str() {
        Some("ImageTagList") => serde_json::from_str(&ImageTagList::parse(text).unwrap().to_json()).unwrap(),
        _ => serde_json::from_str(&ImageTag::parse(text).unwrap().to_json()).unwrap(),
    }
}

#[test]
fn every_example_round_trips_exactly() {
    let mut n = 0;
    for (name, text) in examples() {
        let v: Value = serde_json::from_str(&text).unwrap();
        if !matches!(v["kind"].as_str(), Some("ImageTag") | Some("ImageTagList")) {
            continue;
        }
        assert_eq!(round_trip(&text), v, "{name}");
        n += 1;
    }
    assert_eq!(n, 9, "the nine ImageTag/ImageTagList examples of §5");
}

include!("support/variants.rs");

#[test]
fn generated_objects_with_unknown_fields_at_every_level_round_trip() {
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let mut checked = 0;
    for (name, text) in examples() {
        let base: Value = serde_json::from_str(&text).unwrap();
        if !matches!(base["kind"].as_str(), Some("ImageTag") | Some("ImageTagList")) {
            continue;
        }
        for round in 0..40 {
            let mut v = base.clone();
            sprinkle_unknown(&mut v, &mut rng, 0);
            if round % 2 == 1 {
                nullify_and_drop(&mut v, &mut rng);
            }
            // kind/apiVersion must stay valid (or absent/null) for the document to be accepted
            if let Some(k) = v.get("kind") {
                if !k.is_null() && k != &base["kind"] {
                    v["kind"] = base["kind"].clone();
                }
            }
            let text = serde_json::to_string(&v).unwrap();
            assert_eq!(round_trip(&text), v, "{name} round {round}");
            checked += 1;
        }
    }
    assert_eq!(checked, 9 * 40);
}

#[test]
fn null_absent_and_present_stay_apart() {
    let tag = ImageTag::parse(r#"{"spec":null,"status":{"items":null},"metadata":{}}"#).unwrap();
    assert_eq!(tag.spec, Field::Null);
    assert!(tag.image.is_absent());
    assert_eq!(tag.status.get().unwrap().items, Field::Null);
    assert!(tag.status.get().unwrap().conditions.is_absent());
    assert_eq!(tag.to_json(), r#"{"metadata":{},"spec":null,"status":{"items":null}}"#);
}

#[test]
fn numbers_keep_their_value() {
    let text = r#"{"spec":{"generation":9007199254740991},"status":{"items":[{"generation":-3}]},"xBig":123456789012345678,"xFloat":0.1,"xExp":1e300}"#;
    let v: Value = serde_json::from_str(text).unwrap();
    assert_eq!(round_trip(text), v);
    let tag = ImageTag::parse(text).unwrap();
    assert_eq!(tag.spec.get().unwrap().generation.num(), 9007199254740991);
}

#[test]
fn syntax_errors_have_line_and_column() {
    let e = ImageTag::parse("{\n  \"spec\": {\n    \"name\": @\n  }\n}").unwrap_err();
    assert_eq!(e.code, ErrorCode::Parse);
    assert_eq!((e.line, e.column), (Some(3), Some(13)));
    assert_eq!(e.message, "expected value");
    let e = ImageTag::parse("").unwrap_err();
    assert_eq!((e.code, e.line, e.column), (ErrorCode::Parse, Some(1), Some(0)));
    let e = ImageTag::parse("{} trailing").unwrap_err();
    assert_eq!((e.code, e.message.as_str()), (ErrorCode::Parse, "trailing characters"));
}

#[test]
fn wrong_shapes_name_the_field_path() {
    let cases: &[(&str, &str)] = &[
        (r#"{"status":{"items":[{},{},{},{"generation":"7"}]}}"#, "status.items[3].generation"),
        (r#"{"spec":{"from":{"name":42}}}"#, "spec.from.name"),
        (r#"{"metadata":{"labels":{"a":1}}}"#, "metadata.labels.a"),
        (r#"{"spec":"x"}"#, "spec"),
        (r#"{"image":{"dockerImageLayers":[{"size":1.5}]}}"#, "image.dockerImageLayers[0].size"),
        (r#"{"kind":"ImageStream"}"#, "kind"),
        (r#"{"apiVersion":"v1"}"#, "apiVersion"),
        (r#"[]"#, ""),
        (r#"{"spec":{"from":[1]}}"#, "spec.from"),
        (r#"{"spec":{"from":{}, "importPolicy": []}}"#, "spec.importPolicy"),
        (r#"{"metadata":{"labels":{"a\"b":1}}}"#, "metadata.labels.a\"b"),
        (r#"{"status":{"items":[{"generation":1},{"generation":true}]}}"#, "status.items[1].generation"),
        ("{\n  \"image\": {\n    \"dockerImageManifests\": [\n      {},\n      {\"manifestSize\": \"big\"}\n    ]\n  }\n}", "image.dockerImageManifests[1].manifestSize"),
        (r#"{"metadata": {"finalizers": ["a", 1]}}"#, "metadata.finalizers[1]"),
        (r#"{"metadata": {"ownerReferences": [{"controller": "yes"}]}}"#, "metadata.ownerReferences[0].controller"),
        (r#"{"xUnknown": {"deep": [1, {"x": "y"}]}, "spec": {"generation": -1.5}}"#, "spec.generation"),
    ];
    for (text, path) in cases {
        let e = ImageTag::parse(text).unwrap_err();
        assert_eq!(e.code, ErrorCode::Schema, "{text}");
        assert_eq!(e.path.as_deref(), Some(*path), "{text}: {}", e.message);
    }
    let e = ImageTagList::parse(r#"{"items":[{},{"kind":"Pod"}]}"#).unwrap_err();
    assert_eq!(e.path.as_deref(), Some("items[1].kind"));
    let e = ImageTagList::parse(r#"{"items":[{"spec":{"reference":"yes"}}]}"#).unwrap_err();
    assert_eq!(e.path.as_deref(), Some("items[0].spec.reference"));
}

#[test]
fn list_items_may_be_null_and_carry_no_kind() {
    let list = ImageTagList::parse(
        r#"{"kind":"ImageTagList","apiVersion":"image.openshift.io/v1","metadata":{},"items":null}"#,
    )
    .unwrap();
    assert!(list.items.is_null());
    assert_eq!(
        list.to_json(),
        r#"{"kind":"ImageTagList","apiVersion":"image.openshift.io/v1","metadata":{},"items":null}"#
    );
}

#[test]
fn deep_nesting_is_refused_clearly_without_overflowing_the_stack() {
    let depth = 10_000;
    let text = format!("{{\"xDeep\":{}{}}}", "[".repeat(depth), "]".repeat(depth));
    let e = ImageTag::parse(&text).unwrap_err();
    assert_eq!(e.code, ErrorCode::Parse);
    assert_eq!(e.message, "recursion limit exceeded");
}

#[test]
fn duplicate_keys_keep_the_last_value_like_json_parse() {
    let tag = ImageTag::parse(r#"{"spec":{"name":"a","name":"b"}}"#).unwrap();
    assert_eq!(tag.spec.get().unwrap().name.str(), "b");
}
