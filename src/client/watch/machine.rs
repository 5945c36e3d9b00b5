//! The watch loop's decisions, sans IO (in the manner of kube-rs's watcher): the transport asks
//! [`Watcher::next_step`] what to do, does it, and reports what happened; every report returns the events to
//! yield. Nothing here reads a clock or the network: times come in as arguments, so every path is tested
//! natively with tables of answers and lines.
//!
//! The transport's loop:
//! - [`Step::Sleep`]: wait (an abort ends the wait and the loop).
//! - [`Step::Send`] of a list or a poll ([`WatchRequest::streaming`] false): fetch the whole answer within
//!   `timeout_ms`, hand it (or the fetch's own error) to [`Watcher::on_answer`].
//! - [`Step::Send`] of a watch: fetch; an error, or an answer that is not 2xx (read its body), goes to
//!   [`Watcher::on_answer`]. A 2xx: [`Watcher::on_watch_open`], then each chunk of the body to
//!   [`Watcher::on_chunk`] as it arrives, never the whole body at once. When [`Watcher::is_closed`] turns
//!   true, abort the body. When no byte came for `idle_timeout_ms`, abort it and report a `timeout` error
//!   to [`Watcher::on_watch_end`]; when it ends, report that (`Ok`, or the read's error).
//!
//! Decisions:
//! - Start with a list of `imagestreams` (one namespace, or all; `labelSelector`; `fieldSelector=
//!   metadata.name=<stream>` when one `<stream>:<tag>` is watched). Its events are the difference to what
//!   was known (everything `ADDED` the first time); `SYNCED` follows when the watch from the list's
//!   `resourceVersion` is open.
//! - Watch with `allowWatchBookmarks=true` and `timeoutSeconds`, from the last version seen (an event's
//!   object or a bookmark). A clean end is normal: watch again at once from that version.
//! - `410 Expired` (an `ERROR` event or the answer's code), or a version the server calls too large: list
//!   again (at once the first time, then with backoff) and derive the events from the new list.
//! - Any other failure (network, timeout, idle stream, other `ERROR`, an answer that is not 2xx, a line
//!   that is not an event, a watch that ends within a second with nothing, as client-go's "very short
//!   watch"): `RECONNECTING` with the attempt and the delay, then resume from the last version (or list,
//!   when none is known: a watch without a version would not report the streams deleted meanwhile). The delay is 1 s × 1.5^(attempt − 1), capped at 60 s (the console's backoff);
//!   `attempt` counts failures since the last progress (a watch event or bookmark, a clean end, a poll).
//! - The watch refused (403, 404 or 405 to the list or the watch of `imagestreams`) or unavailable (a 2xx
//!   whose first line is not a watch event: a proxy that ignores `watch`): poll the imagetags list every
//!   `poll_interval_ms` for the rest of this watch, with the same events from the difference of two lists
//!   and `SYNCED` with mode `poll` after each. Polls that fail back off like the watch.

use crate::client::response::api_error;
use crate::client::{interpret, Answer, Call, ClientConfig, Expect, ListOptions, Output};
use crate::error::{Error, ErrorCode};
use crate::json::check_kind;
use crate::model::{ImageStream, ImageStreamList, ImageTag, API_VERSION, KIND_IMAGE_STREAM, KIND_IMAGE_STREAM_LIST};
use crate::reference::split_image_tag_name;
use crate::status::Status;
use crate::Field;

use super::diff::{self, Streams};
use super::{Event, Mode};

/// Default interval between two polls of the imagetags list (`pollIntervalMs`), as the console's.
pub const DEFAULT_POLL_INTERVAL_MS: u32 = 15_000;
/// Default `timeoutSeconds` of a watch request: the server ends the stream then, and the client resumes.
pub const DEFAULT_TIMEOUT_SECONDS: u32 = 60;
/// How long past `timeoutSeconds` a silent stream is waited for before it is given up as dead.
pub const IDLE_GRACE_MS: u32 = 5_000;
/// The first reconnection delay; each further attempt waits 1.5 times longer.
pub const FIRST_BACKOFF_MS: u32 = 1_000;
/// The cap of the reconnection delay.
pub const MAX_BACKOFF_MS: u32 = 60_000;
/// A watch that ends within this time without a single line is a failure (client-go: "very short watch").
const SHORT_WATCH_MS: f64 = 1_000.0;

/// What to watch (`client.watch(options)` minus `signal`).
#[derive(Clone, Debug, PartialEq)]
pub struct WatchOptions {
    /// One namespace; `None` or `""`: all namespaces.
    pub namespace: Option<String>,
    /// One ImageTag, `<stream>:<tag>`.
    pub name: Option<String>,
    pub label_selector: Option<String>,
    /// Interval between polls in polling mode.
    pub poll_interval_ms: u32,
    /// `timeoutSeconds` of each watch request.
    pub timeout_seconds: u32,
    /// Grace after `timeout_seconds` before a silent stream is aborted.
    pub idle_grace_ms: u32,
}

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions {
            namespace: None,
            name: None,
            label_selector: None,
            poll_interval_ms: DEFAULT_POLL_INTERVAL_MS,
            timeout_seconds: DEFAULT_TIMEOUT_SECONDS,
            idle_grace_ms: IDLE_GRACE_MS,
        }
    }
}

/// Which request a [`WatchRequest`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestKind {
    /// `GET …/imagestreams` (whole answer).
    ListStreams,
    /// `GET …/imagestreams?watch=true&…` (a stream of lines).
    WatchStreams,
    /// `GET …/imagetags` (whole answer, polling mode).
    PollTags,
}

/// A GET to send.
#[derive(Clone, Debug, PartialEq)]
pub struct WatchRequest {
    pub kind: RequestKind,
    pub url: String,
    pub headers: Vec<(String, String)>,
    /// For a whole answer: the limit for headers and body (`0`: none). A watch has none.
    pub timeout_ms: u32,
    /// For a watch: abort when no byte arrived for this long.
    pub idle_timeout_ms: u32,
}

impl WatchRequest {
    /// Whether the answer is a stream to read chunk by chunk.
    pub fn streaming(&self) -> bool {
        self.kind == RequestKind::WatchStreams
    }
}

/// What the transport does next.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    Send(WatchRequest),
    /// Wait this many milliseconds, then ask again.
    Sleep(u32),
}

/// The state of the open watch body.
#[derive(Debug, Default)]
struct Body {
    opened_at: f64,
    lines: u64,
    buf: Vec<u8>,
    closed: bool,
}

/// One `client.watch`: what is known, where to resume, and what to do next.
#[derive(Debug)]
pub struct Watcher {
    opts: WatchOptions,
    namespace: Option<String>,
    /// `(stream, tag)` when one ImageTag is watched.
    name: Option<(String, String)>,
    streams_url: String,
    poll_url: String,
    headers: Vec<(String, String)>,
    timeout_ms: u32,
    max_line_bytes: u64,
    mode: Mode,
    /// Watch mode: the streams in scope, as last seen.
    streams: Streams,
    /// Poll mode: the tags as last handed out.
    tags: Vec<ImageTag>,
    /// Whether a list gave a version to watch from (`rv`, maybe empty: watch without one).
    listed: bool,
    rv: String,
    attempt: u32,
    delay: Option<u32>,
    /// Announce `SYNCED` when the next watch opens.
    announce: bool,
    in_flight: Option<RequestKind>,
    body: Body,
}

impl Watcher {
    /// Fails (code `name`) for a `name` that is not one `<stream>:<tag>` or a namespace that cannot be put in
    /// a path, and (code `schema`) for a poll interval or a watch timeout of 0.
    pub fn new(config: &ClientConfig, opts: WatchOptions) -> Result<Watcher, Error> {
        if opts.poll_interval_ms == 0 {
            return Err(Error::schema("pollIntervalMs", "must be a positive number of milliseconds"));
        }
        if opts.timeout_seconds == 0 {
            return Err(Error::schema("timeoutSeconds", "must be a positive number of seconds"));
        }
        let namespace = opts.namespace.clone().filter(|n| !n.is_empty());
        let name = match opts.name.as_deref() {
            Some(n) => {
                let (s, t) = split_image_tag_name(n)?;
                Some((s.to_string(), t.to_string()))
            }
            None => None,
        };
        let label_selector = opts.label_selector.clone().filter(|s| !s.is_empty());
        // The poll is the client's own list call; the streams' collection is its sibling.
        let poll = config.request(&Call::List(&ListOptions {
            namespace: namespace.clone(),
            label_selector: label_selector.clone(),
            ..ListOptions::default()
        }))?;
        let collection =
            config.request(&Call::List(&ListOptions { namespace: namespace.clone(), ..ListOptions::default() }))?;
        let mut streams_url = collection.url.strip_suffix("/imagetags").unwrap_or(&collection.url).to_string();
        streams_url.push_str("/imagestreams");
        let field_selector = name.as_ref().map(|(s, _)| format!("metadata.name={s}"));
        let mut first = true;
        for (k, v) in [("labelSelector", label_selector.as_deref()), ("fieldSelector", field_selector.as_deref())] {
            if let Some(v) = v {
                push_query(&mut streams_url, &mut first, k, v);
            }
        }
        Ok(Watcher {
            opts,
            namespace,
            name,
            streams_url,
            poll_url: poll.url,
            headers: poll.headers,
            timeout_ms: config.timeout_ms,
            max_line_bytes: config.max_response_bytes,
            mode: Mode::Watch,
            streams: Vec::new(),
            tags: Vec::new(),
            listed: false,
            rv: String::new(),
            attempt: 0,
            delay: None,
            announce: false,
            in_flight: None,
            body: Body::default(),
        })
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The version the next watch resumes from (`""`: none known).
    pub fn resource_version(&self) -> &str {
        &self.rv
    }

    /// What to do next: wait after a failure or between polls, else the next request.
    pub fn next_step(&mut self) -> Step {
        if let Some(ms) = self.delay.take().filter(|&ms| ms > 0) {
            return Step::Sleep(ms);
        }
        let (kind, url) = match self.mode {
            Mode::Poll => (RequestKind::PollTags, self.poll_url.clone()),
            Mode::Watch if !self.listed => (RequestKind::ListStreams, self.streams_url.clone()),
            Mode::Watch => {
                let mut url = self.streams_url.clone();
                let mut first = !url.contains('?');
                push_query(&mut url, &mut first, "watch", "true");
                if !self.rv.is_empty() {
                    push_query(&mut url, &mut first, "resourceVersion", &self.rv);
                }
                push_query(&mut url, &mut first, "allowWatchBookmarks", "true");
                push_query(&mut url, &mut first, "timeoutSeconds", &self.opts.timeout_seconds.to_string());
                (RequestKind::WatchStreams, url)
            }
        };
        self.in_flight = Some(kind);
        let streaming = kind == RequestKind::WatchStreams;
        Step::Send(WatchRequest {
            kind,
            url,
            headers: self.headers.clone(),
            timeout_ms: if streaming { 0 } else { self.timeout_ms },
            idle_timeout_ms: if streaming {
                self.opts.timeout_seconds.saturating_mul(1000).saturating_add(self.opts.idle_grace_ms)
            } else {
                0
            },
        })
    }

    /// A whole answer (list, poll), or a watch request that failed or was answered with anything but 2xx.
    pub fn on_answer(&mut self, result: Result<Answer, Error>) -> Vec<Event> {
        let mut out = Vec::new();
        let kind = self.in_flight.take();
        let answer = match result {
            Ok(a) => a,
            Err(e) => {
                self.fail(e, &mut out);
                return out;
            }
        };
        let refused = (403..=405).contains(&answer.status);
        match kind {
            Some(RequestKind::PollTags) => match interpret(Expect::ImageTagList, "GET imagetags", &answer) {
                Ok(Output::ImageTagList(list)) => self.polled(list, &mut out),
                Ok(_) => self.fail(Error::new(ErrorCode::Schema, "expected an ImageTagList"), &mut out),
                Err(e) => self.fail(e, &mut out),
            },
            Some(RequestKind::ListStreams) | Some(RequestKind::WatchStreams) if refused => self.start_polling(),
            Some(RequestKind::ListStreams) if (200..300).contains(&answer.status) => {
                match parse_stream_list(&answer.body) {
                    Ok(list) => self.listed_streams(list, &mut out),
                    Err(mut e) => {
                        e.message = format!(
                            "GET imagestreams: the server answered {} but the body is not an ImageStreamList: {}",
                            answer.status, e.message
                        );
                        self.fail(e, &mut out)
                    }
                }
            }
            Some(RequestKind::WatchStreams) if (200..300).contains(&answer.status) => {
                // A transport that read a watch answer whole: take its lines as they come.
                out = self.on_watch_open(f64::NEG_INFINITY);
                out.extend(self.on_chunk(answer.body.as_bytes()));
                out.extend(self.on_watch_end(0.0, Ok(())));
            }
            _ => {
                let e = api_error(&answer);
                if is_expired(&e) {
                    self.expired(e, &mut out)
                } else {
                    self.fail(e, &mut out)
                }
            }
        }
        out
    }

    /// The watch answered 2xx; its body follows.
    pub fn on_watch_open(&mut self, now_ms: f64) -> Vec<Event> {
        self.in_flight = None;
        self.body = Body { opened_at: now_ms, ..Body::default() };
        if std::mem::take(&mut self.announce) {
            let rv = Some(self.rv.clone()).filter(|v| !v.is_empty());
            return vec![Event::Synced { mode: Mode::Watch, resource_version: rv }];
        }
        Vec::new()
    }

    /// Whether this watch body is done with (the transport stops reading and aborts it).
    pub fn is_closed(&self) -> bool {
        self.body.closed
    }

    /// A chunk of the watch body: every complete line in it is an event.
    pub fn on_chunk(&mut self, chunk: &[u8]) -> Vec<Event> {
        let mut out = Vec::new();
        let mut rest = chunk;
        while !self.body.closed {
            let Some(i) = rest.iter().position(|&b| b == b'\n') else {
                self.body.buf.extend_from_slice(rest);
                if self.body.buf.len() as u64 > self.max_line_bytes {
                    let e = Error::new(
                        ErrorCode::Parse,
                        format!("a watch event is longer than {} bytes (maxResponseBytes)", self.max_line_bytes),
                    );
                    self.body.closed = true;
                    self.fail(e, &mut out);
                }
                break;
            };
            let (head, tail) = (&rest[..i], &rest[i + 1..]);
            if self.body.buf.is_empty() {
                self.line(head, &mut out);
            } else {
                let mut whole = std::mem::take(&mut self.body.buf);
                whole.extend_from_slice(head);
                self.line(&whole, &mut out);
            }
            rest = tail;
        }
        out
    }

    /// The watch body ended: `Ok` cleanly, else with the read's error (network, idle `timeout`).
    pub fn on_watch_end(&mut self, now_ms: f64, result: Result<(), Error>) -> Vec<Event> {
        let mut out = Vec::new();
        self.in_flight = None;
        if self.body.closed {
            return out;
        }
        self.body.closed = true;
        let partial = std::mem::take(&mut self.body.buf);
        match result {
            Err(e) => self.fail(e, &mut out),
            Ok(()) => {
                // A last line without its newline counts if it is whole.
                if partial.iter().any(|b| !b.is_ascii_whitespace()) {
                    self.body.closed = false;
                    self.line(&partial, &mut out);
                    if self.body.closed {
                        return out;
                    }
                    self.body.closed = true;
                }
                if self.body.lines == 0 && now_ms - self.body.opened_at < SHORT_WATCH_MS {
                    let e = Error::new(
                        ErrorCode::Network,
                        "very short watch: the server ended the watch within a second without sending anything",
                    );
                    self.fail(e, &mut out);
                } else {
                    self.attempt = 0;
                    self.relist_without_version();
                }
            }
        }
        out
    }

    // ---------------------------------------------------------------------------------------------------

    fn line(&mut self, bytes: &[u8], out: &mut Vec<Event>) {
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t.trim(),
            Err(_) => "\u{fffd}",
        };
        if text.is_empty() {
            return;
        }
        let first = self.body.lines == 0;
        let event = match parse_watch_line(text) {
            Ok(e) => e,
            Err(e) => {
                self.body.closed = true;
                if first {
                    // Not a watch stream at all (a proxy or server that ignores `watch`).
                    self.start_polling();
                } else {
                    self.fail(e, out);
                }
                return;
            }
        };
        self.body.lines += 1;
        match event {
            WatchLine::Error(status) => {
                self.body.closed = true;
                let code = status.code.get().copied().filter(|c| (400..600).contains(c)).unwrap_or(500) as u16;
                let body = serde_json::to_string(&status).unwrap_or_default();
                let e = api_error(&Answer { status: code, body, ..Answer::default() });
                if is_expired(&e) {
                    self.expired(e, out)
                } else {
                    self.fail(e, out)
                }
            }
            WatchLine::Bookmark(rv) => {
                self.attempt = 0;
                if !rv.is_empty() {
                    self.rv = rv;
                }
            }
            WatchLine::Change { deleted, object } => {
                self.attempt = 0;
                let rv = object.resource_version().to_string();
                self.apply(deleted, *object, out);
                if !rv.is_empty() {
                    self.rv = rv;
                }
            }
        }
    }

    /// Whether a stream is in scope (a server that ignores a selector must not widen the watch).
    fn in_scope(&self, s: &ImageStream) -> bool {
        self.namespace.as_deref().is_none_or(|n| n == s.namespace())
            && self.name.as_ref().is_none_or(|(stream, _)| stream == s.name())
    }

    fn only_tag(&self) -> Option<&str> {
        self.name.as_ref().map(|(_, t)| t.as_str())
    }

    fn apply(&mut self, deleted: bool, object: ImageStream, out: &mut Vec<Event>) {
        if !self.in_scope(&object) {
            return;
        }
        let only_tag = self.name.as_ref().map(|(_, t)| t.as_str());
        diff::stream_events(diff::known(&self.streams, &object), &object, deleted, only_tag, out);
        diff::record(&mut self.streams, object, deleted);
    }

    fn listed_streams(&mut self, list: ImageStreamList, out: &mut Vec<Event>) {
        let rv = list.metadata.get().map(|m| m.resource_version.str().to_string()).unwrap_or_default();
        let items: Vec<ImageStream> = list.items.into_option().unwrap_or_default();
        let items: Vec<ImageStream> = items.into_iter().filter(|s| self.in_scope(s)).collect();
        let known = std::mem::take(&mut self.streams);
        self.streams = diff::relist_events(&known, items, self.only_tag(), out);
        self.rv = rv;
        self.listed = true;
        self.announce = true;
    }

    fn polled(&mut self, list: crate::model::ImageTagList, out: &mut Vec<Event>) {
        let rv = list.metadata.get().map(|m| m.resource_version.str().to_string()).filter(|v| !v.is_empty());
        let mut tags: Vec<ImageTag> = list.items.into_option().unwrap_or_default();
        tags.retain(|t| {
            self.namespace.as_deref().is_none_or(|n| n == t.namespace())
                && self.opts.name.as_deref().is_none_or(|n| n == t.name())
        });
        for t in &mut tags {
            t.kind = crate::model::KIND_IMAGE_TAG.to_string().into();
            t.api_version = API_VERSION.to_string().into();
            t.image = Field::Null;
        }
        diff::tag_list_events(&self.tags, &tags, out);
        self.tags = tags;
        self.attempt = 0;
        self.delay = Some(self.opts.poll_interval_ms);
        out.push(Event::Synced { mode: Mode::Poll, resource_version: rv });
    }

    fn start_polling(&mut self) {
        if self.mode == Mode::Poll {
            return;
        }
        self.mode = Mode::Poll;
        self.tags = diff::known_tags(&self.streams, self.only_tag());
        self.streams.clear();
        self.delay = None;
    }

    /// A failure: back off, then resume (or list when there is nothing to resume from).
    fn fail(&mut self, error: Error, out: &mut Vec<Event>) {
        self.relist_without_version();
        self.attempt += 1;
        let delay = backoff_ms(self.attempt);
        self.delay = Some(delay);
        self.announce = true;
        out.push(Event::Reconnecting { attempt: self.attempt, delay_ms: delay, error: Box::new(error) });
    }

    /// A watch without a version (the list gave none, and no event since) cannot resume: a new watch
    /// would not say which streams went away meanwhile. List again instead.
    fn relist_without_version(&mut self) {
        if self.rv.is_empty() {
            self.listed = false;
        }
    }

    /// 410 Expired (or a version too large): list again, at once the first time.
    fn expired(&mut self, error: Error, out: &mut Vec<Event>) {
        self.listed = false;
        self.rv.clear();
        self.attempt += 1;
        let delay = if self.attempt == 1 { 0 } else { backoff_ms(self.attempt) };
        self.delay = Some(delay);
        self.announce = true;
        out.push(Event::Reconnecting { attempt: self.attempt, delay_ms: delay, error: Box::new(error) });
    }
}

/// The delay before reconnection attempt `attempt` (1-based): 1 s × 1.5^(attempt − 1), at most 60 s.
pub fn backoff_ms(attempt: u32) -> u32 {
    let ms = FIRST_BACKOFF_MS as f64 * 1.5f64.powi(attempt.saturating_sub(1).min(64) as i32);
    ms.min(MAX_BACKOFF_MS as f64) as u32
}

fn push_query(url: &mut String, first: &mut bool, key: &str, value: &str) {
    url.push(if *first { '?' } else { '&' });
    *first = false;
    url.push_str(key);
    url.push('=');
    url.push_str(&crate::client::encode_query_value(value));
}

/// 410 Expired / Gone, or the server's "too large resource version" (client-go re-lists on both).
fn is_expired(e: &Error) -> bool {
    let Some(s) = e.status.as_deref() else { return e.http_status == Some(410) };
    e.http_status == Some(410)
        || matches!(s.reason(), "Expired" | "Gone")
        || s.causes().iter().any(|c| c.reason.str() == "ResourceVersionTooLarge")
        || s.message.str().starts_with("Too large resource version")
}

/// One line of a watch body.
enum WatchLine {
    Change { deleted: bool, object: Box<ImageStream> },
    Bookmark(String),
    Error(Box<Status>),
}

/// `null`/absent, or the wanted `kind`; `null`/absent, or `image.openshift.io/v1`.
/// An `ImageStreamList` answer (code `parse`/`schema` otherwise; a wrong `kind`/`apiVersion` is `schema`).
pub fn parse_stream_list(text: &str) -> Result<ImageStreamList, Error> {
    let list: ImageStreamList = crate::json::from_str(text)?;
    check_kind("", &list.kind, &list.api_version, KIND_IMAGE_STREAM_LIST)?;
    for (i, s) in list.items.items().iter().enumerate() {
        check_kind(&format!("items[{i}]."), &s.kind, &s.api_version, KIND_IMAGE_STREAM)?;
    }
    Ok(list)
}

/// The `object` of a watch line, read straight into its type.
enum Object {
    Stream(Box<ImageStream>),
    Status(Box<Status>),
    /// The `object` came before the `type` (no server sends it so, but JSON allows it): skipped, and the line
    /// is read again with the type known. Not read as a `serde_json::Value` and converted: that would
    /// instantiate every visitor of the model a second time, for a `Value` deserializer.
    Later,
}

/// `{"type": …, "object": …}`; other keys are ignored.
struct Line {
    type_: Option<String>,
    object: Option<Object>,
}

/// Reads a [`Line`]; with the type known from a first reading (`Some`), the object is read as that type
/// whatever the order of the keys.
struct LineSeed(Option<String>);

impl<'de> serde::de::DeserializeSeed<'de> for LineSeed {
    type Value = Line;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Line, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for LineSeed {
    type Value = Line;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a watch event object")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Line, A::Error> {
        let mut line = Line { type_: None, object: None };
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match &*key {
                "type" => line.type_ = Some(map.next_value()?),
                "object" => {
                    line.object = Some(match self.0.as_deref().or(line.type_.as_deref()) {
                        Some("ERROR") => Object::Status(map.next_value()?),
                        Some(_) => Object::Stream(map.next_value()?),
                        None => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                            Object::Later
                        }
                    })
                }
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        Ok(line)
    }
}

fn read_line(text: &str, type_: Option<String>) -> Result<Line, Error> {
    crate::json::from_str_seed(text, LineSeed(type_))
}

fn parse_watch_line(text: &str) -> Result<WatchLine, Error> {
    let mut line = read_line(text, None)?;
    if let (Some(Object::Later), Some(t)) = (&line.object, &line.type_) {
        line = read_line(text, Some(t.clone()))?;
    }
    let Some(type_) = line.type_ else {
        return Err(Error::schema("type", "a watch event without a type"));
    };
    let Some(object) = line.object else {
        return Err(Error::schema("object", format!("a watch {type_} event without an object")));
    };
    if type_ == "ERROR" {
        let Object::Status(status) = object else { unreachable!("an ERROR object is read as a Status") };
        return Ok(WatchLine::Error(status));
    }
    let Object::Stream(stream) = object else { unreachable!("only an ERROR object is read as a Status") };
    check_kind("object.", &stream.kind, &stream.api_version, KIND_IMAGE_STREAM)?;
    match type_.as_str() {
        "ADDED" | "MODIFIED" => Ok(WatchLine::Change { deleted: false, object: stream }),
        "DELETED" => Ok(WatchLine::Change { deleted: true, object: stream }),
        "BOOKMARK" => Ok(WatchLine::Bookmark(stream.resource_version().to_string())),
        other => Err(Error::schema("type", format!("unknown watch event type {other:?}"))),
    }
}
