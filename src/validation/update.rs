//! PUT over an existing image stream (docs/semantics.md §2.7, §3.1 "On update").
//!
//! Sources: k8s.io/apiserver `rest.BeforeUpdate` (generation, uid when empty, creationTimestamp, deletion
//! timestamp and grace period are taken from the old object; then `validateCommonFields` runs
//! `ValidateObjectMetaAccessor` and `ValidateObjectMetaAccessorUpdate`), the imagetag strategy's
//! `PrepareForUpdate` (selfLink and image from the old object), and openshift-apiserver
//! `ValidateImageTagUpdate` (`ValidateObjectMetaUpdate` again, the spec rules, then `metadata` and `status`
//! compared with `apiequality.Semantic`: times as instants, `nil` and empty lists and maps equal).

use serde_json::Value;

use super::field::{go_quoted, FieldError};
use super::meta::{meta_maps_and_lists, FIELD_IMMUTABLE};
use crate::json::view::ObjectMetaView;
use crate::model::Field;
use crate::model::{ImageTag, ManagedFieldsEntry, NamedTagEventList, ObjectMeta, OwnerReference, StringMap};
use crate::time::instant;

const ONLY_SPEC: &str = "may not update fields other than spec";

/// The body as the server's validation sees it: after `BeforeUpdate`'s overwrites and the resourceVersion check.
pub(crate) fn prepare(new: &ImageTag, old: &ImageTag) -> ImageTag {
    let mut tag = new.clone();
    let empty = ObjectMeta::default();
    let old_meta = old.metadata.get().unwrap_or(&empty);
    let meta = tag.metadata.get_or_insert_default();
    // An empty resourceVersion is a blind PUT and takes the stream's; a different one is answered with
    // 409 Conflict before validation runs (§2.7 step 4). Either way validation sees the stream's version.
    meta.resource_version = old_meta.resource_version.clone();
    meta.generation = old_meta.generation.clone();
    meta.self_link = old_meta.self_link.clone();
    if meta.uid.str().is_empty() {
        meta.uid = old_meta.uid.clone();
    }
    if !old_meta.creation_timestamp.str().is_empty() {
        meta.creation_timestamp = old_meta.creation_timestamp.clone();
    }
    if old_meta.deletion_timestamp.is_present()
        && instant(old_meta.deletion_timestamp.get().map(String::as_str))
            != instant(meta.deletion_timestamp.get().map(String::as_str))
    {
        meta.deletion_timestamp = old_meta.deletion_timestamp.clone();
    }
    if old_meta.deletion_grace_period_seconds.is_present() && meta.deletion_grace_period_seconds.is_none() {
        meta.deletion_grace_period_seconds = old_meta.deletion_grace_period_seconds.clone();
    }
    tag.image = Field::Null;
    tag
}

fn time_value(f: &Field<String>) -> Value {
    match f.get() {
        Some(t) if !t.is_empty() => Value::String(t.clone()),
        _ => Value::Null,
    }
}

/// `ValidateObjectMetaAccessorUpdate(new, old)`.
pub(crate) fn meta_update(new: &ObjectMeta, old: &ObjectMeta, errs: &mut Vec<FieldError>) {
    if old.deletion_timestamp.is_present() {
        let old_set: Vec<&String> = old.finalizers.items().iter().collect();
        let mut extra: Vec<&String> = new.finalizers.items().iter().filter(|f| !old_set.contains(f)).collect();
        crate::sort::sort(&mut extra);
        extra.dedup();
        if !extra.is_empty() {
            let list = extra.iter().map(|f| go_quoted(f)).collect::<Vec<_>>().join(", ");
            errs.push(FieldError::forbidden(
                "metadata.finalizers",
                format!("no new finalizers can be added if the object is being deleted, found new finalizers []string{{{list}}}"),
            ));
        }
    }
    if new.resource_version.str().is_empty() {
        errs.push(FieldError::invalid("metadata.resourceVersion", "", "must be specified for an update"));
    }
    if new.generation.num() < old.generation.num() {
        errs.push(FieldError::invalid("metadata.generation", new.generation.num(), "must not be decremented"));
    }
    for (field, a, b) in
        [("name", &new.name, &old.name), ("namespace", &new.namespace, &old.namespace), ("uid", &new.uid, &old.uid)]
    {
        if a.str() != b.str() {
            errs.push(FieldError::invalid(format!("metadata.{field}"), a.str(), FIELD_IMMUTABLE));
        }
    }
    if instant(non_empty(&new.creation_timestamp)) != instant(non_empty(&old.creation_timestamp)) {
        errs.push(FieldError::invalid(
            "metadata.creationTimestamp",
            time_value(&new.creation_timestamp),
            FIELD_IMMUTABLE,
        ));
    }
    if !optional_time_eq(&new.deletion_timestamp, &old.deletion_timestamp) {
        errs.push(FieldError::invalid(
            "metadata.deletionTimestamp",
            time_value(&new.deletion_timestamp),
            FIELD_IMMUTABLE,
        ));
    }
    if new.deletion_grace_period_seconds.get() != old.deletion_grace_period_seconds.get() {
        let value = new.deletion_grace_period_seconds.get().map_or(Value::Null, |n| Value::from(*n));
        errs.push(FieldError::invalid("metadata.deletionGracePeriodSeconds", value, FIELD_IMMUTABLE));
    }
    meta_maps_and_lists(&ObjectMetaView::from_model(new), "metadata", false, errs);
}

fn non_empty(f: &Field<String>) -> Option<&str> {
    f.get().map(String::as_str).filter(|s| !s.is_empty())
}

/// `*metav1.Time`: both unset, or both set to the same instant.
fn optional_time_eq(a: &Field<String>, b: &Field<String>) -> bool {
    match (a.get(), b.get()) {
        (None, None) => true,
        (Some(x), Some(y)) => instant(Some(x)) == instant(Some(y)),
        _ => false,
    }
}

fn map_eq(a: &Field<StringMap>, b: &Field<StringMap>) -> bool {
    let empty = StringMap::new();
    a.get().unwrap_or(&empty) == b.get().unwrap_or(&empty)
}

fn owner_eq(a: &OwnerReference, b: &OwnerReference) -> bool {
    a.api_version.str() == b.api_version.str()
        && a.kind.str() == b.kind.str()
        && a.name.str() == b.name.str()
        && a.uid.str() == b.uid.str()
        && a.controller.get() == b.controller.get()
        && a.block_owner_deletion.get() == b.block_owner_deletion.get()
}

fn managed_eq(a: &ManagedFieldsEntry, b: &ManagedFieldsEntry) -> bool {
    a.manager.str() == b.manager.str()
        && a.operation.str() == b.operation.str()
        && a.api_version.str() == b.api_version.str()
        && optional_time_eq(&a.time, &b.time)
        && a.fields_type.str() == b.fields_type.str()
        && a.fields_v1.get() == b.fields_v1.get()
        && a.subresource.str() == b.subresource.str()
}

fn slice_eq<T>(a: &[T], b: &[T], eq: impl Fn(&T, &T) -> bool) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| eq(x, y))
}

/// `apiequality.Semantic.DeepEqual` of two ObjectMetas.
pub(crate) fn meta_equal(a: &ObjectMeta, b: &ObjectMeta) -> bool {
    a.name.str() == b.name.str()
        && a.generate_name.str() == b.generate_name.str()
        && a.namespace.str() == b.namespace.str()
        && a.self_link.str() == b.self_link.str()
        && a.uid.str() == b.uid.str()
        && a.resource_version.str() == b.resource_version.str()
        && a.generation.num() == b.generation.num()
        && instant(non_empty(&a.creation_timestamp)) == instant(non_empty(&b.creation_timestamp))
        && optional_time_eq(&a.deletion_timestamp, &b.deletion_timestamp)
        && a.deletion_grace_period_seconds.get() == b.deletion_grace_period_seconds.get()
        && map_eq(&a.labels, &b.labels)
        && map_eq(&a.annotations, &b.annotations)
        && slice_eq(a.owner_references.items(), b.owner_references.items(), owner_eq)
        && a.finalizers.items() == b.finalizers.items()
        && slice_eq(a.managed_fields.items(), b.managed_fields.items(), managed_eq)
}

/// `apiequality.Semantic.DeepEqual` of two statuses (`nil` only equals `nil`).
pub(crate) fn status_equal(a: &Field<NamedTagEventList>, b: &Field<NamedTagEventList>) -> bool {
    match (a.get(), b.get()) {
        (None, None) => true,
        (Some(x), Some(y)) => {
            x.tag.str() == y.tag.str()
                && slice_eq(x.items.items(), y.items.items(), |e, f| {
                    instant(non_empty(&e.created)) == instant(non_empty(&f.created))
                        && e.docker_image_reference.str() == f.docker_image_reference.str()
                        && e.image.str() == f.image.str()
                        && e.generation.num() == f.generation.num()
                })
                && slice_eq(x.conditions.items(), y.conditions.items(), |c, d| {
                    c.type_.str() == d.type_.str()
                        && c.status.str() == d.status.str()
                        && instant(non_empty(&c.last_transition_time)) == instant(non_empty(&d.last_transition_time))
                        && c.reason.str() == d.reason.str()
                        && c.message.str() == d.message.str()
                        && c.generation.num() == d.generation.num()
                })
        }
        _ => false,
    }
}

/// The two "only spec may change" causes.
pub(crate) fn only_spec_errors(new: &ImageTag, old: &ImageTag, errs: &mut Vec<FieldError>) {
    let empty = ObjectMeta::default();
    if !meta_equal(new.metadata.get().unwrap_or(&empty), old.metadata.get().unwrap_or(&empty)) {
        errs.push(FieldError::invalid("metadata", "", ONLY_SPEC));
    }
    if !status_equal(&new.status, &old.status) {
        errs.push(FieldError::invalid("status", "", ONLY_SPEC));
    }
}
