//! ImageTag events from two states: of one stream (a watch event), of all streams (a re-list), or of two
//! ImageTag lists (polling). One rule for all three: an ImageTag is reported when the object the server
//! would list for it changed, in any field, its `metadata.resourceVersion` included (see the module doc of
//! [`super`] for why a version-only change is reported).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{project_image_tag, ImageStream, ImageTag, TagEntries, TagForm};

use super::Event;

/// A stream's (or a tag's) identity: namespace and name.
pub type Key = (String, String);

/// The key of a stream.
pub fn stream_key(s: &ImageStream) -> Key {
    (s.namespace().to_string(), s.name().to_string())
}

/// The events of one stream going from `old` (`None`: not seen before) to `new`; `deleted`: `new` is the
/// last state of a stream that was deleted or stopped matching the selector (a watch `DELETED`).
/// `only_tag` limits the events to one tag (`watch({name: '<stream>:<tag>'})`).
///
/// Events come in the order of the tag names (byte order, as a list gives them), the tags that left the
/// stream last (as in a poll, [`tag_list_events`]). Every object carries
/// `new`'s metadata, so its `resourceVersion` is the stream's latest: a tag removed from the stream is
/// `DELETED` with its last spec and status under the new metadata, and a deleted stream's tags are
/// `DELETED` as projected from the final state the server sent. Tags never reported as added (a stream
/// not seen before that arrives deleted) give no event.
pub fn stream_events(
    old: Option<&ImageStream>,
    new: &ImageStream,
    deleted: bool,
    only_tag: Option<&str>,
    out: &mut Vec<Event>,
) {
    let meta = new.meta();
    let keep = |name: &str| only_tag.is_none_or(|t| t == name);
    let new_tags = new.tags();
    let Some(old) = old else {
        if !deleted {
            for (name, (spec, status)) in new_tags.into_iter().filter(|(n, _)| keep(n)) {
                out.push(Event::Added(Box::new(project_image_tag(&meta, name, spec, status, TagForm::Object))));
            }
        }
        return;
    };
    let old_tags = old.tags();
    let meta_changed = !same(&old.metadata, &new.metadata);
    for &(name, (spec, status)) in new_tags.iter().filter(|(n, _)| keep(n)) {
        let project = || Box::new(project_image_tag(&meta, name, spec, status, TagForm::Object));
        match entries(&old_tags, name) {
            None if !deleted => out.push(Event::Added(project())),
            Some(_) if deleted => out.push(Event::Deleted(project())),
            Some(before) if meta_changed || !same(before, &(spec, status)) => out.push(Event::Modified(project())),
            _ => {}
        }
    }
    for &(name, (spec, status)) in old_tags.iter().filter(|(n, _)| keep(n) && entries(&new_tags, n).is_none()) {
        out.push(Event::Deleted(Box::new(project_image_tag(&meta, name, spec, status, TagForm::Object))));
    }
}

/// The events of a re-list: every listed stream against what was known of it (in the list's order), then
/// the tags of known streams the list no longer has, `DELETED` as last known (their final version is not
/// known). Returns the new known state.
pub fn relist_events(
    known: &BTreeMap<Key, ImageStream>,
    listed: Vec<ImageStream>,
    only_tag: Option<&str>,
    out: &mut Vec<Event>,
) -> BTreeMap<Key, ImageStream> {
    let mut now = BTreeMap::new();
    for s in listed {
        let key = stream_key(&s);
        if now.contains_key(&key) {
            continue;
        }
        stream_events(known.get(&key), &s, false, only_tag, out);
        now.insert(key, s);
    }
    for (key, s) in known {
        if !now.contains_key(key) {
            stream_events(Some(s), s, true, only_tag, out);
        }
    }
    now
}

/// The ImageTags of every known stream, in key order (namespace, then stream, then tag).
pub fn known_tags(known: &BTreeMap<Key, ImageStream>, only_tag: Option<&str>) -> Vec<ImageTag> {
    let mut out = Vec::new();
    for s in known.values() {
        let meta = s.meta();
        for (name, (spec, status)) in s.tags() {
            if only_tag.is_none_or(|t| t == name) {
                out.push(project_image_tag(&meta, name, spec, status, TagForm::Object));
            }
        }
    }
    out
}

/// The entries of tag `name` in a stream's [`ImageStream::tags`] (sorted by name).
fn entries<'a, 'b>(tags: &'b [(&'a str, TagEntries<'a>)], name: &str) -> Option<&'b TagEntries<'a>> {
    tags.binary_search_by(|(n, _)| (*n).cmp(name)).ok().map(|i| &tags[i].1)
}

/// Whether two parts of objects are the same, field by field: compared as the JSON the server would send.
/// (Not the models' derived `PartialEq`: the serializers are in the module anyway, a second set of
/// comparisons of every model type is not; the comparison runs only when the metadata did not change.)
fn same<T: Serialize + ?Sized>(a: &T, b: &T) -> bool {
    serde_json::to_vec(a).ok() == serde_json::to_vec(b).ok()
}

fn tag_key(t: &ImageTag) -> (&str, &str) {
    (t.namespace(), t.name())
}

/// The stream part of an ImageTag name (`app` of `app:latest`).
fn stream_part(name: &str) -> &str {
    name.split_once(':').map(|(s, _)| s).unwrap_or(name)
}

/// The events between two ImageTag lists (polling): `ADDED` and `MODIFIED` in the new list's order (an
/// object is modified when it differs in any field), then `DELETED` for the tags that are gone, in the old
/// order. A deleted tag whose stream still has tags in the new list gets that stream's current metadata
/// (so its `resourceVersion` is current, as a watch would give it); a tag whose whole stream is gone keeps
/// its last known object. A key repeated in `new` counts once (the first).
pub fn tag_list_events(old: &[ImageTag], new: &[ImageTag], out: &mut Vec<Event>) {
    // Maps of a key to an index into `old` or `new` (one map type, so one tree's code in the .wasm).
    let before: BTreeMap<(&str, &str), usize> = old.iter().enumerate().map(|(i, t)| (tag_key(t), i)).collect();
    let mut seen: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let mut stream_meta: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (i, t) in new.iter().enumerate() {
        if seen.insert(tag_key(t), i).is_some() {
            continue;
        }
        if t.metadata.get().is_some() {
            stream_meta.entry((t.namespace(), stream_part(t.name()))).or_insert(i);
        }
        match before.get(&tag_key(t)) {
            None => out.push(Event::Added(Box::new(t.clone()))),
            Some(&b) if !same(&old[b], t) => out.push(Event::Modified(Box::new(t.clone()))),
            Some(_) => {}
        }
    }
    for t in old {
        if seen.contains_key(&tag_key(t)) {
            continue;
        }
        let mut gone = t.clone();
        if let Some(m) = stream_meta.get(&(t.namespace(), stream_part(t.name()))).and_then(|&i| new[i].metadata.get()) {
            let mut meta = m.clone();
            meta.name = t.name().to_string().into();
            gone.metadata = meta.into();
        }
        out.push(Event::Deleted(Box::new(gone)));
    }
}
