//! A borrowed view of exactly the fields the history shows (js-api.md "Tag history": metadata name and
//! namespace, spec, status, and the image's manifest list), the input of [`describe`](super::describe).
//!
//! Two ways in, one set of rules: [`TagR::from_model`] borrows from a parsed [`ImageTag`], and
//! [`TagR::read`] reads JSON text with the fast reader ([`crate::json::fast_reader`]) without building the model,
//! borrowing every string. The reader type-checks every field it does not keep against the model's shape,
//! and refuses whatever it is not sure of, including a kept string with escapes (rare in real objects
//! but for condition messages, which quote names and are unescaped; the rest stays plain borrows);
//! [`with_text`] then parses the text the exact way, so text
//! that reads here is text that parses, and every error is the parser's.
//!
//! As in the model, absent and `null` read as Go's zero value, and of a repeated key the last one counts.

use std::borrow::Cow;

use crate::error::Error;
use crate::json::fast_reader::{arr, obj, Reader, Refused, Scan};
use crate::json::want;
use crate::model::{
    Image, ImageManifest, ImageTag, NamedTagEventList, ObjectMeta, ObjectReference, TagEvent, TagEventCondition,
    TagImportPolicy, TagReference, TagReferencePolicy, API_VERSION, KIND_IMAGE_TAG,
};

/// A string of the object (or text) viewed.
pub type Str<'a> = &'a str;

/// The shown part of one ImageTag.
#[derive(Debug, Default)]
pub struct TagR<'a> {
    pub name: Str<'a>,
    pub namespace: Str<'a>,
    pub spec: Option<SpecR<'a>>,
    pub status: Option<StatusR<'a>>,
    /// `image.dockerImageManifests`.
    pub manifests: Vec<ManifestR<'a>>,
    /// `image.dockerImageManifestMediaType`.
    pub media_type: Str<'a>,
}

/// `spec` (the spec tag), with `importPolicy` and `referencePolicy` flattened.
#[derive(Debug, Default)]
pub struct SpecR<'a> {
    pub name: Str<'a>,
    pub from: Option<FromR<'a>>,
    pub reference: bool,
    pub generation: Option<i64>,
    pub scheduled: bool,
    pub insecure: bool,
    pub import_mode: Str<'a>,
    /// `referencePolicy.type`.
    pub reference_policy: Str<'a>,
    /// `Some` when `annotations` is an object (not absent or `null`).
    pub annotations: Option<AnnotationsR<'a>>,
}

/// `spec.from`.
#[derive(Debug, Default)]
pub struct FromR<'a> {
    pub kind: Str<'a>,
    pub name: Str<'a>,
    pub namespace: Str<'a>,
}

/// The tag annotations `oc describe` prints (§4.1 item 5); the others are not kept.
#[derive(Debug, Default)]
pub struct AnnotationsR<'a> {
    pub description: Str<'a>,
    pub tags: Str<'a>,
    pub supports: Str<'a>,
    pub sample_repo: Str<'a>,
}

/// `status` (the tag's history).
#[derive(Debug, Default)]
pub struct StatusR<'a> {
    pub tag: Str<'a>,
    pub items: Vec<EventR<'a>>,
    pub conditions: Vec<ConditionR<'a>>,
}

/// One history item.
#[derive(Debug, Default)]
pub struct EventR<'a> {
    pub created: Str<'a>,
    pub docker_image_reference: Str<'a>,
    pub image: Str<'a>,
    pub generation: i64,
}

/// One import condition.
#[derive(Debug, Default)]
pub struct ConditionR<'a> {
    pub type_: Str<'a>,
    pub status: Str<'a>,
    /// `None` when absent or `null`.
    pub last_transition_time: Option<Str<'a>>,
    pub reason: Str<'a>,
    /// Messages quote names (`"quay.io/x" not found`), so they are unescaped when they must be.
    pub message: Cow<'a, str>,
    pub generation: i64,
}

/// One platform of a manifest list.
#[derive(Debug, Default)]
pub struct ManifestR<'a> {
    pub digest: Str<'a>,
    pub architecture: Str<'a>,
    pub os: Str<'a>,
    pub variant: Str<'a>,
}

impl<'a> TagR<'a> {
    /// The history items, newest first (none without status).
    pub fn items(&self) -> &[EventR<'a>] {
        self.status.as_ref().map(|s| &s.items[..]).unwrap_or(&[])
    }

    /// The conditions (none without status).
    pub fn conditions(&self) -> &[ConditionR<'a>] {
        self.status.as_ref().map(|s| &s.conditions[..]).unwrap_or(&[])
    }

    /// A view of a parsed ImageTag, borrowing its strings.
    pub fn from_model(t: &'a ImageTag) -> TagR<'a> {
        let b = |s: &'a crate::model::Field<String>| s.str();
        let meta = t.metadata.get();
        let image = t.image.get();
        TagR {
            name: t.name(),
            namespace: meta.map(|m| m.namespace.str()).unwrap_or(""),
            spec: t.spec.get().map(|s| {
                let policy = s.import_policy.get();
                SpecR {
                    name: b(&s.name),
                    from: s.from.get().map(|f| FromR {
                        kind: b(&f.kind),
                        name: b(&f.name),
                        namespace: b(&f.namespace),
                    }),
                    reference: s.reference.flag(),
                    generation: s.generation.get().copied(),
                    scheduled: policy.map(|p| p.scheduled.flag()).unwrap_or(false),
                    insecure: policy.map(|p| p.insecure.flag()).unwrap_or(false),
                    import_mode: policy.map(|p| p.import_mode.str()).unwrap_or(""),
                    reference_policy: s.reference_policy.get().map(|p| p.type_.str()).unwrap_or(""),
                    annotations: s.annotations.get().map(|a| {
                        let get = |k: &str| a.get(k).map(String::as_str).unwrap_or("");
                        AnnotationsR {
                            description: get("description"),
                            tags: get("tags"),
                            supports: get("supports"),
                            sample_repo: get("sampleRepo"),
                        }
                    }),
                }
            }),
            status: t.status.get().map(|s| StatusR {
                tag: b(&s.tag),
                items: s
                    .items
                    .items()
                    .iter()
                    .map(|e| EventR {
                        created: b(&e.created),
                        docker_image_reference: b(&e.docker_image_reference),
                        image: b(&e.image),
                        generation: e.generation.num(),
                    })
                    .collect(),
                conditions: s
                    .conditions
                    .items()
                    .iter()
                    .map(|c| ConditionR {
                        type_: b(&c.type_),
                        status: b(&c.status),
                        last_transition_time: c.last_transition_time.get().map(String::as_str),
                        reason: b(&c.reason),
                        message: Cow::Borrowed(c.message.str()),
                        generation: c.generation.num(),
                    })
                    .collect(),
            }),
            manifests: image
                .map(|i| i.docker_image_manifests.items())
                .unwrap_or(&[])
                .iter()
                .map(|m| ManifestR {
                    digest: b(&m.digest),
                    architecture: b(&m.architecture),
                    os: b(&m.os),
                    variant: b(&m.variant),
                })
                .collect(),
            media_type: image.map(|i| i.docker_image_manifest_media_type.str()).unwrap_or(""),
        }
    }

    /// Reads ImageTag JSON text on the fast reader: `Ok` only where [`ImageTag::parse`] accepts the text
    /// too, with the same meaning.
    pub fn read(text: &'a str) -> Scan<TagR<'a>> {
        let mut r = Reader::new(text);
        let mut t = TagR::default();
        r.object(|r, key| {
            match key {
                "kind" => want(r.plain_str_or_null()?, KIND_IMAGE_TAG)?,
                "apiVersion" => want(r.plain_str_or_null()?, API_VERSION)?,
                "metadata" => {
                    (t.name, t.namespace) = obj(r, |r, (name, namespace): &mut (Str<'a>, Str<'a>), key| {
                        match key {
                            "name" => *name = string(r)?,
                            "namespace" => *namespace = string(r)?,
                            k => r.field(ObjectMeta::SCHEMA, k)?,
                        }
                        Ok(())
                    })?
                    .unwrap_or_default()
                }
                "spec" => t.spec = read_spec(r)?,
                "status" => t.status = read_status(r)?,
                "image" => (t.manifests, t.media_type) = read_image(r)?,
                k => r.field(ImageTag::SCHEMA, k)?,
            }
            Ok(())
        })?;
        r.finish()?;
        Ok(t)
    }
}

/// Calls `f` with the view of ImageTag JSON text: read on the fast reader when it can, else from the
/// parsed model (which gives the exact error when the text does not parse).
pub fn with_text<R>(text: &str, f: impl FnOnce(&TagR<'_>) -> R) -> Result<R, Error> {
    if let Ok(view) = TagR::read(text) {
        return Ok(f(&view));
    }
    let tag = ImageTag::parse(text)?;
    Ok(f(&TagR::from_model(&tag)))
}

/// `null` or a string, as the zero value. (Not inlined: the readers call it for almost every field, and
/// one copy keeps them small.)
#[inline(never)]
fn string<'a>(r: &mut Reader<'a>) -> Scan<Str<'a>> {
    Ok(r.plain_str_or_null()?.unwrap_or(""))
}

/// `null` (no elements), or an array of objects (not `null`) read by `f`.
fn objects<'a, T: Default>(
    r: &mut Reader<'a>,
    mut f: impl FnMut(&mut Reader<'a>, &mut T, &str) -> Scan<()>,
) -> Scan<Vec<T>> {
    Ok(arr(r, |r| obj(r, &mut f)?.ok_or(Refused))?.unwrap_or_default())
}

#[inline(never)]
fn read_spec<'a>(r: &mut Reader<'a>) -> Scan<Option<SpecR<'a>>> {
    obj(r, |r, s: &mut SpecR<'a>, key| {
        match key {
            "name" => s.name = string(r)?,
            "from" => {
                s.from = obj(r, |r, f: &mut FromR<'a>, key| {
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
                // Each occurrence replaces the whole policy, as the model's field does.
                (s.scheduled, s.insecure, s.import_mode) =
                    obj(r, |r, (scheduled, insecure, mode): &mut (bool, bool, Str<'a>), key| {
                        match key {
                            "scheduled" => *scheduled = r.bool_or_null()?.unwrap_or(false),
                            "insecure" => *insecure = r.bool_or_null()?.unwrap_or(false),
                            "importMode" => *mode = string(r)?,
                            k => r.field(TagImportPolicy::SCHEMA, k)?,
                        }
                        Ok(())
                    })?
                    .unwrap_or_default()
            }
            "referencePolicy" => {
                s.reference_policy = obj(r, |r, type_: &mut Str<'a>, key| {
                    match key {
                        "type" => *type_ = string(r)?,
                        k => r.field(TagReferencePolicy::SCHEMA, k)?,
                    }
                    Ok(())
                })?
                .unwrap_or_default()
            }
            "annotations" => {
                s.annotations = obj(r, |r, a: &mut AnnotationsR<'a>, key| {
                    let value = r.plain_str()?;
                    match key {
                        "description" => a.description = value,
                        "tags" => a.tags = value,
                        "supports" => a.supports = value,
                        "sampleRepo" => a.sample_repo = value,
                        _ => {}
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
fn read_status<'a>(r: &mut Reader<'a>) -> Scan<Option<StatusR<'a>>> {
    obj(r, |r, s: &mut StatusR<'a>, key| {
        match key {
            "tag" => s.tag = string(r)?,
            "items" => {
                s.items = objects(r, |r, e: &mut EventR<'a>, key| {
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
                s.conditions = objects(r, |r, c: &mut ConditionR<'a>, key| {
                    match key {
                        "type" => c.type_ = string(r)?,
                        "status" => c.status = string(r)?,
                        "lastTransitionTime" => c.last_transition_time = r.plain_str_or_null()?,
                        "reason" => c.reason = string(r)?,
                        "message" => c.message = r.str_or_null()?.unwrap_or_default(),
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

/// `image`: its manifest list and media type (absent or `null`: none).
#[inline(never)]
fn read_image<'a>(r: &mut Reader<'a>) -> Scan<(Vec<ManifestR<'a>>, Str<'a>)> {
    let image = obj(r, |r, (manifests, media_type): &mut (Vec<ManifestR<'a>>, Str<'a>), key| {
        match key {
            "dockerImageManifests" => {
                *manifests = objects(r, |r, m: &mut ManifestR<'a>, key| {
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
            "dockerImageManifestMediaType" => *media_type = string(r)?,
            k => r.field(Image::SCHEMA, k)?,
        }
        Ok(())
    })?;
    Ok(image.unwrap_or_default())
}
