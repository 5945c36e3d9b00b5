//! JSON text and the model: the exact (serde_json) reading and writing with `parse`/`schema` errors, the
//! fast reader that the hot paths try first, and the borrowed views it reads into.

pub mod fast_reader;
mod parse;
mod text;
pub mod view;

pub(crate) use parse::{read_list, want};
pub use text::{from_str, from_value, utf8};
