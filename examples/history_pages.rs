//! Writes the HTML and SVG renderings of the §5 examples (and a long history) to
//! `test-artifacts/history/` as standalone pages, with the default stylesheet, for screenshots
//! (`scripts/screenshots.sh`) and for looking at. Run: `cargo run --example history_pages`.

use std::fs;
use std::path::Path;

use imagetag::history;
use imagetag::time::parse_rfc3339_seconds;
use imagetag::ImageTag;

const CSS: &str = include_str!("../styles/imagetag-history.css");

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = root.join("test-artifacts/history");
    fs::create_dir_all(&out).unwrap();
    let now = parse_rfc3339_seconds("2025-03-10T12:00:00Z").unwrap();
    let mut names = Vec::new();
    for entry in fs::read_dir(root.join("tests/data/examples")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let text = fs::read_to_string(&path).unwrap();
        if let Ok(tag) = ImageTag::parse(&text) {
            if tag.kind.str() == "ImageTag" {
                names.push((name, tag));
            }
        }
    }
    names.push(("long-history-40".to_string(), long_history(&names, now, 40)));
    names.sort_by(|a, b| a.0.cmp(&b.0));
    let mut all = String::new();
    for (name, tag) in &names {
        let html = history::render_html(tag, now);
        let svg = history::render_svg(tag, now);
        fs::write(out.join(format!("{name}.html")), page(name, &html)).unwrap();
        fs::write(out.join(format!("{name}.svg")), &svg).unwrap();
        if !name.starts_with("long") {
            all.push_str(&html);
            all.push_str("\n<br>\n");
        }
        println!("{name}: {} + {} bytes", html.len(), svg.len());
    }
    fs::write(out.join("all.html"), page("tag history", &all)).unwrap();
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>\n<style>\n{CSS}\nbody {{ margin: 24px; background: #fff; }}\n</style></head>\n<body>\n{body}\n</body></html>\n"
    )
}

/// The 5.1 tag with `n` history entries, a few days apart, for the layout of long histories.
fn long_history(names: &[(String, ImageTag)], now: i64, n: usize) -> ImageTag {
    let mut tag = names.iter().find(|(n, _)| n.starts_with("5.1")).unwrap().1.clone();
    let items = tag.status.get_mut().unwrap().items.get_mut().unwrap();
    let proto = items[0].clone();
    items.clear();
    for i in 0..n {
        let mut it = proto.clone();
        let digest = format!("sha256:{}", fake_hex(i as u64 + 1));
        it.image = digest.clone().into();
        it.docker_image_reference = format!("quay.io/example/app@{digest}").into();
        it.created =
            imagetag::time::format_rfc3339(now - 3600 - (i as i64) * 2 * 86_400 - (i as i64 % 3) * 7200).into();
        it.generation = (7 - (i as i64).min(6)).into();
        items.push(it);
    }
    tag
}

/// 64 hex digits that look like a digest (a simple deterministic mix, not a real hash).
fn fake_hex(seed: u64) -> String {
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (0..4)
        .map(|_| {
            x ^= x >> 31;
            x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
            x ^= x >> 27;
            format!("{x:016x}")
        })
        .collect()
}
