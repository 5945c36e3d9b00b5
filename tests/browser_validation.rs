//! The validation case table through the JS API in a real browser engine
//! (`wasm-pack test --headless --chrome -- --test browser_validation`).
#![cfg(target_arch = "wasm32")]

#[path = "support/validation_table.rs"]
mod table;

use imagetag::wasm::validation::{validate_image_tag_js, validate_image_tag_list_js};
use js_sys::{Reflect, JSON};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn to_value(v: &JsValue) -> Value {
    let text: String = JSON::stringify(v).unwrap().into();
    serde_json::from_str(&text).unwrap()
}

fn js_object(v: &Value) -> JsValue {
    JSON::parse(&v.to_string()).unwrap()
}

fn options(operation: &str, old: Option<&Value>) -> JsValue {
    let o = js_sys::Object::new();
    Reflect::set(&o, &"operation".into(), &operation.into()).unwrap();
    if let Some(old) = old {
        Reflect::set(&o, &"old".into(), &js_object(old)).unwrap();
    }
    o.into()
}

#[wasm_bindgen_test]
fn case_table_through_validate_image_tag() {
    let cases = table::cases();
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        // Alternate between a plain object and JSON text as input.
        let input = if i % 2 == 0 { js_object(&case.tag) } else { JsValue::from_str(&case.tag.to_string()) };
        let out = validate_image_tag_js(input, Some(options(&case.operation, case.old.as_ref())))
            .unwrap_or_else(|e| panic!("{}: threw {:?}", case.name, e));
        let out = to_value(&out);
        if let Some(diff) =
            table::compare(case, &table::as_triples(&out["errors"]), &table::as_triples(&out["warnings"]))
        {
            failures.push(diff);
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[wasm_bindgen_test]
fn case_table_through_validate_image_tag_list() {
    for operation in ["create", "read"] {
        let cases: Vec<_> = table::cases().into_iter().filter(|c| c.operation == operation).collect();
        let items: Vec<Value> = cases.iter().map(|c| c.tag.clone()).collect();
        let text = json!({"kind": "ImageTagList", "items": items}).to_string();
        let found =
            to_value(&validate_image_tag_list_js(JsValue::from_str(&text), Some(options(operation, None))).unwrap());
        let found = found.as_array().unwrap();
        let mut next = 0;
        for (i, case) in cases.iter().enumerate() {
            let (errors, warnings) = match found.get(next) {
                Some(f) if f["index"] == json!(i) => {
                    next += 1;
                    (table::as_triples(&f["errors"]), table::as_triples(&f["warnings"]))
                }
                _ => (vec![], vec![]),
            };
            if let Some(diff) = table::compare(case, &errors, &warnings) {
                panic!("list item {i}: {diff}");
            }
        }
    }
}

#[wasm_bindgen_test]
fn defaults_and_errors_of_the_js_api() {
    // No options: create.
    let out = to_value(
        &validate_image_tag_js(js_object(&json!({"metadata": {"name": "a:b", "namespace": "x"}})), None).unwrap(),
    );
    assert_eq!(out["errors"][0]["message"], "Required value: spec is a required field during creation");
    assert_eq!(out["errors"][0]["type"], "FieldValueRequired");
    assert_eq!(out["errors"][0]["field"], "spec");
    assert!(out["errors"][0].get("badValue").is_none());
    // badValue is the offending value.
    let out = to_value(
        &validate_image_tag_js(
            js_object(&json!({"metadata": {"name": "a:b", "namespace": "x"}, "spec": {"name": "c"}})),
            None,
        )
        .unwrap(),
    );
    assert_eq!(out["errors"][0]["badValue"], "c");
    assert_eq!(out["errors"][0]["detail"], "must match image tag name");
    // Lists default to read, and list objects are accepted too.
    let list = JSON::parse(table::EXAMPLE_LIST).unwrap();
    assert_eq!(to_value(&validate_image_tag_list_js(list, None).unwrap()), json!([]));
    // Bad JSON throws ImageTagError parse / schema.
    let err = validate_image_tag_js(JsValue::from_str("{"), None).unwrap_err();
    assert_eq!(Reflect::get(&err, &"name".into()).unwrap(), "ImageTagError");
    assert_eq!(Reflect::get(&err, &"code".into()).unwrap(), "parse");
    let err = validate_image_tag_list_js(JsValue::from_str(r#"{"items":[{"spec":{"name":1}}]}"#), None).unwrap_err();
    assert_eq!(Reflect::get(&err, &"code".into()).unwrap(), "schema");
    assert_eq!(Reflect::get(&err, &"path".into()).unwrap(), "items[0].spec.name");
    let err = validate_image_tag_js(JsValue::from_str("{}"), Some(options("delete", None))).unwrap_err();
    assert_eq!(Reflect::get(&err, &"code".into()).unwrap(), "schema");
}
