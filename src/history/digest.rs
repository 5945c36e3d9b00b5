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
            let hex_of = |s: &str| s.find(':').map(|i| s[i + 1..].to_string()).unwrap_or_else(|| s.to_string());
            let mine: Vec<char> = hex_of(d).chars().collect();
            let mut need = length.max(1);
            for other in &distinct {
                if other == d {
                    continue;
                }
                // Different algorithms never collide visibly: the prefix tells them apart.
                let same_algo = d.find(':').map(|i| &d[..i]) == other.find(':').map(|i| &other[..i]);
                if !same_algo {
                    continue;
                }
                let theirs: Vec<char> = hex_of(other).chars().collect();
                let common = mine.iter().zip(theirs.iter()).take_while(|(a, b)| a == b).count();
                need = need.max(common + 1);
            }
            short_digest(d, need)
        })
        .collect()
}

/// The digest (`ID`) of a pull spec when the whole spec parses under OpenShift's reference grammar:
/// `Some("")` for a valid spec without a digest, `None` when the spec does not parse.
pub fn reference_id(spec: &str) -> Option<&str> {
    if spec.is_empty() || !spec.is_ascii() {
        return None;
    }
    let (rest, id) = match spec.find('@') {
        Some(i) => (&spec[..i], &spec[i + 1..]),
        None => (spec, ""),
    };
    if !id.is_empty() && !valid_digest(id) {
        return None;
    }
    if spec.find('@').is_some() && id.is_empty() {
        return None;
    }
    let last_slash = rest.rfind('/').map(|i| i + 1).unwrap_or(0);
    let (name, tag) = match rest[last_slash..].find(':') {
        Some(i) => (&rest[..last_slash + i], Some(&rest[last_slash + i + 1..])),
        None => (rest, None),
    };
    if let Some(t) = tag {
        if !valid_tag(t) {
            return None;
        }
    }
    if name.is_empty() || name.len() > 255 || !valid_name(name) {
        return None;
    }
    Some(id)
}

fn valid_tag(t: &str) -> bool {
    let b = t.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    !b.is_empty() && b.len() <= 128 && word(b[0]) && b[1..].iter().all(|&c| word(c) || c == b'.' || c == b'-')
}

/// `[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*`
fn valid_path_component(c: &str) -> bool {
    let b = c.as_bytes();
    let alnum = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    if b.is_empty() || !alnum(b[0]) || !alnum(b[b.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        if alnum(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && !alnum(b[i]) {
            i += 1;
        }
        let sep = &c[start..i];
        let ok = sep == "." || sep == "_" || sep == "__" || sep.bytes().all(|c| c == b'-');
        if !ok {
            return false;
        }
    }
    true
}

/// Host components joined by `.`, optional `:port`.
fn valid_domain(d: &str) -> bool {
    let (host, port) = match d.find(':') {
        Some(i) => (&d[..i], Some(&d[i + 1..])),
        None => (d, None),
    };
    if let Some(p) = port {
        if p.is_empty() || !p.bytes().all(|c| c.is_ascii_digit()) {
            return false;
        }
    }
    !host.is_empty()
        && host.split('.').all(|part| {
            let b = part.as_bytes();
            !b.is_empty()
                && b[0].is_ascii_alphanumeric()
                && b[b.len() - 1].is_ascii_alphanumeric()
                && b.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'-')
        })
}

fn valid_name(name: &str) -> bool {
    let parts: Vec<&str> = name.split('/').collect();
    if parts.iter().all(|p| valid_path_component(p)) {
        return true;
    }
    parts.len() > 1 && valid_domain(parts[0]) && parts[1..].iter().all(|p| valid_path_component(p))
}

/// The digest rules of §3.6: algorithm token, `:`, hex; `sha256`/`sha384`/`sha512` with 64/96/128 digits.
fn valid_digest(d: &str) -> bool {
    let Some(i) = d.find(':') else { return false };
    let (algo, hex) = (&d[..i], &d[i + 1..]);
    let want = match algo {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ => return false,
    };
    hex.len() == want && hex.bytes().all(|c| c.is_ascii_hexdigit())
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
