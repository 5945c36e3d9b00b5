//! Exports: `parseImageTag`, `parseImageTagList`, `serializeImageTag`.

use wasm_bindgen::prelude::*;

use super::{input_text, input_texts, js_result, json_out, json_parse_js};
use crate::model::{ImageTag, ImageTagList};

#[wasm_bindgen(typescript_custom_section)]
const MODEL_TS: &'static str = include_str!("../../types/model.d.ts");

/// Parses an ImageTag from JSON text or a plain object. Lossless: unknown fields, `null`s and absent keys
/// come back as they were. Throws `ImageTagError` with code `parse` (line, column) or `schema` (path).
#[wasm_bindgen(js_name = parseImageTag, unchecked_return_type = "ImageTag")]
pub fn parse_image_tag(
    #[wasm_bindgen(unchecked_param_type = "string | object")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let text = input_text(&input)?;
    let tag = js_result(ImageTag::parse(&text))?;
    json_out(&tag)
}

/// Parses an ImageTagList from JSON text or a plain object (`items: null` is kept as `null`).
// The text is checked in Rust exactly as `ImageTagList::parse` checks it (same errors), in one pass that
// builds nothing; the engine's `JSON.parse` then builds the objects from the very same text, so nothing
// can be lost on the way (and a large list is not built twice).
#[wasm_bindgen(js_name = parseImageTagList, unchecked_return_type = "ImageTagList")]
pub fn parse_image_tag_list(
    #[wasm_bindgen(unchecked_param_type = "string | object")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let (text, js) = input_texts(&input)?;
    js_result(ImageTagList::check(&text))?;
    drop(text);
    json_parse_js(&js)
}

/// Serializes an ImageTag to JSON text, keeping every field it was given.
#[wasm_bindgen(js_name = serializeImageTag)]
pub fn serialize_image_tag(#[wasm_bindgen(unchecked_param_type = "ImageTag")] tag: JsValue) -> Result<String, JsValue> {
    let text = input_text(&tag)?;
    let tag = js_result(ImageTag::parse(&text))?;
    Ok(tag.to_json())
}
