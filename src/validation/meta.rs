//! The generic object-meta rules of Kubernetes, with their exact texts.
//!
//! Sources (kubernetes/apimachinery, 1.34 line):
//! - `pkg/api/validation/objectmeta.go`: `ValidateObjectMetaAccessor` (order: generateName, name, namespace,
//!   generation, labels, annotations, ownerReferences, finalizers, managedFields), `ValidateAnnotations`
//!   (keys lower-cased then qualified names; total size ≤ 256 KiB → `field.TooLong`),
//!   `ValidateOwnerReferences`, `ValidateFinalizers`, `ValidateObjectMetaAccessorUpdate`, `FieldImmutableErrorMsg`.
//! - `pkg/api/validation/path/name.go`: `ValidatePathSegmentName` (`may not be '.'`, `may not contain '/'`, …).
//! - `pkg/api/validation/generic.go`: `ValidateNonnegativeField` (`must be greater than or equal to 0`),
//!   `ValidateNamespaceName` = `IsDNS1123Label`.
//! - `pkg/util/validation/validation.go`: `IsDNS1123Label`, `IsDNS1123Subdomain`, `MaxLenError`
//!   (`must be no more than N characters`), `RegexError`, `EmptyError` (`must be non-empty`).
//! - `pkg/api/validate/content/kube.go`: `IsLabelKey` (= `IsQualifiedName`), `IsLabelValue`.
//! - `pkg/apis/meta/v1/validation/validation.go`: `ValidateLabels`, `ValidateManagedFields`,
//!   `ValidateFieldManager`.
//!
//! Go iterates maps in random order; errors about map entries come here sorted by key.

use serde_json::Value;

use super::field::FieldError;
use crate::json::view::{ObjectMetaView, StringMapView};

pub(crate) const DNS1123_LABEL_ERROR: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_SUBDOMAIN_ERROR: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const QUALIFIED_NAME_ERROR: &str = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_ERROR: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
pub(crate) const TOTAL_ANNOTATION_SIZE_LIMIT: usize = 256 * 1024;
pub(crate) const FIELD_IMMUTABLE: &str = "field is immutable";

/// `ValidatePathSegmentName(name, prefix)`.
pub(crate) fn path_segment_errors(name: &str, prefix: bool) -> Vec<&'static str> {
    if !prefix {
        if name == "." {
            return vec!["may not be '.'"];
        }
        if name == ".." {
            return vec!["may not be '..'"];
        }
    }
    let mut out = Vec::new();
    if name.contains('/') {
        out.push("may not contain '/'");
    }
    if name.contains('%') {
        out.push("may not contain '%'");
    }
    out
}

fn is_lower_alnum(c: u8) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, anchored.
fn is_dns_label_shape(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && is_lower_alnum(b[0])
        && is_lower_alnum(b[b.len() - 1])
        && b.iter().all(|&c| is_lower_alnum(c) || c == b'-')
}

fn is_dns_subdomain_shape(s: &str) -> bool {
    s.split('.').all(is_dns_label_shape)
}

/// `IsDNS1123Label`.
pub(crate) fn dns1123_label_errors(s: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    if s.len() > 63 {
        out.push("must be no more than 63 characters");
    }
    if !is_dns_label_shape(s) {
        out.push(if is_dns_subdomain_shape(s) { "must not contain dots" } else { DNS1123_LABEL_ERROR });
    }
    out
}

/// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`, anchored.
fn is_qualified_shape(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter().all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

/// `IsQualifiedName` / `IsLabelKey`.
pub(crate) fn qualified_name_errors(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let parts: Vec<&str> = value.split('/').collect();
    let name = match parts.len() {
        1 => parts[0],
        2 => {
            let prefix = parts[0];
            if prefix.is_empty() {
                errs.push("prefix part must be non-empty".to_string());
            } else {
                if prefix.len() > 253 {
                    errs.push("prefix part must be no more than 253 characters".to_string());
                }
                if !is_dns_subdomain_shape(prefix) {
                    errs.push(format!("prefix part {DNS1123_SUBDOMAIN_ERROR}"));
                }
            }
            parts[1]
        }
        _ => {
            errs.push(format!(
                "a qualified name {QUALIFIED_NAME_ERROR} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
            ));
            return errs;
        }
    };
    if name.is_empty() {
        errs.push("name part must be non-empty".to_string());
    } else if name.len() > 63 {
        errs.push("name part must be no more than 63 characters".to_string());
    }
    if !is_qualified_shape(name) {
        errs.push(format!("name part {QUALIFIED_NAME_ERROR}"));
    }
    errs
}

fn is_qualified_name(value: &str) -> bool {
    match value.split_once('/') {
        None => value.len() <= 63 && is_qualified_shape(value),
        Some((prefix, name)) => {
            !prefix.is_empty()
                && prefix.len() <= 253
                && is_dns_subdomain_shape(prefix)
                && !name.contains('/')
                && name.len() <= 63
                && is_qualified_shape(name)
        }
    }
}

/// `IsValidLabelValue`.
pub(crate) fn label_value_errors(value: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    if value.len() > 63 {
        out.push("must be no more than 63 characters");
    }
    if !value.is_empty() && !is_qualified_shape(value) {
        out.push(LABEL_VALUE_ERROR);
    }
    out
}

/// How `metadata.name` is checked (`ValidateNameFunc`).
#[derive(Clone, Copy)]
pub(crate) enum NameRule {
    /// `path.ValidatePathSegmentName`.
    PathSegment,
}

/// Whether the object is namespaced (`requiresNamespace`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    Namespaced,
    Cluster,
}

/// `ValidateObjectMetaAccessor(meta, scope, nameFn, <prefix>)`, with `name` the name after generation.
pub(crate) fn object_meta(
    meta: &ObjectMetaView,
    name: &str,
    scope: Scope,
    _rule: NameRule,
    prefix: &str,
    errs: &mut Vec<FieldError>,
) {
    let generate_name = meta.generate_name.as_str();
    if !generate_name.is_empty() {
        for msg in path_segment_errors(generate_name, true) {
            errs.push(FieldError::invalid(format!("{prefix}.generateName"), generate_name, msg));
        }
    }
    if name.is_empty() {
        errs.push(FieldError::required(format!("{prefix}.name"), "name or generateName is required"));
    } else {
        for msg in path_segment_errors(name, false) {
            errs.push(FieldError::invalid(format!("{prefix}.name"), name, msg));
        }
    }
    object_meta_common(meta, scope, prefix, errs);
}

/// The part of `ValidateObjectMetaAccessor` after the name (namespace, generation, labels, …).
pub(crate) fn object_meta_common(meta: &ObjectMetaView, scope: Scope, prefix: &str, errs: &mut Vec<FieldError>) {
    let namespace = meta.namespace.as_str();
    match scope {
        Scope::Namespaced => {
            if namespace.is_empty() {
                errs.push(FieldError::required(format!("{prefix}.namespace"), ""));
            } else {
                for msg in dns1123_label_errors(namespace) {
                    errs.push(FieldError::invalid(format!("{prefix}.namespace"), namespace, msg));
                }
            }
        }
        Scope::Cluster => {
            if !namespace.is_empty() {
                errs.push(FieldError::forbidden(format!("{prefix}.namespace"), "not allowed on this type"));
            }
        }
    }
    if let Some(g) = meta.generation {
        if g < 0 {
            errs.push(FieldError::invalid(format!("{prefix}.generation"), g, "must be greater than or equal to 0"));
        }
    }
    meta_maps_and_lists(meta, prefix, true, errs);
}

/// Labels, annotations, owner references, finalizers (on create only) and managed fields.
pub(crate) fn meta_maps_and_lists(
    meta: &ObjectMetaView,
    prefix: &str,
    with_finalizers: bool,
    errs: &mut Vec<FieldError>,
) {
    if let Some(labels) = &meta.labels {
        labels_errors(labels, prefix, errs);
    }
    if let Some(annotations) = &meta.annotations {
        annotations_errors(annotations, prefix, errs);
    }
    if let Some(refs) = &meta.owner_references {
        owner_references(refs, prefix, errs);
    }
    if let Some(finalizers) = meta.finalizers.as_ref().filter(|_| with_finalizers) {
        finalizers_errors(finalizers, prefix, errs);
    }
    if let Some(fields) = &meta.managed_fields {
        managed_fields(fields, prefix, errs);
    }
}

/// `ValidateLabels`, on `<prefix>.labels` (the path is built only when there is a finding).
pub(crate) fn labels_errors(labels: &StringMapView, prefix: &str, errs: &mut Vec<FieldError>) {
    let bad = |(k, v): &&(crate::json::view::Str, crate::json::view::Str)| {
        !is_qualified_name(k.as_str())
            || v.as_str().len() > 63
            || (!v.as_str().is_empty() && !is_qualified_shape(v.as_str()))
    };
    let mut failing: Vec<_> = labels.0.iter().filter(bad).collect();
    if failing.is_empty() {
        return;
    }
    let path = &format!("{prefix}.labels");
    crate::sort::sort_by(&mut failing, |a, b| a.0.as_str().cmp(b.0.as_str()));
    for (k, v) in failing {
        for msg in qualified_name_errors(k.as_str()) {
            errs.push(FieldError::invalid(path, k.as_str(), msg));
        }
        for msg in label_value_errors(v.as_str()) {
            errs.push(FieldError::invalid(path, v.as_str(), msg));
        }
    }
}

/// `ValidateAnnotations` on `<prefix>.annotations`: key format (case-insensitive) and the total size of
/// keys and values.
pub(crate) fn annotations_errors(annotations: &StringMapView, prefix: &str, errs: &mut Vec<FieldError>) {
    let mut total = 0usize;
    let mut failing = Vec::new();
    for (k, v) in &annotations.0 {
        total += k.as_str().len() + v.as_str().len();
        let key = k.as_str();
        let ok = if key.bytes().any(|c| c.is_ascii_uppercase()) {
            is_qualified_name(&key.to_ascii_lowercase())
        } else {
            is_qualified_name(key)
        };
        if !ok {
            failing.push(key);
        }
    }
    if failing.is_empty() && total <= TOTAL_ANNOTATION_SIZE_LIMIT {
        return;
    }
    let path = &format!("{prefix}.annotations");
    crate::sort::sort(&mut failing);
    for key in failing {
        for msg in qualified_name_errors(&key.to_ascii_lowercase()) {
            errs.push(FieldError::invalid(path, key, msg));
        }
    }
    if total > TOTAL_ANNOTATION_SIZE_LIMIT {
        errs.push(FieldError::too_long(path, TOTAL_ANNOTATION_SIZE_LIMIT));
    }
}

fn owner_references(refs: &[crate::json::view::OwnerReferenceView], prefix: &str, errs: &mut Vec<FieldError>) {
    let path = format!("{prefix}.ownerReferences");
    let mut first_controller: Option<String> = None;
    for r in refs {
        // schema.FromAPIVersionAndKind: `group/version` or `version`; anything else gives an empty version.
        let version = match r.api_version.as_str().split('/').collect::<Vec<_>>().as_slice() {
            [v] => *v,
            [_, v] => *v,
            _ => "",
        };
        let group = match r.api_version.as_str().split_once('/') {
            Some((g, v)) if !v.contains('/') => g,
            _ => "",
        };
        if version.is_empty() {
            errs.push(FieldError::invalid(
                format!("{path}.apiVersion"),
                r.api_version.as_str(),
                "version must not be empty",
            ));
        }
        if r.kind.as_str().is_empty() {
            errs.push(FieldError::invalid(format!("{path}.kind"), "", "must not be empty"));
        }
        if r.name.as_str().is_empty() {
            errs.push(FieldError::invalid(format!("{path}.name"), "", "must not be empty"));
        }
        if r.uid.as_str().is_empty() {
            errs.push(FieldError::invalid(format!("{path}.uid"), "", "must not be empty"));
        }
        if group.is_empty() && version == "v1" && r.kind.as_str() == "Event" {
            let value = r.to_value();
            errs.push(FieldError::invalid(path.clone(), value, "/v1, Kind=Event is disallowed from being an owner"));
        }
        if r.controller == Some(true) {
            let current = format!("{}/{}", r.kind.as_str(), r.name.as_str());
            match &first_controller {
                Some(first) => {
                    let value = Value::Array(refs.iter().map(|r| r.to_value()).collect());
                    errs.push(FieldError::invalid(
                        path.clone(),
                        value,
                        format!("Only one reference can have Controller set to true. Found \"true\" in references for {first} and {current}"),
                    ));
                }
                None => first_controller = Some(current),
            }
        }
    }
}

fn finalizers_errors(finalizers: &[crate::json::view::Str], prefix: &str, errs: &mut Vec<FieldError>) {
    let path = format!("{prefix}.finalizers");
    let (mut orphan, mut foreground) = (false, false);
    for f in finalizers {
        let f = f.as_str();
        if !is_qualified_name(f) {
            for msg in qualified_name_errors(f) {
                errs.push(FieldError::invalid(path.clone(), f, msg));
            }
        }
        orphan |= f == "orphan";
        foreground |= f == "foregroundDeletion";
    }
    if orphan && foreground {
        let value = Value::Array(finalizers.iter().map(|f| Value::String(f.as_str().to_string())).collect());
        errs.push(FieldError::invalid(path, value, "finalizer orphan and foregroundDeletion cannot be both set"));
    }
}

fn managed_fields(fields: &[crate::json::view::ManagedFieldsEntryView], prefix: &str, errs: &mut Vec<FieldError>) {
    for (i, f) in fields.iter().enumerate() {
        let path = || format!("{prefix}.managedFields[{i}]");
        if !matches!(f.operation.as_str(), "Apply" | "Update") {
            errs.push(FieldError::invalid(
                format!("{}.operation", path()),
                f.operation.as_str(),
                "must be `Apply` or `Update`",
            ));
        }
        if !f.fields_type.as_str().is_empty() && f.fields_type.as_str() != "FieldsV1" {
            errs.push(FieldError::invalid(
                format!("{}.fieldsType", path()),
                f.fields_type.as_str(),
                "must be `FieldsV1`",
            ));
        }
        let manager = f.manager.as_str();
        if manager.len() > 128 {
            errs.push(FieldError::too_long(format!("{}.manager", path()), 128));
        }
        for (pos, c) in manager.char_indices() {
            if c.is_control() || matches!(c as u32, 0x80..=0xa0 | 0xad | 0x2028 | 0x2029) {
                errs.push(FieldError::invalid(
                    format!("{}.manager", path()),
                    manager,
                    format!("invalid character U+{:04X} (at position {pos})", c as u32),
                ));
            }
        }
        if f.subresource.as_str().len() > 256 {
            errs.push(FieldError::too_long(format!("{}.subresource", path()), 256));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualified_names() {
        assert!(qualified_name_errors("example.com/my-key").is_empty());
        assert!(qualified_name_errors("My_Key.1").is_empty());
        assert_eq!(qualified_name_errors("/x"), vec!["prefix part must be non-empty".to_string()]);
        assert_eq!(qualified_name_errors("a/b/c").len(), 1);
        assert_eq!(qualified_name_errors("-x")[0], format!("name part {QUALIFIED_NAME_ERROR}"));
        for k in ["example.com/my-key", "My_Key.1", "/x", "a/b/c", "-x", "x/", "Ex.com/a", &"a".repeat(64)] {
            assert_eq!(is_qualified_name(k), qualified_name_errors(k).is_empty(), "{k}");
        }
    }

    #[test]
    fn dns_labels() {
        assert!(dns1123_label_errors("my-ns").is_empty());
        assert_eq!(dns1123_label_errors("a.b"), vec!["must not contain dots"]);
        assert_eq!(dns1123_label_errors("A"), vec![DNS1123_LABEL_ERROR]);
        assert_eq!(dns1123_label_errors(&"a".repeat(64)), vec!["must be no more than 63 characters"]);
    }
}
