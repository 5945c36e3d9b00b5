//! `imagestreams` watches (docs/watch.md): the feed of stream changes every published state adds to, with a
//! bounded history to resume from, and the streaming answer of one watch request.
//!
//! The writer that publishes a state computes which streams changed and hands them to the [`Feed`] under
//! its lock; each watch has its own bounded channel from a broadcast, so a slow watcher never blocks a
//! writer: when it falls behind by more than the channel holds, its watch ends (the client resumes or
//! re-lists). Readers of the state stay lock-free.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::Frame;
use hyper::header;
use hyper::Response;
use imagetag::model::ImageStream;
use imagetag::{Status, StatusCause, StatusDetails};
use serde_json::json;
use tokio::sync::{broadcast, mpsc};

use crate::app::App;
use crate::http::{BoxError, Resp};
use crate::selectors::{FieldSelector, LabelSelector};
use crate::store::State;

/// How many changes the server keeps to resume watches from (the apiserver's watch cache keeps a window).
pub const HISTORY: usize = 1000;

/// One stream's change: its state before (`None`: new) and after (`None`: deleted; `old` then carries the
/// deletion's resourceVersion).
pub struct Change {
    pub rv: u64,
    pub old: Option<Arc<ImageStream>>,
    pub new: Option<Arc<ImageStream>>,
}

pub struct Feed {
    history: VecDeque<Arc<Change>>,
    /// Every change after this version is in `history` (or still to come).
    floor: u64,
    tx: broadcast::Sender<Arc<Change>>,
}

impl Feed {
    pub fn new(rv: u64) -> Feed {
        Feed { history: VecDeque::new(), floor: rv, tx: broadcast::channel(HISTORY).0 }
    }

    /// Adds the changes of one published state, in version order.
    pub fn publish(&mut self, changes: Vec<Change>) {
        for c in changes {
            let c = Arc::new(c);
            if self.history.len() == HISTORY {
                if let Some(gone) = self.history.pop_front() {
                    self.floor = gone.rv;
                }
            }
            self.history.push_back(c.clone());
            let _ = self.tx.send(c);
        }
    }
}

fn rv_of(s: &ImageStream) -> u64 {
    s.resource_version().parse().unwrap_or(0)
}

/// The changes from `old` to `next` (every stream whose resourceVersion differs, or that is gone); a
/// deleted stream takes a new version from `next`'s counter.
pub fn changes(old: &State, next: &mut State) -> Vec<Change> {
    let mut out = Vec::new();
    for (ns, streams) in &next.streams {
        for (name, st) in streams {
            let before = old.stream(ns, name);
            if before.is_some_and(|b| b.metadata.resource_version == st.metadata.resource_version) {
                continue;
            }
            let new = Arc::new(next.image_stream(ns, name, st));
            let old = before.map(|b| Arc::new(old.image_stream(ns, name, b)));
            out.push(Change { rv: rv_of(&new), old, new: Some(new) });
        }
    }
    let mut gone = Vec::new();
    for (ns, streams) in &old.streams {
        for (name, st) in streams {
            if next.stream(ns, name).is_none() {
                gone.push(old.image_stream(ns, name, st));
            }
        }
    }
    for mut last in gone {
        next.resource_version += 1;
        let rv = next.resource_version;
        if let Some(m) = last.metadata.get_mut() {
            m.resource_version = rv.to_string().into();
        }
        out.push(Change { rv, old: Some(Arc::new(last)), new: None });
    }
    out.sort_by_key(|c| c.rv);
    out
}

/// The answer body of a watch: lines from the watch's task; with `cut` (a `drop` fault's `afterBytes`) the
/// body fails after that many bytes, so the connection ends mid-event without the final chunk.
struct Lines {
    rx: mpsc::Receiver<Bytes>,
    cut: Option<u64>,
    /// After the cut, a moment for the bytes before it to leave (an error drops what is not yet written).
    grace: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl hyper::body::Body for Lines {
    type Data = Bytes;
    type Error = BoxError;
    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        if self.cut == Some(0) {
            let grace = self.grace.get_or_insert_with(|| Box::pin(tokio::time::sleep(Duration::from_millis(100))));
            return grace.as_mut().poll(cx).map(|_| Some(Err("the connection was dropped (a drop fault)".into())));
        }
        let polled = self.rx.poll_recv(cx);
        polled.map(|b| {
            b.map(|mut b| {
                if let Some(left) = self.cut {
                    let n = (b.len() as u64).min(left);
                    b.truncate(n as usize);
                    self.cut = Some(left - n);
                }
                Ok(Frame::data(b))
            })
        })
    }
}

/// What one watch asked for.
pub struct WatchRequest {
    pub namespace: Option<String>,
    pub fields: FieldSelector,
    pub labels: LabelSelector,
    pub resource_version: Option<String>,
    pub bookmarks: bool,
    pub timeout: Option<Duration>,
}

fn line(type_: &str, object: &impl serde::Serialize) -> Bytes {
    let mut v = serde_json::to_vec(&json!({ "type": type_, "object": object })).expect("serializes");
    v.push(b'\n');
    Bytes::from(v)
}

fn bookmark(rv: u64) -> Bytes {
    line(
        "BOOKMARK",
        &json!({ "kind": "ImageStream", "apiVersion": "image.openshift.io/v1", "metadata": { "resourceVersion": rv.to_string() } }),
    )
}

/// 410 Expired, as the apiserver's watch cache says it.
pub fn expired(asked: &str, oldest: u64) -> Status {
    Status::failure(410, "Expired", format!("too old resource version: {asked} ({oldest})"), None)
}

/// A version beyond the server's (after a restart, say): the apiserver's `Too large resource version`, a
/// 504 Timeout with the cause `ResourceVersionTooLarge` (k8s.io/apiserver storage errors).
pub fn too_large(asked: u64, current: u64) -> Status {
    let cause = StatusCause {
        reason: "ResourceVersionTooLarge".to_string().into(),
        message: "Too large resource version".to_string().into(),
        ..Default::default()
    };
    let details = StatusDetails { causes: vec![cause].into(), retry_after_seconds: 1.into(), ..Default::default() };
    Status::failure(504, "Timeout", format!("Too large resource version: {asked}, current: {current}"), Some(details))
}

impl WatchRequest {
    fn matches(&self, s: &ImageStream) -> bool {
        let labels = s.metadata.get().and_then(|m| m.labels.get().cloned()).unwrap_or_default();
        self.namespace.as_deref().is_none_or(|n| n == s.namespace())
            && self.fields.matches(s.name(), s.namespace())
            && self.labels.matches(&labels)
    }

    /// The line a change gives this watch, if any: an object that stops matching is `DELETED`.
    fn event(&self, c: &Change) -> Option<Bytes> {
        let was = c.old.as_deref().is_some_and(|o| self.matches(o));
        match c.new.as_deref() {
            Some(n) if self.matches(n) => Some(line(if was { "MODIFIED" } else { "ADDED" }, n)),
            Some(n) if was => Some(line("DELETED", n)),
            None if was => c.old.as_deref().map(|o| line("DELETED", o)),
            _ => None,
        }
    }
}

/// Starts a watch: the answer streams the lines while a task feeds them.
pub fn start(app: &Arc<App>, req: WatchRequest, cut: Option<u64>) -> Resp {
    let (tx, rx) = mpsc::channel::<Bytes>(64);
    // The start, atomically against writers: the state, the history to replay and the subscription.
    let (state, replay, mut sub, floor) = {
        let feed = app.feed.lock().unwrap();
        let state = app.snapshot();
        (state, feed.history.iter().cloned().collect::<Vec<_>>(), feed.tx.subscribe(), feed.floor)
    };
    let current = state.resource_version;
    let mut first: Vec<Bytes> = Vec::new();
    let mut fail = None;
    match req.resource_version.as_deref().filter(|v| !v.is_empty() && *v != "0") {
        None => {
            for (ns, streams) in &state.streams {
                for (name, st) in streams {
                    let s = state.image_stream(ns, name, st);
                    if req.matches(&s) {
                        first.push(line("ADDED", &s));
                    }
                }
            }
        }
        Some(v) => match v.parse::<u64>() {
            Ok(n) if n < floor => fail = Some(expired(v, floor + 1)),
            Ok(n) if n > current => fail = Some(too_large(n, current)),
            Ok(n) => {
                first.extend(replay.iter().filter(|c| c.rv > n && c.rv <= current).filter_map(|c| req.event(c)));
            }
            Err(_) => fail = Some(expired(v, floor + 1)),
        },
    }
    let interval = app.cfg.bookmark_interval;
    tokio::spawn(async move {
        if let Some(s) = fail {
            let _ = tx.send(line("ERROR", &s)).await;
            return;
        }
        for l in first {
            if tx.send(l).await.is_err() {
                return;
            }
        }
        let deadline = req.timeout.map(|t| tokio::time::Instant::now() + t);
        // Changes up to the snapshot's version are in `first` (replayed or as ADDED); later ones come live.
        let mut last = current;
        let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + interval, interval);
        loop {
            let end = async {
                match deadline {
                    Some(d) => tokio::time::sleep_until(d).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                c = sub.recv() => match c {
                    Ok(c) if c.rv <= last => {}
                    Ok(c) => {
                        last = c.rv;
                        if let Some(l) = req.event(&c) {
                            if tx.send(l).await.is_err() { return; }
                        }
                    }
                    // Fell behind or the server stops: end the watch; the client resumes.
                    Err(_) => return,
                },
                _ = tick.tick(), if req.bookmarks => {
                    if tx.send(bookmark(last)).await.is_err() { return; }
                }
                _ = end => {
                    if req.bookmarks { let _ = tx.send(bookmark(last)).await; }
                    return;
                }
                _ = tx.closed() => return,
            }
        }
    });
    Response::builder()
        .status(200)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Lines { rx, cut, grace: None }.boxed_unsync())
        .expect("response")
}

/// The query's `timeoutSeconds`, as a duration.
pub fn timeout(v: Option<&str>) -> Option<Duration> {
    v.and_then(|t| t.parse::<u64>().ok()).filter(|t| *t > 0).map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use imagetag::model::ObjectMeta;

    fn stream(team: &str, rv: u64) -> Arc<ImageStream> {
        let labels: std::collections::BTreeMap<String, String> = [("team".to_string(), team.to_string())].into();
        let meta = ObjectMeta {
            name: "s".to_string().into(),
            namespace: "n".to_string().into(),
            resource_version: rv.to_string().into(),
            labels: labels.into(),
            ..Default::default()
        };
        Arc::new(ImageStream { metadata: meta.into(), ..Default::default() })
    }

    #[test]
    fn matching_decides_the_event_type() {
        let req = WatchRequest {
            namespace: Some("n".into()),
            fields: FieldSelector::parse("").unwrap(),
            labels: LabelSelector::parse("team=a").unwrap(),
            resource_version: None,
            bookmarks: false,
            timeout: None,
        };
        let (a1, a2, b3) = (stream("a", 1), stream("a", 2), stream("b", 3));
        let ev = |old: Option<&Arc<ImageStream>>, new: Option<&Arc<ImageStream>>| {
            req.event(&Change { rv: 0, old: old.cloned(), new: new.cloned() }).map(|l| {
                let v: serde_json::Value = serde_json::from_slice(&l).unwrap();
                format!(
                    "{} {}",
                    v["type"].as_str().unwrap(),
                    v["object"]["metadata"]["resourceVersion"].as_str().unwrap()
                )
            })
        };
        assert_eq!(ev(None, Some(&a1)).as_deref(), Some("ADDED 1"));
        assert_eq!(ev(Some(&a1), Some(&a2)).as_deref(), Some("MODIFIED 2"));
        // Stops matching: DELETED with its new state and version; starts matching: ADDED.
        assert_eq!(ev(Some(&a2), Some(&b3)).as_deref(), Some("DELETED 3"));
        assert_eq!(ev(Some(&b3), Some(&a2)).as_deref(), Some("ADDED 2"));
        // Never matched: nothing; deleted: its last state (which carries the deletion's version).
        assert_eq!(ev(None, Some(&b3)), None);
        assert_eq!(ev(Some(&a2), None).as_deref(), Some("DELETED 2"));
    }

    #[test]
    fn history_is_bounded_and_moves_the_floor() {
        let mut f = Feed::new(10);
        f.publish((11..11 + HISTORY as u64 + 5).map(|rv| Change { rv, old: None, new: None }).collect());
        assert_eq!((f.history.len(), f.floor), (HISTORY, 15));
        assert_eq!(f.history.front().map(|c| c.rv), Some(16));
    }
}
