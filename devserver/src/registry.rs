//! The simulated external registries and integrated-registry images: deterministic digests per source
//! revision, failures for `.invalid` hosts, and synthesized Image objects.

use std::collections::BTreeMap;

use imagetag::model::Image;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::time;
use imagetag::reference::ImageReference;

/// The integrated registry every stream's internal repository lives in.
pub const INTERNAL_REGISTRY: &str = "image-registry.openshift-image-registry.svc:5000";

pub fn sha256_hex(data: &str) -> String {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest(data.as_bytes());
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// One published source (`<repository>:<tag>`) of a simulated external registry.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// Bumped by every publish; the digest is derived from it unless `digest` pins one.
    pub revision: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
    /// `NotFound` or `Unauthorized`: imports of this source fail with that reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
    /// The source is a manifest list (amd64, arm64, ppc64le, s390x).
    #[serde(rename = "manifestList", default)]
    pub manifest_list: bool,
}

/// What an import of a source finds.
pub struct Resolved {
    /// The image the tag records (a sub-manifest for Legacy imports of a list).
    pub digest: String,
    /// `<repository>@<digest>`
    pub reference: String,
    /// Image objects to store.
    pub images: Vec<Image>,
}

pub const ARCHES: [&str; 4] = ["amd64", "arm64", "ppc64le", "s390x"];

/// The registry key of a pull spec: `<repository>:<tag>` (tag defaults to `latest`) or `<repository>@<digest>`.
pub fn source_key(pull_spec: &str) -> Result<(ImageReference, String), String> {
    let r = ImageReference::parse(pull_spec).map_err(|e| e.to_string())?;
    if r.name.is_empty() {
        return Err("a repository name is required".into());
    }
    let key = if !r.id.is_empty() {
        format!("{}@{}", r.name_string(), r.id)
    } else {
        format!("{}:{}", r.name_string(), if r.tag.is_empty() { "latest" } else { &r.tag })
    };
    Ok((r, key))
}

pub fn not_found_message(pull_spec: &str) -> String {
    format!("dockerimage.image.openshift.io \"{pull_spec}\" not found")
}

/// Imports `pull_spec` from the simulated registry. Errors are `(reason, message)` of the condition.
pub fn resolve(
    reg: &BTreeMap<String, Source>,
    pull_spec: &str,
    import_mode: &str,
    prefer_arch: Option<&str>,
    now: i64,
) -> Result<Resolved, (String, String)> {
    let (r, key) = source_key(pull_spec).map_err(|e| ("ImportFailed".to_string(), e))?;
    let host = r.docker_client_defaults().registry;
    let host = host.split(':').next().unwrap_or(&host);
    if host.ends_with(".invalid") {
        return Err(("NotFound".into(), not_found_message(pull_spec)));
    }
    let src = reg.get(&key).cloned().unwrap_or_default();
    match src.failure.as_deref() {
        Some("Unauthorized") => {
            return Err((
                "Unauthorized".into(),
                format!("you may not have access to the container image \"{pull_spec}\""),
            ))
        }
        Some(reason) => return Err((reason.to_string(), not_found_message(pull_spec))),
        None => {}
    }
    let repo = r.name_string();
    let digest = if !r.id.is_empty() {
        r.id.clone()
    } else {
        src.digest.clone().unwrap_or_else(|| {
            format!("sha256:{}", sha256_hex(&format!("imagetag-devserver/registry/{key}/{}", src.revision)))
        })
    };
    if !src.manifest_list || !r.id.is_empty() {
        let reference = format!("{repo}@{digest}");
        let img = imported_image(&digest, &reference, "amd64", now);
        return Ok(Resolved { digest, reference, images: vec![img] });
    }
    let subs: Vec<(String, &str)> =
        ARCHES.iter().map(|a| (format!("sha256:{}", sha256_hex(&format!("{digest}/{a}"))), *a)).collect();
    let sub_images: Vec<Image> = subs.iter().map(|(d, a)| imported_image(d, &format!("{repo}@{d}"), a, now)).collect();
    if import_mode == "PreserveOriginal" {
        let reference = format!("{repo}@{digest}");
        let mut images = vec![list_image(&digest, &reference, &subs, now)];
        images.extend(sub_images);
        return Ok(Resolved { digest, reference, images });
    }
    let want = prefer_arch.unwrap_or("amd64");
    let idx = subs.iter().position(|(_, a)| *a == want).unwrap_or(0);
    let (d, _) = subs[idx].clone();
    Ok(Resolved { reference: format!("{repo}@{d}"), digest: d, images: vec![sub_images[idx].clone()] })
}

fn num(h: &str, i: usize) -> u64 {
    u64::from_str_radix(&h[i..i + 8], 16).unwrap_or(0)
}

fn layers(digest: &str, media_type: &str) -> (Vec<serde_json::Value>, i64) {
    let h = sha256_hex(digest);
    let n = 2 + (num(&h, 0) % 3) as usize;
    let mut total = 0i64;
    let mut out = Vec::new();
    for i in 0..n {
        let lh = sha256_hex(&format!("{digest}/layer/{i}"));
        let size =
            if i == 0 { 20_000_000 + (num(&lh, 0) % 20_000_000) } else { 100_000 + (num(&lh, 0) % 15_000_000) } as i64;
        total += size;
        out.push(json!({"name": format!("sha256:{lh}"), "size": size, "mediaType": media_type}));
    }
    (out, total)
}

/// A single-arch image as an import from an external registry records it.
pub fn imported_image(digest: &str, reference: &str, arch: &str, now: i64) -> Image {
    let h = sha256_hex(digest);
    let (layers, total) = layers(digest, "application/vnd.docker.image.rootfs.diff.tar.gzip");
    let repo = reference.split('@').next().unwrap_or(reference);
    let v = json!({
        "metadata": {
            "name": digest,
            "creationTimestamp": time::format(now),
            "annotations": {"image.openshift.io/dockerLayersOrder": "ascending"}
        },
        "dockerImageReference": reference,
        "dockerImageMetadata": {
            "kind": "DockerImage",
            "apiVersion": "image.openshift.io/1.0",
            "Id": digest,
            "Created": time::format(now - 60 - (num(&h, 8) % 7200) as i64),
            "ContainerConfig": {},
            "Config": {
                "User": "1001",
                "ExposedPorts": {"8080/tcp": {}},
                "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
                "Cmd": ["/usr/bin/run"],
                "Labels": {"org.opencontainers.image.source": format!("https://{repo}")}
            },
            "Architecture": arch,
            "Size": total + 7_000
        },
        "dockerImageMetadataVersion": "1.0",
        "dockerImageLayers": layers,
        "dockerImageManifestMediaType": "application/vnd.docker.distribution.manifest.v2+json"
    });
    serde_json::from_value(v).expect("image shape")
}

/// An image pushed to the integrated registry (`openshift.io/image.managed`).
pub fn pushed_image(digest: &str, ns_stream: &str, now: i64) -> Image {
    let (layers, total) = layers(digest, "application/vnd.oci.image.layer.v1.tar+gzip");
    let v = json!({
        "metadata": {
            "name": digest,
            "creationTimestamp": time::format(now),
            "annotations": {
                "image.openshift.io/dockerLayersOrder": "ascending",
                "openshift.io/image.managed": "true"
            }
        },
        "dockerImageReference": format!("{}/{ns_stream}@{digest}", INTERNAL_REGISTRY),
        "dockerImageMetadata": {
            "kind": "DockerImage",
            "apiVersion": "image.openshift.io/1.0",
            "Id": format!("sha256:{}", sha256_hex(&format!("{digest}/config"))),
            "Created": time::format(now - 30),
            "ContainerConfig": {},
            "Config": {
                "User": "1001",
                "ExposedPorts": {"8080/tcp": {}},
                "Cmd": ["/usr/bin/run"],
                "Labels": {"io.openshift.build.namespace": ns_stream.split('/').next().unwrap_or("")}
            },
            "Architecture": "amd64",
            "Size": total + 5_000
        },
        "dockerImageMetadataVersion": "1.0",
        "dockerImageLayers": layers,
        "dockerImageManifestMediaType": "application/vnd.oci.image.manifest.v1+json"
    });
    serde_json::from_value(v).expect("image shape")
}

/// A manifest list as a PreserveOriginal import records it.
pub fn list_image(digest: &str, reference: &str, subs: &[(String, &str)], now: i64) -> Image {
    let manifests: Vec<serde_json::Value> = subs
        .iter()
        .map(|(d, a)| {
            let size = 400 + (num(&sha256_hex(d), 0) % 1200) as i64;
            json!({"digest": d, "mediaType": "application/vnd.oci.image.manifest.v1+json", "manifestSize": size, "architecture": a, "os": "linux"})
        })
        .collect();
    let v = json!({
        "metadata": {"name": digest, "creationTimestamp": time::format(now)},
        "dockerImageReference": reference,
        "dockerImageMetadata": {
            "kind": "DockerImage",
            "apiVersion": "image.openshift.io/1.0",
            "Id": digest,
            "Created": time::format(now),
            "ContainerConfig": {}
        },
        "dockerImageMetadataVersion": "1.0",
        "dockerImageManifestMediaType": "application/vnd.oci.image.index.v1+json",
        "dockerImageManifests": manifests
    });
    serde_json::from_value(v).expect("image shape")
}
