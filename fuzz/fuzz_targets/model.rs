//! ImageTag parsing: never panics; whatever parses serializes losslessly (parse(serialize(parse(x))) ==
//! parse(x), and the JSON values of input and output are equal); errors agree with serde_json on what
//! is JSON at all.
#![no_main]

use imagetag::{ErrorCode, ImageTag};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let text = match imagetag::json::utf8(data) {
        Ok(t) => t,
        Err(e) => {
            assert!(std::str::from_utf8(data).is_err());
            assert_eq!(e.code, ErrorCode::Parse);
            return;
        }
    };
    let as_value = serde_json::from_str::<Value>(text);
    match ImageTag::parse(text) {
        Ok(tag) => {
            let out = tag.to_json();
            let again = ImageTag::parse(&out).expect("the serialized tag parses");
            assert_eq!(again, tag, "parse(serialize(parse(x))) != parse(x)");
            let v_in = as_value.expect("text the model parses is JSON");
            let v_out: Value = serde_json::from_str(&out).unwrap();
            assert_eq!(v_in, v_out, "serialize(parse(x)) lost or changed data");
            let _ = (tag.name(), tag.namespace(), tag.history().len());
        }
        Err(e) => {
            if as_value.is_err() {
                assert_eq!(e.code, ErrorCode::Parse, "{e:?}");
            } else {
                assert_eq!(e.code, ErrorCode::Schema, "JSON text gave a non-schema error: {e:?}");
            }
        }
    }
});
