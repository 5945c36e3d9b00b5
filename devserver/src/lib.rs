//! `imagetag-devserver`: a local `imagetags` API (image.openshift.io/v1) that behaves like an OpenShift
//! API server (imagetag-semantics.md §2), with a simulated import controller and registry, persistence,
//! fault injection, and the demo page on the same origin. See devserver/README.md.
//!
//! Layout: `store` is the pure semantics (streams stored, ImageTags derived), `registry` the simulated
//! registries, `sim` the simulator endpoints and faults, `seed` the demo content, `persist` the data
//! file, `server` the thin HTTP layer. The core's validator and reference grammar are called
//! directly, so that the server's 422s are exactly what the client-side validator predicts.

#![allow(clippy::result_large_err)] // Status is the error, as in the core crate.

pub mod errors;
pub mod imports;
pub mod patch;
pub mod persist;
pub mod registry;
pub mod seed;
pub mod selectors;
pub mod server;
pub mod sim;
pub mod store;
pub mod time;
