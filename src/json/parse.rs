//! ImageTag and ImageTagList from and to JSON text: the exact (serde) path with its `kind`/`apiVersion`
//! checks, and [`ImageTagList::check`], which asks the fast reader first.

use serde_json::Value;

use super::fast_reader::{Reader, Refused, Scan};
use crate::error::Error;
use crate::model::{Field, ImageTag, ImageTagList, API_VERSION, KIND_IMAGE_TAG, KIND_IMAGE_TAG_LIST};

impl ImageTag {
    /// Parses JSON text (code `parse` or `schema` on failure; a `kind`/`apiVersion` other than ImageTag's is
    /// a `schema` error, and absent ones are accepted because list items carry none).
    pub fn parse(text: &str) -> Result<ImageTag, Error> {
        let tag: ImageTag = super::from_str(text)?;
        tag.check_type("")?;
        Ok(tag)
    }

    /// Parses an already-decoded JSON value.
    pub fn from_value(value: &Value) -> Result<ImageTag, Error> {
        let tag: ImageTag = super::from_value(value)?;
        tag.check_type("")?;
        Ok(tag)
    }

    /// Lossless JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a model value always serializes")
    }

    fn check_type(&self, prefix: &str) -> Result<(), Error> {
        check_kind(prefix, &self.kind, &self.api_version, KIND_IMAGE_TAG)
    }
}

impl ImageTagList {
    /// Parses JSON text; every item is checked like [`ImageTag::parse`], errors name the item
    /// (`items[3].kind`).
    pub fn parse(text: &str) -> Result<ImageTagList, Error> {
        let list: ImageTagList = super::from_str(text)?;
        list.check_types()?;
        Ok(list)
    }

    /// Parses an already-decoded JSON value.
    pub fn from_value(value: &Value) -> Result<ImageTagList, Error> {
        let list: ImageTagList = super::from_value(value)?;
        list.check_types()?;
        Ok(list)
    }

    /// Checks JSON text exactly as [`ImageTagList::parse`] does (same result, same error), without
    /// building the list: one pass over the text that borrows its strings.
    pub fn check(text: &str) -> Result<(), Error> {
        // The fast reader accepts almost every real list; whatever it refuses, the exact path decides.
        if fast_check_list(text).is_ok() {
            return Ok(());
        }
        ImageTagList::parse(text).map(drop)
    }

    fn check_types(&self) -> Result<(), Error> {
        check_kind("", &self.kind, &self.api_version, KIND_IMAGE_TAG_LIST)?;
        for (i, item) in self.items.items().iter().enumerate() {
            item.check_type(&format!("items[{i}]."))?;
        }
        Ok(())
    }

    /// Lossless JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a model value always serializes")
    }
}

/// [`ImageTagList::check`] on the fast reader: `Ok` only where the exact path accepts (any wrong
/// `kind`/`apiVersion` is refused, and so left to the exact path and its error).
pub(crate) fn fast_check_list(text: &str) -> Scan<()> {
    read_list(text, |r| {
        if r.null()? {
            return Ok(());
        }
        r.array(|r| {
            r.object(|r, key| match key {
                "kind" => want(r.str_or_null()?.as_deref(), KIND_IMAGE_TAG),
                "apiVersion" => want(r.str_or_null()?.as_deref(), API_VERSION),
                _ => r.field(ImageTag::SCHEMA, key),
            })
        })
    })
}

/// An ImageTagList on the fast reader: the list's own `kind`/`apiVersion` must be the wanted ones (or
/// `null`), `on_items` reads the value of each `items` key (`null` or the array, its own to read), and
/// every other key is type-checked. Shared by [`fast_check_list`] and the list validation.
pub(crate) fn read_list<'a>(text: &'a str, mut on_items: impl FnMut(&mut Reader<'a>) -> Scan<()>) -> Scan<()> {
    let mut r = Reader::new(text);
    r.object(|r, key| match key {
        "kind" => want(r.str_or_null()?.as_deref(), KIND_IMAGE_TAG_LIST),
        "apiVersion" => want(r.str_or_null()?.as_deref(), API_VERSION),
        "items" => on_items(r),
        _ => r.field(ImageTagList::SCHEMA, key),
    })?;
    r.finish()
}

/// `null`, or the wanted `kind`/`apiVersion`.
pub(crate) fn want(got: Option<&str>, want: &str) -> Scan<()> {
    match got {
        Some(g) if g != want => Err(Refused),
        _ => Ok(()),
    }
}

/// A `kind`/`apiVersion` that is present must be `want` / `image.openshift.io/v1`: a `schema` error at
/// `{prefix}kind` or `{prefix}apiVersion` otherwise. Also used for ImageStreams by the watch machine.
pub(crate) fn check_kind(
    prefix: &str,
    kind: &Field<String>,
    api_version: &Field<String>,
    want: &str,
) -> Result<(), Error> {
    check_kind_str(prefix, kind.get().map(String::as_str), api_version.get().map(String::as_str), want)
}

fn check_kind_str(prefix: &str, kind: Option<&str>, api_version: Option<&str>, want: &str) -> Result<(), Error> {
    if let Some(k) = kind {
        if k != want {
            return Err(Error::schema(format!("{prefix}kind"), format!("expected kind \"{want}\", got {k:?}")));
        }
    }
    if let Some(v) = api_version {
        if v != API_VERSION {
            return Err(Error::schema(
                format!("{prefix}apiVersion"),
                format!("expected apiVersion \"{API_VERSION}\", got {v:?}"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod check_tests {
    use super::*;

    fn same(text: &str) -> bool {
        let want = ImageTagList::parse(text).map(drop);
        let got = ImageTagList::check(text);
        assert_eq!(format!("{got:?}"), format!("{want:?}"), "{text}");
        // The fast reader is conservative: what it accepts, parsing accepts.
        let fast = fast_check_list(text).is_ok();
        assert!(!fast || want.is_ok(), "fast path accepted what parse refuses: {text}");
        fast
    }

    include!("../../tests/support/mutations.rs");

    #[test]
    fn check_gives_what_parse_gives() {
        let list = include_str!("../../tests/data/examples/5.9-list-app-stream.json");
        let tags = [
            include_str!("../../tests/data/examples/5.1-docker-tracking-three-items.json"),
            include_str!("../../tests/data/examples/5.5-manifest-list.json"),
            include_str!("../../tests/data/examples/5.6-signatures.json"),
        ];
        let mut texts = vec![list.to_string()];
        for t in tags {
            texts.push(format!("{{\"kind\":\"ImageTagList\",\"apiVersion\":\"image.openshift.io/v1\",\"metadata\":{{}},\"items\":[{t},{t}]}}"));
        }
        let mut cases = Vec::new();
        for t in &texts {
            let v: serde_json::Value = serde_json::from_str(t).unwrap();
            mutations(&v, &mut cases);
            for cut in (0..t.len()).step_by(37) {
                cases.push(t[..cut].to_string());
            }
            cases.push(t.clone());
            cases.push(format!("{t} x"));
            cases.push(format!(" {t}\n"));
        }
        for extra in [
            r#"{"kind":"ImageTagList","kind":"Other"}"#,
            r#"{"kind":"Other","kind":"ImageTagList"}"#,
            r#"{"kind":"ImageTagList","apiVersion":"v1","items":[{"kind":"Bad"}]}"#,
            r#"{"items":[{"kind":"ImageTag"},{"apiVersion":"v2"},{"kind":"Nope"}]}"#,
            r#"{"items":[{"kind":"Bad"}],"items":[{"kind":"ImageTag"}]}"#,
            r#"{"items":[{"kind":"ImageTag"}],"items":[{"kind":"Bad"}]}"#,
            r#"{"items":[{"kind":"Bad"}],"kind":"Worse"}"#,
            r#"{"items":[{"kind":"Bad"},{"metadata":{"generation":"1"}}]}"#,
            r#"{"items":null,"metadata":null,"x":[1,2,{"y":"\ud800"}]}"#,
            r#"{"items":[{"k\u0069nd":"Bad","status":{"items":[{"generation":1.0}]}}]}"#,
            r#"{"items":[{"metadata":{"labels":{"a":1}}}]}"#,
            r#"{"items":[{"metadata":{"labels":{"a":"\u00e9\n"},"x":1e999}}]}"#,
            r#"{"items":[{"spec":{"generation":99999999999999999999}}]}"#,
            r#"{"items":[{"spec":{"generation":-9223372036854775808}}]}"#,
            r#"{"items":[{"image":{"dockerImageMetadata":{"Config":{"ExposedPorts":{"80/tcp":{}},"Env":["A=1",2]}}}}]}"#,
            r#"[]"#,
            r#""x""#,
            r#"null"#,
            r#"{}"#,
            r#"{"items":{}}"#,
            r#"{"items":[null]}"#,
            r#"{"items":[[]]}"#,
        ] {
            cases.push(extra.to_string());
        }
        assert!(cases.len() > 1000, "{}", cases.len());
        for c in &cases {
            same(c);
        }
        // ... and it does take the real thing (not just refuse everything).
        for t in &texts {
            assert!(same(t), "fast path refused a valid list");
        }
        for c in [r#"{"items":[{"metadata":{"labels":{"a":"\u00e9\n"}},"x":[1.5,-0.25,{}]}]}"#, r#"{"items":null}"#] {
            assert!(same(c), "{c}");
        }
        // Keys with escapes are left to the parser (and mean the same there).
        assert!(!same(r#"{"items":[{"metadata":{"labels":{"a\u0041":"x"}}}]}"#));
    }
}
