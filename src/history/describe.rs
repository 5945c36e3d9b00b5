//! `describe_tag`: the structured view of one ImageTag that every renderer uses. It decides the tag's
//! state from spec, status and image together (§2.4, §2.12), computes the lines `oc describe imagestream`
//! prints for it (§4.1) and the columns of the server's table (§4.3).

use serde::Serialize;

use super::digest::{reference_id, unique_short_digests};
use super::time::{format_rfc3339, human_duration, parse_rfc3339};
use crate::model::{ImageTag, TagReference};

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
pub struct SourceRef {
    pub kind: String,
    pub name: String,
    pub namespace: String,
}

/// One `ImportSuccess=False` condition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportError {
    pub reason: String,
    pub message: String,
    pub generation: i64,
    /// As the object has it (`null` when unset).
    pub last_transition_time: Option<String>,
    /// `humanDuration` of now minus `lastTransitionTime` (`14 minutes`); `""` when the time is unknown.
    pub age: String,
    pub age_seconds: Option<i64>,
}

/// One history entry, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    /// The newest entry: the tag's current image.
    pub current: bool,
    /// As the object has it.
    pub created: String,
    /// `humanDuration` of now minus `created` (`44 hours`); `""` when the time is unknown.
    pub age: String,
    pub age_seconds: Option<i64>,
    pub docker_image_reference: String,
    /// The image name (a digest); `""` for `reference: true` entries.
    pub image: String,
    /// `sha256:` + 12 hex digits, lengthened when two images of this history would look the same.
    pub short_image: String,
    pub generation: i64,
    /// `oc describe` prints the image id after the age: the reference parses and does not carry this digest.
    pub show_image_id: bool,
}

/// A platform of a manifest list (from `image.dockerImageManifests`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Platform {
    pub os: String,
    pub architecture: String,
    pub variant: String,
    pub digest: String,
    pub short_digest: String,
}

/// The row `oc get imagetags` prints (§4.3), in the server's words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TableRow {
    pub name: String,
    /// `Tag`, `Ref`, `Scheduled`, `Track`, `Push` or `""`.
    pub spec: String,
    /// `ImportFailed (<reason>)`, `Importing`, `image/<digest>`, a pull spec or source, or `""`.
    pub status: String,
    /// Number of history items, `""` when none.
    pub history: String,
    /// `<relative> ago`, `""` without status.
    pub updated: String,
}

/// The structured view of one ImageTag.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TagDescription {
    /// `metadata.name` (`<stream>:<tag>`).
    pub name: String,
    pub namespace: String,
    pub stream: String,
    pub tag: String,
    pub state: TagState,
    /// The state in words (`Import failed (NotFound)`, `Importing`, `Up to date`, …).
    pub state_text: String,
    /// The source line of `oc describe` without its indentation (`tagged from quay.io/x/y:1`).
    pub source: String,
    pub from: Option<SourceRef>,
    pub reference: bool,
    pub insecure: bool,
    pub scheduled: bool,
    pub local_reference_policy: bool,
    /// `spec.importPolicy.importMode` as given (`""` when unset).
    pub import_mode: String,
    /// The indented flag lines of `oc describe` (`will use insecure HTTPS or HTTP connections`, …).
    pub notes: Vec<String>,
    /// The tag-annotation lines of `oc describe` (description, `Tags: …`, `Supports: …`, `Example Repo: …`).
    pub annotation_lines: Vec<String>,
    /// `spec.generation` is newer than the observed generation (and the tag imports).
    pub import_pending: bool,
    pub spec_generation: Option<i64>,
    /// The larger of `items[0].generation` and the ImportSuccess condition's generation (0 if neither).
    pub observed_generation: i64,
    pub import_errors: Vec<ImportError>,
    pub entries: Vec<HistoryEntry>,
    /// The current image is a manifest list / index.
    pub manifest_list: bool,
    pub platforms: Vec<Platform>,
    /// The server table's columns for this tag.
    pub table: TableRow,
    /// The time the description was computed for (RFC 3339).
    pub now: String,
}

/// Describes `tag` as of `now` (Unix seconds). Pure and deterministic.
pub fn describe_tag(tag: &ImageTag, now: i64) -> TagDescription {
    describe_tag_with(tag, now, DEFAULT_DIGEST_LENGTH)
}

/// [`describe_tag`] with a chosen short-digest length.
pub fn describe_tag_with(tag: &ImageTag, now: i64, digest_length: usize) -> TagDescription {
    let name = tag.name().to_string();
    let namespace = tag.namespace().to_string();
    let spec = tag.spec.get();
    let status = tag.status.get();
    let items = tag.history();
    let conditions = status.map(|s| s.conditions.items()).unwrap_or(&[]);

    let (stream, tag_name) = match name.find(':') {
        Some(i) => (name[..i].to_string(), name[i + 1..].to_string()),
        None => {
            let t = spec
                .map(|s| s.name.str())
                .filter(|s| !s.is_empty())
                .or_else(|| status.map(|s| s.tag.str()))
                .unwrap_or("");
            (name.clone(), t.to_string())
        }
    };

    // Source line and flags (§4.1 items 2 and 3).
    let from = spec.and_then(|s| s.from.get()).map(|f| SourceRef {
        kind: f.kind.str().to_string(),
        name: f.name.str().to_string(),
        namespace: f.namespace.str().to_string(),
    });
    let reference = spec.map(|s| s.reference.flag()).unwrap_or(false);
    let policy = spec.and_then(|s| s.import_policy.get());
    let (scheduled, insecure) = match (&from, policy) {
        (Some(_), Some(p)) => (p.scheduled.flag(), p.insecure.flag()),
        _ => (false, false),
    };
    let import_mode = policy.map(|p| p.import_mode.str().to_string()).unwrap_or_default();
    let local_reference_policy =
        spec.and_then(|s| s.reference_policy.get()).map(|p| p.type_.str() == "Local").unwrap_or(false);
    let source = source_line(spec, from.as_ref(), &namespace, reference, scheduled);
    let mut notes = Vec::new();
    if insecure {
        notes.push("will use insecure HTTPS or HTTP connections".to_string());
    }
    if local_reference_policy {
        notes.push("prefer registry pullthrough when referencing this tag".to_string());
    }
    let annotation_lines = spec.map(annotation_lines).unwrap_or_default();

    // Generations (§2.4, §2.12, §4.1 item 6).
    let spec_generation = spec.and_then(|s| s.generation.get().copied());
    let mut observed_generation = items.first().map(|i| i.generation.num()).unwrap_or(0).max(0);
    if let Some(c) = conditions.iter().find(|c| c.type_.str() == "ImportSuccess") {
        observed_generation = observed_generation.max(c.generation.num());
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

    let import_errors: Vec<ImportError> = conditions
        .iter()
        .filter(|c| c.type_.str() == "ImportSuccess" && c.status.str() == "False")
        .map(|c| {
            let (age, age_seconds) = age_of(c.last_transition_time.get().map(String::as_str));
            ImportError {
                reason: c.reason.str().to_string(),
                message: c.message.str().to_string(),
                generation: c.generation.num(),
                last_transition_time: c.last_transition_time.get().cloned(),
                age,
                age_seconds,
            }
        })
        .collect();

    // Platforms of a manifest list, and short digests unique across everything shown.
    let image = tag.image.get();
    let manifests = image.map(|i| i.docker_image_manifests.items()).unwrap_or(&[]);
    let media_type = image.map(|i| i.docker_image_manifest_media_type.str()).unwrap_or("");
    let manifest_list = !manifests.is_empty() || media_type.contains("manifest.list") || media_type.contains("image.index");
    let mut all_digests: Vec<&str> = items.iter().map(|i| i.image.str()).collect();
    all_digests.extend(manifests.iter().map(|m| m.digest.str()));
    let shorts = unique_short_digests(&all_digests, digest_length);

    let entries: Vec<HistoryEntry> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let (age, age_seconds) = age_of(item.created.get().map(String::as_str));
            let reference = item.docker_image_reference.str();
            let image = item.image.str();
            let show_image_id = !image.is_empty() && matches!(reference_id(reference), Some(id) if id != image);
            HistoryEntry {
                current: i == 0,
                created: item.created.str().to_string(),
                age,
                age_seconds,
                docker_image_reference: reference.to_string(),
                image: image.to_string(),
                short_image: shorts[i].clone(),
                generation: item.generation.num(),
                show_image_id,
            }
        })
        .collect();
    let platforms: Vec<Platform> = manifests
        .iter()
        .enumerate()
        .map(|(i, m)| Platform {
            os: m.os.str().to_string(),
            architecture: m.architecture.str().to_string(),
            variant: m.variant.str().to_string(),
            digest: m.digest.str().to_string(),
            short_digest: shorts[items.len() + i].clone(),
        })
        .collect();

    let table = table_row(tag, &name, spec, from.as_ref(), &namespace, now);

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
        TagState::Tracking => format!("Tracking {}", from.as_ref().map(|f| f.name.as_str()).unwrap_or("")),
        TagState::Current => "Up to date".to_string(),
    };

    TagDescription {
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
        now: format_rfc3339(now),
    }
}

/// The source line of §4.1 item 2.
fn source_line(spec: Option<&TagReference>, from: Option<&SourceRef>, namespace: &str, reference: bool, scheduled: bool) -> String {
    let Some(_) = spec else { return "no spec tag".to_string() };
    let Some(from) = from else { return "tag without source image".to_string() };
    let src = if !from.namespace.is_empty() && from.namespace != namespace {
        format!("{}/{}", from.namespace, from.name)
    } else {
        from.name.clone()
    };
    match from.kind.as_str() {
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
fn annotation_lines(spec: &TagReference) -> Vec<String> {
    let mut out = Vec::new();
    let Some(a) = spec.annotations.get() else { return out };
    let get = |k: &str| a.get(k).map(String::as_str).filter(|v| !v.is_empty());
    if let Some(d) = get("description") {
        out.push(d.to_string());
    }
    if let Some(t) = get("tags") {
        out.push(format!("Tags: {}", t.split(',').collect::<Vec<_>>().join(", ")));
    }
    if let Some(t) = get("supports") {
        out.push(format!("Supports: {}", t.split(',').collect::<Vec<_>>().join(", ")));
    }
    if let Some(t) = get("sampleRepo") {
        out.push(format!("Example Repo: {t}"));
    }
    out
}

/// The row of `oc get imagetags` (§4.3).
fn table_row(tag: &ImageTag, name: &str, spec: Option<&TagReference>, from: Option<&SourceRef>, namespace: &str, now: i64) -> TableRow {
    let status = tag.status.get();
    let items = tag.history();
    let conditions = status.map(|s| s.conditions.items()).unwrap_or(&[]);
    let spec_gen = spec.and_then(|s| s.generation.get().copied());
    let item_gen = items.first().map(|i| i.generation.num());

    // SPEC
    let mut spec_col = String::new();
    let mut track = false;
    if let (Some(s), Some(f)) = (spec, from) {
        spec_col = "Tag".to_string();
        if s.reference.flag() {
            spec_col = "Ref".to_string();
        }
        if s.import_policy.get().map(|p| p.scheduled.flag()).unwrap_or(false) {
            spec_col = "Scheduled".to_string();
        }
        if f.kind == "ImageStreamTag" && !f.name.contains(':') {
            spec_col = "Track".to_string();
            track = true;
        }
    }
    if spec_col.is_empty() {
        if !items.is_empty() {
            spec_col = "Push".to_string();
        }
    } else if !track {
        if let (Some(ig), Some(sg)) = (item_gen, spec_gen) {
            if ig > sg {
                spec_col = "Push".to_string();
            }
        }
    }

    // STATUS
    let failed = conditions.iter().find(|c| c.type_.str() == "ImportSuccess" && c.status.str() == "False");
    let status_col = if let Some(c) = failed {
        format!("ImportFailed ({})", c.reason.str())
    } else if matches!((item_gen, spec_gen), (Some(i), Some(s)) if i < s) {
        "Importing".to_string()
    } else if let Some(first) = items.first() {
        if first.image.str().is_empty() {
            first.docker_image_reference.str().to_string()
        } else {
            format!("image/{}", first.image.str())
        }
    } else if let Some(f) = from {
        match f.kind.as_str() {
            "DockerImage" => f.name.clone(),
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
    let mut latest: Option<i64> = items.first().and_then(|i| parse_rfc3339(i.created.str()));
    for c in conditions {
        if let Some(t) = parse_rfc3339(c.last_transition_time.str()) {
            latest = Some(latest.map_or(t, |l| l.max(t)));
        }
    }
    let updated = match (status, latest) {
        (Some(_), Some(t)) => format!("{} ago", human_duration(now.saturating_sub(t))),
        _ => String::new(),
    };

    TableRow {
        name: name.to_string(),
        spec: spec_col,
        status: status_col,
        history: if items.is_empty() { String::new() } else { items.len().to_string() },
        updated,
    }
}
