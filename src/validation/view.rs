//! A borrowed, read-only view of the parts of an ImageTag the validator looks at.
//!
//! Strings borrow from the input text whenever JSON allows it (no escapes), everything the rules do not
//! read is skipped without being built, and absent and `null` both read as Go's zero value. This is what
//! makes list validation one pass with almost no allocation. List items are read by the fast reader
//! ([`crate::json::fast_reader`]), which type-checks every field it does not keep against the model's shape in the same
//! pass; single objects are viewed from the parsed model ([`TagV::from_model`]), so both paths run the very
//! same rules.

use std::borrow::Cow;

use crate::json::fast_reader::{arr, arr_into, obj, Reader, Refused, Scan};
use crate::model::Field;
use crate::model::HasTy;
use crate::model::{
    Image, ImageTag, ManagedFieldsEntry, NamedTagEventList, ObjectMeta, ObjectReference, OwnerReference, TagEvent,
    TagImportPolicy, TagReference, TagReferencePolicy,
};

/// A string that borrows from the input when it can.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct S<'a>(pub Cow<'a, str>);

impl<'a> S<'a> {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A string→string map as its pairs, in input order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Pairs<'a>(pub Vec<(S<'a>, S<'a>)>);

fn s<'b>(v: &'b Option<S<'_>>) -> &'b str {
    v.as_ref().map(S::as_str).unwrap_or("")
}

#[derive(Default, Debug)]
pub(crate) struct TagV<'a> {
    pub kind: Option<S<'a>>,
    pub api_version: Option<S<'a>>,
    pub metadata: Option<MetaV<'a>>,
    pub spec: Option<SpecV<'a>>,
    pub status: Option<StatusV<'a>>,
    pub image: Option<Cow<'a, Image>>,
}

#[derive(Default, Debug)]
pub(crate) struct MetaV<'a> {
    pub name: Option<S<'a>>,
    pub generate_name: Option<S<'a>>,
    pub namespace: Option<S<'a>>,
    pub generation: Option<i64>,
    pub labels: Option<Pairs<'a>>,
    pub annotations: Option<Pairs<'a>>,
    pub owner_references: Option<Vec<OwnerRefV<'a>>>,
    pub finalizers: Option<Vec<S<'a>>>,
    pub managed_fields: Option<Vec<ManagedV<'a>>>,
}

impl MetaV<'_> {
    pub fn name(&self) -> &str {
        s(&self.name)
    }
    pub fn generate_name(&self) -> &str {
        s(&self.generate_name)
    }
    pub fn namespace(&self) -> &str {
        s(&self.namespace)
    }
}

#[derive(Default, Debug)]
pub(crate) struct OwnerRefV<'a> {
    pub api_version: Option<S<'a>>,
    pub kind: Option<S<'a>>,
    pub name: Option<S<'a>>,
    pub uid: Option<S<'a>>,
    pub controller: Option<bool>,
    pub block_owner_deletion: Option<bool>,
}

impl OwnerRefV<'_> {
    pub fn api_version(&self) -> &str {
        s(&self.api_version)
    }
    pub fn kind(&self) -> &str {
        s(&self.kind)
    }
    pub fn name(&self) -> &str {
        s(&self.name)
    }
    pub fn uid(&self) -> &str {
        s(&self.uid)
    }
}

impl OwnerRefV<'_> {
    /// The reference as `metav1.OwnerReference` marshals it (pointers omitted when unset).
    pub fn to_value(&self) -> serde_json::Value {
        let mut m = serde_json::Map::new();
        m.insert("apiVersion".into(), self.api_version().into());
        m.insert("kind".into(), self.kind().into());
        m.insert("name".into(), self.name().into());
        m.insert("uid".into(), self.uid().into());
        if let Some(c) = self.controller {
            m.insert("controller".into(), c.into());
        }
        if let Some(b) = self.block_owner_deletion {
            m.insert("blockOwnerDeletion".into(), b.into());
        }
        serde_json::Value::Object(m)
    }
}

#[derive(Default, Debug)]
pub(crate) struct ManagedV<'a> {
    pub manager: Option<S<'a>>,
    pub operation: Option<S<'a>>,
    pub fields_type: Option<S<'a>>,
    pub subresource: Option<S<'a>>,
}

impl ManagedV<'_> {
    pub fn manager(&self) -> &str {
        s(&self.manager)
    }
    pub fn operation(&self) -> &str {
        s(&self.operation)
    }
    pub fn fields_type(&self) -> &str {
        s(&self.fields_type)
    }
    pub fn subresource(&self) -> &str {
        s(&self.subresource)
    }
}

#[derive(Default, Debug)]
pub(crate) struct SpecV<'a> {
    pub name: Option<S<'a>>,
    pub from: Option<FromV<'a>>,
    pub reference: Option<bool>,
    pub generation: Option<i64>,
    pub import_policy: Option<ImportPolicyV<'a>>,
    pub reference_policy: Option<ReferencePolicyV<'a>>,
}

impl SpecV<'_> {
    pub fn name(&self) -> &str {
        s(&self.name)
    }
    pub fn scheduled(&self) -> bool {
        self.import_policy.as_ref().and_then(|p| p.scheduled).unwrap_or(false)
    }
    pub fn import_mode(&self) -> &str {
        self.import_policy.as_ref().map(|p| s(&p.import_mode)).unwrap_or("")
    }
    pub fn reference_policy_type(&self) -> &str {
        self.reference_policy.as_ref().map(|p| s(&p.type_)).unwrap_or("")
    }
}

#[derive(Default, Debug)]
pub(crate) struct FromV<'a> {
    pub kind: Option<S<'a>>,
    pub name: Option<S<'a>>,
    pub namespace: Option<S<'a>>,
}

impl FromV<'_> {
    pub fn kind(&self) -> &str {
        s(&self.kind)
    }
    pub fn name(&self) -> &str {
        s(&self.name)
    }
    pub fn namespace(&self) -> &str {
        s(&self.namespace)
    }
}

#[derive(Default, Debug)]
pub(crate) struct ImportPolicyV<'a> {
    pub scheduled: Option<bool>,
    pub import_mode: Option<S<'a>>,
}

#[derive(Default, Debug)]
pub(crate) struct ReferencePolicyV<'a> {
    pub type_: Option<S<'a>>,
}

#[derive(Default, Debug)]
pub(crate) struct StatusV<'a> {
    pub tag: Option<S<'a>>,
    pub items: Option<Vec<EventV<'a>>>,
}

#[derive(Default, Debug)]
pub(crate) struct EventV<'a> {
    pub docker_image_reference: Option<S<'a>>,
    pub image: Option<S<'a>>,
}

impl EventV<'_> {
    pub fn docker_image_reference(&self) -> &str {
        s(&self.docker_image_reference)
    }
    pub fn image(&self) -> &str {
        s(&self.image)
    }
}

impl<'a> MetaV<'a> {
    /// A view of a model `ObjectMeta` (borrowing its strings).
    pub fn from_model(m: &'a crate::model::ObjectMeta) -> MetaV<'a> {
        fn pairs<'a>(f: &'a Field<crate::model::StringMap>) -> Option<Pairs<'a>> {
            f.get().map(|m| {
                Pairs(m.iter().map(|(k, v)| (S(Cow::Borrowed(k.as_str())), S(Cow::Borrowed(v.as_str())))).collect())
            })
        }
        MetaV {
            name: st(&m.name),
            generate_name: st(&m.generate_name),
            namespace: st(&m.namespace),
            generation: m.generation.get().copied(),
            labels: pairs(&m.labels),
            annotations: pairs(&m.annotations),
            owner_references: m.owner_references.get().map(|refs| {
                refs.iter()
                    .map(|r| OwnerRefV {
                        api_version: st(&r.api_version),
                        kind: st(&r.kind),
                        name: st(&r.name),
                        uid: st(&r.uid),
                        controller: r.controller.get().copied(),
                        block_owner_deletion: r.block_owner_deletion.get().copied(),
                    })
                    .collect()
            }),
            finalizers: m.finalizers.get().map(|f| f.iter().map(|s| S(Cow::Borrowed(s.as_str()))).collect()),
            managed_fields: m.managed_fields.get().map(|fields| {
                fields
                    .iter()
                    .map(|f| ManagedV {
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

fn st(f: &Field<String>) -> Option<S<'_>> {
    f.get().map(|v| S(Cow::Borrowed(v.as_str())))
}

impl<'a> TagV<'a> {
    /// A view of a parsed model object (borrowing its strings; the image is borrowed too).
    pub fn from_model(t: &'a ImageTag) -> TagV<'a> {
        TagV {
            kind: st(&t.kind),
            api_version: st(&t.api_version),
            metadata: t.metadata.get().map(MetaV::from_model),
            spec: t.spec.get().map(SpecV::from_model),
            status: t.status.get().map(|s| StatusV {
                tag: st(&s.tag),
                items: s.items.get().map(|items| {
                    items
                        .iter()
                        .map(|e| EventV { docker_image_reference: st(&e.docker_image_reference), image: st(&e.image) })
                        .collect()
                }),
            }),
            image: t.image.get().map(|i| Cow::Borrowed(&**i)),
        }
    }
}

impl<'a> SpecV<'a> {
    /// A view of a model spec tag.
    pub fn from_model(s: &'a TagReference) -> SpecV<'a> {
        SpecV {
            name: st(&s.name),
            from: s.from.get().map(|f| FromV { kind: st(&f.kind), name: st(&f.name), namespace: st(&f.namespace) }),
            reference: s.reference.get().copied(),
            generation: s.generation.get().copied(),
            import_policy: s
                .import_policy
                .get()
                .map(|p| ImportPolicyV { scheduled: p.scheduled.get().copied(), import_mode: st(&p.import_mode) }),
            reference_policy: s.reference_policy.get().map(|p| ReferencePolicyV { type_: st(&p.type_) }),
        }
    }
}

/// Vectors handed from one list item to the next, so that reading an item allocates (almost) nothing:
/// the history entries and the label and annotation pairs.
#[derive(Default)]
pub(crate) struct Spare<'a> {
    events: Vec<EventV<'a>>,
    labels: Vec<(S<'a>, S<'a>)>,
    annotations: Vec<(S<'a>, S<'a>)>,
}

impl<'a> Spare<'a> {
    /// Takes back the vectors of a view that is done with.
    pub fn recycle(&mut self, t: TagV<'a>) {
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
        if let Some(items) = t.status.and_then(|s| s.items) {
            keep(&mut self.events, items);
        }
    }
}

// Readers over the fast scanner. Each reads the keys its view keeps with the model's own types and checks
// every other key against the model's shape, so a list item that reads here is one that parses.

fn string<'a>(r: &mut Reader<'a>) -> Scan<Option<S<'a>>> {
    Ok(r.str_or_null()?.map(S))
}

/// Reads one list item (an ImageTag object, not `null`); its `kind`/`apiVersion` are the caller's to check.
pub(crate) fn read_tag<'a>(r: &mut Reader<'a>, spare: &mut Spare<'a>) -> Scan<TagV<'a>> {
    let mut t = TagV::default();
    r.object(|r, key| {
        match key {
            "kind" => t.kind = string(r)?,
            "apiVersion" => t.api_version = string(r)?,
            "metadata" => t.metadata = read_meta(r, spare)?,
            "spec" => t.spec = read_spec(r)?,
            "status" => t.status = read_status(r, spare)?,
            "image" => {
                t.image = match r.raw_or_null(&Image::TY)? {
                    Some(raw) => Some(Cow::Owned(serde_json::from_str(raw).map_err(|_| Refused)?)),
                    None => None,
                }
            }
            k => r.field(ImageTag::SCHEMA, k)?,
        }
        Ok(())
    })?;
    Ok(t)
}

fn read_meta<'a>(r: &mut Reader<'a>, spare: &mut Spare<'a>) -> Scan<Option<MetaV<'a>>> {
    obj(r, |r, m: &mut MetaV<'a>, key| {
        match key {
            "name" => m.name = string(r)?,
            "generateName" => m.generate_name = string(r)?,
            "namespace" => m.namespace = string(r)?,
            "generation" => m.generation = r.int_or_null()?,
            "labels" => m.labels = read_pairs(r, std::mem::take(&mut spare.labels))?,
            "annotations" => m.annotations = read_pairs(r, std::mem::take(&mut spare.annotations))?,
            "ownerReferences" => m.owner_references = arr(r, read_owner)?,
            "finalizers" => m.finalizers = arr(r, |r| Ok(S(r.str()?)))?,
            "managedFields" => m.managed_fields = arr(r, read_managed)?,
            k => r.field(ObjectMeta::SCHEMA, k)?,
        }
        Ok(())
    })
}

/// `null`, or a map of strings into `out` (emptied first; its capacity is reused).
fn read_pairs<'a>(r: &mut Reader<'a>, mut out: Vec<(S<'a>, S<'a>)>) -> Scan<Option<Pairs<'a>>> {
    if r.null()? {
        return Ok(None);
    }
    out.clear();
    r.object(|r, key| {
        out.push((S(Cow::Borrowed(key)), S(r.str()?)));
        Ok(())
    })?;
    // A repeated key: the model keeps the last value only; left to the exact path. Small maps (labels,
    // annotations) are compared pairwise, larger ones sorted.
    let repeated = if out.len() <= 16 {
        out.iter().enumerate().any(|(i, (k, _))| out[..i].iter().any(|(e, _)| e == k))
    } else {
        let mut keys: Vec<&str> = out.iter().map(|(k, _)| k.as_str()).collect();
        keys.sort_unstable();
        keys.windows(2).any(|w| w[0] == w[1])
    };
    if repeated {
        return Err(Refused);
    }
    Ok(Some(Pairs(out)))
}

fn read_owner<'a>(r: &mut Reader<'a>) -> Scan<OwnerRefV<'a>> {
    obj(r, |r, o: &mut OwnerRefV<'a>, key| {
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

fn read_managed<'a>(r: &mut Reader<'a>) -> Scan<ManagedV<'a>> {
    obj(r, |r, m: &mut ManagedV<'a>, key| {
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

fn read_spec<'a>(r: &mut Reader<'a>) -> Scan<Option<SpecV<'a>>> {
    obj(r, |r, s: &mut SpecV<'a>, key| {
        match key {
            "name" => s.name = string(r)?,
            "from" => {
                s.from = obj(r, |r, f: &mut FromV<'a>, key| {
                    match key {
                        "kind" => f.kind = string(r)?,
                        "name" => f.name = string(r)?,
                        "namespace" => f.namespace = string(r)?,
                        k => r.field(ObjectReference::SCHEMA, k)?,
                    }
                    Ok(())
                })?
            }
            "reference" => s.reference = r.bool_or_null()?,
            "generation" => s.generation = r.int_or_null()?,
            "importPolicy" => {
                s.import_policy = obj(r, |r, p: &mut ImportPolicyV<'a>, key| {
                    match key {
                        "scheduled" => p.scheduled = r.bool_or_null()?,
                        "importMode" => p.import_mode = string(r)?,
                        k => r.field(TagImportPolicy::SCHEMA, k)?,
                    }
                    Ok(())
                })?
            }
            "referencePolicy" => {
                s.reference_policy = obj(r, |r, p: &mut ReferencePolicyV<'a>, key| {
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

fn read_status<'a>(r: &mut Reader<'a>, spare: &mut Spare<'a>) -> Scan<Option<StatusV<'a>>> {
    obj(r, |r, s: &mut StatusV<'a>, key| {
        match key {
            "tag" => s.tag = string(r)?,
            "items" => {
                s.items = arr_into(r, std::mem::take(&mut spare.events), |r| {
                    obj(r, |r, e: &mut EventV<'a>, key| {
                        match key {
                            "dockerImageReference" => e.docker_image_reference = string(r)?,
                            "image" => e.image = string(r)?,
                            k => r.field(TagEvent::SCHEMA, k)?,
                        }
                        Ok(())
                    })?
                    .ok_or(Refused)
                })?
            }
            k => r.field(NamedTagEventList::SCHEMA, k)?,
        }
        Ok(())
    })
}
