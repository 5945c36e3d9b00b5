//! OpenAPI for the served group: `/openapi/v2` (JSON) and `/openapi/v3` with
//! `/openapi/v3/apis/image.openshift.io/v1`, built from `devserver/openapi/imagetag-openapi.schema.json`
//! (the `image.openshift.io/v1` definitions of OpenShift's published document, in JSON-Schema form).
//!
//! kubectl 1.32 reads the v3 document: `kubectl explain` finds the schema by its
//! `x-kubernetes-group-version-kind`, and `kubectl create/replace/apply` look for a PATCH operation of the
//! kind with a `fieldValidation` query parameter (k8s.io/cli-runtime/pkg/resource/query_param_verifier_v3.go)
//! to decide to validate on the server (`?fieldValidation=Strict`) rather than with the v2 schema.
//! The same definitions drive [`unknown_fields`], the server side of `fieldValidation`.

use std::sync::OnceLock;

use serde_json::{json, Map, Value};

use crate::http::{json_resp, status_resp, Resp};
use crate::kube;

const SCHEMA: &str = include_str!("../openapi/imagetag-openapi.schema.json");
const GROUP: &str = "image.openshift.io";
const VERSION: &str = "v1";
const PREFIX: &str = "com.github.openshift.api.image.v1.";
/// The definitions that are API kinds, with their kind.
const KINDS: &[(&str, &str)] = &[("ImageTag", "ImageTag"), ("ImageTagList", "ImageTagList")];

/// The definitions as stored (JSON-Schema form, `#/definitions/` references).
pub fn definitions() -> &'static Map<String, Value> {
    static DEFS: OnceLock<Map<String, Value>> = OnceLock::new();
    DEFS.get_or_init(|| {
        let v: Value = serde_json::from_str(SCHEMA).expect("the OpenAPI schema is JSON");
        v.get("definitions").and_then(Value::as_object).cloned().expect("the schema has definitions")
    })
}

/// The definition an `anyOf: [{$ref}, {type: null}]` or a `$ref` points at, by name.
fn ref_name(schema: &Value) -> Option<&str> {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return r.strip_prefix("#/definitions/");
    }
    schema.get("anyOf").and_then(Value::as_array)?.iter().find_map(ref_name)
}

/// Rewrites a JSON-Schema fragment into OpenAPI 2 (`v3 == false`) or 3.0 form: nullable unions become the
/// referenced type (`nullable: true` in v3), type lists lose `null`, and in v3 a `$ref` with siblings moves
/// into `allOf` (as the apiserver publishes it) and references point into `#/components/schemas/`.
fn convert(v: &Value, v3: bool) -> Value {
    match v {
        Value::Object(m) => {
            let mut out = Map::new();
            let mut nullable = false;
            for (k, val) in m {
                match (k.as_str(), val) {
                    ("anyOf", Value::Array(options))
                        if options.iter().any(|o| o.get("type") == Some(&json!("null"))) =>
                    {
                        nullable = true;
                        if let Some(r) = options.iter().find(|o| o.get("type") != Some(&json!("null"))) {
                            if let Value::Object(rm) = convert(r, v3) {
                                out.extend(rm);
                            }
                        }
                    }
                    ("type", Value::Array(types)) => {
                        nullable = types.iter().any(|t| t == "null");
                        if let Some(t) = types.iter().find(|t| *t != "null") {
                            out.insert("type".into(), t.clone());
                        }
                    }
                    ("$ref", Value::String(r)) if v3 => {
                        out.insert(k.clone(), json!(r.replace("#/definitions/", "#/components/schemas/")));
                    }
                    _ => {
                        out.insert(k.clone(), convert(val, v3));
                    }
                }
            }
            if v3 {
                if nullable {
                    out.insert("nullable".into(), json!(true));
                }
                if out.len() > 1 {
                    if let Some(r) = out.remove("$ref") {
                        out.insert("allOf".into(), json!([{"$ref": r}]));
                    }
                }
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(|x| convert(x, v3)).collect()),
        other => other.clone(),
    }
}

fn schemas(v3: bool) -> Value {
    let mut out = Map::new();
    for (name, def) in definitions() {
        let mut d = convert(def, v3);
        if let Some((_, kind)) = KINDS.iter().find(|(n, _)| name.strip_prefix(PREFIX) == Some(n)) {
            d["x-kubernetes-group-version-kind"] = json!([{"group": GROUP, "kind": kind, "version": VERSION}]);
        }
        out.insert(name.clone(), d);
    }
    Value::Object(out)
}

/// One operation of the served paths.
struct Op {
    method: &'static str,
    action: &'static str,
    id: &'static str,
    kind: &'static str,
    body: bool,
    write: bool,
}

fn paths(v3: bool) -> Value {
    let reference = |def: &str| {
        if v3 {
            json!({"$ref": format!("#/components/schemas/{PREFIX}{def}")})
        } else {
            json!({"$ref": format!("#/definitions/{PREFIX}{def}")})
        }
    };
    let param = |name: &str, place: &str, description: &str| {
        if v3 {
            json!({"name": name, "in": place, "description": description, "required": place == "path", "schema": {"type": "string", "uniqueItems": true}})
        } else {
            json!({"name": name, "in": place, "description": description, "required": place == "path", "type": "string", "uniqueItems": true})
        }
    };
    let write_params = || {
        vec![
            param("dryRun", "query", "When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed"),
            param("fieldManager", "query", "fieldManager is a name associated with the actor or entity that is making these changes."),
            param("fieldValidation", "query", "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn (the default) - Strict"),
        ]
    };
    let op = |o: &Op, extra: Vec<Value>| -> Value {
        let mut params = extra;
        if o.write {
            params.extend(write_params());
        }
        if o.method == "get" && o.kind == "ImageTagList" {
            params.push(param(
                "labelSelector",
                "query",
                "A selector to restrict the list of returned objects by their labels.",
            ));
            params.push(param(
                "fieldSelector",
                "query",
                "A selector to restrict the list of returned objects by their fields.",
            ));
            params.push(param("limit", "query", "limit is a maximum number of responses to return for a list call."));
        }
        let returns = if o.method == "delete" { json!({"type": "object"}) } else { reference(o.kind) };
        let mut r = json!({
            "operationId": o.id,
            "tags": ["imageOpenshiftIo_v1"],
            "parameters": params,
            "x-kubernetes-action": o.action,
            "x-kubernetes-group-version-kind": {"group": GROUP, "version": VERSION, "kind": if o.kind == "ImageTagList" { "ImageTag" } else { o.kind }},
        });
        let code = if o.method == "post" { "201" } else { "200" };
        if v3 {
            r["responses"] = json!({code: {"description": "OK", "content": {"application/json": {"schema": returns}}}});
            if o.body {
                let types: &[&str] = if o.method == "patch" {
                    &[
                        "application/json-patch+json",
                        "application/merge-patch+json",
                        "application/strategic-merge-patch+json",
                    ]
                } else {
                    &["*/*"]
                };
                let content: Map<String, Value> = types
                    .iter()
                    .map(|t| {
                        let schema =
                            if o.method == "patch" { json!({"type": "object"}) } else { reference("ImageTag") };
                        (t.to_string(), json!({"schema": schema}))
                    })
                    .collect();
                r["requestBody"] = json!({"content": content, "required": true});
            }
        } else {
            r["responses"] = json!({code: {"description": "OK", "schema": returns}});
            if o.body {
                let schema = if o.method == "patch" { json!({"type": "object"}) } else { reference("ImageTag") };
                r["parameters"]
                    .as_array_mut()
                    .expect("array")
                    .insert(0, json!({"name": "body", "in": "body", "required": true, "schema": schema}));
                if o.method == "patch" {
                    r["consumes"] = json!([
                        "application/json-patch+json",
                        "application/merge-patch+json",
                        "application/strategic-merge-patch+json"
                    ]);
                }
            }
        }
        r
    };
    let ns = param("namespace", "path", "object name and auth scope, such as for teams and projects");
    let name = param("name", "path", "name of the ImageTag");
    let base = format!("/apis/{GROUP}/{VERSION}");
    let mut p = Map::new();
    p.insert(
        format!("{base}/imagetags"),
        json!({"get": op(&Op { method: "get", action: "list", id: "listImageOpenshiftIoV1ImageTagForAllNamespaces", kind: "ImageTagList", body: false, write: false }, vec![])}),
    );
    p.insert(
        format!("{base}/namespaces/{{namespace}}/imagetags"),
        json!({
            "get": op(&Op { method: "get", action: "list", id: "listImageOpenshiftIoV1NamespacedImageTag", kind: "ImageTagList", body: false, write: false }, vec![ns.clone()]),
            "post": op(&Op { method: "post", action: "post", id: "createImageOpenshiftIoV1NamespacedImageTag", kind: "ImageTag", body: true, write: true }, vec![ns.clone()]),
        }),
    );
    p.insert(
        format!("{base}/namespaces/{{namespace}}/imagetags/{{name}}"),
        json!({
            "get": op(&Op { method: "get", action: "get", id: "readImageOpenshiftIoV1NamespacedImageTag", kind: "ImageTag", body: false, write: false }, vec![name.clone(), ns.clone()]),
            "put": op(&Op { method: "put", action: "put", id: "replaceImageOpenshiftIoV1NamespacedImageTag", kind: "ImageTag", body: true, write: true }, vec![name.clone(), ns.clone()]),
            "patch": op(&Op { method: "patch", action: "patch", id: "patchImageOpenshiftIoV1NamespacedImageTag", kind: "ImageTag", body: true, write: true }, vec![name.clone(), ns.clone()]),
            "delete": op(&Op { method: "delete", action: "delete", id: "deleteImageOpenshiftIoV1NamespacedImageTag", kind: "ImageTag", body: false, write: false }, vec![name.clone(), ns.clone(), param("dryRun", "query", "When present, indicates that modifications should not be persisted.")]),
        }),
    );
    Value::Object(p)
}

fn v2_document() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| {
        json!({
            "swagger": "2.0",
            "info": {"title": "imagetag-devserver", "version": "v1"},
            "paths": paths(false),
            "definitions": schemas(false),
        })
    })
}

fn v3_document() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| {
        json!({
            "openapi": "3.0.0",
            "info": {"title": "imagetag-devserver", "version": "v1"},
            "paths": paths(true),
            "components": {"schemas": schemas(true)},
        })
    })
}

/// The hash clients cache the group document under (`?hash=` in the v3 index).
fn v3_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| {
        use sha2::{Digest, Sha512};
        let bytes = serde_json::to_vec(v3_document()).expect("serializes");
        Sha512::digest(&bytes).iter().map(|b| format!("{b:02X}")).collect()
    })
}

/// The OpenAPI answer for a GET of `path` (percent-decoded, no query), or `None` for other paths.
/// `accept` is the request's `Accept`: the v2 document exists only as JSON here, so a client that accepts
/// only the protobuf form gets 406 (client-go then reports the document as unavailable).
pub fn answer(path: &str, accept: &str) -> Option<Resp> {
    let path = path.trim_end_matches('/');
    match path {
        "/openapi/v2" => {
            let json_ok =
                accept.trim().is_empty() || kube::media_ranges(accept).iter().any(kube::MediaRange::admits_json);
            if !json_ok {
                return Some(status_resp(&imagetag::Status::failure(
                    406,
                    "NotAcceptable",
                    "only application/json is available for /openapi/v2 from imagetag-devserver",
                    None,
                )));
            }
            Some(json_resp(200, v2_document()))
        }
        "/openapi/v3" => Some(json_resp(
            200,
            &json!({"paths": {
                format!("apis/{GROUP}/{VERSION}"): {"serverRelativeURL": format!("/openapi/v3/apis/{GROUP}/{VERSION}?hash={}", v3_hash())}
            }}),
        )),
        p if p == format!("/openapi/v3/apis/{GROUP}/{VERSION}") => Some(json_resp(200, v3_document())),
        _ => None,
    }
}

/// The fields of `body` (an ImageTag) that the schema does not know, as paths (`spec.fromm`,
/// `status.items[0].foo`), in document order: what `fieldValidation` reports.
pub fn unknown_fields(body: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk(definitions(), &json!({"$ref": format!("#/definitions/{PREFIX}ImageTag")}), body, "", &mut out);
    out
}

fn walk(defs: &Map<String, Value>, schema: &Value, v: &Value, path: &str, out: &mut Vec<String>) {
    let schema = match ref_name(schema).and_then(|n| defs.get(n)) {
        Some(s) => s,
        None => schema,
    };
    match v {
        Value::Object(m) => {
            if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                for (k, val) in m {
                    let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                    match props.get(k) {
                        Some(s) => walk(defs, s, val, &p, out),
                        None => out.push(p),
                    }
                }
            } else if let Some(inner) = schema.get("additionalProperties").filter(|a| a.is_object()) {
                for (k, val) in m {
                    walk(defs, inner, val, &format!("{path}.{k}"), out);
                }
            }
        }
        Value::Array(items) => {
            if let Some(inner) = schema.get("items") {
                for (i, val) in items.iter().enumerate() {
                    walk(defs, inner, val, &format!("{path}[{i}]"), out);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fields_are_found_at_every_depth() {
        let body = json!({
            "kind": "ImageTag", "apiVersion": "image.openshift.io/v1",
            "metadata": {"name": "a:b", "labels": {"x": "y"}, "colour": 1},
            "spec": {"name": "b", "fromm": {}, "from": {"kind": "DockerImage", "name": "x", "extra": true}},
            "status": {"tag": "b", "items": [{"created": "2024-01-01T00:00:00Z", "odd": 1}]},
        });
        assert_eq!(unknown_fields(&body), ["metadata.colour", "spec.from.extra", "spec.fromm", "status.items[0].odd"]);
        assert!(unknown_fields(&json!({"spec": null, "status": null, "image": null})).is_empty());
    }

    #[test]
    fn documents_carry_the_kind_and_no_json_schema_unions() {
        let v3 = v3_document();
        let tag = &v3["components"]["schemas"]["com.github.openshift.api.image.v1.ImageTag"];
        assert_eq!(tag["x-kubernetes-group-version-kind"][0]["kind"], "ImageTag");
        assert_eq!(
            tag["properties"]["spec"]["allOf"][0]["$ref"],
            "#/components/schemas/com.github.openshift.api.image.v1.TagReference"
        );
        let text = serde_json::to_string(v3).unwrap();
        assert!(!text.contains("anyOf") && !text.contains("#/definitions/") && !text.contains("\"null\""));
        let patch = &v3["paths"]["/apis/image.openshift.io/v1/namespaces/{namespace}/imagetags/{name}"]["patch"];
        assert!(patch["parameters"].as_array().unwrap().iter().any(|p| p["name"] == "fieldValidation"));
        let v2 = serde_json::to_string(v2_document()).unwrap();
        assert!(!v2.contains("anyOf") && !v2.contains("components"));
    }
}
