//! Export: the class `ImageTagClient` (js-api.md "API client"), and its fetch transport.
//!
//! Every decision about a call is the pure core's (`crate::client`): the options' rules
//! (`client::options`), the request, what an answer means and whether to retry (`client::Exchange`), and
//! `updateSpec`'s read-modify-write with its 409 retry (`client::write::SpecUpdate`). This file decodes the
//! arguments, performs the steps the core asks for, and encodes the result: it calls `fetch` (the one
//! given as `options.fetch`, else the global one: browsers and Node.js 20+), reads the whole body under the
//! per-attempt timeout, sleeps between retries, and wires `AbortSignal`s.
//!
//! Not on gloo-net yet: README "Design choices" says why (a dropped error `cause`, `unwrap_throw` and
//! panics inside it).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect};
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{AbortController, AbortSignal, TextDecodeOptions, TextDecoder};

use super::{input_text, js_error, json_out, string_arg};
use crate::client::options::{ClientOptions, DeleteOptions, ListOptionsIn, PatchOptions, RequestOptions, WriteOptions};
use crate::client::write::{check_patch, prepare_write, SpecUpdate, WriteKind};
use crate::client::{body_too_large, Answer, Call, ClientConfig, Exchange, Next, Output, Request};
use crate::error::{Error, ErrorCode};
use crate::model::ImageTag;

#[wasm_bindgen(typescript_custom_section)]
const CLIENT_TS: &'static str = include_str!("../../types/client.d.ts");

/// A client for the `imagetags` endpoints of `image.openshift.io/v1`. See `ImageTagClientOptions` and
/// docs/client.md for the retry policy and the quirks of this API.
#[wasm_bindgen]
pub struct ImageTagClient {
    inner: Rc<Inner>,
}

struct Inner {
    config: ClientConfig,
    fetch: Option<Function>,
}

fn decode<T: for<'de> Deserialize<'de> + Default>(value: &JsValue, what: &str) -> Result<T, JsValue> {
    super::from_js(value.clone(), what)
}

/// `options.signal`, when it is given.
fn signal_of(options: &JsValue) -> Option<AbortSignal> {
    if !options.is_object() {
        return None;
    }
    let s = Reflect::get(options, &"signal".into()).ok()?;
    (s.is_object()).then(|| s.unchecked_into())
}

#[wasm_bindgen]
impl ImageTagClient {
    /// `new ImageTagClient({ baseUrl, token?, headers?, timeoutMs?, maxRetries?, fetch? })`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "ImageTagClientOptions")] options: JsValue,
    ) -> Result<ImageTagClient, JsValue> {
        let o: ClientOptions = decode(&options, "options")?;
        let config = o.config().map_err(|e| js_error(&e))?;
        let fetch = match Reflect::get(&options, &"fetch".into()) {
            Ok(f) if f.is_function() => Some(f.unchecked_into::<Function>()),
            Ok(f) if f.is_undefined() || f.is_null() => None,
            _ => return Err(js_error(&Error::schema("fetch", "fetch must be a function"))),
        };
        Ok(ImageTagClient { inner: Rc::new(Inner { config, fetch }) })
    }

    /// The options this client was made with, as decoded (hidden: not in the `.d.ts`). The package entries
    /// keep them, to make the client again in a fresh instance after the module has been reset
    /// (src/wasm/hostile.rs), so that a client outlives a trap elsewhere.
    #[wasm_bindgen(js_name = __options, skip_typescript)]
    pub fn options(&self) -> JsValue {
        let o = super::to_js(&ClientOptions::from(&self.inner.config));
        if let Some(f) = &self.inner.fetch {
            set(&o, "fetch", f);
        }
        o
    }

    /// Lists ImageTags, in one namespace or (without `namespace`) in all. Note (§2.5): `limit` counts image
    /// streams and truncates silently (no `continue` token comes back), and `fieldSelector` on
    /// `metadata.name` never matches.
    #[wasm_bindgen(unchecked_return_type = "Promise<ImageTagList>")]
    pub fn list(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ImageTagListOptions")] options: Option<JsValue>,
    ) -> Promise {
        let inner = self.inner.clone();
        let options = options.unwrap_or(JsValue::UNDEFINED);
        future_to_promise(async move {
            let o: ListOptionsIn = decode(&options, "options")?;
            let list = o.list().map_err(|e| js_error(&e))?;
            inner.run(&Call::List(&list), signal_of(&options)).await.map(|(_, v)| v)
        })
    }

    /// Reads one ImageTag (`name` is `<stream>:<tag>`).
    #[wasm_bindgen(unchecked_return_type = "Promise<ImageTag>")]
    pub fn get(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] namespace: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<JsValue>,
    ) -> Promise {
        let inner = self.inner.clone();
        let options = options.unwrap_or(JsValue::UNDEFINED);
        future_to_promise(async move {
            let (namespace, name) = (string_arg(&namespace, "namespace")?, string_arg(&name, "name")?);
            let _: RequestOptions = decode(&options, "options")?;
            inner.run(&Call::Get { namespace: &namespace, name: &name }, signal_of(&options)).await.map(|(_, v)| v)
        })
    }

    /// Creates an ImageTag (POST). Validates first unless `validate: false` (code `invalid`, nothing sent).
    #[wasm_bindgen(unchecked_return_type = "Promise<ImageTag>")]
    pub fn create(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] namespace: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ImageTag | string")] tag: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "WriteOptions")] options: Option<JsValue>,
    ) -> Promise {
        let inner = self.inner.clone();
        let options = options.unwrap_or(JsValue::UNDEFINED);
        future_to_promise(async move {
            let namespace = string_arg(&namespace, "namespace")?;
            let o: WriteOptions = decode(&options, "options")?;
            let tag = parse_tag(&tag)?;
            let body = prepare_write(&tag, &namespace, WriteKind::Create, o.validate()).map_err(|e| js_error(&e))?;
            let call = Call::Create { namespace: &namespace, body: &body, dry_run: o.dry_run() };
            inner.run(&call, signal_of(&options)).await.map(|(_, v)| v)
        })
    }

    /// Replaces an ImageTag (PUT). Only `spec` may change: send `metadata` and `status` back exactly as
    /// read (or use `updateSpec`). Validates first unless `validate: false`.
    #[wasm_bindgen(unchecked_return_type = "Promise<ImageTag>")]
    pub fn replace(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] namespace: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ImageTag | string")] tag: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "WriteOptions")] options: Option<JsValue>,
    ) -> Promise {
        let inner = self.inner.clone();
        let options = options.unwrap_or(JsValue::UNDEFINED);
        future_to_promise(async move {
            let (namespace, name) = (string_arg(&namespace, "namespace")?, string_arg(&name, "name")?);
            let o: WriteOptions = decode(&options, "options")?;
            let tag = parse_tag(&tag)?;
            let body = prepare_write(&tag, &namespace, WriteKind::Replace { old: None }, o.validate())
                .map_err(|e| js_error(&e))?;
            let call = Call::Replace { namespace: &namespace, name: &name, body: &body, dry_run: o.dry_run() };
            inner.run(&call, signal_of(&options)).await.map(|(_, v)| v)
        })
    }

    /// Patches an ImageTag: `type` `merge` (default), `json` or `strategic`.
    #[wasm_bindgen(unchecked_return_type = "Promise<ImageTag>")]
    pub fn patch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] namespace: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
        #[wasm_bindgen(unchecked_param_type = "MergePatch | JsonPatchOperation[] | string")] patch: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "PatchOptions")] options: Option<JsValue>,
    ) -> Promise {
        let inner = self.inner.clone();
        let options = options.unwrap_or(JsValue::UNDEFINED);
        future_to_promise(async move {
            let (namespace, name) = (string_arg(&namespace, "namespace")?, string_arg(&name, "name")?);
            let o: PatchOptions = decode(&options, "options")?;
            let patch_type = o.patch_type().map_err(|e| js_error(&e))?;
            let body = input_text(&patch)?;
            check_patch(&body, patch_type).map_err(|e| js_error(&e))?;
            let call = Call::Patch {
                namespace: &namespace,
                name: &name,
                body: &body,
                patch_type,
                dry_run: o.dry_run.unwrap_or(false),
            };
            inner.run(&call, signal_of(&options)).await.map(|(_, v)| v)
        })
    }

    /// Deletes an ImageTag (its spec and its history, §2.9); resolves to the server's `Status`.
    #[wasm_bindgen(unchecked_return_type = "Promise<Status>")]
    pub fn delete(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] namespace: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "DeleteOptions")] options: Option<JsValue>,
    ) -> Promise {
        let inner = self.inner.clone();
        let options = options.unwrap_or(JsValue::UNDEFINED);
        future_to_promise(async move {
            let (namespace, name) = (string_arg(&namespace, "namespace")?, string_arg(&name, "name")?);
            let o: DeleteOptions = decode(&options, "options")?;
            let call =
                Call::Delete { namespace: &namespace, name: &name, dry_run: o.dry_run.unwrap_or(false), uid: o.uid() };
            inner.run(&call, signal_of(&options)).await.map(|(_, v)| v)
        })
    }

    /// Read-modify-write of `spec`: GETs the tag, calls `update(spec)` (it may return the new spec, `null`
    /// to remove the spec tag and keep history, or nothing after editing `spec` in place; a promise is
    /// awaited), and PUTs the result with `metadata` (including `resourceVersion`) and `status` exactly as
    /// read. On 409 Conflict (another write to the image stream came between) it starts over with a fresh
    /// read, up to `maxRetries` times, so `update` may run more than once.
    #[wasm_bindgen(js_name = updateSpec, unchecked_return_type = "Promise<ImageTag>")]
    pub fn update_spec(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] namespace: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
        #[wasm_bindgen(
            unchecked_param_type = "(spec: TagReference | null) => TagReference | null | void | Promise<TagReference | null | void>"
        )]
        update: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "WriteOptions")] options: Option<JsValue>,
    ) -> Promise {
        let inner = self.inner.clone();
        let options = options.unwrap_or(JsValue::UNDEFINED);
        future_to_promise(async move {
            let (namespace, name) = (string_arg(&namespace, "namespace")?, string_arg(&name, "name")?);
            let update =
                update.dyn_into::<Function>().map_err(|_| js_error(&Error::schema("", "update must be a function")))?;
            inner.update_spec(&namespace, &name, SpecSource::Callback(update), &options).await
        })
    }

    /// `updateSpec` with a fixed new spec (`null` removes the spec tag and keeps its history).
    #[wasm_bindgen(js_name = replaceSpec, unchecked_return_type = "Promise<ImageTag>")]
    pub fn replace_spec(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] namespace: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
        #[wasm_bindgen(unchecked_param_type = "TagReference | null")] spec: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "WriteOptions")] options: Option<JsValue>,
    ) -> Promise {
        let inner = self.inner.clone();
        let options = options.unwrap_or(JsValue::UNDEFINED);
        future_to_promise(async move {
            let (namespace, name) = (string_arg(&namespace, "namespace")?, string_arg(&name, "name")?);
            // Checked before anything is sent.
            let spec = if spec.is_null() { None } else { Some(input_text(&spec)?) };
            inner.update_spec(&namespace, &name, SpecSource::Value(spec), &options).await
        })
    }
}

fn parse_tag(tag: &JsValue) -> Result<ImageTag, JsValue> {
    let text = input_text(tag)?;
    ImageTag::parse(&text).map_err(|e| js_error(&e))
}

/// Where `updateSpec`'s new spec comes from: the caller's function, or `replaceSpec`'s fixed spec (as JSON
/// text; `None` for `null`).
enum SpecSource {
    Callback(Function),
    Value(Option<String>),
}

impl Inner {
    /// Sends a call with retries; resolves to the typed output and the parsed JS value of the body.
    async fn run(&self, call: &Call<'_>, signal: Option<AbortSignal>) -> Result<(Output, JsValue), JsValue> {
        self.send(call, signal.as_ref()).await.map_err(|e| js_error(&e))
    }

    async fn send(&self, call: &Call<'_>, signal: Option<&AbortSignal>) -> Result<(Output, JsValue), Error> {
        let mut exchange = Exchange::new(&self.config, call)?;
        loop {
            let attempt = self.attempt(&exchange.request, &exchange.what, signal).await;
            match exchange.next(attempt)? {
                Next::Done { output, body } => {
                    let value = js_sys::JSON::parse(&body).map_err(|_| {
                        Error::new(ErrorCode::Parse, format!("{}: the body is not JSON", exchange.what))
                    })?;
                    return Ok((*output, value));
                }
                Next::Wait(ms) => sleep(ms, signal, &exchange.what).await?,
            }
        }
    }

    /// One request and its whole answer, under the per-attempt timeout and the caller's signal.
    async fn attempt(&self, request: &Request, what: &str, signal: Option<&AbortSignal>) -> Result<Answer, Error> {
        let global = js_sys::global();
        let fetch = match &self.fetch {
            Some(f) => f.clone(),
            None => match Reflect::get(&global, &"fetch".into()) {
                Ok(f) if f.is_function() => f.unchecked_into(),
                _ => {
                    return Err(Error::new(
                        ErrorCode::Network,
                        format!("{what}: no fetch function: this environment has no global fetch, pass options.fetch"),
                    ))
                }
            },
        };
        let deadline = Deadline::new(self.config.timeout_ms, signal)?;
        let fired = |d: &Deadline| match d.fired.get() {
            Fired::Timer => Some(Error::new(
                ErrorCode::Timeout,
                format!("{what}: no complete answer within {} ms (timeoutMs)", self.config.timeout_ms),
            )),
            Fired::Signal => Some(aborted(what)),
            Fired::No => None,
        };
        if let Some(e) = fired(&deadline) {
            return Err(e);
        }

        let init = Object::new();
        let headers = Object::new();
        for (k, v) in &request.headers {
            set(&headers, k, &JsValue::from_str(v));
        }
        set(&init, "method", &JsValue::from_str(request.method.as_str()));
        set(&init, "headers", &headers);
        if let Some(body) = &request.body {
            set(&init, "body", &JsValue::from_str(body));
        }
        set(&init, "signal", &deadline.controller.signal());

        let network = |e: JsValue| {
            fired(&deadline)
                .unwrap_or_else(|| Error::new(ErrorCode::Network, format!("{what}: network error: {}", js_message(&e))))
        };
        let sent = fetch.call2(&global, &JsValue::from_str(&request.url), &init).map_err(network)?;
        let response = deadline.race(Promise::resolve(&sent)).await.map_err(network)?;
        if let Some(e) = fired(&deadline) {
            return Err(e);
        }
        let status = Reflect::get(&response, &"status".into()).ok().and_then(|v| v.as_f64()).unwrap_or(0.0) as u16;
        let status_text =
            Reflect::get(&response, &"statusText".into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
        let header = |name: &str| -> Option<String> {
            let headers = Reflect::get(&response, &"headers".into()).ok()?;
            let get: Function = Reflect::get(&headers, &"get".into()).ok()?.dyn_into().ok()?;
            get.call1(&headers, &JsValue::from_str(name)).ok()?.as_string()
        };
        let content_type = header("content-type");
        let retry_after = header("retry-after");
        let limit = self.config.max_response_bytes;
        let success = (200..300).contains(&status);
        let too_large = || {
            // Stop the transfer (the connection is closed) rather than let the rest arrive.
            deadline.controller.abort();
            body_too_large(request.expect, what, status, limit)
        };
        let declared = header("content-length").and_then(|v| v.trim().parse::<u64>().ok());
        if success && declared.is_some_and(|n| n > limit) {
            return Err(too_large());
        }
        let body = match body_reader(&response) {
            // Read chunk by chunk, counting bytes, so an endless or huge body stops at the limit.
            Some(reader) => {
                let decoder = TextDecoder::new().map_err(network)?;
                let stream = TextDecodeOptions::new();
                stream.set_stream(true);
                let mut text = String::new();
                let mut total: u64 = 0;
                loop {
                    let next = call_method_checked(&reader, "read", &[]).map_err(network)?;
                    let chunk = deadline.race(Promise::resolve(&next)).await.map_err(network)?;
                    if let Some(e) = fired(&deadline) {
                        return Err(e);
                    }
                    if Reflect::get(&chunk, &"done".into()).ok().and_then(|d| d.as_bool()).unwrap_or(true) {
                        break;
                    }
                    // A stream of anything but bytes (an injected fetch's own Response, a polyfill) cannot be
                    // read as this answer's body: code `network`, as for a fetch that returns no Response.
                    let mut bytes: js_sys::Uint8Array = match Reflect::get(&chunk, &"value".into()) {
                        Ok(v) if v.is_instance_of::<js_sys::Uint8Array>() => v.unchecked_into(),
                        Ok(v) => {
                            deadline.controller.abort();
                            return Err(Error::new(
                                ErrorCode::Network,
                                format!(
                                    "{what}: the response body gave a chunk that is not a Uint8Array ({}), so the body \
                                     cannot be read",
                                    v.js_typeof().as_string().unwrap_or_default()
                                ),
                            ));
                        }
                        Err(e) => return Err(network(e)),
                    };
                    let n = bytes.length() as u64;
                    let over = total + n > limit;
                    if over {
                        if success {
                            return Err(too_large());
                        }
                        // An error page: its beginning is enough to explain it.
                        bytes = bytes.subarray(0, (limit - total) as u32);
                    }
                    total += bytes.length() as u64;
                    text.push_str(&decoder.decode_with_js_u8_array_and_options(&bytes, &stream).map_err(network)?);
                    if over {
                        // Aborting ends the stream and the connection (a `cancel()` promise could reject
                        // unobserved).
                        deadline.controller.abort();
                        break;
                    }
                }
                text.push_str(&decoder.decode().map_err(network)?);
                text
            }
            // A test double's response without a stream: its text() as it is.
            None => {
                let text: Function =
                    Reflect::get(&response, &"text".into()).ok().and_then(|f| f.dyn_into().ok()).ok_or_else(|| {
                        Error::new(
                            ErrorCode::Network,
                            format!("{what}: fetch returned something that is not a Response"),
                        )
                    })?;
                let reading = text.call0(&response).map_err(network)?;
                let body = deadline.race(Promise::resolve(&reading)).await.map_err(network)?;
                if let Some(e) = fired(&deadline) {
                    return Err(e);
                }
                let body = body.as_string().unwrap_or_default();
                if success && body.len() as u64 > limit {
                    return Err(too_large());
                }
                body
            }
        };
        Ok(Answer { status, status_text, content_type, retry_after, body })
    }

    async fn update_spec(
        &self,
        namespace: &str,
        name: &str,
        source: SpecSource,
        options: &JsValue,
    ) -> Result<JsValue, JsValue> {
        let o: WriteOptions = decode(options, "options")?;
        let signal = signal_of(options);
        let mut update = SpecUpdate::new(namespace, name, &o, self.config.retry.max_retries);
        loop {
            let read = match self.send(&update.read(), signal.as_ref()).await.map_err(|e| js_error(&e))? {
                (Output::ImageTag(t), _) => t,
                _ => unreachable!("a GET of one tag gives an ImageTag"),
            };
            let spec_text = match &source {
                SpecSource::Value(spec) => spec.clone(),
                SpecSource::Callback(f) => {
                    let current = match read.spec.get() {
                        Some(s) => json_out(s)?,
                        None => JsValue::NULL,
                    };
                    let returned = f.call1(&JsValue::NULL, &current)?;
                    let returned = JsFuture::from(Promise::resolve(&returned)).await?;
                    let spec = if returned.is_undefined() { current } else { returned };
                    if spec.is_null() {
                        None
                    } else {
                        Some(input_text(&spec)?)
                    }
                }
            };
            let body = update.body(&read, spec_text.as_deref()).map_err(|e| js_error(&e))?;
            match self.send(&update.write(&body), signal.as_ref()).await {
                Ok((_, value)) => return Ok(value),
                Err(e) => update.after_failed_write(e).map_err(|e| js_error(&e))?,
            }
        }
    }
}

fn aborted(what: &str) -> Error {
    Error::new(ErrorCode::Aborted, format!("{what}: aborted by the caller's AbortSignal"))
}

fn set(obj: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

/// The message of a thrown JS value (`TypeError: Failed to fetch` → `Failed to fetch`), with its cause.
fn js_message(e: &JsValue) -> String {
    let mut msg = match e.dyn_ref::<js_sys::Error>() {
        Some(err) => String::from(err.message()),
        None => e.as_string().unwrap_or_else(|| "fetch failed".to_string()),
    };
    // Node's undici puts the real reason (ECONNREFUSED, "other side closed") in `cause`.
    if let Ok(cause) = Reflect::get(e, &"cause".into()) {
        if let Some(c) = cause.dyn_ref::<js_sys::Error>() {
            msg = format!("{msg} ({})", String::from(c.message()));
        }
    }
    msg
}

/// Waits `ms` milliseconds before a retry; the caller's signal ends the wait with code `aborted`.
async fn sleep(ms: u32, signal: Option<&AbortSignal>, what: &str) -> Result<(), Error> {
    // A zero wait still yields to the event loop once (a 1 ms timer): `Deadline` reads 0 as "no timer".
    let deadline = Deadline::new(ms.max(1), signal)?;
    if deadline.fired.get() == Fired::Signal {
        return Err(aborted(what));
    }
    let never = Promise::new(&mut |_, _| {});
    let _ = deadline.race(never).await;
    match deadline.fired.get() {
        Fired::Signal => Err(aborted(what)),
        _ => Ok(()),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Fired {
    No,
    Timer,
    Signal,
}

/// An `AbortController` for one attempt, aborted by a timer (`ms`, `0` = none) or by the caller's signal,
/// and a promise that resolves when either fires, to race every await of the attempt against (so a
/// `fetch` that ignores its signal, or a body that never ends, still stops). Dropping it clears the timer
/// and removes the listener from the caller's signal.
struct Deadline {
    controller: AbortController,
    fired: Rc<Cell<Fired>>,
    done: Promise,
    timer: Option<JsValue>,
    listener: Option<(AbortSignal, Closure<dyn FnMut()>)>,
    _on_timer: Option<Closure<dyn FnMut()>>,
}

impl Deadline {
    fn new(ms: u32, signal: Option<&AbortSignal>) -> Result<Deadline, Error> {
        let controller = AbortController::new().map_err(|e| {
            Error::new(ErrorCode::Network, format!("AbortController is not available: {}", js_message(&e)))
        })?;
        let fired = Rc::new(Cell::new(Fired::No));
        let resolve: Rc<RefCell<Option<Function>>> = Rc::new(RefCell::new(None));
        let done = {
            let resolve = resolve.clone();
            Promise::new(&mut move |res, _| {
                *resolve.borrow_mut() = Some(res);
            })
        };
        let fire = {
            let controller = controller.clone();
            let fired = fired.clone();
            move |why: Fired| {
                if fired.get() == Fired::No {
                    fired.set(why);
                    controller.abort();
                    if let Some(res) = resolve.borrow().as_ref() {
                        let _ = res.call0(&JsValue::NULL);
                    }
                }
            }
        };
        let mut deadline = Deadline { controller, fired, done, timer: None, listener: None, _on_timer: None };
        if let Some(signal) = signal {
            if signal.aborted() {
                fire(Fired::Signal);
                return Ok(deadline);
            }
            let f = fire.clone();
            let on_abort = Closure::<dyn FnMut()>::new(move || f(Fired::Signal));
            let _ = signal.add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
            deadline.listener = Some((signal.clone(), on_abort));
        }
        if ms > 0 {
            let on_timer = Closure::<dyn FnMut()>::new(move || fire(Fired::Timer));
            deadline.timer = set_timeout(on_timer.as_ref().unchecked_ref(), ms.min(i32::MAX as u32) as i32).ok();
            deadline._on_timer = Some(on_timer);
        }
        Ok(deadline)
    }

    /// Awaits `p`, or stops as soon as the deadline fires (then `fired` says why).
    async fn race(&self, p: Promise) -> Result<JsValue, JsValue> {
        JsFuture::from(Promise::race(&Array::of2(&p, &self.done))).await
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let Some(t) = self.timer.take() {
            let _ = clear_timeout(&t);
        }
        if let Some((signal, f)) = self.listener.take() {
            let _ = signal.remove_event_listener_with_callback("abort", f.as_ref().unchecked_ref());
        }
    }
}

// The global timers, typed: web-sys declares them on `Window` and `WorkerGlobalScope` only, and Node.js
// has neither.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout, catch)]
    fn set_timeout(handler: &Function, ms: i32) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = clearTimeout, catch)]
    fn clear_timeout(id: &JsValue) -> Result<(), JsValue>;
}

/// `response.body.getReader()`, when the response has a readable stream (fetch in browsers and Node.js).
/// Untyped: a test double's response may have none, and web-sys's typed `getReader` does not catch what
/// a locked or foreign stream throws.
fn body_reader(response: &JsValue) -> Option<JsValue> {
    let body = Reflect::get(response, &"body".into()).ok().filter(JsValue::is_object)?;
    call_method_checked(&body, "getReader", &[]).ok().filter(JsValue::is_object)
}

/// Calls a method, passing on what it throws.
fn call_method_checked(obj: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: Function = Reflect::get(obj, &JsValue::from_str(name))?.dyn_into()?;
    f.apply(obj, &args.iter().collect::<Array>())
}
