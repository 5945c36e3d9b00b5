//! Short digests, and the small part of the pull-spec grammar (§3.5, §3.6) that `oc describe` needs to
//! decide whether a history line repeats the image id.

use crate::error::Error;

/// The one rule for a short digest's length, shared by `shortDigest(digest, length)` and the renderers'
/// `digestLength` option (docs/js-api.md): a whole number of hex digits, at least 1. Anything else (0,
/// negative, fractional, NaN, infinite) is a `schema` error at `path`, never silently clamped.
pub fn digest_length(value: f64, path: &str) -> Result<usize, Error> {
    if value.is_finite() && value >= 1.0 && value.fract() == 0.0 {
        // Saturates above usize::MAX: any length past the digest's end gives the whole digest.
        Ok(value as usize)
    } else {
        Err(Error::schema(path, "must be a positive integer"))
    }
}

/// `sha256:` (the digest's own algorithm) plus the first `length` hex digits; the whole digest when it is
/// shorter. Text without an algorithm is cut to `length` characters.
pub fn short_digest(digest: &str, length: usize) -> String {
    digest[..short_digest_len(digest, length)].to_string()
}

/// The length in bytes of [`short_digest`]`(digest, length)`, which is always a prefix of the digest.
pub fn short_digest_len(digest: &str, length: usize) -> usize {
    let start = digest.find(':').map_or(0, |i| i + 1);
    start + chars_len(&digest[start..], length)
}

/// The length in bytes of the first `n` characters of `s` (all of `s` when it is shorter).
fn chars_len(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

/// Short forms for a set of digests, each at least `length` hex digits and lengthened until it differs
/// from the short form of every other distinct digest in the set. Same order as the input.
///
/// O(n log n): sorted by algorithm and then hex, the digest sharing the longest prefix with a given one is
/// one of its two neighbours (a history of tens of thousands of entries must not take minutes).
pub fn unique_short_digests(digests: &[&str], length: usize) -> Vec<String> {
    digests.iter().zip(unique_short_lengths(digests, length)).map(|(d, n)| d[..n].to_string()).collect()
}

/// [`unique_short_digests`] as lengths in bytes (each short form is a prefix of its digest).
pub fn unique_short_lengths(digests: &[&str], length: usize) -> Vec<usize> {
    fn common_chars(a: &str, b: &str) -> usize {
        a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
    }
    // (algorithm, hex, position): different algorithms never collide visibly, the prefix tells them
    // apart. Each digest is split once; equal digests sort next to each other and share one length.
    let mut sorted: Vec<(Option<&str>, &str, usize)> = digests
        .iter()
        .enumerate()
        .filter(|(_, d)| !d.is_empty())
        .map(|(i, d)| match d.find(':') {
            Some(c) => (Some(&d[..c]), &d[c + 1..], i),
            None => (None, *d, i),
        })
        .collect();
    crate::sort::sort(&mut sorted);
    let mut out = vec![0; digests.len()];
    let mut start = 0;
    while start < sorted.len() {
        let (algo, hex, _) = sorted[start];
        let end = start + sorted[start..].iter().take_while(|(a, h, _)| (*a, *h) == (algo, hex)).count();
        // The nearest different digests on either side share the longest prefixes with this one.
        let mut n = length.max(1);
        for other in [start.checked_sub(1).map(|j| sorted[j]), sorted.get(end).copied()].into_iter().flatten() {
            if other.0 == algo {
                n = n.max(common_chars(hex, other.1) + 1);
            }
        }
        let len = algo.map_or(0, |a| a.len() + 1) + chars_len(hex, n);
        for &(_, _, i) in &sorted[start..end] {
            out[i] = len;
        }
        start = end;
    }
    out
}

/// The digest (`ID`) of a pull spec when the whole spec parses under OpenShift's reference grammar:
/// `Some("")` for a valid spec without a digest, `None` when the spec does not parse.
pub fn reference_id(spec: &str) -> Option<&str> {
    // ImageReference::parse's `id` is the matched digest; checking the spec builds nothing.
    crate::reference::check_image_reference(spec).ok().map(|d| d.unwrap_or(""))
}

#[cfg(test)]
mod tests {
    use super::*;
    const D: &str = "sha256:358a566fcab67757e71ffb06985ffe77c750db3299e042e0c15fd2645ba6d3c8";

    #[test]
    fn short() {
        assert_eq!(short_digest(D, 12), "sha256:358a566fcab6");
        assert_eq!(short_digest(D, 7), "sha256:358a566");
        assert_eq!(short_digest(D, 100), D);
        assert_eq!(short_digest("abcdef", 3), "abc");
        assert_eq!(short_digest("", 12), "");
    }

    #[test]
    fn one_rule_for_lengths() {
        for ok in [1.0, 7.0, 12.0, 64.0, 1e6, 1e300] {
            let n = digest_length(ok, "length").unwrap();
            assert_eq!(short_digest(D, n), &D[..(7 + ok.min(64.0) as usize)], "{ok}");
        }
        for bad in [0.0, -0.0, -1.0, 0.5, 1.5, 12.000001, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let e = digest_length(bad, "options.digestLength").unwrap_err();
            assert_eq!(e.code, crate::error::ErrorCode::Schema, "{bad}");
            assert_eq!(e.path.as_deref(), Some("options.digestLength"), "{bad}");
        }
    }

    #[test]
    fn unique() {
        let a = "sha256:aaaaaaaaaaaaaaaa1111";
        let b = "sha256:aaaaaaaaaaaaaaaa2222";
        let c = "sha256:bbbbbbbbbbbbbbbbbbbb";
        let out = unique_short_digests(&[a, b, c, a, ""], 12);
        assert_eq!(
            out,
            [
                "sha256:aaaaaaaaaaaaaaaa1",
                "sha256:aaaaaaaaaaaaaaaa2",
                "sha256:bbbbbbbbbbbb",
                "sha256:aaaaaaaaaaaaaaaa1",
                ""
            ]
        );
    }

    #[test]
    fn reference_ids() {
        let r = format!("quay.io/example/app@{D}");
        assert_eq!(reference_id(&r), Some(D));
        assert_eq!(reference_id("quay.io/example/cli:4.18"), Some(""));
        assert_eq!(reference_id("nginx"), Some(""));
        assert_eq!(reference_id("localhost:5000/a/b:1"), Some(""));
        assert_eq!(reference_id("image-registry.openshift-image-registry.svc:5000/demo/frontend:latest"), Some(""));
        assert_eq!(reference_id("a--b__c.d/e"), Some(""));
        assert_eq!(reference_id("UPPER/x"), Some("")); // an upper-case first component is a host
        for bad in [
            "",
            "x/UPPER",
            "a/b@sha256:12",
            "a/b@md5:0123456789abcdef0123456789abcdef",
            "a/-b",
            "a//b",
            "a:b:c",
            "<script>",
            "a/b@",
        ] {
            assert_eq!(reference_id(bad), None, "{bad:?}");
        }
    }
}
