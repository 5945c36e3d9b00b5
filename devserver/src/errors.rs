//! The Kubernetes `Status` errors of the imagetags API (docs/semantics.md §2.11), built in one place.

use imagetag::{Status, StatusDetails};

pub const GROUP: &str = "image.openshift.io";

fn details(resource: &str, name: &str) -> StatusDetails {
    StatusDetails {
        name: name.to_string().into(),
        group: GROUP.to_string().into(),
        kind: resource.to_string().into(),
        ..Default::default()
    }
}

/// 400 BadRequest without details.
pub fn bad_request(message: impl Into<String>) -> Status {
    Status::failure(400, "BadRequest", message, None)
}

/// `ImageTags must be retrieved with <name>:<tag>`.
pub fn malformed_name() -> Status {
    bad_request("ImageTags must be retrieved with <name>:<tag>")
}

/// 404 for `imagestreams` (name = stream) or `imagetags` (name = `stream:tag`).
pub fn not_found(resource: &str, name: &str) -> Status {
    Status::failure(404, "NotFound", format!("{resource}.{GROUP} \"{name}\" not found"), Some(details(resource, name)))
}

pub fn already_exists(name: &str) -> Status {
    Status::failure(
        409,
        "AlreadyExists",
        format!("imagetags.{GROUP} \"{name}\" already exists"),
        Some(details("imagetags", name)),
    )
}

/// `Operation cannot be fulfilled on <resource>.image.openshift.io "<name>": <why>`.
pub fn conflict(resource: &str, name: &str, why: &str) -> Status {
    Status::failure(
        409,
        "Conflict",
        format!("Operation cannot be fulfilled on {resource}.{GROUP} \"{name}\": {why}"),
        Some(details(resource, name)),
    )
}

/// The internal stream write lost a race (PUT/PATCH do not retry).
pub fn stream_conflict(stream: &str) -> Status {
    conflict(
        "imagestreams",
        stream,
        "the object has been modified; please apply your changes to the latest version and try again",
    )
}

/// 500 ServerTimeout after 10 lost races (`verb` is `create` or `delete`), or injected by a fault.
pub fn server_timeout(verb: &str, retry_after: i64) -> Status {
    let mut d = details("imagetags", verb);
    d.retry_after_seconds = retry_after.into();
    Status::failure(
        500,
        "ServerTimeout",
        format!(
            "The {verb} operation against imagetags.{GROUP} could not be completed at this time, please try again."
        ),
        Some(d),
    )
}

/// 405 for `?watch=true`.
pub fn watch_not_supported() -> Status {
    let d =
        StatusDetails { group: GROUP.to_string().into(), kind: "imagetags".to_string().into(), ..Default::default() };
    Status::failure(
        405,
        "MethodNotAllowed",
        format!("watch is not supported on resources of kind \"imagetags.{GROUP}\""),
        Some(d),
    )
}

/// 405 from the router (DELETE on the collection, unknown verbs).
/// A write to `imagestreams`: the devserver serves them for reading and watching only.
pub fn streams_read_only() -> Status {
    let d = StatusDetails {
        group: GROUP.to_string().into(),
        kind: "imagestreams".to_string().into(),
        ..Default::default()
    };
    Status::failure(
        405,
        "MethodNotAllowed",
        "imagetag-devserver serves imagestreams for get, list and watch only: write image streams through imagetags",
        Some(d),
    )
}

pub fn method_not_allowed() -> Status {
    Status::failure(
        405,
        "MethodNotAllowed",
        "the server does not allow this method on the requested resource",
        Some(StatusDetails::default()),
    )
}

/// 404 for a path the server does not serve.
pub fn path_not_found() -> Status {
    Status::failure(404, "NotFound", "the server could not find the requested resource", Some(StatusDetails::default()))
}

pub fn unauthorized() -> Status {
    Status::failure(401, "Unauthorized", "Unauthorized", None)
}

pub fn too_large(limit: usize) -> Status {
    Status::failure(413, "RequestEntityTooLarge", format!("Request entity too large: limit is {limit}"), None)
}

/// 408 when a request body does not arrive in time (`--read-timeout`); the connection is closed after it.
pub fn body_timeout(limit: std::time::Duration) -> Status {
    Status::failure(
        408,
        "Timeout",
        format!("the request body did not arrive within {} ms (the server's read timeout)", limit.as_millis()),
        None,
    )
}

/// One object over etcd's request size limit: what a real apiserver answers when a write would make an
/// image stream larger than 1.5 MiB.
pub fn object_too_large() -> Status {
    Status::failure(413, "RequestEntityTooLarge", "etcdserver: request is too large", None)
}

/// The whole state over `--state-limit`: what etcd says when its space quota is exhausted.
pub fn state_full(limit: usize) -> Status {
    Status::failure(
        500,
        "InternalError",
        format!(
            "etcdserver: mvcc: database space exceeded (the devserver stores at most {limit} bytes: --state-limit)"
        ),
        None,
    )
}

/// 403 for a Host header that does not name this server (DNS rebinding).
pub fn host_not_allowed(host: &str) -> Status {
    Status::failure(
        403,
        "Forbidden",
        format!("the Host header {host:?} does not name this server: use a loopback name or IP address, or start it with --allowed-host NAME"),
        None,
    )
}

pub fn unsupported_media_type(content_type: &str, accepted: &[&str]) -> Status {
    Status::failure(
        415,
        "UnsupportedMediaType",
        format!(
            "the body of the request was in an unknown format ({content_type}) - accepted media types include: {}",
            accepted.join(", ")
        ),
        None,
    )
}

pub fn internal(message: impl Into<String>) -> Status {
    Status::failure(500, "InternalError", message, None)
}

pub fn too_many_requests(retry_after: i64) -> Status {
    let d = StatusDetails { retry_after_seconds: retry_after.into(), ..Default::default() };
    Status::failure(429, "TooManyRequests", "Too many requests, please try again later.", Some(d))
}

pub fn service_unavailable(retry_after: i64) -> Status {
    let d = StatusDetails { retry_after_seconds: retry_after.into(), ..Default::default() };
    Status::failure(503, "ServiceUnavailable", "The server is currently unable to handle the request", Some(d))
}

/// The HTTP code of a Status (500 when it has none).
pub fn code(s: &Status) -> u16 {
    s.code.get().map(|c| *c as u16).unwrap_or(if s.status.str() == "Success" { 200 } else { 500 })
}
