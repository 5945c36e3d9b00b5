//! Percent-encoding for URL path segments and query values.
//!
//! Every byte outside RFC 3986's unreserved set (`A-Z a-z 0-9 - . _ ~`) is written as `%XX` (uppercase hex,
//! UTF-8 bytes), so `/`, `%`, `?`, `#`, spaces and non-ASCII text can never change the path or the query.
//! Path segments also keep `:` as it is: the server accepts the colon of `<stream>:<tag>` raw or as `%3A`
//! (docs/semantics.md §2.1), and raw reads better in logs.

use crate::error::{Error, ErrorCode};

const HEX: &[u8; 16] = b"0123456789ABCDEF";

fn encode(text: &str, keep: impl Fn(u8) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') || keep(b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
    out
}

/// Encodes a query parameter value (or name).
pub fn encode_query_value(text: &str) -> String {
    encode(text, |_| false)
}

/// Encodes one path segment; `what` (`namespace`, `name`) names it in the error.
///
/// Refuses what no encoding can make safe: an empty segment (`namespaces//imagetags` or a trailing `/`
/// would address another resource, e.g. turn a DELETE of one tag into a DELETE of the collection) and the
/// dot segments `.` and `..`, which every URL parser resolves away. The error has code `name`, and
/// nothing is sent.
pub fn encode_segment(what: &str, text: &str) -> Result<String, Error> {
    if text.is_empty() {
        return Err(Error::new(ErrorCode::Name, format!("{what} must not be empty")));
    }
    if text == "." || text == ".." {
        return Err(Error::new(
            ErrorCode::Name,
            format!("{what} may not be {text:?}: it cannot be used in a URL path"),
        ));
    }
    Ok(encode(text, |b| b == b':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments() {
        let cases = [
            ("app:latest", "app:latest"),
            ("a:b:c", "a:b:c"),
            ("app:v1.0_rc-2~x", "app:v1.0_rc-2~x"),
            ("a/b:c", "a%2Fb:c"),
            ("a%2F:b", "a%252F:b"),
            ("a?watch=true:b", "a%3Fwatch%3Dtrue:b"),
            ("a#frag:b", "a%23frag:b"),
            ("a b:c", "a%20b:c"),
            ("a+b:c", "a%2Bb:c"),
            ("app:tág", "app:t%C3%A1g"),
            ("app:🙂", "app:%F0%9F%99%82"),
            ("app@sha256:x", "app%40sha256:x"),
            ("..:x", "..:x"),
            ("x:..", "x:.."),
            ("\\:\"", "%5C:%22"),
            ("a;b=c&d:e", "a%3Bb%3Dc%26d:e"),
        ];
        for (input, want) in cases {
            assert_eq!(encode_segment("name", input).unwrap(), want, "input {input:?}");
        }
    }

    #[test]
    fn unsafe_segments_are_refused() {
        for (input, msg) in [
            ("", "name must not be empty"),
            (".", "name may not be \".\": it cannot be used in a URL path"),
            ("..", "name may not be \"..\": it cannot be used in a URL path"),
        ] {
            let e = encode_segment("name", input).unwrap_err();
            assert_eq!(e.code, ErrorCode::Name);
            assert_eq!(e.message, msg);
        }
    }

    #[test]
    fn query_values() {
        assert_eq!(encode_query_value("app=web,tier!=db"), "app%3Dweb%2Ctier%21%3Ddb");
        assert_eq!(encode_query_value("metadata.namespace=a b"), "metadata.namespace%3Da%20b");
        assert_eq!(encode_query_value("eyJ2Ijoi+/=="), "eyJ2Ijoi%2B%2F%3D%3D");
        assert_eq!(encode_query_value("x:y"), "x%3Ay");
    }
}
