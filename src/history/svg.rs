//! The history as a standalone SVG timeline: a vertical time axis (newest at the top), one mark per history
//! entry (the current one highlighted), import failures as crosses and a pending import as a dashed ring
//! at "now". The axis spans the history itself; when the newest mark is long before now, the axis breaks
//! and the gap to now is labelled. Labels sit in a column right of the axis, one per mark, pushed apart so
//! that they never overlap (the drawing grows with the history), each tied to its mark by a leader.
//!
//! The drawing is 400 units wide, in a monospace font, so that it stays readable on a 390 px phone and
//! every label can be fitted inside the viewBox by counting characters (see [`fit`]). Colours: text and
//! lines are `currentColor` (the page's text colour, light or dark); the state colours and the paper
//! behind hollow marks are presentation attributes with a class each, which
//! `styles/imagetag-history.css` restyles for `prefers-color-scheme: dark`. No `style`, no script, no
//! links.

use super::describe::TagDescription;
use super::markup::{tag, HtmlSink, Sink, Tag};
use super::tree::{Element, TreeSink};
use crate::time::{civil_from_days, days_from_civil, format_readable, human_duration, parse_rfc3339_seconds};

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
    "fill-opacity",
    "stroke",
    "stroke-opacity",
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

/// The width of the drawing (its height grows with the history).
pub const WIDTH: i64 = 400;
/// Left and right margin of every text.
const MARGIN: i64 = 8;
const TOP: i64 = 104;
const AXIS_X: i64 = 100;
const LABEL_X: i64 = 124;
/// Three label lines and a gap.
const ROW: i64 = 54;
const MIN_PLOT: i64 = 320;
/// The axis break between "now" and the newest mark.
const GAP: i64 = 48;
const BOTTOM: i64 = 52;
/// The smallest font size (ticks, second and third label lines).
pub const SMALL: i64 = 12;

/// What a class names, with its colour when no stylesheet applies (light backgrounds).
const ACCENT: (&str, &str) = ("#0066cc", "imagetag-accent");
const FAILED: (&str, &str) = ("#c9190b", "imagetag-failed");
const PENDING: (&str, &str) = ("#b26b00", "imagetag-pending");
/// Muted text and lines: the page's text colour, lighter.
const MUTED_OPACITY: &str = "0.72";

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
    line3: String,
    /// The third line is a pull spec: shortened in the middle, so that its digest's end stays visible.
    middle: bool,
    tooltip: String,
}

/// Writes the timeline into `s`.
pub fn emit_svg<S: Sink>(d: &TagDescription, s: &mut S) {
    let now = parse_rfc3339_seconds(&d.now).unwrap_or(0);
    let mut marks: Vec<Mark> = Vec::new();
    if d.import_pending {
        marks.push(Mark {
            kind: Kind::Pending,
            time: Some(now),
            line1: "importing latest image ...".to_string(),
            line2: d.spec_generation.map(|g| format!("gen {g}")).unwrap_or_default(),
            line3: d.source.clone(),
            middle: false,
            tooltip: format!("importing latest image ...\n{}", d.source),
        });
    }
    for e in &d.import_errors {
        let first = format!("Import failed ({})", e.reason);
        marks.push(Mark {
            kind: Kind::Failed,
            time: e.last_transition_time.and_then(parse_rfc3339_seconds),
            line2: format!("{} · gen {}", ago(&e.age), e.generation),
            line3: e.message.to_string(),
            middle: false,
            tooltip: format!("{first}: {}\n{}", e.message, e.last_transition_time.unwrap_or("")),
            line1: first,
        });
    }
    for e in &d.entries {
        let image = if e.image.is_empty() { "no image" } else { e.short_image };
        marks.push(Mark {
            kind: if e.current { Kind::Current } else { Kind::Entry },
            time: parse_rfc3339_seconds(e.created),
            line1: if e.current { format!("current · {image}") } else { image.to_string() },
            line2: format!("{} · gen {}", ago(&e.age), e.generation),
            line3: e.docker_image_reference.to_string(),
            middle: true,
            tooltip: format!("{}\n{}\ncreated {}", e.docker_image_reference, e.image, e.created),
        });
    }

    // Time range: the history's own (at least an hour). When it ends long before now, the axis breaks
    // there and "now" sits above the break; otherwise the range runs to now.
    let known: Vec<i64> = marks.iter().filter(|m| m.kind != Kind::Pending).filter_map(|m| m.time).collect();
    let newest = known.iter().copied().max().unwrap_or(now);
    let oldest = known.iter().copied().min().unwrap_or(now);
    let gap = now.saturating_sub(newest);
    let broken = gap > 3600 && gap > (newest - oldest) / 2;
    let t_max = if broken { newest } else { newest.max(now) };
    let mut t_min = oldest.min(t_max);
    if t_max - t_min < 3600 {
        t_min = t_max - 3600;
    }
    let span = t_max - t_min;
    let plot = MIN_PLOT.max(marks.len() as i64 * ROW);
    let scale_top = if broken { TOP + GAP } else { TOP };
    let bottom = scale_top + plot;
    let y_of = |t: Option<i64>| -> i64 {
        match t {
            Some(t) if broken && t >= now => TOP,
            Some(t) => scale_top + (((t_max as i128 - t as i128) * plot as i128) / span as i128) as i64,
            None => bottom,
        }
    };
    let height = bottom + BOTTOM;

    s.start(SVG);
    s.attr_num("width", WIDTH);
    s.attr_num("height", height);
    s.attr("viewBox", &format!("0 0 {WIDTH} {height}"));
    s.attr("role", "img");
    s.attr_parts("class", &["imagetag-timeline imagetag-state-", d.state.css()]);
    s.attr("font-family", "monospace");
    s.attr("direction", "ltr");
    s.leaf(TITLE, &format!("History of {}: {}", d.name, d.state_text));
    s.leaf(
        DESC,
        &format!(
            "{} history entries, {} import failures, newest at the top; {}",
            d.entries.len(),
            d.import_errors.len(),
            d.source
        ),
    );

    // Header: name, state, source.
    s.open(HEADER);
    label(s, MARGIN, 28, 16, Paint::Strong, Align::Start, d.name);
    let state = match d.state {
        super::describe::TagState::ImportFailed => Paint::State(FAILED),
        super::describe::TagState::Importing | super::describe::TagState::NotImported => Paint::State(PENDING),
        _ => Paint::Strong,
    };
    label(s, MARGIN, 52, 13, state, Align::Start, &d.state_text);
    label(s, MARGIN, 72, SMALL, Paint::Muted, Align::Start, &d.source);
    s.close(HEADER);

    // Axis and ticks.
    s.open(AXIS);
    axis_line(s, scale_top - 8, bottom + 8);
    let now_y = y_of(Some(now));
    tick(s, now_y, "now", true);
    if broken {
        // The break: the axis from now down to a zigzag, then the history's own scale.
        axis_line(s, TOP - 8, TOP + 12);
        s.open(GAP_MARK);
        s.leaf(TITLE, &format!("{} between the newest entry and now", human_duration(gap)));
        s.start(PATH);
        let (x, y) = (AXIS_X, TOP + GAP / 2);
        s.attr("d", &format!("M{} {} L{} {} M{} {} L{} {}", x - 7, y - 7, x + 7, y - 11, x - 7, y + 3, x + 7, y - 1));
        s.attr("fill", "none");
        s.attr("stroke", "currentColor");
        s.attr("stroke-width", "2");
        s.close(PATH);
        label(s, AXIS_X - 14, y + 4, SMALL, Paint::Muted, Align::End, &human_duration(gap));
        s.close(GAP_MARK);
    }
    let (step, ticks) = ticks(t_min, t_max, plot);
    for t in ticks {
        let y = y_of(Some(t));
        if (y - now_y).abs() < 18 {
            continue;
        }
        tick(s, y, &tick_label(t, step), false);
    }
    if marks.iter().any(|m| m.time.is_none()) {
        tick(s, bottom, "unknown", false);
    }
    s.close(AXIS);

    // Label rows: ordered by the mark's height, pushed apart, then pulled back up to fit.
    // Stable: newest-first order breaks ties.
    let order = crate::sort::sorted_indices(marks.len(), &mut |a, b| y_of(marks[a].time).cmp(&y_of(marks[b].time)));
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

    s.open(MARKS);
    // Draw older marks first so that the current one stays on top.
    for i in (0..marks.len()).rev() {
        let m = &marks[i];
        let my = y_of(m.time);
        let ly = rows[i];
        let (g, color) = match m.kind {
            Kind::Current => (tag!("g", "class" = "imagetag-mark imagetag-current"), Paint::State(ACCENT)),
            Kind::Entry => (tag!("g", "class" = "imagetag-mark imagetag-entry"), Paint::Ink),
            Kind::Failed => (tag!("g", "class" = "imagetag-mark imagetag-import-failed"), Paint::State(FAILED)),
            Kind::Pending => (tag!("g", "class" = "imagetag-mark imagetag-importing"), Paint::State(PENDING)),
        };
        s.open(g);
        s.leaf(TITLE, &m.tooltip);
        s.start(PATH);
        s.attr(
            "d",
            &format!("M{} {my} L{} {my} L{} {ly} L{} {ly}", AXIS_X + 9, AXIS_X + 12, LABEL_X - 10, LABEL_X - 4),
        );
        s.attr("fill", "none");
        s.attr("stroke", "currentColor");
        s.attr("stroke-opacity", "0.3");
        s.attr("stroke-width", "1");
        s.close(PATH);
        shape(s, m.kind, my);
        label(s, LABEL_X, ly + 4, 13, color, Align::Start, &m.line1);
        label(s, LABEL_X, ly + 21, SMALL, Paint::Muted, Align::Start, &m.line2);
        label(
            s,
            LABEL_X,
            ly + 37,
            SMALL,
            Paint::Muted,
            if m.middle { Align::StartMiddle } else { Align::Start },
            &m.line3,
        );
        s.close(g);
    }
    if marks.is_empty() {
        label(s, LABEL_X, TOP + 4, 13, Paint::Muted, Align::Start, "No history");
    }
    s.close(MARKS);
    s.close(SVG);
}

/// The timeline as SVG text (a standalone document), written straight into one string.
pub fn render_svg(d: &TagDescription) -> String {
    HtmlSink::write(true, 2048 + 1024 * (d.entries.len() + d.import_errors.len()), |s| emit_svg(d, s))
}

/// The timeline as an element tree.
pub fn svg_tree(d: &TagDescription) -> Element {
    TreeSink::build(|s| emit_svg(d, s))
}

const SVG: &Tag = tag!("svg", "xmlns" = "http://www.w3.org/2000/svg");
const TITLE: &Tag = tag!("title");
const DESC: &Tag = tag!("desc");
const HEADER: &Tag = tag!("g", "class" = "imagetag-header");
const AXIS: &Tag = tag!("g", "class" = "imagetag-axis");
const GAP_MARK: &Tag = tag!("g", "class" = "imagetag-gap");
const MARKS: &Tag = tag!("g", "class" = "imagetag-marks");
const LINE: &Tag = tag!("line");
const PATH: &Tag = tag!("path");
const CIRCLE: &Tag = tag!("circle");
const TEXT: &Tag = tag!("text");

/// How a text is painted.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Paint {
    /// The page's text colour.
    Ink,
    /// The page's text colour, bold.
    Strong,
    /// The page's text colour, lighter.
    Muted,
    /// A state colour, bold.
    State((&'static str, &'static str)),
}

/// Where a text sits relative to its `x`, and where it is shortened when it does not fit.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Align {
    /// Starts at `x`; shortened at its end.
    Start,
    /// Starts at `x`; shortened in the middle (pull specs keep their host and their digest's end).
    StartMiddle,
    /// Ends at `x`; shortened at its end.
    End,
}

fn label<S: Sink>(s: &mut S, x: i64, y: i64, size: i64, paint: Paint, align: Align, text: &str) {
    let room = if align == Align::End { x - MARGIN } else { WIDTH - MARGIN - x };
    s.start(TEXT);
    s.attr_num("x", x);
    s.attr_num("y", y);
    s.attr_num("font-size", size);
    match paint {
        Paint::Ink | Paint::Strong => s.attr("fill", "currentColor"),
        Paint::Muted => {
            s.attr("fill", "currentColor");
            s.attr("fill-opacity", MUTED_OPACITY);
        }
        Paint::State((color, class)) => {
            s.attr("fill", color);
            s.attr("class", class);
        }
    }
    if matches!(paint, Paint::Strong | Paint::State(_)) {
        s.attr("font-weight", "bold");
    }
    if align == Align::End {
        s.attr("text-anchor", "end");
    }
    s.attr("unicode-bidi", "isolate");
    s.text(&fit(text, room, size, align == Align::StartMiddle));
    s.close(TEXT);
}

/// The width of a character in hundredths of the font size, an upper bound in monospace fonts: ASCII is
/// 0.6 em in every common one (0.61 for safety); other characters may come from a fallback font, where
/// alphabetic ones stay within 1 em, CJK within 1.2 em and emoji (outside the BMP) within 1.3 em.
fn char_width(c: char) -> i64 {
    match c as u32 {
        0..=0x7f => 61,
        0x80..=0x10ff => 100,
        0x1100..=0xffff => 120,
        _ => 130,
    }
}

/// `text` on one line (line breaks and control characters become spaces), shortened with `…` (at the
/// end, or in the middle with `middle`) so that it is at most `room` wide at font size `size`.
pub fn fit(text: &str, room: i64, size: i64, middle: bool) -> String {
    let budget = room * 100 / size.max(1);
    let chars: Vec<char> = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let total: i64 = chars.iter().map(|&c| char_width(c)).sum();
    if total <= budget {
        return chars.into_iter().collect();
    }
    let ellipsis = char_width('…');
    let take = |it: &mut dyn Iterator<Item = &char>, limit: i64| -> Vec<char> {
        let mut used = 0;
        let mut out = Vec::new();
        for &c in it {
            used += char_width(c);
            if used > limit {
                break;
            }
            out.push(c);
        }
        out
    };
    let room_left = (budget - ellipsis).max(0);
    if middle {
        let head = take(&mut chars.iter(), room_left - room_left / 2);
        let mut tail = take(&mut chars.iter().rev(), room_left / 2);
        tail.reverse();
        head.into_iter().chain(std::iter::once('…')).chain(tail).collect()
    } else {
        take(&mut chars.iter(), room_left).into_iter().chain(std::iter::once('…')).collect()
    }
}

fn axis_line<S: Sink>(s: &mut S, y1: i64, y2: i64) {
    line(s, AXIS_X, y1, y2, "2");
}

/// A line in the page's text colour, lighter, from (`x1`, `y1`) to (`AXIS_X`, `y2`).
fn line<S: Sink>(s: &mut S, x1: i64, y1: i64, y2: i64, width: &str) {
    s.start(LINE);
    s.attr_num("x1", x1);
    s.attr_num("y1", y1);
    s.attr_num("x2", AXIS_X);
    s.attr_num("y2", y2);
    s.attr("stroke", "currentColor");
    s.attr("stroke-opacity", "0.5");
    s.attr("stroke-width", width);
    s.close(LINE);
}

fn circle<S: Sink>(s: &mut S, class: &str, y: i64, r: &str, fill: &str, stroke: &str) {
    s.start(CIRCLE);
    s.attr("class", class);
    s.attr_num("cx", AXIS_X);
    s.attr_num("cy", y);
    s.attr("r", r);
    s.attr("fill", fill);
    s.attr("stroke", stroke);
    s.attr("stroke-width", "2");
}

/// The paper behind hollow marks and around the current one (white unless the stylesheet says).
const PAPER: &str = "#ffffff";

fn shape<S: Sink>(s: &mut S, kind: Kind, y: i64) {
    match kind {
        Kind::Current => circle(s, "imagetag-dot", y, "8", ACCENT.0, PAPER),
        Kind::Entry => circle(s, "imagetag-ring", y, "5", PAPER, "currentColor"),
        Kind::Failed => {
            s.start(PATH);
            s.attr("class", "imagetag-cross");
            let (x, y) = (AXIS_X, y);
            s.attr(
                "d",
                &format!("M{} {} L{} {} M{} {} L{} {}", x - 6, y - 6, x + 6, y + 6, x - 6, y + 6, x + 6, y - 6),
            );
            s.attr("fill", "none");
            s.attr("stroke", FAILED.0);
            s.attr("stroke-width", "3");
            s.attr("stroke-linecap", "round");
            s.close(PATH);
            return;
        }
        Kind::Pending => {
            circle(s, "imagetag-pending-ring", y, "7", PAPER, PENDING.0);
            s.attr("stroke-dasharray", "3 2");
        }
    }
    s.close(CIRCLE);
}

fn tick<S: Sink>(s: &mut S, y: i64, text: &str, strong: bool) {
    let g =
        if strong { tag!("g", "class" = "imagetag-tick imagetag-now") } else { tag!("g", "class" = "imagetag-tick") };
    s.open(g);
    line(s, AXIS_X - 5, y, y, "1");
    label(s, AXIS_X - 10, y + 4, SMALL, if strong { Paint::Strong } else { Paint::Muted }, Align::End, text);
    s.close(g);
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

fn ago(age: &str) -> String {
    if age.is_empty() {
        "unknown time".to_string()
    } else {
        format!("{age} ago")
    }
}
