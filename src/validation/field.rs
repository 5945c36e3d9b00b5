//! Field errors and their text, as apimachinery formats them (docs/semantics.md §3.8, §2.11).
//!
//! Sources of the formats (kubernetes/apimachinery `pkg/util/validation/field/errors.go`):
//! `ErrorType.String()` gives the type texts, `Error.ErrorBody()` the cause message (`<Type text>` + optional
//! `: <value>` + optional `: <detail>`), `Error.Error()` prefixes `<field>: `; `ErrorList.ToAggregate()`
//! drops repeated messages and `errors.NewInvalid` joins them as `… is invalid: <one>` or `[a, b]`.

use std::fmt::{self, Write as _};

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

/// The Kubernetes field error types (`field.ErrorType`); the reason is what a 422 cause carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorType {
    Required,
    Invalid,
    Forbidden,
    NotFound,
    NotSupported,
    Duplicate,
    TooLong,
    TooMany,
    Internal,
}

impl ErrorType {
    /// The cause reason: `FieldValueRequired`, …, `InternalError`.
    pub fn reason(self) -> &'static str {
        match self {
            ErrorType::Required => "FieldValueRequired",
            ErrorType::Invalid => "FieldValueInvalid",
            ErrorType::Forbidden => "FieldValueForbidden",
            ErrorType::NotFound => "FieldValueNotFound",
            ErrorType::NotSupported => "FieldValueNotSupported",
            ErrorType::Duplicate => "FieldValueDuplicate",
            ErrorType::TooLong => "FieldValueTooLong",
            ErrorType::TooMany => "FieldValueTooMany",
            ErrorType::Internal => "InternalError",
        }
    }

    /// The type text that starts a message: `Required value`, `Invalid value`, ….
    pub fn text(self) -> &'static str {
        match self {
            ErrorType::Required => "Required value",
            ErrorType::Invalid => "Invalid value",
            ErrorType::Forbidden => "Forbidden",
            ErrorType::NotFound => "Not found",
            ErrorType::NotSupported => "Unsupported value",
            ErrorType::Duplicate => "Duplicate value",
            ErrorType::TooLong => "Too long",
            ErrorType::TooMany => "Too many",
            ErrorType::Internal => "Internal error",
        }
    }

    /// Parses a reason back (`FieldValueInvalid` → `Invalid`).
    pub fn from_reason(reason: &str) -> Option<ErrorType> {
        const ALL: [ErrorType; 9] = [
            ErrorType::Required,
            ErrorType::Invalid,
            ErrorType::Forbidden,
            ErrorType::NotFound,
            ErrorType::NotSupported,
            ErrorType::Duplicate,
            ErrorType::TooLong,
            ErrorType::TooMany,
            ErrorType::Internal,
        ];
        ALL.into_iter().find(|t| t.reason() == reason)
    }

    /// Required, Forbidden, TooLong and Internal never print the value.
    fn prints_value(self) -> bool {
        !matches!(self, ErrorType::Required | ErrorType::Forbidden | ErrorType::TooLong | ErrorType::Internal)
    }
}

impl Serialize for ErrorType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.reason())
    }
}

/// One validation finding: a type, the field path in the server's format, the offending value (when the
/// type prints one) and a detail text.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    pub type_: ErrorType,
    /// `spec.from.name`, `status.items[0].image`, `metadata.labels` (`""` for a cause without a field).
    pub field: String,
    /// `None`: no value is printed. Strings print quoted, numbers and booleans bare, anything else as JSON.
    pub bad_value: Option<Value>,
    pub detail: String,
}

impl FieldError {
    pub fn new(
        type_: ErrorType,
        field: impl Into<String>,
        bad_value: Option<Value>,
        detail: impl Into<String>,
    ) -> Self {
        FieldError { type_, field: field.into(), bad_value, detail: detail.into() }
    }
    /// `field.Required(path, detail)`.
    pub fn required(field: impl Into<String>, detail: impl Into<String>) -> Self {
        FieldError::new(ErrorType::Required, field, None, detail)
    }
    /// `field.Invalid(path, value, detail)`.
    pub fn invalid(field: impl Into<String>, value: impl Into<Value>, detail: impl Into<String>) -> Self {
        FieldError::new(ErrorType::Invalid, field, Some(value.into()), detail)
    }
    /// `field.Forbidden(path, detail)`.
    pub fn forbidden(field: impl Into<String>, detail: impl Into<String>) -> Self {
        FieldError::new(ErrorType::Forbidden, field, None, detail)
    }
    /// `field.NotFound(path, value)`.
    pub fn not_found(field: impl Into<String>, value: impl Into<Value>) -> Self {
        FieldError::new(ErrorType::NotFound, field, Some(value.into()), "")
    }
    /// `field.TooLong(path, _, max)` (apimachinery ≥ 1.32 text: `may not be more than N bytes`).
    pub fn too_long(field: impl Into<String>, max: usize) -> Self {
        let unit = if max == 1 { "byte" } else { "bytes" };
        FieldError::new(ErrorType::TooLong, field, None, format!("may not be more than {max} {unit}"))
    }
    /// `field.InternalError(path, err)`.
    pub fn internal(field: impl Into<String>, detail: impl Into<String>) -> Self {
        FieldError::new(ErrorType::Internal, field, None, detail)
    }

    /// The cause message without the field: `Invalid value: "x": must match image tag name` (§3.8).
    pub fn message(&self) -> String {
        let mut s = String::with_capacity(self.detail.len() + 32);
        s.push_str(self.type_.text());
        if self.type_.prints_value() {
            if let Some(v) = &self.bad_value {
                s.push_str(": ");
                write_go_value(v, &mut s);
            }
        }
        if !self.detail.is_empty() {
            s.push_str(": ");
            s.push_str(&self.detail);
        }
        s
    }
}

/// `<field>: <message>`, as `field.Error.Error()` prints it.
impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message())
    }
}

/// `{type, field, badValue?, detail, message}`.
impl Serialize for FieldError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("type", &self.type_)?;
        m.serialize_entry("field", &self.field)?;
        if let Some(v) = &self.bad_value {
            m.serialize_entry("badValue", v)?;
        }
        m.serialize_entry("detail", &self.detail)?;
        m.serialize_entry("message", &self.message())?;
        m.end()
    }
}

/// A value as `ErrorBody` prints it: strings with Go's `%q`, numbers and booleans with `%v`, anything else
/// with `json.Marshal` (which escapes `<`, `>`, `&`, U+2028 and U+2029).
pub(crate) fn write_go_value(v: &Value, out: &mut String) {
    match v {
        Value::String(s) => go_quote(s, out),
        Value::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        other => write_go_json(other, out),
    }
}

/// `json.Marshal` of a JSON value: object keys sorted (independent of serde_json's `preserve_order`),
/// `<`, `>`, `&`, U+2028 and U+2029 escaped as Go does.
fn write_go_json(v: &Value, out: &mut String) {
    match v {
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_go_json(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            crate::sort::sort(&mut keys);
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_go_json_string(k, out);
                out.push(':');
                write_go_json(&map[k], out);
            }
            out.push('}');
        }
        Value::String(s) => write_go_json_string(s, out),
        scalar => out.push_str(&scalar.to_string()),
    }
}

fn write_go_json_string(s: &str, out: &mut String) {
    let json = serde_json::to_string(s).unwrap_or_default();
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
}

/// Go's `strconv.Quote`: printable characters as they are, the usual backslash escapes, `\xNN` for other
/// ASCII controls and `\uNNNN` / `\UNNNNNNNN` for non-printable code points. Printability follows Go's
/// `unicode.IsPrint` for the control, format, separator and private-use ranges (unassigned code points are
/// treated as printable, which Go does not do).
pub(crate) fn go_quote(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{07}' => out.push_str("\\a"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{0b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if is_go_printable(c) => out.push(c),
            c if (c as u32) < 0x10000 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push('"');
}

/// `go_quote` into a new string.
pub(crate) fn go_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    go_quote(s, &mut out);
    out
}

fn is_go_printable(c: char) -> bool {
    let u = c as u32;
    if u < 0x80 {
        return (0x20..0x7f).contains(&u);
    }
    !matches!(u,
        0x80..=0xa0 | 0xad | 0x600..=0x605 | 0x61c | 0x6dd | 0x70f | 0x1680 | 0x180e | 0x2000..=0x200f
        | 0x2028..=0x202f | 0x205f..=0x2064 | 0x2066..=0x206f | 0x3000 | 0xd800..=0xf8ff | 0xfeff
        | 0xfff9..=0xfffb | 0xfffe | 0xffff | 0xe0001 | 0xe0020..=0xe007f | 0xf0000..=0x10ffff)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn messages_follow_error_body() {
        assert_eq!(
            FieldError::required("spec", "spec is a required field during creation").message(),
            "Required value: spec is a required field during creation"
        );
        assert_eq!(FieldError::required("spec.from.name", "").message(), "Required value");
        assert_eq!(
            FieldError::invalid("spec.name", "nxt", "must match image tag name").message(),
            "Invalid value: \"nxt\": must match image tag name"
        );
        assert_eq!(FieldError::invalid("x", true, "d").message(), "Invalid value: true: d");
        assert_eq!(FieldError::invalid("x", -2, "d").message(), "Invalid value: -2: d");
        assert_eq!(
            FieldError::invalid("x", json!({"a": "<b>"}), "d").message(),
            "Invalid value: {\"a\":\"\\u003cb\\u003e\"}: d"
        );
        assert_eq!(FieldError::invalid("x", Value::Null, "d").message(), "Invalid value: null: d");
        assert_eq!(FieldError::not_found("x", "n").message(), "Not found: \"n\"");
        assert_eq!(
            FieldError::too_long("metadata.annotations", 262144).message(),
            "Too long: may not be more than 262144 bytes"
        );
        assert_eq!(FieldError::internal("", "boom").message(), "Internal error: boom");
        assert_eq!(FieldError::forbidden("f", "no").to_string(), "f: Forbidden: no");
    }

    #[test]
    fn go_quote_escapes() {
        assert_eq!(go_quoted("a\"b\\c\n\t\u{1}\u{7f}é\u{200b}"), "\"a\\\"b\\\\c\\n\\t\\x01\\x7fé\\u200b\"");
    }
}
