//! Pull specs and ImageTag names: never panic; a parsed reference prints back (`exact()`) to a spec that
//! parses to the same parts; the name splitters give parts that put the name back together.
#![no_main]

use imagetag::reference::{
    is_docker_tag, is_image_stream_name, is_loose_digest, split_image_tag_name, split_post_name, validate_digest,
    ImageReference,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let _ = (is_docker_tag(s), is_image_stream_name(s), is_loose_digest(s), validate_digest(s));
    if let Ok(r) = ImageReference::parse(s) {
        let _ = (r.most_specific(), r.as_repository(), r.name_string(), r.repository_name());
        let _ = r.docker_client_defaults().docker_equal(&r);
        let exact = r.exact();
        if !r.name.is_empty() {
            let back = ImageReference::parse(&exact)
                .unwrap_or_else(|e| panic!("exact() of {s:?} is {exact:?}, which does not parse: {e}"));
            // exact() prints the digest and drops the tag when there are both.
            let mut want = r.clone();
            if !want.id.is_empty() {
                want.tag.clear();
            }
            assert_eq!(back, want, "{s:?} -> {exact:?}");
            assert_eq!(back.exact(), exact);
        }
    }
    match split_image_tag_name(s) {
        Ok((stream, tag)) => {
            assert!(!stream.is_empty() && !tag.is_empty());
            assert!(!s.contains('@') && !stream.contains(':') && !tag.contains(':'));
            assert_eq!(format!("{stream}:{tag}"), s);
        }
        Err(e) => {
            assert_eq!(e.code, imagetag::ErrorCode::Name);
            assert_eq!(e.message, "ImageTags must be retrieved with <name>:<tag>");
            assert!(s.contains('@') || s.matches(':').count() != 1 || s.starts_with(':') || s.ends_with(':'));
        }
    }
    let (stream, tag) = split_post_name(s);
    assert!(!stream.contains(':') && !tag.is_empty());
    match s.split_once(':') {
        Some((a, "")) => assert_eq!((stream.as_str(), tag.as_str()), (a, "latest")),
        Some(_) => assert_eq!(format!("{stream}:{tag}"), s),
        None => assert_eq!((stream.as_str(), tag.as_str()), (s, "latest")),
    }
});
