//! Image references (Docker pull specs) and ImageTag names: docs/semantics.md §2.2, §3.3–§3.6.
//!
//! The grammar is the one OpenShift vendors from docker/distribution (`image/internal/reference`), written
//! here as a hand-made ASCII scanner instead of regexes:
//!
//! ```text
//! reference := name [ ":" tag ] [ "@" digest ]                      (anchored over the whole string)
//! name      := [ host "/" ] component ( "/" component )*
//! component := [a-z0-9]+ ( ( "." | "_" | "__" | "-"* ) [a-z0-9]+ )*
//! host      := hostpart ( "." hostpart )* [ ":" [0-9]+ ]
//! hostpart  := [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
//! tag       := [\w][\w.-]{0,127}
//! digest    := [A-Za-z][A-Za-z0-9]* ( [-_+.] [A-Za-z][A-Za-z0-9]* )* ":" [0-9a-fA-F]{32,}
//! ```
//!
//! Why a scanner can be deterministic where the regex backtracks: no part of a name contains `@`, a tag
//! contains neither `:` nor `/`, and a `:` inside a name can only be a host port, which is always followed
//! by `/`. So the digest starts after the first `@`, and a tag is present exactly when the text after the
//! last `:` (before the `@`) contains no `/`.
//!
//! The parts are then split by OpenShift's own rule (library-go `reference.Parse`), which adds no
//! `docker.io` or `library/` defaults.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorCode};

/// Longest name part (everything before `:tag` / `@digest`) a reference may have.
pub const NAME_TOTAL_LENGTH_MAX: usize = 255;

/// Longest Docker tag.
pub const TAG_LENGTH_MAX: usize = 128;

/// The message of the 400 answered to GET/PUT/PATCH/DELETE with a malformed ImageTag name (§2.2).
pub const IMAGE_TAG_NAME_MESSAGE: &str = "ImageTags must be retrieved with <name>:<tag>";

/// The registry assumed when a reference has none (Docker's default; used only by [`ImageReference::docker_client_defaults`]).
pub const DOCKER_DEFAULT_REGISTRY: &str = "docker.io";
/// The host name of the default v1 registry.
pub const DOCKER_DEFAULT_V1_REGISTRY: &str = "index.docker.io";
/// The host name of the default v2 registry.
pub const DOCKER_DEFAULT_V2_REGISTRY: &str = "registry-1.docker.io";

/// An image pull spec split into OpenShift's parts (library-go `DockerImageReference`). Absent parts are `""`.
///
/// - `registry`: the host (with port) when the first path component looks like one (contains `.` or `:`,
///   or is `localhost`). A spec without `/` that contains `.` or starts with `localhost` is a
///   *registry-only* reference: `registry` is then the **whole spec** (tag and digest included, as
///   OpenShift does it), `name` and `tag` are empty, and `id` still holds the digest.
/// - `namespace`: the first remaining path component, when more than one remains.
/// - `name`: everything after it (may contain `/`: `quay.io/a/b/c` has name `b/c`).
/// - `tag`: the `:tag`, only when there is a name.
/// - `id`: the `@digest`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ImageReference {
    pub registry: String,
    pub namespace: String,
    pub name: String,
    pub tag: String,
    pub id: String,
}

/// Why a pull spec does not parse. `Display` gives the exact OpenShift text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReferenceError {
    /// `repository name must have at least one component` (the empty string).
    NameEmpty,
    /// `repository name must be lowercase` (does not match, but its lower-cased form would).
    NameContainsUppercase,
    /// `invalid reference format`.
    InvalidFormat,
    /// `repository name must not be more than 255 characters`.
    NameTooLong,
    /// The `@digest` matched the grammar but failed digest validation (§3.6).
    Digest(DigestError),
}

impl fmt::Display for ReferenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReferenceError::NameEmpty => f.write_str("repository name must have at least one component"),
            ReferenceError::NameContainsUppercase => f.write_str("repository name must be lowercase"),
            ReferenceError::InvalidFormat => f.write_str("invalid reference format"),
            ReferenceError::NameTooLong => {
                write!(f, "repository name must not be more than {NAME_TOTAL_LENGTH_MAX} characters")
            }
            ReferenceError::Digest(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ReferenceError {}

impl From<DigestError> for ReferenceError {
    fn from(e: DigestError) -> Self {
        ReferenceError::Digest(e)
    }
}

/// Why a digest is not valid (§3.6). `Display` gives the exact text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DigestError {
    /// `unsupported digest algorithm` (anything but `sha256`, `sha384`, `sha512`, case-sensitive).
    UnsupportedAlgorithm,
    /// `invalid checksum digest length` (hex part not exactly 64 / 96 / 128 characters).
    InvalidLength,
    /// `invalid checksum digest format` (not `[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+`).
    InvalidFormat,
}

impl fmt::Display for DigestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DigestError::UnsupportedAlgorithm => "unsupported digest algorithm",
            DigestError::InvalidLength => "invalid checksum digest length",
            DigestError::InvalidFormat => "invalid checksum digest format",
        })
    }
}

impl std::error::Error for DigestError {}

impl ImageReference {
    /// Parses a pull spec by OpenShift's grammar and splitting rules (§3.5). Errors carry the exact texts.
    pub fn parse(spec: &str) -> Result<ImageReference, ReferenceError> {
        let m = checked_match(spec, "")?;

        let mut r = ImageReference::default();
        let name = m.name;
        let slash = name.find('/');
        // No path separator and it looks like a host: the whole spec is the registry.
        let registry_only = slash.is_none() && (name.contains('.') || name.starts_with("localhost"));
        if registry_only {
            r.registry = spec.to_string();
        } else {
            match slash {
                Some(i) if is_registry_like(&name[..i]) => {
                    r.registry = name[..i].to_string();
                    r.name = name[i + 1..].to_string();
                }
                _ => r.name = name.to_string(),
            }
            if let Some(t) = m.tag {
                r.tag = t.to_string();
            }
        }
        if let Some(d) = m.digest {
            r.id = d.to_string();
        }
        if let Some(i) = r.name.find('/') {
            r.namespace = r.name[..i].to_string();
            r.name = r.name[i + 1..].to_string();
        }
        Ok(r)
    }

    /// OpenShift's `Exact()`: `[registry/][namespace/]name` followed by `@id` when the id is a valid digest,
    /// `:id` when it is not, else `:tag`. With an empty name it is `registry/` plus `namespace/` (or `""`
    /// when there is no registry either), exactly as OpenShift prints it.
    pub fn exact(&self) -> String {
        let mut s = self.registry.clone();
        if !s.is_empty() {
            s.push('/');
        }
        if !self.namespace.is_empty() {
            s.push_str(&self.namespace);
            s.push('/');
        }
        if self.name.is_empty() {
            if self.registry.is_empty() {
                return String::new();
            }
            return s;
        }
        s.push_str(&self.name);
        if !self.id.is_empty() {
            s.push(if validate_digest(&self.id).is_ok() { '@' } else { ':' });
            s.push_str(&self.id);
        } else if !self.tag.is_empty() {
            s.push(':');
            s.push_str(&self.tag);
        }
        s
    }

    /// OpenShift's `MostSpecific()`: prefers the id over the tag. A valid digest id drops the tag; an id
    /// that is not a digest (a v1 image id) becomes the tag when there is none; otherwise unchanged.
    pub fn most_specific(&self) -> ImageReference {
        let mut r = self.clone();
        if r.id.is_empty() {
            return r;
        }
        if validate_digest(&r.id).is_ok() {
            r.tag.clear();
        } else if r.tag.is_empty() {
            r.tag = std::mem::take(&mut r.id);
        }
        r
    }

    /// The reference without tag and id (OpenShift's `AsRepository()`).
    pub fn as_repository(&self) -> ImageReference {
        ImageReference { tag: String::new(), id: String::new(), ..self.clone() }
    }

    /// `[registry/][namespace/]name`: the exact form without tag or id (`AsRepository().Exact()`).
    pub fn name_string(&self) -> String {
        self.as_repository().exact()
    }

    /// The registry-relative repository: `[namespace/]name` (OpenShift's `RepositoryName()`).
    pub fn repository_name(&self) -> String {
        ImageReference { registry: String::new(), ..self.as_repository() }.exact()
    }

    /// The defaults the Docker client applies: registry `docker.io`, namespace `library` on Docker Hub,
    /// tag `latest`.
    pub fn docker_client_defaults(&self) -> ImageReference {
        let mut r = self.clone();
        if r.registry.is_empty() {
            r.registry = DOCKER_DEFAULT_REGISTRY.to_string();
        }
        if r.namespace.is_empty() && is_registry_docker_hub(&r.registry) {
            r.namespace = "library".to_string();
        }
        if r.tag.is_empty() {
            r.tag = "latest".to_string();
        }
        r
    }

    /// Equality in the Docker sense (OpenShift's `Equal()`): both sides with [`Self::docker_client_defaults`]
    /// applied, so `nginx` equals `docker.io/library/nginx:latest`.
    pub fn docker_equal(&self, other: &ImageReference) -> bool {
        self.docker_client_defaults() == other.docker_client_defaults()
    }
}

impl FromStr for ImageReference {
    type Err = ReferenceError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ImageReference::parse(s)
    }
}

impl fmt::Display for ImageReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.exact())
    }
}

/// `docker.io`, `index.docker.io` and `registry-1.docker.io` are Docker Hub.
pub fn is_registry_docker_hub(registry: &str) -> bool {
    matches!(registry, DOCKER_DEFAULT_REGISTRY | DOCKER_DEFAULT_V1_REGISTRY | DOCKER_DEFAULT_V2_REGISTRY)
}

/// The grammar match of [`ImageReference::parse`] with all its checks, in the same order.
/// `known_name`: a name part that already passed the grammar (or `""`), which is then not scanned again.
fn checked_match<'s>(spec: &'s str, known_name: &str) -> Result<Match<'s>, ReferenceError> {
    let Some(m) = match_reference(spec, known_name) else {
        if spec.is_empty() {
            return Err(ReferenceError::NameEmpty);
        }
        if match_reference(&go_to_lower(spec), "").is_some() {
            return Err(ReferenceError::NameContainsUppercase);
        }
        return Err(ReferenceError::InvalidFormat);
    };
    if m.name.len() > NAME_TOTAL_LENGTH_MAX {
        return Err(ReferenceError::NameTooLong);
    }
    if let Some(d) = m.digest {
        // A digest that passed the strict check in the matcher needs no second look.
        if !m.digest_strict {
            validate_digest(d)?;
        }
    }
    Ok(m)
}

/// Whether `spec` is a valid pull spec: [`ImageReference::parse`] without building the parts (no
/// allocation on success). On success, gives the `@digest` part when there is one (a valid digest).
pub fn check_image_reference(spec: &str) -> Result<Option<&str>, ReferenceError> {
    checked_match(spec, "").map(|m| m.digest)
}

/// [`check_image_reference`] for a run of references that often share their repository (a tag's
/// history): `known_name` is the name part this returned for an earlier valid reference (or `""`);
/// a reference with the same name part skips that part's grammar scan. Gives the digest and the name part.
pub(crate) fn check_image_reference_after<'s>(
    spec: &'s str,
    known_name: &str,
) -> Result<(Option<&'s str>, &'s str), ReferenceError> {
    checked_match(spec, known_name).map(|m| (m.digest, m.name))
}

/// [`ImageReference::parse`] with the core error: code `reference`, message the exact OpenShift text.
pub fn parse_image_reference(spec: &str) -> Result<ImageReference, Error> {
    ImageReference::parse(spec).map_err(|e| Error::new(ErrorCode::Reference, e.to_string()))
}

/// Strict digest validation (§3.6, go-digest `Validate`): format first, then algorithm, then length.
pub fn validate_digest(d: &str) -> Result<(), DigestError> {
    // Fast path, the form nearly every digest has: `sha256:` and 64 hex digits.
    if d.len() == 71 && d.as_bytes().starts_with(b"sha256:") && all_hex(&d.as_bytes()[7..]) {
        return Ok(());
    }
    let Some(i) = d.find(':') else {
        return Err(DigestError::InvalidFormat);
    };
    let (algorithm, hex) = (&d[..i], &d[i + 1..]);
    let algorithm_ok = !algorithm.is_empty()
        && algorithm.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'+' | b'.'));
    if !algorithm_ok || hex.is_empty() || !all_hex(hex.as_bytes()) {
        return Err(DigestError::InvalidFormat);
    }
    let want = match algorithm {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ => return Err(DigestError::UnsupportedAlgorithm),
    };
    if hex.len() != want {
        return Err(DigestError::InvalidLength);
    }
    Ok(())
}

/// Whether every byte is an ASCII hex digit (table lookup, no branches per byte).
fn all_hex(b: &[u8]) -> bool {
    const HEX: [bool; 256] = {
        let mut t = [false; 256];
        let mut c = 0;
        while c < 256 {
            t[c] = (c as u8).is_ascii_hexdigit();
            c += 1;
        }
        t
    };
    b.iter().fold(true, |ok, &c| ok & HEX[c as usize])
}

/// The loose digest grammar used inside references and for sub-manifest digests:
/// `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][[:xdigit:]]{32,}`, anchored.
pub fn is_loose_digest(d: &str) -> bool {
    let Some(i) = d.find(':') else {
        return false;
    };
    let (algorithm, hex) = d.as_bytes().split_at(i);
    let hex = &hex[1..];
    // Algorithm: letter-initial alphanumeric runs, separated by exactly one of `-_+.`.
    let mut at_start = true;
    for &c in algorithm {
        if at_start {
            if !c.is_ascii_alphabetic() {
                return false;
            }
            at_start = false;
        } else if matches!(c, b'-' | b'_' | b'+' | b'.') {
            at_start = true;
        } else if !c.is_ascii_alphanumeric() {
            return false;
        }
    }
    !at_start && hex.len() >= 32 && all_hex(hex)
}

/// The Docker tag grammar `[\w][\w.-]{0,127}`, anchored: 1–128 ASCII word characters, `.` and `-`,
/// not starting with `.` or `-`. Registries refuse other tags; the server does not check ImageTag tags (§3.4).
pub fn is_docker_tag(t: &str) -> bool {
    let b = t.as_bytes();
    match b.first() {
        Some(&c) if is_word(c) => {
            b.len() <= TAG_LENGTH_MAX && b[1..].iter().all(|&c| is_word(c) || c == b'.' || c == b'-')
        }
        _ => false,
    }
}

/// The image stream name rule of §3.3: `[a-z0-9]+(?:[._-][a-z0-9]+)*`, anchored (single separators only).
pub fn is_image_stream_name(n: &str) -> bool {
    let mut prev_alnum = false;
    for c in n.bytes() {
        if is_lower_alnum(c) {
            prev_alnum = true;
        } else if matches!(c, b'.' | b'_' | b'-') && prev_alnum {
            prev_alnum = false;
        } else {
            return false;
        }
    }
    prev_alnum
}

/// Splits an ImageTag name by the rule of GET, PUT, PATCH and DELETE (§2.2): exactly one `:` with text on
/// both sides and no `@` anywhere. Returns `(stream, tag)`; otherwise an error with code `name` and the
/// server's message `ImageTags must be retrieved with <name>:<tag>`.
pub fn split_image_tag_name(name: &str) -> Result<(&str, &str), Error> {
    let bad = || Error::new(ErrorCode::Name, IMAGE_TAG_NAME_MESSAGE);
    if name.contains('@') {
        return Err(bad());
    }
    let Some((stream, tag)) = name.split_once(':') else {
        return Err(bad());
    };
    if stream.is_empty() || tag.is_empty() || tag.contains(':') {
        return Err(bad());
    }
    Ok((stream, tag))
}

/// Splits an ImageTag name by the rule of POST (OpenShift's `SplitImageStreamTag`, §2.2): at the
/// **first** `:`; an empty tag becomes `latest` (`a:b:c` → (`a`, `b:c`), `foo:` → (`foo`, `latest`)).
///
/// A name without any `:` gives (`name`, `latest`), as the upstream helper does; the server nevertheless
/// refuses such a POST (the name must contain `:`, §3.1), so check `name.contains(':')` before relying on
/// it. An `@` is not special here.
pub fn split_post_name(name: &str) -> (String, String) {
    let (stream, tag) = name.split_once(':').unwrap_or((name, ""));
    let tag = if tag.is_empty() { "latest" } else { tag };
    (stream.to_string(), tag.to_string())
}

// ---------------------------------------------------------------------------------------------------------
// The scanner.

/// The three captures of the anchored reference grammar.
#[derive(Debug, PartialEq, Eq)]
struct Match<'a> {
    name: &'a str,
    tag: Option<&'a str>,
    digest: Option<&'a str>,
    /// The digest is known to pass [`validate_digest`] too.
    digest_strict: bool,
}

/// Matches the whole string against `name [":" tag] ["@" digest]`.
fn match_reference<'s>(s: &'s str, known_name: &str) -> Option<Match<'s>> {
    let (rest, digest) = match s.split_once('@') {
        Some((rest, d)) => (rest, Some(d)),
        None => (s, None),
    };
    // A strictly valid digest (the common case) is also a loose one: one scan instead of two.
    let digest_strict = digest.is_some_and(|d| validate_digest(d).is_ok());
    if let Some(d) = digest {
        if !digest_strict && !is_loose_digest(d) {
            return None;
        }
    }
    let (name, tag) = match rest.rfind(':') {
        Some(i) if !rest[i + 1..].contains('/') => (&rest[..i], Some(&rest[i + 1..])),
        _ => (rest, None),
    };
    if let Some(t) = tag {
        if !is_docker_tag(t) {
            return None;
        }
    }
    let known = !known_name.is_empty() && crate::json::fast_reader::same(name, known_name);
    if !known && !is_name(name) {
        return None;
    }
    Some(Match { name, tag, digest, digest_strict })
}

/// `[host "/"] component ("/" component)*`.
fn is_name(name: &str) -> bool {
    let mut parts = name.split('/');
    let first = parts.next().unwrap_or("");
    let rest_ok = parts.clone().all(is_path_component);
    if !rest_ok {
        return false;
    }
    is_path_component(first) || (parts.next().is_some() && is_host(first))
}

/// `[a-z0-9]+ ( ( "." | "_" | "__" | "-"* ) [a-z0-9]+ )*`.
fn is_path_component(c: &str) -> bool {
    let b = c.as_bytes();
    let mut i = 0;
    loop {
        // An alphanumeric run (at least one character).
        let start = i;
        while i < b.len() && is_lower_alnum(b[i]) {
            i += 1;
        }
        if i == start {
            return false;
        }
        if i == b.len() {
            return true;
        }
        // One separator, which must be followed by another run.
        match b[i] {
            b'.' => i += 1,
            b'_' => {
                i += 1;
                if i < b.len() && b[i] == b'_' {
                    i += 1;
                }
            }
            b'-' => {
                while i < b.len() && b[i] == b'-' {
                    i += 1;
                }
            }
            _ => return false,
        }
    }
}

/// `hostpart ("." hostpart)* [":" [0-9]+]`.
fn is_host(h: &str) -> bool {
    let (host, port) = match h.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (h, None),
    };
    if let Some(p) = port {
        if p.is_empty() || !p.bytes().all(|c| c.is_ascii_digit()) {
            return false;
        }
    }
    host.split('.').all(is_host_component)
}

/// `[a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]`.
fn is_host_component(c: &str) -> bool {
    let b = c.as_bytes();
    match (b.first(), b.last()) {
        (Some(f), Some(l)) => {
            f.is_ascii_alphanumeric()
                && l.is_ascii_alphanumeric()
                && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        }
        _ => false,
    }
}

/// OpenShift's test for a first path component that names a registry.
fn is_registry_like(component: &str) -> bool {
    component.contains(['.', ':']) || component == "localhost"
}

fn is_lower_alnum(c: u8) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

/// `\w` in Go's RE2 syntax: ASCII only.
fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Go's `strings.ToLower` as far as the grammar can tell: ASCII lower-casing plus the only two non-ASCII
/// characters whose simple lower-case mapping is ASCII (KELVIN SIGN → `k`, `İ` → `i`). Every other
/// non-ASCII character fails the grammar either way.
fn go_to_lower(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{212A}' => 'k',
            '\u{0130}' => 'i',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}
