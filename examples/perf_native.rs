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
    for _ in 0..5 { let t = Instant::now(); std::hint::black_box(f()); xs.push(t.elapsed().as_secs_f64() * 1e3); }
    xs.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!("{name}: {:.1} ms", xs[2]);
}
fn main() {
    let dir = std::env::var("PERF_CORPUS").unwrap_or_else(|_| "/tmp/perf/corpus".to_string());
    let list = std::fs::read_to_string(format!("{dir}/list.json")).unwrap();
    let full: Vec<serde_json::Value> = serde_json::from_str(&std::fs::read_to_string(format!("{dir}/full.json")).unwrap()).unwrap();
    let full: Vec<String> = full.iter().map(|v| v.to_string()).collect();
    t("validate list", || imagetag::validation::validate_image_tag_list_text(&list, imagetag::validation::Operation::Read).unwrap().len());
    t("parse list model", || imagetag::model::ImageTagList::parse(&list).unwrap().items.items().len());
    t("parse list model + to_json", || imagetag::model::ImageTagList::parse(&list).unwrap().to_json().len());
    t("list check", || imagetag::model::ImageTagList::check(&list).unwrap());
    t("ignored any", || serde_json::from_str::<serde::de::IgnoredAny>(&list).unwrap());
    t("Value", || serde_json::from_str::<serde_json::Value>(&list).unwrap());
    let tags: Vec<_> = full.iter().map(|s| imagetag::ImageTag::parse(s).unwrap()).collect();
    t("describe x1000 (parsed)", || tags.iter().map(|t| imagetag::history::describe_tag_with(t, 0, 12).entries.len()).sum::<usize>());
    let now = imagetag::history::parse_rfc3339("2025-03-10T12:00:00Z").unwrap();
    t("full parse x1000", || full.iter().map(|s| imagetag::ImageTag::parse(s).unwrap().name().len()).sum::<usize>());
    t("full parse+describe x1000", || full.iter().map(|s| imagetag::history::describe_tag_with(&imagetag::ImageTag::parse(s).unwrap(), now, 12).entries.len()).sum::<usize>());
    t("full render html x1000", || full.iter().map(|s| imagetag::history::render_html(&imagetag::ImageTag::parse(s).unwrap(), now).len()).sum::<usize>());
}
