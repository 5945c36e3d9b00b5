//! The pure store: image streams are the stored objects, ImageTags are derived from them on every
//! request (docs/semantics.md §2). No I/O here; the HTTP layer calls these functions under one lock.

use std::collections::BTreeMap;

use imagetag::model::*;
use imagetag::{Field, Status};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::errors;
use crate::registry::{self, sha256_hex, INTERNAL_REGISTRY};
use crate::time;
use imagetag::reference::{split_image_tag_name, split_post_name, validate_digest};
use imagetag::validation::{
    apply_defaults, invalid_status, stream_internal_error, validate_image_tag, validate_stream_create,
    validate_stream_name, validate_stream_tag_reference, FieldError, Operation,
};

/// One image stream: metadata, spec tags and status tags (keyed by tag name).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Stream {
    pub metadata: ObjectMeta,
    #[serde(rename = "specTags", default)]
    pub spec_tags: BTreeMap<String, TagReference>,
    #[serde(rename = "statusTags", default)]
    pub status_tags: BTreeMap<String, NamedTagEventList>,
}

impl Stream {
    pub fn generation(&self) -> i64 {
        self.metadata.generation.num()
    }
    pub(crate) fn set_generation(&mut self, g: i64) {
        self.metadata.generation = g.into();
    }
    /// Union of spec and status tag names, sorted (byte order).
    pub fn tag_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.spec_tags.keys().chain(self.status_tags.keys()).cloned().collect();
        names.sort();
        names.dedup();
        names
    }
}

/// Everything the devserver keeps; this is what `--data` persists.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct State {
    /// File format version.
    pub format: u32,
    /// The last resourceVersion handed out (one counter for everything, like etcd).
    #[serde(rename = "resourceVersion")]
    pub resource_version: u64,
    /// Mixed into generated uids so two servers do not hand out the same ones.
    #[serde(rename = "uidSeed")]
    pub uid_seed: u64,
    /// namespace → stream name → stream (storage order: namespace, then name).
    pub streams: BTreeMap<String, BTreeMap<String, Stream>>,
    /// The cluster-scoped Image objects, by name (digest).
    pub images: BTreeMap<String, Image>,
    /// The simulated external registries: one entry per published source.
    pub registry: BTreeMap<String, registry::Source>,
    /// Set by every mutation; the server persists and clears it.
    #[serde(skip)]
    pub dirty: bool,
}

/// Options of one write request.
#[derive(Clone, Copy, Debug, Default)]
pub struct WriteOptions {
    /// `dryRun=All`: the HTTP layer runs the operation on a copy.
    pub dry_run: bool,
    /// Simulate another writer changing the stream between the server's read and write (a fault).
    pub race: bool,
}

/// Parsed query of a LIST.
#[derive(Clone, Debug, Default)]
pub struct ListQuery {
    pub label_selector: Option<String>,
    pub field_selector: Option<String>,
    pub limit: Option<usize>,
}

/// A list, or `null` when empty (Go's nil slice).
fn non_empty<T>(v: Vec<T>) -> Field<Vec<T>> {
    if v.is_empty() {
        Field::Null
    } else {
        Field::Present(v)
    }
}

pub(crate) fn s(v: &str) -> Field<String> {
    Field::Present(v.to_string())
}

/// Drops empty optional strings (Go `omitempty`).
fn opt_str(f: &mut Field<String>) {
    if f.str().is_empty() {
        *f = Field::Absent;
    }
}
fn opt_flag(f: &mut Field<bool>) {
    if !f.flag() {
        *f = Field::Absent;
    }
}

/// Puts a spec tag into the shape the server stores and emits (§1.2, §1.9): unknown keys dropped,
/// `annotations`/`generation` keys always there, policies always objects, false flags omitted.
pub fn normalize_tag_reference(r: &mut TagReference) {
    r.extra.clear();
    if r.annotations.is_absent() || r.annotations.get().map(|a| a.is_empty()).unwrap_or(false) {
        r.annotations = Field::Null;
    }
    if let Some(from) = r.from.get_mut() {
        from.extra.clear();
        for f in [
            &mut from.kind,
            &mut from.namespace,
            &mut from.name,
            &mut from.uid,
            &mut from.api_version,
            &mut from.resource_version,
            &mut from.field_path,
        ] {
            opt_str(f);
        }
    } else {
        r.from = Field::Absent;
    }
    opt_flag(&mut r.reference);
    if r.generation.is_absent() {
        r.generation = Field::Null;
    }
    let ip = r.import_policy.get_or_insert_default();
    ip.extra.clear();
    opt_flag(&mut ip.insecure);
    opt_flag(&mut ip.scheduled);
    if ip.import_mode.str().is_empty() {
        ip.import_mode = s("Legacy");
    }
    let rp = r.reference_policy.get_or_insert_default();
    rp.extra.clear();
    if rp.type_.str().is_empty() {
        rp.type_ = s("Source");
    }
}

/// The rule every history addition follows (§2.12). Returns whether anything changed.
pub fn add_tag_event(list: &mut NamedTagEventList, ev: TagEvent) -> bool {
    let items = list.items.get_or_insert_default();
    let changed = match items.first_mut() {
        None => {
            items.push(ev);
            true
        }
        Some(cur) => {
            let same_ref = cur.docker_image_reference.str() == ev.docker_image_reference.str();
            let same_img = cur.image.str() == ev.image.str();
            if same_ref && same_img {
                if cur.generation.num() == ev.generation.num() {
                    return false;
                }
                cur.generation = ev.generation;
            } else if same_ref {
                cur.image = ev.image;
                cur.generation = ev.generation;
            } else if same_img {
                cur.docker_image_reference = ev.docker_image_reference;
                cur.generation = ev.generation;
            } else {
                items.insert(0, ev);
            }
            true
        }
    };
    list.conditions = Field::Absent;
    changed
}

pub(crate) fn new_event(created: &str, reference: &str, image: &str, generation: i64) -> TagEvent {
    TagEvent {
        created: s(created),
        docker_image_reference: s(reference),
        image: s(image),
        generation: generation.into(),
        ..Default::default()
    }
}

pub(crate) fn empty_status(tag: &str) -> NamedTagEventList {
    NamedTagEventList { tag: s(tag), items: Field::Null, ..Default::default() }
}

/// A tag-reference problem found by the stream logic (§2.6 step 4), on `spec.tags[<tag>]...` paths.
type StreamErrors = Vec<FieldError>;

/// The wrapped 422 against the ImageStream (one InternalError cause with an empty field).
fn wrapped_stream_invalid(stream: &str, errs: &StreamErrors) -> Status {
    invalid_status("ImageStream", stream, &[stream_internal_error(stream, errs)])
}

/// The ImageTag's own 422 causes on create (§2.6 step 2). The validator also reports, for an otherwise
/// valid ImageTag, the stream's causes on the ImageTag's paths (for clients); the server answers those
/// against the ImageStream instead, so they are left out here.
fn own_create_errors(body: &ImageTag, stream: &str) -> Vec<FieldError> {
    let from_kind = body.spec.get().and_then(|s| s.from.get()).map(|f| f.kind.str().to_string()).unwrap_or_default();
    validate_image_tag(body, Operation::Create, None)
        .errors
        .into_iter()
        .filter(|e| {
            let stream_name_cause =
                e.field == "metadata.name" && e.bad_value.as_ref().and_then(Value::as_str) == Some(stream);
            // only the stream strategy's format check of an ImageStreamTag/ImageStreamImage name is reported
            // against the ImageStream; an empty name stays the ImageTag's own `Required value` (§3.2)
            let stream_from_cause = e.field == "spec.from.name"
                && e.type_ != imagetag::validation::ErrorType::Required
                && matches!(from_kind.as_str(), "ImageStreamTag" | "ImageStreamImage");
            !(stream_name_cause || stream_from_cause)
        })
        .collect()
}

/// The ImageStream-kind causes of writing spec tag `tag` into a new (`is_new`) or existing stream.
fn stream_create_errors(
    ns: &str,
    stream: &str,
    tag: &str,
    spec: Option<&TagReference>,
    is_new: bool,
) -> Vec<FieldError> {
    match (spec, is_new) {
        (Some(sp), true) => validate_stream_create(ns, stream, tag, sp),
        (None, true) => validate_stream_name(ns, stream),
        (Some(sp), false) => {
            let errs = validate_stream_tag_reference(tag, sp);
            if errs.is_empty() {
                errs
            } else {
                vec![stream_internal_error(stream, &errs)]
            }
        }
        (None, false) => Vec::new(),
    }
}

impl State {
    pub fn new(uid_seed: u64) -> State {
        State { format: 1, resource_version: 1000, uid_seed, ..Default::default() }
    }

    pub fn stream(&self, ns: &str, name: &str) -> Option<&Stream> {
        self.streams.get(ns).and_then(|m| m.get(name))
    }

    /// A fresh uid (uuid text), unique per server state.
    pub fn new_uid(&mut self, what: &str) -> String {
        self.resource_version += 1;
        let h = sha256_hex(&format!("{}/{}/{}", self.uid_seed, what, self.resource_version));
        format!("{}-{}-5{}-{}-{}", &h[0..8], &h[8..12], &h[13..16], &h[16..20], &h[20..32])
    }

    fn next_rv(&mut self) -> String {
        self.resource_version += 1;
        self.resource_version.to_string()
    }

    /// Restamps every stream with a version after `rv` (a reset's fresh state replacing one at `rv`), so the
    /// versions clients hold stay behind every later one.
    pub fn continue_versions_after(&mut self, rv: u64) {
        self.resource_version = self.resource_version.max(rv);
        let mut next = self.resource_version;
        for st in self.streams.values_mut().flat_map(|m| m.values_mut()) {
            next += 1;
            st.metadata.resource_version = next.to_string().into();
        }
        self.resource_version = next;
    }

    /// Stores a stream with a new resourceVersion.
    pub fn put_stream(&mut self, ns: &str, name: &str, mut st: Stream) {
        st.metadata.resource_version = self.next_rv().into();
        self.streams.entry(ns.to_string()).or_default().insert(name.to_string(), st);
        self.dirty = true;
    }

    /// A new, empty stream (generation 0; the first spec write makes it 1).
    pub fn new_stream(&mut self, ns: &str, name: &str, now: i64) -> Stream {
        let uid = self.new_uid(&format!("imagestream/{ns}/{name}"));
        Stream {
            metadata: ObjectMeta {
                name: s(name),
                namespace: s(ns),
                uid: s(&uid),
                generation: 0.into(),
                creation_timestamp: s(&time::format(now)),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    pub fn put_image(&mut self, mut image: Image) {
        let name = image.metadata.name().to_string();
        if name.is_empty() || self.images.contains_key(&name) {
            return;
        }
        let uid = self.new_uid(&format!("image/{name}"));
        let rv = self.next_rv();
        let m = image.metadata.get_or_insert_default();
        if m.uid.is_none() {
            m.uid = s(&uid);
        }
        if m.resource_version.is_none() {
            m.resource_version = s(&rv);
        }
        self.images.insert(name, image);
        self.dirty = true;
    }

    // -----------------------------------------------------------------------------------------------
    // Projection (§2.3, §2.4)

    /// The ImageTag view of one tag: the core's projection (docs/semantics.md §2.3), so the devserver and the
    /// client's watch agree by construction; `with_image` fills in `image` as a single GET does (§2.4).
    /// `typed`: with kind/apiVersion (single objects, not list items).
    pub fn project(&self, ns: &str, sname: &str, st: &Stream, tag: &str, with_image: bool, typed: bool) -> ImageTag {
        let form = if typed { TagForm::Object } else { TagForm::ListItem };
        // The stored metadata carries the stream's name; a copy only if it ever did not.
        let renamed;
        let meta = if st.metadata.name.str() == sname {
            &st.metadata
        } else {
            renamed = ObjectMeta { name: s(sname), ..st.metadata.clone() };
            &renamed
        };
        let mut t = project_image_tag(meta, tag, st.spec_tags.get(tag), st.status_tags.get(tag), form);
        if with_image {
            t.image = self.image_for(ns, sname, st, tag).map(Box::new).into();
        }
        t
    }

    /// The Image the newest history item points to, as ImageTag responses show it (§1.7, §2.4).
    fn image_for(&self, ns: &str, sname: &str, st: &Stream, tag: &str) -> Option<Image> {
        let ev = st.status_tags.get(tag)?.items.items().first()?;
        let id = ev.image.str();
        if id.is_empty() {
            return None;
        }
        let mut img = self.images.get(id)?.clone();
        img.kind = Field::Absent;
        img.api_version = Field::Absent;
        img.docker_image_manifest = Field::Absent;
        img.docker_image_config = Field::Absent;
        let local = st
            .spec_tags
            .get(tag)
            .and_then(|r| r.reference_policy.get())
            .map(|p| p.type_.str() == "Local")
            .unwrap_or(false);
        img.docker_image_reference = if local {
            s(&format!("{INTERNAL_REGISTRY}/{ns}/{sname}@{id}"))
        } else {
            ev.docker_image_reference.clone()
        };
        Some(img)
    }

    // -----------------------------------------------------------------------------------------------
    // ImageStreams (docs/watch.md): the stored object as `imagestreams` serves it

    /// The ImageStream a stored stream is: its spec and status tags in name order.
    pub fn image_stream(&self, ns: &str, sname: &str, st: &Stream) -> ImageStream {
        ImageStream {
            kind: s(KIND_IMAGE_STREAM),
            api_version: s(API_VERSION),
            metadata: Field::Present(st.metadata.clone()),
            spec: Field::Present(ImageStreamSpec {
                lookup_policy: Field::Present(ImageLookupPolicy { local: false.into(), ..Default::default() }),
                tags: non_empty(st.spec_tags.values().cloned().collect()),
                ..Default::default()
            }),
            status: Field::Present(ImageStreamStatus {
                docker_image_repository: s(&format!("{INTERNAL_REGISTRY}/{ns}/{sname}")),
                tags: non_empty(st.status_tags.values().cloned().collect()),
                ..Default::default()
            }),
            extra: Default::default(),
        }
    }

    pub fn get_stream(&self, ns: &str, name: &str) -> Result<ImageStream, Status> {
        let st = self.stream(ns, name).ok_or_else(|| errors::not_found("imagestreams", name))?;
        Ok(self.image_stream(ns, name, st))
    }

    /// The streams of one namespace or all, filtered by the selectors as `imagetags` lists are (§2.5); the
    /// list's `resourceVersion` is the state's, the version a watch starts from.
    pub fn list_streams(&self, ns: Option<&str>, q: &ListQuery) -> Result<ImageStreamList, Status> {
        let fields = crate::selectors::FieldSelector::parse(q.field_selector.as_deref().unwrap_or(""))?;
        let labels = crate::selectors::LabelSelector::parse(q.label_selector.as_deref().unwrap_or(""))?;
        let mut items = Vec::new();
        for (sns, streams) in self.streams.iter().filter(|(n, _)| ns.is_none_or(|x| x == *n)) {
            for (sname, st) in streams {
                let labels_of = st.metadata.labels.get().cloned().unwrap_or_default();
                if labels.matches(&labels_of) && fields.matches(sname, sns) {
                    items.push(self.image_stream(sns, sname, st));
                }
            }
        }
        Ok(ImageStreamList {
            kind: s(KIND_IMAGE_STREAM_LIST),
            api_version: s(API_VERSION),
            metadata: Field::Present(ListMeta {
                resource_version: s(&self.resource_version.to_string()),
                ..Default::default()
            }),
            items: Field::Present(items),
            extra: Default::default(),
        })
    }

    // -----------------------------------------------------------------------------------------------
    // GET (§2.4)

    pub fn get(&self, ns: &str, url_name: &str) -> Result<ImageTag, Status> {
        let (sname, tag) = split_image_tag_name(url_name).map_err(|_| errors::malformed_name())?;
        let st = self.stream(ns, sname).ok_or_else(|| errors::not_found("imagestreams", sname))?;
        if !st.spec_tags.contains_key(tag) && !st.status_tags.contains_key(tag) {
            return Err(errors::not_found("imagetags", url_name));
        }
        Ok(self.project(ns, sname, st, tag, true, true))
    }

    // -----------------------------------------------------------------------------------------------
    // LIST (§2.5)

    pub fn list(&self, ns: Option<&str>, q: &ListQuery) -> Result<ImageTagList, Status> {
        let fields = crate::selectors::FieldSelector::parse(q.field_selector.as_deref().unwrap_or(""))?;
        let labels = crate::selectors::LabelSelector::parse(q.label_selector.as_deref().unwrap_or(""))?;
        let mut items = Vec::new();
        let mut streams_seen = 0usize;
        for (sns, streams) in &self.streams {
            if ns.is_some_and(|n| n != sns) {
                continue;
            }
            for (sname, st) in streams {
                if q.limit.is_some_and(|l| l > 0 && streams_seen >= l) {
                    break;
                }
                let labels_of = st.metadata.labels.get().cloned().unwrap_or_default();
                if !labels.matches(&labels_of) || !fields.matches(sname, sns) {
                    continue;
                }
                streams_seen += 1;
                for tag in st.tag_names() {
                    if fields.matches(&format!("{sname}:{tag}"), sns) {
                        items.push(self.project(sns, sname, st, &tag, false, false));
                    }
                }
            }
        }
        Ok(ImageTagList {
            kind: s(KIND_IMAGE_TAG_LIST),
            api_version: s(API_VERSION),
            metadata: Field::Present(ListMeta::default()),
            items: if items.is_empty() { Field::Null } else { Field::Present(items) },
            extra: Default::default(),
        })
    }

    // -----------------------------------------------------------------------------------------------
    // Spec tag writes and their synchronous side effects (§2.6, §2.7 step 9, §2.12)

    /// Sets (`Some`) or removes (`None`) the spec tag `tag` of `st`, with the generation rules and the
    /// side effects of a changed tag reference. Errors are the stream-level tag-reference problems.
    fn write_spec_tag(
        &self,
        ns: &str,
        sname: &str,
        st: &mut Stream,
        tag: &str,
        new: Option<TagReference>,
        now: i64,
    ) -> Result<(), StreamErrors> {
        let old = st.spec_tags.get(tag).cloned();
        let Some(mut r) = new else {
            if old.is_some() {
                st.spec_tags.remove(tag);
                st.set_generation(st.generation() + 1);
            }
            return Ok(());
        };
        normalize_tag_reference(&mut r);
        r.name = s(tag);
        let reimport = r.generation.get() == Some(&0);
        match &old {
            Some(o) if !reimport => r.generation = o.generation.clone(),
            None if !reimport => r.generation = Field::Null,
            _ => {}
        }
        let ref_changed = reimport || old.as_ref().map(|o| reference_changed(o, &r)).unwrap_or(true);
        let spec_changed = old.as_ref() != Some(&r);
        if !spec_changed && !ref_changed {
            return Ok(());
        }
        st.set_generation(st.generation() + 1);
        if ref_changed {
            r.generation = st.generation().into();
        }
        let gen = r.generation.num();
        let from = r.from.get().cloned().unwrap_or_default();
        if ref_changed {
            let fname = from.name.str().to_string();
            let from_path = format!("spec.tags[{tag}].from.name");
            match from.kind.str() {
                "DockerImage" if r.reference.flag() => {
                    let st_tag = st.status_tags.entry(tag.to_string()).or_insert_with(|| empty_status(tag));
                    add_tag_event(st_tag, new_event(&time::format(now), &fname, "", gen));
                }
                "ImageStreamTag" => {
                    let (src_stream, src_tag) = match fname.split(':').collect::<Vec<_>>()[..] {
                        [t] => (sname.to_string(), t.to_string()),
                        [st_, t] => (st_.to_string(), t.to_string()),
                        _ => {
                            return Err(vec![FieldError::invalid(
                                &from_path,
                                fname.as_str(),
                                "must be of the form <tag>, <repo>:<tag>, <id>, or <repo>@<id>",
                            )])
                        }
                    };
                    let src_ns =
                        if from.namespace.str().is_empty() { ns.to_string() } else { from.namespace.str().to_string() };
                    let same = src_ns == ns && src_stream == sname;
                    let src_item = if same {
                        st.status_tags.get(&src_tag).and_then(|l| l.items.items().first().cloned())
                    } else {
                        let src = self
                            .stream(&src_ns, &src_stream)
                            .ok_or_else(|| vec![FieldError::not_found(&from_path, fname.as_str())])?;
                        src.status_tags.get(&src_tag).and_then(|l| l.items.items().first().cloned())
                    };
                    if let Some(mut item) = src_item {
                        item.generation = gen.into();
                        let prefix = format!("{INTERNAL_REGISTRY}/{src_ns}/{src_stream}@");
                        if !r.reference.flag() && !same && item.docker_image_reference.str().starts_with(&prefix) {
                            let rest = item.docker_image_reference.str()[prefix.len()..].to_string();
                            item.docker_image_reference = s(&format!("{INTERNAL_REGISTRY}/{ns}/{sname}@{rest}"));
                        }
                        let st_tag = st.status_tags.entry(tag.to_string()).or_insert_with(|| empty_status(tag));
                        add_tag_event(st_tag, item);
                    }
                }
                "ImageStreamImage" => {
                    let (src_stream, id) = match fname.split('@').collect::<Vec<_>>()[..] {
                        [i] => (sname.to_string(), i.to_string()),
                        [st_, i] => (st_.to_string(), i.to_string()),
                        _ => {
                            return Err(vec![FieldError::invalid(
                                &from_path,
                                fname.as_str(),
                                "must be of the form <tag>, <repo>:<tag>, <id>, or <repo>@<id>",
                            )])
                        }
                    };
                    let src_ns =
                        if from.namespace.str().is_empty() { ns.to_string() } else { from.namespace.str().to_string() };
                    let src = if src_ns == ns && src_stream == sname {
                        st.clone()
                    } else {
                        self.stream(&src_ns, &src_stream)
                            .cloned()
                            .ok_or_else(|| vec![FieldError::not_found(&from_path, fname.as_str())])?
                    };
                    let mut found: BTreeMap<String, String> = BTreeMap::new();
                    for list in src.status_tags.values() {
                        for item in list.items.items() {
                            let img = item.image.str();
                            if !img.is_empty()
                                && (img == id
                                    || img.starts_with(&id)
                                    || img.split_once(':').is_some_and(|(_, h)| h.starts_with(&id)))
                            {
                                found
                                    .entry(img.to_string())
                                    .or_insert_with(|| item.docker_image_reference.str().to_string());
                            }
                        }
                    }
                    if found.len() != 1 {
                        let why = if found.is_empty() {
                            format!(
                                "error generating tag event: imagestreamimage.image.openshift.io \"{id}\" not found"
                            )
                        } else {
                            format!("error generating tag event: multiple images match the prefix \"{id}\"")
                        };
                        return Err(vec![FieldError::invalid(&from_path, fname.as_str(), &why)]);
                    }
                    let (img, reference) = found.into_iter().next().unwrap();
                    let st_tag = st.status_tags.entry(tag.to_string()).or_insert_with(|| empty_status(tag));
                    add_tag_event(st_tag, new_event(&time::format(now), &reference, &img, gen));
                }
                _ => {}
            }
        }
        st.spec_tags.insert(tag.to_string(), r);
        Ok(())
    }

    // -----------------------------------------------------------------------------------------------
    // CREATE (§2.6)

    pub fn create(&mut self, ns: &str, mut body: ImageTag, now: i64, opts: WriteOptions) -> Result<ImageTag, Status> {
        check_body_namespace(&mut body, ns)?;
        body.status = Field::Null;
        body.image = Field::Null;
        let name = body.name().to_string();
        let split = name.contains(':').then(|| split_post_name(&name));
        if let (Some(spec), Some((_, t))) = (body.spec.get_mut(), &split) {
            if spec.name.str().is_empty() {
                spec.name = s(t);
            }
        }
        apply_defaults(&mut body);
        let stream_part = split.as_ref().map(|(s, _)| s.as_str()).unwrap_or("");
        let errs = own_create_errors(&body, stream_part);
        if !errs.is_empty() {
            return Err(invalid_status("ImageTag", &name, &errs));
        }
        let (sname, tag) = split.ok_or_else(errors::malformed_name)?;
        if opts.race {
            return Err(errors::server_timeout("create", 2));
        }
        let existing = self.stream(ns, &sname).cloned();
        if existing.as_ref().is_some_and(|st| st.spec_tags.contains_key(&tag)) {
            return Err(errors::already_exists(&format!("{sname}:{tag}")));
        }
        let errs = stream_create_errors(ns, &sname, &tag, body.spec.get(), existing.is_none());
        if !errs.is_empty() {
            return Err(invalid_status("ImageStream", &sname, &errs));
        }
        let mut st = match existing {
            Some(st) => st,
            None => self.new_stream(ns, &sname, now),
        };
        let spec = body.spec.take();
        self.write_spec_tag(ns, &sname, &mut st, &tag, spec, now).map_err(|e| wrapped_stream_invalid(&sname, &e))?;
        self.put_stream(ns, &sname, st);
        let st = self.stream(ns, &sname).expect("just stored");
        Ok(self.project(ns, &sname, st, &tag, true, true))
    }

    // -----------------------------------------------------------------------------------------------
    // UPDATE (§2.7); PATCH ends here too

    /// Returns the HTTP code (201 when no spec entry existed before, else 200) and the fresh ImageTag.
    pub fn update(
        &mut self,
        ns: &str,
        url_name: &str,
        mut body: ImageTag,
        now: i64,
        opts: WriteOptions,
    ) -> Result<(u16, ImageTag), Status> {
        let (sname, tag) = split_image_tag_name(url_name).map_err(|_| errors::malformed_name())?;
        if body.name() != url_name {
            return Err(errors::bad_request(format!(
                "the name of the object ({}) does not match the name on the URL ({url_name})",
                body.name()
            )));
        }
        check_body_namespace(&mut body, ns)?;
        body.image = Field::Null;
        apply_defaults(&mut body);
        let body_rv = body.metadata.resource_version().to_string();
        let Some(existing) = self.stream(ns, sname).cloned() else {
            // The create path: a synthetic empty stream.
            if !body_rv.is_empty() {
                return Err(errors::not_found("imagetags", url_name));
            }
            body.status = Field::Null;
            if let Some(spec) = body.spec.get_mut() {
                if spec.name.str().is_empty() {
                    spec.name = s(tag);
                }
            }
            let errs = own_create_errors(&body, sname);
            if !errs.is_empty() {
                return Err(invalid_status("ImageTag", url_name, &errs));
            }
            let errs = stream_create_errors(ns, sname, tag, body.spec.get(), true);
            if !errs.is_empty() {
                return Err(invalid_status("ImageStream", sname, &errs));
            }
            if opts.race {
                return Err(errors::stream_conflict(sname));
            }
            let mut st = self.new_stream(ns, sname, now);
            let spec = body.spec.take();
            self.write_spec_tag(ns, sname, &mut st, tag, spec, now).map_err(|e| wrapped_stream_invalid(sname, &e))?;
            self.put_stream(ns, sname, st);
            let st = self.stream(ns, sname).expect("just stored");
            return Ok((201, self.project(ns, sname, st, tag, true, true)));
        };
        let old = self.project(ns, sname, &existing, tag, false, true);
        let current_rv = existing.metadata.resource_version.str().to_string();
        if !body_rv.is_empty() && body_rv != current_rv {
            return Err(errors::conflict(
                "imagetags",
                url_name,
                &format!("another caller has updated the resource version to {current_rv}"),
            ));
        }
        // The server overwrites generation, creationTimestamp, an empty uid and an empty resourceVersion.
        {
            let m = body.metadata.get_or_insert_default();
            m.generation = existing.metadata.generation.clone();
            m.creation_timestamp = existing.metadata.creation_timestamp.clone();
            if m.uid.str().is_empty() {
                m.uid = existing.metadata.uid.clone();
            }
            if m.resource_version.str().is_empty() {
                m.resource_version = existing.metadata.resource_version.clone();
            }
        }
        let errs = validate_image_tag(&body, Operation::Update, Some(&old)).errors;
        if !errs.is_empty() {
            return Err(invalid_status("ImageTag", url_name, &errs));
        }
        if opts.race {
            return Err(errors::stream_conflict(sname));
        }
        let had_spec = existing.spec_tags.contains_key(tag);
        let mut st = existing.clone();
        let spec = body.spec.take();
        self.write_spec_tag(ns, sname, &mut st, tag, spec, now).map_err(|e| wrapped_stream_invalid(sname, &e))?;
        if st != existing {
            self.put_stream(ns, sname, st);
        }
        let st = self.stream(ns, sname).expect("exists");
        let code = if had_spec { 200 } else { 201 };
        Ok((code, self.project(ns, sname, st, tag, true, true)))
    }

    /// The object a PATCH is applied to: the synthetic "old" ImageTag (no image); for a missing stream
    /// an empty one with a uid, so the patched result takes the create path of UPDATE.
    pub fn patch_base(&mut self, ns: &str, url_name: &str) -> Result<Value, Status> {
        let (sname, tag) = split_image_tag_name(url_name).map_err(|_| errors::malformed_name())?;
        let mut it = match self.stream(ns, sname) {
            Some(st) => self.project(ns, sname, st, tag, false, true),
            None => {
                let mut t = ImageTag {
                    kind: s(KIND_IMAGE_TAG),
                    api_version: s(API_VERSION),
                    metadata: Field::Present(ObjectMeta { name: s(url_name), namespace: s(ns), ..Default::default() }),
                    spec: Field::Null,
                    status: Field::Null,
                    image: Field::Null,
                    extra: Default::default(),
                };
                let uid = sha256_hex(&format!("{}/synthetic/{ns}/{sname}", self.uid_seed));
                t.metadata.get_mut().unwrap().uid =
                    s(&format!("{}-{}-{}-{}-{}", &uid[0..8], &uid[8..12], &uid[12..16], &uid[16..20], &uid[20..32]));
                t
            }
        };
        it.image = Field::Null;
        Ok(serde_json::to_value(&it).expect("serializes"))
    }

    // -----------------------------------------------------------------------------------------------
    // DELETE (§2.9)

    pub fn delete(
        &mut self,
        ns: &str,
        url_name: &str,
        options: Option<&Value>,
        opts: WriteOptions,
    ) -> Result<Status, Status> {
        let (sname, tag) = split_image_tag_name(url_name).map_err(|_| errors::malformed_name())?;
        let existing = self.stream(ns, sname).ok_or_else(|| errors::not_found("imagestreams", sname))?;
        let uid = options
            .and_then(|o| o.get("preconditions"))
            .and_then(|p| p.get("uid"))
            .and_then(Value::as_str)
            .unwrap_or("");
        if !uid.is_empty() && uid != existing.metadata.uid.str() {
            return Err(errors::conflict("imagetags", url_name, "the UID precondition was not met"));
        }
        if !existing.spec_tags.contains_key(tag) && !existing.status_tags.contains_key(tag) {
            return Err(errors::not_found("imagetags", url_name));
        }
        if opts.race {
            return Err(errors::server_timeout("delete", 2));
        }
        let mut st = existing.clone();
        st.status_tags.remove(tag);
        if st.spec_tags.remove(tag).is_some() {
            st.set_generation(st.generation() + 1);
        }
        self.put_stream(ns, sname, st);
        Ok(Status::success())
    }

    // -----------------------------------------------------------------------------------------------
    // Pushes to the integrated registry

    /// Records a push of `digest` (or a fresh one) to `<ns>/<stream>:<tag>`: a new history item, no spec.
    pub fn push(&mut self, ns: &str, sname: &str, tag: &str, digest: Option<&str>, now: i64) -> Result<Value, Status> {
        let mut errs = validate_stream_name(ns, sname);
        if tag.is_empty() || tag.contains('/') || tag.contains(':') || tag.contains('@') {
            errs.push(FieldError::invalid("tag", tag, "must be a valid tag name"));
        }
        if !errs.is_empty() {
            return Err(invalid_status("ImageStream", sname, &errs));
        }
        let mut st = match self.stream(ns, sname) {
            Some(st) => st.clone(),
            None => {
                let mut st = self.new_stream(ns, sname, now);
                st.set_generation(1);
                st
            }
        };
        let digest = match digest {
            Some(d) => {
                validate_digest(d).map_err(|e| errors::bad_request(format!("digest: {e}")))?;
                d.to_string()
            }
            None => {
                format!("sha256:{}", sha256_hex(&format!("push/{ns}/{sname}/{tag}/{}/{now}", self.resource_version)))
            }
        };
        let reference = format!("{INTERNAL_REGISTRY}/{ns}/{sname}@{digest}");
        self.put_image(registry::pushed_image(&digest, &format!("{ns}/{sname}"), now));
        let gen = st.generation();
        let list = st.status_tags.entry(tag.to_string()).or_insert_with(|| empty_status(tag));
        add_tag_event(list, new_event(&time::format(now), &reference, &digest, gen));
        track(&mut st, ns, sname, tag);
        self.put_stream(ns, sname, st);
        Ok(
            serde_json::json!({"namespace": ns, "name": format!("{sname}:{tag}"), "image": digest, "dockerImageReference": reference}),
        )
    }
}

/// Tags of the same stream that track `tag` through `ImageStreamTag` receive its newest item (§2.12).
pub(crate) fn track(st: &mut Stream, ns: &str, sname: &str, tag: &str) {
    let mut queue = vec![tag.to_string()];
    let mut seen = std::collections::BTreeSet::new();
    while let Some(src) = queue.pop() {
        if !seen.insert(src.clone()) || seen.len() > 64 {
            continue;
        }
        let Some(item) = st.status_tags.get(&src).and_then(|l| l.items.items().first().cloned()) else { continue };
        let trackers: Vec<(String, i64)> = st
            .spec_tags
            .iter()
            .filter(|(t, r)| {
                *t != &src
                    && r.from.get().is_some_and(|f| {
                        f.kind.str() == "ImageStreamTag"
                            && (f.namespace.str().is_empty() || f.namespace.str() == ns)
                            && (f.name.str() == src || f.name.str() == format!("{sname}:{src}"))
                    })
            })
            .map(|(t, r)| (t.clone(), r.generation.num()))
            .collect();
        for (t, g) in trackers {
            let mut ev = item.clone();
            ev.generation = g.into();
            let list = st.status_tags.entry(t.clone()).or_insert_with(|| empty_status(&t));
            if add_tag_event(list, ev) {
                queue.push(t);
            }
        }
    }
}

/// A change of the tag reference in the sense of the stream strategy: `from` namespace or name,
/// `reference`, `importMode` (a change of `from.kind` alone does not count).
fn reference_changed(old: &TagReference, new: &TagReference) -> bool {
    let f = |r: &TagReference| {
        let from = r.from.get().cloned().unwrap_or_default();
        (
            from.namespace.str().to_string(),
            from.name.str().to_string(),
            r.reference.flag(),
            r.import_policy.get().map(|p| p.import_mode.str().to_string()).unwrap_or_default(),
        )
    };
    f(old) != f(new)
}

/// Fills an empty body namespace from the URL; a different one is a 400.
fn check_body_namespace(body: &mut ImageTag, ns: &str) -> Result<(), Status> {
    let m = body.metadata.get_or_insert_default();
    match m.namespace.str() {
        "" => {
            m.namespace = s(ns);
            Ok(())
        }
        n if n == ns => Ok(()),
        _ => Err(errors::bad_request(
            "the namespace of the provided object does not match the namespace sent on the request",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::imports::import_pending;
    use serde_json::json;

    fn ev(r: &str, i: &str, g: i64) -> TagEvent {
        new_event("2025-01-01T00:00:00Z", r, i, g)
    }

    fn list(items: Vec<TagEvent>) -> NamedTagEventList {
        NamedTagEventList {
            tag: s("t"),
            items: Field::Present(items),
            conditions: Field::Present(vec![TagEventCondition { type_: s("ImportSuccess"), ..Default::default() }]),
            ..Default::default()
        }
    }

    #[test]
    fn history_addition_rule() {
        // same reference, image and generation: no change (conditions stay)
        let mut l = list(vec![ev("r1", "i1", 2)]);
        assert!(!add_tag_event(&mut l, ev("r1", "i1", 2)));
        assert!(l.conditions.is_present());
        // only the generation differs: items[0].generation updated
        assert!(add_tag_event(&mut l, ev("r1", "i1", 3)));
        assert_eq!(l.items.items().len(), 1);
        assert_eq!(l.items.items()[0].generation.num(), 3);
        assert!(l.conditions.is_absent());
        // only the reference matches: image replaced
        assert!(add_tag_event(&mut l, ev("r1", "i2", 4)));
        assert_eq!((l.items.items().len(), l.items.items()[0].image.str()), (1, "i2"));
        // only the image matches: reference replaced
        assert!(add_tag_event(&mut l, ev("r2", "i2", 5)));
        assert_eq!((l.items.items().len(), l.items.items()[0].docker_image_reference.str()), (1, "r2"));
        // both differ: prepended
        assert!(add_tag_event(&mut l, ev("r3", "i3", 6)));
        assert_eq!(l.items.items().len(), 2);
        assert_eq!(l.items.items()[0].image.str(), "i3");
        // into null items
        let mut l = NamedTagEventList { tag: s("t"), items: Field::Null, ..Default::default() };
        assert!(add_tag_event(&mut l, ev("r", "i", 1)));
        assert_eq!(l.items.items().len(), 1);
    }

    fn spec(v: serde_json::Value) -> TagReference {
        let mut r: TagReference = serde_json::from_value(v).unwrap();
        normalize_tag_reference(&mut r);
        r
    }

    #[test]
    fn pending_rule() {
        let r = spec(json!({"name": "t", "from": {"kind": "DockerImage", "name": "x/y:1"}, "generation": 5}));
        assert!(import_pending(&r, None));
        let mut l = list(vec![ev("r", "i", 5)]);
        l.conditions = Field::Absent;
        assert!(!import_pending(&r, Some(&l)));
        let mut l = list(vec![ev("r", "i", 3)]);
        l.conditions.get_mut().unwrap()[0].generation = 5.into();
        assert!(!import_pending(&r, Some(&l)), "a failure at this generation was observed");
        let reference = spec(
            json!({"name": "t", "reference": true, "from": {"kind": "DockerImage", "name": "x/y:1"}, "generation": 5}),
        );
        assert!(!import_pending(&reference, None));
        let ist = spec(json!({"name": "t", "from": {"kind": "ImageStreamTag", "name": "a"}, "generation": 5}));
        assert!(!import_pending(&ist, None));
    }

    #[test]
    fn normalized_spec_shape() {
        let r = spec(
            json!({"name": "t", "from": {"kind": "DockerImage", "name": "x", "uid": ""}, "reference": false, "unknown": 1}),
        );
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            json!({"name": "t", "annotations": null, "from": {"kind": "DockerImage", "name": "x"}, "generation": null,
                "importPolicy": {"importMode": "Legacy"}, "referencePolicy": {"type": "Source"}})
        );
    }

    fn tag(v: serde_json::Value) -> ImageTag {
        ImageTag::from_value(&v).unwrap()
    }

    #[test]
    fn create_import_update_delete_cycle() {
        let mut st = State::new(1);
        let o = WriteOptions::default();
        let t = st.create("ns", tag(json!({"metadata": {"name": "s:a"}, "spec": {"from": {"kind": "DockerImage", "name": "quay.io/x/y:1"}}})), 100, o).unwrap();
        assert_eq!(t.metadata.get().unwrap().generation.num(), 1);
        assert!(st.has_pending_imports());
        let res = st.run_imports(None, None, false, 200);
        assert_eq!(res.len(), 1);
        assert!(!st.has_pending_imports());
        let got = st.get("ns", "s:a").unwrap();
        assert_eq!(got.history()[0].generation.num(), 2);
        assert_eq!(got.history()[0].created.str(), "1970-01-01T00:03:20Z");
        // spec: null through update keeps history; 200 because a spec existed.
        let mut body = got.clone();
        body.spec = Field::Null;
        body.image = Field::Null;
        let (code, after) = st.update("ns", "s:a", body, 300, o).unwrap();
        assert_eq!(code, 200);
        assert!(after.spec.is_null());
        assert_eq!(after.history().len(), 1);
        // Putting the spec back: 201.
        let mut body = after.clone();
        body.spec =
            Field::Present(spec(json!({"name": "a", "from": {"kind": "DockerImage", "name": "quay.io/x/y:1"}})));
        let (code, _) = st.update("ns", "s:a", body, 400, o).unwrap();
        assert_eq!(code, 201);
        assert_eq!(st.delete("ns", "s:a", None, o).unwrap(), Status::success());
        assert!(st.get("ns", "s:a").unwrap_err().is_not_found());
        assert!(st.stream("ns", "s").is_some(), "the stream stays");
    }
}
