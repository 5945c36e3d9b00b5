//! The Image rules of docs/semantics.md §3.7 (openshift-apiserver `validateImage`,
//! `validateImageSignature`, `validateImageManifests`), applied to the `image` of an ImageTag by the `read`
//! operation. The server itself never validates the embedded image of an ImageTag (it is read-only there).

use super::field::FieldError;
use super::meta::{object_meta, NameRule, Scope};
use crate::json::view::ObjectMetaView;
use crate::model::{Image, ImageManifest, ImageSignature, ObjectMeta};
use crate::reference::{check_image_reference, is_loose_digest};
use crate::time::{instant, Instant};

pub(crate) fn validate_image(image: &Image, prefix: &str, errs: &mut Vec<FieldError>) {
    let empty = ObjectMeta::default();
    let meta = image.metadata.get().unwrap_or(&empty);
    object_meta(
        &ObjectMetaView::from_model(meta),
        meta.name.str(),
        Scope::Cluster,
        NameRule::PathSegment,
        &format!("{prefix}.metadata"),
        errs,
    );

    let reference = image.docker_image_reference.str();
    if reference.is_empty() {
        errs.push(FieldError::required(format!("{prefix}.dockerImageReference"), ""));
    } else if let Err(e) = check_image_reference(reference) {
        errs.push(FieldError::invalid(format!("{prefix}.dockerImageReference"), reference, e.to_string()));
    }

    for (i, sig) in image.signatures.items().iter().enumerate() {
        signature(sig, &format!("{prefix}.signatures[{i}]"), errs);
    }

    let manifests = image.docker_image_manifests.items();
    if !manifests.is_empty() {
        if let Some(layers) = image.docker_image_layers.get().filter(|l| !l.is_empty()) {
            let value = crate::json::to_value(layers);
            errs.push(FieldError::invalid(
                format!("{prefix}.dockerImageLayers"),
                value,
                "dockerImageLayers should not be set when dockerImageManifests is set",
            ));
        }
        for (i, m) in manifests.iter().enumerate() {
            manifest(m, &format!("{prefix}.dockerImageManifests[{i}]"), errs);
        }
    }
}

fn signature(sig: &ImageSignature, prefix: &str, errs: &mut Vec<FieldError>) {
    let empty = ObjectMeta::default();
    let meta = sig.metadata.get().unwrap_or(&empty);
    let name = meta.name.str();
    object_meta(
        &ObjectMetaView::from_model(meta),
        name,
        Scope::Cluster,
        NameRule::PathSegment,
        &format!("{prefix}.metadata"),
        errs,
    );
    if !meta.labels.items_len_is_zero() {
        errs.push(FieldError::forbidden(format!("{prefix}.metadata.labels"), "signature labels cannot be set"));
    }
    if !meta.annotations.items_len_is_zero() {
        errs.push(FieldError::forbidden(
            format!("{prefix}.metadata.annotations"),
            "signature annotations cannot be set",
        ));
    }
    let well_formed =
        matches!(name.split('@').collect::<Vec<_>>().as_slice(), [image, sig] if !image.is_empty() && !sig.is_empty());
    if !well_formed {
        errs.push(FieldError::invalid(
            format!("{prefix}.metadata.name"),
            name,
            "name must be of format <imageName>@<signatureName>",
        ));
    }
    if sig.type_.str().is_empty() {
        errs.push(FieldError::required(format!("{prefix}.type"), ""));
    }
    if sig.content.str().is_empty() {
        errs.push(FieldError::required(format!("{prefix}.content"), ""));
    }

    // The newest `Trusted` condition, and the newest of the others. Upstream's check reads
    // `type == ForImage && forImage == nil || !cond.LastProbeTime.Before(forImage.LastProbeTime)`, so any
    // condition that is not the current `Trusted` one ends up as the `ForImage` condition (§3.7 quirk).
    // (When no `ForImage` condition was seen yet, Go evaluates `forImage.LastProbeTime` on a nil pointer;
    // this follows the spec's reading that the condition is taken.)
    let conditions = sig.conditions.items();
    let probe = |i: usize| instant(conditions[i].last_probe_time.get().map(String::as_str));
    let before = |a: &Instant, b: &Instant| match (a, b) {
        (Instant::At(s1, n1), Instant::At(s2, n2)) => (s1, n1) < (s2, n2),
        _ => false,
    };
    let (mut trusted, mut for_image): (Option<usize>, Option<usize>) = (None, None);
    for (i, c) in conditions.iter().enumerate() {
        if c.type_.str() == "Trusted" && trusted.is_none_or(|t| !before(&probe(i), &probe(t))) {
            trusted = Some(i);
        } else if for_image.is_none_or(|f| !before(&probe(i), &probe(f))) {
            for_image = Some(i);
        }
    }
    let conditions_value = || crate::json::to_value(conditions);
    match (trusted, for_image) {
        (Some(_), None) => errs.push(FieldError::invalid(
            format!("{prefix}.conditions"),
            conditions_value(),
            "missing \"ForImage\" condition type",
        )),
        (None, Some(_)) => errs.push(FieldError::invalid(
            format!("{prefix}.conditions"),
            conditions_value(),
            "missing \"Trusted\" condition type",
        )),
        _ => {}
    }
    let unknown = trusted.is_none_or(|t| conditions[t].status.str() == "Unknown");
    if unknown {
        const UNSET: &str = "must be unset for unknown signature state";
        if !sig.image_identity.str().is_empty() {
            errs.push(FieldError::invalid(format!("{prefix}.imageIdentity"), sig.image_identity.str(), UNSET));
        }
        if let Some(claims) = sig.signed_claims.get().filter(|c| !c.is_empty()) {
            errs.push(FieldError::invalid(format!("{prefix}.signedClaims"), crate::json::to_value(claims), UNSET));
        }
        if let Some(by) = sig.issued_by.get() {
            errs.push(FieldError::invalid(format!("{prefix}.issuedBy"), crate::json::to_value(by), UNSET));
        }
        if let Some(to) = sig.issued_to.get() {
            errs.push(FieldError::invalid(format!("{prefix}.issuedTo"), crate::json::to_value(to), UNSET));
        }
    }
}

fn manifest(m: &ImageManifest, prefix: &str, errs: &mut Vec<FieldError>) {
    let digest = m.digest.str();
    if !is_loose_digest(digest) {
        errs.push(FieldError::invalid(
            format!("{prefix}.digest"),
            digest,
            "digest does not conform with OCI image specification",
        ));
    }
    let media_type = m.media_type.str();
    if !is_rfc6838_media_type(media_type) {
        errs.push(FieldError::invalid(
            format!("{prefix}.mediaType"),
            media_type,
            "media type does not conform to RFC6838",
        ));
    }
    if m.architecture.str().is_empty() {
        errs.push(FieldError::required(format!("{prefix}.architecture"), ""));
    }
    if m.os.str().is_empty() {
        errs.push(FieldError::required(format!("{prefix}.os"), ""));
    }
    let size = m.manifest_size.num();
    if size < 0 {
        errs.push(FieldError::invalid(format!("{prefix}.size"), size, "manifest size cannot be negative"));
    }
}

/// `^ *([A-Za-z0-9][A-Za-z0-9!#$&^_-]{0,126})\/([A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}) *$`
pub(crate) fn is_rfc6838_media_type(s: &str) -> bool {
    let t = s.trim_start_matches(' ').trim_end_matches(' ');
    let Some((kind, sub)) = t.split_once('/') else {
        return false;
    };
    let part = |p: &str, extra: &[u8]| {
        let b = p.as_bytes();
        !b.is_empty()
            && b.len() <= 127
            && b[0].is_ascii_alphanumeric()
            && b[1..].iter().all(|c| c.is_ascii_alphanumeric() || b"!#$&^_-".contains(c) || extra.contains(c))
    };
    part(kind, b"") && part(sub, b".+")
}

trait MapLen {
    fn items_len_is_zero(&self) -> bool;
}

impl MapLen for crate::model::Field<crate::model::StringMap> {
    fn items_len_is_zero(&self) -> bool {
        self.get().is_none_or(|m| m.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types() {
        for ok in ["application/vnd.oci.image.manifest.v1+json", "foo/bar", " a/b "] {
            assert!(is_rfc6838_media_type(ok), "{ok}");
        }
        for bad in ["foobar", "", "/b", "a/", "a/b/c", "a b/c", "-a/b"] {
            assert!(!is_rfc6838_media_type(bad), "{bad}");
        }
    }
}
