//! Browser tests of the parsing exports: object in, object out, and `ImageTagError` fields, in a real
//! browser engine (`wasm-pack test --headless --chrome` / `--firefox`).
#![cfg(target_arch = "wasm32")]

use imagetag::wasm::parse::{parse_image_tag, parse_image_tag_list, serialize_image_tag};
use js_sys::{Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const EXAMPLE_5_1: &str = include_str!("data/examples/5.1-docker-tracking-three-items.json");
const EXAMPLE_5_2: &str = include_str!("data/examples/5.2-first-import-failed.json");
const EXAMPLE_5_9: &str = include_str!("data/examples/5.9-list-app-stream.json");

fn get(v: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(v.clone(), |acc, k| Reflect::get(&acc, &JsValue::from_str(k)).unwrap())
}

fn canonical(v: &JsValue) -> String {
    // Deep equality through a canonical form: re-parse in Rust (sorted keys) and print.
    let text: String = JSON::stringify(v).unwrap().into();
    serde_json::from_str::<serde_json::Value>(&text).unwrap().to_string()
}

#[wasm_bindgen_test]
fn parse_text_gives_plain_objects_with_nulls_kept() {
    let tag = parse_image_tag(JsValue::from_str(EXAMPLE_5_2)).unwrap();
    assert_eq!(get(&tag, "metadata.name").as_string().unwrap(), "app:v4-preview");
    assert!(get(&tag, "image").is_null());
    assert!(get(&tag, "status.items").is_null());
    assert!(get(&tag, "spec.annotations").is_null());
    assert_eq!(get(&tag, "spec.generation").as_f64(), Some(9.0));
    assert!(
        js_sys::Object::get_prototype_of(&get(&tag, "spec"))
            == js_sys::Object::get_prototype_of(&js_sys::Object::new())
    );
}

#[wasm_bindgen_test]
fn object_in_object_out_is_lossless() {
    let input = JSON::parse(EXAMPLE_5_1).unwrap();
    Reflect::set(&input, &"xFuture".into(), &JSON::parse(r#"{"a":[1,null,{"b":true}]}"#).unwrap()).unwrap();
    Reflect::set(&get(&input, "spec.importPolicy"), &"xNew".into(), &JsValue::NULL).unwrap();
    let out = parse_image_tag(input.clone()).unwrap();
    assert_eq!(canonical(&out), canonical(&input));
    let text = serialize_image_tag(out).unwrap();
    assert_eq!(canonical(&JSON::parse(&text).unwrap()), canonical(&input));
}

#[wasm_bindgen_test]
fn lists_parse_with_items_and_without_kind_per_item() {
    let list = parse_image_tag_list(JsValue::from_str(EXAMPLE_5_9)).unwrap();
    assert_eq!(js_sys::Array::from(&get(&list, "items")).length(), 3);
    assert_eq!(canonical(&list), canonical(&JSON::parse(EXAMPLE_5_9).unwrap()));
    let empty = parse_image_tag_list(JsValue::from_str(r#"{"kind":"ImageTagList","items":null}"#)).unwrap();
    assert!(get(&empty, "items").is_null());
}

#[wasm_bindgen_test]
fn syntax_errors_are_image_tag_errors_with_line_and_column() {
    let err = parse_image_tag(JsValue::from_str("{\n  \"spec\": @\n}")).unwrap_err();
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&err, "name").as_string().unwrap(), "ImageTagError");
    assert_eq!(get(&err, "code").as_string().unwrap(), "parse");
    assert_eq!(get(&err, "line").as_f64(), Some(2.0));
    assert_eq!(get(&err, "column").as_f64(), Some(11.0));
}

#[wasm_bindgen_test]
fn wrong_shapes_are_schema_errors_with_a_path() {
    let err = parse_image_tag(JsValue::from_str(r#"{"status":{"items":[{},{},{},{"generation":"7"}]}}"#)).unwrap_err();
    assert_eq!(get(&err, "code").as_string().unwrap(), "schema");
    assert_eq!(get(&err, "path").as_string().unwrap(), "status.items[3].generation");
    let err = parse_image_tag(JsValue::from_str(r#"{"kind":"ImageStream"}"#)).unwrap_err();
    assert_eq!(get(&err, "path").as_string().unwrap(), "kind");
    let err = parse_image_tag(JsValue::from_f64(3.0)).unwrap_err();
    assert_eq!(get(&err, "code").as_string().unwrap(), "schema");
}

#[wasm_bindgen_test]
fn deep_nesting_is_a_clear_error_not_a_crash() {
    let text = format!("{{\"x\":{}{}}}", "[".repeat(10_000), "]".repeat(10_000));
    let err = parse_image_tag(JsValue::from_str(&text)).unwrap_err();
    assert_eq!(get(&err, "code").as_string().unwrap(), "parse");
    // the module still works afterwards
    assert!(parse_image_tag(JsValue::from_str("{}")).is_ok());
}

/// The fast reader scans strings sixteen bytes at a time with wasm SIMD (src/json/fast_reader.rs; natively it is an
/// eight-byte SWAR loop, so only a wasm test covers it): a quote, an escape or a control character at every
/// position of a chunk must be found there. The list check and the parser must agree on each text.
#[wasm_bindgen_test]
fn the_simd_string_scan_finds_quotes_escapes_and_control_characters_at_every_offset() {
    use imagetag::validation::{validate_image_tag_list_text, Operation};
    for pad in 0..40 {
        let p = "a".repeat(pad);
        for (value, want) in [
            (format!("{p}\\\"{p}"), Some(format!("{p}\"{p}"))),
            (format!("{p}\\\\x"), Some(format!("{p}\\x"))),
            (format!("{p}\\u00e9é"), Some(format!("{p}éé"))),
            (format!("{p}\u{1}"), None),
            (format!("{p}\u{1f}z"), None),
            (format!("{p}\u{7f}~"), Some(format!("{p}\u{7f}~"))),
        ] {
            let text = format!(r#"{{"items":[{{"metadata":{{"name":"s:t","annotations":{{"a":"{value}"}}}}}}]}}"#);
            let exact = imagetag::ImageTagList::parse(&text).map(|_| ());
            assert_eq!(imagetag::ImageTagList::check(&text), exact.clone(), "{value:?}");
            assert_eq!(validate_image_tag_list_text(&text, Operation::Read).map(|_| ()), exact, "{value:?}");
            match (parse_image_tag_list(JsValue::from_str(&text)), want) {
                (Ok(list), Some(want)) => {
                    let items = get(&list, "items");
                    let got = get(&Reflect::get(&items, &0.into()).unwrap(), "metadata.annotations.a");
                    assert_eq!(got.as_string().as_deref(), Some(want.as_str()), "{value:?}");
                }
                (Err(e), None) => assert_eq!(get(&e, "code").as_string().as_deref(), Some("parse"), "{value:?}"),
                (got, want) => panic!("{value:?}: got ok={}, want ok={}", got.is_ok(), want.is_some()),
            }
        }
    }
}
