//! JSON text and the model: the exact (serde_json) reading and writing with `parse`/`schema` errors, the
//! fast reader that the hot paths try first, and the borrowed view it reads into.
//!
//! - `text`: the exact path ([`from_str`], [`from_value`], [`utf8`]) and how serde_json's errors become
//!   `parse` (line/column) or `schema` (field path) errors.
//! - `parse`: `ImageTag::parse`/`to_json`, `ImageTagList::parse`/`check` (the check asks the fast reader
//!   first).
//! - [`fast_reader`]: the conservative one-pass reader; what it accepts, the exact path accepts alike.
//! - [`view`]: the borrowed view of an ImageTag that validation and the history read, from text or model.

pub mod fast_reader;
mod parse;
mod text;
pub mod view;

pub(crate) use parse::{check_kind, read_list, want};
pub use text::{from_str, from_str_seed, from_value, to_value, utf8};
