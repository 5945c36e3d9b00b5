//! The ImageTag validator (docs/semantics.md §3, with the defaulting of §1.9 and the create/update steps
//! of §2.6–§2.8); docs/js-api.md "Validation".
//!
//! - [`Operation::Create`]: exactly the causes of the 422 a POST of the object gets. The server first
//!   defaults and prepares the body (empty `referencePolicy.type` → `Source`, empty `spec.name` filled from
//!   the name, `status` and `image` dropped), validates the ImageTag and answers 422 (kind `ImageTag`) if
//!   anything fails. Only a valid ImageTag goes on to the image stream write, whose own checks (the stream
//!   name of §3.3, `namespace/name` ≤ 255, the `from.name` form of §3.2) answer 422 with kind
//!   `ImageStream`. This validator reports those stream causes, when the ImageTag is otherwise valid, on the
//!   ImageTag's own paths: the stream's `metadata.name` causes as `metadata.name` (value: the stream name),
//!   and the stream's `spec.tags[<tag>].from.name` (which the server wraps in one `InternalError` cause)
//!   as `spec.from.name`. The devserver builds the ImageStream-kind answer with [`validate_stream_create`].
//! - [`Operation::Update`] with `old`: the causes of a PUT of the object over `old` (§2.7). Without `old`
//!   it is the PUT that creates the image stream, i.e. the create rules.
//! - [`Operation::Read`]: the object as a server returns it (object meta, spec rules without filling,
//!   history references and digests, the Image rules of §3.7).
//!
//! Causes keep the server's order and repeat where the server repeats them (an update runs the generic
//! metadata update checks twice); [`invalid_message`] drops repeats as `ToAggregate` does.
//! Warnings are findings the server accepts but that will hurt; they never appear among the errors.

mod field;
mod image;
mod meta;
mod tag;
mod update;

use serde::{Deserialize, Serialize};

pub use field::{ErrorType, FieldError};

use crate::error::Error;
use crate::json::fast_reader::{Refused, Scan};
use crate::json::view::ImageTagView;
use crate::json::{read_list, want};
use crate::model::{ImageTag, ImageTagList, TagReference, API_VERSION, KIND_IMAGE_TAG};
use crate::status::{Status, StatusCause, StatusDetails};

/// The group every kind here belongs to.
pub const GROUP: &str = "image.openshift.io";

/// Which request the object is checked for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Operation {
    #[default]
    Create,
    Update,
    Read,
}

/// Errors (the 422 causes) and warnings.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Findings {
    pub errors: Vec<FieldError>,
    pub warnings: Vec<FieldError>,
}

impl Findings {
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty() && self.warnings.is_empty()
    }
}

/// The findings of one list item (only items with findings are reported).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ItemFindings {
    pub index: usize,
    pub name: String,
    pub errors: Vec<FieldError>,
    pub warnings: Vec<FieldError>,
}

/// Validates one ImageTag for `op` (see the module docs). Never fails: findings are data.
pub fn validate_image_tag(tag: &ImageTag, op: Operation, old: Option<&ImageTag>) -> Findings {
    let mut out = Findings::default();
    match (op, old) {
        (Operation::Update, Some(old)) => validate_update(tag, old, &mut out),
        (Operation::Read, _) => with_view(tag, |v| tag::read(v, tag.image.get().map(|i| &**i), &mut out)),
        _ => with_view(tag, |v| tag::create(v, &mut out)),
    }
    out
}

/// Runs `f` on the borrowed view of a model object (list items are read into the same view, so both go
/// through the very same rules).
fn with_view(tag: &ImageTag, f: impl FnOnce(&ImageTagView)) {
    f(&ImageTagView::from_model(tag))
}

fn validate_update(new: &ImageTag, old: &ImageTag, out: &mut Findings) {
    let mut old = old.clone();
    old.image = crate::model::Field::Null;
    let prepared = update::prepare(new, &old);
    let empty = crate::model::ObjectMeta::default();
    let new_meta = prepared.metadata.get().unwrap_or(&empty);
    let old_meta = old.metadata.get().unwrap_or(&empty);
    with_view(&prepared, |v| {
        let default_meta = Default::default();
        let meta = v.metadata.as_ref().unwrap_or(&default_meta);
        meta::object_meta(
            meta,
            meta.name.as_str(),
            meta::Scope::Namespaced,
            meta::NameRule::PathSegment,
            "metadata",
            &mut out.errors,
        );
        update::meta_update(new_meta, old_meta, &mut out.errors);
        update::meta_update(new_meta, old_meta, &mut out.errors);
        if let Some(spec) = &v.spec {
            tag::spec_rules(spec, meta.name.as_str(), None, &mut out.errors);
        }
        update::only_spec_errors(&prepared, &old, &mut out.errors);
        tag::spec_warnings(v.spec.as_ref(), meta.name.as_str(), meta.namespace.as_str(), out);
    });
    update_warnings(new, &old, out);
}

fn update_warnings(new: &ImageTag, old: &ImageTag, out: &mut Findings) {
    let empty = crate::model::ObjectMeta::default();
    let (nm, om) = (new.metadata.get().unwrap_or(&empty), old.metadata.get().unwrap_or(&empty));
    let name = nm.name.str();
    if name.split_once(':').is_some_and(|(_, t)| t.contains(':')) || name.contains('@') {
        out.warnings.push(FieldError::invalid("metadata.name", name, "is not of the form <stream>:<tag> with exactly one ':' and no '@': the server answers 400 Bad Request (\"ImageTags must be retrieved with <name>:<tag>\")"));
    }
    let rv = nm.resource_version.str();
    if !rv.is_empty() && !om.resource_version.str().is_empty() && rv != om.resource_version.str() {
        out.warnings.push(FieldError::invalid(
            "metadata.resourceVersion",
            rv,
            format!(
                "differs from the version read ({}): if that is still current, the server answers 409 Conflict",
                om.resource_version.str()
            ),
        ));
    }
    let (new_spec, old_spec) = (new.spec.get(), old.spec.get());
    if let Some(spec) = new_spec {
        let old_generation = old_spec.and_then(|s| s.generation.get().copied());
        match spec.generation.get().copied() {
            Some(0) if old_generation != Some(0) => {
                out.warnings.push(FieldError::invalid(
                    "spec.generation",
                    0,
                    "asks the server to re-import this tag now",
                ));
            }
            Some(g) if g != 0 && old_generation.is_some_and(|o| o != g) => {
                out.warnings.push(FieldError::invalid(
                    "spec.generation",
                    g,
                    "is managed by the server: the previous value is kept",
                ));
            }
            _ => {}
        }
    } else if old_spec.is_some() {
        out.warnings.push(FieldError::forbidden("spec", "null removes the spec tag; the history is kept"));
    }
    let spec_changed = {
        let norm = |s: Option<&TagReference>| {
            s.map(|s| {
                let mut s = s.clone();
                defaults(&mut s);
                s.generation = crate::model::Field::Absent;
                crate::json::to_value(&s)
            })
        };
        norm(new_spec) != norm(old_spec)
    };
    if spec_changed && !om.managed_fields.items().is_empty() {
        out.warnings.push(FieldError::forbidden(
            "metadata.managedFields",
            "the image stream tracks field ownership: the server may refuse this spec change with \"may not update fields other than spec\" (docs/semantics.md §2.7, to be verified on a live cluster)",
        ));
    }
}

/// Validates every item of an ImageTagList given as JSON text, in one pass over the text: items are
/// read one at a time into a borrowed view and dropped after their checks. Returns only the items with
/// findings. Default operation for lists is `read`; `update` has no old object here and means the create
/// rules. Bad JSON gives the same `parse`/`schema` error as `ImageTagList::parse`.
pub fn validate_image_tag_list_text(text: &str, op: Operation) -> Result<Vec<ItemFindings>, Error> {
    let mut out = Vec::new();
    if fast_list(text, op, &mut out).is_ok() {
        return Ok(out);
    }
    // The fast reader refused something (an error, or something it leaves to the exact path, such as a
    // repeated key or an escaped surrogate): the exact parser decides, and the parsed items go through the
    // same rules one by one. (Not `ImageTagList::check`: its fast reader would only refuse again.)
    ImageTagList::parse(text).map(|list| {
        let item_op = if op == Operation::Read { Operation::Read } else { Operation::Create };
        let mut out = Vec::new();
        for (index, item) in list.items.items().iter().enumerate() {
            let f = validate_image_tag(item, item_op, None);
            if !f.is_empty() {
                out.push(ItemFindings { index, name: item.name().to_string(), errors: f.errors, warnings: f.warnings });
            }
        }
        out
    })
}

/// The one pass of [`validate_image_tag_list_text`] on the fast reader: each item is read into its view
/// (every other field type-checked on the way), checked, and dropped.
fn fast_list(text: &str, op: Operation, out: &mut Vec<ItemFindings>) -> Scan<()> {
    read_list(text, |r| {
        // A repeated `items` replaces the earlier one.
        out.clear();
        if r.null()? {
            return Ok(());
        }
        let mut index = 0;
        let mut spare = crate::json::view::Spare::default();
        r.array(|r| {
            let item = crate::json::view::read_tag(r, &mut spare)?;
            want(item.kind.as_ref().map(crate::json::view::Str::as_str), KIND_IMAGE_TAG)?;
            want(item.api_version.as_ref().map(crate::json::view::Str::as_str), API_VERSION)?;
            let mut findings = Findings::default();
            match op {
                Operation::Read => {
                    // The whole image only for the rules that read it (the exact path when it does not parse).
                    let image = match &item.image {
                        Some(i) => Some(i.model().map_err(|_| Refused)?),
                        None => None,
                    };
                    tag::read(&item, image.as_deref(), &mut findings)
                }
                _ => tag::create(&item, &mut findings),
            }
            if !findings.is_empty() {
                let name = item.metadata.as_ref().map(|m| m.name.as_str()).unwrap_or("").to_string();
                out.push(ItemFindings { index, name, errors: findings.errors, warnings: findings.warnings });
            }
            spare.recycle(item);
            index += 1;
            Ok(())
        })
    })
}

/// The top-level message of a 422 (`errors.NewInvalid`): `<Kind>.image.openshift.io "<name>" is invalid:
/// <cause>` for one distinct cause, `… is invalid: [<cause>, <cause>]` for several (§2.11).
pub fn invalid_message(kind: &str, name: &str, errors: &[FieldError]) -> String {
    qualified_invalid_message(&format!("{kind}.{GROUP}"), name, errors)
}

/// [`invalid_message`] with the qualified kind given as is (`imagestreams` for the stream logic's wrapper).
fn qualified_invalid_message(qualified_kind: &str, name: &str, errors: &[FieldError]) -> String {
    let mut distinct: Vec<String> = Vec::with_capacity(errors.len());
    for e in errors {
        let text = e.to_string();
        if !distinct.contains(&text) {
            distinct.push(text);
        }
    }
    let head = format!("{qualified_kind} {} is invalid", field::go_quoted(name));
    match distinct.len() {
        0 => head,
        1 => format!("{head}: {}", distinct[0]),
        _ => format!("{head}: [{}]", distinct.join(", ")),
    }
}

/// The causes of a 422, in the server's shape (`field` omitted when empty, as `omitempty` does).
pub fn to_causes(errors: &[FieldError]) -> Vec<StatusCause> {
    errors
        .iter()
        .map(|e| StatusCause {
            reason: e.type_.reason().to_string().into(),
            message: e.message().into(),
            field: if e.field.is_empty() { crate::model::Field::Absent } else { e.field.clone().into() },
            ..StatusCause::default()
        })
        .collect()
}

/// The whole 422 `Status` (§2.11, §5.10): reason `Invalid`, details with name, group, kind and causes.
pub fn invalid_status(kind: &str, name: &str, errors: &[FieldError]) -> Status {
    let details = StatusDetails {
        name: name.to_string().into(),
        group: GROUP.to_string().into(),
        kind: kind.to_string().into(),
        causes: to_causes(errors).into(),
        ..StatusDetails::default()
    };
    Status::failure(422, "Invalid", invalid_message(kind, name, errors), Some(details))
}

/// The decode defaulting of §1.9 on a spec: empty `referencePolicy.type` → `Source`, empty
/// `importPolicy.importMode` → `Legacy` (the cluster default unless configured otherwise).
fn defaults(spec: &mut TagReference) {
    let policy = spec.reference_policy.get_or_insert_default();
    if policy.type_.str().is_empty() {
        policy.type_ = "Source".to_string().into();
    }
    let import = spec.import_policy.get_or_insert_default();
    if import.import_mode.str().is_empty() {
        import.import_mode = "Legacy".to_string().into();
    }
}

/// Applies the server's decode defaulting (§1.9) to an ImageTag, as every request body and stored object
/// gets it. Only a non-null `spec` is touched.
pub fn apply_defaults(tag: &mut ImageTag) {
    if let Some(spec) = tag.spec.get_mut() {
        defaults(spec);
    }
}

/// The image stream's own name rules (§3.3) as the **ImageStream** reports them (field `metadata.name`,
/// kind `ImageStream`, name = the stream): `Required` when empty, the path-segment rules, the name
/// format, and `namespace/name` ≤ 255 bytes.
pub fn validate_stream_name(namespace: &str, stream: &str) -> Vec<FieldError> {
    tag::stream_name_errors(namespace, stream)
}

/// The `from.name` form check the stream strategy runs for a new or changed spec tag (§3.2), on the
/// stream's path `spec.tags[<tag>].from.name`.
pub fn validate_stream_tag_reference(tag: &str, spec: &TagReference) -> Vec<FieldError> {
    tag::stream_from_error(
        &crate::json::view::TagReferenceView::from_model(spec),
        &format!("spec.tags[{tag}].from.name"),
    )
    .into_iter()
    .collect()
}

/// The one `InternalError` cause (empty field) into which the stream strategy wraps tag-reference
/// problems (§2.6 step 4): `Internal error: imagestreams "<stream>" is invalid: <cause>`.
pub fn stream_internal_error(stream: &str, errors: &[FieldError]) -> FieldError {
    FieldError::internal("", qualified_invalid_message("imagestreams", stream, errors))
}

/// All causes of the 422 with kind `ImageStream` (name = the stream) that a POST of a valid ImageTag
/// meets when it creates the image stream `stream` in `namespace` with the spec tag `tag`: the wrapped
/// tag-reference cause first, then the stream's name causes (the order of the stream strategy's
/// `Validate`). For an existing stream pass only the tag part ([`validate_stream_tag_reference`]).
pub fn validate_stream_create(namespace: &str, stream: &str, tag: &str, spec: &TagReference) -> Vec<FieldError> {
    let mut out = Vec::new();
    let tag_errors = validate_stream_tag_reference(tag, spec);
    if !tag_errors.is_empty() {
        out.push(stream_internal_error(stream, &tag_errors));
    }
    out.extend(validate_stream_name(namespace, stream));
    out
}

#[cfg(test)]
mod fast_tests {
    use super::*;

    #[test]
    fn the_fast_reader_takes_real_lists() {
        let list = include_str!("../../tests/data/examples/5.9-list-app-stream.json");
        let tags = [
            include_str!("../../tests/data/examples/5.1-docker-tracking-three-items.json"),
            include_str!("../../tests/data/examples/5.5-manifest-list.json"),
            include_str!("../../tests/data/examples/5.6-signatures.json"),
            include_str!("../../tests/data/examples/5.7-local-policy-import-failing.json"),
        ];
        let mut texts = vec![list.to_string()];
        texts.extend(tags.iter().map(|t| format!("{{\"items\":[{t},{t}]}}")));
        for t in &texts {
            for op in [Operation::Read, Operation::Create] {
                let mut out = Vec::new();
                assert!(fast_list(t, op, &mut out).is_ok(), "refused: {t}");
                assert_eq!(Ok(out), validate_image_tag_list_text(t, op));
            }
        }
    }
}
