//! Export: `client.watch` (docs/js-api.md "Live updates"), as the hidden method `__watch`, which makes a
//! hidden `ImageTagWatch`; the package entry's `watch` is an async generator over its `next()` (one batch of
//! events per call, `null` once it has ended) and `close()`.
//!
//! Every decision is the core's `Watcher` (src/client/watch/machine.rs: what to request, backoff, re-list,
//! polling): this file performs its steps with the client's transport (src/wasm/client.rs):
//! - a list or a poll is one `attempt`, as any call: whole body, `timeoutMs`, no retry of its own (the
//!   watcher decides);
//! - a watch is `open`ed (its head within `timeoutMs`); a 2xx body is read chunk by chunk with the typed
//!   reader and each chunk handed to the watcher as it comes, never the whole body; the timer is re-armed
//!   on every chunk, so a body silent for the watch's idle limit is aborted (`timeout`); an answer that is
//!   not 2xx is read whole (`read_answer`) for its `Status`;
//! - one `AbortController` (`stop`) ends everything: the caller's `signal` or `close()` (a `break` out of the
//!   loop) aborts it, which aborts the request in flight (closing its connection) and ends a wait.
//!
//! An abort ends the iteration: the pending `next()` resolves to `null`, so a `for await` loop just ends (no
//! error to catch for what the caller asked for).

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;
use web_sys::{AbortController, AbortSignal, ReadableStreamDefaultReader, ReadableStreamReadResult};

use super::client::{network_error, sleep, Deadline, Fired, ImageTagClient, Inner};
use super::{from_js, js_error, js_result};
use crate::client::options::WatchOptionsIn;
use crate::client::watch::{Event, RequestKind, Step, WatchRequest, Watcher};
use crate::client::{Expect, Method, Request};
use crate::error::{Error, ErrorCode};

#[wasm_bindgen]
impl ImageTagClient {
    /// `client.watch(options)`'s session (hidden: the package entry wraps it in an async generator).
    #[wasm_bindgen(js_name = __watch, skip_typescript)]
    pub fn watch(&self, options: JsValue) -> Result<ImageTagWatch, JsValue> {
        let o: WatchOptionsIn = from_js(options.clone(), "options")?;
        let watcher = js_result(o.watch().and_then(|o| Watcher::new(&self.inner.config, o)))?;
        let stop = AbortController::new()?;
        let mut listener = None;
        if let Some(signal) = super::client::signal_of(&options) {
            if signal.aborted() {
                stop.abort();
            } else {
                let s = stop.clone();
                let on_abort = Closure::<dyn FnMut()>::new(move || s.abort());
                signal.add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref())?;
                listener = Some((signal, on_abort));
            }
        }
        let session =
            Session { inner: self.inner.clone(), watcher: RefCell::new(watcher), stop, body: RefCell::new(None) };
        Ok(ImageTagWatch { session: Rc::new(session), listener })
    }
}

/// One `client.watch` (hidden: not exported by the package entries, not in the `.d.ts`).
#[wasm_bindgen(js_name = __ImageTagWatch, skip_typescript)]
pub struct ImageTagWatch {
    session: Rc<Session>,
    listener: Option<(AbortSignal, Closure<dyn FnMut()>)>,
}

#[wasm_bindgen(js_class = __ImageTagWatch)]
impl ImageTagWatch {
    /// The next events (an array of at least one), or `null` once the watch has ended (aborted or closed).
    pub fn next(&self) -> js_sys::Promise {
        let session = self.session.clone();
        future_to_promise(async move { session.next().await })
    }

    /// Ends the watch: the request in flight is aborted (its connection closed) and a pending `next()`
    /// resolves to `null`.
    pub fn close(&mut self) {
        self.session.stop.abort();
        if let Some((signal, f)) = self.listener.take() {
            let _ = signal.remove_event_listener_with_callback("abort", f.as_ref().unchecked_ref());
        }
    }
}

impl Drop for ImageTagWatch {
    fn drop(&mut self) {
        self.close();
    }
}

struct Session {
    inner: Rc<Inner>,
    watcher: RefCell<Watcher>,
    /// Aborted by the caller's signal or `close()`; every request and wait of this watch follows it.
    stop: AbortController,
    /// The open watch body, between two `next()` calls.
    body: RefCell<Option<Body>>,
}

/// A watch answer being read.
struct Body {
    reader: ReadableStreamDefaultReader,
    /// Its request's deadline: aborting its controller closes the connection; its timer is the idle limit.
    conn: Deadline,
    idle_ms: u32,
    what: &'static str,
    /// Held while the body is read (see `Inner::open`).
    _request: Option<web_sys::Request>,
}

impl Session {
    fn stopped(&self) -> bool {
        self.stop.signal().aborted()
    }

    async fn next(&self) -> Result<JsValue, JsValue> {
        loop {
            if self.stopped() {
                self.body.borrow_mut().take();
                return Ok(JsValue::NULL);
            }
            let events = self.step().await;
            if self.stopped() {
                continue;
            }
            if !events.is_empty() {
                return encode(&events);
            }
        }
    }

    /// One step of the watcher; the events it gave (maybe none).
    async fn step(&self) -> Vec<Event> {
        let open = self.body.borrow_mut().take();
        if let Some(body) = open {
            return self.read(body).await;
        }
        let step = self.watcher.borrow_mut().next_step();
        match step {
            Step::Sleep(ms) => {
                let _ = sleep(ms, Some(&self.stop.signal()), "watch").await;
                Vec::new()
            }
            Step::Send(req) => {
                let (what, streaming, idle_ms) = (what(&req), req.streaming(), req.idle_timeout_ms);
                let request = Request {
                    method: Method::Get,
                    url: req.url,
                    headers: req.headers,
                    body: None,
                    expect: Expect::ImageTagList,
                };
                if streaming {
                    self.open(request, what, idle_ms).await
                } else {
                    let answer = self.inner.attempt(&request, what, Some(&self.stop.signal())).await;
                    self.watcher.borrow_mut().on_answer(answer)
                }
            }
        }
    }

    /// Sends a watch request: a 2xx with a body stream is kept open for `read`; anything else is an answer.
    async fn open(&self, request: Request, what: &'static str, idle_ms: u32) -> Vec<Event> {
        let mut conn = match Deadline::new(self.inner.config.timeout_ms, Some(&self.stop.signal())) {
            Ok(d) => d,
            Err(e) => return self.watcher.borrow_mut().on_answer(Err(e)),
        };
        let (reply, sent) = match self.inner.open(&request, what, &conn).await {
            Ok(opened) => opened,
            Err(e) => return self.watcher.borrow_mut().on_answer(Err(e)),
        };
        let stream = match &reply {
            r if (200..300).contains(&r.status()) => r.body(),
            _ => None,
        };
        let reader = stream.map(|s| ReadableStreamDefaultReader::new(&s));
        match reader {
            Some(Ok(reader)) => {
                conn.rearm(idle_ms);
                let events = self.watcher.borrow_mut().on_watch_open(js_sys::Date::now());
                *self.body.borrow_mut() = Some(Body { reader, conn, idle_ms, what, _request: sent });
                events
            }
            Some(Err(e)) => self.watcher.borrow_mut().on_answer(Err(network_error(what, &e))),
            // Not 2xx (its Status), or a test double's answer without a stream: read whole.
            None => {
                let answer = self.inner.read_answer(&reply, &request, what, &conn).await;
                self.watcher.borrow_mut().on_answer(answer)
            }
        }
    }

    /// Reads the next chunk of the open watch body.
    async fn read(&self, mut body: Body) -> Vec<Event> {
        let result = body.conn.race(body.reader.read()).await;
        let now = js_sys::Date::now();
        let ended = |e: Error| self.watcher.borrow_mut().on_watch_end(now, Err(e));
        match body.conn.fired.get() {
            Fired::Signal => return Vec::new(),
            Fired::Timer => {
                return ended(Error::new(
                    ErrorCode::Timeout,
                    format!(
                        "{}: nothing received for {} ms (the watch's timeoutSeconds and a grace): the connection is \
                         given up as dead",
                        body.what, body.idle_ms
                    ),
                ))
            }
            Fired::No => {}
        }
        let chunk: ReadableStreamReadResult = match result {
            Ok(v) => v.unchecked_into(),
            Err(e) => {
                body.conn.controller.abort();
                return ended(network_error(body.what, &e));
            }
        };
        if chunk.get_done().unwrap_or(true) {
            return self.watcher.borrow_mut().on_watch_end(now, Ok(()));
        }
        let bytes: Uint8Array = match chunk.get_value().dyn_into() {
            Ok(b) => b,
            Err(_) => {
                body.conn.controller.abort();
                return ended(Error::new(
                    ErrorCode::Network,
                    format!("{}: the response body gave a chunk that is not a Uint8Array", body.what),
                ));
            }
        };
        let events = self.watcher.borrow_mut().on_chunk(&bytes.to_vec());
        if self.watcher.borrow().is_closed() {
            // Done with this body (an ERROR event, a line too long): close the connection.
            body.conn.controller.abort();
        } else {
            body.conn.rearm(body.idle_ms);
            *self.body.borrow_mut() = Some(body);
        }
        events
    }
}

/// The name of a watch request in messages.
fn what(req: &WatchRequest) -> &'static str {
    match req.kind {
        RequestKind::ListStreams => "GET imagestreams",
        RequestKind::WatchStreams => "watch imagestreams",
        RequestKind::PollTags => "GET imagetags",
    }
}

/// A batch of events as JS objects: one JSON text through `JSON.parse`, then each `RECONNECTING`'s `error`
/// made a real `ImageTagError`.
fn encode(events: &[Event]) -> Result<JsValue, JsValue> {
    let out = super::json_out(&events)?;
    let array: &js_sys::Array = out.unchecked_ref();
    for (i, e) in events.iter().enumerate() {
        if let Event::Reconnecting { error, .. } = e {
            let _ = js_sys::Reflect::set(&array.get(i as u32), &"error".into(), &js_error(error));
        }
    }
    Ok(out)
}
