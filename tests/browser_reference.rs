//! Browser tests of the reference exports: `parseImageReference`, `formatImageReference`,
//! `splitImageTagName`. Run: `wasm-pack test --headless --chrome -- --test browser_reference`.
#![cfg(target_arch = "wasm32")]

use imagetag::wasm::reference::{format_image_reference, parse_image_reference, split_image_tag_name};
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const DIGEST: &str = "sha256:3c87c572822935df60f0f5d3665bd376841a7fcfeb806b5f212de6a00e9a7b25";

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap()
}

fn get_str(obj: &JsValue, key: &str) -> String {
    get(obj, key).as_string().unwrap_or_else(|| panic!("{key} is not a string"))
}

fn keys(obj: &JsValue) -> Vec<String> {
    let o: &Object = obj.unchecked_ref();
    let mut k: Vec<String> = Object::keys(o).iter().map(|k| k.as_string().unwrap()).collect();
    k.sort();
    k
}

/// Asserts a thrown value is an `ImageTagError` (a real `Error`) with this code and message.
fn assert_image_tag_error(err: &JsValue, code: &str, message: &str) {
    assert!(err.is_instance_of::<js_sys::Error>(), "not an Error: {err:?}");
    assert_eq!(get_str(err, "name"), "ImageTagError");
    assert_eq!(get_str(err, "code"), code);
    assert_eq!(get_str(err, "message"), message);
}

fn s(x: &str) -> JsValue {
    JsValue::from_str(x)
}

#[wasm_bindgen_test]
fn parse_gives_a_plain_object_with_all_five_parts() {
    let spec = format!("quay.io/a/b/c:1@{DIGEST}");
    let r = parse_image_reference(s(&spec)).unwrap();
    assert!(r.is_object());
    let plain: JsValue = Object::new().into();
    assert_eq!(Object::get_prototype_of(&r), Object::get_prototype_of(&plain), "plain object");
    assert_eq!(keys(&r), ["id", "name", "namespace", "registry", "tag"]);
    assert_eq!(get_str(&r, "registry"), "quay.io");
    assert_eq!(get_str(&r, "namespace"), "a");
    assert_eq!(get_str(&r, "name"), "b/c");
    assert_eq!(get_str(&r, "tag"), "1");
    assert_eq!(get_str(&r, "id"), DIGEST);
    assert_eq!(format_image_reference(r).unwrap(), format!("quay.io/a/b/c@{DIGEST}"));
}

#[wasm_bindgen_test]
fn absent_parts_are_empty_strings() {
    let r = parse_image_reference(s("nginx")).unwrap();
    for key in ["registry", "namespace", "tag", "id"] {
        assert_eq!(get_str(&r, key), "", "{key}");
    }
    assert_eq!(get_str(&r, "name"), "nginx");

    let r = parse_image_reference(s("localhost:5000")).unwrap();
    assert_eq!(get_str(&r, "registry"), "localhost:5000");
    assert_eq!(get_str(&r, "name"), "");
    assert_eq!(get_str(&r, "tag"), "");
}

#[wasm_bindgen_test]
fn parse_errors_are_image_tag_errors_with_code_reference() {
    let cases = [
        ("", "repository name must have at least one component"),
        ("Foo:tag", "repository name must be lowercase"),
        ("foo:", "invalid reference format"),
        ("foo@sha256:abc", "invalid reference format"),
        ("foo@md5:0123456789abcdef0123456789abcdef", "unsupported digest algorithm"),
        ("foo@sha256:0123456789abcdef0123456789abcdef", "invalid checksum digest length"),
    ];
    for (spec, message) in cases {
        let err = parse_image_reference(s(spec)).expect_err(spec);
        assert_image_tag_error(&err, "reference", message);
    }
    let long = format!("docker.io/{}", "b".repeat(246));
    let err = parse_image_reference(s(&long)).unwrap_err();
    assert_image_tag_error(&err, "reference", "repository name must not be more than 255 characters");
}

#[wasm_bindgen_test]
fn format_takes_a_plain_object() {
    let obj = Object::new();
    for (k, v) in [("registry", "reg:5000"), ("namespace", "ns"), ("name", "app"), ("tag", "v1"), ("id", "")] {
        Reflect::set(&obj, &s(k), &s(v)).unwrap();
    }
    assert_eq!(format_image_reference(obj.clone().into()).unwrap(), "reg:5000/ns/app:v1");
    // An id that is not a digest is printed as a tag.
    Reflect::set(&obj, &s("id"), &s("abc")).unwrap();
    assert_eq!(format_image_reference(obj.into()).unwrap(), "reg:5000/ns/app:abc");

    let err = format_image_reference(s("quay.io/a/b")).unwrap_err();
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(get_str(&err, "name"), "ImageTagError");
    assert_eq!(get_str(&err, "code"), "schema");
}

#[wasm_bindgen_test]
fn split_gives_stream_and_tag() {
    let r = split_image_tag_name(s("my-app:v1.2")).unwrap();
    assert_eq!(keys(&r), ["stream", "tag"]);
    assert_eq!(get_str(&r, "stream"), "my-app");
    assert_eq!(get_str(&r, "tag"), "v1.2");
}

#[wasm_bindgen_test]
fn split_errors_have_code_name() {
    for name in ["foo", "foo:", ":bar", "a:b:c", "a:x@y", ""] {
        let err = split_image_tag_name(s(name)).expect_err(name);
        assert_image_tag_error(&err, "name", "ImageTags must be retrieved with <name>:<tag>");
    }
}

#[wasm_bindgen_test]
fn non_string_arguments_throw_image_tag_errors() {
    let err = parse_image_reference(JsValue::from_f64(42.0)).unwrap_err();
    assert_eq!(get_str(&err, "name"), "ImageTagError");
    assert_eq!(get_str(&err, "code"), "schema");
    let err = split_image_tag_name(JsValue::UNDEFINED).unwrap_err();
    assert_eq!(get_str(&err, "code"), "schema");
}
