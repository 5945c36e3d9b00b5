//! JSON text in and out on the exact (serde_json) path: parsing with `parse` errors (line/column) and
//! `schema` errors (field path), and UTF-8 checking of bytes.

use serde::de::{self, Deserialize};

use crate::error::Error;

/// Bytes as JSON text: invalid UTF-8 is a `parse` error at the first bad byte (1-based line, and column in
/// bytes, as serde_json counts them), never a panic and never a silent replacement.
pub fn utf8(bytes: &[u8]) -> Result<&str, Error> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let column = good.len() - good.iter().rposition(|&b| b == b'\n').map(|i| i + 1).unwrap_or(0) + 1;
            Err(Error::parse("invalid UTF-8 in JSON text", line, column))
        }
    }
}

/// Parses JSON text into `T`. Syntax errors give code `parse` with a 1-based line and column;
/// values of the wrong type give code `schema` with the field path (`status.items[3].generation`).
pub fn from_str<'a, T: Deserialize<'a>>(text: &'a str) -> Result<T, Error> {
    serde_json::from_str::<T>(text).map_err(|e| text_error(text, e))
}

/// [`from_str`] with a seed (a reader that carries what an earlier reading learnt).
pub fn from_str_seed<'a, S: serde::de::DeserializeSeed<'a>>(text: &'a str, seed: S) -> Result<S::Value, Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    seed.deserialize(&mut de).and_then(|v| de.end().map(|()| v)).map_err(|e| text_error(text, e))
}

/// The `parse`/`schema` error of a serde_json error over `text`.
#[inline(never)]
fn text_error(text: &str, e: serde_json::Error) -> Error {
    use serde_json::error::Category;
    let message = strip_position(&e.to_string());
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => Error::parse(message, e.line(), e.column()),
        Category::Data => {
            // A wrong type can come before a syntax error: text that is not JSON is a `parse` error
            // wherever its first type error is. (serde's skipping, `IgnoredAny`, checks neither surrogate
            // escapes, number ranges nor depth: `is_json` decides, and the error comes from skipping, or
            // from reading values when skipping finds none.)
            if !crate::json::fast_reader::is_json(text) {
                let se = match serde_json::from_str::<de::IgnoredAny>(text) {
                    Err(se) if !matches!(se.classify(), Category::Data) => Some(se),
                    _ => serde_json::from_str::<serde_json::Value>(text).err(),
                };
                if let Some(se) = se.filter(|se| !matches!(se.classify(), Category::Data)) {
                    return Error::parse(strip_position(&se.to_string()), se.line(), se.column());
                }
            }
            // serde_json reports where in the text the wrong value ended; the path is found from the text
            // there, so no second, path-tracking deserializer is compiled in (that doubled the wasm code of
            // every model type).
            Error::schema(path_at(text, offset_of(text, e.line(), e.column())), message)
        }
    }
}

/// `serde_json::to_value`, by way of the text: the same value (numbers keep their kind, `NaN` becomes
/// `null`), without compiling serde_json's second serializer (the one into `Value`) for every model type
/// that is written as a value (8 KB of wasm). `null` if `value` cannot be serialized.
pub fn to_value<T: serde::Serialize + ?Sized>(value: &T) -> serde_json::Value {
    serde_json::to_string(value).ok().and_then(|text| serde_json::from_str(&text).ok()).unwrap_or_default()
}

/// Converts an already-parsed JSON value into `T`, with the same error codes as [`from_str`].
pub fn from_value<T: for<'de> Deserialize<'de>>(value: &serde_json::Value) -> Result<T, Error> {
    from_str(&value.to_string())
}

/// The byte offset of serde_json's (1-based line, column) position.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    (start + column).min(text.len())
}

/// The field path (`status.items[3].generation`) of the innermost JSON value that starts at or before
/// `offset`: the value a data error at that position is about.
fn path_at(text: &str, offset: usize) -> String {
    enum Frame {
        Object(Option<String>),
        Array(usize),
    }
    fn path(stack: &[Frame]) -> String {
        let mut out = String::new();
        for f in stack {
            match f {
                Frame::Object(Some(k)) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Frame::Object(None) => {}
                Frame::Array(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
            }
        }
        out
    }
    let b = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut last = String::new();
    let mut expect_key = false;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b' ' | b'\t' | b'\n' | b'\r' | b':' => i += 1,
            b',' => {
                match stack.last_mut() {
                    Some(Frame::Array(n)) => *n += 1,
                    Some(Frame::Object(_)) => expect_key = true,
                    None => {}
                }
                i += 1;
            }
            b'}' | b']' => {
                stack.pop();
                expect_key = false;
                i += 1;
            }
            b'"' => {
                let start = i;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                if expect_key {
                    let raw = &text[start..i.min(text.len())];
                    let key = serde_json::from_str::<String>(raw).unwrap_or_else(|_| raw.trim_matches('"').to_string());
                    if let Some(Frame::Object(k)) = stack.last_mut() {
                        *k = Some(key);
                    }
                    expect_key = false;
                } else if start <= offset {
                    last = path(&stack);
                } else {
                    break;
                }
            }
            _ => {
                if i > offset {
                    break;
                }
                last = path(&stack);
                if c == b'{' {
                    stack.push(Frame::Object(None));
                    expect_key = true;
                    i += 1;
                } else if c == b'[' {
                    stack.push(Frame::Array(0));
                    i += 1;
                } else {
                    while i < b.len() && !matches!(b[i], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                        i += 1;
                    }
                }
            }
        }
    }
    last
}

/// serde_json appends " at line L column C"; the position is reported in fields of its own.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use crate::model::{Field, TagReference};

    #[test]
    fn to_value_is_serde_jsons() {
        let tag_ref = TagReference {
            name: Field::Present("v1".into()),
            generation: Field::Null,
            extra: [("x".to_string(), json!({"n": [1, -2, 1.0, 2.5e-300, 18446744073709551615u64], "s": "\u{1}é"}))]
                .into_iter()
                .collect(),
            ..TagReference::default()
        };
        assert_eq!(super::to_value(&tag_ref), serde_json::to_value(&tag_ref).unwrap());
        for v in [f64::NAN, f64::INFINITY, -0.0, 1.0, 0.1] {
            assert_eq!(super::to_value(&v), serde_json::to_value(v).unwrap(), "{v}");
        }
        assert_eq!(super::to_value(&Some(-3i64)), json!(-3));
        assert_eq!(super::to_value(&()), Value::Null);
    }
}
