//! `namespaces` (core `v1`), read-only: a namespace exists while it holds an image stream. kubectl needs
//! them: after a 404 on a namespaced get it asks for the namespace, to tell "no such namespace" from "no
//! such object" (k8s.io/cli-runtime/pkg/resource/visitor.go), and prints the object's own 404 only when
//! the namespace exists.

use imagetag::{Status, StatusDetails};
use serde_json::{json, Value};

use crate::store::State;

fn namespace(st: &State, name: &str) -> Option<Value> {
    let streams = st.streams.get(name).filter(|m| !m.is_empty())?;
    let created =
        streams.values().filter_map(|s| s.metadata.creation_timestamp.get().cloned()).min().unwrap_or_default();
    Some(json!({
        "kind": "Namespace",
        "apiVersion": "v1",
        "metadata": {"name": name, "creationTimestamp": created, "labels": {"kubernetes.io/metadata.name": name}},
        "spec": {"finalizers": ["kubernetes"]},
        "status": {"phase": "Active"},
    }))
}

/// `GET /api/v1/namespaces/{name}`.
pub fn get(st: &State, name: &str) -> Result<Value, Status> {
    namespace(st, name).ok_or_else(|| {
        let details = StatusDetails {
            name: name.to_string().into(),
            kind: "namespaces".to_string().into(),
            ..Default::default()
        };
        Status::failure(404, "NotFound", format!("namespaces \"{name}\" not found"), Some(details))
    })
}

/// `GET /api/v1/namespaces`.
pub fn list(st: &State) -> Value {
    let items: Vec<Value> = st.streams.keys().filter_map(|ns| namespace(st, ns)).collect();
    json!({"kind": "NamespaceList", "apiVersion": "v1", "metadata": {"resourceVersion": st.resource_version.to_string()}, "items": items})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces_are_those_with_streams() {
        let st = crate::seed::demo();
        assert_eq!(get(&st, "demo").unwrap()["status"]["phase"], "Active");
        let missing = get(&st, "nowhere").unwrap_err();
        assert_eq!(missing.message.get().unwrap(), "namespaces \"nowhere\" not found");
        let names: Vec<Value> =
            list(&st)["items"].as_array().unwrap().iter().map(|n| n["metadata"]["name"].clone()).collect();
        assert!(names.contains(&json!("demo")) && names.contains(&json!("ci")));
    }
}
