//! Bodies of writes: pre-submit validation of create/replace, patch bodies, and read-modify-write of
//! `spec` (the replace that cannot run into "may not update fields other than spec", §2.7).

use crate::error::{Error, ErrorCode};
use crate::json::Field;
use crate::model::{ImageTag, TagReference};
use crate::status::StatusCause;

/// What a write is, for validation: a POST, or a PUT over what was last read (when known).
#[derive(Clone, Copy, Debug)]
pub enum WriteKind<'a> {
    Create,
    Replace { old: Option<&'a ImageTag> },
}

/// The causes with which the server would refuse this write (422), as far as the package's validator can
/// tell without the rest of the cluster. The one call into `crate::validation`.
pub fn validation_causes(tag: &ImageTag, kind: WriteKind) -> Vec<StatusCause> {
    // Until crate::validation lands this is a stand-in holding the one rule every create needs (§2.6:
    // `spec` is mandatory); the real validator replaces it in this function only.
    match kind {
        WriteKind::Create if tag.spec.is_none() => vec![StatusCause {
            reason: "FieldValueRequired".to_string().into(),
            message: "Required value: spec is a required field during creation".to_string().into(),
            field: "spec".to_string().into(),
            ..StatusCause::default()
        }],
        _ => Vec::new(),
    }
}

/// The error of a refused pre-submit validation: code `invalid`, the causes in the server's shape, and
/// the message the server would give (`ImageTag.image.openshift.io "<name>" is invalid: <field>: <text>`,
/// several causes joined as `[a, b]`, §2.11).
pub fn invalid_error(name: &str, causes: Vec<StatusCause>) -> Error {
    let parts: Vec<String> = causes.iter().map(|c| format!("{}: {}", c.field.str(), c.message.str())).collect();
    let joined = if parts.len() == 1 { parts[0].clone() } else { format!("[{}]", parts.join(", ")) };
    Error {
        causes,
        ..Error::new(ErrorCode::Invalid, format!("ImageTag.image.openshift.io {name:?} is invalid: {joined}"))
    }
}

/// The body of a create or replace: the object as JSON, after validation unless `validate` is false.
/// With errors, nothing is to be sent and the result is an `invalid` error.
pub fn prepare_write(tag: &ImageTag, kind: WriteKind, validate: bool) -> Result<String, Error> {
    if validate {
        let causes = validation_causes(tag, kind);
        if !causes.is_empty() {
            return Err(invalid_error(tag.name(), causes));
        }
    }
    Ok(tag.to_json())
}

/// The object to PUT when only `spec` is to change: what was read, with `metadata` (so its
/// `resourceVersion`: a concurrent write gives 409 instead of being overwritten) and `status` exactly as
/// read, `spec` replaced (`null` removes the spec tag and keeps history, §2.7), and `image` left out
/// (the server ignores it).
pub fn with_spec(read: &ImageTag, spec: Field<TagReference>) -> ImageTag {
    ImageTag { spec, image: Field::Absent, ..read.clone() }
}

/// Checks a patch body before sending: JSON (code `parse`), an array of operations for a JSON patch,
/// an object for merge and strategic patches (code `schema`).
pub fn check_patch(body: &str, patch_type: crate::client::PatchType) -> Result<(), Error> {
    use crate::client::PatchType;
    let value: serde_json::Value = crate::json::from_str(body)?;
    match (patch_type, &value) {
        (PatchType::Json, serde_json::Value::Array(_)) => Ok(()),
        (PatchType::Json, _) => Err(Error::schema("", "a JSON patch (type 'json') must be an array of operations")),
        (_, serde_json::Value::Object(_)) => Ok(()),
        _ => Err(Error::schema("", "a merge or strategic merge patch must be a JSON object")),
    }
}
