//! Discovery as an OpenShift 4 API server answers it: `/version`, `/api`, `/api/v1`, `/apis`, the group and
//! version documents, and the aggregated discovery document (`apidiscovery.k8s.io/v2`) that kubectl 1.32
//! asks for first. Everything is derived from [`SERVED`], the one table of what this server serves, so the
//! devserver lists exactly what it answers and nothing else.
//!
//! Shapes: k8s.io/apimachinery/pkg/apis/meta/v1/types.go (APIVersions, APIGroupList, APIResourceList) and
//! k8s.io/api/apidiscovery/v2/types.go (APIGroupDiscoveryList); the content negotiation of the aggregated
//! document is k8s.io/apiserver/pkg/endpoints/discovery/aggregated/negotation.go.

use serde_json::{json, Value};

use crate::http::{json_as, json_resp, Resp};
use crate::kube;

/// One resource this server serves.
pub struct Served {
    pub group: &'static str,
    pub version: &'static str,
    /// The plural resource name (`imagetags`).
    pub resource: &'static str,
    pub singular: &'static str,
    pub kind: &'static str,
    pub namespaced: bool,
    /// The verbs, sorted as the apiserver lists them.
    pub verbs: &'static [&'static str],
    pub short_names: &'static [&'static str],
}

/// What the devserver serves: one line per resource (docs/semantics.md §2.1 for `imagetags`).
pub const SERVED: &[Served] = &[
    Served {
        group: "image.openshift.io",
        version: "v1",
        resource: "imagetags",
        singular: "imagetag",
        kind: "ImageTag",
        namespaced: true,
        verbs: &["create", "delete", "get", "list", "patch", "update"],
        short_names: &["itag"],
    },
    Served {
        group: "",
        version: "v1",
        resource: "namespaces",
        singular: "namespace",
        kind: "Namespace",
        namespaced: false,
        verbs: &["get", "list"],
        short_names: &["ns"],
    },
    Served {
        group: "authorization.k8s.io",
        version: "v1",
        resource: "selfsubjectaccessreviews",
        singular: "selfsubjectaccessreview",
        kind: "SelfSubjectAccessReview",
        namespaced: false,
        verbs: &["create"],
        short_names: &[],
    },
];

/// The Kubernetes version `/version` reports: the one of OpenShift 4.19 (kubectl warns beyond one minor
/// version of skew, and 1.32 is the kubectl this project tests with).
pub const KUBE_MAJOR: &str = "1";
pub const KUBE_MINOR: &str = "32";

/// The media type of the aggregated discovery document, version 2.
pub const AGGREGATED_V2: &str = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
const AGGREGATED_V2BETA1: &str = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

/// The groups served, in the order of [`SERVED`] (each once), with their versions.
fn groups() -> Vec<(&'static str, Vec<&'static str>)> {
    let mut out: Vec<(&str, Vec<&str>)> = Vec::new();
    for s in SERVED.iter().filter(|s| !s.group.is_empty()) {
        match out.iter_mut().find(|(g, _)| *g == s.group) {
            Some((_, versions)) if !versions.contains(&s.version) => versions.push(s.version),
            Some(_) => {}
            None => out.push((s.group, vec![s.version])),
        }
    }
    out
}

fn resources_of<'a>(group: &'a str, version: &'a str) -> impl Iterator<Item = &'static Served> + 'a {
    SERVED.iter().filter(move |s| s.group == group && s.version == version)
}

/// Which aggregated discovery version the `Accept` header asks for first, if any. Parameters may come in
/// any order (`g`, `v`, `as`), as the apiserver's negotiation matches them by name.
pub fn aggregated_version(accept: &str) -> Option<&'static str> {
    for r in kube::media_ranges(accept) {
        if !r.admits_json() {
            continue;
        }
        if r.param("g") != Some("apidiscovery.k8s.io") || r.param("as") != Some("APIGroupDiscoveryList") {
            if r.media_type == "application/json" && r.param("as").is_none() {
                // Plain JSON listed before any aggregated type: the unaggregated document.
                return None;
            }
            continue;
        }
        match r.param("v") {
            Some("v2") => return Some("v2"),
            Some("v2beta1") => return Some("v2beta1"),
            _ => continue,
        }
    }
    None
}

fn version_info() -> Value {
    json!({
        "major": KUBE_MAJOR,
        "minor": KUBE_MINOR,
        "gitVersion": format!("v{KUBE_MAJOR}.{KUBE_MINOR}.0+imagetag-devserver"),
        "gitCommit": "",
        "gitTreeState": "clean",
        "buildDate": "1970-01-01T00:00:00Z",
        "goVersion": "",
        "compiler": "rustc",
        "platform": format!("{}/{}", std::env::consts::OS, match std::env::consts::ARCH {
            "x86_64" => "amd64",
            "aarch64" => "arm64",
            other => other,
        }),
    })
}

fn api_resource(s: &Served) -> Value {
    let mut r = json!({
        "name": s.resource,
        "singularName": s.singular,
        "namespaced": s.namespaced,
        "kind": s.kind,
        "verbs": s.verbs,
    });
    if !s.short_names.is_empty() {
        r["shortNames"] = json!(s.short_names);
    }
    r
}

fn resource_list(group: &str, version: &str) -> Value {
    let gv = if group.is_empty() { version.to_string() } else { format!("{group}/{version}") };
    json!({
        "kind": "APIResourceList",
        "apiVersion": "v1",
        "groupVersion": gv,
        "resources": resources_of(group, version).map(api_resource).collect::<Vec<_>>(),
    })
}

fn api_group(group: &str, versions: &[&str]) -> Value {
    let vs: Vec<Value> =
        versions.iter().map(|v| json!({"groupVersion": format!("{group}/{v}"), "version": v})).collect();
    json!({"name": group, "versions": vs, "preferredVersion": vs[0]})
}

/// One `APIGroupDiscovery` (the legacy core group has the empty name).
fn group_discovery(group: &str, versions: &[&str]) -> Value {
    let vs: Vec<Value> = versions
        .iter()
        .map(|v| {
            let resources: Vec<Value> = resources_of(group, v)
                .map(|s| {
                    let mut r = json!({
                        "resource": s.resource,
                        "responseKind": {"group": "", "version": "", "kind": s.kind},
                        "scope": if s.namespaced { "Namespaced" } else { "Cluster" },
                        "singularResource": s.singular,
                        "verbs": s.verbs,
                    });
                    if !s.short_names.is_empty() {
                        r["shortNames"] = json!(s.short_names);
                    }
                    r
                })
                .collect();
            json!({"version": v, "resources": resources, "freshness": "Current"})
        })
        .collect();
    let mut metadata = json!({"creationTimestamp": null});
    if !group.is_empty() {
        metadata["name"] = json!(group);
    }
    json!({"metadata": metadata, "versions": vs})
}

fn aggregated(items: Vec<Value>, version: &str) -> Resp {
    let ct = if version == "v2" { AGGREGATED_V2 } else { AGGREGATED_V2BETA1 };
    let doc = json!({
        "kind": "APIGroupDiscoveryList",
        "apiVersion": format!("apidiscovery.k8s.io/{version}"),
        "metadata": {},
        "items": items,
    });
    let mut r = json_as(200, ct, &doc);
    r.headers_mut().insert(hyper::header::VARY, hyper::header::HeaderValue::from_static("Accept"));
    r
}

/// The discovery answer for a GET of `path` (already percent-decoded, without the query), or `None` when
/// `path` is not a discovery path. `accept` is the request's `Accept` header.
pub fn answer(path: &str, accept: &str) -> Option<Resp> {
    let path = path.trim_end_matches('/');
    let agg = aggregated_version(accept);
    let r = match path {
        "/version" => json_resp(200, &version_info()),
        "/api" => match agg {
            Some(v) => aggregated(vec![group_discovery("", &["v1"])], v),
            None => {
                json_resp(200, &json!({"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": []}))
            }
        },
        "/api/v1" => json_resp(200, &resource_list("", "v1")),
        "/apis" => match agg {
            Some(v) => aggregated(groups().iter().map(|(g, vs)| group_discovery(g, vs)).collect(), v),
            None => json_resp(
                200,
                &json!({
                    "kind": "APIGroupList",
                    "apiVersion": "v1",
                    "groups": groups().iter().map(|(g, vs)| api_group(g, vs)).collect::<Vec<_>>(),
                }),
            ),
        },
        _ => {
            let rest = path.strip_prefix("/apis/")?;
            let (group, version) = match rest.split_once('/') {
                Some((g, v)) if !v.contains('/') => (g, Some(v)),
                Some(_) => return None,
                None => (rest, None),
            };
            let (_, versions) = groups().into_iter().find(|(g, _)| *g == group)?;
            match version {
                None => {
                    let mut g = api_group(group, &versions);
                    g["kind"] = json!("APIGroup");
                    g["apiVersion"] = json!("v1");
                    json_resp(200, &g)
                }
                Some(v) if versions.contains(&v) => json_resp(200, &resource_list(group, v)),
                Some(_) => return None,
            }
        }
    };
    Some(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(r: Resp) -> (String, Value) {
        use http_body_util::BodyExt;
        let ct = r.headers().get("content-type").unwrap().to_str().unwrap().to_string();
        let bytes = block_on(r.into_body().collect()).unwrap().to_bytes();
        (ct, serde_json::from_slice(&bytes).unwrap())
    }

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f)
    }

    #[test]
    fn negotiation_follows_the_accept_order() {
        let kubectl = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
        assert_eq!(aggregated_version(kubectl), Some("v2"));
        assert_eq!(
            aggregated_version("application/json;as=APIGroupDiscoveryList;v=v2beta1;g=apidiscovery.k8s.io"),
            Some("v2beta1")
        );
        assert_eq!(aggregated_version("application/json, */*"), None);
        assert_eq!(aggregated_version(&format!("application/json,{AGGREGATED_V2}")), None);
        assert_eq!(aggregated_version(""), None);
    }

    #[test]
    fn the_documents_list_exactly_what_is_served() {
        let (_, v) = body(answer("/apis/image.openshift.io/v1", "").unwrap());
        assert_eq!(v["groupVersion"], "image.openshift.io/v1");
        let names: Vec<&str> = v["resources"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["imagetags"]);
        assert_eq!(v["resources"][0]["shortNames"], json!(["itag"]));
        assert_eq!(v["resources"][0]["verbs"], json!(["create", "delete", "get", "list", "patch", "update"]));

        let (_, v) = body(answer("/apis", "application/json").unwrap());
        let groups: Vec<&str> = v["groups"].as_array().unwrap().iter().map(|g| g["name"].as_str().unwrap()).collect();
        assert_eq!(groups, ["image.openshift.io", "authorization.k8s.io"]);

        let (ct, v) = body(answer("/apis", AGGREGATED_V2).unwrap());
        assert_eq!(ct, AGGREGATED_V2);
        assert_eq!(v["kind"], "APIGroupDiscoveryList");
        assert_eq!(v["items"][0]["versions"][0]["resources"][0]["scope"], "Namespaced");
        assert_eq!(v["items"][1]["versions"][0]["resources"][0]["resource"], "selfsubjectaccessreviews");

        let (_, v) = body(answer("/api/v1", "").unwrap());
        assert_eq!(v["resources"][0]["name"], "namespaces");
        assert_eq!(v["resources"].as_array().unwrap().len(), 1);
        assert!(answer("/apis/apps", "").is_none());
        assert!(answer("/apis/image.openshift.io/v2", "").is_none());
        assert!(answer("/apis/image.openshift.io/v1/imagetags", "").is_none());
    }
}
