//! Hostile input, natively (issue 9): deep nesting, invalid UTF-8, lone surrogates, hostile strings,
//! and the regressions of every crash the fuzzers (fuzz/) found. Big inputs are in tests/hostile_limits.rs.

#![cfg(not(target_arch = "wasm32"))]

use imagetag::history::{self, describe_tag};
use imagetag::validation::{validate_image_tag, validate_image_tag_list_text, Operation};
use imagetag::{ErrorCode, ImageTag, ImageTagList};

const NOW: i64 = 1_760_000_000;

/// Runs `f` on a thread with a small stack (wasm's shadow stack is 1 MiB): deep input must be refused
/// long before it could overflow one.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new().stack_size(512 * 1024).spawn(f).unwrap().join().unwrap()
}

/// 10,000 levels of nesting at the places a hostile document can put them.
fn deep_documents() -> Vec<(&'static str, String)> {
    let n = 10_000;
    let arrays = format!("{}{}", "[".repeat(n), "]".repeat(n));
    let objects = format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n));
    vec![
        ("top-level arrays", arrays.clone()),
        ("top-level objects", objects.clone()),
        ("unknown field", format!("{{\"x\":{arrays}}}")),
        ("unknown field of objects", format!("{{\"metadata\":{{\"x\":{objects}}}}}")),
        ("label value", format!("{{\"metadata\":{{\"labels\":{{\"a\":{arrays}}}}}}}")),
        ("managedFields.fieldsV1", format!("{{\"metadata\":{{\"managedFields\":[{{\"fieldsV1\":{objects}}}]}}}}")),
        ("list item", format!("{{\"kind\":\"ImageTagList\",\"items\":[{{\"x\":{arrays}}}]}}")),
        ("list items", format!("{{\"items\":{arrays}}}")),
        ("unclosed", "[".repeat(n)),
        ("unclosed objects", "{\"a\":".repeat(n)),
    ]
}

#[test]
fn deep_nesting_is_a_clear_error_on_a_small_stack_for_every_text_entry_point() {
    on_small_stack(|| {
        for (what, text) in deep_documents() {
            // Not an object at all is a wrong shape (`schema`); anything deeper than 128 levels inside
            // an object is refused as `recursion limit exceeded` (`parse`, with where).
            let clear = |e: &imagetag::Error| match e.code {
                ErrorCode::Parse => {
                    (e.message == "recursion limit exceeded" || e.message.starts_with("EOF")) && e.line.is_some()
                }
                ErrorCode::Schema => e.message.starts_with("invalid type") || e.message.contains(": invalid type"),
                _ => false,
            };
            let e = ImageTag::parse(&text).unwrap_err();
            assert!(clear(&e), "{what}: {e:?}");
            let list_error = ImageTagList::parse(&text).unwrap_err();
            assert!(clear(&list_error), "{what}: {list_error:?}");
            for op in [Operation::Read, Operation::Create, Operation::Update] {
                // The list fast path refuses exactly what the list parser refuses, with the same error.
                assert_eq!(validate_image_tag_list_text(&text, op).unwrap_err(), list_error, "{what} ({op:?})");
            }
        }
    });
}

#[test]
fn nesting_the_parser_accepts_validates_and_renders_on_a_small_stack() {
    // As deep as the parser goes (serde_json's limit of 128 levels, the document itself included).
    on_small_stack(|| {
        let n = 120;
        let text = format!(
            "{{\"metadata\":{{\"name\":\"s:t\",\"x\":{}{}}},\"status\":{{\"items\":[{{\"image\":\"sha256:{}\",\"y\":{}1{}}}]}}}}",
            "[".repeat(n),
            "]".repeat(n),
            "a".repeat(64),
            "{\"a\":".repeat(n - 4),
            "}".repeat(n - 4),
        );
        let tag = ImageTag::parse(&text).expect("within the limit");
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&tag.to_json()).unwrap(),
            serde_json::from_str::<serde_json::Value>(&text).unwrap()
        );
        for op in [Operation::Read, Operation::Create, Operation::Update] {
            let _ = validate_image_tag(&tag, op, Some(&tag));
        }
        let list = format!("{{\"items\":[{text}]}}");
        assert!(ImageTagList::parse(&list).is_ok());
        for op in [Operation::Read, Operation::Create] {
            let fast = validate_image_tag_list_text(&list, op).unwrap();
            let single = validate_image_tag(&tag, op, None);
            assert_eq!(fast.first().map(|i| (&i.errors, &i.warnings)), Some((&single.errors, &single.warnings)));
        }
        let _ = history::render_text(&tag, NOW);
        let _ = history::render_html(&tag, NOW);
        let _ = history::render_svg(&tag, NOW);
    });
}

#[test]
fn invalid_utf8_bytes_are_a_parse_error_at_the_first_bad_byte() {
    let cases: &[(&[u8], usize, usize)] = &[
        (b"\xff", 1, 1),
        (b"{\"metadata\":{\"name\":\"a\xc3\"}}", 1, 23),
        (b"{\n  \"x\": \"\xed\xa0\x80\"\n}", 2, 9), // a surrogate encoded as UTF-8 (CESU) is not UTF-8
        (b"{\n\n\"\xe2\x82\"}", 3, 2),
    ];
    for &(bytes, line, column) in cases {
        let e = imagetag::json::utf8(bytes).unwrap_err();
        assert_eq!(
            (e.code, e.message.as_str(), e.line, e.column),
            (ErrorCode::Parse, "invalid UTF-8 in JSON text", Some(line), Some(column)),
            "{bytes:?}"
        );
    }
    assert_eq!(imagetag::json::utf8("{\"é\":1}".as_bytes()).unwrap(), "{\"é\":1}");
}

#[test]
fn lone_surrogate_escapes_are_a_parse_error_not_a_replacement() {
    // JSON text may spell a lone surrogate as an escape; a Rust string cannot hold it, and replacing it
    // with U+FFFD would silently change the object, so it is refused where it is.
    for (text, col) in [
        (r#"{"metadata":{"name":"\ud800"}}"#, 28),
        (r#"{"x":"\udc00"}"#, 12),
        (r#"{"x":{"\ud800":1}}"#, 14),
        (r#"{"spec":{"name":"a\ud800b"}}"#, 25),
    ] {
        let e = ImageTag::parse(text).unwrap_err();
        assert_eq!(e.code, ErrorCode::Parse, "{text}: {e:?}");
        assert!(e.message.contains("surrogate") || e.message.contains("escape"), "{text}: {}", e.message);
        assert_eq!(e.line, Some(1));
        assert!(e.column.unwrap() >= col - 2 && e.column.unwrap() <= col + 2, "{text}: {e:?}");
        assert_eq!(
            validate_image_tag_list_text(&format!("{{\"items\":[{text}]}}"), Operation::Read).unwrap_err().code,
            ErrorCode::Parse
        );
    }
    // A proper pair is one character, kept.
    let tag = ImageTag::parse(r#"{"x":"\ud83d\ude00"}"#).unwrap();
    assert_eq!(tag.extra["x"], "😀");
}

#[test]
fn text_that_is_not_json_is_a_parse_error_even_when_a_wrong_type_comes_first() {
    // fuzz (model): a wrong type before the syntax error gave `schema` for text that is not JSON at all.
    for text in [
        r#"{"metadata": {"name": 1}, "spec": }"#,
        r#"{"image": {"dockerImageMetadata": {"Config": {"Labels": {"metadata": {}}}}}, "#,
        r#"{"status": "x"} trailing"#,
        r#"{"spec": {"generation": "1"}, "x": [1, 2,]}"#,
    ] {
        let e = ImageTag::parse(text).unwrap_err();
        assert_eq!(e.code, ErrorCode::Parse, "{text}: {e:?}");
        assert!(e.line.is_some() && e.path.is_none());
        let e = ImageTagList::parse(&format!("{{\"items\":[{text}")).unwrap_err();
        assert_eq!(e.code, ErrorCode::Parse, "{text}: {e:?}");
        assert_eq!(
            validate_image_tag_list_text(&format!("{{\"items\":[{text}"), Operation::Read).unwrap_err().code,
            ErrorCode::Parse
        );
    }
    // Valid JSON of the wrong shape stays `schema`, with its path.
    let e = ImageTag::parse(r#"{"metadata": {"name": 1}, "spec": null}"#).unwrap_err();
    assert_eq!((e.code, e.path.as_deref()), (ErrorCode::Schema, Some("metadata.name")));
}

#[test]
fn hostile_strings_never_break_validation_or_rendering() {
    let strings = [
        "",
        "\u{0}",
        "\u{1}\u{1f}\u{7f}",
        "\u{fffe}\u{ffff}",
        "\u{202e}evil\u{202c}",
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "]]><!--",
        "&amp;&#0;&#x110000;",
        "a".repeat(100_000).leak(),
        "😀".repeat(1000).leak(),
        "sha256:",
        "sha256:zz",
        ":",
        "@",
        "a:b:c@d",
        "\u{10ffff}",
    ];
    for s in strings {
        let js = serde_json::to_string(s).unwrap();
        let text = format!(
            r#"{{"metadata":{{"name":{js},"namespace":{js},"labels":{{{js}:{js}}},"annotations":{{{js}:{js}}}}},
               "spec":{{"name":{js},"from":{{"kind":{js},"name":{js},"namespace":{js}}},"annotations":{{{js}:{js}}},"importPolicy":{{"importMode":{js}}},"referencePolicy":{{"type":{js}}}}},
               "status":{{"tag":{js},"items":[{{"created":{js},"dockerImageReference":{js},"image":{js},"generation":1}}],
                 "conditions":[{{"type":"ImportSuccess","status":"False","reason":{js},"message":{js},"lastTransitionTime":{js}}}]}}}}"#
        );
        let tag = ImageTag::parse(&text).unwrap();
        assert_eq!(ImageTag::parse(&tag.to_json()).unwrap(), tag);
        for op in [Operation::Read, Operation::Create, Operation::Update] {
            let _ = validate_image_tag(&tag, op, Some(&tag));
        }
        for now in [NOW, 0, i64::MIN, i64::MAX] {
            let d = describe_tag(&tag, now);
            let _ = history::text::render_text(&d);
            let html = history::html::render_html(&d);
            let svg = history::svg::render_svg(&d);
            for out in [&html, &svg] {
                assert!(
                    !out.contains("<script") && !out.contains("<img") && !out.contains("]]>") && !out.contains("<!--"),
                    "{s:?}"
                );
            }
        }
    }
}

#[test]
fn list_fast_path_refuses_what_parse_refuses_and_accepts_what_it_accepts() {
    // The fast path skims fields it does not read; skimming accepted a lone surrogate escape, a number
    // out of f64 range and nesting past the limit, all of which the model refuses.
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    for item in [
        r#"{"x":"\udc00"}"#.to_string(),
        r#"{"metadata":{"name":"a:b","x":["\ud800"]}}"#.to_string(),
        r#"{"x":1e400}"#.to_string(),
        format!(r#"{{"x":-{}}}"#, "9".repeat(400)),
        format!(r#"{{"status":{{"x":{deep}}}}}"#),
        format!(r#"{{"x":{deep}}}"#),
    ] {
        let text = format!(r#"{{"kind":"ImageTagList","y":{item},"items":[{item}]}}"#);
        let parse_error = ImageTagList::parse(&text).unwrap_err();
        for op in [Operation::Read, Operation::Create, Operation::Update] {
            assert_eq!(validate_image_tag_list_text(&text, op).unwrap_err(), parse_error, "{item}");
        }
    }
    // Harmless look-alikes still validate (and agree with validating the items one by one).
    for item in [r#"{"x":"\\ud800"}"#, r#"{"x":1.5e3}"#, r#"{"x":"\ud83d\ude00"}"#] {
        let text = format!(r#"{{"items":[{item}]}}"#);
        let list = ImageTagList::parse(&text).unwrap();
        let found = validate_image_tag_list_text(&text, Operation::Read).unwrap();
        let single = validate_image_tag(&list.items.items()[0], Operation::Read, None);
        assert_eq!((&found[0].errors, &found[0].warnings), (&single.errors, &single.warnings), "{item}");
    }
    // Duplicate keys: JSON the model accepts (the last one counts, as in Go); the fast path used to refuse
    // it with "duplicate field".
    let text = r#"{"items":[{"metadata":{"name":"bad name","name":"s:t","namespace":"ns","namespace":"demo"},
        "spec":{"name":"t","from":{"kind":"DockerImage","name":"quay.io/a/b:1"},"name":"t"}}]}"#;
    let list = ImageTagList::parse(text).unwrap();
    for op in [Operation::Read, Operation::Create] {
        let found = validate_image_tag_list_text(text, op).unwrap();
        let single = validate_image_tag(&list.items.items()[0], op, None);
        let got = found.first().map(|i| (i.errors.clone(), i.warnings.clone())).unwrap_or_default();
        assert_eq!(got, (single.errors, single.warnings), "{op:?}");
    }
}

#[test]
fn floats_in_unknown_fields_round_trip_exactly() {
    // fuzz (model): without correctly rounded parsing, 888…884.444444 read as one f64 and printed as a
    // text that reads back as a neighbour.
    for text in [
        r#"{"_kind":888888888888888888888888888888888888888888888888888888888888888888888888888888884.444444}"#,
        r#"{"x":[0.1,1e-320,1.7976931348623157e308,2.2250738585072014e-308,-0.0,123456789012345678901234567890]}"#,
        r#"{"x":9007199254740993,"y":0.30000000000000004}"#,
    ] {
        let tag = ImageTag::parse(text).unwrap();
        assert_eq!(ImageTag::parse(&tag.to_json()).unwrap(), tag, "{text}");
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(serde_json::from_str::<serde_json::Value>(&tag.to_json()).unwrap(), v, "{text}");
    }
}

#[test]
fn a_history_of_20000_entries_renders_in_linear_time() {
    // Short digests were compared pairwise (with an allocation per pair): 20,000 entries took minutes.
    let n = 20_000;
    let items: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"created":"2025-01-01T00:00:00Z","dockerImageReference":"q.io/a/b@sha256:{i:064x}","image":"sha256:{i:064x}","generation":1}}"#))
        .collect();
    let text = format!(r#"{{"metadata":{{"name":"s:t"}},"status":{{"tag":"t","items":[{}]}}}}"#, items.join(","));
    let tag = ImageTag::parse(&text).unwrap();
    let start = std::time::Instant::now();
    let d = describe_tag(&tag, NOW);
    let svg = history::svg::render_svg(&d);
    let html = history::html::render_html(&d);
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
    assert_eq!(d.entries.len(), n);
    let mut shorts: Vec<&str> = d.entries.iter().map(|e| e.short_image).collect();
    shorts.sort_unstable();
    shorts.dedup();
    assert_eq!(shorts.len(), n, "distinct images, distinct short forms");
    assert!(svg.len() > n * 100 && html.len() > n * 100);
}

#[test]
fn text_that_is_not_json_is_a_parse_error_even_when_its_first_problem_is_a_wrong_type() {
    // Found by the `model` fuzz target: `["\ud800"]` is the wrong shape (an array, not an object) *and* not
    // JSON (a lone surrogate). serde's skipping, which told the two apart, checks neither surrogates,
    // number ranges nor depth; every text Value refuses must be a `parse` error.
    let deep = format!("{}{}", "[".repeat(128), "]".repeat(128));
    for text in
        [r#"["\ud800"]"#, r#"[1e400]"#, r#"{"metadata":[],"x":"\udc00"}"#, r#"{"spec":5,"x":-1e999}"#, deep.as_str()]
    {
        assert!(serde_json::from_str::<serde_json::Value>(text).is_err(), "{text:.40}");
        for e in [ImageTag::parse(text).unwrap_err(), ImageTagList::parse(text).unwrap_err()] {
            assert_eq!(e.code, ErrorCode::Parse, "{text:.40}: {e:?}");
            assert!(e.line.is_some() && e.column.is_some());
        }
        assert_eq!(ImageTagList::check(text).unwrap_err().code, ErrorCode::Parse);
        assert_eq!(validate_image_tag_list_text(text, Operation::Read).unwrap_err().code, ErrorCode::Parse);
    }
    // JSON with those features in the right places is no error, and a wrong type there is `schema`.
    let fine = r#"{"metadata":{"name":"a:b"},"x":["\ud83d\ude00",1e300,-0]}"#;
    assert!(ImageTag::parse(fine).is_ok());
    let e = ImageTag::parse(r#"{"metadata":[],"x":["\ud83d\ude00",1e300]}"#).unwrap_err();
    assert_eq!((e.code, e.path.as_deref()), (ErrorCode::Schema, Some("metadata")));
}
