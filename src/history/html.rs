//! The history as an accessible HTML table: a caption (tag, state, source, flags), header cells, one row
//! per import failure / pending import / history entry (newest first), `<time datetime>` cells, short
//! digests with the full value in `title`, states as CSS classes. No scripts, event handlers, `style`
//! attributes or URLs: only the elements and attributes listed in [`HTML_ELEMENTS`] / [`HTML_ATTRIBUTES`].

use super::describe::TagDescription;
use super::time::{format_readable, format_rfc3339, parse_rfc3339};
use super::tree::Element;

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
        .child(span("imagetag-name").child(bdi(&d.name)))
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
                label.push_str(&pl.variant);
            }
            p = p.child(code(&label).attr("title", &pl.digest));
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
                .child(time_cell(e.last_transition_time.as_deref().unwrap_or("")))
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
                .child(td("imagetag-col-generation").text(d.spec_generation.map(|g| g.to_string()).unwrap_or_default())),
        );
    }
    for e in &d.entries {
        let class = if e.current { "imagetag-entry imagetag-current" } else { "imagetag-entry" };
        let image_cell = if e.image.is_empty() {
            td("imagetag-col-image imagetag-no-image").text("none")
        } else {
            td("imagetag-col-image").child(code(&e.short_image).attr("title", &e.image))
        };
        body.push(
            Element::new("tr")
                .attr("class", class)
                .child(td("imagetag-col-state").text(if e.current { "current" } else { "" }))
                .child(time_cell(&e.created))
                .child(td("imagetag-col-age").text(ago(&e.age)))
                .child(td("imagetag-col-pullspec").child(code(&e.docker_image_reference)))
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

/// The table as an HTML fragment.
pub fn render_html(d: &TagDescription) -> String {
    html_tree(d).serialize(false, &[])
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
    match parse_rfc3339(text) {
        Some(t) => th.child(Element::new("time").attr("datetime", format_rfc3339(t)).text(format_readable(t))),
        None if text.is_empty() => th.text("unknown"),
        None => th.child(bdi(text)),
    }
}
