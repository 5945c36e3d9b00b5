// Shared by the fast-reader tests (src/json/parse.rs `check_tests` with `include!`, tests/fast_reader.rs with
// `#[path]`): JSON texts made from a document by replacing every value, one at a time, with a value of
// each other JSON type (and the root itself), descending into objects and the first two array elements.

/// Every value of `v` replaced, one at a time, by each of the substitutes (the root too).
#[allow(dead_code)]
pub fn mutations(v: &serde_json::Value, out: &mut Vec<String>) {
    fn walk(root: &serde_json::Value, path: &mut Vec<String>, out: &mut Vec<String>) {
        let pointer = format!("/{}", path.join("/"));
        let here = if path.is_empty() { Some(root.clone()) } else { root.pointer(&pointer).cloned() };
        let Some(here) = here else { return };
        for sub in [
            serde_json::json!(null),
            serde_json::json!("x"),
            serde_json::json!("a b!"),
            serde_json::json!(7),
            serde_json::json!(-1.5),
            serde_json::json!(-0.0),
            serde_json::json!(true),
            serde_json::json!([1]),
            serde_json::json!({"a": 1}),
            serde_json::json!(1e300),
            serde_json::json!(u64::MAX),
        ] {
            let mut r = root.clone();
            if path.is_empty() {
                r = sub;
            } else {
                *r.pointer_mut(&pointer).unwrap() = sub;
            }
            out.push(r.to_string());
        }
        match &here {
            serde_json::Value::Object(m) => {
                for k in m.keys() {
                    path.push(k.replace('~', "~0").replace('/', "~1"));
                    walk(root, path, out);
                    path.pop();
                }
            }
            serde_json::Value::Array(a) => {
                for i in 0..a.len().min(2) {
                    path.push(i.to_string());
                    walk(root, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    walk(v, &mut Vec::new(), out);
}
