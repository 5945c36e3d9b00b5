//! Big inputs, natively (issue 9): a 100 MB ImageTagList is handled, not refused. The list validation
//! fast path reads it in one pass with memory that does not grow with the list (measured here with a
//! counting allocator); parsing it into the model takes memory proportional to it (a few times the text).
//! Its own test binary, so the allocator counts nothing else; one test, so nothing runs beside it.

#![cfg(not(target_arch = "wasm32"))]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use imagetag::validation::{validate_image_tag_list_text, Operation};
use imagetag::ImageTagList;

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = System.alloc(l);
        if !p.is_null() {
            let now = LIVE.fetch_add(l.size(), Relaxed) + l.size();
            PEAK.fetch_max(now, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        System.dealloc(p, l);
        LIVE.fetch_sub(l.size(), Relaxed);
    }
}

#[global_allocator]
static A: Counting = Counting;

/// Peak bytes allocated while `f` runs, above what was live before.
fn peak_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let out = f();
    (out, PEAK.load(Relaxed) - base)
}

const MB: usize = 1_000_000;

#[test]
fn a_100_mb_list_is_validated_in_constant_memory_and_parsed() {
    let mut item: serde_json::Value =
        serde_json::from_str(include_str!("data/examples/5.1-docker-tracking-three-items.json")).unwrap();
    item.as_object_mut().unwrap().remove("kind");
    item["image"] = serde_json::Value::Null;
    // Every tenth item has findings (a name without a tag), so the result is not empty.
    let good = item.to_string();
    item["metadata"]["name"] = "no-tag-here".into();
    let bad = item.to_string();
    let count = 100 * MB / (good.len() + 1) + 1;
    let mut text = String::with_capacity(count * (good.len() + 1) + 100);
    text.push_str(r#"{"kind":"ImageTagList","apiVersion":"image.openshift.io/v1","metadata":{},"items":["#);
    for i in 0..count {
        if i > 0 {
            text.push(',');
        }
        text.push_str(if i % 10 == 0 { &bad } else { &good });
    }
    text.push_str("]}");
    assert!(text.len() >= 100 * MB);

    let (found, validate_peak) = peak_during(|| validate_image_tag_list_text(&text, Operation::Read).unwrap());
    let peak = validate_peak;
    assert_eq!(found.len(), count.div_ceil(10));
    assert!(found.iter().all(|f| f.index % 10 == 0 && f.name == "no-tag-here"));
    // What it keeps is the findings; reading the list itself needs next to nothing.
    let findings_bytes: usize = found.len() * 1024;
    assert!(peak < 8 * MB + findings_bytes, "validating 100 MB peaked at {peak} bytes");
    drop(found);

    // The model holds everything: proportional to the text, and it round-trips.
    let (list, peak) = peak_during(|| ImageTagList::parse(&text).unwrap());
    assert_eq!(list.items.items().len(), count);
    assert!(peak < 8 * text.len(), "parsing 100 MB peaked at {peak} bytes");
    let out = list.to_json();
    assert_eq!(out.len(), text.len());
    eprintln!(
        "100 MB list: validate peak {:.1} MB (fast path); parse peak {} MB",
        validate_peak as f64 / MB as f64,
        peak / MB
    );
}
