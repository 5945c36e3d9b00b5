//! Temporary stand-ins for `imagetag::validation` and `imagetag::reference`, which are being written on
//! other branches. Everything the devserver needs from them goes through this one module, with the same
//! names and signatures, so switching to the real ones is a change of `use` lines here.

use imagetag::model::*;
use imagetag::{Field, Status, StatusCause, StatusDetails};
use serde_json::Value;

pub const GROUP: &str = "image.openshift.io";

// ---------------------------------------------------------------------------------------------------
// Field errors (the shape of a Kubernetes field.Error, §3.8)

#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    /// The cause reason: `FieldValueInvalid`, `FieldValueRequired`, ...
    pub type_: String,
    pub field: String,
    pub bad_value: Option<Value>,
    pub detail: String,
    /// The cause text without the field path.
    pub message: String,
}

fn quote(v: &Value) -> String {
    match v {
        Value::String(s) => serde_json::to_string(s).unwrap_or_default(),
        other => other.to_string(),
    }
}

impl FieldError {
    fn make(type_: &str, field: &str, bad: Option<Value>, detail: &str) -> FieldError {
        let head = match type_ {
            "FieldValueRequired" => "Required value",
            "FieldValueInvalid" => "Invalid value",
            "FieldValueForbidden" => "Forbidden",
            "FieldValueNotFound" => "Not found",
            "FieldValueNotSupported" => "Unsupported value",
            "FieldValueDuplicate" => "Duplicate value",
            "FieldValueTooLong" => "Too long",
            _ => "Internal error",
        };
        let mut message = head.to_string();
        let shows_value = !matches!(type_, "FieldValueRequired" | "FieldValueForbidden" | "InternalError");
        if shows_value {
            if let Some(v) = &bad {
                message.push_str(": ");
                message.push_str(&quote(v));
            }
        }
        if !detail.is_empty() {
            message.push_str(": ");
            message.push_str(detail);
        }
        FieldError { type_: type_.into(), field: field.into(), bad_value: bad, detail: detail.into(), message }
    }
    pub fn invalid(field: &str, value: impl Into<Value>, detail: &str) -> FieldError {
        Self::make("FieldValueInvalid", field, Some(value.into()), detail)
    }
    pub fn required(field: &str, detail: &str) -> FieldError {
        Self::make("FieldValueRequired", field, None, detail)
    }
    pub fn forbidden(field: &str, detail: &str) -> FieldError {
        Self::make("FieldValueForbidden", field, None, detail)
    }
    pub fn not_found(field: &str, value: impl Into<Value>) -> FieldError {
        Self::make("FieldValueNotFound", field, Some(value.into()), "")
    }
    pub fn internal(field: &str, detail: &str) -> FieldError {
        Self::make("InternalError", field, None, detail)
    }
    /// `field: message`, as Go's `field.Error.Error()` prints it.
    pub fn text(&self) -> String {
        format!("{}: {}", self.field, self.message)
    }
}

#[derive(Clone, Debug, Default)]
pub struct Findings {
    pub errors: Vec<FieldError>,
    pub warnings: Vec<FieldError>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    Create,
    Update,
    Read,
}

fn qualified_invalid_message(qualified_kind: &str, name: &str, errors: &[FieldError]) -> String {
    let mut distinct: Vec<String> = Vec::new();
    for e in errors {
        if !distinct.contains(&e.text()) {
            distinct.push(e.text());
        }
    }
    let joined = if distinct.len() == 1 { distinct[0].clone() } else { format!("[{}]", distinct.join(", ")) };
    format!("{qualified_kind} \"{name}\" is invalid: {joined}")
}

/// The full 422 Status for `errors` against `<kind>.image.openshift.io "<name>"` (causes without a
/// field omit the key, as Go's `omitempty` does).
pub fn invalid_status(kind: &str, name: &str, errors: &[FieldError]) -> Status {
    let causes = errors
        .iter()
        .map(|e| StatusCause {
            reason: e.type_.clone().into(),
            message: e.message.clone().into(),
            field: if e.field.is_empty() { Field::Absent } else { e.field.clone().into() },
            ..Default::default()
        })
        .collect::<Vec<_>>();
    Status::failure(
        422,
        "Invalid",
        qualified_invalid_message(&format!("{kind}.{GROUP}"), name, errors),
        Some(StatusDetails {
            name: name.to_string().into(),
            group: GROUP.to_string().into(),
            kind: kind.to_string().into(),
            causes: causes.into(),
            ..Default::default()
        }),
    )
}

// ---------------------------------------------------------------------------------------------------
// Names (§2.2, §3.3)

/// The GET/PUT/PATCH/DELETE rule: exactly one `:`, text on both sides, no `@`.
pub fn split_image_tag_name(name: &str) -> Option<(String, String)> {
    if name.contains('@') {
        return None;
    }
    let mut parts = name.split(':');
    let (s, t) = (parts.next()?, parts.next()?);
    if parts.next().is_some() || s.is_empty() || t.is_empty() {
        return None;
    }
    Some((s.to_string(), t.to_string()))
}

/// The POST rule: split at the first `:`; an empty tag is `latest`. `None` when there is no `:`.
pub fn split_post_name(name: &str) -> Option<(String, String)> {
    let (s, t) = name.split_once(':')?;
    Some((s.to_string(), if t.is_empty() { "latest".to_string() } else { t.to_string() }))
}

fn path_segment_errors(field: &str, name: &str) -> Vec<FieldError> {
    let mut out = Vec::new();
    if name == "." || name == ".." {
        out.push(FieldError::invalid(field, name, &format!("may not be '{name}'")));
        return out;
    }
    for bad in ["/", "%"] {
        if name.contains(bad) {
            out.push(FieldError::invalid(field, name, &format!("may not contain '{bad}'")));
        }
    }
    out
}

fn is_dns_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

fn namespace_errors(ns: &str) -> Vec<FieldError> {
    let f = "metadata.namespace";
    if ns.is_empty() {
        return vec![FieldError::required(f, "")];
    }
    let mut out = Vec::new();
    if ns.len() > 63 {
        out.push(FieldError::invalid(f, ns, "must be no more than 63 characters"));
    }
    if !is_dns_label(ns) {
        out.push(FieldError::invalid(f, ns, "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"));
    }
    out
}

/// `[a-z0-9]+(?:[._-][a-z0-9]+)*`
fn is_stream_name(s: &str) -> bool {
    let mut prev_sep = true;
    for c in s.bytes() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            prev_sep = false;
        } else if matches!(c, b'.' | b'_' | b'-') {
            if prev_sep {
                return false;
            }
            prev_sep = true;
        } else {
            return false;
        }
    }
    !prev_sep
}

/// The ImageStream rules for a new stream (§3.3), on the stream's own field paths.
pub fn validate_stream_name(namespace: &str, name: &str) -> Vec<FieldError> {
    let f = "metadata.name";
    let mut out = path_segment_errors(f, name);
    if !out.is_empty() {
        return out;
    }
    if !is_stream_name(name) {
        out.push(FieldError::invalid(f, name, "must match \"[a-z0-9]+(?:[._-][a-z0-9]+)*\""));
    }
    if namespace.len() + 1 + name.len() > 255 {
        out.push(FieldError::invalid(f, name, "'namespace/name' cannot be longer than 255 characters"));
    }
    out
}

/// The `from.name` form check of the stream strategy for a new or changed spec tag (§3.2), on the
/// stream's path `spec.tags[<tag>].from.name`.
pub fn validate_stream_tag_reference(tag: &str, spec: &TagReference) -> Vec<FieldError> {
    let Some(from) = spec.from.get() else { return Vec::new() };
    let name = from.name.str();
    let sep = match from.kind.str() {
        "ImageStreamTag" => ':',
        "ImageStreamImage" => '@',
        _ => return Vec::new(),
    };
    if name.matches(sep).count() > 1 {
        return vec![FieldError::invalid(
            &format!("spec.tags[{tag}].from.name"),
            name,
            "must be of the form <tag>, <repo>:<tag>, <id>, or <repo>@<id>",
        )];
    }
    Vec::new()
}

/// The one `InternalError` cause (empty field) wrapping tag-reference problems (§2.6 step 4).
pub fn stream_internal_error(stream: &str, errors: &[FieldError]) -> FieldError {
    FieldError::internal("", &qualified_invalid_message("imagestreams", stream, errors))
}

/// The ImageStream-kind causes a POST meets when it creates stream `stream` with spec tag `tag`.
pub fn validate_stream_create(namespace: &str, stream: &str, tag: &str, spec: &TagReference) -> Vec<FieldError> {
    let mut out = Vec::new();
    let tag_errors = validate_stream_tag_reference(tag, spec);
    if !tag_errors.is_empty() {
        out.push(stream_internal_error(stream, &tag_errors));
    }
    out.extend(validate_stream_name(namespace, stream));
    out
}

// ---------------------------------------------------------------------------------------------------
// Pull specs (§3.5, §3.6)

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImageReference {
    pub registry: String,
    pub namespace: String,
    pub name: String,
    pub tag: String,
    pub id: String,
}

fn is_alnum_lower(c: u8) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

/// `[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*`
fn is_path_component(s: &str) -> bool {
    let b = s.as_bytes();
    if b.is_empty() || !is_alnum_lower(b[0]) || !is_alnum_lower(b[b.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        if is_alnum_lower(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && !is_alnum_lower(b[i]) {
            i += 1;
        }
        let sep = &s[start..i];
        let ok = sep == "." || sep == "_" || sep == "__" || sep.bytes().all(|c| c == b'-');
        if !ok {
            return false;
        }
    }
    true
}

fn is_host_component(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

fn is_domain(s: &str) -> bool {
    let (host, port) = match s.split_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (s, None),
    };
    if let Some(p) = port {
        if p.is_empty() || !p.bytes().all(|c| c.is_ascii_digit()) {
            return false;
        }
    }
    host.split('.').all(is_host_component)
}

fn is_tag(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 128
        && (b[0].is_ascii_alphanumeric() || b[0] == b'_')
        && b.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'))
}

/// `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][[:xdigit:]]{32,}`
fn is_digest_shape(s: &str) -> bool {
    let Some((alg, hex)) = s.split_once(':') else { return false };
    if hex.len() < 32 || !hex.bytes().all(|c| c.is_ascii_hexdigit()) {
        return false;
    }
    alg.split(['-', '_', '+', '.'])
        .all(|p| !p.is_empty() && p.as_bytes()[0].is_ascii_alphabetic() && p.bytes().all(|c| c.is_ascii_alphanumeric()))
}

fn shape_ok(s: &str) -> bool {
    let (rest, digest) = match s.split_once('@') {
        Some((r, d)) => (r, Some(d)),
        None => (s, None),
    };
    if let Some(d) = digest {
        if !is_digest_shape(d) {
            return false;
        }
    }
    let (name, tag) = match rest.rfind(':') {
        Some(i) if !rest[i..].contains('/') => (&rest[..i], Some(&rest[i + 1..])),
        _ => (rest, None),
    };
    if let Some(t) = tag {
        if !is_tag(t) {
            return false;
        }
    }
    let comps: Vec<&str> = name.split('/').collect();
    if comps.iter().all(|c| is_path_component(c)) {
        return true;
    }
    comps.len() >= 2 && is_domain(comps[0]) && comps[1..].iter().all(|c| is_path_component(c))
}

/// Checks a digest's algorithm and length (§3.6).
pub fn validate_digest(d: &str) -> Result<(), String> {
    let Some((alg, hex)) = d.split_once(':') else { return Err("invalid checksum digest format".into()) };
    if !hex.bytes().all(|c| c.is_ascii_hexdigit()) || alg.is_empty() {
        return Err("invalid checksum digest format".into());
    }
    let want = match alg {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ => return Err("unsupported digest algorithm".into()),
    };
    if hex.len() != want {
        return Err("invalid checksum digest length".into());
    }
    Ok(())
}

impl ImageReference {
    /// OpenShift's pull-spec grammar and splitting rules.
    pub fn parse(s: &str) -> Result<ImageReference, String> {
        if s.is_empty() {
            return Err("repository name must have at least one component".into());
        }
        if !shape_ok(s) {
            if shape_ok(&s.to_lowercase()) {
                return Err("repository name must be lowercase".into());
            }
            return Err("invalid reference format".into());
        }
        let (rest, id) = match s.split_once('@') {
            Some((r, d)) => (r, d.to_string()),
            None => (s, String::new()),
        };
        let (name, tag) = match rest.rfind(':') {
            Some(i) if !rest[i..].contains('/') => (&rest[..i], rest[i + 1..].to_string()),
            _ => (rest, String::new()),
        };
        if name.len() > 255 {
            return Err("repository name must not be more than 255 characters".into());
        }
        if !id.is_empty() {
            validate_digest(&id)?;
        }
        let mut r = ImageReference { id, ..Default::default() };
        let comps: Vec<&str> = name.split('/').collect();
        if comps.len() == 1 {
            if name.contains('.') || name.starts_with("localhost") {
                r.registry = name.to_string();
            } else {
                r.name = name.to_string();
            }
        } else {
            let mut rest: &[&str] = &comps;
            if comps[0].contains('.') || comps[0].contains(':') || comps[0] == "localhost" {
                r.registry = comps[0].to_string();
                rest = &comps[1..];
            }
            if rest.len() == 1 {
                r.name = rest[0].to_string();
            } else {
                r.namespace = rest[0].to_string();
                r.name = rest[1..].join("/");
            }
        }
        if !r.name.is_empty() {
            r.tag = tag;
        }
        Ok(r)
    }

    /// `[registry/][namespace/]name`
    pub fn repository(&self) -> String {
        [self.registry.as_str(), self.namespace.as_str(), self.name.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join("/")
    }

    /// The registry host, `docker.io` when none is given.
    pub fn registry_host(&self) -> &str {
        if self.registry.is_empty() { "docker.io" } else { &self.registry }
    }
}

// ---------------------------------------------------------------------------------------------------
// Defaulting and validation (§1.9, §3.1, §3.2)

/// Decoding defaults: empty `referencePolicy.type` → `Source`, empty `importPolicy.importMode` → `Legacy`.
pub fn apply_defaults(tag: &mut ImageTag) {
    if let Field::Present(spec) = &mut tag.spec {
        let rp = spec.reference_policy.get_or_insert_default();
        if rp.type_.str().is_empty() {
            rp.type_ = "Source".to_string().into();
        }
        let ip = spec.import_policy.get_or_insert_default();
        if ip.import_mode.str().is_empty() {
            ip.import_mode = "Legacy".to_string().into();
        }
    }
}

fn tag_reference_errors(spec: &TagReference, out: &mut Vec<FieldError>) {
    if let Some(from) = spec.from.get() {
        let name = from.name.str();
        if name.is_empty() {
            out.push(FieldError::required("spec.from.name", ""));
        }
        match from.kind.str() {
            "DockerImage" => {
                if !name.is_empty() {
                    if let Err(e) = ImageReference::parse(name) {
                        out.push(FieldError::invalid("spec.from.name", name, &e));
                    }
                }
            }
            "ImageStreamTag" | "ImageStreamImage" => {
                if spec.import_policy.get().map(|p| p.scheduled.flag()).unwrap_or(false) {
                    out.push(FieldError::invalid(
                        "spec.importPolicy.scheduled",
                        true,
                        "only tags pointing to Docker repositories may be scheduled for background import",
                    ));
                }
            }
            _ => out.push(FieldError::required(
                "spec.from.kind",
                "valid values are 'DockerImage', 'ImageStreamImage', 'ImageStreamTag'",
            )),
        }
    }
    let rp = spec.reference_policy.get().map(|p| p.type_.str().to_string()).unwrap_or_default();
    if rp != "Source" && rp != "Local" {
        out.push(FieldError::invalid("spec.referencePolicy.type", rp, "valid values are \"Source\", \"Local\""));
    }
    let mode = spec.import_policy.get().map(|p| p.import_mode.str().to_string()).unwrap_or_default();
    if !matches!(mode.as_str(), "" | "Legacy" | "PreserveOriginal") {
        out.push(FieldError::invalid(
            "spec.importPolicy.importMode",
            mode,
            "invalid import mode, valid modes are '', 'Legacy', 'PreserveOriginal'",
        ));
    }
}

fn spec_name_errors(tag: &ImageTag, out: &mut Vec<FieldError>) {
    if let Some(spec) = tag.spec.get() {
        let want = split_post_name(tag.name()).map(|(_, t)| t);
        let got = spec.name.str();
        if want.as_deref() != Some(got) {
            out.push(FieldError::invalid("spec.name", got, "must match image tag name"));
        }
        tag_reference_errors(spec, out);
    }
}

/// Server-side ImageTag validation (what the real strategy checks; the stream rules are separate).
pub fn validate_image_tag(tag: &ImageTag, op: Operation, old: Option<&ImageTag>) -> Findings {
    let mut errors = Vec::new();
    match op {
        Operation::Create | Operation::Read => {
            let name = tag.name();
            if name.is_empty() {
                errors.push(FieldError::required("metadata.name", "name or generateName is required"));
            } else {
                errors.extend(path_segment_errors("metadata.name", name));
            }
            errors.extend(namespace_errors(tag.namespace()));
            if tag.spec.is_none() {
                errors.push(FieldError::required("spec", "spec is a required field during creation"));
            }
            if !name.is_empty() && !name.contains(':') {
                errors.push(FieldError::invalid("metadata.name", name, "must be of the form <stream_name>:<tag>"));
            }
            spec_name_errors(tag, &mut errors);
        }
        Operation::Update => {
            if let Some(old) = old {
                let m_new = tag.metadata.get().cloned().unwrap_or_default();
                let m_old = old.metadata.get().cloned().unwrap_or_default();
                if m_new.uid.str() != m_old.uid.str() {
                    errors.push(FieldError::invalid("metadata.uid", m_new.uid.str(), "field is immutable"));
                }
                if !semantic_eq(&to_value(&m_new), &to_value(&m_old)) {
                    errors.push(FieldError::invalid("metadata", "", "may not update fields other than spec"));
                }
                if !semantic_eq(&to_value(&tag.status), &to_value(&old.status)) {
                    errors.push(FieldError::invalid("status", "", "may not update fields other than spec"));
                }
            }
            spec_name_errors(tag, &mut errors);
        }
    }
    Findings { errors, warnings: Vec::new() }
}

fn to_value<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// Go's semantic equality: unset, `null`, empty strings/maps/lists, `0` and `false` are all "zero";
/// times are compared as instants.
pub fn semantic_eq(a: &Value, b: &Value) -> bool {
    fn zero(v: &Value) -> bool {
        match v {
            Value::Null => true,
            Value::Bool(b) => !b,
            Value::Number(n) => n.as_f64() == Some(0.0),
            Value::String(s) => s.is_empty(),
            Value::Array(a) => a.is_empty(),
            Value::Object(o) => o.values().all(zero),
        }
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            keys.into_iter().all(|k| match (x.get(k), y.get(k)) {
                (Some(p), Some(q)) => semantic_eq(p, q),
                (Some(p), None) | (None, Some(p)) => zero(p),
                (None, None) => true,
            })
        }
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| semantic_eq(p, q)),
        (Value::String(x), Value::String(y)) => {
            x == y || matches!((crate::time::parse(x), crate::time::parse(y)), (Some(p), Some(q)) if p == q)
        }
        (x, y) if zero(x) && zero(y) => true,
        (x, y) => x == y,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(split_image_tag_name("app:latest"), Some(("app".into(), "latest".into())));
        for bad in ["app", "a:b:c", ":x", "x:", "a:x@y", "a@b"] {
            assert_eq!(split_image_tag_name(bad), None, "{bad}");
        }
        assert_eq!(split_post_name("a:b:c"), Some(("a".into(), "b:c".into())));
        assert_eq!(split_post_name("foo:"), Some(("foo".into(), "latest".into())));
        assert!(is_stream_name("my-app.v2_x"));
        for bad in ["my--app", "My_App", "app.", ""] {
            assert!(!is_stream_name(bad), "{bad}");
        }
    }

    #[test]
    fn references() {
        let r = ImageReference::parse("quay.io/a/b/c:1").unwrap();
        assert_eq!((r.registry.as_str(), r.namespace.as_str(), r.name.as_str(), r.tag.as_str()), ("quay.io", "a", "b/c", "1"));
        assert_eq!(ImageReference::parse("").unwrap_err(), "repository name must have at least one component");
        assert_eq!(ImageReference::parse("Quay.io/A/b").unwrap_err(), "repository name must be lowercase");
        assert_eq!(ImageReference::parse("quay.io/a b").unwrap_err(), "invalid reference format");
        assert_eq!(ImageReference::parse("a@sha256:0123456789abcdef0123456789abcdef").unwrap_err(), "invalid checksum digest length");
        assert_eq!(ImageReference::parse("a@md5:0123456789abcdef0123456789abcdef").unwrap_err(), "unsupported digest algorithm");
        assert_eq!(ImageReference::parse("nginx").unwrap().name, "nginx");
        assert_eq!(ImageReference::parse("example.com").unwrap().registry, "example.com");
        assert_eq!(ImageReference::parse("localhost:5000/x/y:2").unwrap().repository(), "localhost:5000/x/y");
    }

    #[test]
    fn messages() {
        let e = FieldError::invalid("spec.name", "nxt", "must match image tag name");
        assert_eq!(e.text(), "spec.name: Invalid value: \"nxt\": must match image tag name");
        let e = FieldError::required("spec", "spec is a required field during creation");
        assert_eq!(e.text(), "spec: Required value: spec is a required field during creation");
        let e = FieldError::invalid("spec.importPolicy.scheduled", true, "x");
        assert_eq!(e.message, "Invalid value: true: x");
        let e = FieldError::internal("", "boom");
        assert_eq!(e.text(), ": Internal error: boom");
    }

    #[test]
    fn semantic() {
        use serde_json::json;
        assert!(semantic_eq(&json!({"items": null, "tag": "x"}), &json!({"items": [], "tag": "x"})));
        assert!(semantic_eq(&json!({"t": "2025-03-08T16:02:51Z"}), &json!({"t": "2025-03-08T17:02:51+01:00"})));
        assert!(!semantic_eq(&json!({"a": "1"}), &json!({"a": "2"})));
        assert!(semantic_eq(&json!(null), &json!({})));
    }
}
