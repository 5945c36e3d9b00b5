use std::time::Instant;
fn main() {
    let text = std::fs::read_to_string("/tmp/full.json").unwrap();
    let all: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    let texts: Vec<String> = all.iter().map(|v| v.to_string()).collect();
    let now = imagetag::history::parse_rfc3339("2025-03-10T12:00:00Z").unwrap();
    for _ in 0..3 {
        let t = Instant::now();
        let tags: Vec<_> = texts.iter().map(|t| imagetag::ImageTag::parse(t).unwrap()).collect();
        let a = t.elapsed();
        let t = Instant::now();
        let ds: Vec<_> = tags.iter().map(|t| imagetag::history::describe_tag_with(t, now, 12)).collect();
        let b = t.elapsed();
        let t = Instant::now();
        let n: usize = ds.iter().map(|d| imagetag::history::html::render_html(d).len()).sum();
        let c = t.elapsed();
        println!("parse {a:?} describe {b:?} html {c:?} ({n} bytes)");
    }
}
