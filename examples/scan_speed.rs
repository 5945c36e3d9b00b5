use std::time::Instant;
fn main() {
    let text = std::fs::read_to_string("/tmp/list.json").unwrap();
    for _ in 0..3 {
        let t = Instant::now();
        imagetag::ImageTagList::check(&text).unwrap();
        let a = t.elapsed();
        let t = Instant::now();
        let v = imagetag::validation::validate_image_tag_list_text(&text, imagetag::validation::Operation::Read).unwrap();
        let b = t.elapsed();
        println!("check {:?} validate {:?} ({} findings)", a, b, v.len());
    }
}
