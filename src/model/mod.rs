//! The ImageTag model of `image.openshift.io/v1` (docs/semantics.md §1), lossless: plain data that
//! depends on nothing else in the crate. Reading and writing JSON text is [`crate::json`]'s.
//!
//! Every field is a [`Field`]: absent, `null` and present stay apart, and every object keeps the keys it
//! does not know in `extra`, so `serialize(parse(text))` gives back what the server sent. Maps are
//! `BTreeMap`s (stable output); numbers the API declares as int64 are `i64`.

use std::collections::BTreeMap;

mod image;
mod meta;
pub mod object;
mod stream;

pub use image::*;
pub use meta::*;
pub(crate) use object::api_object;
pub use object::{Extra, Field, HasTy, Ty};
pub use stream::*;

/// A string-to-string map (labels, annotations, signed claims).
pub type StringMap = BTreeMap<String, String>;

pub const API_VERSION: &str = "image.openshift.io/v1";
pub const KIND_IMAGE_TAG: &str = "ImageTag";
pub const KIND_IMAGE_TAG_LIST: &str = "ImageTagList";

api_object! {
    /// One tag of an image stream, as the `imagetags` endpoints return it (§1.1).
    pub struct ImageTag {
        "kind" => kind: String,
        "apiVersion" => api_version: String,
        /// The image stream's metadata with `name` set to `<stream>:<tag>` (§2.3).
        "metadata" => metadata: ObjectMeta,
        /// The stream's spec tag; `null` for a status-only (pushed) tag.
        "spec" => spec: TagReference,
        /// The stream's status tag (history and conditions); `null` before any import or push.
        "status" => status: NamedTagEventList,
        /// The Image the newest history entry points to; always `null` in lists.
        "image" => image: Box<Image>,
    }
}

api_object! {
    /// A list of ImageTags (§1.1, §2.5): `items` may be `null` when empty.
    pub struct ImageTagList {
        "kind" => kind: String,
        "apiVersion" => api_version: String,
        "metadata" => metadata: ListMeta,
        "items" => items: Vec<ImageTag>,
    }
}

api_object! {
    /// The spec tag (§1.2).
    pub struct TagReference {
        /// Must equal the tag part of `metadata.name`.
        "name" => name: String,
        "annotations" => annotations: StringMap,
        /// Where the tag's image comes from.
        "from" => from: ObjectReference,
        /// `true`: do not import, only point at the reference.
        "reference" => reference: bool,
        /// Server-managed counter; `0` asks for a re-import.
        "generation" => generation: i64,
        "importPolicy" => import_policy: TagImportPolicy,
        "referencePolicy" => reference_policy: TagReferencePolicy,
    }
}

api_object! {
    /// A core/v1 ObjectReference; only `kind`, `name` and `namespace` mean anything in `spec.from` (§1.3).
    pub struct ObjectReference {
        "kind" => kind: String,
        "namespace" => namespace: String,
        "name" => name: String,
        "uid" => uid: String,
        "apiVersion" => api_version: String,
        "resourceVersion" => resource_version: String,
        "fieldPath" => field_path: String,
    }
}

api_object! {
    /// How the tag is imported (§1.4).
    pub struct TagImportPolicy {
        "insecure" => insecure: bool,
        "scheduled" => scheduled: bool,
        /// `Legacy` or `PreserveOriginal`; empty means the cluster default.
        "importMode" => import_mode: String,
    }
}

api_object! {
    /// How consumers pull the tag (§1.5): `Source` or `Local`.
    pub struct TagReferencePolicy {
        "type" => type_: String,
    }
}

api_object! {
    /// The status tag: history, newest first, and import conditions (§1.6).
    pub struct NamedTagEventList {
        "tag" => tag: String,
        /// May be `null` (for example when the first import failed).
        "items" => items: Vec<TagEvent>,
        "conditions" => conditions: Vec<TagEventCondition>,
    }
}

api_object! {
    /// One history entry (§1.6).
    pub struct TagEvent {
        "created" => created: String,
        "dockerImageReference" => docker_image_reference: String,
        /// Image name (a digest); empty for `reference: true` tags.
        "image" => image: String,
        "generation" => generation: i64,
    }
}

api_object! {
    /// An import condition; in practice only `ImportSuccess=False` (§1.6).
    pub struct TagEventCondition {
        "type" => type_: String,
        "status" => status: String,
        "lastTransitionTime" => last_transition_time: String,
        "reason" => reason: String,
        "message" => message: String,
        "generation" => generation: i64,
    }
}

impl ImageTag {
    /// `metadata.name`, or `""`.
    pub fn name(&self) -> &str {
        self.metadata.name()
    }

    /// `metadata.namespace`, or `""`.
    pub fn namespace(&self) -> &str {
        self.metadata.namespace()
    }

    /// History entries, newest first (empty when there is no status or `items` is `null`).
    pub fn history(&self) -> &[TagEvent] {
        self.status.get().map(|s| s.items.items()).unwrap_or(&[])
    }
}
