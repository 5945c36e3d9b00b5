//! The ImageTag rules (docs/semantics.md §3.1–§3.5) on the borrowed view, for create and read, plus
//! the warnings. The update-only comparisons live in `update.rs`.
//!
//! Server sources (openshift-apiserver): `registry/imagetag/strategy.go` (`PrepareForCreate` fills an empty
//! `spec.name`, drops `status` and `image`), `validation.ValidateImageTag` (object meta with path-segment
//! names, `spec` required, `spec.name` against `SplitImageStreamTag`, `ValidateImageStreamTagReference`),
//! and `registry/imagestream/strategy.go` (`tagsChanged`, `ValidateImageStream` on the stream a POST writes).

use super::field::FieldError;
use super::meta::{object_meta, path_segment_errors, NameRule, Scope};
use super::Findings;
use crate::json::view::{ImageTagView, TagReferenceView};
use crate::model::Image;
use crate::reference::{
    check_image_reference, check_image_reference_after, is_docker_tag, is_image_stream_name, validate_digest,
};

/// `imageutil.SplitImageStreamTag`: split at the first `:`; an empty tag is `latest`; `ok` = there was a `:`.
pub(crate) fn split_image_stream_tag(name: &str) -> (&str, &str, bool) {
    match name.split_once(':') {
        Some((stream, "")) => (stream, "latest", true),
        Some((stream, tag)) => (stream, tag, true),
        None => (name, "latest", false),
    }
}

const SCHEDULED_ONLY_DOCKER: &str = "only tags pointing to Docker repositories may be scheduled for background import";
const FROM_KIND_VALUES: &str = "valid values are 'DockerImage', 'ImageStreamImage', 'ImageStreamTag'";
const REFERENCE_POLICY_VALUES: &str = "valid values are \"Source\", \"Local\"";
const IMPORT_MODE_VALUES: &str = "invalid import mode, valid modes are '', 'Legacy', 'PreserveOriginal'";
const FROM_FORM: &str = "must be of the form <tag>, <repo>:<tag>, <id>, or <repo>@<id>";
pub(crate) const STREAM_NAME_FORMAT: &str = "must match \"[a-z0-9]+(?:[._-][a-z0-9]+)*\"";
pub(crate) const STREAM_PATH_TOO_LONG: &str = "'namespace/name' cannot be longer than 255 characters";

/// A POST of `v` (also a PUT or PATCH that creates the image stream, §2.7 step 2).
pub(crate) fn create(v: &ImageTagView, out: &mut Findings) {
    let meta = v.metadata.as_ref();
    let original = meta.map(|m| m.name.as_str()).unwrap_or("");
    let generate_name = meta.map(|m| m.generate_name.as_str()).unwrap_or("");
    // rest.BeforeCreate: PrepareForCreate (fills spec.name from the name as sent), then name generation
    // (the imagetag strategy's GenerateName returns the prefix unchanged).
    let name = if original.is_empty() && !generate_name.is_empty() { generate_name } else { original };
    let filled = split_image_stream_tag(original).1;
    let default_meta = Default::default();
    object_meta(
        meta.unwrap_or(&default_meta),
        name,
        Scope::Namespaced,
        NameRule::PathSegment,
        "metadata",
        &mut out.errors,
    );
    match &v.spec {
        None => out.errors.push(FieldError::required("spec", "spec is a required field during creation")),
        Some(spec) => spec_rules(spec, name, Some(filled), &mut out.errors),
    }
    let namespace = meta.map(|m| m.namespace.as_str()).unwrap_or("");
    // The image stream is written only when the ImageTag itself is valid (§2.6 steps 2 and 4).
    if out.errors.is_empty() {
        if let (Some(spec), Some((stream, _))) = (&v.spec, name.split_once(':')) {
            if !stream.is_empty() {
                if let Some(e) = stream_from_error(spec, "spec.from.name") {
                    out.errors.push(e);
                }
                out.errors.extend(stream_name_errors(namespace, stream));
            }
        }
    }
    name_warnings(name, true, out);
    spec_warnings(v.spec.as_ref(), name, namespace, out);
    if let Some(spec) = &v.spec {
        if let Some(g) = spec.generation {
            out.warnings.push(FieldError::invalid(
                "spec.generation",
                g,
                "is set by the server on create; the value sent is ignored",
            ));
        }
    }
    if let Some(m) = meta {
        if m.labels.as_ref().is_some_and(|l| !l.0.is_empty()) {
            out.warnings.push(FieldError::forbidden(
                "metadata.labels",
                "are checked but not stored: an ImageTag always carries its image stream's labels",
            ));
        }
        if m.annotations.as_ref().is_some_and(|a| !a.0.is_empty()) {
            out.warnings.push(FieldError::forbidden(
                "metadata.annotations",
                "are checked but not stored: an ImageTag always carries its image stream's annotations",
            ));
        }
    }
    if v.status.is_some() {
        out.warnings
            .push(FieldError::forbidden("status", "is ignored on create: the server keeps the tag's existing history"));
    }
    if v.image.is_some() {
        out.warnings
            .push(FieldError::forbidden("image", "is ignored on create: the server fills it in from the history"));
    }
}

/// An object as a server returns it (§3.1 object meta and spec rules without filling, history references,
/// digests, and the Image rules of §3.7). `image` is the whole of `v.image`.
pub(crate) fn read(v: &ImageTagView, image: Option<&Image>, out: &mut Findings) {
    let default_meta = Default::default();
    let meta = v.metadata.as_ref().unwrap_or(&default_meta);
    let name = meta.name.as_str();
    object_meta(meta, name, Scope::Namespaced, NameRule::PathSegment, "metadata", &mut out.errors);
    if let Some(spec) = &v.spec {
        spec_rules(spec, name, None, &mut out.errors);
    }
    if let Some(status) = &v.status {
        // The history's references mostly share one repository: its name is checked once.
        let mut known_name = "";
        for (i, item) in status.items.iter().enumerate() {
            let reference = item.docker_image_reference.as_str();
            // The digest of a valid reference is a valid digest: an `image` equal to it needs no second look.
            let mut checked_digest = None;
            if reference.is_empty() {
                out.errors.push(FieldError::required(format!("status.items[{i}].dockerImageReference"), ""));
            } else {
                match check_image_reference_after(reference, known_name) {
                    Ok((digest, name)) => {
                        checked_digest = digest;
                        known_name = name;
                    }
                    Err(e) => out.errors.push(FieldError::invalid(
                        format!("status.items[{i}].dockerImageReference"),
                        reference,
                        e.to_string(),
                    )),
                }
            }
            let image = item.image.as_str();
            if !image.is_empty() && !checked_digest.is_some_and(|d| crate::json::fast_reader::same(d, image)) {
                if let Err(e) = validate_digest(image) {
                    out.errors.push(FieldError::invalid(format!("status.items[{i}].image"), image, e.to_string()));
                }
            }
        }
        let tag = status.tag.as_str();
        if name.contains(':') && tag != split_image_stream_tag(name).1 {
            out.warnings.push(FieldError::invalid("status.tag", tag, "does not match the tag part of metadata.name"));
        }
    }
    if let Some(image) = image {
        super::image::validate_image(image, "image", &mut out.errors);
        let image_name = image.metadata.name();
        if !image_name.is_empty() {
            if let Err(e) = validate_digest(image_name) {
                out.warnings.push(FieldError::invalid(
                    "image.metadata.name",
                    image_name,
                    format!("is not an image digest: {e}"),
                ));
            }
        }
    }
    name_warnings(name, false, out);
    spec_warnings(v.spec.as_ref(), name, meta.namespace.as_str(), out);
}

/// The spec part of `ValidateImageTag`/`ValidateImageTagUpdate`: `spec.name` against the tag part, then the
/// TagReference rules. `filled` is the tag a create fills an empty `spec.name` with.
pub(crate) fn spec_rules(spec: &TagReferenceView, name: &str, filled: Option<&str>, errs: &mut Vec<FieldError>) {
    let spec_name = match filled {
        Some(tag) if spec.name.as_str().is_empty() => tag,
        _ => spec.name.as_str(),
    };
    let (_, tag, ok) = split_image_stream_tag(name);
    if !ok || spec_name != tag {
        errs.push(FieldError::invalid("spec.name", spec_name, "must match image tag name"));
    }
    tag_reference(spec, "spec", errs);
}

/// `ValidateImageStreamTagReference` without a registry allow-list (§3.2), after decode defaulting.
pub(crate) fn tag_reference(spec: &TagReferenceView, prefix: &str, errs: &mut Vec<FieldError>) {
    if let Some(from) = &spec.from {
        let name = from.name.as_str();
        if name.is_empty() {
            errs.push(FieldError::required(format!("{prefix}.from.name"), ""));
        }
        match from.kind.as_str() {
            "DockerImage" => {
                if !name.is_empty() {
                    if let Err(e) = check_image_reference(name) {
                        errs.push(FieldError::invalid(format!("{prefix}.from.name"), name, e.to_string()));
                    }
                }
            }
            "ImageStreamImage" | "ImageStreamTag" => {
                if spec.scheduled() {
                    errs.push(FieldError::invalid(
                        format!("{prefix}.importPolicy.scheduled"),
                        true,
                        SCHEDULED_ONLY_DOCKER,
                    ));
                }
            }
            _ => errs.push(FieldError::required(format!("{prefix}.from.kind"), FROM_KIND_VALUES)),
        }
    }
    let policy = match spec.reference_policy_type() {
        "" => "Source",
        t => t,
    };
    if !matches!(policy, "Source" | "Local") {
        errs.push(FieldError::invalid(format!("{prefix}.referencePolicy.type"), policy, REFERENCE_POLICY_VALUES));
    }
    let mode = spec.import_mode();
    if !matches!(mode, "" | "Legacy" | "PreserveOriginal") {
        errs.push(FieldError::invalid(format!("{prefix}.importPolicy.importMode"), mode, IMPORT_MODE_VALUES));
    }
}

/// The `from.name` form check of the stream strategy's `tagsChanged` (§3.2): an `ImageStreamTag` name with
/// more than one `:`, or an `ImageStreamImage` name with more than one `@`. Reported on `field`.
pub(crate) fn stream_from_error(spec: &TagReferenceView, field: &str) -> Option<FieldError> {
    let from = spec.from.as_ref()?;
    let separator = match from.kind.as_str() {
        "ImageStreamTag" => ':',
        "ImageStreamImage" => '@',
        _ => return None,
    };
    let name = from.name.as_str();
    (name.matches(separator).count() > 1).then(|| FieldError::invalid(field, name, FROM_FORM))
}

/// The ImageStream's own rules on `metadata.name` (§3.3, openshift-apiserver `ValidateImageStreamName` and
/// the `namespace/name` length check of `ValidateImageStream`), as the ImageStream reports them.
pub(crate) fn stream_name_errors(namespace: &str, stream: &str) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if stream.is_empty() {
        errs.push(FieldError::required("metadata.name", "name or generateName is required"));
    } else {
        let segment = path_segment_errors(stream, false);
        if !segment.is_empty() {
            errs.extend(segment.into_iter().map(|msg| FieldError::invalid("metadata.name", stream, msg)));
        } else if !is_image_stream_name(stream) {
            errs.push(FieldError::invalid("metadata.name", stream, STREAM_NAME_FORMAT));
        }
    }
    if namespace.len() + 1 + stream.len() > 255 {
        errs.push(FieldError::invalid("metadata.name", stream, STREAM_PATH_TOO_LONG));
    }
    errs
}

/// What the name means for GET/PUT/DELETE and for registries (§2.2, §3.4, §6.8).
fn name_warnings(name: &str, create: bool, out: &mut Findings) {
    let Some((stream, tag)) = name.split_once(':') else {
        return;
    };
    let unreachable = "can be created, but then never read, replaced or deleted through imagetags (they require exactly one ':' and no '@')";
    if tag.contains(':') {
        out.warnings.push(FieldError::invalid("metadata.name", name, format!("has more than one ':': the server splits at the first one (image stream {}, tag {}); such a tag {unreachable}", super::field::go_quoted(stream), super::field::go_quoted(tag))));
    } else if name.contains('@') {
        out.warnings.push(FieldError::invalid(
            "metadata.name",
            name,
            format!("contains '@': such a tag {unreachable}"),
        ));
    } else if create && stream.is_empty() {
        out.warnings.push(FieldError::invalid(
            "metadata.name",
            name,
            "has an empty image stream name: the server answers 400 Bad Request (\"Name parameter required.\")",
        ));
    } else if tag.is_empty() {
        if create {
            out.warnings.push(FieldError::invalid(
                "metadata.name",
                name,
                format!(
                    "has an empty tag: the server creates {}",
                    super::field::go_quoted(&format!("{stream}:latest"))
                ),
            ));
        }
    } else if !is_docker_tag(tag) {
        out.warnings.push(FieldError::invalid("metadata.name", name, format!("has the tag {}, which registries refuse (a tag must match [\\w][\\w.-]{{0,127}}); the server accepts it", super::field::go_quoted(tag))));
    }
}

/// Spec warnings common to every operation.
pub(crate) fn spec_warnings(spec: Option<&TagReferenceView>, name: &str, namespace: &str, out: &mut Findings) {
    let Some(from) = spec.and_then(|s| s.from.as_ref()) else {
        return;
    };
    let (stream, tag, _) = split_image_stream_tag(name);
    match from.kind.as_str() {
        "ImageStreamTag" => {
            let same_namespace = from.namespace.as_str().is_empty() || from.namespace.as_str() == namespace;
            let target = from.name.as_str();
            let itself = target == tag || target.split_once(':') == Some((stream, tag));
            if same_namespace && itself && !target.is_empty() {
                out.warnings.push(FieldError::invalid(
                    "spec.from.name",
                    target,
                    "points at this tag itself: the tag tracks nothing and never gets a new image",
                ));
            }
        }
        "DockerImage" if !from.namespace.as_str().is_empty() => {
            out.warnings.push(FieldError::invalid(
                "spec.from.namespace",
                from.namespace.as_str(),
                "is ignored for kind DockerImage",
            ));
        }
        _ => {}
    }
}
