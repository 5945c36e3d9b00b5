//! The Kubernetes `Status` object that every API error (and DELETE's success) is (§2.11).

use crate::model::{api_object, Field, ListMeta};

api_object! {
    /// meta/v1 Status.
    pub struct Status {
        "kind" => kind: String,
        "apiVersion" => api_version: String,
        "metadata" => metadata: ListMeta,
        /// `Success` or `Failure`.
        "status" => status: String,
        "message" => message: String,
        /// `NotFound`, `AlreadyExists`, `Conflict`, `Invalid`, `BadRequest`, …
        "reason" => reason: String,
        "details" => details: StatusDetails,
        "code" => code: i64,
    }
}

api_object! {
    /// meta/v1 StatusDetails. `kind` is the resource (`imagetags`) for NotFound/AlreadyExists/Conflict and
    /// the Kind (`ImageTag`) for Invalid.
    pub struct StatusDetails {
        "name" => name: String,
        "group" => group: String,
        "kind" => kind: String,
        "uid" => uid: String,
        "causes" => causes: Vec<StatusCause>,
        "retryAfterSeconds" => retry_after_seconds: i64,
    }
}

api_object! {
    /// meta/v1 StatusCause: one field error of a 422.
    pub struct StatusCause {
        "reason" => reason: String,
        "message" => message: String,
        "field" => field: String,
    }
}

impl Status {
    /// A `Failure` Status with code, reason and message, as the server builds them.
    pub fn failure(code: u16, reason: &str, message: impl Into<String>, details: Option<StatusDetails>) -> Status {
        Status {
            kind: "Status".to_string().into(),
            api_version: "v1".to_string().into(),
            metadata: ListMeta::default().into(),
            status: "Failure".to_string().into(),
            message: message.into().into(),
            reason: reason.to_string().into(),
            details: match details {
                Some(d) => Field::Present(d),
                None => Field::Absent,
            },
            code: (code as i64).into(),
            ..Status::default()
        }
    }

    /// The bare success Status DELETE answers with: `{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success"}`.
    pub fn success() -> Status {
        Status {
            kind: "Status".to_string().into(),
            api_version: "v1".to_string().into(),
            metadata: ListMeta::default().into(),
            status: "Success".to_string().into(),
            ..Status::default()
        }
    }

    pub fn reason(&self) -> &str {
        self.reason.str()
    }
    pub fn is_not_found(&self) -> bool {
        self.reason() == "NotFound"
    }
    pub fn is_conflict(&self) -> bool {
        self.reason() == "Conflict"
    }
    pub fn is_already_exists(&self) -> bool {
        self.reason() == "AlreadyExists"
    }
    pub fn is_invalid(&self) -> bool {
        self.reason() == "Invalid"
    }
    /// All causes (empty when none).
    pub fn causes(&self) -> &[StatusCause] {
        self.details.get().map(|d| d.causes.items()).unwrap_or(&[])
    }
}
