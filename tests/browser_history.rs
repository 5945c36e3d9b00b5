//! Browser tests of the tag-history renderers: HTML and SVG parsed back with the browser's DOMParser,
//! `renderTagHistoryInto` compared node for node with the parsed HTML, and a corpus of hostile strings
//! placed in every string field of an ImageTag, rendered by every renderer into the live test page, with
//! checks that nothing executes and that no element or attribute appears that the renderer did not write.
//! Run: `wasm-pack test --headless --chrome -- --test browser_history`.
#![cfg(target_arch = "wasm32")]

use imagetag::history::{html::HTML_ATTRIBUTES, html::HTML_ELEMENTS, svg::SVG_ATTRIBUTES, svg::SVG_ELEMENTS};
use imagetag::wasm::history as api;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{DomParser, Element, SupportedType};

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const NOW: &str = "2025-03-10T12:00:00Z";

const EXAMPLES: &[(&str, &str)] = &[
    ("5.1", include_str!("data/examples/5.1-docker-tracking-three-items.json")),
    ("5.2", include_str!("data/examples/5.2-first-import-failed.json")),
    ("5.3", include_str!("data/examples/5.3-spec-only.json")),
    ("5.4", include_str!("data/examples/5.4-status-only-pushed.json")),
    ("5.5", include_str!("data/examples/5.5-manifest-list.json")),
    ("5.6", include_str!("data/examples/5.6-signatures.json")),
    ("5.7", include_str!("data/examples/5.7-local-policy-import-failing.json")),
    ("5.8", include_str!("data/examples/5.8-reference-only.json")),
];

fn opts() -> JsValue {
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"now".into(), &NOW.into()).unwrap();
    o.into()
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn parse_html(fragment: &str) -> web_sys::Document {
    DomParser::new()
        .unwrap()
        .parse_from_string(&format!("<!doctype html><html><body>{fragment}</body></html>"), SupportedType::TextHtml)
        .unwrap()
}

fn parse_svg(text: &str) -> web_sys::Document {
    DomParser::new().unwrap().parse_from_string(text, SupportedType::ImageSvgXml).unwrap()
}

fn has_class(e: &Element, class: &str) -> bool {
    e.get_attribute("class").unwrap_or_default().split(' ').any(|c| c == class)
}

fn kebab(s: &str) -> String {
    s.chars().flat_map(|c| if c.is_ascii_uppercase() { vec!['-', c.to_ascii_lowercase()] } else { vec![c] }).collect()
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

#[wasm_bindgen_test]
fn html_parses_back_into_the_table_it_describes() {
    for (name, json) in EXAMPLES {
        let tag: JsValue = json.to_string().into();
        let d: Value = serde_wasm_bindgen::from_value(api::describe_tag(tag.clone(), Some(opts())).unwrap()).unwrap();
        let html = api::render_tag_history_html(tag.clone(), Some(opts())).unwrap();
        let doc = parse_html(&html);
        let body = doc.body().unwrap();
        assert_eq!(body.child_element_count(), 1, "{name}: one table");
        let table = body.first_element_child().unwrap();
        assert_eq!(table.local_name(), "table", "{name}");
        assert!(has_class(&table, "imagetag-history"), "{name}");
        assert!(has_class(&table, &format!("imagetag-state-{}", kebab(d["state"].as_str().unwrap()))), "{name}");
        assert_eq!(count(&table, "caption"), 1, "{name}");
        assert_eq!(count(&table, "thead th[scope=col]"), 6, "{name}");
        let entries = d["entries"].as_array().unwrap().len() as u32;
        let errors = d["importErrors"].as_array().unwrap().len() as u32;
        let pending = d["importPending"].as_bool().unwrap() as u32;
        assert_eq!(count(&table, "tbody tr.imagetag-entry"), entries, "{name}");
        assert_eq!(count(&table, "tbody tr.imagetag-import-failed"), errors, "{name}");
        assert_eq!(count(&table, "tbody tr.imagetag-importing"), pending, "{name}");
        assert_eq!(count(&table, "tbody tr.imagetag-current"), entries.min(1), "{name}");
        // Every row has a row header; every valid time is a <time datetime> the browser can read.
        assert_eq!(
            count(&table, "tbody tr"),
            count(&table, "tbody tr > :first-child + th[scope=row]").max(1),
            "{name}"
        );
        let times = table.query_selector_all("time").unwrap();
        for i in 0..times.length() {
            let t: Element = times.item(i).unwrap().dyn_into().unwrap();
            let dt = t.get_attribute("datetime").unwrap();
            let ms = js_sys::Date::parse(&dt);
            assert!(ms.is_finite(), "{name}: {dt}");
        }
        // Full digests in title, the short form as text.
        for (i, e) in d["entries"].as_array().unwrap().iter().enumerate() {
            let image = e["image"].as_str().unwrap();
            if image.is_empty() {
                continue;
            }
            let code = table
                .query_selector(&format!(
                    "tbody tr.imagetag-entry:nth-of-type({}) .imagetag-col-image code",
                    i + 1 + errors as usize + pending as usize
                ))
                .unwrap()
                .unwrap();
            assert_eq!(code.get_attribute("title").unwrap(), image, "{name}");
            assert_eq!(code.text_content().unwrap(), e["shortImage"].as_str().unwrap(), "{name}");
        }

        // renderTagHistoryInto builds the very same table.
        let host = document().create_element("div").unwrap();
        api::render_tag_history_into(host.clone().into(), tag.clone(), Some(opts())).unwrap();
        let built = host.first_element_child().unwrap();
        assert!(
            built.is_equal_node(Some(&table)),
            "{name}: DOM table equals the parsed HTML\n{}\n{}",
            built.outer_html(),
            table.outer_html()
        );
        // Rendering again replaces, never appends.
        api::render_tag_history_into(host.clone().into(), tag.clone(), Some(opts())).unwrap();
        assert_eq!(host.child_element_count(), 1);
    }
}

#[wasm_bindgen_test]
fn svg_parses_back_as_a_well_formed_timeline() {
    for (name, json) in EXAMPLES {
        let tag: JsValue = json.to_string().into();
        let d: Value = serde_wasm_bindgen::from_value(api::describe_tag(tag.clone(), Some(opts())).unwrap()).unwrap();
        let svg = api::render_tag_history_svg(tag.clone(), Some(opts())).unwrap();
        let doc = parse_svg(&svg);
        let root = doc.document_element().unwrap();
        assert_eq!(root.local_name(), "svg", "{name}: {svg}");
        assert_eq!(root.namespace_uri().as_deref(), Some("http://www.w3.org/2000/svg"), "{name}");
        assert_eq!(count(&root, "parsererror"), 0, "{name}");
        assert_eq!(root.first_element_child().unwrap().local_name(), "title", "{name}: accessible name first");
        let entries = d["entries"].as_array().unwrap().len() as u32;
        let errors = d["importErrors"].as_array().unwrap().len() as u32;
        assert_eq!(count(&root, "g.imagetag-mark.imagetag-entry, g.imagetag-mark.imagetag-current"), entries, "{name}");
        assert_eq!(count(&root, "g.imagetag-current"), entries.min(1), "{name}");
        assert_eq!(count(&root, "g.imagetag-import-failed"), errors, "{name}");

        // The timeline view of renderTagHistoryInto is the same drawing.
        let host = document().create_element("div").unwrap();
        let o = opts();
        js_sys::Reflect::set(&o, &"view".into(), &"timeline".into()).unwrap();
        api::render_tag_history_into(host.clone().into(), tag.clone(), Some(o)).unwrap();
        let built = host.first_element_child().unwrap();
        assert_eq!(built.namespace_uri().as_deref(), Some("http://www.w3.org/2000/svg"));
        root.remove_attribute("xmlns").unwrap();
        assert!(built.is_equal_node(Some(&root)), "{name}: DOM timeline equals the parsed SVG");
    }
}

#[wasm_bindgen_test]
fn options_now_accepts_text_milliseconds_and_dates() {
    let tag: JsValue = EXAMPLES[0].1.to_string().into();
    let text = api::render_tag_history_text(tag.clone(), Some(opts())).unwrap();
    let ms = js_sys::Date::parse(NOW);
    for now in [JsValue::from_f64(ms), js_sys::Date::new(&JsValue::from_f64(ms)).into(), JsValue::from_f64(ms + 999.0)]
    {
        let o = js_sys::Object::new();
        js_sys::Reflect::set(&o, &"now".into(), &now).unwrap();
        assert_eq!(api::render_tag_history_text(tag.clone(), Some(o.into())).unwrap(), text);
    }
    // Without options.now: the current time (the examples are long past).
    let current = api::render_tag_history_text(tag.clone(), None).unwrap();
    assert!(current.contains(" ago"));
    for bad in [JsValue::from_str("yesterday"), JsValue::from_f64(f64::NAN), JsValue::TRUE] {
        let o = js_sys::Object::new();
        js_sys::Reflect::set(&o, &"now".into(), &bad).unwrap();
        let err = api::render_tag_history_text(tag.clone(), Some(o.into())).unwrap_err();
        let err: js_sys::Error = err.dyn_into().unwrap();
        assert_eq!(String::from(err.name()), "ImageTagError");
    }
    assert_eq!(api::human_duration(5399.9.into()).unwrap(), "About an hour");
    assert_eq!(api::human_duration(0.99.into()).unwrap(), "Less than a second");
    assert_eq!(
        api::short_digest("sha256:358a566fcab67757e71ffb06985ffe77c750db3299e042e0c15fd2645ba6d3c8".into(), None)
            .unwrap(),
        "sha256:358a566fcab6"
    );
    assert_eq!(
        api::short_digest(
            "sha256:358a566fcab67757e71ffb06985ffe77c750db3299e042e0c15fd2645ba6d3c8".into(),
            Some(7.0.into())
        )
        .unwrap(),
        "sha256:358a566"
    );
}

// ---------------------------------------------------------------------------------------------------
// Hostile strings.

const FLAG: &str = "__imagetagPwned";

fn hostile_corpus() -> Vec<String> {
    let set = format!("window.{FLAG}=1");
    vec![
        format!("<script>{set}</script>"),
        format!("<img src=x onerror=\"{set}\">"),
        format!("\"><img src=x onerror={set}>"),
        format!("' onmouseover='{set}' x='"),
        format!("\" onfocus=\"{set}\" autofocus=\""),
        format!("javascript:{set}"),
        format!("<a href=\"javascript:{set}\">click</a>"),
        format!("<svg onload=\"{set}\"><circle r=9/></svg>"),
        format!("]]><script>{set}</script><![CDATA["),
        format!("<iframe srcdoc=\"<script>parent.{FLAG}=1</script>\"></iframe>"),
        format!("<style>*{{background:url(javascript:{set})}}</style>"),
        format!("&lt;img src=x onerror={set}&gt; &#60;script&#62;{set}&#60;/script&#62; &amp; &quot;"),
        format!("</td></tr></tbody></table><img src=x onerror={set}>"),
        format!("</text></svg><img src=x onerror={set}>"),
        format!("<!-- --><img src=x onerror={set}><!--"),
        "\u{0}\u{1}\u{7}\u{8}\u{b}\u{c}\u{1b}[31mred\u{7f}\u{85}\u{fffe}\u{ffff}".to_string(),
        "\u{202e}gnp.exe\u{202c} \u{200f}\u{2067}rtl\u{2069} \u{61c}".to_string(),
        "A".repeat(4000),
        format!("{}{}", "sha256:", "f".repeat(3000)),
        "line\nbreak\r\nand\ttab".to_string(),
        format!("{{{{constructor.constructor('{set}')()}}}}"),
        "😀 emoji 東京 ﷽".to_string(),
        // SVG-specific vectors (issue 9): foreign content, links, animation of attributes, CDATA and
        // comment breakouts, processing instructions, entity declarations, namespace prefixes.
        format!("<foreignObject><body xmlns=\"http://www.w3.org/1999/xhtml\"><img src=x onerror=\"{set}\"/></body></foreignObject>"),
        format!("<a xlink:href=\"javascript:{set}\"><text>click</text></a>"),
        format!("<use href=\"data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'><image href='x' onerror='{set}'/></svg>#x\"/>"),
        format!("<animate attributeName=\"href\" to=\"javascript:{set}\" begin=\"0s\"/><set attributeName=\"onmouseover\" to=\"{set}\"/>"),
        format!("<svg:script xmlns:svg=\"http://www.w3.org/2000/svg\">{set}</svg:script>"),
        format!("<![CDATA[ ]]><script>{set}</script>"),
        format!("--><script>{set}</script><!--"),
        format!("<?xml-stylesheet href=\"javascript:{set}\"?>"),
        format!("<!DOCTYPE x [<!ENTITY e \"<script>{set}</script>\">]>&e;"),
        format!("<math><mtext><table><mglyph><style><img src=x onerror=\"{set}\">"),
        format!("<noscript><p title=\"</noscript><img src=x onerror={set}>\">"),
        // CSS escapes and expressions (there is no style attribute to land in; they must stay text).
        format!("\\3c script\\3e {set}\\3c /script\\3e  x:expression({set}) url(\"javascript:{set}\")"),
        // Homoglyphs and full-width look-alikes of markup, and bidi controls around markup.
        format!("＜script＞{set}＜/script＞ ｊａｖａｓｃｒｉｐｔ:{set} ‹img› \u{2039}b\u{203a}"),
        format!("\u{202e}<img src=x onerror={set}>\u{202c}\u{2066}\"\u{2069}"),
        "\u{feff}\u{200b}\u{2028}\u{2029}\u{e000}\u{10ffff}".to_string(),
    ]
}

/// Replaces every string in `v` with `s`, except the top-level type markers the parser insists on; with
/// `keep`, the fields that choose code paths keep their values too, so that every row kind is still drawn.
fn poison(v: &mut Value, s: &str, keep: bool, key: &str) {
    const PATH_FIELDS: &[&str] = &["type", "status", "kind", "created", "lastTransitionTime", "importMode"];
    match v {
        Value::String(x) => {
            let type_marker =
                (key == "kind" && x == "ImageTag") || (key == "apiVersion" && x == "image.openshift.io/v1");
            if !(type_marker || (keep && PATH_FIELDS.contains(&key))) {
                *x = s.to_string();
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| poison(x, s, keep, key)),
        Value::Object(o) => {
            for (k, x) in o.iter_mut() {
                poison(x, s, keep, k);
            }
        }
        _ => {}
    }
}

fn hostile_tags(s: &str) -> Vec<Value> {
    let mut out = Vec::new();
    for (_, json) in EXAMPLES {
        for keep in [true, false] {
            let mut v: Value = serde_json::from_str(json).unwrap();
            // Annotations that `oc describe` prints, and a key of our own.
            if let Some(spec) = v.get_mut("spec").filter(|s| s.is_object()) {
                spec["annotations"] = serde_json::json!({
                    "description": "d", "tags": "a,b", "supports": "x", "sampleRepo": "r", "k": "v"
                });
                spec["importPolicy"]["insecure"] = Value::Bool(true);
            }
            poison(&mut v, s, keep, "");
            out.push(v);
        }
    }
    out
}

fn allowed(el: &Element, elements: &[&str], attributes: &[&str], path: &str) {
    let name = el.local_name();
    assert!(elements.contains(&name.as_str()), "unexpected element <{name}> at {path}");
    let attrs = el.attributes();
    for i in 0..attrs.length() {
        let a = attrs.item(i).unwrap();
        let an = a.name();
        assert!(attributes.contains(&an.as_str()), "unexpected attribute {an} on <{name}> at {path}");
        assert!(!an.starts_with("on"), "event handler {an}");
        if an != "title" {
            // Values the renderer computes itself: no object text can reach them.
            let v = a.value().to_lowercase();
            assert!(!v.contains("javascript:") && !v.contains('<'), "attribute {an}={v:?} at {path}");
        }
    }
    let children = el.children();
    for i in 0..children.length() {
        let c = children.item(i).unwrap();
        allowed(&c, elements, attributes, &format!("{path}/{name}"));
    }
}

async fn tick(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

fn flag_set() -> bool {
    let v = js_sys::Reflect::get(&js_sys::global(), &FLAG.into()).unwrap();
    !v.is_undefined()
}

/// What a text node looks like after the renderer cleaned it: characters XML forbids become U+FFFD.
/// (The HTML parser also turns CR LF and lone CR into LF.)
fn cleaned(s: &str) -> String {
    imagetag::history::tree::clean(s).replace("\r\n", "\n").replace('\r', "\n")
}

#[wasm_bindgen_test]
async fn hostile_strings_in_every_field_never_execute_nor_add_markup() {
    let doc = document();
    let body = doc.body().unwrap();
    let all_elements: Vec<&str> = HTML_ELEMENTS.iter().chain(SVG_ELEMENTS.iter()).copied().collect();
    let all_attributes: Vec<&str> = HTML_ATTRIBUTES.iter().chain(SVG_ATTRIBUTES.iter()).copied().collect();
    let mut rendered = 0;
    for s in hostile_corpus() {
        for v in hostile_tags(&s) {
            let tag: JsValue = v.to_string().into();
            // Text: into a <pre> as text; it keeps the layout (no object string adds a line).
            let text = api::render_tag_history_text(tag.clone(), Some(opts())).unwrap();
            let pre = doc.create_element("pre").unwrap();
            pre.set_text_content(Some(&text));
            body.append_child(&pre).unwrap();

            // HTML, inserted the way a page uses a fragment: innerHTML.
            let html = api::render_tag_history_html(tag.clone(), Some(opts())).unwrap();
            let host = doc.create_element("div").unwrap();
            body.append_child(&host).unwrap();
            host.set_inner_html(&html);
            assert_eq!(host.child_element_count(), 1);
            allowed(&host.first_element_child().unwrap(), HTML_ELEMENTS, HTML_ATTRIBUTES, "html");
            let desc: Value =
                serde_wasm_bindgen::from_value(api::describe_tag(tag.clone(), Some(opts())).unwrap()).unwrap();
            if let Some(e) = desc["importErrors"].as_array().and_then(|a| a.first()) {
                let msg = e["message"].as_str().unwrap();
                let text = host.text_content().unwrap();
                assert!(text.contains(&cleaned(msg)), "the message survives escaping as text");
            }

            // SVG, inline in the page and as a parsed document.
            let svg = api::render_tag_history_svg(tag.clone(), Some(opts())).unwrap();
            let parsed = parse_svg(&svg);
            let root = parsed.document_element().unwrap();
            assert_eq!(root.local_name(), "svg", "SVG stays well-formed for {s:?}");
            allowed(&root, SVG_ELEMENTS, SVG_ATTRIBUTES, "svg");
            let inline = doc.create_element("div").unwrap();
            body.append_child(&inline).unwrap();
            inline.set_inner_html(&svg);
            assert_eq!(inline.child_element_count(), 1);
            allowed(&inline.first_element_child().unwrap(), SVG_ELEMENTS, SVG_ATTRIBUTES, "inline-svg");

            // DOM, both views.
            for view in ["table", "timeline"] {
                let o = opts();
                js_sys::Reflect::set(&o, &"view".into(), &view.into()).unwrap();
                let host = doc.create_element("div").unwrap();
                body.append_child(&host).unwrap();
                api::render_tag_history_into(host.clone().into(), tag.clone(), Some(o)).unwrap();
                allowed(&host.first_element_child().unwrap(), &all_elements, &all_attributes, view);
            }
            rendered += 1;
            if rendered % 32 == 0 {
                // Let the page answer the test runner (a debug build on a loaded machine is slow); any
                // payload that runs meanwhile still sets the flag checked below.
                tick(0).await;
            }
        }
    }
    // Give image errors, loads and focus handlers their chance to fire: a control payload of the same kind,
    // inserted after all of them and setting a flag of its own, must have run before the check (polled, so a
    // loaded machine only makes the wait longer, never the check weaker).
    assert!(rendered >= 22 * 16);
    let probe = doc.create_element("div").unwrap();
    body.append_child(&probe).unwrap();
    probe.set_inner_html(&format!("<img src=x onerror=\"window.{CONTROL_FLAG}=1\">"));
    let mut waited = 0;
    while !global_set(CONTROL_FLAG) && waited < 20_000 {
        tick(100).await;
        waited += 100;
    }
    assert!(global_set(CONTROL_FLAG), "control payload should have executed");
    tick(300).await;
    assert!(!flag_set(), "a payload executed");
}

const CONTROL_FLAG: &str = "__imagetagControl";

fn global_set(name: &str) -> bool {
    js_sys::Reflect::get(&js_sys::global(), &name.into()).unwrap().is_truthy()
}

/// The HTML writer finds the characters it must replace sixteen bytes at a time with wasm SIMD
/// (src/json/fast_reader.rs `html_special`; natively it is an eight-byte SWAR loop, so only a wasm test covers it): each
/// such character at every position of a chunk must come out as the element tree's byte-by-byte escaper
/// writes it, and the fast reader must describe the text as the parsed model does.
#[wasm_bindgen_test]
fn the_simd_html_escape_finds_special_characters_at_every_offset() {
    use imagetag::history::{describe_tag, describe_text, html};
    for pad in 0..40 {
        for stop in
            ["&", "<", ">", "\"", "'", "\u{fffe}", "\u{ffff}", "\u{fffd}", "\u{ef}", "\t", "\n", "\u{0}", "\u{1f}", "é"]
        {
            let name = format!("{}{stop}{}:t", "a".repeat(pad), "b".repeat(pad));
            let text = serde_json::json!({"metadata": {"name": name}}).to_string();
            let tag = imagetag::ImageTag::parse(&text).unwrap();
            let d = describe_tag(&tag, 0);
            let want = html::html_tree(&d).serialize(false, &[]);
            assert_eq!(html::render_html(&d), want, "{stop:?} after {pad}");
            assert_eq!(describe_text(&text, 0, 12, html::render_html).unwrap(), want, "{stop:?} after {pad}");
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// The SVG timeline's layout: labels inside the viewBox, phones, dark mode (issue 20, items 11 and 13).

const STYLES: &str = include_str!("../styles/imagetag-history.css");

fn call(obj: &JsValue, method: &str, args: &[JsValue]) -> JsValue {
    // unchecked: a frame's functions are not `instanceof Function` of this realm.
    let f: js_sys::Function = js_sys::Reflect::get(obj, &method.into()).unwrap().unchecked_into();
    f.apply(obj, &args.iter().collect::<js_sys::Array>()).unwrap()
}

fn num(obj: &JsValue, key: &str) -> f64 {
    js_sys::Reflect::get(obj, &key.into()).unwrap().as_f64().unwrap()
}

/// A tag with `n` history entries whose pull specs are `spec` (made unique), a name and an import error
/// message as long.
fn timeline_tag(n: usize, spec: &str) -> Value {
    let items: Vec<Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "created": format!("2025-03-{:02}T{:02}:00:00Z", 1 + i % 9, i % 24),
                "dockerImageReference": format!("{spec}{i}"),
                "image": format!("sha256:{:064x}", i + 1),
                "generation": i as i64 + 1,
            })
        })
        .collect();
    let head: String = spec.chars().take(120).collect();
    serde_json::json!({
        "kind": "ImageTag",
        "apiVersion": "image.openshift.io/v1",
        "metadata": {"name": format!("{head}:{head}"), "namespace": "demo"},
        "spec": {"name": "latest", "from": {"kind": "DockerImage", "name": spec}, "generation": n as i64 + 1},
        "status": {
            "name": "latest",
            "items": items,
            "conditions": [{
                "type": "ImportSuccess", "status": "False", "reason": spec.chars().take(80).collect::<String>(),
                "message": spec, "generation": n as i64, "lastTransitionTime": "2025-03-10T11:00:00Z"
            }]
        }
    })
}

/// 300-character pull specs: plain ASCII with a digest, wide (CJK), emoji, right-to-left, combining marks.
fn long_specs() -> Vec<String> {
    let digest = format!("@sha256:{}", "0123456789abcdef".repeat(4));
    let ascii = format!("registry.example.com:5000/{}{digest}", "team-a/very-long-repository-name/".repeat(7));
    let mut out = vec![ascii];
    for unit in ["漢字の長い名前", "😀🚀🎉", "שלום עולם ", "e\u{301}a\u{308}W", "WMWMWMWMWM"] {
        out.push(unit.repeat(300 / unit.chars().count() + 1).chars().take(300).collect());
    }
    for s in &mut out {
        *s = s.chars().take(300).collect();
        assert!(s.chars().count() == 300 || s.contains("sha256"), "{s}");
    }
    out
}

#[wasm_bindgen_test]
async fn every_timeline_label_lies_inside_the_view_box() {
    let doc = document();
    let body = doc.body().unwrap();
    let mut checked = 0;
    for spec in long_specs() {
        for n in [1usize, 2, 5, 17, 100] {
            let tag: JsValue = timeline_tag(n, &spec).to_string().into();
            let svg = api::render_tag_history_svg(tag, Some(opts())).unwrap();
            let host = doc.create_element("div").unwrap();
            body.append_child(&host).unwrap();
            host.set_inner_html(&svg);
            let root = host.first_element_child().unwrap();
            let view: Vec<f64> =
                root.get_attribute("viewBox").unwrap().split(' ').map(|v| v.parse().unwrap()).collect();
            let texts = root.query_selector_all("text").unwrap();
            assert!(texts.length() as usize >= 3 * n, "{n} entries");
            for i in 0..texts.length() {
                let t = texts.item(i).unwrap();
                let b = call(&t, "getBBox", &[]);
                let (x, y, w, h) = (num(&b, "x"), num(&b, "y"), num(&b, "width"), num(&b, "height"));
                let what = format!(
                    "{n} entries, {:?}: {:?} at x {x}..{}",
                    spec.chars().take(12).collect::<String>(),
                    t.text_content(),
                    x + w
                );
                assert!(w > 0.0, "{what}");
                assert!(x >= view[0] && x + w <= view[0] + view[2], "past the edge: {what}");
                assert!(y >= view[1] && y + h <= view[1] + view[3], "above or below: {what} y {y}..{}", y + h);
                checked += 1;
            }
            body.remove_child(&host).unwrap();
            tick(0).await; // keep the page answering the test runner
        }
    }
    assert!(checked > 1000, "{checked} labels");
}

/// The `@media (prefers-color-scheme: dark) { … }` block of the stylesheet, without its condition.
fn dark_rules(css: &str) -> String {
    let start = css.find("@media (prefers-color-scheme: dark)").expect("a dark-mode block");
    let open = start + css[start..].find('{').unwrap();
    let mut depth = 0;
    for (i, c) in css[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return css[open + 1..open + i].to_string();
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced dark-mode block")
}

/// The relative luminance (0 black … 1 white) of a computed `rgb(…)` colour.
fn luminance(color: &str) -> f64 {
    let parts: Vec<f64> = color
        .trim_start_matches("rgba(")
        .trim_start_matches("rgb(")
        .trim_end_matches(')')
        .split(',')
        .take(3)
        .map(|v| v.trim().parse::<f64>().unwrap() / 255.0)
        .collect();
    let lin = |c: f64| if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) };
    0.2126 * lin(parts[0]) + 0.7152 * lin(parts[1]) + 0.0722 * lin(parts[2])
}

#[wasm_bindgen_test]
async fn the_timeline_reads_on_a_phone_and_in_dark_mode() {
    let doc = document();
    let head = doc.query_selector("head").unwrap().unwrap();
    let body = doc.body().unwrap();
    let style = doc.create_element("style").unwrap();
    style.set_text_content(Some(STYLES));
    head.append_child(&style).unwrap();
    let window: JsValue = web_sys::window().unwrap().into();
    let spec = &long_specs()[0];
    for (name, json) in EXAMPLES
        .iter()
        .map(|(n, j)| (n.to_string(), j.to_string()))
        .chain([("long".to_string(), timeline_tag(12, spec).to_string())])
    {
        let tag: JsValue = json.into();
        let o = opts();
        js_sys::Reflect::set(&o, &"view".into(), &"timeline".into()).unwrap();

        // A 390 px phone: the drawing shrinks to fit, and its smallest text stays readable (≥ 11 px).
        let phone = doc.create_element("div").unwrap();
        phone.set_attribute("style", "width: 390px").unwrap();
        body.append_child(&phone).unwrap();
        api::render_tag_history_into(phone.clone().into(), tag.clone(), Some(o.clone())).unwrap();
        let svg = phone.first_element_child().unwrap();
        let rect = call(&svg, "getBoundingClientRect", &[]);
        let view: Vec<f64> = svg.get_attribute("viewBox").unwrap().split(' ').map(|v| v.parse().unwrap()).collect();
        assert!(num(&rect, "width") <= 390.5, "{name}: {} px wide", num(&rect, "width"));
        let scale = num(&rect, "width") / view[2];
        let texts = svg.query_selector_all("text").unwrap();
        for i in 0..texts.length() {
            let t: Element = texts.item(i).unwrap().dyn_into().unwrap();
            let size: f64 = t.get_attribute("font-size").unwrap().parse().unwrap();
            assert!(size * scale >= 11.0, "{name}: text of {:.1} px on a phone", size * scale);
            let r = call(&t, "getBoundingClientRect", &[]);
            assert!(
                num(&r, "left") >= num(&rect, "left") - 0.5 && num(&r, "right") <= num(&rect, "right") + 0.5,
                "{name}: {:?} clipped on a phone",
                t.text_content()
            );
        }
        body.remove_child(&phone).unwrap();

        // Dark mode: the stylesheet's dark rules on a dark page. Text is light, nothing paints a light box.
        let dark = doc.create_element("style").unwrap();
        dark.set_text_content(Some(&dark_rules(STYLES)));
        head.append_child(&dark).unwrap();
        let page = doc.create_element("div").unwrap();
        page.set_attribute("style", "color: #e8e8e8; background: #121212").unwrap();
        body.append_child(&page).unwrap();
        api::render_tag_history_into(page.clone().into(), tag.clone(), Some(o)).unwrap();
        let svg = page.first_element_child().unwrap();
        let all = svg.query_selector_all("*").unwrap();
        for i in 0..all.length() {
            let e: Element = all.item(i).unwrap().dyn_into().unwrap();
            let cs = call(&window, "getComputedStyle", &[e.clone().into()]);
            let fill = js_sys::Reflect::get(&cs, &"fill".into()).unwrap().as_string().unwrap();
            match e.local_name().as_str() {
                "text" => assert!(luminance(&fill) > 0.3, "{name}: dark text {fill} on a dark page"),
                "rect" | "circle" | "path" if fill != "none" => {
                    assert!(luminance(&fill) < 0.5, "{name}: a light {} ({fill}) on a dark page", e.local_name())
                }
                _ => {}
            }
        }
        body.remove_child(&page).unwrap();
        head.remove_child(&dark).unwrap();
        tick(0).await;
    }
    head.remove_child(&style).unwrap();
}

/// Issue 20, item 14: on a 390 px phone the history table is a column of cards: nothing scrolls sideways,
/// and every cell is visible with its column's name.
#[wasm_bindgen_test]
async fn the_history_table_is_cards_on_a_phone() {
    let doc = document();
    let frame = doc.create_element("iframe").unwrap();
    frame.set_attribute("width", "390").unwrap();
    frame.set_attribute("height", "800").unwrap();
    doc.body().unwrap().append_child(&frame).unwrap();
    // Objects of the frame's realm fail `instanceof` against this one's classes: cast without the check.
    let inner: web_sys::Document = js_sys::Reflect::get(&frame, &"contentDocument".into()).unwrap().unchecked_into();
    let window: JsValue = js_sys::Reflect::get(&frame, &"contentWindow".into()).unwrap();
    let spec = &long_specs()[0];
    for (name, json) in EXAMPLES
        .iter()
        .map(|(n, j)| (n.to_string(), j.to_string()))
        .chain([("long".to_string(), timeline_tag(3, spec).to_string())])
    {
        let html = api::render_tag_history_html(json.into(), Some(opts())).unwrap();
        let page = format!("<!doctype html><style>{STYLES}</style><body style=\"margin: 8px\">{html}</body>");
        call(&inner, "open", &[]);
        call(&inner, "write", &[page.into()]);
        call(&inner, "close", &[]);
        let root = inner.document_element().unwrap();
        if root.scroll_width() > 390 {
            let all = inner.query_selector_all("body *").unwrap();
            let wide: Vec<String> = (0..all.length())
                .map(|i| all.item(i).unwrap().unchecked_into::<Element>())
                .filter(|e| {
                    num(&call(e, "getBoundingClientRect", &[]), "right") > 390.5
                        || e.scroll_width() > e.client_width() + 1
                })
                .map(|e| format!("{}.{}", e.local_name(), e.class_name()))
                .collect();
            panic!("{name}: the page scrolls sideways ({} px): {wide:?}", root.scroll_width());
        }
        let cells = inner.query_selector_all("tbody td, tbody th").unwrap();
        for i in 0..cells.length() {
            let cell: Element = cells.item(i).unwrap().unchecked_into();
            let r = call(&cell, "getBoundingClientRect", &[]);
            if num(&r, "width") == 0.0 {
                assert_eq!(cell.text_content().unwrap_or_default(), "", "{name}: a hidden cell with content");
                continue;
            }
            assert!(num(&r, "right") <= 390.5, "{name}: {} ends at {}", cell.class_name(), num(&r, "right"));
            if cell.closest("tr.imagetag-empty").unwrap().is_none() {
                let before = call(&window, "getComputedStyle", &[cell.clone().into(), "::before".into()]);
                let content = js_sys::Reflect::get(&before, &"content".into()).unwrap().as_string().unwrap();
                assert!(content.starts_with('"') && content.len() > 2, "{name}: {} unlabelled", cell.class_name());
            }
        }
        tick(0).await;
    }
    doc.body().unwrap().remove_child(&frame).unwrap();
}
