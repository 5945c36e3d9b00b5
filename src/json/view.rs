//! The borrowed, read-only view of an ImageTag that validation and the history both read: one type per API
//! type (`ImageTagView`, `ObjectMetaView`, `TagReferenceView`, `NamedTagEventListView`, `TagEventView`, …)
//! holding the fields the rules and the renderers look at, with strings that borrow from the input.
//!
//! Two ways in, one set of types: [`ImageTagView::from_model`] borrows from a parsed [`ImageTag`], and
//! [`ImageTagView::read`] (or [`read_tag`] for list items) reads JSON text on the fast reader without
//! building the model. The reader type-checks every field it does not keep against the model's shape in
//! the same pass and refuses whatever it is not sure of ([`Refused`]); callers then take the exact path
//! (parse, then [`ImageTagView::from_model`]), so text that reads here is text that parses, with the same
//! meaning, and every error is the parser's.
//!
//! As in the model, of a repeated key the last one counts (a repeated key inside a string map is refused),
//! and absent and `null` read as Go's zero value, except where the rules tell them apart (`Option`).

use std::borrow::Cow;
use std::ops::Deref;

use super::fast_reader::{arr, arr_into, obj, Reader, Refused, Scan};
use super::want;
use crate::error::Error;
use crate::model::{
    Field, Image, ImageManifest, ImageTag, ManagedFieldsEntry, NamedTagEventList, ObjectMeta, ObjectReference,
    OwnerReference, StringMap, TagEvent, TagEventCondition, TagImportPolicy, TagReference, TagReferencePolicy,
    API_VERSION, KIND_IMAGE_TAG,
};

/// A string of the viewed object: a borrow of the input (the text, or the model's `String`) whenever JSON
/// allows it, unescaped into its own `String` when the text has escapes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Str<'a>(pub Cow<'a, str>);

impl Default for Str<'_> {
    /// `""`, borrowed (`Cow`'s own default is an owned `String`).
    fn default() -> Self {
        Str(Cow::Borrowed(""))
    }
}

impl<'a> Str<'a> {
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The string as a borrow of the input, for results that outlive the view; `None` when it was
    /// unescaped (then the caller takes the exact path, whose model strings always borrow).
    pub fn borrowed(&self) -> Option<&'a str> {
        match self.0 {
            Cow::Borrowed(s) => Some(s),
            Cow::Owned(_) => None,
        }
    }
}

impl Deref for Str<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Str<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'a> From<&'a str> for Str<'a> {
    fn from(s: &'a str) -> Self {
        Str(Cow::Borrowed(s))
    }
}

/// A string→string map (labels, annotations) as its pairs, in input order.
#[derive(Clone, Debug, Default)]
pub struct StringMapView<'a>(pub Vec<(Str<'a>, Str<'a>)>);

impl StringMapView<'_> {
    /// The value of `key`, or `""`.
    pub fn get(&self, key: &str) -> &str {
        self.0.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v.as_str()).unwrap_or("")
    }
}

/// One ImageTag.
#[derive(Debug, Default)]
pub struct ImageTagView<'a> {
    /// `None` when absent or `null` (list items carry none).
    pub kind: Option<Str<'a>>,
    pub api_version: Option<Str<'a>>,
    pub metadata: Option<ObjectMetaView<'a>>,
    pub spec: Option<TagReferenceView<'a>>,
    pub status: Option<NamedTagEventListView<'a>>,
    pub image: Option<ImageView<'a>>,
}

/// `metadata`.
#[derive(Debug, Default)]
pub struct ObjectMetaView<'a> {
    pub name: Str<'a>,
    pub generate_name: Str<'a>,
    pub namespace: Str<'a>,
    pub generation: Option<i64>,
    pub labels: Option<StringMapView<'a>>,
    pub annotations: Option<StringMapView<'a>>,
    pub owner_references: Option<Vec<OwnerReferenceView<'a>>>,
    pub finalizers: Option<Vec<Str<'a>>>,
    pub managed_fields: Option<Vec<ManagedFieldsEntryView<'a>>>,
}

/// One of `metadata.ownerReferences`.
#[derive(Debug, Default)]
pub struct OwnerReferenceView<'a> {
    pub api_version: Str<'a>,
    pub kind: Str<'a>,
    pub name: Str<'a>,
    pub uid: Str<'a>,
    pub controller: Option<bool>,
    pub block_owner_deletion: Option<bool>,
}

impl OwnerReferenceView<'_> {
    /// The reference as `metav1.OwnerReference` marshals it (pointers omitted when unset).
    pub fn to_value(&self) -> serde_json::Value {
        let mut m = serde_json::Map::new();
        m.insert("apiVersion".into(), self.api_version.as_str().into());
        m.insert("kind".into(), self.kind.as_str().into());
        m.insert("name".into(), self.name.as_str().into());
        m.insert("uid".into(), self.uid.as_str().into());
        if let Some(c) = self.controller {
            m.insert("controller".into(), c.into());
        }
        if let Some(b) = self.block_owner_deletion {
            m.insert("blockOwnerDeletion".into(), b.into());
        }
        serde_json::Value::Object(m)
    }
}

/// One of `metadata.managedFields`.
#[derive(Debug, Default)]
pub struct ManagedFieldsEntryView<'a> {
    pub manager: Str<'a>,
    pub operation: Str<'a>,
    pub fields_type: Str<'a>,
    pub subresource: Str<'a>,
}

/// `spec`: the spec tag.
#[derive(Debug, Default)]
pub struct TagReferenceView<'a> {
    pub name: Str<'a>,
    pub annotations: Option<StringMapView<'a>>,
    pub from: Option<ObjectReferenceView<'a>>,
    pub reference: bool,
    pub generation: Option<i64>,
    pub import_policy: Option<TagImportPolicyView<'a>>,
    pub reference_policy: Option<TagReferencePolicyView<'a>>,
}

impl TagReferenceView<'_> {
    pub fn scheduled(&self) -> bool {
        self.import_policy.as_ref().is_some_and(|p| p.scheduled)
    }
    pub fn insecure(&self) -> bool {
        self.import_policy.as_ref().is_some_and(|p| p.insecure)
    }
    /// `importPolicy.importMode`, `""` when unset.
    pub fn import_mode(&self) -> &str {
        self.import_policy.as_ref().map(|p| p.import_mode.as_str()).unwrap_or("")
    }
    /// `referencePolicy.type`, `""` when unset.
    pub fn reference_policy_type(&self) -> &str {
        self.reference_policy.as_ref().map(|p| p.type_.as_str()).unwrap_or("")
    }
}

/// `spec.from`: only `kind`, `name` and `namespace` mean anything there.
#[derive(Debug, Default)]
pub struct ObjectReferenceView<'a> {
    pub kind: Str<'a>,
    pub name: Str<'a>,
    pub namespace: Str<'a>,
}

/// `spec.importPolicy`.
#[derive(Debug, Default)]
pub struct TagImportPolicyView<'a> {
    pub insecure: bool,
    pub scheduled: bool,
    pub import_mode: Str<'a>,
}

/// `spec.referencePolicy`.
#[derive(Debug, Default)]
pub struct TagReferencePolicyView<'a> {
    pub type_: Str<'a>,
}

/// `status`: the history, newest first, and the import conditions.
#[derive(Debug, Default)]
pub struct NamedTagEventListView<'a> {
    pub tag: Str<'a>,
    pub items: Vec<TagEventView<'a>>,
    pub conditions: Vec<TagEventConditionView<'a>>,
}

/// One history entry.
#[derive(Debug, Default)]
pub struct TagEventView<'a> {
    pub created: Str<'a>,
    pub docker_image_reference: Str<'a>,
    pub image: Str<'a>,
    pub generation: i64,
}

/// One import condition.
#[derive(Debug, Default)]
pub struct TagEventConditionView<'a> {
    pub type_: Str<'a>,
    pub status: Str<'a>,
    /// `None` when absent or `null`.
    pub last_transition_time: Option<Str<'a>>,
    pub reason: Str<'a>,
    pub message: Str<'a>,
    pub generation: i64,
}

/// `image`: the manifest list the history shows, and the whole Image for the rules that read all of it.
#[derive(Debug)]
pub struct ImageView<'a> {
    pub docker_image_manifest_media_type: Str<'a>,
    pub docker_image_manifests: Vec<ImageManifestView<'a>>,
    whole: WholeImage<'a>,
}

#[derive(Debug)]
enum WholeImage<'a> {
    Model(&'a Image),
    /// The image's JSON text, which the fast reader has checked against the model's shape.
    Text(&'a str),
}

impl<'a> ImageView<'a> {
    /// The whole Image: borrowed from the model, or parsed from its text on the exact path (only the rules
    /// that read all of it ask, so the fast path never builds it otherwise).
    pub fn model(&self) -> Result<Cow<'a, Image>, Error> {
        match self.whole {
            WholeImage::Model(image) => Ok(Cow::Borrowed(image)),
            WholeImage::Text(text) => super::from_str(text).map(Cow::Owned),
        }
    }
}

/// One platform of `image.dockerImageManifests`.
#[derive(Debug, Default)]
pub struct ImageManifestView<'a> {
    pub digest: Str<'a>,
    pub architecture: Str<'a>,
    pub os: Str<'a>,
    pub variant: Str<'a>,
}

impl<'a> ImageTagView<'a> {
    /// `metadata.name`, or `""`.
    pub fn name(&self) -> &str {
        self.metadata.as_ref().map(|m| m.name.as_str()).unwrap_or("")
    }

    /// `metadata.namespace`, or `""`.
    pub fn namespace(&self) -> &str {
        self.metadata.as_ref().map(|m| m.namespace.as_str()).unwrap_or("")
    }

    /// The history entries, newest first (none without status).
    pub fn items(&self) -> &[TagEventView<'a>] {
        self.status.as_ref().map(|s| &s.items[..]).unwrap_or(&[])
    }

    /// The conditions (none without status).
    pub fn conditions(&self) -> &[TagEventConditionView<'a>] {
        self.status.as_ref().map(|s| &s.conditions[..]).unwrap_or(&[])
    }

    /// Reads ImageTag JSON text on the fast reader: `Ok` only where [`ImageTag::parse`] accepts the text
    /// too, with the same meaning.
    pub fn read(text: &'a str) -> Scan<ImageTagView<'a>> {
        let mut r = Reader::new(text);
        let t = read_tag(&mut r, &mut Spare::default())?;
        want(t.kind.as_deref(), KIND_IMAGE_TAG)?;
        want(t.api_version.as_deref(), API_VERSION)?;
        r.finish()?;
        Ok(t)
    }

    /// A view of a parsed ImageTag, borrowing its strings.
    pub fn from_model(t: &'a ImageTag) -> ImageTagView<'a> {
        ImageTagView {
            kind: opt(&t.kind),
            api_version: opt(&t.api_version),
            metadata: t.metadata.get().map(ObjectMetaView::from_model),
            spec: t.spec.get().map(TagReferenceView::from_model),
            status: t.status.get().map(|s| NamedTagEventListView {
                tag: st(&s.tag),
                items: s
                    .items
                    .items()
                    .iter()
                    .map(|e| TagEventView {
                        created: st(&e.created),
                        docker_image_reference: st(&e.docker_image_reference),
                        image: st(&e.image),
                        generation: e.generation.num(),
                    })
                    .collect(),
                conditions: s
                    .conditions
                    .items()
                    .iter()
                    .map(|c| TagEventConditionView {
                        type_: st(&c.type_),
                        status: st(&c.status),
                        last_transition_time: opt(&c.last_transition_time),
                        reason: st(&c.reason),
                        message: st(&c.message),
                        generation: c.generation.num(),
                    })
                    .collect(),
            }),
            image: t.image.get().map(|i| ImageView {
                docker_image_manifest_media_type: st(&i.docker_image_manifest_media_type),
                docker_image_manifests: i
                    .docker_image_manifests
                    .items()
                    .iter()
                    .map(|m| ImageManifestView {
                        digest: st(&m.digest),
                        architecture: st(&m.architecture),
                        os: st(&m.os),
                        variant: st(&m.variant),
                    })
                    .collect(),
                whole: WholeImage::Model(i),
            }),
        }
    }
}

/// Calls `f` with the view of ImageTag JSON text: read on the fast reader when it can be and `f` takes it
/// (`Some`), else from the parsed model (which gives the exact error when the text does not parse).
pub fn with_text<R>(text: &str, mut f: impl FnMut(&ImageTagView<'_>) -> Option<R>) -> Result<R, Error> {
    if let Some(out) = ImageTagView::read(text).ok().and_then(|view| f(&view)) {
        return Ok(out);
    }
    let tag = ImageTag::parse(text)?;
    // Every string of a view of the model borrows, so `f` takes it.
    f(&ImageTagView::from_model(&tag))
        .ok_or_else(|| Error::new(crate::error::ErrorCode::Internal, "a model view was refused"))
}

impl<'a> ObjectMetaView<'a> {
    /// A view of a model `ObjectMeta` (borrowing its strings).
    pub fn from_model(m: &'a ObjectMeta) -> ObjectMetaView<'a> {
        fn pairs(f: &Field<StringMap>) -> Option<StringMapView<'_>> {
            f.get()
                .map(|m| StringMapView(m.iter().map(|(k, v)| (Str::from(k.as_str()), Str::from(v.as_str()))).collect()))
        }
        ObjectMetaView {
            name: st(&m.name),
            generate_name: st(&m.generate_name),
            namespace: st(&m.namespace),
            generation: m.generation.get().copied(),
            labels: pairs(&m.labels),
            annotations: pairs(&m.annotations),
            owner_references: m.owner_references.get().map(|refs| {
                refs.iter()
                    .map(|r| OwnerReferenceView {
                        api_version: st(&r.api_version),
                        kind: st(&r.kind),
                        name: st(&r.name),
                        uid: st(&r.uid),
                        controller: r.controller.get().copied(),
                        block_owner_deletion: r.block_owner_deletion.get().copied(),
                    })
                    .collect()
            }),
            finalizers: m.finalizers.get().map(|f| f.iter().map(|s| Str::from(s.as_str())).collect()),
            managed_fields: m.managed_fields.get().map(|fields| {
                fields
                    .iter()
                    .map(|f| ManagedFieldsEntryView {
                        manager: st(&f.manager),
                        operation: st(&f.operation),
                        fields_type: st(&f.fields_type),
                        subresource: st(&f.subresource),
                    })
                    .collect()
            }),
        }
    }
}

impl<'a> TagReferenceView<'a> {
    /// A view of a model spec tag.
    pub fn from_model(s: &'a TagReference) -> TagReferenceView<'a> {
        TagReferenceView {
            name: st(&s.name),
            annotations: s.annotations.get().map(|m| {
                StringMapView(m.iter().map(|(k, v)| (Str::from(k.as_str()), Str::from(v.as_str()))).collect())
            }),
            from: s.from.get().map(|f| ObjectReferenceView {
                kind: st(&f.kind),
                name: st(&f.name),
                namespace: st(&f.namespace),
            }),
            reference: s.reference.flag(),
            generation: s.generation.get().copied(),
            import_policy: s.import_policy.get().map(|p| TagImportPolicyView {
                insecure: p.insecure.flag(),
                scheduled: p.scheduled.flag(),
                import_mode: st(&p.import_mode),
            }),
            reference_policy: s.reference_policy.get().map(|p| TagReferencePolicyView { type_: st(&p.type_) }),
        }
    }
}

fn st(f: &Field<String>) -> Str<'_> {
    Str::from(f.str())
}

fn opt(f: &Field<String>) -> Option<Str<'_>> {
    f.get().map(|v| Str::from(v.as_str()))
}

/// Vectors handed from one list item to the next, so that reading an item allocates (almost) nothing:
/// the history entries and conditions, and the label and annotation pairs.
#[derive(Default)]
pub(crate) struct Spare<'a> {
    events: Vec<TagEventView<'a>>,
    conditions: Vec<TagEventConditionView<'a>>,
    labels: Vec<(Str<'a>, Str<'a>)>,
    annotations: Vec<(Str<'a>, Str<'a>)>,
}

impl<'a> Spare<'a> {
    /// Takes back the vectors of a view that is done with.
    pub fn recycle(&mut self, t: ImageTagView<'a>) {
        fn keep<T>(slot: &mut Vec<T>, mut v: Vec<T>) {
            if v.capacity() > slot.capacity() {
                v.clear();
                *slot = v;
            }
        }
        if let Some(m) = t.metadata {
            if let Some(p) = m.labels {
                keep(&mut self.labels, p.0);
            }
            if let Some(p) = m.annotations {
                keep(&mut self.annotations, p.0);
            }
        }
        if let Some(s) = t.status {
            keep(&mut self.events, s.items);
            keep(&mut self.conditions, s.conditions);
        }
    }
}

// The readers. Each reads the keys its view keeps with the model's own types and checks every other key
// against the model's shape, so an object that reads here is one that parses.

/// `null` or a string, as the zero value. (Not inlined: the readers call it for almost every field, and
/// one copy keeps them small.)
#[inline(never)]
fn string<'a>(r: &mut Reader<'a>) -> Scan<Str<'a>> {
    r.str_or_empty().map(Str)
}

fn opt_string<'a>(r: &mut Reader<'a>) -> Scan<Option<Str<'a>>> {
    Ok(r.str_or_null()?.map(Str))
}

/// `null` (no elements), or an array of objects (not `null`) read by `f`, into `out` (its capacity reused).
fn objects<'a, T: Default>(
    r: &mut Reader<'a>,
    out: Vec<T>,
    mut f: impl FnMut(&mut Reader<'a>, &mut T, &str) -> Scan<()>,
) -> Scan<Vec<T>> {
    Ok(arr_into(r, out, |r| obj(r, &mut f)?.ok_or(Refused))?.unwrap_or_default())
}

/// Reads one ImageTag object (not `null`); its `kind`/`apiVersion` are the caller's to check.
pub(crate) fn read_tag<'a>(r: &mut Reader<'a>, spare: &mut Spare<'a>) -> Scan<ImageTagView<'a>> {
    let mut t = ImageTagView::default();
    r.object(|r, key| {
        match key {
            "kind" => t.kind = opt_string(r)?,
            "apiVersion" => t.api_version = opt_string(r)?,
            "metadata" => t.metadata = read_meta(r, spare)?,
            "spec" => t.spec = read_spec(r)?,
            "status" => t.status = read_status(r, spare)?,
            "image" => t.image = read_image(r)?,
            k => r.field(ImageTag::SCHEMA, k)?,
        }
        Ok(())
    })?;
    Ok(t)
}

#[inline(never)]
fn read_meta<'a>(r: &mut Reader<'a>, spare: &mut Spare<'a>) -> Scan<Option<ObjectMetaView<'a>>> {
    obj(r, |r, m: &mut ObjectMetaView<'a>, key| {
        match key {
            "name" => m.name = string(r)?,
            "generateName" => m.generate_name = string(r)?,
            "namespace" => m.namespace = string(r)?,
            "generation" => m.generation = r.int_or_null()?,
            "labels" => m.labels = read_map(r, std::mem::take(&mut spare.labels))?,
            "annotations" => m.annotations = read_map(r, std::mem::take(&mut spare.annotations))?,
            "ownerReferences" => m.owner_references = arr(r, read_owner)?,
            "finalizers" => m.finalizers = arr(r, |r| Ok(Str(r.str()?)))?,
            "managedFields" => m.managed_fields = arr(r, read_managed)?,
            k => r.field(ObjectMeta::SCHEMA, k)?,
        }
        Ok(())
    })
}

/// `null`, or a map of strings into `out` (emptied first; its capacity is reused).
fn read_map<'a>(r: &mut Reader<'a>, mut out: Vec<(Str<'a>, Str<'a>)>) -> Scan<Option<StringMapView<'a>>> {
    if r.null()? {
        return Ok(None);
    }
    out.clear();
    r.object(|r, key| {
        out.push((Str::from(key), Str(r.str()?)));
        Ok(())
    })?;
    // A repeated key: the model keeps the last value only; left to the exact path. Small maps (labels,
    // annotations) are compared pairwise, larger ones sorted.
    let repeated = if out.len() <= 16 {
        out.iter().enumerate().any(|(i, (k, _))| out[..i].iter().any(|(e, _)| e == k))
    } else {
        let mut keys: Vec<&str> = out.iter().map(|(k, _)| k.as_str()).collect();
        crate::sort::sort(&mut keys);
        keys.windows(2).any(|w| w[0] == w[1])
    };
    if repeated {
        return Err(Refused);
    }
    Ok(Some(StringMapView(out)))
}

fn read_owner<'a>(r: &mut Reader<'a>) -> Scan<OwnerReferenceView<'a>> {
    obj(r, |r, o: &mut OwnerReferenceView<'a>, key| {
        match key {
            "apiVersion" => o.api_version = string(r)?,
            "kind" => o.kind = string(r)?,
            "name" => o.name = string(r)?,
            "uid" => o.uid = string(r)?,
            "controller" => o.controller = r.bool_or_null()?,
            "blockOwnerDeletion" => o.block_owner_deletion = r.bool_or_null()?,
            k => r.field(OwnerReference::SCHEMA, k)?,
        }
        Ok(())
    })?
    .ok_or(Refused)
}

fn read_managed<'a>(r: &mut Reader<'a>) -> Scan<ManagedFieldsEntryView<'a>> {
    obj(r, |r, m: &mut ManagedFieldsEntryView<'a>, key| {
        match key {
            "manager" => m.manager = string(r)?,
            "operation" => m.operation = string(r)?,
            "fieldsType" => m.fields_type = string(r)?,
            "subresource" => m.subresource = string(r)?,
            k => r.field(ManagedFieldsEntry::SCHEMA, k)?,
        }
        Ok(())
    })?
    .ok_or(Refused)
}

#[inline(never)]
fn read_spec<'a>(r: &mut Reader<'a>) -> Scan<Option<TagReferenceView<'a>>> {
    obj(r, |r, s: &mut TagReferenceView<'a>, key| {
        match key {
            "name" => s.name = string(r)?,
            "annotations" => s.annotations = read_map(r, Vec::new())?,
            "from" => {
                s.from = obj(r, |r, f: &mut ObjectReferenceView<'a>, key| {
                    match key {
                        "kind" => f.kind = string(r)?,
                        "name" => f.name = string(r)?,
                        "namespace" => f.namespace = string(r)?,
                        k => r.field(ObjectReference::SCHEMA, k)?,
                    }
                    Ok(())
                })?
            }
            "reference" => s.reference = r.bool_or_null()?.unwrap_or(false),
            "generation" => s.generation = r.int_or_null()?,
            "importPolicy" => {
                s.import_policy = obj(r, |r, p: &mut TagImportPolicyView<'a>, key| {
                    match key {
                        "insecure" => p.insecure = r.bool_or_null()?.unwrap_or(false),
                        "scheduled" => p.scheduled = r.bool_or_null()?.unwrap_or(false),
                        "importMode" => p.import_mode = string(r)?,
                        k => r.field(TagImportPolicy::SCHEMA, k)?,
                    }
                    Ok(())
                })?
            }
            "referencePolicy" => {
                s.reference_policy = obj(r, |r, p: &mut TagReferencePolicyView<'a>, key| {
                    match key {
                        "type" => p.type_ = string(r)?,
                        k => r.field(TagReferencePolicy::SCHEMA, k)?,
                    }
                    Ok(())
                })?
            }
            k => r.field(TagReference::SCHEMA, k)?,
        }
        Ok(())
    })
}

#[inline(never)]
fn read_status<'a>(r: &mut Reader<'a>, spare: &mut Spare<'a>) -> Scan<Option<NamedTagEventListView<'a>>> {
    obj(r, |r, s: &mut NamedTagEventListView<'a>, key| {
        match key {
            "tag" => s.tag = string(r)?,
            "items" => {
                s.items = objects(r, std::mem::take(&mut spare.events), |r, e: &mut TagEventView<'a>, key| {
                    match key {
                        "created" => e.created = string(r)?,
                        "dockerImageReference" => e.docker_image_reference = string(r)?,
                        "image" => e.image = string(r)?,
                        "generation" => e.generation = r.int_or_null()?.unwrap_or(0),
                        k => r.field(TagEvent::SCHEMA, k)?,
                    }
                    Ok(())
                })?
            }
            "conditions" => {
                s.conditions =
                    objects(r, std::mem::take(&mut spare.conditions), |r, c: &mut TagEventConditionView<'a>, key| {
                        match key {
                            "type" => c.type_ = string(r)?,
                            "status" => c.status = string(r)?,
                            "lastTransitionTime" => c.last_transition_time = opt_string(r)?,
                            "reason" => c.reason = string(r)?,
                            "message" => c.message = string(r)?,
                            "generation" => c.generation = r.int_or_null()?.unwrap_or(0),
                            k => r.field(TagEventCondition::SCHEMA, k)?,
                        }
                        Ok(())
                    })?
            }
            k => r.field(NamedTagEventList::SCHEMA, k)?,
        }
        Ok(())
    })
}

/// `image`: its manifest list and media type, and its text for [`ImageView::model`].
#[inline(never)]
fn read_image<'a>(r: &mut Reader<'a>) -> Scan<Option<ImageView<'a>>> {
    if r.null()? {
        return Ok(None);
    }
    let start = r.offset();
    let mut media_type = Str::default();
    let mut manifests = Vec::new();
    r.object(|r, key| {
        match key {
            "dockerImageManifests" => {
                manifests = objects(r, Vec::new(), |r, m: &mut ImageManifestView<'a>, key| {
                    match key {
                        "digest" => m.digest = string(r)?,
                        "architecture" => m.architecture = string(r)?,
                        "os" => m.os = string(r)?,
                        "variant" => m.variant = string(r)?,
                        k => r.field(ImageManifest::SCHEMA, k)?,
                    }
                    Ok(())
                })?
            }
            "dockerImageManifestMediaType" => media_type = string(r)?,
            k => r.field(Image::SCHEMA, k)?,
        }
        Ok(())
    })?;
    Ok(Some(ImageView {
        docker_image_manifest_media_type: media_type,
        docker_image_manifests: manifests,
        whole: WholeImage::Text(r.text_since(start)),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_borrow_unless_unescaped() {
        // `Cow`'s own default is an owned `String`: the zero value must borrow, or every absent field of a
        // view would send the history to the exact path.
        assert_eq!(Str::default().borrowed(), Some(""));
        let text = r#"{"metadata":{"name":"a:b","namespace":"n\u0073"},"status":{"items":[{"image":"x"}]}}"#;
        let v = ImageTagView::read(text).unwrap();
        let m = v.metadata.as_ref().unwrap();
        assert_eq!(m.name.borrowed(), Some("a:b"));
        assert_eq!((m.namespace.borrowed(), m.namespace.as_str()), (None, "ns"));
        assert_eq!(v.items()[0].created.borrowed(), Some(""));
        let tag = ImageTag::parse(text).unwrap();
        let from_model = ImageTagView::from_model(&tag);
        assert_eq!(from_model.namespace(), "ns");
        assert_eq!(from_model.metadata.as_ref().unwrap().namespace.borrowed(), Some("ns"));
    }

    #[test]
    fn the_whole_image_is_parsed_only_when_asked_for() {
        let text = r#"{"image":{"metadata":{"name":"sha256:1"},"dockerImageManifestMediaType":"m","dockerImageManifests":[{"digest":"sha256:2","os":"linux"}]}}"#;
        let v = ImageTagView::read(text).unwrap();
        let image = v.image.as_ref().unwrap();
        assert_eq!(image.docker_image_manifest_media_type.as_str(), "m");
        assert_eq!(image.docker_image_manifests[0].os.as_str(), "linux");
        let whole = image.model().unwrap();
        assert!(matches!(whole, Cow::Owned(_)));
        assert_eq!(*whole, *ImageTag::parse(text).unwrap().image.get().unwrap().as_ref());
        // A shape error inside the image is the reader's refusal, not a view with a broken image.
        assert!(ImageTagView::read(r#"{"image":{"metadata":{"name":1}}}"#).is_err());
    }
}
