//! Tag history (docs/js-api.md "Tag history"): a pure core that describes one ImageTag — its state decided from
//! spec, status and image together, the lines `oc describe imagestream` prints for it, the server table's
//! columns, and the history entries newest first — and renders that description as `oc` text, an
//! accessible HTML table, or a standalone SVG timeline.
//!
//! Everything is deterministic: every function takes the current time explicitly (Unix seconds); the
//! binding supplies `Date.now()` only when the caller gives no `options.now`.
//!
//! The HTML and SVG renderers write their markup once, into a [`markup::Sink`]: the escaping text sink
//! (the HTML and SVG strings), an element [`tree`], or the binding's DOM nodes, so all of them are the
//! same table by construction.

pub mod describe;
pub mod digest;
pub mod html;
pub mod list;
pub mod markup;
pub mod svg;
pub mod text;
pub mod tree;

pub use describe::{
    describe_list_text, describe_tag, describe_tag_with, describe_text, describe_view, table, table_row, HistoryEntry,
    ImportError, ListOut, Platform, SourceRef, Table, TableLine, TableRow, TagDescription, TagState,
    DEFAULT_DIGEST_LENGTH,
};
pub use digest::{digest_length, short_digest, short_digest_len, unique_short_digests, unique_short_lengths};

use crate::model::ImageTag;

/// The tag's block of `oc describe imagestream` (§4.1) as of `now` (Unix seconds).
pub fn render_text(tag: &ImageTag, now: i64) -> String {
    text::render_text(&describe_tag(tag, now))
}

/// The history as an HTML table fragment, as of `now` (Unix seconds).
pub fn render_html(tag: &ImageTag, now: i64) -> String {
    html::render_html(&describe_tag(tag, now))
}

/// The history as a standalone SVG timeline, as of `now` (Unix seconds).
pub fn render_svg(tag: &ImageTag, now: i64) -> String {
    svg::render_svg(&describe_tag(tag, now))
}
