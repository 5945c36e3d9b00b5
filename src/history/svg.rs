//! The history as a standalone SVG timeline: a vertical time axis (newest at the top, "now" included),
//! one mark per history entry (the current one highlighted), import failures as red crosses and a pending
//! import as a dashed ring at "now". Labels sit in a column right of the axis, one per mark, pushed apart
//! so that they never overlap (the drawing grows with the history), each tied to its mark by a leader.
//! Styling is done with presentation attributes only: no `style`, no script, no links.

use super::describe::TagDescription;
use super::tree::{Element, SVG_NS};
use crate::time::{civil_from_days, days_from_civil, format_readable, parse_rfc3339_seconds};

/// Every element the timeline uses.
pub const SVG_ELEMENTS: &[&str] = &["svg", "title", "desc", "g", "line", "circle", "path", "text", "rect"];
/// Every attribute the timeline uses.
pub const SVG_ATTRIBUTES: &[&str] = &[
    "xmlns",
    "width",
    "height",
    "viewBox",
    "role",
    "class",
    "font-family",
    "font-size",
    "font-weight",
    "fill",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "stroke-linecap",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "d",
    "text-anchor",
    "direction",
    "unicode-bidi",
];

const WIDTH: i64 = 960;
const TOP: i64 = 84;
const AXIS_X: i64 = 156;
const LABEL_X: i64 = 236;
const ROW: i64 = 38;
const MIN_PLOT: i64 = 420;
const BOTTOM: i64 = 40;
/// Room for a label line, in "narrow character" units (a wide character counts two).
const LINE_UNITS: usize = 108;

const INK: &str = "#1f1f1f";
const MUTED: &str = "#5a5a5a";
const ACCENT: &str = "#0066cc";
const FAILED: &str = "#c9190b";
const PENDING: &str = "#b26b00";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Current,
    Entry,
    Failed,
    Pending,
}

struct Mark {
    kind: Kind,
    time: Option<i64>,
    line1: String,
    line2: String,
    tooltip: String,
}

/// Builds the timeline as an element tree.
pub fn svg_tree(d: &TagDescription) -> Element {
    let now = parse_rfc3339_seconds(&d.now).unwrap_or(0);
    let mut marks: Vec<Mark> = Vec::new();
    if d.import_pending {
        marks.push(Mark {
            kind: Kind::Pending,
            time: Some(now),
            line1: format!("importing latest image ...{}", gen_suffix(d.spec_generation)),
            line2: d.source.clone(),
            tooltip: format!("importing latest image ...\n{}", d.source),
        });
    }
    for e in &d.import_errors {
        let first = format!("Import failed ({})", e.reason);
        marks.push(Mark {
            kind: Kind::Failed,
            time: e.last_transition_time.and_then(parse_rfc3339_seconds),
            line1: format!("{first} · {} · gen {}", ago(&e.age), e.generation),
            line2: e.message.to_string(),
            tooltip: format!("{first}: {}\n{}", e.message, e.last_transition_time.unwrap_or("")),
        });
    }
    for e in &d.entries {
        let image = if e.image.is_empty() { "no image".to_string() } else { e.short_image.to_string() };
        let lead = if e.current { "current · " } else { "" };
        marks.push(Mark {
            kind: if e.current { Kind::Current } else { Kind::Entry },
            time: parse_rfc3339_seconds(e.created),
            line1: format!("{lead}{image} · {} · gen {}", ago(&e.age), e.generation),
            line2: e.docker_image_reference.to_string(),
            tooltip: format!("{}\n{}\ncreated {}", e.docker_image_reference, e.image, e.created),
        });
    }

    // Time range: every known time and now; at least an hour.
    let known: Vec<i64> = marks.iter().filter_map(|m| m.time).collect();
    let t_max = known.iter().copied().fold(now, i64::max);
    let mut t_min = known.iter().copied().fold(t_max, i64::min);
    if t_max - t_min < 3600 {
        t_min = t_max - 3600;
    }
    let span = t_max - t_min;
    let plot = MIN_PLOT.max(marks.len() as i64 * ROW);
    let bottom = TOP + plot;
    let y_of = |t: Option<i64>| -> i64 {
        match t {
            Some(t) => TOP + (((t_max - t) as i128 * plot as i128) / span as i128) as i64,
            None => bottom,
        }
    };
    let height = bottom + BOTTOM;

    let mut svg = Element::new("svg")
        .attr("xmlns", SVG_NS)
        .attr("width", WIDTH.to_string())
        .attr("height", height.to_string())
        .attr("viewBox", format!("0 0 {WIDTH} {height}"))
        .attr("role", "img")
        .attr("class", format!("imagetag-timeline imagetag-state-{}", d.state.css()))
        .attr("font-family", "sans-serif")
        .attr("direction", "ltr")
        .child(Element::new("title").text(format!("History of {}: {}", d.name, d.state_text)))
        .child(Element::new("desc").text(format!(
            "{} history entries, {} import failures, newest at the top; {}",
            d.entries.len(),
            d.import_errors.len(),
            d.source
        )))
        .child(
            Element::new("rect")
                .attr("x", "0")
                .attr("y", "0")
                .attr("width", WIDTH.to_string())
                .attr("height", height.to_string())
                .attr("fill", "#ffffff"),
        );

    // Header.
    svg.push(
        Element::new("g")
            .attr("class", "imagetag-header")
            .child(
                text(16, 30, 18, INK)
                    .attr("font-weight", "bold")
                    .attr("unicode-bidi", "isolate")
                    .text(clip(d.name, 70)),
            )
            .child(
                text(16, 54, 13, state_color(d))
                    .attr("class", "imagetag-state")
                    .attr("unicode-bidi", "isolate")
                    .text(clip(&format!("{} — {}", d.state_text, d.source), 2 * LINE_UNITS - 40)),
            ),
    );

    // Axis and ticks.
    let mut axis = Element::new("g").attr("class", "imagetag-axis").child(
        Element::new("line")
            .attr("x1", AXIS_X.to_string())
            .attr("y1", (TOP - 8).to_string())
            .attr("x2", AXIS_X.to_string())
            .attr("y2", (bottom + 8).to_string())
            .attr("stroke", "#8a8d90")
            .attr("stroke-width", "2"),
    );
    let now_y = y_of(Some(now));
    axis.push(tick(now_y, "now", true));
    let (step, ticks) = ticks(t_min, t_max, plot);
    for t in ticks {
        let y = y_of(Some(t));
        if (y - now_y).abs() < 18 {
            continue;
        }
        axis.push(tick(y, &tick_label(t, step), false));
    }
    if marks.iter().any(|m| m.time.is_none()) {
        axis.push(tick(bottom, "unknown", false));
    }
    svg.push(axis);

    // Label rows: ordered by the mark's height, pushed apart, then pulled back up to fit.
    let mut order: Vec<usize> = (0..marks.len()).collect();
    order.sort_by_key(|&i| y_of(marks[i].time)); // stable: newest-first order breaks ties
    let mut rows = vec![0i64; marks.len()];
    let mut prev = i64::MIN;
    for &i in &order {
        let y = y_of(marks[i].time).max(if prev == i64::MIN { TOP } else { prev + ROW });
        rows[i] = y;
        prev = y;
    }
    let mut next = i64::MAX;
    for &i in order.iter().rev() {
        let limit = if next == i64::MAX { bottom } else { next - ROW };
        rows[i] = rows[i].min(limit);
        next = rows[i];
    }

    let mut entries = Element::new("g").attr("class", "imagetag-marks");
    // Draw older marks first so that the current one stays on top.
    for i in (0..marks.len()).rev() {
        let m = &marks[i];
        let my = y_of(m.time);
        let ly = rows[i];
        let class = match m.kind {
            Kind::Current => "imagetag-mark imagetag-current",
            Kind::Entry => "imagetag-mark imagetag-entry",
            Kind::Failed => "imagetag-mark imagetag-import-failed",
            Kind::Pending => "imagetag-mark imagetag-importing",
        };
        let color = match m.kind {
            Kind::Current => ACCENT,
            Kind::Entry => MUTED,
            Kind::Failed => FAILED,
            Kind::Pending => PENDING,
        };
        let mut g = Element::new("g").attr("class", class).child(Element::new("title").text(&m.tooltip));
        g.push(
            Element::new("path")
                .attr(
                    "d",
                    format!("M{} {my} L{} {my} L{} {ly} L{} {ly}", AXIS_X + 9, AXIS_X + 24, LABEL_X - 24, LABEL_X - 8),
                )
                .attr("fill", "none")
                .attr("stroke", "#c7c7c7")
                .attr("stroke-width", "1"),
        );
        g.push(shape(m.kind, my));
        g.push(
            text(LABEL_X, ly + 4, 13, if m.kind == Kind::Entry { INK } else { color })
                .attr("font-weight", if m.kind == Kind::Entry { "normal" } else { "bold" })
                .attr("unicode-bidi", "isolate")
                .text(clip(&m.line1, LINE_UNITS)),
        );
        g.push(
            text(LABEL_X, ly + 21, 11, MUTED)
                .attr("font-family", "monospace")
                .attr("unicode-bidi", "isolate")
                .text(clip(&m.line2, LINE_UNITS + 16)),
        );
        entries.push(g);
    }
    if marks.is_empty() {
        entries.push(text(LABEL_X, TOP + 4, 13, MUTED).text("No history"));
    }
    svg.child(entries)
}

/// The timeline as SVG text (a standalone document).
pub fn render_svg(d: &TagDescription) -> String {
    svg_tree(d).serialize(true, &[])
}

fn text(x: i64, y: i64, size: i64, fill: &str) -> Element {
    Element::new("text")
        .attr("x", x.to_string())
        .attr("y", y.to_string())
        .attr("font-size", size.to_string())
        .attr("fill", fill)
}

fn state_color(d: &TagDescription) -> &'static str {
    use super::describe::TagState::*;
    match d.state {
        ImportFailed => FAILED,
        Importing | NotImported => PENDING,
        _ => MUTED,
    }
}

fn shape(kind: Kind, y: i64) -> Element {
    let cx = AXIS_X.to_string();
    match kind {
        Kind::Current => Element::new("circle")
            .attr("cx", cx)
            .attr("cy", y.to_string())
            .attr("r", "8")
            .attr("fill", ACCENT)
            .attr("stroke", "#ffffff")
            .attr("stroke-width", "2"),
        Kind::Entry => Element::new("circle")
            .attr("cx", cx)
            .attr("cy", y.to_string())
            .attr("r", "5")
            .attr("fill", "#ffffff")
            .attr("stroke", MUTED)
            .attr("stroke-width", "2"),
        Kind::Failed => Element::new("path")
            .attr(
                "d",
                format!(
                    "M{} {} L{} {} M{} {} L{} {}",
                    AXIS_X - 6,
                    y - 6,
                    AXIS_X + 6,
                    y + 6,
                    AXIS_X - 6,
                    y + 6,
                    AXIS_X + 6,
                    y - 6
                ),
            )
            .attr("fill", "none")
            .attr("stroke", FAILED)
            .attr("stroke-width", "3")
            .attr("stroke-linecap", "round"),
        Kind::Pending => Element::new("circle")
            .attr("cx", cx)
            .attr("cy", y.to_string())
            .attr("r", "7")
            .attr("fill", "#ffffff")
            .attr("stroke", PENDING)
            .attr("stroke-width", "2")
            .attr("stroke-dasharray", "3 2"),
    }
}

fn tick(y: i64, label: &str, strong: bool) -> Element {
    Element::new("g")
        .attr("class", if strong { "imagetag-tick imagetag-now" } else { "imagetag-tick" })
        .child(
            Element::new("line")
                .attr("x1", (AXIS_X - 5).to_string())
                .attr("y1", y.to_string())
                .attr("x2", AXIS_X.to_string())
                .attr("y2", y.to_string())
                .attr("stroke", "#8a8d90")
                .attr("stroke-width", "1"),
        )
        .child(
            text(AXIS_X - 10, y + 4, 11, if strong { INK } else { MUTED })
                .attr("text-anchor", "end")
                .attr("font-weight", if strong { "bold" } else { "normal" })
                .text(label),
        )
}

/// Tick step (seconds; a negative value means whole months) and the tick times within the range, at most
/// about one per 40 pixels.
fn ticks(t_min: i64, t_max: i64, plot: i64) -> (i64, Vec<i64>) {
    let max_ticks = (plot / 40).clamp(2, 12);
    let span = t_max - t_min;
    const STEPS: &[i64] =
        &[60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400, 2 * 86_400, 7 * 86_400, 14 * 86_400];
    for &s in STEPS {
        if span / s <= max_ticks {
            let first = t_min.div_euclid(s) * s + if t_min.rem_euclid(s) == 0 { 0 } else { s };
            let out = (0..).map(|k| first + k * s).take_while(|&t| t <= t_max).collect();
            return (s, out);
        }
    }
    for months in [1i64, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200] {
        if span / (months * 30 * 86_400) <= max_ticks {
            let (y, m, _) = civil_from_days(t_min.div_euclid(86_400));
            let mut index = y * 12 + (m as i64 - 1);
            index = (index + months) / months * months; // the first boundary after t_min
            let mut out = Vec::new();
            loop {
                let t = days_from_civil(index.div_euclid(12), (index.rem_euclid(12) + 1) as u32, 1) * 86_400;
                if t > t_max || out.len() > 64 {
                    break;
                }
                out.push(t);
                index += months;
            }
            return (-months, out);
        }
    }
    (0, Vec::new())
}

fn tick_label(t: i64, step: i64) -> String {
    let full = format_readable(t); // 2025-03-08 16:02 UTC
    if step > 0 && step < 86_400 {
        full[5..16].to_string() // 03-08 16:02
    } else if step <= -12 {
        full[..4].to_string()
    } else if step < 0 {
        full[..7].to_string()
    } else {
        full[..10].to_string()
    }
}

fn gen_suffix(g: Option<i64>) -> String {
    g.map(|g| format!(" · gen {g}")).unwrap_or_default()
}

fn ago(age: &str) -> String {
    if age.is_empty() {
        "unknown time".to_string()
    } else {
        format!("{age} ago")
    }
}

/// Cuts a label to `units` (a wide character counts two) with an ellipsis; line breaks become spaces.
fn clip(s: &str, units: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    let total: usize = s.chars().map(char_units).sum();
    for c in s.chars() {
        let w = char_units(c);
        if total > units && used + w > units.saturating_sub(1) {
            out.push('…');
            break;
        }
        out.push(if c.is_control() { ' ' } else { c });
        used += w;
    }
    out
}

fn char_units(c: char) -> usize {
    if (c as u32) < 0x1100 {
        1
    } else {
        2
    }
}
