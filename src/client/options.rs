//! The option objects of the client's JS API (docs/js-api.md, "API client"), as `Deserialize` types the
//! binding reads with serde-wasm-bindgen, and the rules that turn them into what the core uses: required
//! fields, whole numbers, clamps and defaults. A wrong value is an [`Error`] of code `schema` with the
//! option's name as its path.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::client::watch::WatchOptions;
use crate::client::{ClientConfig, ListOptions, PatchType, RetryPolicy};
use crate::error::Error;

/// Most retries `maxRetries` may ask for; more is clamped to this.
pub const MAX_RETRIES_LIMIT: u32 = 100;

/// `new ImageTagClient(options)` minus `fetch` (a function, which the binding keeps). Serialized from a
/// [`ClientConfig`], it gives the same config back: the binding keeps it to make a client again.
#[derive(Deserialize, Serialize, Default, Debug)]
#[serde(rename_all = "camelCase")]
pub struct ClientOptions {
    pub base_url: Option<String>,
    pub token: Option<String>,
    pub headers: Option<BTreeMap<String, String>>,
    pub timeout_ms: Option<f64>,
    pub max_retries: Option<f64>,
    pub max_response_bytes: Option<f64>,
}

impl ClientOptions {
    /// The client's settings: `baseUrl` is required (`""` is the page's own origin); an empty token is no
    /// token; `timeoutMs` is clamped to `u32::MAX` ms, `maxRetries` to [`MAX_RETRIES_LIMIT`].
    pub fn config(self) -> Result<ClientConfig, Error> {
        let base_url = self
            .base_url
            .ok_or_else(|| Error::schema("baseUrl", "baseUrl is required (use \"\" for the page's own origin)"))?;
        let mut config = ClientConfig::new(base_url);
        config.token = self.token.filter(|t| !t.is_empty());
        if let Some(token) = &config.token {
            check_header_value(token, "token")?;
        }
        config.headers = self.headers.unwrap_or_default().into_iter().collect();
        for (name, value) in &config.headers {
            if !is_header_name(name) {
                return Err(Error::schema(
                    "headers",
                    format!("{name:?} is not a header name (letters, digits and !#$%&'*+-.^_`|~ only)"),
                ));
            }
            check_header_value(value, &format!("headers.{name}"))?;
        }
        if let Some(ms) = whole(self.timeout_ms, "timeoutMs")? {
            config.timeout_ms = ms.min(u32::MAX as u64) as u32;
        }
        if let Some(n) = whole(self.max_retries, "maxRetries")? {
            config.retry =
                RetryPolicy { max_retries: n.min(MAX_RETRIES_LIMIT as u64) as u32, ..RetryPolicy::default() };
        }
        if let Some(n) = whole(self.max_response_bytes, "maxResponseBytes")? {
            config.max_response_bytes = n;
        }
        Ok(config)
    }
}

/// A header name as `fetch`'s `Headers` takes it: an HTTP token (RFC 9110 §5.6.2).
fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// A header value as `fetch`'s `Headers` takes it: a byte string (no character above U+00FF) without NUL,
/// CR or LF. Checked when the client is made, so that no request fails on its headers: `Headers.append`
/// would throw for such a value.
fn check_header_value(value: &str, path: &str) -> Result<(), Error> {
    match value.chars().find(|&c| c > '\u{ff}' || matches!(c, '\0' | '\r' | '\n')) {
        None => Ok(()),
        Some(c) => Err(Error::schema(
            path,
            format!("cannot be sent in an HTTP header: it contains U+{:04X} (NUL, CR, LF or above U+00FF)", c as u32),
        )),
    }
}

impl From<&ClientConfig> for ClientOptions {
    fn from(c: &ClientConfig) -> ClientOptions {
        ClientOptions {
            base_url: Some(c.base_url.clone()),
            token: c.token.clone(),
            // Inserted one by one: `collect()` into a BTreeMap sorts first, a second copy of the standard
            // sort in the module (4 KB; src/sort.rs). The same map, the last of equal names kept.
            headers: Some(c.headers.iter().fold(BTreeMap::new(), |mut m, (k, v)| {
                m.insert(k.clone(), v.clone());
                m
            })),
            timeout_ms: Some(c.timeout_ms.into()),
            max_retries: Some(c.retry.max_retries.into()),
            max_response_bytes: Some(c.max_response_bytes as f64),
        }
    }
}

/// `RequestOptions` of `get`: only `signal`, which the binding reads itself.
#[derive(Deserialize, Default, Debug)]
pub struct RequestOptions {}

/// `ImageTagListOptions`.
#[derive(Deserialize, Default, Debug)]
#[serde(rename_all = "camelCase")]
pub struct ListOptionsIn {
    pub namespace: Option<String>,
    pub label_selector: Option<String>,
    pub field_selector: Option<String>,
    pub limit: Option<f64>,
    #[serde(rename = "continue")]
    pub continue_token: Option<String>,
}

impl ListOptionsIn {
    /// `limit` must be a non-negative whole number.
    pub fn list(self) -> Result<ListOptions, Error> {
        Ok(ListOptions {
            namespace: self.namespace,
            label_selector: self.label_selector,
            field_selector: self.field_selector,
            limit: whole(self.limit, "limit")?,
            continue_token: self.continue_token,
        })
    }
}

/// `WriteOptions` of `create`, `replace`, `updateSpec` and `replaceSpec`.
#[derive(Deserialize, Default, Debug)]
#[serde(rename_all = "camelCase")]
pub struct WriteOptions {
    pub dry_run: Option<bool>,
    pub validate: Option<bool>,
}

impl WriteOptions {
    pub fn dry_run(&self) -> bool {
        self.dry_run.unwrap_or(false)
    }
    /// Pre-submit validation is on unless `validate: false`.
    pub fn validate(&self) -> bool {
        self.validate.unwrap_or(true)
    }
}

/// `PatchOptions`.
#[derive(Deserialize, Default, Debug)]
#[serde(rename_all = "camelCase")]
pub struct PatchOptions {
    #[serde(rename = "type")]
    pub patch_type: Option<String>,
    pub dry_run: Option<bool>,
}

impl PatchOptions {
    /// `merge` when not given.
    pub fn patch_type(&self) -> Result<PatchType, Error> {
        match self.patch_type.as_deref() {
            None => Ok(PatchType::Merge),
            Some(t) => PatchType::parse(t).ok_or_else(|| {
                Error::schema("type", format!("unsupported patch type {t:?}: use 'merge', 'json' or 'strategic'"))
            }),
        }
    }
}

/// `DeleteOptions`.
#[derive(Deserialize, Default, Debug)]
#[serde(rename_all = "camelCase")]
pub struct DeleteOptions {
    pub dry_run: Option<bool>,
    pub uid: Option<String>,
}

impl DeleteOptions {
    /// The uid precondition, when one is given (an empty uid is none).
    pub fn uid(&self) -> Option<&str> {
        self.uid.as_deref().filter(|u| !u.is_empty())
    }
}

/// `ImageTagWatchOptions` of `client.watch` (`signal` is the binding's).
#[derive(Deserialize, Default, Debug)]
#[serde(rename_all = "camelCase")]
pub struct WatchOptionsIn {
    pub namespace: Option<String>,
    pub name: Option<String>,
    pub label_selector: Option<String>,
    pub poll_interval_ms: Option<f64>,
    pub timeout_seconds: Option<f64>,
}

impl WatchOptionsIn {
    /// `pollIntervalMs` and `timeoutSeconds` are positive whole numbers (clamped to a day: a longer wait is
    /// no different for a page, and the numbers stay in a timer's range).
    pub fn watch(self) -> Result<WatchOptions, Error> {
        let mut o = WatchOptions {
            namespace: self.namespace,
            name: self.name,
            label_selector: self.label_selector,
            ..WatchOptions::default()
        };
        if let Some(ms) = whole(self.poll_interval_ms, "pollIntervalMs")? {
            o.poll_interval_ms = ms.min(DAY_MS) as u32;
        }
        if let Some(s) = whole(self.timeout_seconds, "timeoutSeconds")? {
            o.timeout_seconds = s.min(DAY_MS / 1000) as u32;
        }
        Ok(o)
    }
}

const DAY_MS: u64 = 86_400_000;

/// A non-negative whole number option (`timeoutMs`, `maxRetries`, `maxResponseBytes`, `limit`).
pub fn whole(value: Option<f64>, what: &str) -> Result<Option<u64>, Error> {
    match value {
        None => Ok(None),
        Some(v) if v.is_finite() && v >= 0.0 && v.fract() == 0.0 => Ok(Some(v as u64)),
        Some(v) => Err(Error::schema(what, format!("expected a non-negative whole number, got {v}"))),
    }
}
