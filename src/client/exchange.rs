//! One call with its retries, sans IO: the transport sends [`Exchange::request`], hands what came back
//! (the answer, or its own error: network, timeout, aborted) to [`Exchange::next`], and does what that
//! says: wait and send the same request again, or finish with the parsed output or an error.

use crate::client::{interpret, Answer, Call, ClientConfig, Output, Request, RetryPolicy};
use crate::error::Error;

/// What to do after an attempt.
#[derive(Debug)]
pub enum Next {
    /// The call succeeded: the parsed body, and the body's text.
    Done { output: Box<Output>, body: String },
    /// Wait this many milliseconds, then send the request again.
    Wait(u32),
}

/// A call in progress: its request, and how many retries it has made.
#[derive(Debug)]
pub struct Exchange {
    pub request: Request,
    /// `METHOD path`, for messages.
    pub what: String,
    retry: RetryPolicy,
    retries: u32,
}

impl Exchange {
    /// Fails (code `name`) only when the request cannot be built ([`ClientConfig::request`]).
    pub fn new(config: &ClientConfig, call: &Call) -> Result<Exchange, Error> {
        let request = config.request(call)?;
        let what = request.describe(&config.base_url);
        Ok(Exchange { request, what, retry: config.retry, retries: 0 })
    }

    /// Judges one attempt by the retry policy ([`RetryPolicy::decide`]).
    pub fn next(&mut self, attempt: Result<Answer, Error>) -> Result<Next, Error> {
        let error = match attempt {
            Ok(answer) => match interpret(self.request.expect, &self.what, &answer) {
                Ok(output) => return Ok(Next::Done { output: Box::new(output), body: answer.body }),
                Err(e) => e,
            },
            Err(e) => e,
        };
        match self.retry.decide(self.request.method, self.retries, &error) {
            None => Err(error),
            Some(wait_ms) => {
                self.retries += 1;
                Ok(Next::Wait(wait_ms))
            }
        }
    }
}
