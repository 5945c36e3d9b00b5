//! meta/v1 types every API object carries: ObjectMeta (with owner references and managed fields) and
//! ListMeta.

use serde_json::Value;

use super::{api_object, Field, StringMap};

api_object! {
    /// meta/v1 ObjectMeta, in full.
    pub struct ObjectMeta {
        "name" => name: String,
        "generateName" => generate_name: String,
        "namespace" => namespace: String,
        "selfLink" => self_link: String,
        "uid" => uid: String,
        "resourceVersion" => resource_version: String,
        "generation" => generation: i64,
        "creationTimestamp" => creation_timestamp: String,
        "deletionTimestamp" => deletion_timestamp: String,
        "deletionGracePeriodSeconds" => deletion_grace_period_seconds: i64,
        "labels" => labels: StringMap,
        "annotations" => annotations: StringMap,
        "ownerReferences" => owner_references: Vec<OwnerReference>,
        "finalizers" => finalizers: Vec<String>,
        "managedFields" => managed_fields: Vec<ManagedFieldsEntry>,
    }
}

/// The fields every object's accessors read, `""` when the metadata or the field is absent or `null`.
impl Field<ObjectMeta> {
    pub fn name(&self) -> &str {
        self.get().map(|m| m.name.str()).unwrap_or("")
    }

    pub fn namespace(&self) -> &str {
        self.get().map(|m| m.namespace.str()).unwrap_or("")
    }

    pub fn resource_version(&self) -> &str {
        self.get().map(|m| m.resource_version.str()).unwrap_or("")
    }
}

api_object! {
    /// meta/v1 OwnerReference.
    pub struct OwnerReference {
        "apiVersion" => api_version: String,
        "kind" => kind: String,
        "name" => name: String,
        "uid" => uid: String,
        "controller" => controller: bool,
        "blockOwnerDeletion" => block_owner_deletion: bool,
    }
}

api_object! {
    /// meta/v1 ManagedFieldsEntry; `fieldsV1` is kept as raw JSON.
    pub struct ManagedFieldsEntry {
        "manager" => manager: String,
        "operation" => operation: String,
        "apiVersion" => api_version: String,
        "time" => time: String,
        "fieldsType" => fields_type: String,
        "fieldsV1" => fields_v1: Value,
        "subresource" => subresource: String,
    }
}

api_object! {
    /// meta/v1 ListMeta.
    pub struct ListMeta {
        "selfLink" => self_link: String,
        "resourceVersion" => resource_version: String,
        "continue" => continue_: String,
        "remainingItemCount" => remaining_item_count: i64,
    }
}
