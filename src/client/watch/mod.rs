//! Live ImageTags (`client.watch`, docs/js-api.md "Live updates"), sans IO: `imagetags` has no watch, so
//! the client watches `imagestreams` and derives the ImageTag events from each stream's change (docs/watch.md,
//! docs/semantics.md §2.3); where that watch is refused it polls the imagetags list and derives the same
//! events from two lists.
//!
//! - [`diff`]: the events between two states (of one stream, of a re-list, of two ImageTag lists).
//! - [`Watcher`]: the loop's decisions as a state machine that a transport drives: what to request next,
//!   how to read a watch body line by line, when to back off, re-list or fall back to polling.
//! - [`Event`]: what the loop yields, serializable to exactly the JS shapes.
//!
//! # A tag whose only change is the stream's new `resourceVersion` is reported
//!
//! Every write to a stream (another tag's import, a push, an annotation) gives all its ImageTags the
//! stream's new `resourceVersion` (§2.3). Such a tag is reported `MODIFIED`. The events follow the object
//! a server would return for the tag, field by field, version included, for two reasons:
//! - Every object handed out is current. An application keeps the last object of each tag and builds a
//!   `replace` (or `updateSpec`) from it; if a sibling's import went unreported, that object's version would
//!   be stale and the write would fail with 409 Conflict, though "this" tag did not change.
//! - Watching and polling give the same events. A polled imagetags list carries the new version in every
//!   item of the stream, so the poll diff sees these tags as changed; the watch reports them too.
//!
//! The cost is one event per tag of the stream on each stream write (an event, not a request). An
//! application that only renders content can compare `spec` and `status` with what it shows and skip the
//! rest. Nothing is reported when a stream event carries exactly the state already known (a replay).

pub mod diff;
mod machine;

pub use machine::{
    backoff_ms, parse_stream_list, RequestKind, Step, WatchOptions, WatchRequest, Watcher, DEFAULT_POLL_INTERVAL_MS,
    DEFAULT_TIMEOUT_SECONDS, FIRST_BACKOFF_MS, IDLE_GRACE_MS, MAX_BACKOFF_MS,
};

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::error::{Error, ErrorCode};
use crate::model::ImageTag;

/// How the events are obtained: a watch of `imagestreams`, or polling the imagetags list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Watch,
    Poll,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Watch => "watch",
            Mode::Poll => "poll",
        }
    }
}

/// One event of `client.watch` (docs/js-api.md "Live updates").
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// `{type: 'ADDED', object}`: a tag came into scope (or is seen for the first time).
    Added(Box<ImageTag>),
    /// `{type: 'MODIFIED', object}`: the tag's object changed (its version included).
    Modified(Box<ImageTag>),
    /// `{type: 'DELETED', object}`: the tag is gone, or its stream stopped matching the selector.
    Deleted(Box<ImageTag>),
    /// `{type: 'SYNCED', mode, resourceVersion}`: the current state is delivered (after every list, and
    /// when a watch is open again after a failure). `resourceVersion` is the version the state is current
    /// at; `null` when polling a server whose imagetags list carries none (§2.5).
    Synced { mode: Mode, resource_version: Option<String> },
    /// `{type: 'RECONNECTING', attempt, delayMs, error}`: attempt `attempt` (1, 2, …) to recover starts
    /// after `delayMs`; `error` is what went wrong.
    Reconnecting { attempt: u32, delay_ms: u32, error: Box<Error> },
}

impl Event {
    /// The JS `type`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Event::Added(_) => "ADDED",
            Event::Modified(_) => "MODIFIED",
            Event::Deleted(_) => "DELETED",
            Event::Synced { .. } => "SYNCED",
            Event::Reconnecting { .. } => "RECONNECTING",
        }
    }

    /// The ImageTag of an `ADDED`/`MODIFIED`/`DELETED` event.
    pub fn object(&self) -> Option<&ImageTag> {
        match self {
            Event::Added(t) | Event::Modified(t) | Event::Deleted(t) => Some(t),
            _ => None,
        }
    }
}

impl Serialize for Event {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("type", self.type_name())?;
        match self {
            Event::Added(t) | Event::Modified(t) | Event::Deleted(t) => m.serialize_entry("object", t)?,
            Event::Synced { mode, resource_version } => {
                m.serialize_entry("mode", mode.as_str())?;
                m.serialize_entry("resourceVersion", resource_version)?;
            }
            Event::Reconnecting { attempt, delay_ms, error } => {
                m.serialize_entry("attempt", attempt)?;
                m.serialize_entry("delayMs", delay_ms)?;
                m.serialize_entry("error", &ErrorFields(error))?;
            }
        }
        m.end()
    }
}

/// An [`Error`] as the fields of the JS `ImageTagError` (docs/js-api.md "Errors"): `name`, `code`,
/// `message` and the fields its code carries. The binding makes a real `ImageTagError` of it.
struct ErrorFields<'a>(&'a Error);

impl Serialize for ErrorFields<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("name", "ImageTagError")?;
        m.serialize_entry("code", e.code.as_str())?;
        m.serialize_entry("message", &e.message)?;
        if let Some(l) = e.line {
            m.serialize_entry("line", &l)?;
        }
        if let Some(c) = e.column {
            m.serialize_entry("column", &c)?;
        }
        if let Some(p) = &e.path {
            m.serialize_entry("path", p)?;
        }
        if e.code == ErrorCode::Invalid {
            m.serialize_entry("causes", &e.causes)?;
        }
        if let Some(code) = e.http_status {
            m.serialize_entry("status", &code)?;
        }
        if let Some(status) = &e.status {
            m.serialize_entry("reason", status.reason.str())?;
            m.serialize_entry("details", &status.details.get())?;
            m.serialize_entry("kubeStatus", status)?;
        }
        if let Some(s) = e.retry_after_seconds {
            m.serialize_entry("retryAfterSeconds", &s)?;
        }
        m.end()
    }
}
