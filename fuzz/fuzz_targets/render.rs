//! describe_tag and every renderer never panic, whatever the tag and the options; the HTML and SVG are
//! well-formed markup of known elements and attributes only, with every object string escaped; and
//! describing the text on the fast reader (describe_text) gives what parsing and describing gives: the
//! same description, or the same error; and the bulk HTML of a list holding the text gives the same HTML,
//! or the same error with the item in its path.
#![no_main]

#[path = "common.rs"]
mod common;

use imagetag::history::{self, describe_tag_with};
use imagetag::ImageTag;
use libfuzzer_sys::fuzz_target;

const NOWS: [i64; 4] = [1_760_000_000, 0, i64::MIN, i64::MAX];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // Helpers that take plain strings and numbers.
    let n = data.iter().fold(0u64, |a, &b| a.wrapping_mul(31).wrapping_add(b as u64)) as i64;
    let _ = imagetag::time::human_duration(n);
    let _ = history::short_digest(text, (n as usize) % 80);
    if let Some(t) = imagetag::time::parse_rfc3339_seconds(text) {
        let printed = imagetag::time::format_rfc3339(t);
        assert_eq!(imagetag::time::parse_rfc3339_seconds(&printed), Some(t), "{text:?} -> {t} -> {printed:?}");
    }
    let lengths = [12, 1, (n as usize) % 100, usize::MAX];
    let now = NOWS[(n as usize) % NOWS.len()];
    let length = lengths[((n >> 8) as usize) % lengths.len()];
    let fast = history::describe_text(text, now, length, |d| serde_json::to_string(d).unwrap());
    let parsed = ImageTag::parse(text);
    let exact = parsed.as_ref().map(|tag| serde_json::to_string(&describe_tag_with(tag, now, length)).unwrap());
    assert_eq!(fast, exact.clone().map_err(Clone::clone), "{text}");
    // The bulk form (docs/js-api.md "Bulk"): the text as the second item of a list gives the per-tag HTML,
    // or the per-tag error's code (a JSON syntax error may be the list's own; the list is not checked then).
    let list = format!("{{\"items\":[{{}},{text}]}}");
    let bulk = history::list::render_html_list(&list, now, length);
    match (&bulk, &exact) {
        (Ok(b), Ok(_)) => {
            let one = history::describe_text(text, now, length, history::html::render_html).unwrap();
            assert_eq!(b.iter().nth(1), Some(one.as_str()), "{text}");
            assert_eq!(b.ends.len(), 2, "{text}");
        }
        (Err(b), Err(e)) if e.code == imagetag::error::ErrorCode::Schema => {
            assert_eq!(b.code, e.code, "{text}: {b:?} {e:?}");
            let path = e.path.as_deref().unwrap_or("");
            let want = if path.is_empty() { "items[1]".to_string() } else { format!("items[1].{path}") };
            assert_eq!(b.path.as_deref(), Some(want.as_str()), "{text}: {b:?} {e:?}");
        }
        (Err(_), Err(_)) => {}
        // Text that is not one JSON value alone (`{} x`, `1, 2`) may still fit in a list.
        (Ok(_), Err(e)) if e.code == imagetag::error::ErrorCode::Parse => {}
        _ => panic!("bulk {bulk:?} per tag {exact:?}: {text}"),
    }
    let Ok(tag) = parsed else { return };
    let d = describe_tag_with(&tag, now, length);
    let _ = history::text::render_text(&d);
    common::check_markup(&history::html::render_html(&d), false, common::HTML);
    common::check_markup(&history::svg::render_svg(&d), true, common::SVG);
    // Distinct images have distinct short forms.
    let mut seen = std::collections::HashMap::new();
    for e in &d.entries {
        if let Some(prev) = seen.insert(e.short_image.clone(), e.image.clone()) {
            assert_eq!(prev, e.image, "two images share the short form {:?}", e.short_image);
        }
    }
});
