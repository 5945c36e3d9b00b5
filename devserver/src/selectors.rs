//! Field and label selectors of LIST (§2.5).

use std::collections::BTreeMap;

use imagetag::Status;

use crate::errors;

/// `metadata.name` / `metadata.namespace` terms; applied to the stream and then to each ImageTag.
#[derive(Debug, Default)]
pub struct FieldSelector {
    terms: Vec<(String, bool, String)>,
}

impl FieldSelector {
    pub fn parse(text: &str) -> Result<FieldSelector, Status> {
        let mut terms = Vec::new();
        for term in text.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            let (field, eq, value) = if let Some((f, v)) = term.split_once("!=") {
                (f, false, v)
            } else if let Some((f, v)) = term.split_once("==") {
                (f, true, v)
            } else if let Some((f, v)) = term.split_once('=') {
                (f, true, v)
            } else {
                return Err(errors::bad_request(format!("invalid selector: '{text}'; can't understand '{term}'")));
            };
            let field = field.trim();
            if field != "metadata.name" && field != "metadata.namespace" {
                return Err(errors::bad_request(format!(
                    "\"{field}\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\""
                )));
            }
            terms.push((field.to_string(), eq, value.trim().to_string()));
        }
        Ok(FieldSelector { terms })
    }

    pub fn matches(&self, name: &str, namespace: &str) -> bool {
        self.terms.iter().all(|(f, eq, v)| {
            let actual = if f == "metadata.name" { name } else { namespace };
            (actual == v) == *eq
        })
    }
}

#[derive(Debug)]
enum Req {
    Exists(String),
    NotExists(String),
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
}

/// Kubernetes label selector syntax: `k=v`, `k==v`, `k!=v`, `k`, `!k`, `k in (a,b)`, `k notin (a,b)`.
#[derive(Debug, Default)]
pub struct LabelSelector {
    reqs: Vec<Req>,
}

fn valid_key(k: &str) -> bool {
    !k.is_empty()
        && k.len() <= 316
        && k.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'/'))
}

fn valid_value(v: &str) -> bool {
    v.len() <= 63 && v.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

impl LabelSelector {
    pub fn parse(text: &str) -> Result<LabelSelector, Status> {
        let bad = |why: String| errors::bad_request(format!("unable to parse requirement: {why}"));
        let mut parts = Vec::new();
        let (mut depth, mut start) = (0, 0);
        for (i, c) in text.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(&text[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        parts.push(&text[start..]);
        let mut reqs = Vec::new();
        for p in parts.into_iter().map(str::trim).filter(|p| !p.is_empty()) {
            let req = if let Some(k) = p.strip_prefix('!') {
                Req::NotExists(k.trim().to_string())
            } else if let Some((k, v)) = p.split_once("!=") {
                Req::NotIn(k.trim().to_string(), vec![v.trim().to_string()])
            } else if let Some((k, v)) = p.split_once("==").or_else(|| p.split_once('=')) {
                Req::In(k.trim().to_string(), vec![v.trim().to_string()])
            } else if let Some((k, rest)) = p.split_once(char::is_whitespace) {
                let rest = rest.trim();
                let (neg, list) = if let Some(l) = rest.strip_prefix("notin") {
                    (true, l)
                } else if let Some(l) = rest.strip_prefix("in") {
                    (false, l)
                } else {
                    return Err(bad(format!("found '{rest}', expected: in, notin, =, ==, !=")));
                };
                let list = list.trim();
                let inner = list
                    .strip_prefix('(')
                    .and_then(|l| l.strip_suffix(')'))
                    .ok_or_else(|| bad(format!("found '{list}', expected: '('")))?;
                let vals: Vec<String> = inner.split(',').map(|v| v.trim().to_string()).collect();
                if neg {
                    Req::NotIn(k.to_string(), vals)
                } else {
                    Req::In(k.to_string(), vals)
                }
            } else {
                Req::Exists(p.to_string())
            };
            let (key, vals): (&str, &[String]) = match &req {
                Req::Exists(k) | Req::NotExists(k) => (k, &[]),
                Req::In(k, v) | Req::NotIn(k, v) => (k, v),
            };
            if !valid_key(key) {
                return Err(bad(format!("invalid label key \"{key}\"")));
            }
            if let Some(v) = vals.iter().find(|v| !valid_value(v)) {
                return Err(bad(format!("invalid label value: \"{v}\"")));
            }
            reqs.push(req);
        }
        Ok(LabelSelector { reqs })
    }

    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.reqs.iter().all(|r| match r {
            Req::Exists(k) => labels.contains_key(k),
            Req::NotExists(k) => !labels.contains_key(k),
            Req::In(k, vs) => labels.get(k).is_some_and(|v| vs.contains(v)),
            Req::NotIn(k, vs) => labels.get(k).is_none_or(|v| !vs.contains(v)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        let l: BTreeMap<String, String> =
            [("app".to_string(), "shop".to_string()), ("tier".to_string(), "web".to_string())].into();
        for (sel, want) in [
            ("app=shop", true),
            ("app==shop", true),
            ("app!=shop", false),
            ("app", true),
            ("!app", false),
            ("app in (a,shop)", true),
            ("app notin (shop)", false),
            ("app=shop,tier=db", false),
            ("", true),
            ("x!=y", true),
        ] {
            assert_eq!(LabelSelector::parse(sel).unwrap().matches(&l), want, "{sel}");
        }
        assert!(LabelSelector::parse("app in shop").is_err());
    }

    #[test]
    fn fields() {
        let f = FieldSelector::parse("metadata.namespace=demo").unwrap();
        assert!(f.matches("x", "demo") && !f.matches("x", "other"));
        let e = FieldSelector::parse("spec.name=x").unwrap_err();
        assert_eq!(
            e.message.str(),
            "\"spec.name\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\""
        );
    }
}
