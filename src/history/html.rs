//! The history as an accessible HTML table: a caption (tag, state, source, flags), header cells, one row
//! per import failure / pending import / history entry (newest first), `<time datetime>` cells, short
//! digests with the full value in `title`, states as CSS classes. No scripts, event handlers, `style`
//! attributes or URLs: only the elements and attributes listed in [`HTML_ELEMENTS`] / [`HTML_ATTRIBUTES`].

use super::describe::TagDescription;
use super::tree::Element;
use crate::time::{civil_from_days, format_readable, format_rfc3339, parse_rfc3339_seconds};

/// Every element the table uses.
pub const HTML_ELEMENTS: &[&str] =
    &["table", "caption", "span", "thead", "tbody", "tr", "th", "td", "time", "code", "bdi"];
/// Every attribute the table uses.
pub const HTML_ATTRIBUTES: &[&str] = &["class", "scope", "colspan", "datetime", "title", "dir"];

const COLUMNS: &[(&str, &str)] = &[
    ("State", "imagetag-col-state"),
    ("Created", "imagetag-col-created"),
    ("Age", "imagetag-col-age"),
    ("Pull spec", "imagetag-col-pullspec"),
    ("Image", "imagetag-col-image"),
    ("Generation", "imagetag-col-generation"),
];

/// Builds the table as an element tree.
pub fn html_tree(d: &TagDescription) -> Element {
    let mut table = Element::new("table").attr("class", format!("imagetag-history imagetag-state-{}", d.state.css()));

    // Caption: name, state, source, flags, annotations, platforms.
    let mut caption = Element::new("caption")
        .child(span("imagetag-name").child(bdi(d.name)))
        .text(" ")
        .child(span(&format!("imagetag-state imagetag-state-{}", d.state.css())).child(bdi(&d.state_text)))
        .child(span("imagetag-source").child(bdi(&d.source)));
    for note in &d.notes {
        caption.push(span("imagetag-note").text(note));
    }
    for line in &d.annotation_lines {
        caption.push(span("imagetag-annotation").child(bdi(line)));
    }
    if !d.platforms.is_empty() {
        let mut p = span("imagetag-platforms").text("Platforms: ");
        for (i, pl) in d.platforms.iter().enumerate() {
            if i > 0 {
                p = p.text(", ");
            }
            let mut label = format!("{}/{}", pl.os, pl.architecture);
            if !pl.variant.is_empty() {
                label.push('/');
                label.push_str(pl.variant);
            }
            p = p.child(code(&label).attr("title", pl.digest));
        }
        caption.push(p);
    }
    table.push(caption);

    let mut head_row = Element::new("tr");
    for (label, class) in COLUMNS {
        head_row.push(Element::new("th").attr("scope", "col").attr("class", *class).text(*label));
    }
    table.push(Element::new("thead").child(head_row));

    let mut body = Element::new("tbody");
    for e in &d.import_errors {
        let message = format!("Import failed ({}): {}", e.reason, e.message);
        body.push(
            Element::new("tr")
                .attr("class", "imagetag-event imagetag-import-failed")
                .child(td("imagetag-col-state").text("import failed"))
                .child(time_cell(e.last_transition_time.unwrap_or("")))
                .child(td("imagetag-col-age").text(ago(&e.age)))
                .child(td("imagetag-col-message").attr("colspan", "2").child(bdi(&message)))
                .child(td("imagetag-col-generation").text(e.generation.to_string())),
        );
    }
    if d.import_pending {
        body.push(
            Element::new("tr")
                .attr("class", "imagetag-event imagetag-importing")
                .child(td("imagetag-col-state").text("importing"))
                .child(time_cell(&d.now))
                .child(td("imagetag-col-age").text("now"))
                .child(td("imagetag-col-message").attr("colspan", "2").text("importing latest image ..."))
                .child(
                    td("imagetag-col-generation").text(d.spec_generation.map(|g| g.to_string()).unwrap_or_default()),
                ),
        );
    }
    for e in &d.entries {
        let class = if e.current { "imagetag-entry imagetag-current" } else { "imagetag-entry" };
        let image_cell = if e.image.is_empty() {
            td("imagetag-col-image imagetag-no-image").text("none")
        } else {
            td("imagetag-col-image").child(code(e.short_image).attr("title", e.image))
        };
        body.push(
            Element::new("tr")
                .attr("class", class)
                .child(td("imagetag-col-state").text(if e.current { "current" } else { "" }))
                .child(time_cell(e.created))
                .child(td("imagetag-col-age").text(ago(&e.age)))
                .child(td("imagetag-col-pullspec").child(code(e.docker_image_reference)))
                .child(image_cell)
                .child(td("imagetag-col-generation").text(e.generation.to_string())),
        );
    }
    if d.entries.is_empty() && d.import_errors.is_empty() && !d.import_pending {
        body.push(
            Element::new("tr")
                .attr("class", "imagetag-empty")
                .child(td("imagetag-col-message").attr("colspan", "6").text("No history")),
        );
    }
    table.child(body)
}

/// The table as an HTML fragment: the very markup `html_tree(d).serialize(false, &[])` gives (a test
/// holds them equal), written straight into one pre-sized string without building the tree.
pub fn render_html(d: &TagDescription) -> String {
    let rows = d.entries.len() + d.import_errors.len() + 1;
    let mut w = W(String::with_capacity(1024 + 640 * rows));
    let state = d.state.css();
    w.raw("<table class=\"imagetag-history imagetag-state-");
    w.raw(state);
    w.raw("\"><caption><span class=\"imagetag-name\"><bdi>");
    w.text(d.name);
    w.raw("</bdi></span> <span class=\"imagetag-state imagetag-state-");
    w.raw(state);
    w.raw("\"><bdi>");
    w.text(&d.state_text);
    w.raw("</bdi></span><span class=\"imagetag-source\"><bdi>");
    w.text(&d.source);
    w.raw("</bdi></span>");
    for note in &d.notes {
        w.raw("<span class=\"imagetag-note\">");
        w.text(note);
        w.raw("</span>");
    }
    for line in &d.annotation_lines {
        w.raw("<span class=\"imagetag-annotation\"><bdi>");
        w.text(line);
        w.raw("</bdi></span>");
    }
    if !d.platforms.is_empty() {
        w.raw("<span class=\"imagetag-platforms\">Platforms: ");
        for (i, pl) in d.platforms.iter().enumerate() {
            if i > 0 {
                w.raw(", ");
            }
            w.raw("<code dir=\"ltr\" title=\"");
            w.text(pl.digest);
            w.raw("\">");
            w.text(pl.os);
            w.raw("/");
            w.text(pl.architecture);
            if !pl.variant.is_empty() {
                w.raw("/");
                w.text(pl.variant);
            }
            w.raw("</code>");
        }
        w.raw("</span>");
    }
    w.raw("</caption><thead><tr>");
    for (label, class) in COLUMNS {
        w.raw("<th scope=\"col\" class=\"");
        w.raw(class);
        w.raw("\">");
        w.raw(label);
        w.raw("</th>");
    }
    w.raw("</tr></thead><tbody>");
    for e in &d.import_errors {
        w.raw(
            "<tr class=\"imagetag-event imagetag-import-failed\"><td class=\"imagetag-col-state\">import failed</td>",
        );
        w.time_cell(e.last_transition_time.unwrap_or(""));
        w.age_cell(&e.age);
        w.raw("<td class=\"imagetag-col-message\" colspan=\"2\"><bdi>Import failed (");
        w.text(e.reason);
        w.raw("): ");
        w.text(&e.message);
        w.raw("</bdi></td>");
        w.generation_cell(Some(e.generation));
    }
    if d.import_pending {
        w.raw("<tr class=\"imagetag-event imagetag-importing\"><td class=\"imagetag-col-state\">importing</td>");
        w.time_cell(&d.now);
        w.raw("<td class=\"imagetag-col-age\">now</td><td class=\"imagetag-col-message\" colspan=\"2\">importing latest image ...</td>");
        w.generation_cell(d.spec_generation);
    }
    for e in &d.entries {
        w.raw(if e.current {
            "<tr class=\"imagetag-entry imagetag-current\"><td class=\"imagetag-col-state\">current</td>"
        } else {
            "<tr class=\"imagetag-entry\"><td class=\"imagetag-col-state\"></td>"
        });
        w.time_cell(e.created);
        w.age_cell(&e.age);
        w.raw("<td class=\"imagetag-col-pullspec\"><code dir=\"ltr\">");
        w.text(e.docker_image_reference);
        w.raw("</code></td>");
        if e.image.is_empty() {
            w.raw("<td class=\"imagetag-col-image imagetag-no-image\">none</td>");
        } else {
            w.raw("<td class=\"imagetag-col-image\"><code dir=\"ltr\" title=\"");
            w.text(e.image);
            w.raw("\">");
            w.text(e.short_image);
            w.raw("</code></td>");
        }
        w.generation_cell(Some(e.generation));
    }
    if d.entries.is_empty() && d.import_errors.is_empty() && !d.import_pending {
        w.raw("<tr class=\"imagetag-empty\"><td class=\"imagetag-col-message\" colspan=\"6\">No history</td></tr>");
    }
    w.raw("</tbody></table>");
    w.0
}

/// The writer of [`render_html`]: fixed markup as is, object text cleaned and escaped as the tree does.
struct W(String);

impl W {
    fn raw(&mut self, s: &str) {
        self.0.push_str(s);
    }
    /// [`clean`](super::tree::clean) then [`escape_into`](super::tree::escape_into), in one pass, copying
    /// runs of ordinary characters at once.
    fn text(&mut self, s: &str) {
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
                    self.0.push_str(&s[start..i]);
                    self.0.push('\u{fffd}');
                    i += 3;
                    start = i;
                    continue;
                }
                _ => {
                    i += 1;
                    continue;
                }
            };
            self.0.push_str(&s[start..i]);
            self.0.push_str(rep);
            i += 1;
            start = i;
        }
        self.0.push_str(&s[start..]);
    }
    fn num(&mut self, n: i64) {
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
            self.0.push('-');
        }
        self.0.push_str(std::str::from_utf8(&buf[i..]).unwrap_or(""));
    }
    /// `n` (below 100) in one digit, or two with `two`.
    fn small(&mut self, n: u8, two: bool) {
        const DIGITS: &str = "00010203040506070809101112131415161718192021222324252627282930313233343536373839\
                              40414243444546474849505152535455565758596061626364656667686970717273747576777879\
                              8081828384858687888990919293949596979899";
        let i = 2 * usize::from(n.min(99));
        self.0.push_str(&DIGITS[if two { i } else { i + 1 }..i + 2]);
    }
    /// `n` with at least two digits (`width` 2) or four (`width` 4), as `{:02}` / `{:04}` print it.
    fn padded(&mut self, n: i64, width: usize) {
        if width == 2 && (0..100).contains(&n) {
            // Months, days, hours, minutes and seconds.
            return self.small(n as u8, true);
        }
        let digits = if n < 0 { 0 } else { n.checked_ilog10().unwrap_or(0) as usize + 1 };
        for _ in digits..width {
            if n >= 0 {
                self.0.push('0');
            }
        }
        if n < 0 {
            // Negative years are rare enough to go through the formatter, which pads after the sign.
            self.0.push_str(&format!("{n:0width$}"));
        } else {
            self.num(n);
        }
    }
    fn time_cell(&mut self, text: &str) {
        self.raw("<th scope=\"row\" class=\"imagetag-col-created\">");
        match parse_rfc3339_seconds(text) {
            Some(t) => {
                let days = t.div_euclid(86_400);
                let secs = t.rem_euclid(86_400);
                let (y, m, d) = civil_from_days(days);
                let (h, min, s) = (secs / 3600, secs / 60 % 60, secs % 60);
                // format_rfc3339(t), then format_readable(t).
                self.raw("<time datetime=\"");
                self.date(y, m, d);
                self.raw("T");
                self.clock(h, min);
                self.raw(":");
                self.padded(s, 2);
                self.raw("Z\">");
                self.date(y, m, d);
                self.raw(" ");
                self.clock(h, min);
                self.raw(" UTC</time>");
            }
            None if text.is_empty() => self.raw("unknown"),
            None => {
                self.raw("<bdi>");
                self.text(text);
                self.raw("</bdi>");
            }
        }
        self.raw("</th>");
    }
    fn date(&mut self, y: i64, m: u32, d: u32) {
        self.padded(y, 4);
        self.raw("-");
        self.padded(m as i64, 2);
        self.raw("-");
        self.padded(d as i64, 2);
    }
    fn clock(&mut self, h: i64, m: i64) {
        self.padded(h, 2);
        self.raw(":");
        self.padded(m, 2);
    }
    fn age_cell(&mut self, age: &str) {
        self.raw("<td class=\"imagetag-col-age\">");
        if age.is_empty() {
            self.raw("unknown");
        } else {
            self.text(age);
            self.raw(" ago");
        }
        self.raw("</td>");
    }
    fn generation_cell(&mut self, g: Option<i64>) {
        self.raw("<td class=\"imagetag-col-generation\">");
        if let Some(g) = g {
            self.num(g);
        }
        self.raw("</td></tr>");
    }
}

fn span(class: &str) -> Element {
    Element::new("span").attr("class", class)
}

fn td(class: &str) -> Element {
    Element::new("td").attr("class", class)
}

/// Object text, isolated from the surrounding bidirectional text.
fn bdi(text: &str) -> Element {
    Element::new("bdi").text(text)
}

fn code(text: &str) -> Element {
    Element::new("code").attr("dir", "ltr").text(text)
}

fn ago(age: &str) -> String {
    if age.is_empty() {
        "unknown".to_string()
    } else {
        format!("{age} ago")
    }
}

/// The row header: a `<time>` with a normalized `datetime` when the text is a valid time, else the text.
fn time_cell(text: &str) -> Element {
    let th = Element::new("th").attr("scope", "row").attr("class", "imagetag-col-created");
    match parse_rfc3339_seconds(text) {
        Some(t) => th.child(Element::new("time").attr("datetime", format_rfc3339(t)).text(format_readable(t))),
        None if text.is_empty() => th.text("unknown"),
        None => th.child(bdi(text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::describe_tag_with;
    use crate::model::ImageTag;

    const EXAMPLES: &[&str] = &[
        include_str!("../../tests/data/examples/5.1-docker-tracking-three-items.json"),
        include_str!("../../tests/data/examples/5.2-first-import-failed.json"),
        include_str!("../../tests/data/examples/5.3-spec-only.json"),
        include_str!("../../tests/data/examples/5.4-status-only-pushed.json"),
        include_str!("../../tests/data/examples/5.5-manifest-list.json"),
        include_str!("../../tests/data/examples/5.6-signatures.json"),
        include_str!("../../tests/data/examples/5.7-local-policy-import-failing.json"),
        include_str!("../../tests/data/examples/5.8-reference-only.json"),
    ];

    /// Every string of the value replaced by `f(string)`.
    fn map_strings(v: &mut serde_json::Value, f: &dyn Fn(&str) -> String) {
        match v {
            serde_json::Value::String(s) => *s = f(s),
            serde_json::Value::Array(a) => a.iter_mut().for_each(|v| map_strings(v, f)),
            serde_json::Value::Object(m) => m.values_mut().for_each(|v| map_strings(v, f)),
            _ => {}
        }
    }

    #[test]
    fn the_writer_gives_the_tree_markup() {
        let hostile: &[&dyn Fn(&str) -> String] = &[
            &|s| s.to_string(),
            &|s| format!("{s}<script>alert('x&y')</script>\"\u{0}\u{1f}\t\n\r\u{fffe}\u{ffff}\u{fffd}é😀"),
            &|_| String::new(),
            &|s| format!("\u{7}{s}"),
        ];
        for text in EXAMPLES {
            for f in hostile {
                let mut v: serde_json::Value = serde_json::from_str(text).unwrap();
                map_strings(&mut v, f);
                for k in ["kind", "apiVersion"] {
                    v[k] = serde_json::from_str::<serde_json::Value>(text).unwrap()[k].clone();
                }
                let tag = ImageTag::from_value(&v).unwrap();
                for now in [1_741_608_000, 0, -62_000_000_000, 400_000_000_000] {
                    for len in [1, 12, 80] {
                        let d = describe_tag_with(&tag, now, len);
                        assert_eq!(render_html(&d), html_tree(&d).serialize(false, &[]));
                    }
                }
                // Times far before year 0 and after 9999.
                let mut v2 = v.clone();
                if let Some(items) = v2.pointer_mut("/status/items").and_then(|i| i.as_array_mut()) {
                    for (i, it) in items.iter_mut().enumerate() {
                        it["created"] =
                            ["-0001-01-01T00:00:00Z", "12345-01-01T00:00:00Z", "0000-02-29T23:59:60Z"][i % 3].into();
                    }
                }
                let tag = ImageTag::from_value(&v2).unwrap();
                let d = describe_tag_with(&tag, 1_741_608_000, 12);
                assert_eq!(render_html(&d), html_tree(&d).serialize(false, &[]));
            }
        }
        // Negative and very large years straight through the time cell.
        for t in [-62_167_219_200 - 86_400 * 400, -1, 0, 253_402_300_800, 1_000_000_000_000] {
            let mut w = W(String::new());
            w.time_cell(&crate::time::format_rfc3339(t));
            let th = time_cell(&crate::time::format_rfc3339(t)).serialize(false, &[]);
            assert_eq!(w.0, th, "{t}");
        }
    }
}
