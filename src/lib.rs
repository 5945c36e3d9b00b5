//! `imagetag`: parse, validate, render and call the OpenShift `ImageTag` API (`image.openshift.io/v1`).
//!
//! The crate is a pure core (everything below except `wasm`) that compiles and tests natively, plus one
//! binding module for WebAssembly. The devserver reuses the same core, so client and server agree by
//! construction.

pub mod client;
pub mod error;
pub mod history;
pub mod json;
pub mod model;
pub mod reference;
pub mod status;
pub mod time;
pub mod validation;

pub use error::{Error, ErrorCode};
pub use model::*;
pub use status::{Status, StatusCause, StatusDetails};

#[cfg(target_arch = "wasm32")]
pub mod wasm;
