//! `describe_tag`: the structured view of one ImageTag that every renderer uses. It decides the tag's
//! state from spec, status and image together (§2.4, §2.12), computes the lines `oc describe imagestream`
//! prints for it (§4.1) and the columns of the server's table (§4.3).

use std::borrow::Cow;

use serde::Serialize;

use super::digest::{reference_id, unique_short_lengths};
use crate::error::Error;
use crate::json::fast_reader::same;
use crate::json::fast_reader::Refused;
use crate::json::view::{read_tag, with_text, ImageTagView, Spare, Str, StringMapView};
use crate::json::want;
use crate::model::{ImageTag, ImageTagList};
use crate::time::{format_rfc3339, human_duration, parse_rfc3339_seconds};

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
    pub kind: &'a str,
    pub name: &'a str,
    pub namespace: &'a str,
}

/// One `ImportSuccess=False` condition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportError<'a> {
    pub reason: &'a str,
    pub message: Cow<'a, str>,
    pub generation: i64,
    /// As the object has it (`null` when unset).
    pub last_transition_time: Option<&'a str>,
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
    pub created: &'a str,
    /// `humanDuration` of now minus `created` (`44 hours`); `""` when the time is unknown.
    pub age: String,
    pub age_seconds: Option<i64>,
    pub docker_image_reference: &'a str,
    /// The image name (a digest); `""` for `reference: true` entries.
    pub image: &'a str,
    /// `sha256:` + 12 hex digits, lengthened when two images of this history would look the same.
    pub short_image: &'a str,
    pub generation: i64,
    /// `oc describe` prints the image id after the age: the reference parses and does not carry this digest.
    pub show_image_id: bool,
}

/// A platform of a manifest list (from `image.dockerImageManifests`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Platform<'a> {
    pub os: &'a str,
    pub architecture: &'a str,
    pub variant: &'a str,
    pub digest: &'a str,
    pub short_digest: &'a str,
}

/// The row `oc get imagetags` prints (§4.3), in the server's words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TableRow<'a> {
    pub name: &'a str,
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
    pub name: &'a str,
    pub namespace: &'a str,
    pub stream: &'a str,
    pub tag: &'a str,
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
    pub import_mode: &'a str,
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
    describe_view(&ImageTagView::from_model(tag), now, digest_length).expect(MODEL_BORROWS)
}

/// Describes ImageTag JSON text and hands the description to `f`: the text is read on the fast reader
/// without building the model when it can be (see [`crate::json::view`]), and the error is
/// [`ImageTag::parse`]'s when it does not parse.
pub fn describe_text<R>(
    text: &str,
    now: i64,
    digest_length: usize,
    f: impl FnOnce(&TagDescription<'_>) -> R,
) -> Result<R, Error> {
    let mut f = Some(f);
    with_text(text, |view| {
        let d = describe_view(view, now, digest_length)?;
        f.take().map(|f| f(&d))
    })
}

/// What [`describe_list_text`] hands the descriptions to, one per tag in the list's order.
pub trait ListOut {
    /// Forgets every description handed so far: the reading starts over (the fast reader refused part-way,
    /// or the text repeats its `items` key).
    fn restart(&mut self);
    /// The next tag's description; `read`: how many bytes of the list's text are read so far (for an output
    /// that sizes itself by the input; the whole text's length once it is parsed on the exact path).
    fn push(&mut self, d: &TagDescription<'_>, read: usize);
}

/// Describes every tag of ImageTagList JSON text, in the list's order (docs/js-api.md "Bulk"): each
/// description is exactly [`describe_text`]'s of the item's own text. The list is read in one pass on
/// the fast reader, each item into its view (an item whose shown strings have escapes is parsed and
/// described from its model, as [`describe_text`] does); whatever the fast reader refuses goes to the
/// exact path, whose error is [`ImageTagList::parse`]'s, with the item in its path
/// (`items[3].status.items[0].generation`).
pub fn describe_list_text(text: &str, now: i64, digest_length: usize, out: &mut dyn ListOut) -> Result<(), Error> {
    let fast = crate::json::read_list(text, |r| {
        // A repeated `items` replaces the earlier one.
        out.restart();
        if r.null()? {
            return Ok(());
        }
        let mut spare = Spare::default();
        let now_text = format_rfc3339(now);
        r.array(|r| {
            let start = r.offset();
            let item = read_tag(r, &mut spare)?;
            want(item.kind.as_deref(), crate::model::KIND_IMAGE_TAG)?;
            want(item.api_version.as_deref(), crate::model::API_VERSION)?;
            let read = r.offset();
            match describe_view_at(&item, now, &now_text, digest_length) {
                Some(d) => out.push(&d, read),
                None => {
                    // A shown string has escapes: described from the item's model, as describe_text does.
                    let tag = ImageTag::parse(r.text_since(start)).map_err(|_| Refused)?;
                    out.push(&describe_tag_with(&tag, now, digest_length), read);
                }
            }
            spare.recycle(item);
            Ok(())
        })
    });
    if fast.is_ok() {
        return Ok(());
    }
    out.restart();
    let list = ImageTagList::parse(text)?;
    for item in list.items.items() {
        out.push(&describe_tag_with(item, now, digest_length), text.len());
    }
    Ok(())
}

/// Describes a view (the core of [`describe_tag_with`] and [`describe_text`]). The description borrows
/// the strings it shows from the view's input: `None` when one of them was unescaped into the view (read
/// from text with escapes; a view of the model always borrows).
pub fn describe_view<'a>(t: &ImageTagView<'a>, now: i64, digest_length: usize) -> Option<TagDescription<'a>> {
    describe_view_at(t, now, &format_rfc3339(now), digest_length)
}

/// [`describe_view`] with `now` formatted already (`now_text`, [`format_rfc3339`] of `now`): a list
/// formats it once.
fn describe_view_at<'a>(
    t: &ImageTagView<'a>,
    now: i64,
    now_text: &str,
    digest_length: usize,
) -> Option<TagDescription<'a>> {
    let spec = t.spec.as_ref();
    let items = t.items();
    let conditions = t.conditions();
    let name = t.metadata.as_ref().map_or(Some(""), |m| m.name.borrowed())?;
    let namespace = t.metadata.as_ref().map_or(Some(""), |m| m.namespace.borrowed())?;

    let (stream, tag_name) = match name.find(':') {
        Some(i) => (&name[..i], &name[i + 1..]),
        None => {
            let tag = spec
                .map(|s| &s.name)
                .filter(|s| !s.is_empty())
                .or_else(|| t.status.as_ref().map(|s| &s.tag))
                .map_or(Some(""), Str::borrowed)?;
            (name, tag)
        }
    };

    // Source line and flags (§4.1 items 2 and 3).
    let from = match spec.and_then(|s| s.from.as_ref()) {
        Some(f) => {
            Some(SourceRef { kind: f.kind.borrowed()?, name: f.name.borrowed()?, namespace: f.namespace.borrowed()? })
        }
        None => None,
    };
    let reference = spec.map(|s| s.reference).unwrap_or(false);
    let (scheduled, insecure) = match (&from, spec) {
        (Some(_), Some(s)) => (s.scheduled(), s.insecure()),
        _ => (false, false),
    };
    let import_mode = match spec.and_then(|s| s.import_policy.as_ref()) {
        Some(p) => p.import_mode.borrowed()?,
        None => "",
    };
    let local_reference_policy = spec.map(|s| s.reference_policy_type() == "Local").unwrap_or(false);
    let source = source_line(spec.is_some(), from.as_ref(), namespace, reference, scheduled);
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
    if let Some(c) = conditions.iter().find(|c| c.type_.as_str() == "ImportSuccess") {
        observed_generation = observed_generation.max(c.generation);
    }
    let import_pending =
        from.is_some() && !reference && spec_generation.map(|g| g > observed_generation).unwrap_or(false);

    let age_of = |t: Option<&str>| -> (String, Option<i64>) {
        match t.and_then(parse_rfc3339_seconds) {
            Some(at) => {
                let d = now.saturating_sub(at);
                (human_duration(d), Some(d))
            }
            None => (String::new(), None),
        }
    };

    let mut import_errors: Vec<ImportError<'a>> = Vec::new();
    for c in conditions.iter().filter(|c| c.type_.as_str() == "ImportSuccess" && c.status.as_str() == "False") {
        let last_transition_time = match &c.last_transition_time {
            Some(at) => Some(at.borrowed()?),
            None => None,
        };
        let (age, age_seconds) = age_of(last_transition_time);
        import_errors.push(ImportError {
            reason: c.reason.borrowed()?,
            // Messages quote names (`"quay.io/x" not found`), so they may be unescaped copies.
            message: c.message.0.clone(),
            generation: c.generation,
            last_transition_time,
            age,
            age_seconds,
        });
    }

    // Platforms of a manifest list, and short digests unique across everything shown.
    let manifests = t.image.as_ref().map(|i| &i.docker_image_manifests[..]).unwrap_or(&[]);
    let media_type = t.image.as_ref().map(|i| i.docker_image_manifest_media_type.as_str()).unwrap_or("");
    let manifest_list =
        !manifests.is_empty() || media_type.contains("manifest.list") || media_type.contains("image.index");
    let mut all_digests: Vec<&str> = items.iter().map(|i| i.image.as_str()).collect();
    all_digests.extend(manifests.iter().map(|m| m.digest.as_str()));
    let lengths = unique_short_lengths(&all_digests, digest_length);

    let mut entries: Vec<HistoryEntry<'a>> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let created = item.created.borrowed()?;
        let (age, age_seconds) = age_of(Some(created));
        let image = item.image.borrowed()?;
        let docker_image_reference = item.docker_image_reference.borrowed()?;
        let show_image_id = !image.is_empty() && shows_image_id(docker_image_reference, image);
        entries.push(HistoryEntry {
            current: i == 0,
            created,
            age,
            age_seconds,
            docker_image_reference,
            image,
            short_image: &image[..lengths[i]],
            generation: item.generation,
            show_image_id,
        });
    }
    let mut platforms: Vec<Platform<'a>> = Vec::with_capacity(manifests.len());
    for (i, m) in manifests.iter().enumerate() {
        let digest = m.digest.borrowed()?;
        platforms.push(Platform {
            os: m.os.borrowed()?,
            architecture: m.architecture.borrowed()?,
            variant: m.variant.borrowed()?,
            digest,
            short_digest: &digest[..lengths[items.len() + i]],
        });
    }

    let table = table_row_of(t, name, namespace, from.as_ref(), now);

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

    Some(TagDescription {
        name,
        namespace,
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
        now: now_text.to_string(),
    })
}

/// Whether `oc describe` prints an entry's image id after its age (§4.1): its pull spec is valid and names
/// no digest or another one. A pull spec `…@<image>` (what imports write) names the image itself whether or
/// not it is valid: a valid one has a single `@`, its digest after it, so only the others are parsed.
fn shows_image_id(docker_image_reference: &str, image: &str) -> bool {
    let (r, cut) = (docker_image_reference.as_bytes(), docker_image_reference.len().wrapping_sub(image.len()));
    if r.len() > image.len()
        && r[cut - 1] == b'@'
        && same(&docker_image_reference[cut..], image)
        && !image.as_bytes().contains(&b'@')
    {
        return false;
    }
    matches!(reference_id(docker_image_reference), Some(id) if !same(id, image))
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
fn annotation_lines(annotations: &StringMapView) -> Vec<String> {
    let a = |key| annotations.get(key);
    let (description, tags, supports, sample_repo) = (a("description"), a("tags"), a("supports"), a("sampleRepo"));
    let mut out = Vec::new();
    if !description.is_empty() {
        out.push(description.to_string());
    }
    if !tags.is_empty() {
        out.push(format!("Tags: {}", tags.replace(',', ", ")));
    }
    if !supports.is_empty() {
        out.push(format!("Supports: {}", supports.replace(',', ", ")));
    }
    if !sample_repo.is_empty() {
        out.push(format!("Example Repo: {}", sample_repo));
    }
    out
}

/// The row of `oc get imagetags` (docs/semantics.md §4.3) for `tag` as of `now` (Unix seconds): the cells
/// of the server's Table (NAME, SPEC, STATUS, HISTORY, UPDATED), without the rest of the description.
pub fn table_row(tag: &ImageTag, now: i64) -> TableRow<'_> {
    let t = ImageTagView::from_model(tag);
    let (name, namespace) = name_and_namespace(&t);
    let from = t.spec.as_ref().and_then(|s| s.from.as_ref()).map(|f| SourceRef {
        kind: f.kind.borrowed().expect(MODEL_BORROWS),
        name: f.name.borrowed().expect(MODEL_BORROWS),
        namespace: f.namespace.borrowed().expect(MODEL_BORROWS),
    });
    table_row_of(&t, name, namespace, from.as_ref(), now)
}

const MODEL_BORROWS: &str = "a view of the model borrows every string";

/// The name and namespace of a view of the model (`""` when absent).
fn name_and_namespace<'a>(t: &ImageTagView<'a>) -> (&'a str, &'a str) {
    let name = t.metadata.as_ref().map_or(Some(""), |m| m.name.borrowed()).expect(MODEL_BORROWS);
    let namespace = t.metadata.as_ref().map_or(Some(""), |m| m.namespace.borrowed()).expect(MODEL_BORROWS);
    (name, namespace)
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
    pub namespace: &'a str,
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
                    namespace: name_and_namespace(&ImageTagView::from_model(tag)).1,
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
fn table_row_of<'a>(
    t: &ImageTagView<'a>,
    name: &'a str,
    namespace: &str,
    from: Option<&SourceRef>,
    now: i64,
) -> TableRow<'a> {
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
        if s.scheduled() {
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
    let failed = conditions.iter().find(|c| c.type_.as_str() == "ImportSuccess" && c.status.as_str() == "False");
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
            "ImageStreamTag" if !f.namespace.is_empty() && f.namespace != namespace => {
                format!("istag {}/{}", f.namespace, f.name)
            }
            "ImageStreamTag" => format!("istag/{}", f.name),
            _ => "InvalidRefKind".to_string(),
        }
    } else {
        String::new()
    };

    // UPDATED: the later of items[0].created and any condition's transition time.
    let mut latest: Option<i64> = items.first().and_then(|i| parse_rfc3339_seconds(&i.created));
    for c in conditions {
        if let Some(at) = c.last_transition_time.as_deref().and_then(parse_rfc3339_seconds) {
            latest = Some(latest.map_or(at, |l| l.max(at)));
        }
    }
    let updated = match (&t.status, latest) {
        (Some(_), Some(t)) => format!("{} ago", human_duration(now.saturating_sub(t))),
        _ => String::new(),
    };

    TableRow {
        name,
        spec: spec_col,
        status: status_col,
        history: if items.is_empty() { String::new() } else { items.len().to_string() },
        updated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_image_id_shortcut_is_the_grammar_s_answer() {
        let d = "sha256:358a566fcab67757e71ffb06985ffe77c750db3299e042e0c15fd2645ba6d3c8";
        let e = "sha256:458a566fcab67757e71ffb06985ffe77c750db3299e042e0c15fd2645ba6d3c8";
        let specs = [
            format!("quay.io/a/b@{d}"),
            format!("quay.io/a/b:1@{d}"),
            format!("quay.io/a/b@{e}"),
            format!("QUAY/a/b@{d}"),
            format!("quay.io/a/b@x@{d}"),
            format!("@{d}"),
            d.to_string(),
            format!("b@{d}@{d}"),
            "quay.io/a/b:1".to_string(),
            "quay.io/a/b@sha256:1@2".to_string(),
            "b@é@2".to_string(),
            String::new(),
        ];
        let images = [d, e, "sha256:1@2", "2", "é@2", "@2", "x"];
        for spec in &specs {
            for image in images {
                let grammar = matches!(reference_id(spec), Some(id) if id != image);
                assert_eq!(shows_image_id(spec, image), grammar, "{spec} {image}");
            }
        }
    }
}
