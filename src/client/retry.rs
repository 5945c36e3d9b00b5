//! When to try a request again, and after how long.
//!
//! The exact policy ([`RetryPolicy::decide`]):
//!
//! | what happened | GET (get, list) | POST / PUT / PATCH / DELETE |
//! | --- | --- | --- |
//! | 429 TooManyRequests | retry | retry |
//! | 503 ServiceUnavailable | retry | retry |
//! | 500 with `reason: ServerTimeout` (§2.6, §2.9: the server gave up before writing) | retry | retry |
//! | 504 Gateway Timeout | retry | **no**: "may still be processing the request" |
//! | network failure (connection refused or dropped, CORS, DNS) | retry | **no**: a write may have reached the server |
//! | any other answer (4xx, other 5xx), timeout, abort, bad 2xx body | no | no |
//!
//! At most `max_retries` retries (so `max_retries + 1` attempts). The wait before retry *n* (1-based) is
//! the server's `Retry-After` header (seconds) or else its `details.retryAfterSeconds`, or when neither is
//! given `default_wait_ms · 2^(n-1)`; every wait is capped at `max_wait_ms`. The caller's `AbortSignal`
//! also ends a wait. When no retry is left, the last error is the result (with the server's `Status` and
//! `retryAfterSeconds`, so an application can schedule its own retry).

use crate::client::Method;
use crate::error::{Error, ErrorCode};

/// Default number of retries after the first attempt.
pub const DEFAULT_MAX_RETRIES: u32 = 3;
/// Default first wait when the server names none (doubling on each further retry).
pub const DEFAULT_WAIT_MS: u32 = 1_000;
/// Default cap on each single wait.
pub const DEFAULT_MAX_WAIT_MS: u32 = 10_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (`maxRetries`); `0` disables retrying.
    pub max_retries: u32,
    /// First wait when the server names none; doubled for each further retry.
    pub default_wait_ms: u32,
    /// Cap on each single wait, whatever the server asks.
    pub max_wait_ms: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: DEFAULT_MAX_RETRIES,
            default_wait_ms: DEFAULT_WAIT_MS,
            max_wait_ms: DEFAULT_MAX_WAIT_MS,
        }
    }
}

impl RetryPolicy {
    /// Whether the failure says the server did not carry the request out (so sending it again cannot do
    /// anything twice), for a request with this method.
    pub fn is_retryable(method: Method, error: &Error) -> bool {
        match error.code {
            ErrorCode::Api => {
                let reason = error.status.as_ref().map(|s| s.reason()).unwrap_or("");
                match error.http_status {
                    Some(429) | Some(503) => true,
                    Some(500) => reason == "ServerTimeout",
                    Some(504) => method.is_read(),
                    _ => false,
                }
            }
            ErrorCode::Network => method.is_read(),
            _ => false,
        }
    }

    /// The wait in milliseconds before the next attempt, or `None` to give up with `error`.
    /// `retries_done` counts the retries already made (0 after the first attempt).
    pub fn decide(&self, method: Method, retries_done: u32, error: &Error) -> Option<u32> {
        if retries_done >= self.max_retries || !Self::is_retryable(method, error) {
            return None;
        }
        let wait = match error.retry_after_seconds {
            Some(s) => (s as u64).saturating_mul(1000),
            None => (self.default_wait_ms as u64).saturating_mul(1u64 << retries_done.min(31)),
        };
        Some(wait.min(self.max_wait_ms as u64) as u32)
    }
}
