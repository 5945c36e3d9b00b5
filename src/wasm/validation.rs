//! Exports: `validateImageTag`, `validateImageTagList`.

use wasm_bindgen::prelude::*;

use super::{input_text, js_error, js_result, plain_copy, to_js};
use crate::error::Error;
use crate::model::ImageTag;
use crate::validation::{validate_image_tag, validate_image_tag_list_text, Operation};

#[wasm_bindgen(typescript_custom_section)]
const VALIDATION_TS: &'static str = include_str!("../../types/validation.d.ts");

/// The options object as plain data (`undefined` when not given); anything but an object is a `schema`
/// error, and so is an object whose properties throw when read.
fn options_of(options: Option<JsValue>) -> Result<JsValue, JsValue> {
    match options {
        None => Ok(JsValue::UNDEFINED),
        Some(o) if o.is_undefined() || o.is_null() => Ok(JsValue::UNDEFINED),
        Some(o) if o.is_object() => plain_copy(&o, "options", 1),
        Some(_) => Err(js_error(&Error::schema("options", "must be an object"))),
    }
}

/// Reads `options.operation` (`undefined`/`null` → `default`).
fn operation(options: &JsValue, default: Operation) -> Result<Operation, JsValue> {
    if !options.is_object() {
        return Ok(default);
    }
    let value = js_sys::Reflect::get(options, &JsValue::from_str("operation")).unwrap_or(JsValue::UNDEFINED);
    if value.is_undefined() || value.is_null() {
        return Ok(default);
    }
    match value.as_string().as_deref() {
        Some("create") => Ok(Operation::Create),
        Some("update") => Ok(Operation::Update),
        Some("read") => Ok(Operation::Read),
        _ => Err(js_error(&Error::schema("operation", "expected 'create', 'update' or 'read'"))),
    }
}

/// Validates an ImageTag (JSON text or object) as the server would for `options.operation` (default
/// `create`; `update` compares with `options.old`). Findings never throw; bad JSON throws `ImageTagError`
/// with code `parse` or `schema`.
// The signature (with its optional `options`) is declared in types/validation.d.ts.
#[wasm_bindgen(js_name = validateImageTag, skip_typescript)]
pub fn validate_image_tag_js(tag: JsValue, options: Option<JsValue>) -> Result<JsValue, JsValue> {
    let options = options_of(options)?;
    let op = operation(&options, Operation::Create)?;
    let tag = js_result(ImageTag::parse(&input_text(&tag)?))?;
    let old = if options.is_object() {
        let value = js_sys::Reflect::get(&options, &JsValue::from_str("old")).unwrap_or(JsValue::UNDEFINED);
        if value.is_undefined() || value.is_null() {
            None
        } else {
            Some(js_result(ImageTag::parse(&input_text(&value)?))?)
        }
    } else {
        None
    };
    Ok(to_js(&validate_image_tag(&tag, op, old.as_ref())))
}

/// Validates every item of an ImageTagList (JSON text, the fast path, or an object) for
/// `options.operation` (default `read`) and returns only the items with findings.
#[wasm_bindgen(js_name = validateImageTagList, skip_typescript)]
pub fn validate_image_tag_list_js(input: JsValue, options: Option<JsValue>) -> Result<JsValue, JsValue> {
    let options = options_of(options)?;
    let op = operation(&options, Operation::Read)?;
    let text = input_text(&input)?;
    let found = js_result(validate_image_tag_list_text(&text, op))?;
    Ok(to_js(&found))
}
