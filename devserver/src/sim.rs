//! The `/simulator/v1/` operations (pure part): publish source revisions, push images, run imports.
//! The HTTP side is `simulator.rs`; the fault queue is `faults.rs`. Shapes are documented in devserver/README.md.

use imagetag::Status;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::errors;
use crate::registry;
use crate::store::State;

pub(crate) fn bad(e: impl std::fmt::Display) -> Status {
    errors::bad_request(e.to_string())
}

pub(crate) fn parse<T: for<'de> Deserialize<'de>>(body: &Value) -> Result<T, Status> {
    serde_json::from_value(body.clone()).map_err(bad)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PublishRequest {
    #[serde(rename = "pullSpec")]
    pull_spec: String,
    #[serde(default)]
    digest: Option<String>,
    #[serde(default)]
    failure: Option<String>,
    #[serde(rename = "manifestList", default)]
    manifest_list: bool,
}

/// `POST /simulator/v1/registry/publish`
pub fn publish(state: &mut State, body: &Value) -> Result<Value, Status> {
    let req: PublishRequest = parse(body)?;
    let (r, key) = registry::source_key(&req.pull_spec).map_err(|e| bad(format!("pullSpec: {e}")))?;
    if !r.id.is_empty() {
        return Err(bad("pullSpec: publish a tag, not a digest (a digest always names the same image)"));
    }
    if let Some(d) = &req.digest {
        imagetag::reference::validate_digest(d).map_err(|e| bad(format!("digest: {e}")))?;
    }
    if let Some(f) = &req.failure {
        if f != "NotFound" && f != "Unauthorized" {
            return Err(bad("failure: must be \"NotFound\" or \"Unauthorized\""));
        }
    }
    let src = state.registry.entry(key.clone()).or_default();
    src.revision += 1;
    src.digest = req.digest;
    src.failure = req.failure;
    src.manifest_list = req.manifest_list;
    let src = src.clone();
    state.dirty = true;
    let digest = registry::resolve(&state.registry, &req.pull_spec, "PreserveOriginal", None, 0).ok().map(|r| r.digest);
    Ok(json!({
        "pullSpec": req.pull_spec,
        "key": key,
        "revision": src.revision,
        "digest": digest,
        "manifestList": src.manifest_list,
        "failure": src.failure,
    }))
}

/// `GET /simulator/v1/registry`
pub fn registry_listing(state: &State) -> Value {
    let sources: serde_json::Map<String, Value> = state
        .registry
        .iter()
        .map(|(k, s)| {
            let pull = k.clone();
            let digest = registry::resolve(&state.registry, &pull, "PreserveOriginal", None, 0).ok().map(|r| r.digest);
            let mut v = serde_json::to_value(s).unwrap_or(Value::Null);
            v["digest"] = json!(digest);
            (k.clone(), v)
        })
        .collect();
    json!({ "sources": sources })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PushRequest {
    namespace: String,
    stream: String,
    tag: String,
    #[serde(default)]
    digest: Option<String>,
}

/// `POST /simulator/v1/push`
pub fn push(state: &mut State, body: &Value, now: i64) -> Result<Value, Status> {
    let req: PushRequest = parse(body)?;
    state.push(&req.namespace, &req.stream, &req.tag, req.digest.as_deref(), now)
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ImportRequest {
    #[serde(default)]
    pub namespace: Option<String>,
    #[serde(default)]
    pub stream: Option<String>,
    #[serde(default)]
    pub scheduled: bool,
}

/// `POST /simulator/v1/import`
pub fn import(state: &mut State, body: &Value, now: i64) -> Result<Value, Status> {
    let req: ImportRequest = if body.is_null() { ImportRequest::default() } else { parse(body)? };
    let results = state.run_imports(req.namespace.as_deref(), req.stream.as_deref(), req.scheduled, now);
    Ok(json!({ "results": results }))
}
