//! Lossless JSON building blocks: a field that remembers absent / `null` / present, a macro that
//! declares API structs which keep unknown keys, and text parsing with line/column or field-path errors.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

use crate::error::Error;

/// Unknown keys of an object, kept verbatim so that a round trip loses nothing.
pub type Extra = serde_json::Map<String, serde_json::Value>;

/// A JSON object field: absent, present with `null`, or present with a value.
///
/// Servers emit some keys with `null` and omit others; a client that reads, edits and writes back must
/// reproduce exactly what it got, so the model never folds these three states together.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Field<T> {
    /// The key was not in the object.
    #[default]
    Absent,
    /// The key was there with `null`.
    Null,
    /// The key was there with a value.
    Present(T),
}

impl<T> Field<T> {
    /// The value, if present.
    pub fn get(&self) -> Option<&T> {
        match self {
            Field::Present(v) => Some(v),
            _ => None,
        }
    }
    /// The value, mutably, if present.
    pub fn get_mut(&mut self) -> Option<&mut T> {
        match self {
            Field::Present(v) => Some(v),
            _ => None,
        }
    }
    /// Takes the value out, leaving the field absent.
    pub fn take(&mut self) -> Option<T> {
        match std::mem::take(self) {
            Field::Present(v) => Some(v),
            _ => None,
        }
    }
    /// Converts into an `Option`, folding absent and `null` together.
    pub fn into_option(self) -> Option<T> {
        match self {
            Field::Present(v) => Some(v),
            _ => None,
        }
    }
    pub fn is_absent(&self) -> bool {
        matches!(self, Field::Absent)
    }
    pub fn is_null(&self) -> bool {
        matches!(self, Field::Null)
    }
    pub fn is_present(&self) -> bool {
        matches!(self, Field::Present(_))
    }
    /// Absent or `null`.
    pub fn is_none(&self) -> bool {
        !self.is_present()
    }
    /// The value, mutably, inserting `T::default()` first when it is absent or `null`.
    pub fn get_or_insert_default(&mut self) -> &mut T
    where
        T: Default,
    {
        if !self.is_present() {
            *self = Field::Present(T::default());
        }
        match self {
            Field::Present(v) => v,
            _ => unreachable!(),
        }
    }
}

impl<T: Default + Clone> Field<T> {
    /// The value, or `T::default()` when absent or `null`.
    pub fn or_default(&self) -> T {
        self.get().cloned().unwrap_or_default()
    }
}

impl Field<String> {
    /// The string, or `""` when absent or `null` (how Go reads an unset string).
    pub fn str(&self) -> &str {
        self.get().map(String::as_str).unwrap_or("")
    }
}

impl Field<bool> {
    /// The flag, `false` when absent or `null`.
    pub fn flag(&self) -> bool {
        self.get().copied().unwrap_or(false)
    }
}

impl Field<i64> {
    /// The number, `0` when absent or `null`.
    pub fn num(&self) -> i64 {
        self.get().copied().unwrap_or(0)
    }
}

impl<T> Field<Vec<T>> {
    /// The items, empty when absent or `null`.
    pub fn items(&self) -> &[T] {
        self.get().map(Vec::as_slice).unwrap_or(&[])
    }
}

impl<T> From<T> for Field<T> {
    fn from(v: T) -> Self {
        Field::Present(v)
    }
}

impl<T> From<Option<T>> for Field<T> {
    /// `None` becomes `null` (the key is written).
    fn from(v: Option<T>) -> Self {
        match v {
            Some(v) => Field::Present(v),
            None => Field::Null,
        }
    }
}

impl<T: Serialize> Serialize for Field<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Field::Present(v) => v.serialize(s),
            _ => s.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Field<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(d)?.into())
    }
}

/// An object key, borrowed from the input when possible.
pub(crate) struct Key<'de>(pub Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// Declares an API object: every listed field is a [`Field`], unknown keys land in `extra`, and
/// (de)serialization keeps absent, `null` and values apart, so a round trip is lossless.
macro_rules! api_object {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* $json:literal => $field:ident : $ty:ty, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $crate::json::Field<$ty>, )*
            /// Keys this version of the package does not know, kept as they came.
            pub extra: $crate::json::Extra,
        }

        impl $name {
            /// The JSON names of the known fields, in output order.
            pub const FIELDS: &'static [&'static str] = &[$($json),*];
            /// The known fields with their shapes, for the fast reader ([`crate::scan`]).
            pub const SCHEMA: &'static [(&'static str, $crate::scan::Ty)] = &[$(($json, <$ty as $crate::scan::HasTy>::TY)),*];
        }

        impl $crate::scan::HasTy for $name {
            const TY: $crate::scan::Ty = $crate::scan::Ty::Obj($name::SCHEMA);
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap;
                let mut m = s.serialize_map(None)?;
                $(
                    match &self.$field {
                        $crate::json::Field::Absent => {}
                        $crate::json::Field::Null => m.serialize_entry($json, &())?,
                        $crate::json::Field::Present(v) => m.serialize_entry($json, v)?,
                    }
                )*
                for (k, v) in &self.extra {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> ::serde::de::Visitor<'de> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter) -> ::std::fmt::Result {
                        f.write_str(concat!("an object (", stringify!($name), ")"))
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        let mut out = $name::default();
                        while let Some($crate::json::Key(key)) = map.next_key::<$crate::json::Key<'de>>()? {
                            match &*key {
                                $( $json => out.$field = map.next_value()?, )*
                                _ => {
                                    let v: ::serde_json::Value = map.next_value()?;
                                    out.extra.insert(key.into_owned(), v);
                                }
                            }
                        }
                        Ok(out)
                    }
                }
                d.deserialize_map(V)
            }
        }
    };
}
pub(crate) use api_object;

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

/// The `parse`/`schema` error of a serde_json error over `text`.
#[inline(never)]
pub(crate) fn text_error(text: &str, e: serde_json::Error) -> Error {
    use serde_json::error::Category;
    let message = strip_position(&e.to_string());
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => Error::parse(message, e.line(), e.column()),
        Category::Data => {
            // A wrong type can come before a syntax error: text that is not JSON is a `parse` error
            // wherever its first type error is. (serde's skipping, `IgnoredAny`, checks neither surrogate
            // escapes, number ranges nor depth: `is_json` decides, and the error comes from skipping, or
            // from reading values when skipping finds none.)
            if !crate::scan::is_json(text) {
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
pub(crate) fn path_at(text: &str, offset: usize) -> String {
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
