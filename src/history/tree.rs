//! A tiny element tree, one of the renderers' [sinks](super::markup): tests and tools inspect the drawing
//! with it, and its serializer, which escapes character by character, is the reference the fast
//! [`HtmlSink`](super::markup::HtmlSink) is held equal to. Element and attribute names are `&'static str`,
//! so they can only come from the renderer, never from the object; object strings only ever land in text
//! nodes and attribute values.

use super::markup::{Sink, Tag};

/// A node: an element or a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    Element(Element),
    Text(String),
}

/// An element with its attributes (in order) and children.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element {
    pub name: &'static str,
    pub attrs: Vec<(&'static str, String)>,
    pub children: Vec<Node>,
}

impl Element {
    pub fn new(name: &'static str) -> Element {
        Element { name, attrs: Vec::new(), children: Vec::new() }
    }
    pub fn push(&mut self, child: Element) {
        self.children.push(Node::Element(child));
    }
    /// The attribute's value.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }
    /// All text below this element, concatenated.
    pub fn text_content(&self) -> String {
        let mut out = String::new();
        fn walk(e: &Element, out: &mut String) {
            for c in &e.children {
                match c {
                    Node::Text(t) => out.push_str(t),
                    Node::Element(e) => walk(e, out),
                }
            }
        }
        walk(self, &mut out);
        out
    }

    /// Serializes as HTML (`xml = false`) or XML (`xml = true`: empty elements self-close). Every text and
    /// attribute value is escaped; a newline follows the closing tag of the elements in `break_after`.
    pub fn serialize(&self, xml: bool, break_after: &[&str]) -> String {
        let mut out = String::new();
        self.write(&mut out, xml, break_after);
        out
    }

    fn write(&self, out: &mut String, xml: bool, break_after: &[&str]) {
        out.push('<');
        out.push_str(self.name);
        for (n, v) in &self.attrs {
            out.push(' ');
            out.push_str(n);
            out.push_str("=\"");
            escape_into(out, v);
            out.push('"');
        }
        if xml && self.children.is_empty() {
            out.push_str("/>");
        } else {
            out.push('>');
            for c in &self.children {
                match c {
                    Node::Text(t) => escape_into(out, t),
                    Node::Element(e) => e.write(out, xml, break_after),
                }
            }
            out.push_str("</");
            out.push_str(self.name);
            out.push('>');
        }
        if break_after.contains(&self.name) {
            out.push('\n');
        }
    }
}

/// Escapes `& < > " '` (enough for text and double-quoted attribute values in HTML and XML).
pub fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Replaces what XML 1.0 does not allow in a document (C0 controls other than tab, newline and carriage
/// return, and the non-characters U+FFFE/U+FFFF) with U+FFFD, so that SVG output always parses, and HTML
/// and DOM output carry the same text.
pub fn clean(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// The sink that builds an [`Element`] tree: texts and attribute values cleaned, adjacent texts joined.
#[derive(Default)]
pub struct TreeSink {
    stack: Vec<Element>,
    root: Option<Element>,
}

impl TreeSink {
    pub fn new() -> TreeSink {
        TreeSink::default()
    }
    /// The root element, once it is closed.
    pub fn finish(self) -> Option<Element> {
        self.root
    }
    /// What `emit` writes, as a tree (an empty `div` when it wrote nothing).
    pub fn build(emit: impl FnOnce(&mut TreeSink)) -> Element {
        let mut s = TreeSink::new();
        emit(&mut s);
        s.finish().unwrap_or_else(|| Element::new("div"))
    }
}

impl Sink for TreeSink {
    fn open(&mut self, tag: &'static Tag) {
        let mut e = Element::new(tag.name);
        e.attrs.extend(tag.attrs.iter().map(|(n, v)| (*n, (*v).to_string())));
        self.stack.push(e);
    }
    fn attr(&mut self, name: &'static str, value: &str) {
        if let Some(e) = self.stack.last_mut() {
            debug_assert!(e.children.is_empty(), "attribute {name} after content");
            e.attrs.push((name, clean(value)));
        }
    }
    fn text(&mut self, text: &str) {
        let t = clean(text);
        if t.is_empty() {
            return;
        }
        if let Some(e) = self.stack.last_mut() {
            match e.children.last_mut() {
                Some(Node::Text(last)) => last.push_str(&t),
                _ => e.children.push(Node::Text(t)),
            }
        }
    }
    fn close(&mut self, tag: &'static Tag) {
        let Some(e) = self.stack.pop() else { return };
        debug_assert_eq!(e.name, tag.name, "close does not match open");
        match self.stack.last_mut() {
            Some(parent) => parent.push(e),
            None => self.root = Some(e),
        }
    }
}
