//! Native tests of the validator: the shared case table, the list fast path, the 422 Status and the
//! stream helpers for the devserver.

#[path = "support/validation_table.rs"]
mod table;

use imagetag::model::{ImageTag, TagReference};
use imagetag::validation::{
    apply_defaults, invalid_message, invalid_status, validate_image_tag, validate_image_tag_list_text,
    validate_stream_create, validate_stream_name, ErrorType, FieldError, Operation,
};
use imagetag::ErrorCode;
use serde_json::{json, Value};

fn op(name: &str) -> Operation {
    serde_json::from_value(json!(name)).unwrap()
}

fn triples(list: &[FieldError]) -> Vec<[String; 3]> {
    list.iter().map(|e| [e.type_.reason().to_string(), e.field.clone(), e.message()]).collect()
}

#[test]
fn case_table() {
    let cases = table::cases();
    assert!(cases.len() > 100);
    let mut failures = Vec::new();
    for case in &cases {
        let tag = ImageTag::from_value(&case.tag).unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let old = case.old.as_ref().map(|o| ImageTag::from_value(o).unwrap());
        let found = validate_image_tag(&tag, op(&case.operation), old.as_ref());
        if let Some(diff) = table::compare(case, &triples(&found.errors), &triples(&found.warnings)) {
            failures.push(diff);
        }
        // The JSON shape carries the same triples.
        let shape = serde_json::to_value(&found).unwrap();
        assert_eq!(table::as_triples(&shape["errors"]), triples(&found.errors));
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn list_items_match_single_validation() {
    // Every create/read case again, as the items of one list through the text fast path.
    for operation in ["create", "read"] {
        let cases: Vec<_> = table::cases().into_iter().filter(|c| c.operation == operation).collect();
        let items: Vec<Value> = cases.iter().map(|c| c.tag.clone()).collect();
        let text =
            json!({"kind": "ImageTagList", "apiVersion": "image.openshift.io/v1", "metadata": {}, "items": items})
                .to_string();
        let found = validate_image_tag_list_text(&text, op(operation)).unwrap();
        let mut at = found.iter().peekable();
        for (i, case) in cases.iter().enumerate() {
            let (errors, warnings) = match at.peek() {
                Some(f) if f.index == i => {
                    let f = at.next().unwrap();
                    assert_eq!(f.name, case.tag["metadata"]["name"].as_str().unwrap_or(""));
                    (triples(&f.errors), triples(&f.warnings))
                }
                _ => (vec![], vec![]),
            };
            if let Some(diff) = table::compare(case, &errors, &warnings) {
                panic!("list item {i}: {diff}");
            }
        }
    }
}

#[test]
fn example_objects_are_clean_when_read() {
    for (name, text) in table::EXAMPLES {
        let tag = ImageTag::parse(text).unwrap();
        let found = validate_image_tag(&tag, Operation::Read, None);
        assert!(found.errors.is_empty(), "{name}: {:#?}", found.errors);
        assert!(found.warnings.is_empty(), "{name}: {:#?}", found.warnings);
        // Sent back unchanged, each is a valid PUT.
        let found = validate_image_tag(&tag, Operation::Update, Some(&tag));
        assert!(found.errors.is_empty() && found.warnings.is_empty(), "{name}: {found:#?}");
    }
    assert_eq!(validate_image_tag_list_text(table::EXAMPLE_LIST, Operation::Read).unwrap(), vec![]);
}

#[test]
fn list_text_edge_cases() {
    let empty = r#"{"kind":"ImageTagList","apiVersion":"image.openshift.io/v1","metadata":{},"items":null}"#;
    assert_eq!(validate_image_tag_list_text(empty, Operation::Read).unwrap(), vec![]);
    assert_eq!(validate_image_tag_list_text(r#"{"items":[]}"#, Operation::Read).unwrap(), vec![]);
    let bad = validate_image_tag_list_text("{\"items\": [", Operation::Read).unwrap_err();
    assert_eq!(bad.code, ErrorCode::Parse);
    let wrong = validate_image_tag_list_text(r#"{"items":[{"kind":"ImageStream"}]}"#, Operation::Read).unwrap_err();
    assert_eq!(wrong.code, ErrorCode::Schema);
    assert_eq!(wrong.path.as_deref(), Some("items[0].kind"));
    let wrong_type =
        validate_image_tag_list_text(r#"{"items":[{"metadata":{"name":5}}]}"#, Operation::Read).unwrap_err();
    assert_eq!(wrong_type.code, ErrorCode::Schema);
    assert_eq!(wrong_type.path.as_deref(), Some("items[0].metadata.name"));
    assert_eq!(
        validate_image_tag_list_text(r#"{"kind":"Status"}"#, Operation::Read).unwrap_err().code,
        ErrorCode::Schema
    );
    // Escaped strings (which cannot be borrowed) validate the same.
    let escaped = r#"{"items":[{"metadata":{"name":"app:v\u0031","namespace":"demo"},"spec":{"name":"v1","referencePolicy":{"type":"Sourc\u0065"}}}]}"#;
    assert_eq!(validate_image_tag_list_text(escaped, Operation::Read).unwrap(), vec![]);
}

#[test]
fn status_of_the_5_10_example() {
    let tag: ImageTag = ImageTag::from_value(&json!({
        "metadata": {"name": "app:next", "namespace": "demo"},
        "spec": {"name": "nxt", "from": {"kind": "DockerImage", "name": "quay.io/example/app:next"}, "referencePolicy": {"type": "Remote"}}
    }))
    .unwrap();
    let found = validate_image_tag(&tag, Operation::Create, None);
    let status = invalid_status("ImageTag", "app:next", &found.errors);
    let expected: Value = serde_json::from_str(table::EXAMPLE_INVALID_STATUS).unwrap();
    assert_eq!(serde_json::to_value(&status).unwrap(), expected);
    assert_eq!(
        serde_json::to_string(&status).unwrap(),
        table::EXAMPLE_INVALID_STATUS.trim(),
        "same text, key order included"
    );
}

#[test]
fn invalid_messages() {
    let one = [FieldError::invalid("spec.name", "x", "must match image tag name")];
    assert_eq!(
        invalid_message("ImageTag", "app:v1", &one),
        "ImageTag.image.openshift.io \"app:v1\" is invalid: spec.name: Invalid value: \"x\": must match image tag name"
    );
    // Repeated causes count once in the message (ToAggregate), but stay in the causes.
    let uid = FieldError::invalid("metadata.uid", "u2", "field is immutable");
    let twice = [uid.clone(), uid.clone()];
    assert_eq!(
        invalid_message("ImageTag", "app:v1", &twice),
        "ImageTag.image.openshift.io \"app:v1\" is invalid: metadata.uid: Invalid value: \"u2\": field is immutable"
    );
    assert_eq!(invalid_status("ImageTag", "app:v1", &twice).causes().len(), 2);
    assert_eq!(invalid_message("ImageTag", "a", &[]), "ImageTag.image.openshift.io \"a\" is invalid");
}

#[test]
fn stream_helpers_for_the_devserver() {
    assert_eq!(
        triples(&validate_stream_name("demo", "My_App")),
        vec![[
            "FieldValueInvalid".to_string(),
            "metadata.name".into(),
            "Invalid value: \"My_App\": must match \"[a-z0-9]+(?:[._-][a-z0-9]+)*\"".into()
        ]]
    );
    assert_eq!(validate_stream_name("demo", "app"), vec![]);
    assert_eq!(validate_stream_name("demo", "")[0].message(), "Required value: name or generateName is required");
    let spec: TagReference =
        serde_json::from_value(json!({"name": "v1", "from": {"kind": "ImageStreamTag", "name": "a:b:c"}})).unwrap();
    let causes = validate_stream_create("demo", "My_App", "v1", &spec);
    assert_eq!(causes.len(), 2);
    assert_eq!(causes[0].type_, ErrorType::Internal);
    assert_eq!(causes[0].field, "");
    assert_eq!(
        causes[0].message(),
        "Internal error: imagestreams \"My_App\" is invalid: spec.tags[v1].from.name: Invalid value: \"a:b:c\": must be of the form <tag>, <repo>:<tag>, <id>, or <repo>@<id>"
    );
    let status = invalid_status("ImageStream", "My_App", &causes[..1]);
    assert!(status
        .message
        .str()
        .starts_with("ImageStream.image.openshift.io \"My_App\" is invalid: : Internal error: imagestreams"));
    let cause = serde_json::to_value(&status.causes()[0]).unwrap();
    assert_eq!(cause.get("field"), None, "an empty field is omitted");
}

#[test]
fn defaults_fill_reference_policy_and_import_mode() {
    let mut tag = ImageTag::from_value(&json!({"metadata": {"name": "a:b"}, "spec": {"name": "b"}})).unwrap();
    apply_defaults(&mut tag);
    let v: Value = serde_json::from_str(&tag.to_json()).unwrap();
    assert_eq!(v["spec"]["referencePolicy"]["type"], "Source");
    assert_eq!(v["spec"]["importPolicy"]["importMode"], "Legacy");
    let mut none = ImageTag::from_value(&json!({"spec": null})).unwrap();
    apply_defaults(&mut none);
    assert_eq!(none.to_json(), r#"{"spec":null}"#);
}
