//! Native tests of the tag-history core: text golden outputs for every §5 example and the §4.1
//! illustration, `humanDuration` at every boundary of §4.4, the description's state and columns, and the
//! escaping of the HTML and SVG renderers.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::Path;

use imagetag::history::{self, describe_tag, human_duration, parse_rfc3339, short_digest, TagState};
use imagetag::{ImageTag, ImageTagList};

const NOW: &str = "2025-03-10T12:00:00Z";

fn now() -> i64 {
    parse_rfc3339(NOW).unwrap()
}

fn example(name: &str) -> ImageTag {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/examples").join(format!("{name}.json"));
    ImageTag::parse(&fs::read_to_string(path).unwrap()).unwrap()
}

fn golden(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/golden").join(format!("{name}.txt"));
    fs::read_to_string(path).unwrap()
}

const EXAMPLES: &[&str] = &[
    "5.1-docker-tracking-three-items",
    "5.2-first-import-failed",
    "5.3-spec-only",
    "5.4-status-only-pushed",
    "5.5-manifest-list",
    "5.6-signatures",
    "5.7-local-policy-import-failing",
    "5.8-reference-only",
];

#[test]
fn text_golden_outputs_of_every_example() {
    for name in EXAMPLES {
        let got = history::render_text(&example(name), now());
        assert_eq!(got, golden(name), "example {name}");
    }
}

#[test]
fn text_of_the_app_stream_illustration() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/examples/5.9-list-app-stream.json");
    let list = ImageTagList::parse(&fs::read_to_string(path).unwrap()).unwrap();
    let by_name = |n: &str| list.items.items().iter().find(|t| t.name() == n).unwrap().clone();
    // oc's order: latest first, then the others alphabetically; blocks separated by one blank line.
    let blocks: Vec<String> = ["app:latest", "app:canary", "app:v4-preview"]
        .iter()
        .map(|n| history::render_text(&by_name(n), now()))
        .collect();
    assert_eq!(blocks.join("\n"), golden("4.1-app-stream-tags"));
}

#[test]
fn human_duration_at_every_boundary() {
    let cases: &[(i64, &str)] = &[
        (-5, "Less than a second"),
        (0, "Less than a second"),
        (1, "1 second"),
        (2, "2 seconds"),
        (59, "59 seconds"),
        (60, "About a minute"),
        (119, "About a minute"),
        (120, "2 minutes"),
        (3599, "59 minutes"),
        (3600, "About an hour"),
        (5399, "About an hour"),        // 1.4997 h rounds to 1
        (5400, "2 hours"),              // 1.5 h rounds to 2
        (47 * 3600 + 1799, "47 hours"), // 47.4997 h
        (47 * 3600 + 1800, "2 days"),   // 47.5 h rounds to 48
        (335 * 3600 + 1799, "13 days"),
        (335 * 3600 + 1800, "2 weeks"), // 336 h
        (1439 * 3600 + 1799, "8 weeks"),
        (1439 * 3600 + 1800, "2 months"), // 1440 h = 60 days
        (17519 * 3600 + 1799, "24 months"),
        (17519 * 3600 + 1800, "2 years"), // 17520 h
        (3 * 365 * 86_400, "3 years"),
    ];
    for (s, want) in cases {
        assert_eq!(human_duration(*s), *want, "{s} s");
    }
}

#[test]
fn short_digests() {
    let d = "sha256:358a566fcab67757e71ffb06985ffe77c750db3299e042e0c15fd2645ba6d3c8";
    assert_eq!(short_digest(d, 12), "sha256:358a566fcab6");
    assert_eq!(short_digest(d, 64), d);
}

#[test]
fn states_and_server_columns_of_every_example() {
    let want: &[(&str, TagState, &str, &str, &str, &str)] = &[
        (
            "5.1-docker-tracking-three-items",
            TagState::Current,
            "Scheduled",
            "image/sha256:358a566fcab67757e71ffb06985ffe77c750db3299e042e0c15fd2645ba6d3c8",
            "3",
            "44 hours ago",
        ),
        ("5.2-first-import-failed", TagState::ImportFailed, "Tag", "ImportFailed (NotFound)", "", "14 minutes ago"),
        ("5.3-spec-only", TagState::NotImported, "Tag", "quay.io/example/app:canary", "", ""),
        (
            "5.4-status-only-pushed",
            TagState::Pushed,
            "Push",
            "image/sha256:79769fb53e752fcc034ad495b3bd31ed3fc4e7cfed8273b2816cf54b14fcf61f",
            "1",
            "28 hours ago",
        ),
        (
            "5.5-manifest-list",
            TagState::Current,
            "Tag",
            "image/sha256:51a82359b99d4f7c08b4ab7920f30eeb7bbf8303b86a6bdc37b78f2e3c3628b3",
            "1",
            "9 days ago",
        ),
        (
            "5.7-local-policy-import-failing",
            TagState::ImportFailed,
            "Scheduled",
            "ImportFailed (Unauthorized)",
            "1",
            "2 hours ago",
        ),
        ("5.8-reference-only", TagState::Reference, "Ref", "quay.io/example/cli:4.18", "1", "5 days ago"),
    ];
    for (name, state, spec, status, hist, updated) in want {
        let tag = example(name);
        let d = describe_tag(&tag, now());
        assert_eq!(d.state, *state, "{name}");
        assert_eq!(d.table.spec, *spec, "{name}");
        assert_eq!(d.table.status, *status, "{name}");
        assert_eq!(d.table.history, *hist, "{name}");
        assert_eq!(d.table.updated, *updated, "{name}");
        // The table row on its own is the description's row, cell for cell.
        let row = imagetag::history::table_row(&tag, now());
        assert_eq!(row, d.table, "{name}");
        assert_eq!(row.cells(), [d.name, *spec, *status, *hist, *updated], "{name}");
    }
}

#[test]
fn description_details() {
    let tag = example("5.1-docker-tracking-three-items");
    let d = describe_tag(&tag, now());
    assert_eq!((d.stream, d.tag), ("app", "latest"));
    assert!(d.scheduled && !d.insecure && !d.local_reference_policy && !d.import_pending);
    assert_eq!(d.entries.len(), 3);
    assert!(d.entries[0].current && !d.entries[1].current);
    assert_eq!(d.entries[1].short_image, "sha256:60adeb44bbc9");
    assert_eq!(d.entries[2].generation, 2);
    assert_eq!(d.entries[0].age, "44 hours");

    let tag = example("5.3-spec-only");

    let d = describe_tag(&tag, now());
    assert!(d.import_pending);
    assert_eq!(d.spec_generation, Some(10));
    assert_eq!(d.observed_generation, 0);

    let tag = example("5.7-local-policy-import-failing");

    let d = describe_tag(&tag, now());
    assert!(d.local_reference_policy && !d.import_pending);
    assert_eq!(d.import_errors.len(), 1);
    assert_eq!(d.import_errors[0].reason, "Unauthorized");
    assert_eq!(d.import_errors[0].age, "2 hours");
    // The previous image stays current while the re-import fails.
    assert!(d.entries[0].current);
    assert_eq!(d.state_text, "Import failed (Unauthorized)");

    let tag = example("5.5-manifest-list");

    let d = describe_tag(&tag, now());
    assert!(d.manifest_list);
    let p: Vec<String> = d.platforms.iter().map(|p| format!("{}/{}/{}", p.os, p.architecture, p.variant)).collect();
    assert_eq!(p, ["linux/amd64/", "linux/arm64/v8"]);

    let tag = example("5.8-reference-only");

    let d = describe_tag(&tag, now());
    assert_eq!(d.entries[0].image, "");
    assert_eq!(d.entries[0].short_image, "");
    assert!(d.reference);
}

#[test]
fn description_serializes_with_camel_case_keys() {
    let tag = example("5.7-local-policy-import-failing");
    let d = describe_tag(&tag, now());
    let v = serde_json::to_value(&d).unwrap();
    for key in [
        "stream",
        "tag",
        "source",
        "importPending",
        "importErrors",
        "entries",
        "localReferencePolicy",
        "stateText",
        "table",
    ] {
        assert!(v.get(key).is_some(), "{key}");
    }
    assert_eq!(v["state"], "importFailed");
    let e = &v["entries"][0];
    for key in ["current", "created", "age", "dockerImageReference", "image", "shortImage", "generation"] {
        assert!(e.get(key).is_some(), "{key}");
    }
}

#[test]
fn image_id_follows_the_age_when_the_reference_does_not_carry_it() {
    let mut tag = example("5.1-docker-tracking-three-items");
    let items = tag.status.get_mut().unwrap().items.get_mut().unwrap();
    items[1].docker_image_reference = "quay.io/example/app:older".to_string().into();
    items[2].docker_image_reference = "NOT A REFERENCE".to_string().into();
    let text = history::render_text(&tag, now());
    assert!(text.contains(
        "    quay.io/example/app:older\n      2 weeks ago\tsha256:60adeb44bbc9eb4fac944bfe0c87d6938c75757264c69ae748765ed3ba257b2a\n"
    ));
    // A reference that does not parse never gets the id (oc's reference.Parse fails).
    assert!(text.contains("    NOT A REFERENCE\n      2 months ago\n"));
}

#[test]
fn colliding_short_digests_are_lengthened() {
    let mut tag = example("5.1-docker-tracking-three-items");
    let items = tag.status.get_mut().unwrap().items.get_mut().unwrap();
    let a = "sha256:358a566fcab67757e71ffb06985ffe77c750db3299e042e0c15fd2645ba6d3c8";
    let b = "sha256:358a566fcab6ffff0000000000000000000000000000000000000000000000ff";
    items[0].image = a.to_string().into();
    items[1].image = b.to_string().into();
    let d = describe_tag(&tag, now());
    assert_eq!(d.entries[0].short_image, "sha256:358a566fcab67");
    assert_eq!(d.entries[1].short_image, "sha256:358a566fcab6f");
    assert_eq!(d.entries[2].short_image, "sha256:58a9dfbd5f30");
}

#[test]
fn deterministic() {
    for name in EXAMPLES {
        let t = example(name);
        assert_eq!(history::render_html(&t, now()), history::render_html(&t, now()));
        assert_eq!(history::render_svg(&t, now()), history::render_svg(&t, now()));
    }
}

#[test]
fn html_structure_and_escaping() {
    let html = history::render_html(&example("5.1-docker-tracking-three-items"), now());
    assert!(html.starts_with("<table class=\"imagetag-history imagetag-state-current\">"));
    assert!(html.contains("<caption>"));
    assert!(html.contains("<th scope=\"col\" class=\"imagetag-col-created\">Created</th>"));
    assert!(html.contains("<time datetime=\"2025-03-08T16:02:51Z\">2025-03-08 16:02 UTC</time>"));
    assert!(html.contains(
        "<code dir=\"ltr\" title=\"sha256:358a566fcab67757e71ffb06985ffe77c750db3299e042e0c15fd2645ba6d3c8\">sha256:358a566fcab6</code>"
    ));
    assert!(html.contains("<tr class=\"imagetag-entry imagetag-current\">"));

    let mut tag = example("5.2-first-import-failed");
    let c = &mut tag.status.get_mut().unwrap().conditions.get_mut().unwrap()[0];
    c.message = "<script>alert(1)</script>\" onmouseover=\"x' &amp;".to_string().into();
    let html = history::render_html(&tag, now());
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&quot;x&#39; &amp;amp;"));
    assert!(!html.contains("<script"));
    assert!(!html.contains("style="));
    let svg = history::render_svg(&tag, now());
    assert!(!svg.contains("<script"));
    assert!(svg.contains("&lt;script&gt;"));
}

#[test]
fn svg_is_well_formed_text_and_labels_do_not_overlap() {
    for name in EXAMPLES {
        let svg = history::render_svg(&example(name), now());
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{name}");
        assert!(svg.trim_end().ends_with("</svg>"), "{name}");
    }
    // Label rows of 1 to 100 entries, all created within one minute: never closer than a row.
    let base = example("5.1-docker-tracking-three-items");
    for n in [1usize, 2, 7, 30, 100] {
        let mut tag = base.clone();
        let items = tag.status.get_mut().unwrap().items.get_mut().unwrap();
        let proto = items[0].clone();
        items.clear();
        for i in 0..n {
            let mut it = proto.clone();
            it.created = history::format_rfc3339(now() - 3600 - (i as i64 % 60)).into();
            items.push(it);
        }
        let tree = history::svg::svg_tree(&describe_tag(&tag, now()));
        let marks = tree.children.iter().rev().find_map(|c| match c {
            history::tree::Node::Element(e) if e.get("class") == Some("imagetag-marks") => Some(e.clone()),
            _ => None,
        });
        let marks = marks.unwrap();
        let mut ys: Vec<i64> = Vec::new();
        for g in &marks.children {
            if let history::tree::Node::Element(g) = g {
                for c in &g.children {
                    if let history::tree::Node::Element(t) = c {
                        if t.name == "text" && t.get("font-size") == Some("13") {
                            ys.push(t.get("y").unwrap().parse().unwrap());
                        }
                    }
                }
            }
        }
        assert_eq!(ys.len(), n);
        ys.sort();
        for w in ys.windows(2) {
            assert!(w[1] - w[0] >= 38, "{n} entries: rows {w:?}");
        }
        let height: i64 = tree.get("height").unwrap().parse().unwrap();
        assert!(*ys.last().unwrap() + 21 < height, "{n} entries fit");
    }
}

/// The §4.3 example: the server's table of the `app` stream's list, row for row.
#[test]
fn table_of_the_app_stream_list() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/examples/5.9-list-app-stream.json");
    let list = ImageTagList::parse(&fs::read_to_string(path).unwrap()).unwrap();
    let t = history::table(&list, now());
    assert_eq!(t.columns, ["Name", "Spec", "Status", "History", "Updated"]);
    let rows: Vec<(&str, [&str; 5])> =
        t.rows.iter().map(|r| (r.namespace, [0, 1, 2, 3, 4].map(|i| r.cells[i].as_str()))).collect();
    let latest = "image/sha256:358a566fcab67757e71ffb06985ffe77c750db3299e042e0c15fd2645ba6d3c8";
    assert_eq!(
        rows,
        [
            ("demo", ["app:canary", "Tag", "quay.io/example/app:canary", "", ""]),
            ("demo", ["app:latest", "Scheduled", latest, "3", "44 hours ago"]),
            ("demo", ["app:v4-preview", "Tag", "ImportFailed (NotFound)", "", "14 minutes ago"]),
        ]
    );
    let empty = ImageTagList::parse(
        r#"{"kind":"ImageTagList","apiVersion":"image.openshift.io/v1","metadata":{},"items":null}"#,
    )
    .unwrap();
    assert!(history::table(&empty, now()).rows.is_empty());
}

/// Every element below `e` (depth first) that `keep` selects.
fn elements<'a>(
    e: &'a history::tree::Element,
    keep: &dyn Fn(&history::tree::Element) -> bool,
) -> Vec<&'a history::tree::Element> {
    let mut out = Vec::new();
    if keep(e) {
        out.push(e);
    }
    for c in &e.children {
        if let history::tree::Node::Element(c) = c {
            out.extend(elements(c, keep));
        }
    }
    out
}

/// Issue 20, item 12: the time axis spans the history, not the time up to now; a long gap to now is marked.
#[test]
fn the_timeline_axis_spans_the_history_and_marks_the_gap_to_now() {
    let tag = example("5.1-docker-tracking-three-items"); // entries 44 hours, 2 weeks and 2 months old
    let marks = |tree: &history::tree::Element| -> Vec<i64> {
        let class = |e: &history::tree::Element| e.get("class").unwrap_or("").to_string();
        let mut ys: Vec<i64> = elements(tree, &|e| e.name == "circle" && class(e).contains("imagetag-"))
            .iter()
            .map(|c| c.get("cy").unwrap().parse().unwrap())
            .collect();
        ys.sort();
        ys
    };
    let height = |tree: &history::tree::Element| -> i64 { tree.get("height").unwrap().parse().unwrap() };
    let gap = |tree: &history::tree::Element| -> Option<String> {
        elements(tree, &|e| e.get("class") == Some("imagetag-gap")).first().map(|g| g.text_content())
    };

    // As of now: the history runs up to now; no break.
    let tree = history::svg::svg_tree(&describe_tag(&tag, now()));
    assert_eq!(gap(&tree), None);
    let recent = marks(&tree);
    assert_eq!(recent.len(), 3);

    // Years later: the same spread of marks over the axis, and the gap labelled.
    for later in [150 * 86_400, 20 * 365 * 86_400] {
        let tree = history::svg::svg_tree(&describe_tag(&tag, now() + later));
        let ys = marks(&tree);
        assert_eq!(ys.len(), 3);
        let spread = ys[2] - ys[0];
        assert!(spread * 2 >= height(&tree), "marks piled up: {ys:?} in {} px", height(&tree));
        let before = recent[2] - recent[0];
        assert!((spread - before).abs() * 10 <= before, "the history keeps its own scale: {spread} vs {before}");
        let label = gap(&tree).expect("the gap to now is marked");
        assert!(label.contains("months") || label.contains("years"), "{label}");
        let now_tick = elements(&tree, &|e| e.get("class") == Some("imagetag-tick imagetag-now"));
        let now_y: i64 = now_tick[0]
            .children
            .iter()
            .find_map(|c| match c {
                history::tree::Node::Element(l) if l.name == "line" => l.get("y1").map(|y| y.parse().unwrap()),
                _ => None,
            })
            .unwrap();
        assert!(now_y < ys[0] - 30, "now ({now_y}) above the break, the newest mark ({}) below it", ys[0]);
    }
}
