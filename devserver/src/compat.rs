//! The one place where the devserver meets the core's validator (`imagetag::validation`) and reference
//! grammar (`imagetag::reference`), so that client and server agree by construction. (It held stand-ins
//! while those were being written; now it only adapts a few signatures.)

pub use imagetag::reference::ImageReference;
pub use imagetag::validation::{
    apply_defaults, invalid_status, stream_internal_error, validate_image_tag, validate_stream_create,
    validate_stream_name, validate_stream_tag_reference, FieldError, Operation,
};

/// The GET/PUT/PATCH/DELETE rule (§2.2): exactly one `:`, text on both sides, no `@`.
pub fn split_image_tag_name(name: &str) -> Option<(String, String)> {
    imagetag::reference::split_image_tag_name(name).ok().map(|(s, t)| (s.to_string(), t.to_string()))
}

/// The POST rule (§2.2): split at the first `:`, an empty tag is `latest`; `None` without any `:`.
pub fn split_post_name(name: &str) -> Option<(String, String)> {
    name.contains(':').then(|| imagetag::reference::split_post_name(name))
}

/// Parses a pull spec; the error is the exact OpenShift text.
pub fn parse_reference(spec: &str) -> Result<ImageReference, String> {
    ImageReference::parse(spec).map_err(|e| e.to_string())
}

/// `[registry/][namespace/]name`
pub fn repository(r: &ImageReference) -> String {
    [r.registry.as_str(), r.namespace.as_str(), r.name.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join("/")
}

/// The registry host of a reference, `docker.io` when none is given.
pub fn registry_host(r: &ImageReference) -> &str {
    if r.registry.is_empty() {
        "docker.io"
    } else {
        &r.registry
    }
}

/// Strict digest validation (§3.6); the error is the exact text.
pub fn validate_digest(d: &str) -> Result<(), String> {
    imagetag::reference::validate_digest(d).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adapters() {
        assert_eq!(split_image_tag_name("app:latest"), Some(("app".into(), "latest".into())));
        for bad in ["app", "a:b:c", ":x", "x:", "a:x@y", "a@b"] {
            assert_eq!(split_image_tag_name(bad), None, "{bad}");
        }
        assert_eq!(split_post_name("a:b:c"), Some(("a".into(), "b:c".into())));
        assert_eq!(split_post_name("foo:"), Some(("foo".into(), "latest".into())));
        assert_eq!(split_post_name("foo"), None);
        let r = parse_reference("quay.io/a/b/c:1").unwrap();
        assert_eq!(repository(&r), "quay.io/a/b/c");
        assert_eq!(registry_host(&parse_reference("nginx:1").unwrap()), "docker.io");
        assert_eq!(parse_reference("Quay.io/A/b").unwrap_err(), "repository name must be lowercase");
        assert_eq!(validate_digest("sha256:abc").unwrap_err(), "invalid checksum digest length");
    }
}
