//! `imagetag-devserver`: a local `imagetags` API (image.openshift.io/v1) that behaves like an OpenShift
//! API server (docs/semantics.md §2), with a simulated import controller and registry, persistence,
//! fault injection, and the demo page on the same origin. See devserver/README.md.
//!
//! Layout:
//! - `config`: the command line (clap); `server`: accept loop, Host/CORS/nosniff checks, the routing table;
//!   `refused`: Status bodies for the requests the HTTP parser refuses;
//! - `http`: bodies, content types, query strings and `Status` answers; `errors`: the `Status` catalogue;
//! - `auth`: tokens, `--users` rules, 401/403 and access reviews; `tls`: `--tls-cert`/`--tls-key`;
//! - `api`: the API routes (imagetags, namespaces, access reviews); `simulator`: the `/simulator/v1/` routes;
//!   `upstream`: `--upstream`; `www`: static files (tower-http);
//! - what Kubernetes clients need besides the imagetags: `discovery`, `openapi`, `table` (server-side
//!   printing), `field_validation`, `namespaces`, `protobuf` (kubectl's access reviews), `kube` (Accept
//!   parsing and `Warning` headers);
//! - `app`: the running state (published snapshot, serialized writers, limits, saves);
//! - `store`: the pure semantics (streams stored, ImageTags derived); `imports`: the import controller;
//!   `registry`: the simulated registries; `sim`: the simulator's operations; `faults`: the fault queue;
//!   `patch`, `selectors`, `seed` (demo content), `persist` (the data file), `time`.
//!
//! The core's validator and reference grammar are called directly, so that the server's 422s are exactly
//! what the client-side validator predicts.

#![allow(clippy::result_large_err)] // Status is the error, as in the core crate.

pub mod api;
pub mod app;
pub mod auth;
pub mod config;
pub mod discovery;
pub mod errors;
pub mod faults;
pub mod field_validation;
pub mod http;
pub mod imports;
pub mod kube;
pub mod namespaces;
pub mod openapi;
pub mod patch;
pub mod persist;
pub mod protobuf;
pub mod refused;
pub mod registry;
pub mod seed;
pub mod selectors;
pub mod server;
pub mod sim;
pub mod simulator;
pub mod store;
pub mod table;
pub mod time;
pub mod tls;
pub mod upstream;
pub mod watch;
pub mod www;
