//! Bulk rendering (docs/js-api.md "Bulk"): every tag of an ImageTagList in one call, each output exactly
//! what the per-tag renderer gives for that tag. The outputs are written one after the other into one
//! string ([`Joined`]), so that a list costs one allocation that grows, and one crossing to JavaScript.

use super::describe::{describe_list_text, ListOut, TagDescription};
use super::markup::HtmlSink;
use crate::error::Error;

/// One output per tag, in the list's order, written one after the other: tag `i`'s is
/// `text[ends[i - 1]..ends[i]]` (from 0 for the first).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Joined {
    pub text: String,
    pub ends: Vec<usize>,
}

impl Joined {
    /// The outputs, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(self.ends.iter().copied()).map(|(a, b)| &self.text[a..b])
    }
}

/// Every tag's output appended to one string by `write`, which appends exactly what the per-tag function
/// returns. (Not generic: one copy of the list reader serves every output.)
pub fn join_list(
    text: &str,
    now: i64,
    digest_length: usize,
    write: &mut dyn FnMut(&TagDescription<'_>, &mut String),
) -> Result<Joined, Error> {
    struct Out<'w> {
        joined: Joined,
        write: &'w mut dyn FnMut(&TagDescription<'_>, &mut String),
        input: usize,
    }
    impl ListOut for Out<'_> {
        fn restart(&mut self) {
            self.joined.text.clear();
            self.joined.ends.clear();
        }
        fn push(&mut self, d: &TagDescription<'_>, read: usize) {
            let out = &mut self.joined.text;
            (self.write)(d, out);
            self.joined.ends.push(out.len());
            // Room for what the rest of the text will give at this rate, and an eighth more: the string grows
            // a few times by what it needs instead of doubling (and copying) from its first size.
            let projected = (out.len() as u64 * self.input as u64 / read.max(1) as u64) as usize;
            if projected > out.capacity() {
                out.reserve_exact(projected + projected / 8 - out.len());
            }
        }
    }
    // As long as the text to start with: the HTML of a tag is about as long as its whole GET text.
    let joined = Joined { text: String::with_capacity(text.len()), ends: Vec::new() };
    let mut out = Out { joined, write, input: text.len() };
    describe_list_text(text, now, digest_length, &mut out)?;
    Ok(out.joined)
}

/// [`super::html::render_html`] of every tag of ImageTagList JSON text.
pub fn render_html_list(text: &str, now: i64, digest_length: usize) -> Result<Joined, Error> {
    join_list(text, now, digest_length, &mut |d, out| HtmlSink::append(out, false, |s| super::html::emit_html(d, s)))
}

/// [`super::text::render_text`] of every tag of ImageTagList JSON text.
pub fn render_text_list(text: &str, now: i64, digest_length: usize) -> Result<Joined, Error> {
    join_list(text, now, digest_length, &mut |d, out| out.push_str(&super::text::render_text(d)))
}
