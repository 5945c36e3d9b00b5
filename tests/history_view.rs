//! The history's fast path (the view of src/json/view.rs, read on the fast reader) against the exact path: describing ImageTag text on the
//! fast reader must give what parsing it and describing the model gives (the same description, or the
//! same error), for every mutation of the §5 examples and of the list items of §5.9, with strings that
//! borrow and strings that do not; and the real examples must take the fast path.

#![cfg(not(target_arch = "wasm32"))]

use imagetag::history::{
    describe_tag_with, describe_text, describe_view, html::render_html, svg::render_svg, text::render_text,
};
use imagetag::json::view::ImageTagView;
use imagetag::ImageTag;
use serde_json::Value;

#[path = "support/mutations.rs"]
mod support;
use support::mutations;

#[path = "support/validation_table.rs"]
mod table;
use table::example_tags as singles;

const NOW: i64 = 1_741_608_000; // 2025-03-10T12:00:00Z

/// The exact path's answer, as JSON (the description) or the error.
/// Whether the fast path answers: the text reads into a view, and the description borrows all it shows.
fn fast_path_takes(text: &str) -> bool {
    ImageTagView::read(text).ok().and_then(|v| describe_view(&v, NOW, 12)).is_some()
}

fn slow(text: &str, len: usize) -> Result<String, imagetag::Error> {
    let tag = ImageTag::parse(text)?;
    Ok(serde_json::to_string(&describe_tag_with(&tag, NOW, len)).unwrap())
}

fn fast(text: &str, len: usize) -> Result<String, imagetag::Error> {
    describe_text(text, NOW, len, |d| serde_json::to_string(d).unwrap())
}

#[test]
fn the_real_examples_take_the_fast_path() {
    for t in singles() {
        assert!(fast_path_takes(&t), "refused: {t}");
    }
}

#[test]
fn fast_description_is_the_exact_one() {
    let mut cases = Vec::new();
    for t in singles() {
        let v: Value = serde_json::from_str(&t).unwrap();
        mutations(&v, &mut cases);
        // Escaped strings (owned, not borrowed), with the same meaning.
        cases.push(t.replace("sha256:", "sha256\\u003a").replace("\"ruby", "\"\\u0072uby"));
        for cut in (0..t.len()).step_by(97) {
            cases.push(t[..cut].to_string());
        }
        cases.push(t);
    }
    for extra in [
        r#"{"metadata":{"name":"a:b"},"spec":{"name":"b","from":{"kind":"DockerImage","name":"x"},"annotations":{"tags":"a,b","tags":"c,d","description":"","sampleRepo":"r"}}}"#,
        r#"{"metadata":{"name":"a:b"},"spec":{"from":{"kind":"DockerImage","name":"x"},"importPolicy":{"insecure":true},"importPolicy":{"scheduled":true}}}"#,
        r#"{"metadata":{"name":"a:b"},"spec":{"from":{"kind":"DockerImage","name":"x"},"referencePolicy":{"type":"Local"},"referencePolicy":null}}"#,
        r#"{"metadata":{"name":"a"},"status":{"tag":"t","items":[{"image":"sha256:aa","created":"2025-03-10T11:00:00Z"}],"conditions":[{"type":"ImportSuccess","status":"False","lastTransitionTime":null,"reason":"R"}]}}"#,
        r#"{"metadata":{"name":"a:b"},"status":{"items":[null]}}"#,
        r#"{"metadata":{"name":"a:b"},"spec":{"annotations":{"tags":null}}}"#,
        r#"{"metadata":{"name":"a:b"},"spec":{"annotations":{"x":1}}}"#,
        r#"{"metadata":{"name":"a:b"},"image":{"dockerImageManifests":[{"digest":"sha256:ab","os":"linux"},{"digest":"sha256:ac"}]}}"#,
        r#"{"metadata":{"name":"a:b"},"image":{"dockerImageManifests":[null]}}"#,
        r#"{"metadata":{"name":"a:b"},"image":{"dockerImageMetadata":{"Size":"big"}}}"#,
        r#"{"kind":"ImageTag","kind":"Nope"}"#,
        r#"{"kind":"Nope","kind":"ImageTag","metadata":{"name":"x:y"}}"#,
        r#"{"metadata":{"name":"x:y","name":"\u00e9:\ud83d\ude00"}}"#,
        r#"{"metadata":{"name":"a:b"},"status":{"items":[{"generation":1e0}]}}"#,
        r#"{"metadata":{"name":"a:b"}} x"#,
        "null",
        "",
    ] {
        cases.push(extra.to_string());
    }
    assert!(cases.len() > 2000, "{}", cases.len());
    let (mut parsed, mut fast_taken) = (0, 0);
    for c in &cases {
        parsed += ImageTag::parse(c).is_ok() as usize;
        fast_taken += fast_path_takes(c) as usize;
        for len in [12, 3] {
            assert_eq!(fast(c, len), slow(c, len), "digest length {len}: {c}");
        }
    }
    // The comparison means something only when the fast path answers: it takes nearly every case that
    // parses (it refuses exponents, escaped keys, ...).
    assert!(fast_taken * 10 > parsed * 9, "{fast_taken} of {parsed}");
}

#[test]
fn the_renderers_see_the_same_description_both_ways() {
    for t in singles() {
        let tag = ImageTag::parse(&t).unwrap();
        assert_eq!(describe_text(&t, NOW, 12, render_text).unwrap(), render_text(&describe_tag_with(&tag, NOW, 12)));
        assert_eq!(describe_text(&t, NOW, 12, render_html).unwrap(), render_html(&describe_tag_with(&tag, NOW, 12)));
        assert_eq!(describe_text(&t, NOW, 12, render_svg).unwrap(), render_svg(&describe_tag_with(&tag, NOW, 12)));
    }
}

#[test]
fn a_shown_string_with_escapes_is_described_from_the_model() {
    let t = r#"{"metadata":{"name":"a:b","namespace":"n\u0073"}}"#;
    let view = ImageTagView::read(t).unwrap();
    assert!(describe_view(&view, NOW, 12).is_none(), "the description cannot borrow an unescaped string");
    assert!(fast(t, 12).unwrap().contains(r#""namespace":"ns""#));
    assert_eq!(fast(t, 12), slow(t, 12));
}
