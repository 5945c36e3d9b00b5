//! The bulk history (docs/js-api.md "Bulk"): every tag of an ImageTagList's text rendered in one call must
//! be exactly what the per-tag functions give for each item's own text, in the list's order, for every
//! example and every mutation of them; an item the per-tag function refuses makes the list fail with the
//! same error code, the item named in its path (`items[1].status.items[0].generation`).

#![cfg(not(target_arch = "wasm32"))]

use imagetag::error::ErrorCode;
use imagetag::history::list::{join_list, render_html_list, render_text_list, Joined};
use imagetag::history::TagDescription;
use imagetag::history::{describe_list_text, describe_text, html::render_html, text::render_text, ListOut};
use serde_json::Value;

#[path = "support/mutations.rs"]
mod support;
use support::mutations;

#[path = "support/validation_table.rs"]
mod table;
use table::{example_tags as singles, EXAMPLES, EXAMPLE_LIST};

const NOW: i64 = 1_741_608_000; // 2025-03-10T12:00:00Z

fn list_of(items: &[&str]) -> String {
    format!(
        r#"{{"kind":"ImageTagList","apiVersion":"image.openshift.io/v1","metadata":{{}},"items":[{}]}}"#,
        items.join(",")
    )
}

fn describe_json(d: &TagDescription<'_>) -> String {
    serde_json::to_string(d).unwrap()
}

/// The three bulk outputs of a list, each as the per-item strings.
fn bulk(list: &str, len: usize) -> Result<[Vec<String>; 3], imagetag::Error> {
    let strings = |j: Joined| j.iter().map(str::to_string).collect::<Vec<_>>();
    Ok([
        strings(render_html_list(list, NOW, len)?),
        strings(render_text_list(list, NOW, len)?),
        strings(join_list(list, NOW, len, &mut |d, out| out.push_str(&describe_json(d)))?),
    ])
}

/// The per-tag outputs of one item's text.
fn per_tag(item: &str, len: usize) -> Result<[String; 3], imagetag::Error> {
    Ok([
        describe_text(item, NOW, len, render_html)?,
        describe_text(item, NOW, len, render_text)?,
        describe_text(item, NOW, len, describe_json)?,
    ])
}

/// `items` as the three per-tag outputs of each, transposed to [html, text, describe], or the first
/// item's error with its index.
fn per_tag_all(items: &[&str], len: usize) -> Result<[Vec<String>; 3], (usize, imagetag::Error)> {
    let mut out: [Vec<String>; 3] = Default::default();
    for (i, item) in items.iter().enumerate() {
        let [h, t, d] = per_tag(item, len).map_err(|e| (i, e))?;
        out[0].push(h);
        out[1].push(t);
        out[2].push(d);
    }
    Ok(out)
}

/// The list of `items` gives per-tag's outputs, or per-tag's error with the item in its path.
fn assert_same(items: &[&str], len: usize) {
    let list = list_of(items);
    match (bulk(&list, len), per_tag_all(items, len)) {
        (Ok(got), Ok(want)) => assert_eq!(got, want, "{list}"),
        (Err(got), Err((i, want))) => {
            assert_eq!(got.code, want.code, "{list}\n{got:?}\n{want:?}");
            if want.code == ErrorCode::Schema {
                let want_path = match want.path.as_deref().unwrap_or("") {
                    "" => format!("items[{i}]"),
                    p => format!("items[{i}].{p}"),
                };
                assert_eq!(got.path.as_deref(), Some(want_path.as_str()), "{list}\n{got:?}\n{want:?}");
            }
        }
        (got, want) => panic!("bulk {got:?}\nper tag {want:?}\n{list}"),
    }
}

#[test]
fn every_example_renders_as_the_per_tag_functions_render_it() {
    let singles = singles();
    let all: Vec<&str> = singles.iter().map(String::as_str).collect();
    for len in [12, 3] {
        assert_same(&all, len);
        for one in &all {
            assert_same(&[one], len);
        }
    }
    // The real list, as the server sends it.
    let items: Value = serde_json::from_str(EXAMPLE_LIST).unwrap();
    let items: Vec<String> = items["items"].as_array().unwrap().iter().map(Value::to_string).collect();
    let got = bulk(EXAMPLE_LIST, 12).unwrap();
    let want = per_tag_all(&items.iter().map(String::as_str).collect::<Vec<_>>(), 12).unwrap();
    assert_eq!(got, want);
    assert_eq!(got[0].len(), 3);
}

#[test]
fn every_mutation_of_an_item_gives_the_per_tag_answer_or_error() {
    let good = EXAMPLES[0].1;
    let mut cases = Vec::new();
    for t in singles() {
        let v: Value = serde_json::from_str(&t).unwrap();
        mutations(&v, &mut cases);
        // Shown strings with escapes: the item is described from its model, in its place.
        cases.push(t.replace("sha256:", "sha256\\u003a").replace("\"ruby", "\"\\u0072uby"));
    }
    for extra in [
        "null",
        "[]",
        "7",
        r#"{"kind":"ImageStream"}"#,
        r#"{"apiVersion":"v1"}"#,
        r#"{"kind":"ImageTag","kind":"Nope"}"#,
        r#"{"kind":"Nope","kind":"ImageTag","metadata":{"name":"x:y"}}"#,
        r#"{"metadata":{"name":"x:y","name":"\u00e9:\ud83d\ude00"}}"#,
        r#"{"metadata":{"name":"a:b"},"status":{"items":[{"generation":1e0}]}}"#,
        r#"{"metadata":{"name":"a:b"},"status":{"items":[{"generation":"1"}]}}"#,
        r#"{"metadata":{"name":"a:b"},"spec":{"annotations":{"tags":"a,b","tags":"c,d"}}}"#,
    ] {
        cases.push(extra.to_string());
    }
    assert!(cases.len() > 2000, "{}", cases.len());
    let mut failed = 0;
    for c in &cases {
        // Between good items, so that the index in the error path and the order are checked.
        assert_same(&[good, c, good], 12);
        failed += per_tag(c, 12).is_err() as usize;
    }
    // Both answers occur often.
    assert!(failed > 100 && failed < cases.len() - 100, "{failed} of {}", cases.len());
}

/// A [`ListOut`] that counts what it is given.
#[derive(Default)]
struct Count {
    restarts: usize,
    names: Vec<String>,
}

impl ListOut for Count {
    fn restart(&mut self) {
        self.restarts += 1;
        self.names.clear();
    }
    fn push(&mut self, d: &TagDescription<'_>, _read: usize) {
        self.names.push(d.name.to_string());
    }
}

#[test]
fn a_real_list_is_read_in_one_pass() {
    let mut out = Count::default();
    describe_list_text(EXAMPLE_LIST, NOW, 12, &mut out).unwrap();
    // The fast reader took it: one start, no second pass on the exact path.
    assert_eq!(out.restarts, 1);
    assert_eq!(out.names, ["app:canary", "app:latest", "app:v4-preview"]);
}

#[test]
fn empty_null_and_repeated_items() {
    for (text, want) in [
        ("{}", 0),
        (r#"{"items":null}"#, 0),
        (r#"{"items":[]}"#, 0),
        (r#"{"kind":"ImageTagList","items":[{}]}"#, 1),
        (r#"{"items":[{},{}],"items":null}"#, 0),
        (r#"{"items":[{"metadata":{"name":"a:1"}}],"items":[{"metadata":{"name":"b:1"}},{}]}"#, 2),
    ] {
        let [html, text_out, described] = bulk(text, 12).unwrap_or_else(|e| panic!("{text}: {e:?}"));
        assert_eq!((html.len(), text_out.len(), described.len()), (want, want, want), "{text}");
    }
    // The last `items` counts, as in parsing.
    let [html, ..] =
        bulk(r#"{"items":[{"metadata":{"name":"a:1"}}],"items":[{"metadata":{"name":"b:1"}}]}"#, 12).unwrap();
    assert!(html[0].contains("<bdi>b:1</bdi>"), "{}", html[0]);
    // What is not a list, with the parser's error.
    for (text, code, path) in [
        ("null", ErrorCode::Schema, Some("")),
        ("[]", ErrorCode::Schema, Some("")),
        (r#"{"items":{}}"#, ErrorCode::Schema, Some("items")),
        (r#"{"kind":"ImageTag","items":[]}"#, ErrorCode::Schema, Some("kind")),
        (r#"{"items":[null]}"#, ErrorCode::Schema, Some("items[0]")),
        (r#"{"items":[{}, {"kind":"Nope"}]}"#, ErrorCode::Schema, Some("items[1].kind")),
        (r#"{"items":[{}, {"spec":{"generation":"1"}}]}"#, ErrorCode::Schema, Some("items[1].spec.generation")),
        (r#"{"items":[{}"#, ErrorCode::Parse, None),
    ] {
        let e = bulk(text, 12).unwrap_err();
        assert_eq!((e.code, e.path.as_deref()), (code, path), "{text}: {e:?}");
    }
}

#[test]
fn hostile_strings_are_escaped_as_per_tag() {
    let hostile = [
        "<script>alert(1)</script>",
        "\" onmouseover=\"x",
        "a'b&c",
        "\u{0}\u{1}\u{1f}\u{7f}",
        "\u{fffe}\u{ffff}",
        "é😀\u{202e}",
        "\\u003c",
    ];
    let mut items = Vec::new();
    for h in hostile {
        let s = serde_json::to_string(h).unwrap();
        items.push(format!(
            r#"{{"metadata":{{"name":{s},"namespace":{s}}},"spec":{{"name":{s},"from":{{"kind":{s},"name":{s}}},"annotations":{{"description":{s},"tags":{s}}}}},"status":{{"tag":{s},"items":[{{"created":{s},"dockerImageReference":{s},"image":{s},"generation":1}}],"conditions":[{{"type":"ImportSuccess","status":"False","reason":{s},"message":{s},"lastTransitionTime":{s}}}]}},"image":{{"dockerImageManifests":[{{"digest":{s},"os":{s},"architecture":{s}}}]}}}}"#
        ));
    }
    let refs: Vec<&str> = items.iter().map(String::as_str).collect();
    assert_same(&refs, 12);
    let [html, ..] = bulk(&list_of(&refs), 12).unwrap();
    assert_eq!(html.len(), hostile.len());
    for h in &html {
        assert!(!h.contains("<script") && !h.contains("\" onmouseover"), "{h}");
    }
}
