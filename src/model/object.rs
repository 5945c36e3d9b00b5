//! The machinery every API type is declared with: [`Field`] (absent / `null` / present), the
//! `api_object!` macro (known fields as `Field`s, unknown keys kept in `extra`, lossless serde), and [`Ty`],
//! the static JSON shape of each type that the fast reader checks text against.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

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

/// One field of an `api_object!` read from a map: a call, not inlined, so that every field of one type
/// (most are strings) shares one copy of serde_json's reading code instead of one per field and struct
/// (the model's deserializers were 40 KB of the wasm module).
#[inline(never)]
pub(crate) fn read_field<'de, A: de::MapAccess<'de>, T: Deserialize<'de>>(map: &mut A) -> Result<Field<T>, A::Error> {
    map.next_value()
}

/// One field of an `api_object!` written to a map (nothing when absent, `null`, or the value), shared
/// like [`read_field`].
#[inline(never)]
pub(crate) fn write_field<M: serde::ser::SerializeMap, T: Serialize>(
    m: &mut M,
    key: &'static str,
    field: &Field<T>,
) -> Result<(), M::Error> {
    match field {
        Field::Absent => Ok(()),
        Field::Null => m.serialize_entry(key, &()),
        Field::Present(v) => m.serialize_entry(key, v),
    }
}

/// The next key of an `api_object!`'s map, shared like [`read_field`].
#[inline(never)]
pub(crate) fn next_key<'de, A: de::MapAccess<'de>>(map: &mut A) -> Result<Option<Cow<'de, str>>, A::Error> {
    Ok(map.next_key::<Key<'de>>()?.map(|k| k.0))
}

/// An unknown key's value, kept in `extra`; shared like [`read_field`].
#[inline(never)]
pub(crate) fn read_extra<'de, A: de::MapAccess<'de>>(
    map: &mut A,
    key: Cow<'de, str>,
    extra: &mut Extra,
) -> Result<(), A::Error> {
    let v: serde_json::Value = map.next_value()?;
    extra.insert(key.into_owned(), v);
    Ok(())
}

/// The unknown keys of an `api_object!`, written after its fields; shared like [`read_field`].
#[inline(never)]
pub(crate) fn write_extra<M: serde::ser::SerializeMap>(m: &mut M, extra: &Extra) -> Result<(), M::Error> {
    for (k, v) in extra {
        m.serialize_entry(k, v)?;
    }
    Ok(())
}

/// A copy of one field of an `api_object!`, shared like [`read_field`] (derived `Clone`s inlined a copy
/// per field: 17 KB of wasm for the model).
#[inline(never)]
pub(crate) fn clone_field<T: Clone>(field: &Field<T>) -> Field<T> {
    field.clone()
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
        #[derive(Debug, Default, PartialEq)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $crate::model::Field<$ty>, )*
            /// Keys this version of the package does not know, kept as they came.
            pub extra: $crate::model::Extra,
        }

        impl Clone for $name {
            fn clone(&self) -> Self {
                $name {
                    $( $field: $crate::model::object::clone_field(&self.$field), )*
                    extra: self.extra.clone(),
                }
            }
        }

        impl $name {
            /// The JSON names of the known fields, in output order.
            pub const FIELDS: &'static [&'static str] = &[$($json),*];
            /// The known fields with their shapes, for the fast reader ([`crate::json::fast_reader`]).
            pub const SCHEMA: &'static [(&'static str, $crate::model::Ty)] = &[$(($json, <$ty as $crate::model::HasTy>::TY)),*];
        }

        impl $crate::model::HasTy for $name {
            const TY: $crate::model::Ty = $crate::model::Ty::Obj($name::SCHEMA);
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap;
                let mut m = s.serialize_map(None)?;
                $( $crate::model::object::write_field(&mut m, $json, &self.$field)?; )*
                $crate::model::object::write_extra(&mut m, &self.extra)?;
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
                        while let Some(key) = $crate::model::object::next_key(&mut map)? {
                            match &*key {
                                $( $json => out.$field = $crate::model::object::read_field(&mut map)?, )*
                                _ => $crate::model::object::read_extra(&mut map, key, &mut out.extra)?,
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

/// The JSON shape of a model type, as its deserializer accepts it. Fields of objects are [`Field`]s
/// (`null` allowed); elements of arrays and values of maps are not.
///
#[derive(Debug)]
pub enum Ty {
    /// A string.
    Str,
    /// An integer that fits `i64`.
    Int,
    /// `true` or `false`.
    Bool,
    /// Any JSON value (`serde_json::Value`).
    Any,
    /// An object with these known fields (JSON name, shape); other keys hold any value.
    Obj(&'static [(&'static str, Ty)]),
    /// An array of this shape.
    Arr(&'static Ty),
    /// An object whose every value has this shape.
    Map(&'static Ty),
}

/// The [`Ty`] of a model type.
pub trait HasTy {
    const TY: Ty;
}

impl HasTy for String {
    const TY: Ty = Ty::Str;
}
impl HasTy for i64 {
    const TY: Ty = Ty::Int;
}
impl HasTy for bool {
    const TY: Ty = Ty::Bool;
}
impl HasTy for serde_json::Value {
    const TY: Ty = Ty::Any;
}
impl<T: HasTy> HasTy for Box<T> {
    const TY: Ty = T::TY;
}
impl<T: HasTy> HasTy for Vec<T> {
    const TY: Ty = Ty::Arr(&T::TY);
}
impl<V: HasTy> HasTy for BTreeMap<String, V> {
    const TY: Ty = Ty::Map(&V::TY);
}
