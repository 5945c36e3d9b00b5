//! ImageTag events from two states: of one stream (a watch event), of all streams (a re-list), or of two
//! ImageTag lists (polling). One rule for all three: an ImageTag is reported when the object the server
//! would list for it changed, in any field, its `metadata.resourceVersion` included (see the module doc of
//! [`super`] for why a version-only change is reported).

use std::cmp::Ordering;

use serde::Serialize;

use crate::model::{project_image_tag, ImageStream, ImageTag, TagEntries, TagForm};

use super::Event;

/// The streams known, sorted by namespace and name. A sorted vector rather than a map: a tree's code for
/// one more key and value type would be about 10 KB of the .wasm.
pub type Streams = Vec<ImageStream>;

/// Where the stream `namespace`/`name` is in `streams` (`Err`: where it would go).
pub fn find(streams: &[ImageStream], namespace: &str, name: &str) -> Result<usize, usize> {
    streams.binary_search_by(|s| (s.namespace(), s.name()).cmp(&(namespace, name)))
}

/// The known state of `s`'s stream.
pub fn known<'a>(streams: &'a [ImageStream], s: &ImageStream) -> Option<&'a ImageStream> {
    find(streams, s.namespace(), s.name()).ok().map(|i| &streams[i])
}

/// Records `s` as its stream's state (`deleted`: forgets the stream).
pub fn record(streams: &mut Streams, s: ImageStream, deleted: bool) {
    match (find(streams, s.namespace(), s.name()), deleted) {
        (Ok(i), true) => {
            streams.remove(i);
        }
        (Ok(i), false) => streams[i] = s,
        (Err(_), true) => {}
        (Err(i), false) => streams.insert(i, s),
    }
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
    known: &[ImageStream],
    listed: Vec<ImageStream>,
    only_tag: Option<&str>,
    out: &mut Vec<Event>,
) -> Streams {
    let mut now: Streams = Vec::with_capacity(listed.len());
    for s in listed {
        // A stream listed twice counts once (the first).
        if let Err(at) = find(&now, s.namespace(), s.name()) {
            stream_events(self::known(known, &s), &s, false, only_tag, out);
            now.insert(at, s);
        }
    }
    for s in known {
        if find(&now, s.namespace(), s.name()).is_err() {
            stream_events(Some(s), s, true, only_tag, out);
        }
    }
    now
}

/// The ImageTags of every known stream, in key order (namespace, then stream, then tag).
pub fn known_tags(known: &[ImageStream], only_tag: Option<&str>) -> Vec<ImageTag> {
    let mut out = Vec::new();
    for s in known {
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

/// A tag's stream: namespace and stream name.
fn stream_of(t: &ImageTag) -> (&str, &str) {
    (t.namespace(), stream_part(t.name()))
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
    // Lookups by binary search over sorted indices (no map's code in the .wasm).
    let old_order = index_by(old, tag_key);
    let new_order = index_by(new, tag_key);
    let by_stream = index_by(new, stream_of);
    // Whether `new[i]` is the first of its key in `new` (a repeated key counts once).
    let first = |i: usize| equal_range(&new_order, new, tag_key, &tag_key(&new[i])).first() == Some(&i);
    for (i, t) in new.iter().enumerate() {
        if !first(i) {
            continue;
        }
        match equal_range(&old_order, old, tag_key, &tag_key(t)).last() {
            None => out.push(Event::Added(Box::new(t.clone()))),
            Some(&b) if !same(&old[b], t) => out.push(Event::Modified(Box::new(t.clone()))),
            Some(_) => {}
        }
    }
    for t in old {
        if !equal_range(&new_order, new, tag_key, &tag_key(t)).is_empty() {
            continue;
        }
        let mut gone = t.clone();
        let meta = equal_range(&by_stream, new, stream_of, &stream_of(t))
            .iter()
            .find(|&&i| first(i) && new[i].metadata.get().is_some())
            .and_then(|&i| new[i].metadata.get());
        if let Some(m) = meta {
            let mut meta = m.clone();
            meta.name = t.name().to_string().into();
            gone.metadata = meta.into();
        }
        out.push(Event::Deleted(Box::new(gone)));
    }
}

/// The indices of `items` ordered by `key`, equal keys in index order.
fn index_by<'a, T, K: Ord>(items: &'a [T], key: impl Fn(&'a T) -> K) -> Vec<usize> {
    crate::sort::sorted_indices(items.len(), &mut |a, b| key(&items[a]).cmp(&key(&items[b])))
}

/// The part of `order` (from [`index_by`] with the same `key`) whose items have key `k`, in index order.
fn equal_range<'o, 'a, T, K: Ord>(order: &'o [usize], items: &'a [T], key: impl Fn(&'a T) -> K, k: &K) -> &'o [usize] {
    let lo = order.partition_point(|&i| key(&items[i]).cmp(k) == Ordering::Less);
    let hi = order.partition_point(|&i| key(&items[i]).cmp(k) != Ordering::Greater);
    &order[lo..hi]
}
