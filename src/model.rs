//! The ImageTag model of `image.openshift.io/v1` (imagetag-semantics.md §1), lossless.
//!
//! Every field is a [`Field`]: absent, `null` and present stay apart, and every object keeps the keys it
//! does not know in `extra`, so `serialize(parse(text))` gives back what the server sent. Maps are
//! `BTreeMap`s (stable output); numbers the API declares as int64 are `i64`.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::error::Error;
use crate::json::{api_object, Field};
use crate::scan::{Reader, Refused, Scan};

pub mod stream;
pub use stream::*;

/// A string-to-string map (labels, annotations, signed claims).
pub type StringMap = BTreeMap<String, String>;

pub const API_VERSION: &str = "image.openshift.io/v1";
pub const KIND_IMAGE_TAG: &str = "ImageTag";
pub const KIND_IMAGE_TAG_LIST: &str = "ImageTagList";

api_object! {
    /// One tag of an image stream, as the `imagetags` endpoints return it (§1.1).
    pub struct ImageTag {
        "kind" => kind: String,
        "apiVersion" => api_version: String,
        /// The image stream's metadata with `name` set to `<stream>:<tag>` (§2.3).
        "metadata" => metadata: ObjectMeta,
        /// The stream's spec tag; `null` for a status-only (pushed) tag.
        "spec" => spec: TagReference,
        /// The stream's status tag (history and conditions); `null` before any import or push.
        "status" => status: NamedTagEventList,
        /// The Image the newest history entry points to; always `null` in lists.
        "image" => image: Box<Image>,
    }
}

api_object! {
    /// A list of ImageTags (§1.1, §2.5): `items` may be `null` when empty.
    pub struct ImageTagList {
        "kind" => kind: String,
        "apiVersion" => api_version: String,
        "metadata" => metadata: ListMeta,
        "items" => items: Vec<ImageTag>,
    }
}

api_object! {
    /// The spec tag (§1.2).
    pub struct TagReference {
        /// Must equal the tag part of `metadata.name`.
        "name" => name: String,
        "annotations" => annotations: StringMap,
        /// Where the tag's image comes from.
        "from" => from: ObjectReference,
        /// `true`: do not import, only point at the reference.
        "reference" => reference: bool,
        /// Server-managed counter; `0` asks for a re-import.
        "generation" => generation: i64,
        "importPolicy" => import_policy: TagImportPolicy,
        "referencePolicy" => reference_policy: TagReferencePolicy,
    }
}

api_object! {
    /// A core/v1 ObjectReference; only `kind`, `name` and `namespace` mean anything in `spec.from` (§1.3).
    pub struct ObjectReference {
        "kind" => kind: String,
        "namespace" => namespace: String,
        "name" => name: String,
        "uid" => uid: String,
        "apiVersion" => api_version: String,
        "resourceVersion" => resource_version: String,
        "fieldPath" => field_path: String,
    }
}

api_object! {
    /// How the tag is imported (§1.4).
    pub struct TagImportPolicy {
        "insecure" => insecure: bool,
        "scheduled" => scheduled: bool,
        /// `Legacy` or `PreserveOriginal`; empty means the cluster default.
        "importMode" => import_mode: String,
    }
}

api_object! {
    /// How consumers pull the tag (§1.5): `Source` or `Local`.
    pub struct TagReferencePolicy {
        "type" => type_: String,
    }
}

api_object! {
    /// The status tag: history, newest first, and import conditions (§1.6).
    pub struct NamedTagEventList {
        "tag" => tag: String,
        /// May be `null` (for example when the first import failed).
        "items" => items: Vec<TagEvent>,
        "conditions" => conditions: Vec<TagEventCondition>,
    }
}

api_object! {
    /// One history entry (§1.6).
    pub struct TagEvent {
        "created" => created: String,
        "dockerImageReference" => docker_image_reference: String,
        /// Image name (a digest); empty for `reference: true` tags.
        "image" => image: String,
        "generation" => generation: i64,
    }
}

api_object! {
    /// An import condition; in practice only `ImportSuccess=False` (§1.6).
    pub struct TagEventCondition {
        "type" => type_: String,
        "status" => status: String,
        "lastTransitionTime" => last_transition_time: String,
        "reason" => reason: String,
        "message" => message: String,
        "generation" => generation: i64,
    }
}

api_object! {
    /// The cluster-scoped Image embedded in an ImageTag (§1.7).
    pub struct Image {
        "kind" => kind: String,
        "apiVersion" => api_version: String,
        "metadata" => metadata: ObjectMeta,
        "dockerImageReference" => docker_image_reference: String,
        "dockerImageMetadata" => docker_image_metadata: Box<DockerImage>,
        "dockerImageMetadataVersion" => docker_image_metadata_version: String,
        "dockerImageManifest" => docker_image_manifest: String,
        "dockerImageLayers" => docker_image_layers: Vec<ImageLayer>,
        "signatures" => signatures: Vec<ImageSignature>,
        "dockerImageSignatures" => docker_image_signatures: Vec<String>,
        "dockerImageManifestMediaType" => docker_image_manifest_media_type: String,
        "dockerImageConfig" => docker_image_config: String,
        "dockerImageManifests" => docker_image_manifests: Vec<ImageManifest>,
    }
}

api_object! {
    /// One layer blob, base first (§1.7).
    pub struct ImageLayer {
        "name" => name: String,
        "size" => size: i64,
        "mediaType" => media_type: String,
    }
}

api_object! {
    /// A sub-manifest of a manifest list / index (§1.7).
    pub struct ImageManifest {
        "digest" => digest: String,
        "mediaType" => media_type: String,
        "manifestSize" => manifest_size: i64,
        "architecture" => architecture: String,
        "os" => os: String,
        "variant" => variant: String,
    }
}

api_object! {
    /// An image signature (§1.8).
    pub struct ImageSignature {
        "kind" => kind: String,
        "apiVersion" => api_version: String,
        /// `name` must be `<imageName>@<signatureName>`.
        "metadata" => metadata: ObjectMeta,
        "type" => type_: String,
        /// Base64 bytes.
        "content" => content: String,
        "conditions" => conditions: Vec<SignatureCondition>,
        "imageIdentity" => image_identity: String,
        "signedClaims" => signed_claims: StringMap,
        "created" => created: String,
        "issuedBy" => issued_by: SignatureIssuer,
        "issuedTo" => issued_to: SignatureSubject,
    }
}

api_object! {
    /// `Trusted`, `ForImage`, `Expired` or `Revoked` (§1.8).
    pub struct SignatureCondition {
        "type" => type_: String,
        "status" => status: String,
        "lastProbeTime" => last_probe_time: String,
        "lastTransitionTime" => last_transition_time: String,
        "reason" => reason: String,
        "message" => message: String,
    }
}

api_object! {
    /// Who signed (§1.8).
    pub struct SignatureIssuer {
        "organization" => organization: String,
        "commonName" => common_name: String,
    }
}

api_object! {
    /// Whose key signed (§1.8).
    pub struct SignatureSubject {
        "organization" => organization: String,
        "commonName" => common_name: String,
        "publicKeyID" => public_key_id: String,
    }
}

api_object! {
    /// `dockerImageMetadata`: Docker-style image metadata with capitalised keys (§1.7).
    pub struct DockerImage {
        "kind" => kind: String,
        "apiVersion" => api_version: String,
        "Id" => id: String,
        "Parent" => parent: String,
        "Comment" => comment: String,
        "Created" => created: String,
        "Container" => container: String,
        "ContainerConfig" => container_config: DockerConfig,
        "DockerVersion" => docker_version: String,
        "Author" => author: String,
        "Config" => config: DockerConfig,
        "Architecture" => architecture: String,
        "Size" => size: i64,
    }
}

api_object! {
    /// The container configuration inside [`DockerImage`].
    pub struct DockerConfig {
        "Hostname" => hostname: String,
        "Domainname" => domainname: String,
        "User" => user: String,
        "Memory" => memory: i64,
        "MemorySwap" => memory_swap: i64,
        "CPUShares" => cpu_shares: i64,
        "CPUSet" => cpu_set: String,
        "AttachStdin" => attach_stdin: bool,
        "AttachStdout" => attach_stdout: bool,
        "AttachStderr" => attach_stderr: bool,
        "PortSpecs" => port_specs: Vec<String>,
        "ExposedPorts" => exposed_ports: BTreeMap<String, Value>,
        "Tty" => tty: bool,
        "OpenStdin" => open_stdin: bool,
        "StdinOnce" => stdin_once: bool,
        "Env" => env: Vec<String>,
        "Cmd" => cmd: Vec<String>,
        "DNS" => dns: Vec<String>,
        "Image" => image: String,
        "Volumes" => volumes: BTreeMap<String, Value>,
        "VolumesFrom" => volumes_from: String,
        "SecurityOpts" => security_opts: Vec<String>,
        "Entrypoint" => entrypoint: Vec<String>,
        "NetworkDisabled" => network_disabled: bool,
        "OnBuild" => on_build: Vec<String>,
        "Labels" => labels: StringMap,
        "WorkingDir" => working_dir: String,
        "StopSignal" => stop_signal: String,
    }
}

api_object! {
    /// meta/v1 ObjectMeta, in full.
    pub struct ObjectMeta {
        "name" => name: String,
        "generateName" => generate_name: String,
        "namespace" => namespace: String,
        "selfLink" => self_link: String,
        "uid" => uid: String,
        "resourceVersion" => resource_version: String,
        "generation" => generation: i64,
        "creationTimestamp" => creation_timestamp: String,
        "deletionTimestamp" => deletion_timestamp: String,
        "deletionGracePeriodSeconds" => deletion_grace_period_seconds: i64,
        "labels" => labels: StringMap,
        "annotations" => annotations: StringMap,
        "ownerReferences" => owner_references: Vec<OwnerReference>,
        "finalizers" => finalizers: Vec<String>,
        "managedFields" => managed_fields: Vec<ManagedFieldsEntry>,
    }
}

api_object! {
    /// meta/v1 OwnerReference.
    pub struct OwnerReference {
        "apiVersion" => api_version: String,
        "kind" => kind: String,
        "name" => name: String,
        "uid" => uid: String,
        "controller" => controller: bool,
        "blockOwnerDeletion" => block_owner_deletion: bool,
    }
}

api_object! {
    /// meta/v1 ManagedFieldsEntry; `fieldsV1` is kept as raw JSON.
    pub struct ManagedFieldsEntry {
        "manager" => manager: String,
        "operation" => operation: String,
        "apiVersion" => api_version: String,
        "time" => time: String,
        "fieldsType" => fields_type: String,
        "fieldsV1" => fields_v1: Value,
        "subresource" => subresource: String,
    }
}

api_object! {
    /// meta/v1 ListMeta.
    pub struct ListMeta {
        "selfLink" => self_link: String,
        "resourceVersion" => resource_version: String,
        "continue" => continue_: String,
        "remainingItemCount" => remaining_item_count: i64,
    }
}

impl ImageTag {
    /// Parses JSON text (code `parse` or `schema` on failure; a `kind`/`apiVersion` other than ImageTag's is
    /// a `schema` error, and absent ones are accepted because list items carry none).
    pub fn parse(text: &str) -> Result<ImageTag, Error> {
        let tag: ImageTag = crate::json::from_str(text)?;
        tag.check_type("")?;
        Ok(tag)
    }

    /// Parses an already-decoded JSON value.
    pub fn from_value(value: &Value) -> Result<ImageTag, Error> {
        let tag: ImageTag = crate::json::from_value(value)?;
        tag.check_type("")?;
        Ok(tag)
    }

    /// Lossless JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a model value always serializes")
    }

    fn check_type(&self, prefix: &str) -> Result<(), Error> {
        check_kind(prefix, &self.kind, &self.api_version, KIND_IMAGE_TAG)
    }

    /// `metadata.name`, or `""`.
    pub fn name(&self) -> &str {
        self.metadata.get().map(|m| m.name.str()).unwrap_or("")
    }

    /// `metadata.namespace`, or `""`.
    pub fn namespace(&self) -> &str {
        self.metadata.get().map(|m| m.namespace.str()).unwrap_or("")
    }

    /// History entries, newest first (empty when there is no status or `items` is `null`).
    pub fn history(&self) -> &[TagEvent] {
        self.status.get().map(|s| s.items.items()).unwrap_or(&[])
    }
}

impl ImageTagList {
    /// Parses JSON text; every item is checked like [`ImageTag::parse`], errors name the item
    /// (`items[3].kind`).
    pub fn parse(text: &str) -> Result<ImageTagList, Error> {
        let list: ImageTagList = crate::json::from_str(text)?;
        list.check_types()?;
        Ok(list)
    }

    /// Parses an already-decoded JSON value.
    pub fn from_value(value: &Value) -> Result<ImageTagList, Error> {
        let list: ImageTagList = crate::json::from_value(value)?;
        list.check_types()?;
        Ok(list)
    }

    /// Checks JSON text exactly as [`ImageTagList::parse`] does (same result, same error), without
    /// building the list: one pass over the text that borrows its strings.
    pub fn check(text: &str) -> Result<(), Error> {
        // The fast reader accepts almost every real list; whatever it refuses, the exact path decides.
        if fast_check_list(text).is_ok() {
            return Ok(());
        }
        ImageTagList::parse(text).map(drop)
    }

    fn check_types(&self) -> Result<(), Error> {
        check_kind("", &self.kind, &self.api_version, KIND_IMAGE_TAG_LIST)?;
        for (i, item) in self.items.items().iter().enumerate() {
            item.check_type(&format!("items[{i}]."))?;
        }
        Ok(())
    }

    /// Lossless JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a model value always serializes")
    }
}

/// [`ImageTagList::check`] on the fast reader: `Ok` only where the exact path accepts (any wrong
/// `kind`/`apiVersion` is refused, and so left to the exact path and its error).
pub(crate) fn fast_check_list(text: &str) -> Scan<()> {
    read_list(text, |r| {
        if r.null()? {
            return Ok(());
        }
        r.array(|r| {
            r.object(|r, key| match key {
                "kind" => want(r.str_or_null()?.as_deref(), KIND_IMAGE_TAG),
                "apiVersion" => want(r.str_or_null()?.as_deref(), API_VERSION),
                _ => r.field(ImageTag::SCHEMA, key),
            })
        })
    })
}

/// An ImageTagList on the fast reader: the list's own `kind`/`apiVersion` must be the wanted ones (or
/// `null`), `on_items` reads the value of each `items` key (`null` or the array, its own to read), and
/// every other key is type-checked. Shared by [`fast_check_list`] and the list validation.
pub(crate) fn read_list<'a>(text: &'a str, mut on_items: impl FnMut(&mut Reader<'a>) -> Scan<()>) -> Scan<()> {
    let mut r = Reader::new(text);
    r.object(|r, key| match key {
        "kind" => want(r.str_or_null()?.as_deref(), KIND_IMAGE_TAG_LIST),
        "apiVersion" => want(r.str_or_null()?.as_deref(), API_VERSION),
        "items" => on_items(r),
        _ => r.field(ImageTagList::SCHEMA, key),
    })?;
    r.finish()
}

/// `null`, or the wanted `kind`/`apiVersion`.
pub(crate) fn want(got: Option<&str>, want: &str) -> Scan<()> {
    match got {
        Some(g) if g != want => Err(Refused),
        _ => Ok(()),
    }
}

fn check_kind(prefix: &str, kind: &Field<String>, api_version: &Field<String>, want: &str) -> Result<(), Error> {
    check_kind_str(prefix, kind.get().map(String::as_str), api_version.get().map(String::as_str), want)
}

fn check_kind_str(prefix: &str, kind: Option<&str>, api_version: Option<&str>, want: &str) -> Result<(), Error> {
    if let Some(k) = kind {
        if k != want {
            return Err(Error::schema(format!("{prefix}kind"), format!("expected kind \"{want}\", got {k:?}")));
        }
    }
    if let Some(v) = api_version {
        if v != API_VERSION {
            return Err(Error::schema(
                format!("{prefix}apiVersion"),
                format!("expected apiVersion \"{API_VERSION}\", got {v:?}"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod check_tests {
    use super::*;

    fn same(text: &str) -> bool {
        let want = ImageTagList::parse(text).map(drop);
        let got = ImageTagList::check(text);
        assert_eq!(format!("{got:?}"), format!("{want:?}"), "{text}");
        // The fast reader is conservative: what it accepts, parsing accepts.
        let fast = fast_check_list(text).is_ok();
        assert!(!fast || want.is_ok(), "fast path accepted what parse refuses: {text}");
        fast
    }

    include!("../tests/support/mutations.rs");

    #[test]
    fn check_gives_what_parse_gives() {
        let list = include_str!("../tests/data/examples/5.9-list-app-stream.json");
        let tags = [
            include_str!("../tests/data/examples/5.1-docker-tracking-three-items.json"),
            include_str!("../tests/data/examples/5.5-manifest-list.json"),
            include_str!("../tests/data/examples/5.6-signatures.json"),
        ];
        let mut texts = vec![list.to_string()];
        for t in tags {
            texts.push(format!("{{\"kind\":\"ImageTagList\",\"apiVersion\":\"image.openshift.io/v1\",\"metadata\":{{}},\"items\":[{t},{t}]}}"));
        }
        let mut cases = Vec::new();
        for t in &texts {
            let v: serde_json::Value = serde_json::from_str(t).unwrap();
            mutations(&v, &mut cases);
            for cut in (0..t.len()).step_by(37) {
                cases.push(t[..cut].to_string());
            }
            cases.push(t.clone());
            cases.push(format!("{t} x"));
            cases.push(format!(" {t}\n"));
        }
        for extra in [
            r#"{"kind":"ImageTagList","kind":"Other"}"#,
            r#"{"kind":"Other","kind":"ImageTagList"}"#,
            r#"{"kind":"ImageTagList","apiVersion":"v1","items":[{"kind":"Bad"}]}"#,
            r#"{"items":[{"kind":"ImageTag"},{"apiVersion":"v2"},{"kind":"Nope"}]}"#,
            r#"{"items":[{"kind":"Bad"}],"items":[{"kind":"ImageTag"}]}"#,
            r#"{"items":[{"kind":"ImageTag"}],"items":[{"kind":"Bad"}]}"#,
            r#"{"items":[{"kind":"Bad"}],"kind":"Worse"}"#,
            r#"{"items":[{"kind":"Bad"},{"metadata":{"generation":"1"}}]}"#,
            r#"{"items":null,"metadata":null,"x":[1,2,{"y":"\ud800"}]}"#,
            r#"{"items":[{"k\u0069nd":"Bad","status":{"items":[{"generation":1.0}]}}]}"#,
            r#"{"items":[{"metadata":{"labels":{"a":1}}}]}"#,
            r#"{"items":[{"metadata":{"labels":{"a":"\u00e9\n"},"x":1e999}}]}"#,
            r#"{"items":[{"spec":{"generation":99999999999999999999}}]}"#,
            r#"{"items":[{"spec":{"generation":-9223372036854775808}}]}"#,
            r#"{"items":[{"image":{"dockerImageMetadata":{"Config":{"ExposedPorts":{"80/tcp":{}},"Env":["A=1",2]}}}}]}"#,
            r#"[]"#,
            r#""x""#,
            r#"null"#,
            r#"{}"#,
            r#"{"items":{}}"#,
            r#"{"items":[null]}"#,
            r#"{"items":[[]]}"#,
        ] {
            cases.push(extra.to_string());
        }
        assert!(cases.len() > 1000, "{}", cases.len());
        for c in &cases {
            same(c);
        }
        // ... and it does take the real thing (not just refuse everything).
        for t in &texts {
            assert!(same(t), "fast path refused a valid list");
        }
        for c in [r#"{"items":[{"metadata":{"labels":{"a":"\u00e9\n"}},"x":[1.5,-0.25,{}]}]}"#, r#"{"items":null}"#] {
            assert!(same(c), "{c}");
        }
        // Keys with escapes are left to the parser (and mean the same there).
        assert!(!same(r#"{"items":[{"metadata":{"labels":{"a\u0041":"x"}}}]}"#));
    }
}
