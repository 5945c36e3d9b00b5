//! Short digests, and the small part of the pull-spec grammar (§3.5, §3.6) that `oc describe` needs to
//! decide whether a history line repeats the image id.

/// `sha256:` (the digest's own algorithm) plus the first `length` hex digits; the whole digest when it is
/// shorter. Text without an algorithm is cut to `length` characters.
pub fn short_digest(digest: &str, length: usize) -> String {
    let (prefix, hex) = match digest.find(':') {
        Some(i) => digest.split_at(i + 1),
        None => ("", digest),
    };
    let cut: String = hex.chars().take(length).collect();
    format!("{prefix}{cut}")
}

/// Short forms for a set of digests, each at least `length` hex digits and lengthened until it differs
/// from the short form of every other distinct digest in the set. Same order as the input.
pub fn unique_short_digests(digests: &[&str], length: usize) -> Vec<String> {
    let mut distinct: Vec<&str> = digests.iter().copied().filter(|d| !d.is_empty()).collect();
    distinct.sort_unstable();
    distinct.dedup();
    digests
        .iter()
        .map(|d| {
            if d.is_empty() {
                return String::new();
            }
            let mine = hex_part(d);
            let my_algo = algorithm(d);
            let mut need = length.max(1);
            for other in &distinct {
                if other == d {
                    continue;
                }
                // Different algorithms never collide visibly: the prefix tells them apart.
                if algorithm(other) != my_algo {
                    continue;
                }
                let common = mine.chars().zip(hex_part(other).chars()).take_while(|(a, b)| a == b).count();
                need = need.max(common + 1);
            }
            short_digest(d, need)
        })
        .collect()
}

/// The part after the algorithm (`sha256:`), or the whole text without one.
fn hex_part(s: &str) -> &str {
    s.find(':').map(|i| &s[i + 1..]).unwrap_or(s)
}

/// The algorithm before the first `:`, if any.
fn algorithm(s: &str) -> Option<&str> {
    s.find(':').map(|i| &s[..i])
}

/// The digest (`ID`) of a pull spec when the whole spec parses under OpenShift's reference grammar:
/// `Some("")` for a valid spec without a digest, `None` when the spec does not parse.
pub fn reference_id(spec: &str) -> Option<String> {
    crate::reference::ImageReference::parse(spec).ok().map(|r| r.id)
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
        assert_eq!(reference_id(&r).as_deref(), Some(D));
        assert_eq!(reference_id("quay.io/example/cli:4.18").as_deref(), Some(""));
        assert_eq!(reference_id("nginx").as_deref(), Some(""));
        assert_eq!(reference_id("localhost:5000/a/b:1").as_deref(), Some(""));
        assert_eq!(reference_id("image-registry.openshift-image-registry.svc:5000/demo/frontend:latest").as_deref(), Some(""));
        assert_eq!(reference_id("a--b__c.d/e").as_deref(), Some(""));
        assert_eq!(reference_id("UPPER/x").as_deref(), Some("")); // an upper-case first component is a host
        for bad in ["", "x/UPPER", "a/b@sha256:12", "a/b@md5:0123456789abcdef0123456789abcdef", "a/-b", "a//b", "a:b:c", "<script>", "a/b@"] {
            assert_eq!(reference_id(bad).as_deref(), None, "{bad:?}");
        }
    }
}
