//! The tag's block of `oc describe imagestream` (§4.1), byte for byte: two-space and four-space
//! indentation, one tab before an image id, relative times in `oc`'s words.

use super::describe::TagDescription;

/// The text block of one tag, ending with a newline. Blocks of several tags are joined with `"\n"`, as
/// `oc` separates them.
pub fn render_text(d: &TagDescription) -> String {
    let mut out = String::new();
    out.push_str(&one_line(d.tag));
    out.push('\n');
    out.push_str("  ");
    out.push_str(&one_line(&d.source));
    out.push('\n');
    for note in &d.notes {
        out.push_str("    ");
        out.push_str(note);
        out.push('\n');
    }
    out.push('\n');
    if !d.annotation_lines.is_empty() {
        for line in &d.annotation_lines {
            out.push_str("  ");
            out.push_str(&one_line(line));
            out.push('\n');
        }
        out.push('\n');
    }
    if d.import_pending {
        out.push_str("  ~ importing latest image ...\n");
    }
    for e in &d.import_errors {
        out.push_str(&format!(
            "  ! error: Import failed ({}): {}\n      {} ago\n",
            one_line(e.reason),
            one_line(&e.message),
            age_or_unknown(&e.age)
        ));
    }
    for e in &d.entries {
        out.push_str(if e.current { "  * " } else { "    " });
        out.push_str(&one_line(e.docker_image_reference));
        out.push('\n');
        out.push_str("      ");
        out.push_str(age_or_unknown(&e.age));
        out.push_str(" ago");
        if e.show_image_id {
            out.push('\t');
            out.push_str(e.image);
        }
        out.push('\n');
    }
    out
}

fn age_or_unknown(age: &str) -> &str {
    if age.is_empty() {
        "<unknown>"
    } else {
        age
    }
}

/// Object strings cannot break the layout: line breaks and other control characters become spaces
/// (`oc` would print them raw and let a message with a newline start a line of its own).
fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(|c| c.is_control()) {
        s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect::<String>().into()
    } else {
        s.into()
    }
}
