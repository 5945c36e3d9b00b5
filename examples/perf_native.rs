//! Native timings of the hot paths over a bench corpus, for profiling (`perf record`). The corpus is a
//! directory with `list.json` and `full.json` as bench/run.mjs writes them: `$PERF_CORPUS`, default
//! `/tmp/perf/corpus`. Usage: `cargo run --release --example perf_native [name filter]`.
use std::time::Instant;
fn t<R>(name: &str, f: impl Fn() -> R) {
    if let Some(only) = std::env::args().nth(1) {
        if !name.contains(only.as_str()) {
            return;
        }
    }
    f();
    let mut xs = vec![];
    // PERF_REPEAT=n runs each case n times instead of 5 (a longer profile of one case).
    let n = std::env::var("PERF_REPEAT").ok().and_then(|n| n.parse().ok()).unwrap_or(5);
    for _ in 0..n {
        let t = Instant::now();
        std::hint::black_box(f());
        xs.push(t.elapsed().as_secs_f64() * 1e3);
    }
    xs.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!("{name}: {:.1} ms", xs[xs.len() / 2]);
}
fn main() {
    let dir = std::env::var("PERF_CORPUS").unwrap_or_else(|_| "/tmp/perf/corpus".to_string());
    let list = std::fs::read_to_string(format!("{dir}/list.json")).unwrap();
    let full: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}/full.json")).unwrap()).unwrap();
    // What the package entry hands the renderers (scripts/package-entries.mjs, renderedPart).
    let picked: Vec<String> = full
        .iter()
        .map(|v| {
            let mut o = serde_json::Map::new();
            for k in ["kind", "apiVersion", "spec", "status"] {
                if let Some(x) = v.get(k) {
                    o.insert(k.into(), x.clone());
                }
            }
            let keep = |x: Option<&serde_json::Value>, ks: &[&str]| {
                x.map(|x| {
                    serde_json::Value::Object(
                        ks.iter().filter_map(|k| x.get(*k).map(|y| (k.to_string(), y.clone()))).collect(),
                    )
                })
            };
            if let Some(m) = keep(v.get("metadata"), &["name", "namespace"]) {
                o.insert("metadata".into(), m);
            }
            if let Some(i) = keep(v.get("image"), &["dockerImageManifests", "dockerImageManifestMediaType"]) {
                o.insert("image".into(), i);
            }
            serde_json::Value::Object(o).to_string()
        })
        .collect();
    let full: Vec<String> = full.iter().map(|v| v.to_string()).collect();
    t("validate list", || {
        imagetag::validation::validate_image_tag_list_text(&list, imagetag::validation::Operation::Read).unwrap().len()
    });
    t("parse list model", || imagetag::model::ImageTagList::parse(&list).unwrap().items.items().len());
    t("parse list model + to_json", || imagetag::model::ImageTagList::parse(&list).unwrap().to_json().len());
    t("list check", || imagetag::model::ImageTagList::check(&list).unwrap());
    t("ignored any", || serde_json::from_str::<serde::de::IgnoredAny>(&list).unwrap());
    t("Value", || serde_json::from_str::<serde_json::Value>(&list).unwrap());
    let tags: Vec<_> = full.iter().map(|s| imagetag::ImageTag::parse(s).unwrap()).collect();
    t("describe x1000 (parsed)", || {
        tags.iter().map(|t| imagetag::history::describe_tag_with(t, 0, 12).entries.len()).sum::<usize>()
    });
    let now = imagetag::time::parse_rfc3339_seconds("2025-03-10T12:00:00Z").unwrap();
    t("full parse x1000", || full.iter().map(|s| imagetag::ImageTag::parse(s).unwrap().name().len()).sum::<usize>());
    t("full parse+describe x1000", || {
        full.iter()
            .map(|s| {
                imagetag::history::describe_tag_with(&imagetag::ImageTag::parse(s).unwrap(), now, 12).entries.len()
            })
            .sum::<usize>()
    });
    t("picked parse x1000", || {
        picked.iter().map(|s| imagetag::ImageTag::parse(s).unwrap().name().len()).sum::<usize>()
    });
    t("picked parse+describe x1000", || {
        picked
            .iter()
            .map(|s| {
                imagetag::history::describe_tag_with(&imagetag::ImageTag::parse(s).unwrap(), now, 12).entries.len()
            })
            .sum::<usize>()
    });
    t("picked render html x1000", || {
        picked
            .iter()
            .map(|s| imagetag::history::render_html(&imagetag::ImageTag::parse(s).unwrap(), now).len())
            .sum::<usize>()
    });
    t("picked describe_text x1000", || {
        picked.iter().map(|s| imagetag::history::describe_text(s, now, 12, |d| d.entries.len()).unwrap()).sum::<usize>()
    });
    t("picked describe_text+html x1000", || {
        picked
            .iter()
            .map(|s| {
                imagetag::history::describe_text(s, now, 12, |d| imagetag::history::html::render_html(d).len()).unwrap()
            })
            .sum::<usize>()
    });
    t("full render html x1000", || {
        full.iter()
            .map(|s| imagetag::history::render_html(&imagetag::ImageTag::parse(s).unwrap(), now).len())
            .sum::<usize>()
    });
}
