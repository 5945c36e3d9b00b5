//! validate_image_tag for all three operations never panics. Input: the new tag's JSON, optionally a NUL
//! byte and the old tag's JSON (for `update`).
#![no_main]

#[path = "common.rs"]
mod common;

use imagetag::validation::{validate_image_tag, Operation};
use imagetag::ImageTag;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (new, old) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    let Ok(new) = std::str::from_utf8(new) else { return };
    let Ok(tag) = ImageTag::parse(new) else { return };
    let old = old.and_then(|o| std::str::from_utf8(o).ok()).and_then(|o| ImageTag::parse(o).ok());
    for op in common::OPERATIONS {
        let f = validate_image_tag(&tag, op, old.as_ref());
        for e in f.errors.iter().chain(&f.warnings) {
            let _ = e.message();
        }
        // Findings are data: the warnings never repeat an error.
        for w in &f.warnings {
            assert!(!f.errors.contains(w), "{w:?} is both an error and a warning");
        }
    }
    // A tag updated over itself.
    let _ = validate_image_tag(&tag, Operation::Update, Some(&tag));
});
