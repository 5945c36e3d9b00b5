//! Exports: `parseImageReference`, `formatImageReference`, `splitImageTagName`.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{js_error, js_result, plain_copy, string_arg, to_js};
use crate::error::Error;
use crate::reference::{self, ImageReference};

#[wasm_bindgen(typescript_custom_section)]
const REFERENCE_TS: &'static str = include_str!("../../types/reference.d.ts");

/// Parses a pull spec by OpenShift's grammar and splitting rules into `{ registry, namespace, name, tag, id }`
/// (`''` when absent). Throws `ImageTagError` with code `reference` and the exact OpenShift message.
#[wasm_bindgen(js_name = parseImageReference, unchecked_return_type = "ImageReference")]
pub fn parse_image_reference(
    #[wasm_bindgen(unchecked_param_type = "string")] spec: JsValue,
) -> Result<JsValue, JsValue> {
    let spec = string_arg(&spec, "spec")?;
    let r = js_result(reference::parse_image_reference(&spec))?;
    Ok(to_js(&r))
}

/// The exact form of a reference (OpenShift's `Exact()`): `[registry/][namespace/]name` plus `@id` (or `:id`
/// when the id is not a digest), else `:tag`. Missing fields count as `''`.
#[wasm_bindgen(js_name = formatImageReference)]
pub fn format_image_reference(
    #[wasm_bindgen(unchecked_param_type = "ImageReference")] r: JsValue,
) -> Result<String, JsValue> {
    if !r.is_object() {
        return Err(js_error(&Error::schema("", "expected an ImageReference object")));
    }
    let r: ImageReference = serde_wasm_bindgen::from_value(plain_copy(&r, "", 1)?)
        .map_err(|e| js_error(&Error::schema("", e.to_string())))?;
    Ok(r.exact())
}

/// The parts of an ImageTag name as `splitImageTagName` returns them.
#[derive(Serialize)]
struct ImageTagNameParts<'a> {
    stream: &'a str,
    tag: &'a str,
}

/// Splits `<stream>:<tag>` by the rule of GET/PUT/PATCH/DELETE (exactly one `:`, text on both sides, no `@`).
/// Throws `ImageTagError` with code `name` and `ImageTags must be retrieved with <name>:<tag>`.
#[wasm_bindgen(js_name = splitImageTagName, unchecked_return_type = "ImageTagNameParts")]
pub fn split_image_tag_name(
    #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
) -> Result<JsValue, JsValue> {
    let name = string_arg(&name, "name")?;
    let (stream, tag) = js_result(reference::split_image_tag_name(&name))?;
    Ok(to_js(&ImageTagNameParts { stream, tag }))
}
