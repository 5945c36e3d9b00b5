//! One description of the markup, several outputs. The HTML table and the SVG timeline are each written
//! once, as calls on a [`Sink`]: open an element, add attributes, add text, close it. The sinks are
//! - [`HtmlSink`]: markup text with escaping, written straight into one string (`renderTagHistoryHtml`,
//!   `renderTagHistorySvg`; the fast path: no tree is built);
//! - [`TreeSink`](super::tree::TreeSink): an element tree, for tests and tools that inspect the drawing;
//! - the binding's DOM sink (`renderTagHistoryInto`), which calls `createElement` / `setAttribute` /
//!   `createTextNode` as the calls arrive.
//!
//! Element and attribute names, and the values fixed in a [`Tag`], are `&'static str`: only the renderer
//! names them (the [`tag!`] macro checks at compile time that such a value needs no escaping). Object
//! strings only ever reach a sink as text or as an attribute value, which every sink cleans (characters
//! XML forbids become U+FFFD, see [`clean`](super::tree::clean)) and the text sink escapes.

use std::fmt::Write as _;

/// The SVG namespace (the value of the timeline's `xmlns`).
pub const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// An element as the renderer opens it: its name, the attributes whose values it fixes, and optionally
/// the name of one attribute whose value it gives when opening (see [`Sink::open_with`]), with the same
/// start and end tags as markup text (made from the same tokens by [`tag!`]).
#[derive(Debug)]
pub struct Tag {
    pub name: &'static str,
    pub attrs: &'static [(&'static str, &'static str)],
    /// The attribute [`Sink::open_with`] gives a value to (`""`: none).
    pub given: &'static str,
    /// `<name a="v"`: the start tag without its `>`.
    pub start: &'static str,
    /// `<name a="v">`.
    pub open: &'static str,
    /// `<name a="v" given="`: the start tag up to the given attribute's value.
    pub start_given: &'static str,
    /// `</name>`.
    pub close: &'static str,
}

/// `tag!("td", "class" = "imagetag-col-age")`: a `&'static Tag`; `tag!("code", "dir" = "ltr"; "title")` also
/// names the attribute `open_with` gives. Fails to compile when a fixed value holds a character that would
/// need escaping.
macro_rules! tag {
    ($name:literal $(, $a:literal = $v:literal)* $(; $given:literal)? $(,)?) => {{
        const T: &$crate::history::markup::Tag = &$crate::history::markup::Tag {
            name: $name,
            attrs: &[$(($a, $v)),*],
            given: concat!("" $(, $given)?),
            start: concat!("<", $name $(, " ", $a, "=\"", $v, "\"")*),
            open: concat!("<", $name $(, " ", $a, "=\"", $v, "\"")*, ">"),
            start_given: concat!("<", $name $(, " ", $a, "=\"", $v, "\"")* $(, " ", $given, "=\"")?),
            close: concat!("</", $name, ">"),
        };
        const _: () = assert!($crate::history::markup::plain_tag(T), "a fixed value needs escaping");
        T
    }};
}
pub(crate) use tag;

/// No name or fixed value of the tag holds `& < > " '`, a control character or a space in a name.
pub const fn plain_tag(t: &Tag) -> bool {
    if !plain(t.name.as_bytes(), true) || !(t.given.is_empty() || plain(t.given.as_bytes(), true)) {
        return false;
    }
    let mut i = 0;
    while i < t.attrs.len() {
        if !plain(t.attrs[i].0.as_bytes(), true) || !plain(t.attrs[i].1.as_bytes(), false) {
            return false;
        }
        i += 1;
    }
    true
}

const fn plain(b: &[u8], name: bool) -> bool {
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c < 0x20 || c == 0x7f || matches!(c, b'&' | b'<' | b'>' | b'"' | b'\'') || (name && c == b' ') {
            return false;
        }
        i += 1;
    }
    !name || !b.is_empty()
}

/// Where the renderers write. Calls nest: every [`open`](Sink::open) / [`start`](Sink::start) is matched
/// by a [`close`](Sink::close) of the same tag; attributes come right after `start`, before any content.
pub trait Sink {
    /// Opens an element with the attributes of the tag only.
    fn open(&mut self, tag: &'static Tag);
    /// Opens an element to which [`attr`](Sink::attr) calls add attributes.
    fn start(&mut self, tag: &'static Tag) {
        self.open(tag)
    }
    /// Opens an element with the attributes of the tag and its [`given`](Tag::given) attribute set to
    /// `value` (a value the renderer computes or takes from the object).
    fn open_with(&mut self, tag: &'static Tag, value: &str) {
        self.start(tag);
        self.attr(tag.given, value);
    }
    /// [`open_with`](Sink::open_with) the concatenation of `parts`.
    fn open_with_parts(&mut self, tag: &'static Tag, parts: &[&str]) {
        self.start(tag);
        self.attr_parts(tag.given, parts);
    }
    /// [`open_with`](Sink::open_with) a value the renderer made that needs no cleaning or escaping.
    fn open_with_plain(&mut self, tag: &'static Tag, value: &str) {
        self.start(tag);
        self.attr_plain(tag.given, value);
    }
    /// An attribute whose value the renderer computes or takes from the object.
    fn attr(&mut self, name: &'static str, value: &str);
    /// An attribute whose value is the concatenation of `parts`.
    fn attr_parts(&mut self, name: &'static str, parts: &[&str]) {
        self.attr(name, &parts.concat());
    }
    /// An attribute whose value is a number.
    fn attr_num(&mut self, name: &'static str, n: i64) {
        self.attr(name, SmallText::of(n).as_str());
    }
    /// Text (adjacent texts join into one text node).
    fn text(&mut self, text: &str);
    /// Text the renderer made that needs no cleaning or escaping (a fixed word, digits, a time).
    fn text_plain(&mut self, text: &str) {
        self.text(text)
    }
    /// An attribute value the renderer made that needs no cleaning or escaping.
    fn attr_plain(&mut self, name: &'static str, value: &str) {
        self.attr(name, value)
    }
    /// A number as text.
    fn num(&mut self, n: i64) {
        self.text(SmallText::of(n).as_str());
    }
    /// Closes the innermost open element, which `tag` opened.
    fn close(&mut self, tag: &'static Tag);

    /// `open`, `text`, `close`.
    fn leaf(&mut self, tag: &'static Tag, text: &str) {
        self.open(tag);
        self.text(text);
        self.close(tag);
    }
    /// `open`, `text_plain`, `close`.
    fn leaf_plain(&mut self, tag: &'static Tag, text: &str) {
        self.open(tag);
        self.text_plain(text);
        self.close(tag);
    }
}

/// Markup text: HTML (`xml = false`) or XML (`xml = true`: empty elements self-close). Texts and attribute
/// values are cleaned and escaped in one pass; fixed markup is copied as is.
pub struct HtmlSink {
    out: String,
    xml: bool,
    /// A start tag is written up to its attributes and still needs its `>`.
    pending: bool,
}

impl HtmlSink {
    pub fn new(xml: bool, capacity: usize) -> HtmlSink {
        HtmlSink { out: String::with_capacity(capacity), xml, pending: false }
    }
    pub fn finish(self) -> String {
        self.out
    }
    /// What `emit` writes, as markup text (`xml`: empty elements self-close) in a string of `capacity`.
    pub fn write(xml: bool, capacity: usize, emit: impl FnOnce(&mut HtmlSink)) -> String {
        let mut s = HtmlSink::new(xml, capacity);
        emit(&mut s);
        s.finish()
    }
    /// What `emit` writes, as markup text, appended to `out` (the same text [`write`](Self::write) returns).
    pub fn append(out: &mut String, xml: bool, emit: impl FnOnce(&mut HtmlSink)) {
        let mut s = HtmlSink { out: std::mem::take(out), xml, pending: false };
        emit(&mut s);
        *out = s.finish();
    }
    #[inline(always)]
    fn seal(&mut self) {
        if self.pending {
            self.out.push('>');
            self.pending = false;
        }
    }
    /// [`clean`](super::tree::clean) then [`escape_into`](super::tree::escape_into), in one pass, copying
    /// runs of ordinary characters at once.
    fn escaped(&mut self, s: &str) {
        let b = s.as_bytes();
        let mut start = 0;
        let mut i = 0;
        loop {
            // The next byte that may need a replacement below (eight or sixteen bytes at a time).
            i = crate::json::fast_reader::html_special(b, i);
            if i >= b.len() {
                break;
            }
            let c = b[i];
            let rep: &str = match c {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\'' => "&#39;",
                b'\t' | b'\n' | b'\r' => {
                    i += 1;
                    continue;
                }
                0..=0x1f => "\u{fffd}",
                // U+FFFE / U+FFFF are EF BF BE / EF BF BF in UTF-8.
                0xef if b.get(i + 1) == Some(&0xbf) && matches!(b.get(i + 2), Some(0xbe | 0xbf)) => {
                    self.out.push_str(&s[start..i]);
                    self.out.push('\u{fffd}');
                    i += 3;
                    start = i;
                    continue;
                }
                _ => {
                    i += 1;
                    continue;
                }
            };
            self.out.push_str(&s[start..i]);
            self.out.push_str(rep);
            i += 1;
            start = i;
        }
        self.out.push_str(&s[start..]);
    }
    #[inline]
    fn attr_name(&mut self, name: &'static str) {
        debug_assert!(self.pending, "attribute {name} after content");
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
    }
}

impl Sink for HtmlSink {
    #[inline(always)]
    fn open(&mut self, tag: &'static Tag) {
        self.seal();
        if self.xml {
            // Kept open so that an empty element can self-close.
            self.out.push_str(tag.start);
            self.pending = true;
        } else {
            self.out.push_str(tag.open);
        }
    }
    #[inline]
    fn start(&mut self, tag: &'static Tag) {
        self.seal();
        self.out.push_str(tag.start);
        self.pending = true;
    }
    #[inline(always)]
    fn open_with(&mut self, tag: &'static Tag, value: &str) {
        self.seal();
        self.out.push_str(tag.start_given);
        self.escaped(value);
        self.out.push('"');
        self.pending = true;
    }
    #[inline(always)]
    fn open_with_parts(&mut self, tag: &'static Tag, parts: &[&str]) {
        self.seal();
        self.out.push_str(tag.start_given);
        for p in parts {
            self.escaped(p);
        }
        self.out.push('"');
        self.pending = true;
    }
    #[inline(always)]
    fn open_with_plain(&mut self, tag: &'static Tag, value: &str) {
        debug_assert!(plain(value.as_bytes(), false), "{value:?} needs escaping");
        self.seal();
        self.out.push_str(tag.start_given);
        self.out.push_str(value);
        self.out.push('"');
        self.pending = true;
    }
    fn attr(&mut self, name: &'static str, value: &str) {
        self.attr_name(name);
        self.escaped(value);
        self.out.push('"');
    }
    fn attr_parts(&mut self, name: &'static str, parts: &[&str]) {
        self.attr_name(name);
        for p in parts {
            self.escaped(p);
        }
        self.out.push('"');
    }
    fn attr_num(&mut self, name: &'static str, n: i64) {
        self.attr_name(name);
        self.out.push_str(SmallText::of(n).as_str());
        self.out.push('"');
    }
    #[inline]
    fn text(&mut self, text: &str) {
        if !text.is_empty() {
            self.seal();
            self.escaped(text);
        }
    }
    #[inline]
    fn text_plain(&mut self, text: &str) {
        debug_assert!(plain(text.as_bytes(), false), "{text:?} needs escaping");
        if !text.is_empty() {
            self.seal();
            self.out.push_str(text);
        }
    }
    fn attr_plain(&mut self, name: &'static str, value: &str) {
        debug_assert!(plain(value.as_bytes(), false), "{value:?} needs escaping");
        self.attr_name(name);
        self.out.push_str(value);
        self.out.push('"');
    }
    #[inline]
    fn num(&mut self, n: i64) {
        self.seal();
        if (0..100).contains(&n) {
            // Generations are mostly small: straight from the digit table.
            self.out.push_str(two_digits(n as u8, n >= 10));
        } else {
            self.out.push_str(SmallText::of(n).as_str());
        }
    }
    #[inline(always)]
    fn close(&mut self, tag: &'static Tag) {
        if self.pending {
            self.pending = false;
            if self.xml {
                self.out.push_str("/>");
                return;
            }
            self.out.push('>');
        }
        self.out.push_str(tag.close);
    }
}

/// Short text built on the stack (numbers and times), so that no sink allocates for them.
pub struct SmallText {
    buf: [u8; 48],
    len: usize,
}

impl SmallText {
    pub fn new() -> SmallText {
        SmallText { buf: [0; 48], len: 0 }
    }
    /// `n` in decimal.
    pub fn of(n: i64) -> SmallText {
        let mut d = SmallText::new();
        d.num(n);
        d
    }
    pub fn as_str(&self) -> &str {
        // Only ASCII is ever written, and write_str only writes whole strings.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
    pub fn push(&mut self, s: &str) {
        let end = (self.len + s.len()).min(self.buf.len());
        let n = end - self.len;
        if n == s.len() {
            self.buf[self.len..end].copy_from_slice(s.as_bytes());
            self.len = end;
        }
    }
    pub fn num(&mut self, n: i64) {
        if (0..100).contains(&n) {
            return self.small(n as u8, n >= 10);
        }
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        let mut v = n.unsigned_abs();
        loop {
            i -= 1;
            buf[i] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        if n < 0 {
            self.push("-");
        }
        self.push(std::str::from_utf8(&buf[i..]).unwrap_or(""));
    }
    /// `n` (below 100) in one digit, or two with `two`.
    fn small(&mut self, n: u8, two: bool) {
        self.push(two_digits(n, two));
    }
    /// `n` with at least two digits (`width` 2) or four (`width` 4), as `{:02}` / `{:04}` print it.
    pub fn padded(&mut self, n: i64, width: usize) {
        if width == 2 && (0..100).contains(&n) {
            // Months, days, hours, minutes and seconds.
            return self.small(n as u8, true);
        }
        if n < 0 {
            // Negative years are rare enough to go through the formatter, which pads after the sign.
            let _ = write!(self, "{n:0width$}");
            return;
        }
        let digits = n.checked_ilog10().unwrap_or(0) as usize + 1;
        for _ in digits..width {
            self.push("0");
        }
        self.num(n);
    }
}

impl Default for SmallText {
    fn default() -> SmallText {
        SmallText::new()
    }
}

impl std::fmt::Write for SmallText {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.push(s);
        Ok(())
    }
}

/// `n` (below 100) in one digit, or two with `two`.
fn two_digits(n: u8, two: bool) -> &'static str {
    const DIGITS: &str = "00010203040506070809101112131415161718192021222324252627282930313233343536373839\
                          40414243444546474849505152535455565758596061626364656667686970717273747576777879\
                          8081828384858687888990919293949596979899";
    let i = 2 * usize::from(n.min(99));
    &DIGITS[if two { i } else { i + 1 }..i + 2]
}
