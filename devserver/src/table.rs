//! Server-side printing: `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` on a get or a list returns
//! a `meta.k8s.io/v1` Table whose columns are those of `oc get imagetags` (docs/semantics.md §4.3). The
//! cells come from the core ([`imagetag::history::table_row`]), the same that `describeTag` exports.
//!
//! Shape: k8s.io/apimachinery/pkg/apis/meta/v1/types.go (Table, TableColumnDefinition, TableRow,
//! IncludeObjectPolicy); negotiation: k8s.io/apiserver/pkg/endpoints/handlers/response.go
//! (transformResponseObject, `includeObject` defaults to Metadata).

use imagetag::history::{table_row, TableRow};
use imagetag::model::{ImageTag, ImageTagList};
use imagetag::Status;
use serde_json::{json, Value};

use crate::errors;
use crate::http::Resp;
use crate::kube;

/// What each row's `object` holds (`?includeObject=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Include {
    None,
    /// A `PartialObjectMetadata` (the default).
    Metadata,
    Object,
}

/// A requested Table: its API version (`v1`, or `v1beta1` for old clients) and what rows carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TableRequest {
    pub version: &'static str,
    pub include: Include,
}

/// Whether `accept` asks for a Table before anything else it accepts, and in which version.
pub fn wanted(accept: &str) -> Option<&'static str> {
    for r in kube::media_ranges(accept) {
        if r.media_type == "application/json" && r.param("as") == Some("Table") && r.param("g") == Some("meta.k8s.io") {
            match r.param("v") {
                Some("v1") => return Some("v1"),
                Some("v1beta1") => return Some("v1beta1"),
                _ => continue,
            }
        }
        if !r.media_type.is_empty() && r.param("as").is_none() {
            return None;
        }
    }
    None
}

/// The Table request of a get or list: `None` when the client wants the object itself.
pub fn request(accept: &str, include_object: Option<&str>) -> Result<Option<TableRequest>, Status> {
    let Some(version) = wanted(accept) else { return Ok(None) };
    let include = match include_object {
        None | Some("") | Some("Metadata") => Include::Metadata,
        Some("None") => Include::None,
        Some("Object") => Include::Object,
        Some(other) => {
            return Err(errors::bad_request(format!(
                "includeObject: Unsupported value: \"{other}\": supported values: \"Metadata\", \"None\", \"Object\""
            )))
        }
    };
    Ok(Some(TableRequest { version, include }))
}

fn column_definitions() -> Value {
    let descriptions = [
        "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names",
        "The source of the tag (Tag, Ref, Scheduled, Track or Push)",
        "The current image of the tag, its source when not imported yet, or why the import failed",
        "The number of images in the tag's history",
        "When the tag last changed",
    ];
    TableRow::COLUMNS
        .iter()
        .zip(descriptions)
        .map(|(name, description)| {
            let mut c =
                json!({"name": name, "type": "string", "format": "", "description": description, "priority": 0});
            if *name == "Name" {
                c["format"] = json!("name");
            }
            c
        })
        .collect()
}

fn row(tag: &ImageTag, include: Include, now: i64) -> Value {
    let cells = table_row(tag, now);
    let mut r = json!({"cells": cells.cells()});
    match include {
        Include::None => {}
        Include::Metadata => {
            let meta = serde_json::to_value(&tag.metadata).unwrap_or(Value::Null);
            r["object"] = json!({"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": meta});
        }
        Include::Object => {
            let mut obj = serde_json::to_value(tag).unwrap_or(Value::Null);
            if let Some(o) = obj.as_object_mut() {
                o.insert("kind".into(), json!("ImageTag"));
                o.insert("apiVersion".into(), json!("image.openshift.io/v1"));
            }
            r["object"] = obj;
        }
    }
    r
}

impl TableRequest {
    /// The content type of the answer (the negotiated Table media type).
    pub fn content_type(&self) -> &'static str {
        if self.version == "v1" {
            "application/json;as=Table;v=v1;g=meta.k8s.io"
        } else {
            "application/json;as=Table;v=v1beta1;g=meta.k8s.io"
        }
    }
}

fn table(req: TableRequest, metadata: Value, rows: Vec<Value>) -> Value {
    json!({
        "kind": "Table",
        "apiVersion": format!("meta.k8s.io/{}", req.version),
        "metadata": metadata,
        "columnDefinitions": column_definitions(),
        "rows": rows,
    })
}

/// The Table of one ImageTag (a get): its metadata carries the tag's `resourceVersion`.
pub fn of_tag(tag: &ImageTag, req: TableRequest, now: i64) -> Value {
    let rv = tag.metadata.get().and_then(|m| m.resource_version.get()).cloned().unwrap_or_default();
    let metadata = if rv.is_empty() { json!({}) } else { json!({"resourceVersion": rv}) };
    table(req, metadata, vec![row(tag, req.include, now)])
}

/// The Table of a list: the list's metadata (empty for imagetags, docs/semantics.md §2.5), one row per item.
pub fn of_list(list: &ImageTagList, req: TableRequest, now: i64) -> Value {
    let metadata = serde_json::to_value(&list.metadata).ok().filter(Value::is_object).unwrap_or_else(|| json!({}));
    let rows =
        list.items.get().map(|items| items.iter().map(|t| row(t, req.include, now)).collect()).unwrap_or_default();
    table(req, metadata, rows)
}

/// Sets the Table content type on a successful answer built from [`of_tag`] or [`of_list`].
pub fn label(mut r: Resp, req: Option<TableRequest>) -> Resp {
    if let (200, Some(req)) = (r.status().as_u16(), req) {
        r.headers_mut()
            .insert(hyper::header::CONTENT_TYPE, hyper::header::HeaderValue::from_static(req.content_type()));
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_negotiation() {
        let kubectl = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
        assert_eq!(wanted(kubectl), Some("v1"));
        assert_eq!(wanted("application/json;as=Table;v=v1beta1;g=meta.k8s.io"), Some("v1beta1"));
        assert_eq!(wanted("application/json"), None);
        assert_eq!(wanted("application/json, application/json;as=Table;v=v1;g=meta.k8s.io"), None);
        assert_eq!(wanted("application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io"), None);
        assert!(request(kubectl, Some("Everything")).is_err());
        assert_eq!(request(kubectl, None).unwrap().unwrap().include, Include::Metadata);
    }
}
