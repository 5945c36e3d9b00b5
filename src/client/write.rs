//! Bodies of writes: pre-submit validation of create/replace, patch bodies, and read-modify-write of
//! `spec` (the replace that cannot run into "may not update fields other than spec", §2.7).

use crate::client::options::WriteOptions;
use crate::client::Call;
use crate::error::{Error, ErrorCode};
use crate::model::Field;
use crate::model::{ImageTag, TagReference};
use crate::validation::{invalid_message, to_causes, validate_image_tag, FieldError, Operation};

/// What a write is, for validation: a POST, or a PUT over what was last read (when known).
#[derive(Clone, Copy, Debug)]
pub enum WriteKind<'a> {
    Create,
    Replace { old: Option<&'a ImageTag> },
}

/// The field errors with which the server would refuse this write (422), as far as the package's
/// validator can tell without the rest of the cluster. The one call into `crate::validation`.
///
/// - create: `Operation::Create`, the exact causes of a POST;
/// - replace over what was read (`updateSpec`, `replaceSpec`): `Operation::Update` with that object, so
///   a `metadata` or `status` that differs is caught too;
/// - replace without it: `Operation::Update` over the object itself, i.e. the rules of a PUT to an
///   existing tag that only changes `spec` (`spec.name` must match, `spec: null` is allowed). The PUT that
///   creates a missing image stream (create rules) is left to the server.
pub fn validation_errors(tag: &ImageTag, kind: WriteKind) -> Vec<FieldError> {
    let findings = match kind {
        WriteKind::Create => validate_image_tag(tag, Operation::Create, None),
        WriteKind::Replace { old: Some(old) } => validate_image_tag(tag, Operation::Update, Some(old)),
        WriteKind::Replace { old: None } => validate_image_tag(tag, Operation::Update, Some(tag)),
    };
    findings.errors
}

/// The error of a refused pre-submit validation: code `invalid`, the causes in the server's shape, and
/// the message the server would give (`ImageTag.image.openshift.io "<name>" is invalid: <field>: <text>`,
/// several causes joined as `[a, b]`, §2.11).
pub fn invalid_error(name: &str, errors: &[FieldError]) -> Error {
    Error { causes: to_causes(errors), ..Error::new(ErrorCode::Invalid, invalid_message("ImageTag", name, errors)) }
}

/// The body of a create or replace into `namespace`: the object as JSON, after validation unless
/// `validate` is false. With errors, nothing is to be sent and the result is an `invalid` error.
///
/// An empty `metadata.namespace` is set to `namespace` first, as the server does before it validates;
/// a different one is left for the server to refuse (400, §2.11).
pub fn prepare_write(tag: &ImageTag, namespace: &str, kind: WriteKind, validate: bool) -> Result<String, Error> {
    let filled;
    let tag = if tag.namespace().is_empty() {
        let mut t = tag.clone();
        t.metadata.get_or_insert_default().namespace = namespace.to_string().into();
        filled = t;
        &filled
    } else {
        tag
    };
    if validate {
        let errors = validation_errors(tag, kind);
        if !errors.is_empty() {
            return Err(invalid_error(tag.name(), &errors));
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

/// Read-modify-write of `spec` (`updateSpec`, `replaceSpec`), sans IO. The transport loops:
/// 1. send [`SpecUpdate::read`] (a GET, with the call's own retries);
/// 2. work out the new spec (the caller's function, or the fixed value) and get the PUT's body from
///    [`SpecUpdate::body`] (pre-submit validation against what was read);
/// 3. send [`SpecUpdate::write`]; on failure ask [`SpecUpdate::after_failed_write`]: a 409 Conflict
///    (another write to the image stream came between) starts over at 1, up to `max_conflicts` times.
#[derive(Debug)]
pub struct SpecUpdate<'a> {
    pub namespace: &'a str,
    pub name: &'a str,
    pub dry_run: bool,
    pub validate: bool,
    max_conflicts: u32,
    conflicts: u32,
}

impl<'a> SpecUpdate<'a> {
    pub fn new(namespace: &'a str, name: &'a str, options: &WriteOptions, max_conflicts: u32) -> SpecUpdate<'a> {
        SpecUpdate {
            namespace,
            name,
            dry_run: options.dry_run(),
            validate: options.validate(),
            max_conflicts,
            conflicts: 0,
        }
    }

    /// The GET of the current object.
    pub fn read(&self) -> Call<'a> {
        Call::Get { namespace: self.namespace, name: self.name }
    }

    /// The PUT's body: what was read with `spec` replaced. `spec` is the new spec as JSON text, `None` for
    /// `null` (remove the spec tag, keep its history). A spec that does not parse is an error whose path
    /// and message start at `spec` (`spec.from.kind`), as in the whole object.
    pub fn body(&self, read: &ImageTag, spec: Option<&str>) -> Result<String, Error> {
        let spec: Field<TagReference> = match spec {
            None => Field::Null,
            Some(text) => Field::Present(crate::json::from_str(text).map_err(|mut e: Error| {
                e.path = Some(match e.path.as_deref() {
                    Some("") | None => "spec".to_string(),
                    Some(p) => format!("spec.{p}"),
                });
                e.message = format!("spec: {}", e.message);
                e
            })?),
        };
        let tag = with_spec(read, spec);
        prepare_write(&tag, self.namespace, WriteKind::Replace { old: Some(read) }, self.validate)
    }

    /// The PUT of `body`.
    pub fn write<'b>(&self, body: &'b str) -> Call<'b>
    where
        'a: 'b,
    {
        Call::Replace { namespace: self.namespace, name: self.name, body, dry_run: self.dry_run }
    }

    /// After a failed PUT: `Ok(())` to start over with a fresh read (a 409 `Conflict` Status while
    /// conflicts are left), else the error to give up with.
    pub fn after_failed_write(&mut self, e: Error) -> Result<(), Error> {
        let conflict = e.http_status == Some(409) && e.status.as_ref().is_some_and(|s| s.is_conflict());
        if conflict && self.conflicts < self.max_conflicts {
            self.conflicts += 1;
            Ok(())
        } else {
            Err(e)
        }
    }
}
