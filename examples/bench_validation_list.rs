//! Rough throughput of the list fast path vs a full parse into the model.
use std::time::Instant;
fn main() {
    let item = include_str!("../tests/data/examples/5.1-docker-tracking-three-items.json");
    let mut v: serde_json::Value = serde_json::from_str(item).unwrap();
    v["image"] = serde_json::Value::Null;
    let one = v.to_string();
    let n = 20_000;
    let text = format!("{{\"kind\":\"ImageTagList\",\"items\":[{}]}}", vec![one.as_str(); n].join(","));
    let mb = text.len() as f64 / 1e6;
    for _ in 0..2 {
        let t = Instant::now();
        let found =
            imagetag::validation::validate_image_tag_list_text(&text, imagetag::validation::Operation::Read).unwrap();
        let dt = t.elapsed().as_secs_f64();
        println!("validate list: {mb:.1} MB, {} findings, {:.0} ms, {:.0} MB/s", found.len(), dt * 1e3, mb / dt);
        let t = Instant::now();
        let list = imagetag::model::ImageTagList::parse(&text).unwrap();
        let dt = t.elapsed().as_secs_f64();
        println!("parse model:   {:.0} ms ({} items)", dt * 1e3, list.items.items().len());
        let t = Instant::now();
        let _: serde_json::Value = serde_json::from_str(&text).unwrap();
        println!("serde Value:   {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
    }
}
