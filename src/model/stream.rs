//! The ImageStream model (`image.openshift.io/v1`), lossless like the ImageTag model, and the projection of
//! a stream to its ImageTags (docs/semantics.md §2.3, §2.5).
//!
//! Every ImageTag is a view of one ImageStream: `metadata` is the stream's with `name` set to
//! `<stream>:<tag>`, `spec` is the stream's `spec.tags[]` entry of that name (or `null`), `status` its
//! `status.tags[]` entry (or `null`), and a tag exists while it has either. [`project_image_tag`] is that rule
//! in one place, for the client's watch (which reads streams) and for the devserver (which stores them).

use super::{api_object, Field, ImageTag, ListMeta, NamedTagEventList, ObjectMeta, TagReference};
use super::{API_VERSION, KIND_IMAGE_TAG};

pub const KIND_IMAGE_STREAM: &str = "ImageStream";
pub const KIND_IMAGE_STREAM_LIST: &str = "ImageStreamList";

api_object! {
    /// An image stream: the stored object every ImageTag is projected from (docs/watch.md).
    pub struct ImageStream {
        "kind" => kind: String,
        "apiVersion" => api_version: String,
        "metadata" => metadata: ObjectMeta,
        "spec" => spec: ImageStreamSpec,
        "status" => status: ImageStreamStatus,
    }
}

api_object! {
    /// `spec` of an image stream: its spec tags, exactly the ImageTag's `spec` type (§1.2).
    pub struct ImageStreamSpec {
        "lookupPolicy" => lookup_policy: ImageLookupPolicy,
        /// Deprecated upstream; kept as it came.
        "dockerImageRepository" => docker_image_repository: String,
        /// May be absent or `null` when the stream has no spec tags.
        "tags" => tags: Vec<TagReference>,
    }
}

api_object! {
    /// Whether pods may use the stream's short name as an image (`local: true`).
    pub struct ImageLookupPolicy {
        "local" => local: bool,
    }
}

api_object! {
    /// `status` of an image stream: its status tags, exactly the ImageTag's `status` type (§1.6).
    pub struct ImageStreamStatus {
        "dockerImageRepository" => docker_image_repository: String,
        "publicDockerImageRepository" => public_docker_image_repository: String,
        /// May be absent or `null` when nothing was ever imported, pushed or tagged.
        "tags" => tags: Vec<NamedTagEventList>,
    }
}

api_object! {
    /// A list of image streams. `metadata.resourceVersion` is the version a watch starts from.
    pub struct ImageStreamList {
        "kind" => kind: String,
        "apiVersion" => api_version: String,
        "metadata" => metadata: ListMeta,
        "items" => items: Vec<ImageStream>,
    }
}

/// Which form of ImageTag a projection gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagForm {
    /// An item of an `ImageTagList`: no `kind`/`apiVersion` of its own (§1.1).
    ListItem,
    /// A whole object (GET, a write's answer, a watch event): with `kind: ImageTag` and `apiVersion`.
    Object,
}

/// One tag of a stream: its spec entry and its status entry (at least one of them is there).
pub type TagEntries<'a> = (Option<&'a TagReference>, Option<&'a NamedTagEventList>);

/// The ImageTag view of tag `tag` of the stream whose metadata is `stream_meta` (docs/semantics.md §2.3):
/// the stream's metadata with `name` set to `<stream>:<tag>`, `spec` and `status` as given (`null` when
/// `None`), and `image` `null` (a single GET fills it in from the Image the newest history entry names,
/// §2.4; lists never do, §2.5).
pub fn project_image_tag(
    stream_meta: &ObjectMeta,
    tag: &str,
    spec: Option<&TagReference>,
    status: Option<&NamedTagEventList>,
    form: TagForm,
) -> ImageTag {
    let mut metadata = stream_meta.clone();
    metadata.name = Field::Present(format!("{}:{tag}", stream_meta.name.str()));
    let typed = |v: &str| match form {
        TagForm::ListItem => Field::Absent,
        TagForm::Object => Field::Present(v.to_string()),
    };
    ImageTag {
        kind: typed(KIND_IMAGE_TAG),
        api_version: typed(API_VERSION),
        metadata: Field::Present(metadata),
        spec: spec.cloned().into(),
        status: status.cloned().into(),
        image: Field::Null,
        extra: Default::default(),
    }
}

impl ImageStream {
    /// `metadata.name`, or `""`.
    pub fn name(&self) -> &str {
        self.metadata.name()
    }

    /// `metadata.namespace`, or `""`.
    pub fn namespace(&self) -> &str {
        self.metadata.namespace()
    }

    /// `metadata.resourceVersion`, or `""`.
    pub fn resource_version(&self) -> &str {
        self.metadata.resource_version()
    }

    /// The spec tags (empty when `spec` or `spec.tags` is absent or `null`).
    pub fn spec_tags(&self) -> &[TagReference] {
        self.spec.get().map(|s| s.tags.items()).unwrap_or(&[])
    }

    /// The status tags (empty when `status` or `status.tags` is absent or `null`).
    pub fn status_tags(&self) -> &[NamedTagEventList] {
        self.status.get().map(|s| s.tags.items()).unwrap_or(&[])
    }

    /// Every tag of the stream, by name in byte order (the order of a list, §2.5): the union of the spec and
    /// status tag names, each with its entries. Should a name appear twice in one of the arrays (a real
    /// server keeps tags in a map, so it never sends that), the last entry wins, as the server's decoding
    /// into its map does.
    pub fn tags(&self) -> Vec<(&str, TagEntries<'_>)> {
        // A sorted vector rather than a map: one `sort_by` instead of a tree's code for one more key type in
        // the .wasm (the watch diff calls this for every stream event).
        let mut all: Vec<(&str, TagEntries<'_>)> =
            Vec::with_capacity(self.spec_tags().len() + self.status_tags().len());
        all.extend(self.spec_tags().iter().map(|t| (t.name.str(), (Some(t), None))));
        all.extend(self.status_tags().iter().map(|t| (t.tag.str(), (None, Some(t)))));
        crate::sort::sort_by(&mut all, |a, b| a.0.cmp(b.0)); // stable: within a name, spec entries first, each in array order
        let mut out: Vec<(&str, TagEntries<'_>)> = Vec::with_capacity(all.len());
        for (name, (spec, status)) in all {
            match out.last_mut() {
                Some((n, e)) if *n == name => {
                    e.0 = spec.or(e.0);
                    e.1 = status.or(e.1);
                }
                _ => out.push((name, (spec, status))),
            }
        }
        out
    }

    /// The ImageTag of one tag, or `None` when the stream has neither a spec nor a status entry for it.
    pub fn image_tag(&self, tag: &str, form: TagForm) -> Option<ImageTag> {
        let spec = self.spec_tags().iter().rev().find(|t| t.name.str() == tag);
        let status = self.status_tags().iter().rev().find(|t| t.tag.str() == tag);
        if spec.is_none() && status.is_none() {
            return None;
        }
        Some(project_image_tag(&self.meta(), tag, spec, status, form))
    }

    /// All ImageTags of the stream, in list order (tag names in byte order, §2.5).
    pub fn image_tags(&self, form: TagForm) -> Vec<ImageTag> {
        let meta = self.meta();
        self.tags().into_iter().map(|(tag, (spec, status))| project_image_tag(&meta, tag, spec, status, form)).collect()
    }

    /// The metadata the projection copies (empty when absent or `null`).
    pub(crate) fn meta(&self) -> std::borrow::Cow<'_, ObjectMeta> {
        match self.metadata.get() {
            Some(m) => std::borrow::Cow::Borrowed(m),
            None => std::borrow::Cow::Owned(ObjectMeta::default()),
        }
    }
}

impl ImageStreamList {
    /// The ImageTags of every stream, as `GET …/imagetags` lists them (§2.5): streams in the list's order,
    /// the tags of each in byte order, in list-item form.
    pub fn image_tags(&self) -> Vec<ImageTag> {
        self.items.items().iter().flat_map(|s| s.image_tags(TagForm::ListItem)).collect()
    }
}
