//! The cluster-scoped Image embedded in an ImageTag, with its layers, manifests, signatures and Docker
//! metadata (docs/semantics.md §1.7, §1.8).

use std::collections::BTreeMap;

use serde_json::Value;

use super::{api_object, ObjectMeta, StringMap};

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
