//! The fast reader (src/scan.rs) against the exact path: list validation in one pass on the fast reader
//! must give what parsing the list and validating each item gives, for every mutation of the §5
//! examples (values replaced by other types, texts cut short, keys repeated), and it must actually take
//! the real examples rather than leave everything to the slow path.

#![cfg(not(target_arch = "wasm32"))]

use imagetag::validation::{validate_image_tag, validate_image_tag_list_text, ItemFindings, Operation};
use imagetag::ImageTagList;
use serde_json::{json, Value};

const EXAMPLES: &[&str] = &[
    include_str!("data/examples/5.1-docker-tracking-three-items.json"),
    include_str!("data/examples/5.2-first-import-failed.json"),
    include_str!("data/examples/5.3-spec-only.json"),
    include_str!("data/examples/5.4-status-only-pushed.json"),
    include_str!("data/examples/5.5-manifest-list.json"),
    include_str!("data/examples/5.6-signatures.json"),
    include_str!("data/examples/5.7-local-policy-import-failing.json"),
    include_str!("data/examples/5.8-reference-only.json"),
];

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

fn mutations(root: &Value, out: &mut Vec<String>) {
    fn walk(root: &Value, path: &mut Vec<String>, out: &mut Vec<String>) {
        let pointer = format!("/{}", path.join("/"));
        let here = if path.is_empty() { root.clone() } else { root.pointer(&pointer).cloned().unwrap() };
        for sub in [json!(null), json!("x"), json!("a b!"), json!(7), json!(-1.5), json!(true), json!([1]), json!({"a": 1}), json!(-0.0)] {
            if path.is_empty() {
                continue;
            }
            let mut r = root.clone();
            *r.pointer_mut(&pointer).unwrap() = sub;
            out.push(r.to_string());
        }
        match &here {
            Value::Object(m) => {
                for k in m.keys() {
                    path.push(k.replace('~', "~0").replace('/', "~1"));
                    walk(root, path, out);
                    path.pop();
                }
            }
            Value::Array(a) => {
                for i in 0..a.len().min(2) {
                    path.push(i.to_string());
                    walk(root, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    walk(root, &mut Vec::new(), out);
}

#[test]
fn one_pass_list_validation_gives_what_parse_and_validate_give() {
    let mut cases = Vec::new();
    for t in EXAMPLES {
        let list = format!("{{\"kind\":\"ImageTagList\",\"apiVersion\":\"image.openshift.io/v1\",\"metadata\":{{}},\"items\":[{t},{t}]}}");
        let v: Value = serde_json::from_str(&list).unwrap();
        mutations(&v, &mut cases);
        for cut in (0..list.len()).step_by(53) {
            cases.push(list[..cut].to_string());
        }
        cases.push(list);
    }
    cases.push(include_str!("data/examples/5.9-list-app-stream.json").to_string());
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
