//! The one error type of the core. The wasm binding turns it into a JS `ImageTagError` in one place.

use std::fmt;

use crate::status::{Status, StatusCause};

/// The stable `code` of an [`Error`], as JS code sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    /// Input text is not JSON (`line`, `column`).
    Parse,
    /// JSON of the wrong shape (`path`).
    Schema,
    /// `parseImageReference` rejected a pull spec.
    Reference,
    /// `splitImageTagName` rejected a name.
    Name,
    /// The client's own pre-submit validation refused a create/replace (`causes`).
    Invalid,
    /// The server answered with a non-2xx status (`status`).
    Api,
    /// The request never got an answer (offline, CORS, DNS, connection dropped).
    Network,
    /// The request ran past `timeoutMs`.
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// A bug or a resource limit inside the package (a Rust panic, a WebAssembly trap, out of memory):
    /// the message says what happened; the module is reset before the next call.
    Internal,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Parse => "parse",
            ErrorCode::Schema => "schema",
            ErrorCode::Reference => "reference",
            ErrorCode::Name => "name",
            ErrorCode::Invalid => "invalid",
            ErrorCode::Api => "api",
            ErrorCode::Network => "network",
            ErrorCode::Timeout => "timeout",
            ErrorCode::Aborted => "aborted",
            ErrorCode::Internal => "internal",
        }
    }
}

/// A failure with a stable code and the fields that code carries.
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
    /// 1-based, for `parse`.
    pub line: Option<usize>,
    /// 1-based, for `parse`.
    pub column: Option<usize>,
    /// Field path, for `schema`.
    pub path: Option<String>,
    /// Causes in the server's shape, for `invalid`.
    pub causes: Vec<StatusCause>,
    /// HTTP status code, for `api`.
    pub http_status: Option<u16>,
    /// The server's whole `Status`, for `api` (boxed: it is large, and errors travel in every `Result`).
    pub status: Option<Box<Status>>,
    /// Seconds the server asked to wait, for `api`.
    pub retry_after_seconds: Option<u32>,
}

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            line: None,
            column: None,
            path: None,
            causes: Vec::new(),
            http_status: None,
            status: None,
            retry_after_seconds: None,
        }
    }
    pub fn parse(message: impl Into<String>, line: usize, column: usize) -> Self {
        Error { line: Some(line), column: Some(column), ..Error::new(ErrorCode::Parse, message) }
    }
    pub fn schema(path: impl Into<String>, message: impl Into<String>) -> Self {
        let path = path.into();
        let message = message.into();
        let message = if path.is_empty() { message } else { format!("{path}: {message}") };
        Error { path: Some(path), ..Error::new(ErrorCode::Schema, message) }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let (Some(l), Some(c)) = (self.line, self.column) {
            write!(f, " at line {l} column {c}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}
