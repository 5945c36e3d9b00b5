//! ImageTagList parsing round trip, and the fast reader (src/json/fast_reader.rs) against it: `ImageTagList::check`
//! and the one-pass list validation accept exactly what `ImageTagList::parse` accepts, fail with its
//! error, and the findings equal, item by item, those of `validate_image_tag` on the parsed items.
#![no_main]

#[path = "common.rs"]
mod common;

use imagetag::validation::{validate_image_tag, validate_image_tag_list_text, Operation};
use imagetag::{ErrorCode, ImageTagList};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let parsed = ImageTagList::parse(text);
    // The check (fast reader, else the parser) gives what parsing gives.
    assert_eq!(ImageTagList::check(text), parsed.as_ref().map(drop).map_err(Clone::clone), "check and parse disagree");
    if let Ok(list) = &parsed {
        let out = list.to_json();
        let again = ImageTagList::parse(&out).expect("the serialized list parses");
        assert_eq!(&again, list, "parse(serialize(parse(x))) != parse(x)");
        let v_in: Value = serde_json::from_str(text).expect("text the model parses is JSON");
        assert_eq!(v_in, serde_json::from_str::<Value>(&out).unwrap(), "serialize(parse(x)) changed data");
    }
    for op in common::OPERATIONS {
        let fast = validate_image_tag_list_text(text, op);
        match (&parsed, &fast) {
            (Ok(list), Ok(found)) => {
                // `update` has no old object in a list and means the create rules.
                let item_op = if op == Operation::Update { Operation::Create } else { op };
                let mut expected = Vec::new();
                for (index, item) in list.items.items().iter().enumerate() {
                    let f = validate_image_tag(item, item_op, None);
                    if !f.is_empty() {
                        expected.push((index, item.name().to_string(), f.errors, f.warnings));
                    }
                }
                let got: Vec<_> =
                    found.iter().map(|i| (i.index, i.name.clone(), i.errors.clone(), i.warnings.clone())).collect();
                assert_eq!(got, expected, "list fast path and per-item validation disagree ({op:?})");
            }
            (Err(a), Err(b)) => assert_eq!(a, b, "list fast path and parse fail differently ({op:?})"),
            (Ok(_), Err(e)) => panic!("parse accepts a list the fast path refuses ({op:?}): {e:?}"),
            // The fast reader type-checks every field, read or not: it accepts exactly what parse accepts.
            (Err(e), Ok(_)) => panic!("the fast path accepts a list parse refuses ({op:?}): {e:?}"),
        }
        if let Err(e) = &fast {
            assert!(matches!(e.code, ErrorCode::Parse | ErrorCode::Schema));
        }
    }
});
