//! The binding layer: every `#[wasm_bindgen]` export of the package lives below this module, and nothing
//! else does. Each export decodes its input with the helpers here, calls one pure function of the core,
//! and encodes the result with the same helpers; errors become JS `ImageTagError`s in [`js_error`] only.
//!
//! Serialization route: every result crosses the boundary as JSON text (`serde_json` in Rust, `JSON.parse`
//! in JS), which is faster than building JS objects field by field for the large lists this package is
//! for, and keeps a second serializer out of the binary. Documents arrive as JSON text (`JSON.stringify`
//! of an object); only the small option objects of the client are read with `serde-wasm-bindgen`.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::error::{Error, ErrorCode};

pub mod client;
pub mod history;
pub mod parse;
pub mod reference;
pub mod validation;

/// Converts a core [`Error`] into a JS `Error` with `name = "ImageTagError"`, its `code` and the fields that
/// code carries. The one place where errors cross the boundary.
pub(crate) fn js_error(e: &Error) -> JsValue {
    let err = js_sys::Error::new(&e.message);
    err.set_name("ImageTagError");
    let obj: &JsValue = err.as_ref();
    set(obj, "code", &JsValue::from_str(e.code.as_str()));
    if let Some(l) = e.line {
        set(obj, "line", &JsValue::from_f64(l as f64));
    }
    if let Some(c) = e.column {
        set(obj, "column", &JsValue::from_f64(c as f64));
    }
    if let Some(p) = &e.path {
        set(obj, "path", &JsValue::from_str(p));
    }
    if e.code == ErrorCode::Invalid {
        set(obj, "causes", &to_js(&e.causes));
    }
    if let Some(code) = e.http_status {
        set(obj, "status", &JsValue::from_f64(code as f64));
    }
    if let Some(status) = &e.status {
        set(obj, "reason", &JsValue::from_str(status.reason.str()));
        set(obj, "details", &to_js(&status.details.get()));
        set(obj, "kubeStatus", &to_js(status));
    }
    if let Some(s) = e.retry_after_seconds {
        set(obj, "retryAfterSeconds", &JsValue::from_f64(s as f64));
    }
    err.into()
}

fn set(obj: &JsValue, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(obj, &JsValue::from_str(key), value);
}

/// Shorthand for exports: a core result, with the error converted.
pub(crate) fn js_result<T>(r: Result<T, Error>) -> Result<T, JsValue> {
    r.map_err(|e| js_error(&e))
}

/// A document argument given as JSON text or as a plain object (serialized with `JSON.stringify`).
pub(crate) fn input_text(value: &JsValue) -> Result<String, JsValue> {
    if let Some(s) = value.as_string() {
        return Ok(s);
    }
    if value.is_object() {
        return match js_sys::JSON::stringify(value) {
            Ok(s) => Ok(String::from(s)),
            Err(_) => Err(js_error(&Error::schema("", "input object cannot be serialized as JSON (is it cyclic?)"))),
        };
    }
    Err(js_error(&Error::schema("", "expected JSON text or a plain object")))
}

/// A document result: serialized in Rust, parsed by the engine's `JSON.parse` into plain objects.
pub(crate) fn json_out<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|e| js_error(&Error::schema("", e.to_string())))?;
    js_sys::JSON::parse(&text)
}

/// A small result object (maps as plain objects, `None` as `null`): the same JSON-text route as
/// [`json_out`], so that only one serializer (serde_json's) is in the binary.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    match serde_json::to_string(value) {
        Ok(text) => js_sys::JSON::parse(&text).unwrap_or(JsValue::NULL),
        Err(_) => JsValue::NULL,
    }
}

/// A small options object; `undefined` and `null` give the defaults.
#[allow(dead_code)]
pub(crate) fn from_js<T: DeserializeOwned + Default>(value: JsValue, what: &str) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| js_error(&Error::schema(what, e.to_string())))
}
