//! The history as an accessible HTML table: a caption (tag, state, source, flags), header cells, one row
//! per import failure / pending import / history entry (newest first), `<time datetime>` cells, short
//! digests with the full value in `title`, states as CSS classes. No scripts, event handlers, `style`
//! attributes or URLs: only the elements and attributes listed in [`HTML_ELEMENTS`] / [`HTML_ATTRIBUTES`].
//!
//! The table is written once, by [`emit_html`], into any [`Sink`]: markup text ([`render_html`]), an
//! element tree ([`html_tree`]) or DOM nodes (the binding's `renderTagHistoryInto`).

use super::describe::TagDescription;
use super::markup::{tag, HtmlSink, Sink, SmallText, Tag};
use super::tree::{Element, TreeSink};
use crate::time::{civil_from_days, parse_rfc3339_seconds};

/// Every element the table uses.
pub const HTML_ELEMENTS: &[&str] =
    &["table", "caption", "span", "thead", "tbody", "tr", "th", "td", "time", "code", "bdi"];
/// Every attribute the table uses.
pub const HTML_ATTRIBUTES: &[&str] = &["class", "scope", "colspan", "datetime", "title", "dir"];

const COLUMNS: &[(&Tag, &str)] = &[
    (tag!("th", "scope" = "col", "class" = "imagetag-col-state"), "State"),
    (tag!("th", "scope" = "col", "class" = "imagetag-col-created"), "Created"),
    (tag!("th", "scope" = "col", "class" = "imagetag-col-age"), "Age"),
    (tag!("th", "scope" = "col", "class" = "imagetag-col-pullspec"), "Pull spec"),
    (tag!("th", "scope" = "col", "class" = "imagetag-col-image"), "Image"),
    (tag!("th", "scope" = "col", "class" = "imagetag-col-generation"), "Generation"),
];

const TABLE: &Tag = tag!("table"; "class");
const CAPTION: &Tag = tag!("caption");
const SPAN: &Tag = tag!("span"; "class");
const NAME: &Tag = tag!("span", "class" = "imagetag-name");
const SOURCE: &Tag = tag!("span", "class" = "imagetag-source");
const NOTE: &Tag = tag!("span", "class" = "imagetag-note");
const ANNOTATION: &Tag = tag!("span", "class" = "imagetag-annotation");
const PLATFORMS: &Tag = tag!("span", "class" = "imagetag-platforms");
const BDI: &Tag = tag!("bdi");
const CODE: &Tag = tag!("code", "dir" = "ltr");
const CODE_TITLE: &Tag = tag!("code", "dir" = "ltr"; "title");
const THEAD: &Tag = tag!("thead");
const TBODY: &Tag = tag!("tbody");
const TR: &Tag = tag!("tr");
const TR_FAILED: &Tag = tag!("tr", "class" = "imagetag-event imagetag-import-failed");
const TR_IMPORTING: &Tag = tag!("tr", "class" = "imagetag-event imagetag-importing");
const TR_CURRENT: &Tag = tag!("tr", "class" = "imagetag-entry imagetag-current");
const TR_ENTRY: &Tag = tag!("tr", "class" = "imagetag-entry");
const TR_EMPTY: &Tag = tag!("tr", "class" = "imagetag-empty");
const TH_ROW: &Tag = tag!("th", "scope" = "row", "class" = "imagetag-col-created");
const TIME: &Tag = tag!("time"; "datetime");
const TD_STATE: &Tag = tag!("td", "class" = "imagetag-col-state");
const TD_AGE: &Tag = tag!("td", "class" = "imagetag-col-age");
const TD_MESSAGE: &Tag = tag!("td", "class" = "imagetag-col-message", "colspan" = "2");
const TD_PULLSPEC: &Tag = tag!("td", "class" = "imagetag-col-pullspec");
const TD_IMAGE: &Tag = tag!("td", "class" = "imagetag-col-image");
const TD_NO_IMAGE: &Tag = tag!("td", "class" = "imagetag-col-image imagetag-no-image");
const TD_GENERATION: &Tag = tag!("td", "class" = "imagetag-col-generation");
const TD_EMPTY: &Tag = tag!("td", "class" = "imagetag-col-message", "colspan" = "6");

/// Writes the table into `s`.
pub fn emit_html<S: Sink>(d: &TagDescription, s: &mut S) {
    let state = d.state.css();
    s.open_with_parts(TABLE, &["imagetag-history imagetag-state-", state]);

    // Caption: name, state, source, flags, annotations, platforms.
    s.open(CAPTION);
    s.open(NAME);
    s.leaf(BDI, d.name);
    s.close(NAME);
    s.text_plain(" ");
    s.open_with_parts(SPAN, &["imagetag-state imagetag-state-", state]);
    s.leaf(BDI, &d.state_text);
    s.close(SPAN);
    s.open(SOURCE);
    s.leaf(BDI, &d.source);
    s.close(SOURCE);
    for note in &d.notes {
        s.leaf(NOTE, note);
    }
    for line in &d.annotation_lines {
        s.open(ANNOTATION);
        s.leaf(BDI, line);
        s.close(ANNOTATION);
    }
    if !d.platforms.is_empty() {
        s.open(PLATFORMS);
        s.text_plain("Platforms: ");
        for (i, pl) in d.platforms.iter().enumerate() {
            if i > 0 {
                s.text_plain(", ");
            }
            s.open_with(CODE_TITLE, pl.digest);
            s.text(pl.os);
            s.text_plain("/");
            s.text(pl.architecture);
            if !pl.variant.is_empty() {
                s.text_plain("/");
                s.text(pl.variant);
            }
            s.close(CODE_TITLE);
        }
        s.close(PLATFORMS);
    }
    s.close(CAPTION);

    s.open(THEAD);
    s.open(TR);
    for (th, label) in COLUMNS {
        s.leaf_plain(th, label);
    }
    s.close(TR);
    s.close(THEAD);

    s.open(TBODY);
    for e in &d.import_errors {
        s.open(TR_FAILED);
        s.leaf_plain(TD_STATE, "import failed");
        time_cell(s, e.last_transition_time.unwrap_or(""));
        age_cell(s, &e.age);
        s.open(TD_MESSAGE);
        s.open(BDI);
        s.text_plain("Import failed (");
        s.text(e.reason);
        s.text_plain("): ");
        s.text(&e.message);
        s.close(BDI);
        s.close(TD_MESSAGE);
        generation_cell(s, Some(e.generation));
        s.close(TR_FAILED);
    }
    if d.import_pending {
        s.open(TR_IMPORTING);
        s.leaf_plain(TD_STATE, "importing");
        time_cell(s, &d.now);
        s.leaf_plain(TD_AGE, "now");
        s.leaf_plain(TD_MESSAGE, "importing latest image ...");
        generation_cell(s, d.spec_generation);
        s.close(TR_IMPORTING);
    }
    for e in &d.entries {
        let tr = if e.current { TR_CURRENT } else { TR_ENTRY };
        s.open(tr);
        s.leaf_plain(TD_STATE, if e.current { "current" } else { "" });
        time_cell(s, e.created);
        age_cell(s, &e.age);
        s.open(TD_PULLSPEC);
        s.leaf(CODE, e.docker_image_reference);
        s.close(TD_PULLSPEC);
        if e.image.is_empty() {
            s.leaf_plain(TD_NO_IMAGE, "none");
        } else {
            s.open(TD_IMAGE);
            s.open_with(CODE_TITLE, e.image);
            s.text(e.short_image);
            s.close(CODE_TITLE);
            s.close(TD_IMAGE);
        }
        generation_cell(s, Some(e.generation));
        s.close(tr);
    }
    if d.entries.is_empty() && d.import_errors.is_empty() && !d.import_pending {
        s.open(TR_EMPTY);
        s.leaf_plain(TD_EMPTY, "No history");
        s.close(TR_EMPTY);
    }
    s.close(TBODY);
    s.close(TABLE);
}

/// The table as an HTML fragment, written straight into one pre-sized string (no tree is built).
pub fn render_html(d: &TagDescription) -> String {
    HtmlSink::write(false, 1024 + 640 * (d.entries.len() + d.import_errors.len() + 1), |s| emit_html(d, s))
}

/// The table as an element tree.
pub fn html_tree(d: &TagDescription) -> Element {
    TreeSink::build(|s| emit_html(d, s))
}

/// The row header: a `<time>` with a normalized `datetime` when the text is a valid time, else the text.
fn time_cell<S: Sink>(s: &mut S, text: &str) {
    s.open(TH_ROW);
    match parse_rfc3339_seconds(text) {
        Some(t) => {
            // format_rfc3339(t) in `datetime`, format_readable(t) as text: its date, " ", hh:mm, " UTC". A time
            // written in that form already (as servers write them; valid, since it parsed) is its own
            // format_rfc3339, unless its second is a leap second (60, which parsing moves on).
            let b = text.as_bytes();
            let datetime;
            let dt = if b.len() == 20 && b[10] == b'T' && b[19] == b'Z' && b[17] < b'6' {
                text
            } else {
                datetime = rfc3339(t);
                datetime.as_str()
            };
            let date = dt.len() - "THH:MM:SSZ".len();
            s.open_with_plain(TIME, dt);
            s.text_plain(&dt[..date]);
            s.text_plain(" ");
            s.text_plain(&dt[date + 1..date + 6]);
            s.text_plain(" UTC");
            s.close(TIME);
        }
        None if text.is_empty() => s.text_plain("unknown"),
        None => s.leaf(BDI, text),
    }
    s.close(TH_ROW);
}

/// [`format_rfc3339`](super::time::format_rfc3339) of `t`, on the stack.
fn rfc3339(t: i64) -> SmallText {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let mut out = SmallText::new();
    out.padded(y, 4);
    out.push("-");
    out.padded(m as i64, 2);
    out.push("-");
    out.padded(d as i64, 2);
    out.push("T");
    out.padded(secs / 3600, 2);
    out.push(":");
    out.padded(secs / 60 % 60, 2);
    out.push(":");
    out.padded(secs % 60, 2);
    out.push("Z");
    out
}

fn age_cell<S: Sink>(s: &mut S, age: &str) {
    s.open(TD_AGE);
    if age.is_empty() {
        s.text_plain("unknown");
    } else {
        // `humanDuration`'s words and digits: nothing to escape.
        s.text_plain(age);
        s.text_plain(" ago");
    }
    s.close(TD_AGE);
}

fn generation_cell<S: Sink>(s: &mut S, g: Option<i64>) {
    s.open(TD_GENERATION);
    if let Some(g) = g {
        s.num(g);
    }
    s.close(TD_GENERATION);
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
    fn a_time_cell_shows_the_normalized_time_however_it_is_written() {
        use crate::time::{format_readable, format_rfc3339};
        let mut texts = Vec::new();
        for i in 0..2000i64 {
            // Seconds all over years 0000 to 9999.
            let t = -62_167_219_200 + i * 157_780_000 + i * i * 7 % 86_400;
            let canonical = format_rfc3339(t);
            texts.push(canonical.replace('T', "t").replace('Z', "z"));
            texts.push(canonical.replace('Z', ".999Z"));
            texts.push(canonical.replace('Z', "+01:30"));
            texts.push(format!("{}60Z", &canonical[..17]));
            texts.push(canonical);
        }
        let mut checked = 0;
        for text in &texts {
            let Some(t) = parse_rfc3339_seconds(text) else { continue };
            let mut s = HtmlSink::new(false, 128);
            time_cell(&mut s, text);
            let want = format!(
                r#"<th scope="row" class="imagetag-col-created"><time datetime="{}">{}</time></th>"#,
                format_rfc3339(t),
                format_readable(t)
            );
            assert_eq!(s.finish(), want, "{text}");
            checked += 1;
        }
        assert!(checked > 9000, "{checked}");
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
            let text = crate::time::format_rfc3339(t);
            let mut w = HtmlSink::new(false, 0);
            time_cell(&mut w, &text);
            let mut tree = TreeSink::new();
            time_cell(&mut tree, &text);
            let th = tree.finish().unwrap();
            assert_eq!(w.finish(), th.serialize(false, &[]), "{t}");
            // The cell holds format_rfc3339 and format_readable, as the exact path writes them.
            assert_eq!(rfc3339(t).as_str(), text);
            if parse_rfc3339_seconds(&text).is_some() {
                assert_eq!(th.text_content(), crate::time::format_readable(t), "{t}");
            }
        }
    }
}
