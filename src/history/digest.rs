//! Short digests, and the small part of the pull-spec grammar (§3.5, §3.6) that `oc describe` needs to
//! decide whether a history line repeats the image id.

/// `sha256:` (the digest's own algorithm) plus the first `length` hex digits; the whole digest when it is
/// shorter. Text without an algorithm is cut to `length` characters.
pub fn short_digest(digest: &str, length: usize) -> String {
    let (prefix, hex) = match digest.find(':') {
        Some(i) => digest.split_at(i + 1),
        None => ("", digest),
    };
    let end = hex.char_indices().nth(length).map_or(hex.len(), |(i, _)| i);
    let mut out = String::with_capacity(prefix.len() + end);
    out.push_str(prefix);
    out.push_str(&hex[..end]);
    out
}

/// Short forms for a set of digests, each at least `length` hex digits and lengthened until it differs
/// from the short form of every other distinct digest in the set. Same order as the input.
///
/// O(n log n): sorted by algorithm and then hex, the digest sharing the longest prefix with a given one is
/// one of its two neighbours (a history of tens of thousands of entries must not take minutes).
pub fn unique_short_digests(digests: &[&str], length: usize) -> Vec<String> {
    // (algorithm, hex): different algorithms never collide visibly, the prefix tells them apart.
    fn split(s: &str) -> (Option<&str>, &str) {
        match s.find(':') {
            Some(i) => (Some(&s[..i]), &s[i + 1..]),
            None => (None, s),
        }
    }
    fn common_chars(a: &str, b: &str) -> usize {
        a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
    }
    let mut distinct: Vec<&str> = digests.iter().copied().filter(|d| !d.is_empty()).collect();
    distinct.sort_unstable_by(|a, b| split(a).cmp(&split(b)));
    distinct.dedup();
    let need: Vec<usize> = (0..distinct.len())
        .map(|i| {
            let (algo, hex) = split(distinct[i]);
            let mut n = length.max(1);
            for j in [i.checked_sub(1), i.checked_add(1)].into_iter().flatten() {
                if let Some(other) = distinct.get(j) {
                    let (other_algo, other_hex) = split(other);
                    if other_algo == algo {
                        n = n.max(common_chars(hex, other_hex) + 1);
                    }
                }
            }
            n
        })
        .collect();
    digests
        .iter()
        .map(|d| {
            if d.is_empty() {
                return String::new();
            }
            let i = distinct.binary_search_by(|x| split(x).cmp(&split(d))).expect("every digest is in the set");
            short_digest(d, need[i])
        })
        .collect()
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
    fn unique() {
        let a = "sha256:aaaaaaaaaaaaaaaa1111";
        let b = "sha256:aaaaaaaaaaaaaaaa2222";
        let c = "sha256:bbbbbbbbbbbbbbbbbbbb";
        let out = unique_short_digests(&[a, b, c, a, ""], 12);
        assert_eq!(out, ["sha256:aaaaaaaaaaaaaaaa1", "sha256:aaaaaaaaaaaaaaaa2", "sha256:bbbbbbbbbbbb", "sha256:aaaaaaaaaaaaaaaa1", ""]);
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
        for bad in ["", "x/UPPER", "a/b@sha256:12", "a/b@md5:0123456789abcdef0123456789abcdef", "a/-b", "a//b", "a:b:c", "<script>", "a/b@"] {
            assert_eq!(reference_id(bad), None, "{bad:?}");
        }
    }
}
