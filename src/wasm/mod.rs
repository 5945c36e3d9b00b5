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
use wasm_bindgen::JsCast;

use crate::error::{Error, ErrorCode};

pub mod client;
pub mod history;
pub mod parse;
pub mod recovery;
pub mod reference;
pub mod validation;
pub mod watch;

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

#[wasm_bindgen]
extern "C" {
    /// `JSON.parse` of a JS string as it is (js-sys's takes a Rust `&str`, which would copy it back).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    pub(crate) fn json_parse_js(text: &JsValue) -> Result<JsValue, JsValue>;
}

// The engine's TextEncoder, declared here with the source as a JS value (web-sys takes a Rust `&str`).
#[wasm_bindgen]
extern "C" {
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    type EncodeIntoResult;
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(this: &TextEncoder, source: &JsValue, destination: &js_sys::Uint8Array) -> EncodeIntoResult;
    #[wasm_bindgen(method, getter)]
    fn read(this: &EncodeIntoResult) -> u32;
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeIntoResult) -> u32;
}

/// A JS string as UTF-8, written by the engine's `TextEncoder.encodeInto` straight into wasm memory (lone
/// surrogates become U+FFFD, as with `as_string`). wasm-bindgen's own string passing copies ASCII one
/// character at a time in a JS loop: 42 ms of the 140 ms of validating a 21.8 MB list; this takes 3 ms.
pub(crate) fn js_text(s: &JsValue) -> String {
    let text = s.unchecked_ref::<js_sys::JsString>();
    let units = text.length() as usize;
    thread_local! {
        static ENCODER: TextEncoder = TextEncoder::new();
    }
    let memory = wasm_bindgen::memory().unchecked_into::<js_sys::WebAssembly::Memory>();
    // One byte per UTF-16 unit fits ASCII exactly; anything else asks for more room and goes on.
    let mut buf: Vec<u8> = Vec::with_capacity(units);
    let mut from = 0;
    loop {
        let cap = buf.capacity() - buf.len();
        let end = buf.as_mut_ptr() as usize + buf.len();
        // A fresh view each time: growing the memory detaches the old buffer.
        let dest = js_sys::Uint8Array::new_with_byte_offset_and_length(&memory.buffer(), end as u32, cap as u32);
        let rest: JsValue = if from == 0 { s.clone() } else { text.substring(from as u32, units as u32).into() };
        let r = ENCODER.with(|encoder| encoder.encode_into(&rest, &dest));
        // SAFETY: encodeInto wrote `written` bytes of UTF-8 (whole characters) within the spare capacity.
        unsafe { buf.set_len(buf.len() + r.written() as usize) };
        from += r.read() as usize;
        if from >= units {
            break;
        }
        buf.reserve((units - from) * 3);
    }
    // SAFETY: the bytes are TextEncoder output, i.e. valid UTF-8.
    unsafe { String::from_utf8_unchecked(buf) }
}

/// A document argument given as JSON text or as a plain object (serialized with `JSON.stringify`).
pub(crate) fn input_text(value: &JsValue) -> Result<String, JsValue> {
    input_texts(value).map(|(text, _)| text)
}

/// [`input_text`], with the JSON text as a JS string too (the argument itself, or what `JSON.stringify`
/// made of it), for handing the very same text back to the engine's `JSON.parse` without converting it
/// back from Rust.
pub(crate) fn input_texts(value: &JsValue) -> Result<(String, JsValue), JsValue> {
    if let Some(s) = well_formed_string(value)? {
        return Ok((s, value.clone()));
    }
    if value.is_object() {
        return match js_sys::JSON::stringify(value) {
            Ok(s) => Ok((js_text(&s), s.into())),
            // Cyclic (TypeError), too deep for the engine's stack (RangeError), a throwing toJSON, ...
            Err(e) => {
                let why = e
                    .dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.to_string()))
                    .unwrap_or_else(|| "is it cyclic?".into());
                Err(js_error(&Error::schema("", format!("input object cannot be serialized as JSON ({why})"))))
            }
        };
    }
    Err(js_error(&Error::schema("", "expected JSON text or a plain object")))
}

/// A JS string argument as Rust text, or `None` when `value` is not a string. A lone UTF-16 surrogate
/// (which JS strings may hold and UTF-8 cannot) is a `parse` error at its place, instead of the silent
/// U+FFFD replacement of the default conversion. (Objects need no check: `JSON.stringify` escapes lone
/// surrogates, and the JSON parser refuses the escape.)
pub(crate) fn well_formed_string(value: &JsValue) -> Result<Option<String>, JsValue> {
    let Some(js) = value.dyn_ref::<js_sys::JsString>() else {
        return Ok(None);
    };
    // `String.prototype.isWellFormed` (ES2024; without it, the default conversion applies), looked up once.
    fn method(holder: &JsValue, name: &str) -> Option<js_sys::Function> {
        js_sys::Reflect::get(holder, &name.into()).ok()?.dyn_into::<js_sys::Function>().ok()
    }
    thread_local! {
        static IS_WELL_FORMED: Option<js_sys::Function> = {
            let string_proto = js_sys::Reflect::get(&js_sys::global(), &"String".into())
                .and_then(|s| js_sys::Reflect::get(&s, &"prototype".into()))
                .unwrap_or(JsValue::UNDEFINED);
            method(&string_proto, "isWellFormed")
        };
    }
    let well_formed = IS_WELL_FORMED.with(|f| f.as_ref().and_then(|f| f.call0(value).ok()));
    if well_formed.is_none_or(|ok| ok.is_truthy()) {
        return Ok(Some(js_text(value)));
    }
    // Where: the first lone surrogate (a `u`-mode class matches only unpaired ones), as line and byte column.
    let re: JsValue = js_sys::RegExp::new("[\\ud800-\\udfff]", "u").into();
    let at = method(&re, "exec")
        .and_then(|f| f.call1(&re, value).ok())
        .and_then(|m| js_sys::Reflect::get(&m, &"index".into()).ok())
        .and_then(|i| i.as_f64())
        .unwrap_or(0.0) as u32;
    let before = String::from(js.slice(0, at));
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map(|i| i + 1).unwrap_or(0) + 1;
    let unit = js.char_code_at(at) as u32;
    Err(js_error(&Error::parse(format!("lone UTF-16 surrogate U+{unit:04X} in the text"), line, column)))
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

/// A small options object, read with serde-wasm-bindgen into a `Deserialize` type of the core;
/// `undefined` and `null` give the defaults. What serde-wasm-bindgen reads is a [`plain_copy`] of the
/// value, so a getter or a Proxy that throws is a `schema` error here, never an exception through wasm.
pub(crate) fn from_js<T: DeserializeOwned + Default>(value: JsValue, what: &str) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    let copy = plain_copy(&value, what, 3)?;
    serde_wasm_bindgen::from_value(copy).map_err(|e| js_error(&Error::schema(what, e.to_string())))
}

#[wasm_bindgen]
extern "C" {
    /// `Object.assign(target, source)`: reads every own enumerable property of `source` once; what a
    /// getter or a Proxy throws comes back as `Err`.
    #[wasm_bindgen(js_namespace = Object, js_name = assign, catch)]
    fn object_assign(target: &JsValue, source: &JsValue) -> Result<JsValue, JsValue>;
}

/// A copy of an options object made of plain data, `levels` deep: objects and arrays are copied
/// property by property through a call that catches what a getter or a Proxy throws (a `schema` error);
/// other values (functions, `AbortSignal`s, `Date`s, strings, numbers, and anything deeper) are kept as
/// they are. serde-wasm-bindgen reads with calls that do not catch, and an exception thrown through wasm
/// frames would leave the module's stack pointer behind (docs/js-api.md: a wrong argument is an error,
/// never a crash).
pub(crate) fn plain_copy(value: &JsValue, what: &str, levels: u32) -> Result<JsValue, JsValue> {
    if levels == 0
        || !value.is_object()
        || value.is_instance_of::<web_sys::AbortSignal>()
        || value.is_instance_of::<js_sys::Date>()
    {
        return Ok(value.clone());
    }
    let target: JsValue =
        if js_sys::Array::is_array(value) { js_sys::Array::new().into() } else { js_sys::Object::new().into() };
    let copy = object_assign(&target, value).map_err(|e| {
        let why = e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.to_string())).unwrap_or_else(|| "a throw".into());
        js_error(&Error::schema(what, format!("{} cannot be read ({why})", name(what))))
    })?;
    // The copy has only own data properties: listing and reading them cannot throw.
    let own: &js_sys::Object = copy.unchecked_ref();
    for key in js_sys::Object::keys(own).iter() {
        let inner = js_sys::Reflect::get(&copy, &key).unwrap_or(JsValue::UNDEFINED);
        if inner.is_object() {
            let _ = js_sys::Reflect::set(&copy, &key, &plain_copy(&inner, what, levels - 1)?);
        }
    }
    Ok(copy)
}

fn name(what: &str) -> &str {
    if what.is_empty() {
        "the argument"
    } else {
        what
    }
}

/// A string argument; anything else is a `schema` error (`<what> must be a string`) rather than a
/// `TypeError` or a trap in the generated glue.
pub(crate) fn string_arg(value: &JsValue, what: &str) -> Result<String, JsValue> {
    well_formed_string(value)?.ok_or_else(|| js_error(&Error::schema("", format!("{what} must be a string"))))
}

/// A number argument (`undefined`/`null` when `optional`: `None`); anything else (a BigInt too) is a
/// `schema` error.
pub(crate) fn number_arg(value: &JsValue, what: &str, optional: bool) -> Result<Option<f64>, JsValue> {
    if optional && (value.is_undefined() || value.is_null()) {
        return Ok(None);
    }
    value.as_f64().map(Some).ok_or_else(|| js_error(&Error::schema("", format!("{what} must be a number"))))
}
