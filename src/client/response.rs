//! What an answer means: the parsed object of a 2xx, or an [`Error`] of code `api` for anything else.
//!
//! Every non-2xx answer becomes code `api` with the HTTP code (`http_status`), the server's whole
//! `Status` (all `causes` kept), and `retry_after_seconds` (from the `Retry-After` header, else from
//! `details.retryAfterSeconds`). A body that is not a Kubernetes `Status` (a proxy's HTML error page, the
//! OpenShift console's plain-text CSRF 403, an empty body) gets a `Status` made up the way client-go does
//! it: `reason` from the HTTP code, a `message` that says what the server sent. A 2xx answer whose body
//! is not the expected JSON is an error too (code `parse` or `schema`), never a silently wrong result.

use crate::client::Expect;
use crate::error::{Error, ErrorCode};
use crate::model::{ImageTag, ImageTagList};
use crate::status::Status;

/// What the transport read: the HTTP code, two headers, and the whole body as text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Answer {
    pub status: u16,
    /// The status line's text (`Not Found`); may be empty (HTTP/2).
    pub status_text: String,
    pub content_type: Option<String>,
    pub retry_after: Option<String>,
    pub body: String,
}

/// The parsed body of a successful answer.
#[derive(Clone, Debug, PartialEq)]
pub enum Output {
    ImageTag(Box<ImageTag>),
    ImageTagList(ImageTagList),
    Status(Box<Status>),
}

/// Interprets an answer to a request that expected `expect`. `what` is `METHOD path`, for messages.
pub fn interpret(expect: Expect, what: &str, answer: &Answer) -> Result<Output, Error> {
    if !(200..300).contains(&answer.status) {
        return Err(api_error(answer));
    }
    let fail = |e: Error| {
        let mut e = e;
        e.message = format!(
            "{what}: the server answered {} but the body is not {} JSON: {}",
            answer.status,
            article(expect.kind()),
            e.message
        );
        e.http_status = Some(answer.status);
        e
    };
    if looks_like_html(answer) {
        return Err(fail(Error::new(ErrorCode::Parse, format!("got an HTML page ({})", snippet(&answer.body)))));
    }
    let parsed = match expect {
        Expect::ImageTag => ImageTag::parse(&answer.body).map(|t| Output::ImageTag(Box::new(t))),
        Expect::ImageTagList => ImageTagList::parse(&answer.body).map(Output::ImageTagList),
        Expect::Status => crate::json::from_str::<Status>(&answer.body)
            .and_then(|s| match s.kind.get() {
                Some(k) if k != "Status" => Err(Error::schema("kind", format!("expected kind \"Status\", got {k:?}"))),
                _ => Ok(s),
            })
            .map(|s| Output::Status(Box::new(s))),
    };
    match parsed {
        // A `Failure` Status is an error whatever the HTTP code says (client-go honours it the same way).
        Ok(Output::Status(s)) if s.status.str() == "Failure" => Err(failure_in_success(what, answer, *s)),
        Ok(output) => Ok(output),
        // Only when the body is not what was expected (so a good answer is parsed once): a `Status` where
        // an ImageTag or a list belongs says so instead of complaining about its fields.
        Err(e) => match parse_status(&answer.body) {
            Some(s) if s.status.str() == "Failure" => Err(failure_in_success(what, answer, s)),
            Some(s) => Err(fail(Error::schema(
                "kind",
                format!(
                    "expected kind \"{}\", got a {}Status{}",
                    expect.kind(),
                    match s.status.str() {
                        "" => String::new(),
                        st => format!("{st} "),
                    },
                    quoted_message(&s)
                ),
            ))),
            None => Err(fail(e)),
        },
    }
}

fn quoted_message(s: &Status) -> String {
    match s.message.str() {
        "" => String::new(),
        m => format!(" ({})", snippet(m)),
    }
}

/// A 2xx answer carrying a `Failure` Status: code `api` with that Status, as if the server had sent its
/// code (`http_status` is the Status's `code` when it is an error code, else the HTTP code).
fn failure_in_success(what: &str, answer: &Answer, status: Status) -> Error {
    let code = status.code.get().copied().filter(|c| (400..600).contains(c)).map(|c| c as u16).unwrap_or(answer.status);
    let message = format!(
        "{what}: the server answered {} with a Failure Status: {}",
        answer.status,
        match status.message.str() {
            "" => status.reason().to_string(),
            m => m.to_string(),
        }
    );
    let retry_after_seconds = status
        .details
        .get()
        .and_then(|d| d.retry_after_seconds.get().copied())
        .filter(|&s| s >= 0)
        .map(|s| s.min(u32::MAX as i64) as u32);
    Error {
        http_status: Some(code),
        status: Some(Box::new(status)),
        retry_after_seconds,
        ..Error::new(ErrorCode::Api, message)
    }
}

/// The error of a 2xx answer whose body is larger than the client's limit (`maxResponseBytes`): code
/// `parse` (never retried), with the HTTP code; the transport stopped reading at `limit` bytes.
pub fn body_too_large(expect: Expect, what: &str, status: u16, limit: u64) -> Error {
    Error {
        http_status: Some(status),
        ..Error::new(
            ErrorCode::Parse,
            format!(
                "{what}: the server answered {status} with a body larger than {limit} bytes (maxResponseBytes), so it was not read as {}",
                article(expect.kind())
            ),
        )
    }
}

fn article(kind: &str) -> String {
    format!("{} {kind}", if kind.starts_with(['A', 'E', 'I', 'O', 'U']) { "an" } else { "a" })
}

/// The message of a 401 whose Status says only `Unauthorized`.
pub const UNAUTHORIZED: &str =
    "Unauthorized: the server did not accept the request's credentials (the bearer token is missing, unknown or expired); sign in again or give a valid token";

/// The error of a non-2xx answer (code `api`).
pub fn api_error(answer: &Answer) -> Error {
    let status = match parse_status(&answer.body) {
        Some(s) => s,
        None => synthesize_status(answer),
    };
    let header_wait = answer.retry_after.as_deref().and_then(parse_retry_after);
    let details_wait = status
        .details
        .get()
        .and_then(|d| d.retry_after_seconds.get().copied())
        .filter(|&s| s >= 0)
        .map(|s| s.min(u32::MAX as i64) as u32);
    let message = match status.message.str() {
        "" => synthesize_message(answer),
        // The apiserver's 401 says only `Unauthorized` (a 403's message already names the user, the verb
        // and the resource: docs/semantics.md §2.11).
        "Unauthorized" if answer.status == 401 => UNAUTHORIZED.to_string(),
        m => m.to_string(),
    };
    Error {
        http_status: Some(answer.status),
        status: Some(Box::new(status)),
        retry_after_seconds: header_wait.or(details_wait),
        ..Error::new(ErrorCode::Api, message)
    }
}

/// A body that is a Kubernetes `Status` (an object with `kind: "Status"`), or `None`.
fn parse_status(body: &str) -> Option<Status> {
    let s: Status = crate::json::from_str(body.trim()).ok()?;
    (s.kind.str() == "Status").then_some(s)
}

/// `Retry-After` in seconds. The HTTP-date form (never sent by Kubernetes) is not understood and ignored.
pub fn parse_retry_after(value: &str) -> Option<u32> {
    let v = value.trim();
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(v.parse::<u64>().map(|n| n.min(u32::MAX as u64) as u32).unwrap_or(u32::MAX))
}

/// The `reason` Kubernetes uses for an HTTP code when the body says nothing (client-go's rule).
pub fn reason_for_code(code: u16) -> &'static str {
    match code {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        409 => "Conflict",
        410 => "Expired",
        413 => "RequestEntityTooLarge",
        415 => "UnsupportedMediaType",
        422 => "Invalid",
        429 => "TooManyRequests",
        500 => "InternalError",
        503 => "ServiceUnavailable",
        504 => "Timeout",
        _ => "Unknown",
    }
}

/// The `Status` of an answer whose body is not one: `Failure`, the HTTP code, the reason for that code,
/// and a message quoting what came instead.
fn synthesize_status(answer: &Answer) -> Status {
    Status::failure(answer.status, reason_for_code(answer.status), synthesize_message(answer), None)
}

fn synthesize_message(answer: &Answer) -> String {
    let line = match answer.status_text.trim() {
        "" => answer.status.to_string(),
        t => format!("{} {t}", answer.status),
    };
    let text = snippet(&answer.body);
    if text.is_empty() {
        format!("the server answered {line} with an empty body")
    } else if looks_like_html(answer) {
        format!("the server answered {line} with an HTML page: {text}")
    } else {
        format!("the server answered {line}: {text}")
    }
}

fn looks_like_html(answer: &Answer) -> bool {
    let ct = answer.content_type.as_deref().unwrap_or("").to_ascii_lowercase();
    let start = answer.body.trim_start().get(..15).unwrap_or("").to_ascii_lowercase();
    ct.contains("html") || start.starts_with("<!doctype html") || start.starts_with("<html")
}

/// At most 200 characters of a body for a message: HTML reduced to its `<title>` (or its text), all
/// whitespace runs collapsed to one space.
pub fn snippet(body: &str) -> String {
    let lower = body.to_ascii_lowercase();
    let text: String = if lower.contains("<html") || lower.contains("<!doctype") || lower.contains("<body") {
        let title = lower.find("<title").and_then(|i| {
            let open_end = i + lower[i..].find('>')? + 1;
            let close = open_end + lower[open_end..].find("</title")?;
            Some(body[open_end..close].to_string())
        });
        match title.filter(|t| !t.trim().is_empty()) {
            Some(t) => t,
            None => strip_tags(body),
        }
    } else {
        body.to_string()
    };
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() > 200 {
        let cut: String = collapsed.chars().take(200).collect();
        format!("{cut}…")
    } else {
        collapsed
    }
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}
