//! Exports of the tag-history area: `describeTag`, `renderTagHistoryText`, `renderTagHistoryHtml`,
//! `renderTagHistorySvg`, `renderTagHistoryInto`, `imageTagTable`, `humanDuration`, `shortDigest`, and the
//! bulk forms `renderTagHistoryHtmlList`, `renderTagHistoryTextList`, `describeTagList`.
//!
//! Each export decodes the tag and the options, calls the pure core in `crate::history`, and encodes the
//! result. `renderTagHistoryInto` is a sink of the core's markup emitter that calls `createElement` /
//! `setAttribute` / `createTextNode`: object data never goes through `innerHTML`.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{input_text, js_error, js_result, json_out, number_arg, string_arg};
use crate::error::Error;
use crate::history::markup::{Sink, Tag, SVG_NS};
use crate::history::{self, describe_text, tree, TagDescription, DEFAULT_DIGEST_LENGTH};
use crate::model::ImageTagList;

#[wasm_bindgen(typescript_custom_section)]
const HISTORY_TS: &'static str = include_str!("../../types/history.d.ts");

/// The decoded `options` of every history function.
struct Options {
    now: i64,
    digest_length: usize,
    timeline: bool,
}

fn options_error(path: &str, message: &str) -> JsValue {
    js_error(&Error::schema(path, message))
}

/// `obj[key]`; what a getter or a Proxy throws is a `schema` error.
fn get(obj: &JsValue, key: &str) -> Result<JsValue, JsValue> {
    js_sys::Reflect::get(obj, &JsValue::from_str(key))
        .map_err(|_| options_error("options", "cannot be read (it threw)"))
}

/// Epoch milliseconds to Unix seconds, rounded down (so ages match `oc`'s truncation).
fn ms_to_seconds(ms: f64) -> Option<i64> {
    if ms.is_finite() {
        Some((ms / 1000.0).floor() as i64)
    } else {
        None
    }
}

fn decode_options(options: &JsValue) -> Result<Options, JsValue> {
    let mut out = Options { now: 0, digest_length: DEFAULT_DIGEST_LENGTH, timeline: false };
    let given = !(options.is_undefined() || options.is_null());
    if given && !options.is_object() {
        return Err(options_error("options", "must be an object"));
    }
    let now = if given { get(options, "now")? } else { JsValue::UNDEFINED };
    out.now = if now.is_undefined() || now.is_null() {
        ms_to_seconds(js_sys::Date::now()).unwrap_or(0)
    } else if let Some(text) = now.as_string() {
        crate::time::parse_rfc3339_seconds(&text)
            .ok_or_else(|| options_error("options.now", "not an RFC 3339 date-time"))?
    } else if let Some(ms) = now.as_f64() {
        ms_to_seconds(ms).ok_or_else(|| options_error("options.now", "not a finite number of epoch milliseconds"))?
    } else if let Some(date) = now.dyn_ref::<js_sys::Date>() {
        ms_to_seconds(date.get_time()).ok_or_else(|| options_error("options.now", "an invalid Date"))?
    } else {
        return Err(options_error("options.now", "must be RFC 3339 text, epoch milliseconds or a Date"));
    };
    if given {
        let len = get(options, "digestLength")?;
        if !len.is_undefined() && !len.is_null() {
            out.digest_length = history::digest_length(len.as_f64().unwrap_or(f64::NAN), "options.digestLength")
                .map_err(|e| js_error(&e))?;
        }
        let view = get(options, "view")?;
        if !view.is_undefined() && !view.is_null() {
            match view.as_string().as_deref() {
                Some("table") => out.timeline = false,
                Some("timeline") => out.timeline = true,
                _ => return Err(options_error("options.view", "must be \"table\" or \"timeline\"")),
            }
        }
    }
    Ok(out)
}

/// Decodes the options and the tag, and hands the tag's description to `f`.
fn describe<R>(
    tag: &JsValue,
    options: &Option<JsValue>,
    f: impl FnOnce(&TagDescription<'_>, &Options) -> Result<R, JsValue>,
) -> Result<R, JsValue> {
    let opts = decode_options(options.as_ref().unwrap_or(&JsValue::UNDEFINED))?;
    let text = input_text(tag)?;
    js_result(describe_text(&text, opts.now, opts.digest_length, |d| f(d, &opts)))?
}

/// The structured view every renderer uses: state, source line, flags, pending import, import errors and
/// the history entries newest first. `options.now` (RFC 3339 text, epoch milliseconds or a `Date`)
/// defaults to the current time.
#[wasm_bindgen(js_name = describeTag, unchecked_return_type = "TagDescription")]
pub fn describe_tag(
    #[wasm_bindgen(unchecked_param_type = "ImageTag | string")] tag: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TagHistoryOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    describe(&tag, &options, |d, _| json_out(d))
}

/// The server's table of a list, as `oc get imagetags` prints it (docs/semantics.md §4.3): the column
/// names and, per tag in the list's order, its namespace and cells. `options.now` as for `describeTag`.
#[wasm_bindgen(js_name = imageTagTable, unchecked_return_type = "TagTable")]
pub fn image_tag_table(
    #[wasm_bindgen(unchecked_param_type = "ImageTagList | string")] list: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TagHistoryOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let opts = decode_options(options.as_ref().unwrap_or(&JsValue::UNDEFINED))?;
    let text = input_text(&list)?;
    let list = js_result(ImageTagList::parse(&text))?;
    json_out(&history::table(&list, opts.now))
}

/// The tag's block in the layout of `oc describe imagestream`.
#[wasm_bindgen(js_name = renderTagHistoryText)]
pub fn render_tag_history_text(
    #[wasm_bindgen(unchecked_param_type = "ImageTag | string")] tag: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TagHistoryOptions")] options: Option<JsValue>,
) -> Result<String, JsValue> {
    describe(&tag, &options, |d, _| Ok(history::text::render_text(d)))
}

/// An HTML fragment: an accessible table of the history, every object string escaped; no scripts, event
/// handlers, `style` attributes or URLs.
#[wasm_bindgen(js_name = renderTagHistoryHtml)]
pub fn render_tag_history_html(
    #[wasm_bindgen(unchecked_param_type = "ImageTag | string")] tag: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TagHistoryOptions")] options: Option<JsValue>,
) -> Result<String, JsValue> {
    describe(&tag, &options, |d, _| Ok(history::html::render_html(d)))
}

/// A standalone SVG timeline of the history, with the same escaping rules.
#[wasm_bindgen(js_name = renderTagHistorySvg)]
pub fn render_tag_history_svg(
    #[wasm_bindgen(unchecked_param_type = "ImageTag | string")] tag: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TagHistoryOptions")] options: Option<JsValue>,
) -> Result<String, JsValue> {
    describe(&tag, &options, |d, _| Ok(history::svg::render_svg(d)))
}

/// `renderTagHistoryHtml` of every tag of an ImageTagList (object or JSON text), in the list's order, in
/// one call: each fragment is exactly what `renderTagHistoryHtml(tag, options)` gives for that tag. Errors
/// name the item (`items[3].status`).
#[wasm_bindgen(js_name = renderTagHistoryHtmlList, unchecked_return_type = "string[]")]
pub fn render_tag_history_html_list(
    #[wasm_bindgen(unchecked_param_type = "ImageTagList | string")] list: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TagHistoryOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    render_list(&list, &options, history::list::render_html_list)
}

/// `renderTagHistoryText` of every tag of an ImageTagList (object or JSON text), in the list's order, in
/// one call: each block is exactly what `renderTagHistoryText(tag, options)` gives for that tag.
#[wasm_bindgen(js_name = renderTagHistoryTextList, unchecked_return_type = "string[]")]
pub fn render_tag_history_text_list(
    #[wasm_bindgen(unchecked_param_type = "ImageTagList | string")] list: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TagHistoryOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    render_list(&list, &options, history::list::render_text_list)
}

/// `describeTag` of every tag of an ImageTagList (object or JSON text), in the list's order, in one call.
#[wasm_bindgen(js_name = describeTagList, unchecked_return_type = "TagDescription[]")]
pub fn describe_tag_list(
    #[wasm_bindgen(unchecked_param_type = "ImageTagList | string")] list: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TagHistoryOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let opts = decode_options(options.as_ref().unwrap_or(&JsValue::UNDEFINED))?;
    let text = input_text(&list)?;
    let mut failed = None;
    let mut write = |d: &TagDescription<'_>, out: &mut String| match serde_json::to_string(d) {
        Ok(json) => out.push_str(&json),
        Err(e) => failed = Some(e),
    };
    let joined = js_result(history::list::join_list(&text, opts.now, opts.digest_length, &mut write))?;
    if let Some(e) = failed {
        return Err(options_error("", &e.to_string()));
    }
    // The descriptions' JSON as one array, parsed by the engine in one call.
    let mut json = String::with_capacity(joined.text.len() + joined.ends.len() + 2);
    json.push('[');
    for (i, d) in joined.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push_str(d);
    }
    json.push(']');
    js_sys::JSON::parse(&json)
}

/// Decodes the options and the list, renders every tag with `render`, and hands the outputs to JavaScript as
/// one string, cut into the array of the outputs there (substrings cost no copy): one conversion of the
/// text instead of one per tag.
fn render_list(
    list: &JsValue,
    options: &Option<JsValue>,
    render: fn(&str, i64, usize) -> Result<history::list::Joined, Error>,
) -> Result<JsValue, JsValue> {
    let opts = decode_options(options.as_ref().unwrap_or(&JsValue::UNDEFINED))?;
    let text = input_text(list)?;
    let joined = js_result(render(&text, opts.now, opts.digest_length))?;
    let all = js_sys::JsString::from(joined.text.as_str());
    let out = js_sys::Array::new_with_length(joined.ends.len() as u32);
    let mut at = 0u32;
    for (i, s) in joined.iter().enumerate() {
        // JS strings count UTF-16 units.
        let units = if ascii(s.as_bytes()) { s.len() } else { s.encode_utf16().count() } as u32;
        out.set(i as u32, all.substring(at, at + units).into());
        at += units;
    }
    Ok(out.into())
}

/// Whether every byte is ASCII, sixteen at a time (the markup nearly always is; `is_ascii` goes a word at a
/// time on wasm32).
fn ascii(b: &[u8]) -> bool {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        use core::arch::wasm32::*;
        let mut chunks = b.chunks_exact(16);
        let mut high = u8x16_splat(0);
        for c in &mut chunks {
            // SAFETY: `c` is 16 bytes long (wasm loads need no alignment).
            high = v128_or(high, unsafe { v128_load(c.as_ptr() as *const v128) });
        }
        u8x16_bitmask(high) == 0 && chunks.remainder().is_ascii()
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    b.is_ascii()
}

/// Browser only: replaces the children of `element` with the history table (or, with
/// `options.view: 'timeline'`, the SVG timeline), built as DOM nodes — the same elements, attributes and
/// texts as `renderTagHistoryHtml` / `renderTagHistorySvg`, never through `innerHTML`.
#[wasm_bindgen(js_name = renderTagHistoryInto)]
pub fn render_tag_history_into(
    #[wasm_bindgen(unchecked_param_type = "Element")] element: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ImageTag | string")] tag: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TagHistoryOptions")] options: Option<JsValue>,
) -> Result<(), JsValue> {
    let element = element
        .dyn_ref::<web_sys::Element>()
        .ok_or_else(|| js_error(&Error::schema("", "element must be a DOM Element")))?;
    describe(&tag, &options, |d, opts| render_into(element, d, opts))
}

fn render_into(element: &web_sys::Element, d: &TagDescription<'_>, opts: &Options) -> Result<(), JsValue> {
    let doc = element.owner_document().ok_or_else(|| options_error("element", "the element has no owner document"))?;
    let mut sink =
        DomSink { doc: &doc, svg: opts.timeline, stack: Vec::new(), text: String::new(), root: None, err: None };
    if opts.timeline {
        history::svg::emit_svg(d, &mut sink);
    } else {
        history::html::emit_html(d, &mut sink);
    }
    if let Some(err) = sink.err {
        return Err(err);
    }
    let node = sink.root.ok_or_else(|| options_error("element", "nothing was rendered"))?;
    while let Some(child) = element.first_child() {
        element.remove_child(&child)?;
    }
    element.append_child(&node)?;
    Ok(())
}

/// The renderers' sink that builds DOM nodes as the calls arrive: `createElement(NS)`, `setAttribute`,
/// `createTextNode` (adjacent texts joined into one node, as the HTML parser makes them).
struct DomSink<'d> {
    doc: &'d web_sys::Document,
    svg: bool,
    stack: Vec<web_sys::Element>,
    /// Text not yet appended to the innermost element.
    text: String,
    root: Option<web_sys::Element>,
    /// The first DOM error; later calls do nothing.
    err: Option<JsValue>,
}

impl DomSink<'_> {
    fn flush(&mut self) -> Result<(), JsValue> {
        if !self.text.is_empty() {
            let node = self.doc.create_text_node(&self.text);
            self.text.clear();
            if let Some(parent) = self.stack.last() {
                parent.append_child(&node)?;
            }
        }
        Ok(())
    }
    fn try_open(&mut self, tag: &'static Tag) -> Result<(), JsValue> {
        self.flush()?;
        let node = if self.svg {
            self.doc.create_element_ns(Some(SVG_NS), tag.name)?
        } else {
            self.doc.create_element(tag.name)?
        };
        for (name, value) in tag.attrs {
            // The namespace is given by createElementNS; an `xmlns` attribute only matters in SVG text.
            if *name != "xmlns" {
                node.set_attribute(name, value)?;
            }
        }
        self.stack.push(node);
        Ok(())
    }
    fn try_close(&mut self) -> Result<(), JsValue> {
        self.flush()?;
        if let Some(node) = self.stack.pop() {
            match self.stack.last() {
                Some(parent) => {
                    parent.append_child(&node)?;
                }
                None => self.root = Some(node),
            }
        }
        Ok(())
    }
    fn keep(&mut self, r: Result<(), JsValue>) {
        if let Err(e) = r {
            self.err.get_or_insert(e);
        }
    }
}

impl Sink for DomSink<'_> {
    fn open(&mut self, tag: &'static Tag) {
        if self.err.is_none() {
            let r = self.try_open(tag);
            self.keep(r);
        }
    }
    fn attr(&mut self, name: &'static str, value: &str) {
        if let (None, Some(node)) = (&self.err, self.stack.last()) {
            let r = node.set_attribute(name, &tree::clean(value));
            self.keep(r);
        }
    }
    fn text(&mut self, text: &str) {
        self.text.push_str(&tree::clean(text));
    }
    fn close(&mut self, _tag: &'static Tag) {
        if self.err.is_none() {
            let r = self.try_close();
            self.keep(r);
        }
    }
}

/// The relative-time words `oc` prints (`44 hours`, `2 weeks`, `3 months`); fractions of a second are
/// dropped, as `oc` does.
#[wasm_bindgen(js_name = humanDuration)]
pub fn human_duration(#[wasm_bindgen(unchecked_param_type = "number")] seconds: JsValue) -> Result<String, JsValue> {
    let seconds = number_arg(&seconds, "seconds", false)?.unwrap_or(0.0);
    // `as` truncates toward zero and saturates (NaN gives 0), like Go's int(d.Seconds()).
    Ok(crate::time::human_duration(seconds as i64))
}

/// `sha256:` plus the first `length` (default 12) hex digits of a digest. `length` follows the rule of the
/// `digestLength` option: a positive integer, else an `ImageTagError` with code `schema`.
#[wasm_bindgen(js_name = shortDigest)]
pub fn short_digest(
    #[wasm_bindgen(unchecked_param_type = "string")] digest: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "number | null")] length: Option<JsValue>,
) -> Result<String, JsValue> {
    let digest = string_arg(&digest, "digest")?;
    let length = number_arg(length.as_ref().unwrap_or(&JsValue::UNDEFINED), "length", true)?;
    let n = match length {
        Some(n) => history::digest_length(n, "length").map_err(|e| js_error(&e))?,
        None => DEFAULT_DIGEST_LENGTH,
    };
    Ok(history::short_digest(&digest, n))
}
