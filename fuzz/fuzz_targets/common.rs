//! Checks shared by the fuzz targets (included with `#[path]`; each target is its own binary).
#![allow(dead_code)]

use imagetag::validation::Operation;

/// The elements and attributes each renderer declares it uses; the check below also refuses, whatever
/// those lists say, event handlers, `style` and anything that can carry a URL.
pub const HTML: (&[&str], &[&str]) = (imagetag::history::html::HTML_ELEMENTS, imagetag::history::html::HTML_ATTRIBUTES);
pub const SVG: (&[&str], &[&str]) = (imagetag::history::svg::SVG_ELEMENTS, imagetag::history::svg::SVG_ATTRIBUTES);

pub const OPERATIONS: [Operation; 3] = [Operation::Create, Operation::Update, Operation::Read];

/// Tokenizes renderer output and panics unless it is well-formed markup made only of known elements and
/// attributes, with every `<`, `>`, `&` and quote of object data escaped: a raw `<` in a text, a `"` in an
/// attribute value or an `&` that does not start one of the five entities the renderer writes would end
/// a token early and fail here. Returns the number of elements.
pub fn check_markup(out: &str, xml: bool, (elements_ok, attributes_ok): (&[&str], &[&str])) -> usize {
    let lower = out.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "script element in {out:?}");
    assert!(!lower.contains("javascript:"), "javascript: URL in {out:?}");
    let b = out.as_bytes();
    let mut i = 0;
    let mut stack: Vec<&str> = Vec::new();
    let mut elements = 0;
    while i < b.len() {
        match b[i] {
            b'<' => {
                let close = b.get(i + 1) == Some(&b'/');
                let start = if close { i + 2 } else { i + 1 };
                let mut j = start;
                while j < b.len() && (b[j].is_ascii_alphanumeric()) {
                    j += 1;
                }
                let name = &out[start..j];
                assert!(elements_ok.contains(&name), "unexpected element <{name}> at {i} in {out:?}");
                if close {
                    assert_eq!(b.get(j), Some(&b'>'), "bad closing tag at {i} in {out:?}");
                    assert_eq!(stack.pop(), Some(name), "mismatched </{name}> at {i} in {out:?}");
                    i = j + 1;
                    continue;
                }
                elements += 1;
                // attributes: ( ' ' name '="' value '"' )* then '>' or '/>'
                loop {
                    match b.get(j) {
                        Some(b' ') => {
                            let a = j + 1;
                            let mut k = a;
                            while k < b.len() && (b[k].is_ascii_alphanumeric() || b[k] == b'-' || b[k] == b':') {
                                k += 1;
                            }
                            let attr = &out[a..k];
                            assert!(attributes_ok.contains(&attr), "unexpected attribute {attr:?} at {a} in {out:?}");
                            let low = attr.to_ascii_lowercase();
                            assert!(!low.starts_with("on") && low != "style" && !low.contains("href") && low != "src");
                            assert_eq!(
                                &b[k..(k + 2).min(b.len())],
                                b"=\"",
                                "attribute without quoted value in {out:?}"
                            );
                            let v = k + 2;
                            let end = v + out[v..].find('"').expect("unterminated attribute value");
                            check_escaped(&out[v..end], out);
                            j = end + 1;
                        }
                        Some(b'>') => {
                            stack.push(name);
                            j += 1;
                            break;
                        }
                        Some(b'/') if xml && b.get(j + 1) == Some(&b'>') => {
                            j += 2;
                            break;
                        }
                        other => panic!("unexpected {other:?} inside a tag at {j} in {out:?}"),
                    }
                }
                i = j;
            }
            _ => {
                let end = out[i..].find('<').map(|k| i + k).unwrap_or(b.len());
                check_escaped(&out[i..end], out);
                i = end;
            }
        }
    }
    assert!(stack.is_empty(), "unclosed elements {stack:?} in {out:?}");
    elements
}

/// A text or attribute value: no raw `<`, `>` or `"`, and `&` only as `&amp;` `&lt;` `&gt;` `&quot;` `&#39;`.
fn check_escaped(s: &str, whole: &str) {
    assert!(!s.contains(['<', '>', '"']), "unescaped markup character in {s:?} of {whole:?}");
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        rest = &rest[p..];
        let ok = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].iter().any(|e| rest.starts_with(e));
        assert!(ok, "bare & in {s:?} of {whole:?}");
        rest = &rest[1..];
    }
    // XML 1.0 forbids C0 controls other than tab, newline and carriage return, and U+FFFE/U+FFFF.
    assert!(
        !s.chars().any(|c| (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{fffe}' || c == '\u{ffff}'),
        "character XML forbids in {s:?}"
    );
}
