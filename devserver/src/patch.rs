//! PATCH bodies (§2.8): JSON patch (RFC 6902), JSON merge patch (RFC 7386) and strategic merge patch
//! (merge patch plus the `$patch` directives; no list in ImageTag has a merge key the server uses).

use serde_json::{Map, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatchType {
    Json,
    Merge,
    StrategicMerge,
}

impl PatchType {
    pub fn from_content_type(ct: &str) -> Option<PatchType> {
        match ct {
            "application/json-patch+json" => Some(PatchType::Json),
            "application/merge-patch+json" => Some(PatchType::Merge),
            "application/strategic-merge-patch+json" => Some(PatchType::StrategicMerge),
            _ => None,
        }
    }
}

pub fn apply(kind: PatchType, target: &Value, patch: &Value) -> Result<Value, String> {
    match kind {
        PatchType::Json => json_patch(target, patch),
        PatchType::Merge => Ok(merge_patch(target, patch, false)),
        PatchType::StrategicMerge => Ok(merge_patch(target, patch, true)),
    }
}

fn merge_patch(target: &Value, patch: &Value, strategic: bool) -> Value {
    let Value::Object(p) = patch else { return patch.clone() };
    if strategic {
        match p.get("$patch").and_then(Value::as_str) {
            Some("delete") => return Value::Null,
            Some("replace") => {
                let mut m = p.clone();
                m.remove("$patch");
                return Value::Object(m);
            }
            _ => {}
        }
    }
    let mut out = match target {
        Value::Object(t) => t.clone(),
        _ => Map::new(),
    };
    for (k, v) in p {
        if strategic && k.starts_with('$') {
            continue;
        }
        if v.is_null() {
            out.remove(k);
        } else {
            let merged = merge_patch(out.get(k).unwrap_or(&Value::Null), v, strategic);
            if strategic && merged.is_null() && v.is_object() {
                out.remove(k);
            } else {
                out.insert(k.clone(), merged);
            }
        }
    }
    Value::Object(out)
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

fn split_pointer(path: &str) -> Result<Vec<String>, String> {
    if path.is_empty() {
        return Ok(Vec::new());
    }
    if !path.starts_with('/') {
        return Err(format!("invalid JSON pointer \"{path}\""));
    }
    Ok(path[1..].split('/').map(unescape).collect())
}

fn get_mut<'a>(doc: &'a mut Value, tokens: &[String]) -> Result<&'a mut Value, String> {
    let mut cur = doc;
    for t in tokens {
        cur = match cur {
            Value::Object(m) => m.get_mut(t).ok_or_else(|| format!("path element \"{t}\" not found"))?,
            Value::Array(a) => {
                let i: usize = t.parse().map_err(|_| format!("invalid array index \"{t}\""))?;
                a.get_mut(i).ok_or_else(|| format!("array index {i} out of bounds"))?
            }
            _ => return Err(format!("path element \"{t}\" not found")),
        };
    }
    Ok(cur)
}

fn get(doc: &Value, path: &str) -> Result<Value, String> {
    let mut d = doc.clone();
    Ok(get_mut(&mut d, &split_pointer(path)?)?.clone())
}

fn remove(doc: &mut Value, path: &str) -> Result<Value, String> {
    let tokens = split_pointer(path)?;
    let (last, parent) = tokens.split_last().ok_or("cannot remove the whole document")?;
    match get_mut(doc, parent)? {
        Value::Object(m) => m.remove(last).ok_or_else(|| format!("unable to remove nonexistent key: {last}")),
        Value::Array(a) => {
            let i: usize = last.parse().map_err(|_| format!("invalid array index \"{last}\""))?;
            if i >= a.len() {
                return Err(format!("array index {i} out of bounds"));
            }
            Ok(a.remove(i))
        }
        _ => Err(format!("path element \"{last}\" not found")),
    }
}

fn add(doc: &mut Value, path: &str, value: Value, replace: bool) -> Result<(), String> {
    let tokens = split_pointer(path)?;
    let Some((last, parent)) = tokens.split_last() else {
        *doc = value;
        return Ok(());
    };
    match get_mut(doc, parent)? {
        Value::Object(m) => {
            if replace && !m.contains_key(last) {
                return Err(format!("replace operation does not apply: doc is missing key: {path}"));
            }
            m.insert(last.clone(), value);
            Ok(())
        }
        Value::Array(a) => {
            if last == "-" && !replace {
                a.push(value);
                return Ok(());
            }
            let i: usize = last.parse().map_err(|_| format!("invalid array index \"{last}\""))?;
            if replace {
                *a.get_mut(i).ok_or_else(|| format!("array index {i} out of bounds"))? = value;
            } else {
                if i > a.len() {
                    return Err(format!("array index {i} out of bounds"));
                }
                a.insert(i, value);
            }
            Ok(())
        }
        _ => Err(format!("path element \"{last}\" not found")),
    }
}

fn json_patch(target: &Value, patch: &Value) -> Result<Value, String> {
    let ops = patch.as_array().ok_or("a JSON patch must be an array of operations")?;
    let mut doc = target.clone();
    for op in ops {
        let name = op.get("op").and_then(Value::as_str).ok_or("operation has no \"op\"")?;
        let path = op.get("path").and_then(Value::as_str).ok_or("operation has no \"path\"")?;
        let value = || op.get("value").cloned().ok_or_else(|| format!("operation \"{name}\" has no \"value\""));
        let from =
            || op.get("from").and_then(Value::as_str).ok_or_else(|| format!("operation \"{name}\" has no \"from\""));
        match name {
            "add" => add(&mut doc, path, value()?, false)?,
            "replace" => add(&mut doc, path, value()?, true)?,
            "remove" => {
                remove(&mut doc, path)?;
            }
            "move" => {
                let v = remove(&mut doc, from()?)?;
                add(&mut doc, path, v, false)?;
            }
            "copy" => {
                let v = get(&doc, from()?)?;
                add(&mut doc, path, v, false)?;
            }
            "test" => {
                if get(&doc, path)? != value()? {
                    return Err(format!("testing value {path} failed"));
                }
            }
            other => return Err(format!("unexpected kind: {other}")),
        }
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merge() {
        let t = json!({"spec": {"name": "a", "from": {"kind": "X"}}, "status": {"tag": "a"}});
        assert_eq!(apply(PatchType::Merge, &t, &json!({"spec": null})).unwrap(), json!({"status": {"tag": "a"}}));
        assert_eq!(
            apply(PatchType::Merge, &t, &json!({"spec": {"from": {"name": "y"}}})).unwrap()["spec"]["from"],
            json!({"kind": "X", "name": "y"})
        );
        assert_eq!(
            apply(PatchType::StrategicMerge, &t, &json!({"spec": {"$patch": "delete"}})).unwrap(),
            json!({"status": {"tag": "a"}})
        );
    }

    #[test]
    fn json_ops() {
        let t = json!({"a": [1, 2], "b": {"c": 1}});
        let p = json!([{"op": "add", "path": "/a/-", "value": 3}, {"op": "replace", "path": "/b/c", "value": 2},
            {"op": "test", "path": "/b/c", "value": 2}, {"op": "copy", "from": "/b", "path": "/d"}, {"op": "remove", "path": "/a/0"}]);
        assert_eq!(apply(PatchType::Json, &t, &p).unwrap(), json!({"a": [2, 3], "b": {"c": 2}, "d": {"c": 2}}));
        assert!(apply(PatchType::Json, &t, &json!([{"op": "test", "path": "/b/c", "value": 9}])).is_err());
        assert!(apply(PatchType::Json, &t, &json!([{"op": "replace", "path": "/x", "value": 9}])).is_err());
    }
}
