//! `imagetag`: parse, validate, render and call the OpenShift `ImageTag` API (`image.openshift.io/v1`).
//!
//! The crate is a pure core (everything below except `wasm`) that compiles and tests natively, plus one
//! binding module for WebAssembly. The devserver reuses the same core, so client and server agree by
//! construction.
//!
//! The core, leaves first (each module uses only the ones above it):
//! - [`model`]: the lossless API types and their machinery (`Field`, `api_object!`, shape tables);
//! - [`status`]: the Kubernetes `Status` every API error carries;
//! - [`error`]: the one error type with its stable codes;
//! - [`time`]: RFC 3339 and `oc`'s relative durations;
//! - [`json`]: JSON text in and out (exact path), the fast reader, and the borrowed view of an ImageTag;
//! - [`reference`]: the pull-spec and tag-name grammars;
//! - [`validation`]: the server's rules for create, update and read;
//! - [`history`]: the tag description and its text, HTML and SVG renderings;
//! - [`client`]: sans-IO requests, answers and retries;
//! - [`sort`]: the one sort every module uses (one copy of the standard sort in the binary).

pub mod client;
pub mod error;
pub mod history;
pub mod json;
pub mod model;
pub mod reference;
pub mod sort;
pub mod status;
pub mod time;
pub mod validation;

pub use error::{Error, ErrorCode};
pub use model::*;
pub use status::{Status, StatusCause, StatusDetails};

#[cfg(target_arch = "wasm32")]
pub mod wasm;
