//! Export: the class `ImageTagClient` (docs/js-api.md "API client"), and its fetch transport.
//!
//! Every decision about a call is the pure core's (`crate::client`): the options' rules
//! (`client::options`, which also checks every header name and value), the request, what an answer means
//! and whether to retry (`client::Exchange`), and `updateSpec`'s read-modify-write with its 409 retry
//! (`client::write::SpecUpdate`). This file decodes the arguments, performs the steps the core asks for,
//! and encodes the result: it sends each request, reads the whole body under the per-attempt timeout,
//! sleeps between retries, and wires `AbortSignal`s.
//!
//! The transport is on gloo-net (`http` feature):
//! - without an injected `fetch`, every request is built with gloo-net's `RequestBuilder` (method, headers,
//!   body, abort signal) into a `web_sys::Request`, which is handed to the global `fetch` through a typed
//!   binding (`global_fetch`);
//! - every answer that is a `Response` (from the global fetch or an injected one) is read through
//!   `gloo_net::http::Response`: status, status text, `headers().get`, the body stream (`body()`), read
//!   with web-sys's typed reader;
//! - an injected `fetch` is called as `fetch(url, init)` with `init` a `RequestInit` whose `headers` is a
//!   plain object (docs/js-api.md, `fetch`); what it gives that is not a `Response` (a test double's
//!   `{ status, headers: { get }, text }`) is read with `Reflect`, for what it may or may not have
//!   ([`Reply::Foreign`]), and without a status or `text()` it is a `network` error.
//!
//! What of gloo-net is not used, and why (gloo-net 0.7.0's source):
//! - `send()` (of `Request` and `RequestBuilder`): a rejected fetch goes through its `js_to_error`, which
//!   keeps only the error's name and message, so the `cause` where Node.js's undici says `ECONNREFUSED` or
//!   `other side closed` is lost (tests/node/client-faults.test.mjs asserts it in the message); a rejection
//!   that is not an `Error` hits `unreachable!`, and a fulfilment that is not a `Response` hits `panic!`:
//!   either would abort the module inside an async call (code `internal`, a reset) for what is only a
//!   failed request. The typed `global_fetch` keeps the rejection value whole.
//! - `Response::text()`: it unwraps `text()`, and its await cannot be raced against the deadline. A
//!   `Response` without a body stream has an empty body (the Fetch standard), so it is never needed.
//! - `RequestBuilder::header` appends with `unwrap_throw`, which would throw through the module's frames
//!   for a header the engine refuses: the core refuses such a header when the client is made
//!   (`ClientOptions::config`), so that append never throws. `build()`'s own errors (a URL `new Request`
//!   refuses) are engine `Error`s and arrive as values.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_net::http::RequestBuilder;
use js_sys::Uint8Array;
use js_sys::{Array, Function, Object, Promise, Reflect};
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{
    AbortController, AbortSignal, ReadableStream, ReadableStreamDefaultReader, ReadableStreamReadResult, RequestInit,
    TextDecodeOptions, TextDecoder,
};

use super::{input_text, js_error, json_out, string_arg};
use crate::client::options::{ClientOptions, DeleteOptions, ListOptionsIn, PatchOptions, RequestOptions, WriteOptions};
use crate::client::write::{check_patch, prepare_write, SpecUpdate, WriteKind};
use crate::client::{body_too_large, Answer, Call, ClientConfig, Exchange, Method, Next, Output, Request};
use crate::error::{Error, ErrorCode};
use crate::model::ImageTag;

#[wasm_bindgen(typescript_custom_section)]
const CLIENT_TS: &'static str = include_str!("../../types/client.d.ts");

/// A client for the `imagetags` endpoints of `image.openshift.io/v1`. See `ImageTagClientOptions` and
/// docs/client.md for the retry policy and the quirks of this API.
#[wasm_bindgen]
pub struct ImageTagClient {
    pub(super) inner: Rc<Inner>,
}

pub(super) struct Inner {
    pub(super) config: ClientConfig,
    fetch: Option<Function>,
}

fn decode<T: for<'de> Deserialize<'de> + Default>(value: &JsValue, what: &str) -> Result<T, JsValue> {
    super::from_js(value.clone(), what)
}

/// `options.signal`, when it is given.
pub(super) fn signal_of(options: &JsValue) -> Option<AbortSignal> {
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
    /// (src/wasm/recovery.rs), so that a client outlives a trap elsewhere.
    #[wasm_bindgen(js_name = __options, skip_typescript)]
    pub fn options(&self) -> JsValue {
        let o = super::to_js(&ClientOptions::from(&self.inner.config));
        if let Some(f) = &self.inner.fetch {
            let _ = Reflect::set(&o, &"fetch".into(), f);
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
    pub(super) async fn attempt(
        &self,
        request: &Request,
        what: &str,
        signal: Option<&AbortSignal>,
    ) -> Result<Answer, Error> {
        let deadline = Deadline::new(self.config.timeout_ms, signal)?;
        let (reply, sent_request) = self.open(request, what, &deadline).await?;
        let answer = self.read_answer(&reply, request, what, &deadline).await;
        drop(sent_request);
        answer
    }

    /// The rest of an answer whose head has arrived: its whole body, racing the deadline.
    pub(super) async fn read_answer(
        &self,
        reply: &Reply,
        request: &Request,
        what: &str,
        deadline: &Deadline,
    ) -> Result<Answer, Error> {
        let fired = |d: &Deadline| d.error(what, self.config.timeout_ms);
        let network = |e: JsValue| fired(deadline).unwrap_or_else(|| network_error(what, &e));
        let status = reply.status();
        let status_text = reply.status_text();
        let content_type = reply.header("content-type");
        let retry_after = reply.header("retry-after");
        let limit = self.config.max_response_bytes;
        let success = (200..300).contains(&status);
        let too_large = || {
            // Stop the transfer (the connection is closed) rather than let the rest arrive.
            deadline.controller.abort();
            body_too_large(request.expect, what, status, limit)
        };
        let declared = reply.header("content-length").and_then(|v| v.trim().parse::<u64>().ok());
        if success && declared.is_some_and(|n| n > limit) {
            return Err(too_large());
        }
        let body = match reply.body() {
            // Read chunk by chunk, counting bytes, so an endless or huge body stops at the limit.
            Some(stream) => {
                // A locked or used stream is refused here, as an error value (`getReader` would throw).
                let reader = ReadableStreamDefaultReader::new(&stream).map_err(network)?;
                let decoder = TextDecoder::new().map_err(network)?;
                let options = TextDecodeOptions::new();
                options.set_stream(true);
                let mut text = String::new();
                let mut total: u64 = 0;
                loop {
                    let chunk: ReadableStreamReadResult =
                        deadline.race(reader.read()).await.map_err(network)?.unchecked_into();
                    if let Some(e) = fired(deadline) {
                        return Err(e);
                    }
                    if chunk.get_done().unwrap_or(true) {
                        break;
                    }
                    // A stream of anything but bytes (an injected fetch's own stream) cannot be read as this
                    // answer's body: code `network`, as for a fetch that returns no Response.
                    let mut bytes: Uint8Array = match chunk.get_value().dyn_into() {
                        Ok(bytes) => bytes,
                        Err(v) => {
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
                    text.push_str(&decoder.decode_with_js_u8_array_and_options(&bytes, &options).map_err(network)?);
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
            // A Response without a stream has an empty body (the Fetch standard: body is null).
            None if matches!(reply, &Reply::Web(_)) => String::new(),
            // A test double's response without a stream: its text() as it is.
            None => {
                let reading = reply.foreign_text().ok_or_else(|| {
                    Error::new(ErrorCode::Network, format!("{what}: fetch returned something that is not a Response"))
                })?;
                let body = deadline.race(Promise::resolve(&reading.map_err(network)?)).await.map_err(network)?;
                if let Some(e) = fired(deadline) {
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

    /// Sends one request and waits for the head of its answer, racing the deadline, whose controller's signal
    /// the request carries. Also gives the gloo-built `Request`, for the caller to hold until the body is read:
    /// its signal follows the controller's through a weak reference in Node.js's undici, so a Request
    /// collected mid-body would no longer pass on the abort that closes the connection
    /// (tests/node/client-faults.test.mjs, "a body that streams forever").
    pub(super) async fn open(
        &self,
        request: &Request,
        what: &str,
        deadline: &Deadline,
    ) -> Result<(Reply, Option<web_sys::Request>), Error> {
        let fired = |d: &Deadline| d.error(what, self.config.timeout_ms);
        if let Some(e) = fired(deadline) {
            return Err(e);
        }
        let network = |e: JsValue| fired(deadline).unwrap_or_else(|| network_error(what, &e));
        let signal = deadline.controller.signal();
        let mut sent_request: Option<web_sys::Request> = None;
        let sent = match &self.fetch {
            Some(fetch) => {
                // docs/js-api.md, `fetch`: called as fetch(url, init), with init.headers a plain object.
                let headers = Object::from_entries(
                    &request.headers.iter().map(|(k, v)| Array::of2(&k.into(), &v.into())).collect::<Array>(),
                )
                .map_err(network)?;
                let init = RequestInit::new();
                init.set_method(request.method.as_str());
                init.set_headers(&headers);
                if let Some(body) = &request.body {
                    init.set_body(&JsValue::from_str(body));
                }
                init.set_signal(Some(&signal));
                // `this` is the global object: a bare `window.fetch` passed as the option works.
                fetch.call2(&js_sys::global(), &JsValue::from_str(&request.url), &init).map_err(network)?
            }
            None => {
                let mut builder =
                    RequestBuilder::new(&request.url).method(http_method(request.method)).abort_signal(Some(&signal));
                // Names and values were checked by the core (`client::options`): `append` cannot refuse them.
                for (k, v) in &request.headers {
                    builder = builder.header(k, v);
                }
                let built = match &request.body {
                    Some(body) => builder.body(JsValue::from_str(body)),
                    None => builder.build(),
                };
                // No Request can be made (a URL `new Request` refuses, or no `Request` at all): `build` says
                // why as an Error of the engine's, which gloo-net keeps.
                let built = built.map_err(|e| match e {
                    gloo_net::Error::JsError(e) if e.name == "ReferenceError" => no_fetch(&e.message, what),
                    gloo_net::Error::JsError(e) => fired(deadline).unwrap_or_else(|| {
                        Error::new(ErrorCode::Network, format!("{what}: network error: {}", e.message))
                    }),
                    e => Error::new(ErrorCode::Network, format!("{what}: network error: {e}")),
                })?;
                global_fetch(sent_request.insert(built.into()))
                    .map_err(|e| {
                        if e.is_instance_of::<js_sys::ReferenceError>() {
                            no_fetch(&js_message(&e), what)
                        } else {
                            network(e)
                        }
                    })?
                    .into()
            }
        };
        let reply = Reply::of(deadline.race(Promise::resolve(&sent)).await.map_err(network)?);
        if let Some(e) = fired(deadline) {
            return Err(e);
        }
        Ok((reply, sent_request))
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

/// A fetch that failed, with the engine's reason.
pub(super) fn network_error(what: &str, e: &JsValue) -> Error {
    Error::new(ErrorCode::Network, format!("{what}: network error: {}", js_message(e)))
}

pub(super) fn aborted(what: &str) -> Error {
    Error::new(ErrorCode::Aborted, format!("{what}: aborted by the caller's AbortSignal"))
}

/// The message of a thrown JS value (`TypeError: Failed to fetch` → `Failed to fetch`), with its cause.
fn js_message(e: &JsValue) -> String {
    let mut msg = match e.dyn_ref::<js_sys::Error>() {
        Some(err) => String::from(err.message()),
        None => e.as_string().unwrap_or_else(|| "fetch failed".to_string()),
    };
    // Node's undici puts the real reason (ECONNREFUSED, "other side closed") in `cause`. Read with Reflect:
    // a rejection value is whatever a fetch made it, and a getter there may throw.
    if let Ok(cause) = Reflect::get(e, &"cause".into()) {
        if let Some(c) = cause.dyn_ref::<js_sys::Error>() {
            msg = format!("{msg} ({})", String::from(c.message()));
        }
    }
    msg
}

/// Waits `ms` milliseconds before a retry; the caller's signal ends the wait with code `aborted`.
pub(super) async fn sleep(ms: u32, signal: Option<&AbortSignal>, what: &str) -> Result<(), Error> {
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
pub(super) enum Fired {
    No,
    Timer,
    Signal,
}

/// An `AbortController` for one attempt, aborted by a timer (`ms`, `0` = none) or by the caller's signal,
/// and a promise that resolves when either fires, to race every await of the attempt against (so a
/// `fetch` that ignores its signal, or a body that never ends, still stops). Dropping it clears the timer
/// and removes the listener from the caller's signal.
pub(super) struct Deadline {
    pub(super) controller: AbortController,
    pub(super) fired: Rc<Cell<Fired>>,
    done: Promise,
    timer: Option<JsValue>,
    listener: Option<(AbortSignal, Closure<dyn FnMut()>)>,
    on_timer: Option<Closure<dyn FnMut()>>,
}

impl Deadline {
    pub(super) fn new(ms: u32, signal: Option<&AbortSignal>) -> Result<Deadline, Error> {
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
        let mut deadline = Deadline { controller, fired, done, timer: None, listener: None, on_timer: None };
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
        deadline.on_timer = Some(Closure::<dyn FnMut()>::new(move || fire(Fired::Timer)));
        deadline.rearm(ms);
        Ok(deadline)
    }

    /// Starts the timer again, to fire `ms` from now (`0`: no timer), unless it has fired: a watch's body
    /// is given up when no byte came for a while.
    pub(super) fn rearm(&mut self, ms: u32) {
        if let Some(t) = self.timer.take() {
            let _ = clear_timeout(&t);
        }
        if let (true, Fired::No, Some(f)) = (ms > 0, self.fired.get(), &self.on_timer) {
            self.timer = set_timeout(f.as_ref().unchecked_ref(), ms.min(i32::MAX as u32) as i32).ok();
        }
    }

    /// What fired, as the error of the request `what` (`None`: nothing fired).
    pub(super) fn error(&self, what: &str, timeout_ms: u32) -> Option<Error> {
        match self.fired.get() {
            Fired::Timer => Some(Error::new(
                ErrorCode::Timeout,
                format!("{what}: no complete answer within {timeout_ms} ms (timeoutMs)"),
            )),
            Fired::Signal => Some(aborted(what)),
            Fired::No => None,
        }
    }

    /// Awaits `p`, or stops as soon as the deadline fires (then `fired` says why).
    pub(super) async fn race(&self, p: Promise) -> Result<JsValue, JsValue> {
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

// The global `fetch`, called with a gloo-net-built `Request`. Not gloo-net's own `send()`: README "Design
// choices" and the module comment say why. `catch`: a missing global is a ReferenceError value here.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch, catch)]
    fn global_fetch(request: &web_sys::Request) -> Result<Promise, JsValue>;
}

/// What a fetch answered: a `Response`, read through gloo-net, or (from an injected fetch) anything else,
/// read for what it may or may not have, as a test double's `{ status, headers: { get }, text }`.
pub(super) enum Reply {
    Web(gloo_net::http::Response),
    Foreign(JsValue),
}

impl Reply {
    pub(super) fn of(value: JsValue) -> Reply {
        match value.dyn_into::<web_sys::Response>() {
            Ok(response) => Reply::Web(response.into()),
            Err(value) => Reply::Foreign(value),
        }
    }

    pub(super) fn status(&self) -> u16 {
        match self {
            Reply::Web(r) => r.status(),
            Reply::Foreign(v) => Reflect::get(v, &"status".into()).ok().and_then(|s| s.as_f64()).unwrap_or(0.0) as u16,
        }
    }

    fn status_text(&self) -> String {
        match self {
            Reply::Web(r) => r.status_text(),
            Reply::Foreign(v) => {
                Reflect::get(v, &"statusText".into()).ok().and_then(|s| s.as_string()).unwrap_or_default()
            }
        }
    }

    /// A header's value; `name` is one of the client's fixed, valid names.
    fn header(&self, name: &str) -> Option<String> {
        match self {
            Reply::Web(r) => r.headers().get(name),
            Reply::Foreign(v) => {
                let headers = Reflect::get(v, &"headers".into()).ok()?;
                let get: Function = Reflect::get(&headers, &"get".into()).ok()?.dyn_into().ok()?;
                get.call1(&headers, &JsValue::from_str(name)).ok()?.as_string()
            }
        }
    }

    /// The body stream, when there is one (a foreign answer's only if it is a `ReadableStream`).
    pub(super) fn body(&self) -> Option<ReadableStream> {
        match self {
            Reply::Web(r) => r.body(),
            Reply::Foreign(v) => Reflect::get(v, &"body".into()).ok()?.dyn_into().ok(),
        }
    }

    /// A foreign answer's `text()`: `None` when it has none, else what calling it gave or threw.
    fn foreign_text(&self) -> Option<Result<JsValue, JsValue>> {
        let Reply::Foreign(v) = self else { return None };
        let text: Function = Reflect::get(v, &"text".into()).ok()?.dyn_into().ok()?;
        Some(text.call0(v))
    }
}

fn http_method(m: Method) -> gloo_net::http::Method {
    use gloo_net::http::Method as M;
    match m {
        Method::Get => M::GET,
        Method::Post => M::POST,
        Method::Put => M::PUT,
        Method::Patch => M::PATCH,
        Method::Delete => M::DELETE,
    }
}

/// No request could be made: this environment has no `fetch` (or no `Request`).
fn no_fetch(why: &str, what: &str) -> Error {
    Error::new(
        ErrorCode::Network,
        format!("{what}: no fetch function: this environment has no global fetch ({why}), pass options.fetch"),
    )
}
