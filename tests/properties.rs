//! Property tests (proptest, native): generated ImageTags — arbitrary Unicode strings, NULs, absent keys,
//! `null`s and unknown fields at every level — round-trip losslessly; validation and every renderer never
//! panic on them and the markup stays clean; `human_duration` never goes back in time; short digests are
//! unique within a history.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../fuzz/fuzz_targets/common.rs"]
mod common;

use imagetag::history::{self, describe_tag_with, unique_short_digests};
use imagetag::validation::{validate_image_tag, validate_image_tag_list_text, Operation};
use imagetag::{ImageTag, ImageTagList};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Strings: anything (NULs, controls, astral planes), markup, or the shapes the API uses.
fn text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => any::<String>(),
        2 => "[a-z0-9][a-z0-9.:@/_-]{0,30}",
        1 => "sha256:[0-9a-f]{64}",
        1 => "20[0-9]{2}-(0[1-9]|1[0-2])-[0-2][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z",
        1 => prop::sample::select(vec!["", "\0", "<script>x</script>", "\"'&<>", "]]><!--", "\u{202e}", "ImportSuccess", "False", "DockerImage", "ImageStreamTag", "Local", "PreserveOriginal"]).prop_map(String::from),
    ]
    .boxed()
}

fn string() -> BoxedStrategy<Value> {
    text().prop_map(Value::String).boxed()
}

fn int() -> BoxedStrategy<Value> {
    prop_oneof![any::<i64>(), -3i64..100].prop_map(Value::from).boxed()
}

fn boolean() -> BoxedStrategy<Value> {
    any::<bool>().prop_map(Value::Bool).boxed()
}

/// Any JSON (for unknown fields): finite floats, big integers, nested up to a few levels.
fn json() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(text(), inner, 0..4).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
    .boxed()
}

fn map_of_strings() -> BoxedStrategy<Value> {
    prop::collection::btree_map(text(), text(), 0..3)
        .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k, Value::String(v))).collect()))
        .boxed()
}

fn list_of(item: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    prop::collection::vec(item, 0..4).prop_map(Value::Array).boxed()
}

/// An object with the given known fields, each absent, `null` or present, plus unknown fields.
fn object(fields: Vec<(&'static str, BoxedStrategy<Value>)>) -> BoxedStrategy<Value> {
    let known: Vec<&'static str> = fields.iter().map(|(k, _)| *k).collect();
    let parts: Vec<BoxedStrategy<(&'static str, Option<Value>)>> = fields
        .into_iter()
        .map(|(k, s)| {
            prop_oneof![1 => Just(None), 1 => Just(Some(Value::Null)), 4 => s.prop_map(Some)]
                .prop_map(move |v| (k, v))
                .boxed()
        })
        .collect();
    (parts, prop::collection::btree_map(text(), json(), 0..2))
        .prop_map(move |(parts, extra)| {
            let mut m = Map::new();
            for (k, v) in parts.into_iter() {
                if let Some(v) = v {
                    m.insert(k.to_string(), v);
                }
            }
            for (k, v) in extra {
                if !known.contains(&k.as_str()) {
                    m.insert(k, v);
                }
            }
            Value::Object(m)
        })
        .boxed()
}

fn image_tag() -> BoxedStrategy<Value> {
    let metadata = object(vec![
        ("name", string()),
        ("namespace", string()),
        ("uid", string()),
        ("resourceVersion", string()),
        ("generation", int()),
        ("creationTimestamp", string()),
        ("labels", map_of_strings()),
        ("annotations", map_of_strings()),
    ]);
    let from = object(vec![("kind", string()), ("name", string()), ("namespace", string())]);
    let spec = object(vec![
        ("name", string()),
        ("annotations", map_of_strings()),
        ("from", from),
        ("reference", boolean()),
        ("generation", int()),
        ("importPolicy", object(vec![("insecure", boolean()), ("scheduled", boolean()), ("importMode", string())])),
        ("referencePolicy", object(vec![("type", string())])),
    ]);
    let event = object(vec![
        ("created", string()),
        ("dockerImageReference", string()),
        ("image", string()),
        ("generation", int()),
    ]);
    let condition = object(vec![
        ("type", string()),
        ("status", string()),
        ("lastTransitionTime", string()),
        ("reason", string()),
        ("message", string()),
        ("generation", int()),
    ]);
    let status = object(vec![("tag", string()), ("items", list_of(event)), ("conditions", list_of(condition))]);
    let manifest = object(vec![
        ("digest", string()),
        ("mediaType", string()),
        ("architecture", string()),
        ("os", string()),
        ("variant", string()),
    ]);
    let image = object(vec![
        ("metadata", object(vec![("name", string())])),
        ("dockerImageReference", string()),
        ("dockerImageManifestMediaType", string()),
        ("dockerImageManifests", list_of(manifest)),
    ]);
    let kind = prop_oneof![Just(Value::from("ImageTag"))].boxed();
    let api_version = prop_oneof![Just(Value::from("image.openshift.io/v1"))].boxed();
    object(vec![
        ("kind", kind),
        ("apiVersion", api_version),
        ("metadata", metadata),
        ("spec", spec),
        ("status", status),
        ("image", image),
    ])
}

/// A rough "how long" of `human_duration`'s words, in seconds.
fn duration_rank(words: &str) -> i64 {
    match words {
        "Less than a second" => return 0,
        "About a minute" => return 60,
        "About an hour" => return 3600,
        // Years divide the truncated hours while the months before them use the rounded ones (go-units,
        // §4.4): `1 years` is only ever printed in the half hour before two years, after `24 months`.
        "1 years" => return 730 * 86_400 - 1800,
        _ => {}
    }
    let (n, unit) = words.split_once(' ').unwrap();
    let n: i64 = n.parse().unwrap();
    let unit_seconds = match unit {
        "second" | "seconds" => 1,
        "minutes" => 60,
        "hours" => 3600,
        "days" => 86_400,
        "weeks" => 7 * 86_400,
        "months" => 30 * 86_400,
        "years" => 365 * 86_400,
        other => panic!("unknown unit {other:?}"),
    };
    n.saturating_mul(unit_seconds)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn generated_tags_round_trip_losslessly(v in image_tag()) {
        let text = serde_json::to_string(&v).unwrap();
        let tag = ImageTag::parse(&text).map_err(|e| TestCaseError::fail(format!("{e:?}")));
        // Shapes the model refuses are fine (a string where a map belongs cannot be generated here, but an
        // unknown key may collide with nothing); what parses must come back exactly.
        let tag = tag?;
        let back: Value = serde_json::from_str(&tag.to_json()).unwrap();
        prop_assert_eq!(&back, &v);
        prop_assert_eq!(ImageTag::parse(&tag.to_json()).unwrap(), tag);
    }

    #[test]
    fn generated_lists_round_trip_and_validate_like_their_items(items in prop::collection::vec(image_tag(), 0..4), null_items in any::<bool>()) {
        let items_value = if null_items && items.is_empty() { Value::Null } else { Value::Array(items) };
        let v = serde_json::json!({"kind": "ImageTagList", "apiVersion": "image.openshift.io/v1", "metadata": {}, "items": items_value});
        let text = serde_json::to_string(&v).unwrap();
        let list = ImageTagList::parse(&text).unwrap();
        prop_assert_eq!(&serde_json::from_str::<Value>(&list.to_json()).unwrap(), &v);
        for op in [Operation::Read, Operation::Create] {
            let found = validate_image_tag_list_text(&text, op).unwrap();
            let mut expected = Vec::new();
            for (i, item) in list.items.items().iter().enumerate() {
                let f = validate_image_tag(item, op, None);
                if !f.is_empty() {
                    expected.push((i, f.errors, f.warnings));
                }
            }
            let got: Vec<_> = found.into_iter().map(|f| (f.index, f.errors, f.warnings)).collect();
            prop_assert_eq!(got, expected);
        }
    }

    #[test]
    fn validation_and_renderers_never_panic_and_markup_stays_clean(v in image_tag(), old in image_tag(), now in any::<i64>(), len in 0usize..40) {
        let tag = ImageTag::parse(&v.to_string()).unwrap();
        let old = ImageTag::parse(&old.to_string()).unwrap();
        for op in common::OPERATIONS {
            let f = validate_image_tag(&tag, op, Some(&old));
            for e in f.errors.iter().chain(&f.warnings) {
                let _ = e.message();
            }
        }
        let d = describe_tag_with(&tag, now, len);
        let _ = history::text::render_text(&d);
        common::check_markup(&history::html::render_html(&d), false, common::HTML);
        common::check_markup(&history::svg::render_svg(&d), true, common::SVG);
    }

    #[test]
    fn human_duration_never_goes_back(a in any::<i64>(), b in any::<i64>()) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let (wl, wh) = (imagetag::time::human_duration(lo), imagetag::time::human_duration(hi));
        prop_assert!(duration_rank(&wl) <= duration_rank(&wh), "{} ({}) > {} ({})", wl, lo, wh, hi);
    }

    #[test]
    fn human_duration_is_monotonic_around_every_unit_boundary(base in prop::sample::select(vec![1i64, 60, 3600, 5400, 48 * 3600, 14 * 86_400, 60 * 86_400, 730 * 86_400]), d in -4000i64..4000) {
        let a = base + d;
        let b = a + 1;
        prop_assert!(duration_rank(&imagetag::time::human_duration(a)) <= duration_rank(&imagetag::time::human_duration(b)));
    }

    #[test]
    fn short_digests_are_unique_within_a_history(
        base in "[0-9a-f]{64}",
        cuts in prop::collection::vec((0usize..64, "[0-9a-f]{64}", prop::sample::select(vec!["sha256", "sha512", ""])), 1..12),
        length in 1usize..16,
    ) {
        let digests: Vec<String> = cuts.iter().map(|(cut, tail, algo)| {
            let hex = format!("{}{}", &base[..*cut], &tail[..64 - cut]);
            if algo.is_empty() { hex } else { format!("{algo}:{hex}") }
        }).collect();
        let refs: Vec<&str> = digests.iter().map(String::as_str).collect();
        let short = unique_short_digests(&refs, length);
        for i in 0..digests.len() {
            prop_assert!(digests[i].starts_with(&short[i]));
            for j in 0..digests.len() {
                if digests[i] != digests[j] {
                    prop_assert_ne!(&short[i], &short[j], "{} and {}", digests[i], digests[j]);
                }
            }
        }
        // The same through describe_tag: distinct images, distinct short forms.
        let items: Vec<Value> = digests.iter().map(|d| serde_json::json!({"created": "2025-01-01T00:00:00Z", "dockerImageReference": format!("quay.io/a/b@{d}"), "image": d, "generation": 1})).collect();
        let tag = ImageTag::parse(&serde_json::json!({"metadata": {"name": "s:t"}, "status": {"tag": "t", "items": items}}).to_string()).unwrap();
        let d = describe_tag_with(&tag, 1_760_000_000, length);
        for a in &d.entries {
            for b in &d.entries {
                if a.image != b.image {
                    prop_assert_ne!(&a.short_image, &b.short_image);
                }
            }
        }
    }
}
