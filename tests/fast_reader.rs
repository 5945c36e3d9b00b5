//! The fast reader (src/json/fast_reader.rs) against the exact path: list validation in one pass on the fast reader
//! must give what parsing the list and validating each item gives, for every mutation of the §5
//! examples (values replaced by other types, texts cut short, keys repeated), and it must actually take
//! the real examples rather than leave everything to the slow path.

#![cfg(not(target_arch = "wasm32"))]

use imagetag::validation::{validate_image_tag, validate_image_tag_list_text, ItemFindings, Operation};
use imagetag::ImageTagList;
use serde_json::Value;

#[path = "support/mutations.rs"]
mod support;
use support::mutations;

// The §5 examples, as the validation table has them.
#[path = "support/validation_table.rs"]
mod table;
use table::{EXAMPLES, EXAMPLE_LIST};

/// What the exact path gives: parse the list, validate each item.
fn slow(text: &str, op: Operation) -> Result<Vec<ItemFindings>, imagetag::Error> {
    let list = ImageTagList::parse(text)?;
    let item_op = if op == Operation::Read { Operation::Read } else { Operation::Create };
    let mut out = Vec::new();
    for (index, item) in list.items.items().iter().enumerate() {
        let f = validate_image_tag(item, item_op, None);
        if !f.is_empty() {
            out.push(ItemFindings { index, name: item.name().to_string(), errors: f.errors, warnings: f.warnings });
        }
    }
    Ok(out)
}

#[test]
fn one_pass_list_validation_gives_what_parse_and_validate_give() {
    let mut cases = Vec::new();
    for (_, t) in EXAMPLES {
        let list = format!("{{\"kind\":\"ImageTagList\",\"apiVersion\":\"image.openshift.io/v1\",\"metadata\":{{}},\"items\":[{t},{t}]}}");
        let v: Value = serde_json::from_str(&list).unwrap();
        mutations(&v, &mut cases);
        for cut in (0..list.len()).step_by(53) {
            cases.push(list[..cut].to_string());
        }
        cases.push(list);
    }
    cases.push(EXAMPLE_LIST.to_string());
    for extra in [
        r#"{"items":[{"metadata":{"name":"a:b","labels":{"x":"bad value!","x":"ok"}}}]}"#,
        r#"{"items":[{"metadata":{"name":"a:b","name":"bad name!"}}]}"#,
        r#"{"items":[{"metadata":{"name":"a:\ud83d\ude00"}}]}"#,
        r#"{"items":[{"metadata":{"name":"a:b"},"spec":{"from":{"kind":"DockerImage","name":"x"},"generation":1e0}}]}"#,
        r#"{"items":[{"metadata":{"name":"a:b"},"x":1e400}]}"#,
        r#"{"items":[{"metadata":{"name":"a:b\u0000"}}]}"#,
        r#"{"items":[{"kind":"ImageTag","kind":"Nope"}]}"#,
        r#"{"items":[{"kind":"Nope","kind":"ImageTag","metadata":{"name":"x"}}]}"#,
        r#"{"items":[{"metadata":{"name":"x"}}],"items":[{"metadata":{"name":"y:z"}}]}"#,
        r#"{"items":[{"image":{"metadata":{"name":"nope"},"dockerImageReference":"x"}}]}"#,
        r#"{"items":[{"image":{"metadata":{"name":5}}}]}"#,
    ] {
        cases.push(extra.to_string());
    }
    assert!(cases.len() > 2000, "{}", cases.len());
    for c in &cases {
        for op in [Operation::Read, Operation::Create] {
            assert_eq!(validate_image_tag_list_text(c, op), slow(c, op), "{op:?}: {c}");
        }
    }
}
