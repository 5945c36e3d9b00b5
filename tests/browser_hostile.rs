//! Hostile input through the wasm exports, in the browser (Chromium and Firefox): 10,000 levels of
//! nesting and lone UTF-16 surrogates are clear errors from every export that takes text or an object
//! (the bulk history exports included), and a large list validates. (Panics and traps need the release
//! entries' glue: tests/node/hostile*.mjs.)
//! Run: `wasm-pack test --headless --chrome -- --test browser_hostile`.
#![cfg(target_arch = "wasm32")]

use imagetag::wasm::{history, parse, reference, validation};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const TAG: &str = include_str!("data/examples/5.1-docker-tracking-three-items.json");

fn field(e: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(e, &name.into()).unwrap()
}

fn code(r: Result<impl Sized, JsValue>) -> (String, String) {
    let e = r.err().expect("an error");
    assert_eq!(field(&e, "name").as_string().as_deref(), Some("ImageTagError"));
    (field(&e, "code").as_string().unwrap(), field(&e, "message").as_string().unwrap())
}

/// Every export that takes a document, on one input.
fn all_document_exports(input: &JsValue) -> Vec<(&'static str, (String, String))> {
    let opts = || {
        let o = js_sys::Object::new();
        js_sys::Reflect::set(&o, &"now".into(), &0.into()).unwrap();
        Some(JsValue::from(o))
    };
    vec![
        ("parseImageTag", code(parse::parse_image_tag(input.clone()))),
        ("serializeImageTag", code(parse::serialize_image_tag(input.clone()))),
        ("validateImageTag", code(validation::validate_image_tag_js(input.clone(), None))),
        ("describeTag", code(history::describe_tag(input.clone(), opts()))),
        ("renderTagHistoryText", code(history::render_tag_history_text(input.clone(), opts()))),
        ("renderTagHistoryHtml", code(history::render_tag_history_html(input.clone(), opts()))),
        ("renderTagHistorySvg", code(history::render_tag_history_svg(input.clone(), opts()))),
    ]
}

fn list_of(item: &str) -> JsValue {
    format!("{{\"kind\":\"ImageTagList\",\"items\":[{item}]}}").into()
}

/// Every bulk export of the history (docs/js-api.md "Bulk"), on one list.
fn all_list_exports(list: &JsValue) -> Vec<(&'static str, (String, String))> {
    vec![
        ("describeTagList", code(history::describe_tag_list(list.clone(), None))),
        ("renderTagHistoryTextList", code(history::render_tag_history_text_list(list.clone(), None))),
        ("renderTagHistoryHtmlList", code(history::render_tag_history_html_list(list.clone(), None))),
    ]
}

#[wasm_bindgen_test]
fn ten_thousand_levels_are_a_recursion_limit_error_everywhere() {
    let n = 10_000;
    for text in [
        format!("{{\"x\":{}{}}}", "[".repeat(n), "]".repeat(n)),
        format!("{{\"metadata\":{{\"x\":{}1{}}}}}", "{\"a\":".repeat(n), "}".repeat(n)),
    ] {
        let input: JsValue = text.clone().into();
        for (what, (code, message)) in all_document_exports(&input) {
            assert_eq!((code.as_str(), message.as_str()), ("parse", "recursion limit exceeded"), "{what}");
        }
        let list = list_of(&text);
        assert_eq!(
            code(parse::parse_image_tag_list(list.clone())),
            ("parse".into(), "recursion limit exceeded".into())
        );
        for op in ["read", "create", "update"] {
            let o = js_sys::Object::new();
            js_sys::Reflect::set(&o, &"operation".into(), &op.into()).unwrap();
            let got = code(validation::validate_image_tag_list_js(list.clone(), Some(o.into())));
            assert_eq!(got, ("parse".into(), "recursion limit exceeded".into()), "{op}");
        }
        for (what, got) in all_list_exports(&list) {
            assert_eq!(got, ("parse".into(), "recursion limit exceeded".into()), "{what}");
        }
    }
    // The module is fine afterwards.
    assert!(parse::parse_image_tag(TAG.into()).is_ok());
}

/// A JS string holding a lone surrogate (which a Rust string cannot).
fn with_lone(prefix: &str, unit: u16, suffix: &str) -> JsValue {
    let units: Vec<u16> = prefix.encode_utf16().chain([unit]).chain(suffix.encode_utf16()).collect();
    js_sys::JsString::from_char_code(&units).into()
}

#[wasm_bindgen_test]
fn lone_surrogates_are_a_parse_error_not_a_silent_replacement() {
    for unit in [0xd800u16, 0xdbff, 0xdc00, 0xdfff] {
        let text = with_lone("{\"metadata\":{\"name\":\"a:", unit, "\"}}");
        for (what, (code, message)) in all_document_exports(&text) {
            assert_eq!(code, "parse", "{what}");
            assert_eq!(message, format!("lone UTF-16 surrogate U+{unit:04X} in the text"), "{what}");
        }
        let list = with_lone("{\"items\":[{\"x\":\"", unit, "\"}]}");
        assert_eq!(code(parse::parse_image_tag_list(list.clone())).0, "parse");
        assert_eq!(code(validation::validate_image_tag_list_js(list.clone(), None)).0, "parse");
        for (what, (code, message)) in all_list_exports(&list) {
            assert_eq!(code, "parse", "{what}");
            assert_eq!(message, format!("lone UTF-16 surrogate U+{unit:04X} in the text"), "{what}");
        }
        assert_eq!(code(reference::split_image_tag_name(with_lone("a:", unit, ""))).0, "parse");
        assert_eq!(code(reference::parse_image_reference(with_lone("quay.io/a:", unit, ""))).0, "parse");
        // In an object's strings: JSON.stringify escapes it and the parser refuses the escape.
        let object = js_sys::JSON::parse(&format!("{{\"metadata\":{{\"name\":\"\\u{unit:04x}\"}}}}")).unwrap();
        for (what, (code, message)) in all_document_exports(&object) {
            assert_eq!(code, "parse", "{what}: {message}");
            assert!(message.contains("surrogate") || message.contains("escape"), "{what}: {message}");
        }
    }
    // A proper pair is one character and comes back unchanged.
    let tag = parse::parse_image_tag(
        js_sys::JsString::from_char_code(&"{\"x\":\"\u{1F600}\"}".encode_utf16().collect::<Vec<_>>()).into(),
    )
    .unwrap();
    assert_eq!(field(&tag, "x").as_string().as_deref(), Some("\u{1F600}"));
}

#[wasm_bindgen_test]
fn a_20_mb_list_validates_in_one_pass() {
    let mut item: serde_json::Value = serde_json::from_str(TAG).unwrap();
    item.as_object_mut().unwrap().remove("kind");
    item["image"] = serde_json::Value::Null;
    let item = item.to_string();
    let count = 20_000_000 / (item.len() + 1) + 1;
    let text = format!("{{\"items\":[{}]}}", vec![item.as_str(); count].join(","));
    let found = validation::validate_image_tag_list_js(text.into(), None).unwrap();
    let one = validation::validate_image_tag_list_js(list_of(&item), None).unwrap();
    let len = |v: &JsValue| v.dyn_ref::<js_sys::Array>().unwrap().length() as usize;
    assert_eq!(len(&found), if len(&one) == 0 { 0 } else { count });
}
