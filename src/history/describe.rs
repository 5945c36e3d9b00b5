//! `describe_tag`: the structured view of one ImageTag that every renderer uses. It decides the tag's
//! state from spec, status and image together (§2.4, §2.12), computes the lines `oc describe imagestream`
//! prints for it (§4.1) and the columns of the server's table (§4.3).

use std::borrow::Cow;

use serde::Serialize;

use super::digest::{reference_id, unique_short_lengths};
use super::time::{format_rfc3339, human_duration, parse_rfc3339};
use super::view::{with_text, AnnotationsR, Str, TagR};
use crate::error::Error;
use crate::model::{ImageTag, ImageTagList};
use crate::scan::same;

/// Default number of hex digits in a short digest.
pub const DEFAULT_DIGEST_LENGTH: usize = 12;

/// What the tag is doing, decided from spec, status and image together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TagState {
    /// An `ImportSuccess=False` condition exists; the previous image (if any) stays current.
    ImportFailed,
    /// The spec generation is newer than what status observed, and there is history already.
    Importing,
    /// A spec tag without any history yet (just created, or the import has not run).
    NotImported,
    /// Neither spec nor history (the degenerate result of a PUT with `spec: null`).
    Empty,
    /// History written by pushes: no spec tag, or a push newer than the spec tag.
    Pushed,
    /// `reference: true`: the tag only points at its source, nothing is imported.
    Reference,
    /// `from.kind: ImageStreamTag`: the tag follows another tag.
    Tracking,
    /// Imported (or tagged) and up to date.
    Current,
}

impl TagState {
    /// The kebab-case word used in CSS classes (`imagetag-state-import-failed`).
    pub fn css(self) -> &'static str {
        match self {
            TagState::ImportFailed => "import-failed",
            TagState::Importing => "importing",
            TagState::NotImported => "not-imported",
            TagState::Empty => "empty",
            TagState::Pushed => "pushed",
            TagState::Reference => "reference",
            TagState::Tracking => "tracking",
            TagState::Current => "current",
        }
    }
}

/// `spec.from`, reduced to what means anything here.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceRef<'a> {
    pub kind: Str<'a>,
    pub name: Str<'a>,
    pub namespace: Str<'a>,
}

/// One `ImportSuccess=False` condition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportError<'a> {
    pub reason: Str<'a>,
    pub message: Cow<'a, str>,
    pub generation: i64,
    /// As the object has it (`null` when unset).
    pub last_transition_time: Option<Str<'a>>,
    /// `humanDuration` of now minus `lastTransitionTime` (`14 minutes`); `""` when the time is unknown.
    pub age: String,
    pub age_seconds: Option<i64>,
}

/// One history entry, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry<'a> {
    /// The newest entry: the tag's current image.
    pub current: bool,
    /// As the object has it.
    pub created: Str<'a>,
    /// `humanDuration` of now minus `created` (`44 hours`); `""` when the time is unknown.
    pub age: String,
    pub age_seconds: Option<i64>,
    pub docker_image_reference: Str<'a>,
    /// The image name (a digest); `""` for `reference: true` entries.
    pub image: Str<'a>,
    /// `sha256:` + 12 hex digits, lengthened when two images of this history would look the same.
    pub short_image: Str<'a>,
    pub generation: i64,
    /// `oc describe` prints the image id after the age: the reference parses and does not carry this digest.
    pub show_image_id: bool,
}

/// A platform of a manifest list (from `image.dockerImageManifests`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Platform<'a> {
    pub os: Str<'a>,
    pub architecture: Str<'a>,
    pub variant: Str<'a>,
    pub digest: Str<'a>,
    pub short_digest: Str<'a>,
}

/// The row `oc get imagetags` prints (§4.3), in the server's words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TableRow<'a> {
    pub name: Str<'a>,
    /// `Tag`, `Ref`, `Scheduled`, `Track`, `Push` or `""`.
    pub spec: &'static str,
    /// `ImportFailed (<reason>)`, `Importing`, `image/<digest>`, a pull spec or source, or `""`.
    pub status: String,
    /// Number of history items, `""` when none.
    pub history: String,
    /// `<relative> ago`, `""` without status.
    pub updated: String,
}

/// The structured view of one ImageTag. Its strings borrow from the object (or text) it describes
/// wherever they are the object's own (short digests are prefixes of the digests).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TagDescription<'a> {
    /// `metadata.name` (`<stream>:<tag>`).
    pub name: Str<'a>,
    pub namespace: Str<'a>,
    pub stream: Str<'a>,
    pub tag: Str<'a>,
    pub state: TagState,
    /// The state in words (`Import failed (NotFound)`, `Importing`, `Up to date`, …).
    pub state_text: String,
    /// The source line of `oc describe` without its indentation (`tagged from quay.io/x/y:1`).
    pub source: String,
    pub from: Option<SourceRef<'a>>,
    pub reference: bool,
    pub insecure: bool,
    pub scheduled: bool,
    pub local_reference_policy: bool,
    /// `spec.importPolicy.importMode` as given (`""` when unset).
    pub import_mode: Str<'a>,
    /// The indented flag lines of `oc describe` (`will use insecure HTTPS or HTTP connections`, …).
    pub notes: Vec<&'static str>,
    /// The tag-annotation lines of `oc describe` (description, `Tags: …`, `Supports: …`, `Example Repo: …`).
    pub annotation_lines: Vec<String>,
    /// `spec.generation` is newer than the observed generation (and the tag imports).
    pub import_pending: bool,
    pub spec_generation: Option<i64>,
    /// The larger of `items[0].generation` and the ImportSuccess condition's generation (0 if neither).
    pub observed_generation: i64,
    pub import_errors: Vec<ImportError<'a>>,
    pub entries: Vec<HistoryEntry<'a>>,
    /// The current image is a manifest list / index.
    pub manifest_list: bool,
    pub platforms: Vec<Platform<'a>>,
    /// The server table's columns for this tag.
    pub table: TableRow<'a>,
    /// The time the description was computed for (RFC 3339).
    pub now: String,
}

/// Describes `tag` as of `now` (Unix seconds). Pure and deterministic.
pub fn describe_tag(tag: &ImageTag, now: i64) -> TagDescription<'_> {
    describe_tag_with(tag, now, DEFAULT_DIGEST_LENGTH)
}

/// [`describe_tag`] with a chosen short-digest length.
pub fn describe_tag_with(tag: &ImageTag, now: i64, digest_length: usize) -> TagDescription<'_> {
    describe_view(&TagR::from_model(tag), now, digest_length)
}

/// Describes ImageTag JSON text and hands the description to `f`: the text is read on the fast reader
/// without building the model when it can be (see [`view`](super::view)), and the error is
/// [`ImageTag::parse`]'s when it does not parse.
pub fn describe_text<R>(
    text: &str,
    now: i64,
    digest_length: usize,
    f: impl FnOnce(&TagDescription<'_>) -> R,
) -> Result<R, Error> {
    with_text(text, |view| f(&describe_view(view, now, digest_length)))
}

/// Describes a view (the core of [`describe_tag_with`] and [`describe_text`]).
pub fn describe_view<'a>(t: &TagR<'a>, now: i64, digest_length: usize) -> TagDescription<'a> {
    let spec = t.spec.as_ref();
    let items = t.items();
    let conditions = t.conditions();

    let (stream, tag_name) = match t.name.find(':') {
        Some(i) => (&t.name[..i], &t.name[i + 1..]),
        None => {
            let name = spec
                .map(|s| s.name)
                .filter(|s| !s.is_empty())
                .or_else(|| t.status.as_ref().map(|s| s.tag))
                .unwrap_or("");
            (t.name, name)
        }
    };

    // Source line and flags (§4.1 items 2 and 3).
    let from =
        spec.and_then(|s| s.from.as_ref()).map(|f| SourceRef { kind: f.kind, name: f.name, namespace: f.namespace });
    let reference = spec.map(|s| s.reference).unwrap_or(false);
    let (scheduled, insecure) = match (&from, spec) {
        (Some(_), Some(s)) => (s.scheduled, s.insecure),
        _ => (false, false),
    };
    let import_mode = spec.map(|s| s.import_mode).unwrap_or("");
    let local_reference_policy = spec.map(|s| s.reference_policy == "Local").unwrap_or(false);
    let source = source_line(spec.is_some(), from.as_ref(), t.namespace, reference, scheduled);
    let mut notes = Vec::new();
    if insecure {
        notes.push("will use insecure HTTPS or HTTP connections");
    }
    if local_reference_policy {
        notes.push("prefer registry pullthrough when referencing this tag");
    }
    let annotation_lines = spec.and_then(|s| s.annotations.as_ref()).map(annotation_lines).unwrap_or_default();

    // Generations (§2.4, §2.12, §4.1 item 6).
    let spec_generation = spec.and_then(|s| s.generation);
    let mut observed_generation = items.first().map(|i| i.generation).unwrap_or(0).max(0);
    if let Some(c) = conditions.iter().find(|c| c.type_ == "ImportSuccess") {
        observed_generation = observed_generation.max(c.generation);
    }
    let import_pending =
        from.is_some() && !reference && spec_generation.map(|g| g > observed_generation).unwrap_or(false);

    let age_of = |t: Option<&str>| -> (String, Option<i64>) {
        match t.and_then(parse_rfc3339) {
            Some(at) => {
                let d = now.saturating_sub(at);
                (human_duration(d), Some(d))
            }
            None => (String::new(), None),
        }
    };

    let import_errors: Vec<ImportError<'a>> = conditions
        .iter()
        .filter(|c| c.type_ == "ImportSuccess" && c.status == "False")
        .map(|c| {
            let (age, age_seconds) = age_of(c.last_transition_time);
            ImportError {
                reason: c.reason,
                message: c.message.clone(),
                generation: c.generation,
                last_transition_time: c.last_transition_time,
                age,
                age_seconds,
            }
        })
        .collect();

    // Platforms of a manifest list, and short digests unique across everything shown.
    let manifests = &t.manifests[..];
    let media_type = t.media_type;
    let manifest_list =
        !manifests.is_empty() || media_type.contains("manifest.list") || media_type.contains("image.index");
    let mut all_digests: Vec<&str> = items.iter().map(|i| i.image).collect();
    all_digests.extend(manifests.iter().map(|m| m.digest));
    let lengths = unique_short_lengths(&all_digests, digest_length);

    let entries: Vec<HistoryEntry<'a>> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let (age, age_seconds) = age_of(Some(item.created));
            let image = item.image;
            let show_image_id =
                !image.is_empty() && matches!(reference_id(item.docker_image_reference), Some(id) if !same(id, image));
            HistoryEntry {
                current: i == 0,
                created: item.created,
                age,
                age_seconds,
                docker_image_reference: item.docker_image_reference,
                image,
                short_image: &image[..lengths[i]],
                generation: item.generation,
                show_image_id,
            }
        })
        .collect();
    let platforms: Vec<Platform<'a>> = manifests
        .iter()
        .enumerate()
        .map(|(i, m)| Platform {
            os: m.os,
            architecture: m.architecture,
            variant: m.variant,
            digest: m.digest,
            short_digest: &m.digest[..lengths[items.len() + i]],
        })
        .collect();

    let table = table_row_of(t, from.as_ref(), now);

    let state = if !import_errors.is_empty() {
        TagState::ImportFailed
    } else if import_pending && !entries.is_empty() {
        TagState::Importing
    } else if entries.is_empty() {
        if spec.is_some() {
            TagState::NotImported
        } else {
            TagState::Empty
        }
    } else if spec.is_none() || table.spec == "Push" {
        TagState::Pushed
    } else if reference {
        TagState::Reference
    } else if from.as_ref().map(|f| f.kind == "ImageStreamTag").unwrap_or(false) {
        TagState::Tracking
    } else {
        TagState::Current
    };
    let state_text = match state {
        TagState::ImportFailed => format!("Import failed ({})", import_errors[0].reason),
        TagState::Importing => "Importing".to_string(),
        TagState::NotImported if import_pending => "Not imported yet (importing)".to_string(),
        TagState::NotImported => "Not imported yet".to_string(),
        TagState::Empty => "No image".to_string(),
        TagState::Pushed => "Pushed".to_string(),
        TagState::Reference => "Reference only".to_string(),
        TagState::Tracking => format!("Tracking {}", from.as_ref().map(|f| f.name).unwrap_or("")),
        TagState::Current => "Up to date".to_string(),
    };

    TagDescription {
        name: t.name,
        namespace: t.namespace,
        stream,
        tag: tag_name,
        state,
        state_text,
        source,
        from,
        reference,
        insecure,
        scheduled,
        local_reference_policy,
        import_mode,
        notes,
        annotation_lines,
        import_pending,
        spec_generation,
        observed_generation,
        import_errors,
        entries,
        manifest_list,
        platforms,
        table,
        now: format_rfc3339(now),
    }
}

/// The source line of §4.1 item 2.
fn source_line(spec: bool, from: Option<&SourceRef>, namespace: &str, reference: bool, scheduled: bool) -> String {
    if !spec {
        return "no spec tag".to_string();
    }
    let Some(from) = from else { return "tag without source image".to_string() };
    let src = if !from.namespace.is_empty() && from.namespace != namespace {
        format!("{}/{}", from.namespace, from.name)
    } else {
        from.name.to_string()
    };
    match from.kind {
        "ImageStreamTag" if reference => format!("reference to {src}"),
        "ImageStreamTag" if scheduled => format!("updates automatically from {src}"),
        "DockerImage" if reference => format!("reference to registry {src}"),
        "DockerImage" if scheduled => format!("updates automatically from registry {src}"),
        "ImageStreamImage" if reference => format!("reference to image {src}"),
        "ImageStreamTag" | "DockerImage" | "ImageStreamImage" => format!("tagged from {src}"),
        kind if reference => format!("reference to {kind} {src}"),
        kind => format!("updates from {kind} {src}"),
    }
}

/// The tag-annotation lines of §4.1 item 5.
fn annotation_lines(a: &AnnotationsR) -> Vec<String> {
    let mut out = Vec::new();
    if !a.description.is_empty() {
        out.push(a.description.to_string());
    }
    if !a.tags.is_empty() {
        out.push(format!("Tags: {}", a.tags.replace(',', ", ")));
    }
    if !a.supports.is_empty() {
        out.push(format!("Supports: {}", a.supports.replace(',', ", ")));
    }
    if !a.sample_repo.is_empty() {
        out.push(format!("Example Repo: {}", a.sample_repo));
    }
    out
}

/// The row of `oc get imagetags` (docs/semantics.md §4.3) for `tag` as of `now` (Unix seconds): the cells
/// of the server's Table (NAME, SPEC, STATUS, HISTORY, UPDATED), without the rest of the description.
pub fn table_row(tag: &ImageTag, now: i64) -> TableRow<'_> {
    let t = TagR::from_model(tag);
    let from = t.spec.as_ref().and_then(|s| s.from.as_ref()).map(|f| SourceRef {
        kind: f.kind,
        name: f.name,
        namespace: f.namespace,
    });
    table_row_of(&t, from.as_ref(), now)
}

/// The server's Table of a list (§4.3): the column names and one row per tag, in the list's order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Table<'a> {
    pub columns: [&'static str; 5],
    pub rows: Vec<TableLine<'a>>,
}

/// One row of a [`Table`]: the tag's namespace (what `kubectl get -A` prints first) and its cells.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TableLine<'a> {
    pub namespace: Str<'a>,
    pub cells: [String; 5],
}

/// The Table of every tag of `list` as of `now` (Unix seconds).
pub fn table(list: &ImageTagList, now: i64) -> Table<'_> {
    let rows = list
        .items
        .get()
        .map(|items| {
            items
                .iter()
                .map(|tag| TableLine {
                    namespace: TagR::from_model(tag).namespace,
                    cells: table_row(tag, now).cells().map(str::to_string),
                })
                .collect()
        })
        .unwrap_or_default();
    Table { columns: TableRow::COLUMNS, rows }
}

impl TableRow<'_> {
    /// The column names, in order, as the server's Table defines them (`kubectl` prints them upper-cased).
    pub const COLUMNS: [&'static str; 5] = ["Name", "Spec", "Status", "History", "Updated"];

    /// The five cells, in the order of [`TableRow::COLUMNS`].
    pub fn cells(&self) -> [&str; 5] {
        [self.name, self.spec, &self.status, &self.history, &self.updated]
    }
}

/// The row of `oc get imagetags` (§4.3).
fn table_row_of<'a>(t: &TagR<'a>, from: Option<&SourceRef>, now: i64) -> TableRow<'a> {
    let spec = t.spec.as_ref();
    let items = t.items();
    let conditions = t.conditions();
    let spec_gen = spec.and_then(|s| s.generation);
    let item_gen = items.first().map(|i| i.generation);

    // SPEC
    let mut spec_col = "";
    let mut track = false;
    if let (Some(s), Some(f)) = (spec, from) {
        spec_col = "Tag";
        if s.reference {
            spec_col = "Ref";
        }
        if s.scheduled {
            spec_col = "Scheduled";
        }
        if f.kind == "ImageStreamTag" && !f.name.contains(':') {
            spec_col = "Track";
            track = true;
        }
    }
    if spec_col.is_empty() {
        if !items.is_empty() {
            spec_col = "Push";
        }
    } else if !track {
        if let (Some(ig), Some(sg)) = (item_gen, spec_gen) {
            if ig > sg {
                spec_col = "Push";
            }
        }
    }

    // STATUS
    let failed = conditions.iter().find(|c| c.type_ == "ImportSuccess" && c.status == "False");
    let status_col = if let Some(c) = failed {
        format!("ImportFailed ({})", c.reason)
    } else if matches!((item_gen, spec_gen), (Some(i), Some(s)) if i < s) {
        "Importing".to_string()
    } else if let Some(first) = items.first() {
        if first.image.is_empty() {
            first.docker_image_reference.to_string()
        } else {
            format!("image/{}", first.image)
        }
    } else if let Some(f) = from {
        match f.kind {
            "DockerImage" => f.name.to_string(),
            "ImageStreamImage" if f.name.matches('@').count() > 1 => "InvalidRefName".to_string(),
            "ImageStreamImage" => format!("image/{}", f.name),
            "ImageStreamTag" if f.name.matches(':').count() > 1 => "InvalidRefName".to_string(),
            "ImageStreamTag" if !f.namespace.is_empty() && f.namespace != t.namespace => {
                format!("istag {}/{}", f.namespace, f.name)
            }
            "ImageStreamTag" => format!("istag/{}", f.name),
            _ => "InvalidRefKind".to_string(),
        }
    } else {
        String::new()
    };

    // UPDATED: the later of items[0].created and any condition's transition time.
    let mut latest: Option<i64> = items.first().and_then(|i| parse_rfc3339(i.created));
    for c in conditions {
        if let Some(at) = c.last_transition_time.and_then(parse_rfc3339) {
            latest = Some(latest.map_or(at, |l| l.max(at)));
        }
    }
    let updated = match (&t.status, latest) {
        (Some(_), Some(t)) => format!("{} ago", human_duration(now.saturating_sub(t))),
        _ => String::new(),
    };

    TableRow {
        name: t.name,
        spec: spec_col,
        status: status_col,
        history: if items.is_empty() { String::new() } else { items.len().to_string() },
        updated,
    }
}
