//! The validation case table (`tests/data/validation_cases.json`), shared by the native test
//! (`tests/validation.rs`) and the browser test (`tests/browser_validation.rs`).
#![allow(dead_code)]

use serde_json::{json, Value};

pub const TABLE: &str = include_str!("../data/validation_cases.json");

pub const EXAMPLES: &[(&str, &str)] = &[
    ("5.1", include_str!("../data/examples/5.1-docker-tracking-three-items.json")),
    ("5.2", include_str!("../data/examples/5.2-first-import-failed.json")),
    ("5.3", include_str!("../data/examples/5.3-spec-only.json")),
    ("5.4", include_str!("../data/examples/5.4-status-only-pushed.json")),
    ("5.5", include_str!("../data/examples/5.5-manifest-list.json")),
    ("5.6", include_str!("../data/examples/5.6-signatures.json")),
    ("5.7", include_str!("../data/examples/5.7-local-policy-import-failing.json")),
    ("5.8", include_str!("../data/examples/5.8-reference-only.json")),
];
pub const EXAMPLE_LIST: &str = include_str!("../data/examples/5.9-list-app-stream.json");
/// Every example tag, then every item of the §5.9 list, each as its own text.
pub fn example_tags() -> Vec<String> {
    let mut out: Vec<String> = EXAMPLES.iter().map(|(_, t)| t.to_string()).collect();
    let list: Value = serde_json::from_str(EXAMPLE_LIST).unwrap();
    out.extend(list["items"].as_array().unwrap().iter().map(|i| i.to_string()));
    out
}
pub const EXAMPLE_INVALID_STATUS: &str = include_str!("../data/examples/5.10-status-invalid.json");

/// One row: the object, the operation, the old object (update), and the expected findings as
/// `[type, field, message]`.
pub struct Case {
    pub name: String,
    pub operation: String,
    pub tag: Value,
    pub old: Option<Value>,
    pub errors: Vec<[String; 3]>,
    pub warnings: Vec<[String; 3]>,
}

pub fn cases() -> Vec<Case> {
    let doc: Value = serde_json::from_str(TABLE).expect("the table is JSON");
    let bases = &doc["bases"];
    doc["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|c| {
            let tag = build(bases, &c["base"], c.get("set"), c.get("unset"));
            let old = match c.get("old") {
                None => None,
                Some(Value::String(base)) => Some(build(bases, &json!(base), None, None)),
                Some(o) => Some(build(bases, &o["base"], o.get("set"), o.get("unset"))),
            };
            Case {
                name: c["name"].as_str().unwrap().to_string(),
                operation: c["operation"].as_str().unwrap().to_string(),
                tag,
                old,
                errors: triples(&c["errors"]),
                warnings: triples(&c["warnings"]),
            }
        })
        .collect()
}

fn triples(v: &Value) -> Vec<[String; 3]> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|t| {
                    let s = |i: usize| t[i].as_str().unwrap().to_string();
                    [s(0), s(1), s(2)]
                })
                .collect()
        })
        .unwrap_or_default()
}

fn base(bases: &Value, name: &str) -> Value {
    if let Some(b) = bases.get(name) {
        return b.clone();
    }
    let text = EXAMPLES.iter().find(|(n, _)| *n == name).unwrap_or_else(|| panic!("unknown base {name}")).1;
    serde_json::from_str(text).unwrap()
}

fn build(bases: &Value, base_name: &Value, set: Option<&Value>, unset: Option<&Value>) -> Value {
    let mut v = base(bases, base_name.as_str().unwrap());
    for pair in set.and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]) {
        let segments = segments(&pair[0]);
        *slot(&mut v, &segments) = template(&pair[1]);
    }
    for path in unset.and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]) {
        let segments = segments(path);
        let (last, parent) = segments.split_last().unwrap();
        if let Some(obj) = slot(&mut v, parent).as_object_mut() {
            obj.remove(last);
        }
    }
    v
}

/// `a.b[0].c` or `["a", "b", "0", "c"]` (for keys with dots).
fn segments(path: &Value) -> Vec<String> {
    match path {
        Value::Array(parts) => parts.iter().map(|p| p.as_str().unwrap().to_string()).collect(),
        Value::String(s) => s.replace('[', ".").replace(']', "").split('.').map(str::to_string).collect(),
        _ => panic!("bad path {path}"),
    }
}

fn slot<'v>(mut v: &'v mut Value, segments: &[String]) -> &'v mut Value {
    for seg in segments {
        if v.is_null() {
            *v = json!({});
        }
        v = match v {
            Value::Array(items) => &mut items[seg.parse::<usize>().unwrap()],
            Value::Object(map) => map.entry(seg.clone()).or_insert(Value::Null),
            other => panic!("cannot descend into {other}"),
        };
    }
    v
}

fn template(v: &Value) -> Value {
    if let Some(r) = v.get("$repeat") {
        return Value::String(r[0].as_str().unwrap().repeat(r[1].as_u64().unwrap() as usize));
    }
    if let Some(parts) = v.get("$concat").and_then(Value::as_array) {
        return Value::String(parts.iter().map(|p| template(p).as_str().unwrap().to_string()).collect());
    }
    match v {
        Value::Object(map) => Value::Object(map.iter().map(|(k, x)| (k.clone(), template(x))).collect()),
        Value::Array(items) => Value::Array(items.iter().map(template).collect()),
        other => other.clone(),
    }
}

/// Findings as `[type, field, message]`, from the JSON shape of `FieldError`.
pub fn as_triples(findings: &Value) -> Vec<[String; 3]> {
    findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap().to_string();
            [s("type"), s("field"), s("message")]
        })
        .collect()
}

/// A readable diff of one case's result, or `None` when it matches.
pub fn compare(case: &Case, errors: &[[String; 3]], warnings: &[[String; 3]]) -> Option<String> {
    if errors == case.errors.as_slice() && warnings == case.warnings.as_slice() {
        return None;
    }
    Some(format!(
        "case {:?}\n  expected errors:   {:#?}\n  got errors:        {:#?}\n  expected warnings: {:#?}\n  got warnings:      {:#?}",
        case.name, case.errors, errors, case.warnings, warnings
    ))
}
