//! Native table tests for `imagetag::reference`: pull specs, digests, tag and stream-name predicates and
//! both ImageTag name-splitting rules. Expected values and message texts come from docs/semantics.md
//! §2.2, §3.3–§3.6 and from OpenShift's own test table for `reference.Parse` (library-go), never from the
//! implementation's output.

use imagetag::reference::*;
use imagetag::ErrorCode;

const H64: &str = "3c87c572822935df60f0f5d3665bd376841a7fcfeb806b5f212de6a00e9a7b25";

fn hex(n: usize) -> String {
    "0123456789abcdef".chars().cycle().take(n).collect()
}

fn d256() -> String {
    format!("sha256:{H64}")
}

/// (spec, registry, namespace, name, tag, id, exact)
type Valid = (String, &'static str, &'static str, String, String, String, String);

fn v(
    spec: &str,
    registry: &'static str,
    namespace: &'static str,
    name: &str,
    tag: &str,
    id: &str,
    exact: &str,
) -> Valid {
    (spec.into(), registry, namespace, name.into(), tag.into(), id.into(), exact.into())
}

fn valid_cases() -> Vec<Valid> {
    let d = d256();
    let a63 = "a".repeat(63);
    let b182 = "b".repeat(182);
    let b231 = "b".repeat(231);
    vec![
        // library-go's own TestParse table.
        v("foo", "", "", "foo", "", "", "foo"),
        v("foo:tag", "", "", "foo", "tag", "", "foo:tag"),
        v(&d, "", "", "sha256", H64, "", &d),
        v(&format!("foo@{d}"), "", "", "foo", "", &d, &format!("foo@{d}")),
        v("bar/foo", "", "bar", "foo", "", "", "bar/foo"),
        v("bar/foo:tag", "", "bar", "foo", "tag", "", "bar/foo:tag"),
        v(&format!("bar/foo@{d}"), "", "bar", "foo", "", &d, &format!("bar/foo@{d}")),
        v("bar/foo/baz", "", "bar", "foo/baz", "", "", "bar/foo/baz"),
        v("bar/library/baz", "", "bar", "library/baz", "", "", "bar/library/baz"),
        v("bar/foo/baz:tag", "", "bar", "foo/baz", "tag", "", "bar/foo/baz:tag"),
        v(&format!("bar/foo/baz@{d}"), "", "bar", "foo/baz", "", &d, &format!("bar/foo/baz@{d}")),
        v("bar:5000/foo/baz", "bar:5000", "foo", "baz", "", "", "bar:5000/foo/baz"),
        v("bar:5000/library/baz", "bar:5000", "library", "baz", "", "", "bar:5000/library/baz"),
        v("bar:5000/baz", "bar:5000", "", "baz", "", "", "bar:5000/baz"),
        v("bar:5000/foo/baz:tag", "bar:5000", "foo", "baz", "tag", "", "bar:5000/foo/baz:tag"),
        v(&format!("bar:5000/foo/baz@{d}"), "bar:5000", "foo", "baz", "", &d, &format!("bar:5000/foo/baz@{d}")),
        v("myregistry.io/foo", "myregistry.io", "", "foo", "", "", "myregistry.io/foo"),
        v("localhost/bar", "localhost", "", "bar", "", "", "localhost/bar"),
        v("docker.io/library/myapp", "docker.io", "library", "myapp", "", "", "docker.io/library/myapp"),
        v("docker.io/myapp", "docker.io", "", "myapp", "", "", "docker.io/myapp"),
        v("docker.io/user/myapp", "docker.io", "user", "myapp", "", "", "docker.io/user/myapp"),
        v("docker.io/user/project/myapp", "docker.io", "user", "project/myapp", "", "", "docker.io/user/project/myapp"),
        v("index.docker.io/bar", "index.docker.io", "", "bar", "", "", "index.docker.io/bar"),
        v("bar/foo/baz/biz", "", "bar", "foo/baz/biz", "", "", "bar/foo/baz/biz"),
        // The name part at exactly 255 characters.
        v(
            &format!("bar:5000/{a63}/{b182}:tag"),
            "bar:5000",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            &b182,
            "tag",
            "",
            &format!("bar:5000/{a63}/{b182}:tag"),
        ),
        v(
            &format!("docker.io/library/{b231}:tag"),
            "docker.io",
            "library",
            &b231,
            "tag",
            "",
            &format!("docker.io/library/{b231}:tag"),
        ),
        v(&format!("docker.io/{b231}:tag"), "docker.io", "", &b231, "tag", "", &format!("docker.io/{b231}:tag")),
        // Registry-only specs (no `/`, contains `.` or starts with `localhost`): the whole spec is the registry,
        // no tag, and Exact() prints `registry/`.
        v("quay.io", "quay.io", "", "", "", "", "quay.io/"),
        v("example.com", "example.com", "", "", "", "", "example.com/"),
        v("localhost:5000", "localhost:5000", "", "", "", "", "localhost:5000/"),
        v("localhost", "localhost", "", "", "", "", "localhost/"),
        v("localhostfoo", "localhostfoo", "", "", "", "", "localhostfoo/"),
        v("foo.bar:baz", "foo.bar:baz", "", "", "", "", "foo.bar:baz/"),
        v(
            &format!("example.com@{d}"),
            "example.com@sha256:3c87c572822935df60f0f5d3665bd376841a7fcfeb806b5f212de6a00e9a7b25",
            "",
            "",
            "",
            &d,
            &format!("example.com@{d}/"),
        ),
        v("quay.io/org", "quay.io", "", "org", "", "", "quay.io/org"),
        v("localhost:5000/org", "localhost:5000", "", "org", "", "", "localhost:5000/org"),
        // §3.5 examples.
        v("quay.io/a/b/c:1", "quay.io", "a", "b/c", "1", "", "quay.io/a/b/c:1"),
        v("nginx", "", "", "nginx", "", "", "nginx"),
        // A `:port` is only a port when the host is followed by `/`; otherwise it is a tag.
        v("foo:bar", "", "", "foo", "bar", "", "foo:bar"),
        v("bar:5000", "", "", "bar", "5000", "", "bar:5000"),
        v("localhost:5000/a/b:c", "localhost:5000", "a", "b", "c", "", "localhost:5000/a/b:c"),
        v("127.0.0.1:5000/foo", "127.0.0.1:5000", "", "foo", "", "", "127.0.0.1:5000/foo"),
        // Tag and digest together: Exact() prefers the digest.
        v(&format!("a/b:c@{d}"), "", "a", "b", "c", &d, &format!("a/b@{d}")),
        v(&format!("quay.io/ns/app:v1@{d}"), "quay.io", "ns", "app", "v1", &d, &format!("quay.io/ns/app@{d}")),
        // Upper case is allowed in the host, and the host may be a bare word (then it is a namespace).
        v("Example.COM/foo", "Example.COM", "", "foo", "", "", "Example.COM/foo"),
        v("EXAMPLE:5000/foo", "EXAMPLE:5000", "", "foo", "", "", "EXAMPLE:5000/foo"),
        v("Foo/bar", "", "Foo", "bar", "", "", "Foo/bar"),
        v("LOCALHOST/foo", "", "LOCALHOST", "foo", "", "", "LOCALHOST/foo"),
        v("ho-st.com/foo", "ho-st.com", "", "foo", "", "", "ho-st.com/foo"),
        v("localhost.localdomain/foo", "localhost.localdomain", "", "foo", "", "", "localhost.localdomain/foo"),
        // A first component with `.` is a registry even when it only matched as a path component.
        v("host_name.com/foo", "host_name.com", "", "foo", "", "", "host_name.com/foo"),
        v("my-host/foo", "", "my-host", "foo", "", "", "my-host/foo"),
        // Separators: `.`, `_`, `__`, any number of `-` (including none).
        v("a__b", "", "", "a__b", "", "", "a__b"),
        v("a_b", "", "", "a_b", "", "", "a_b"),
        v("a-b", "", "", "a-b", "", "", "a-b"),
        v("a---b", "", "", "a---b", "", "", "a---b"),
        v("a-b_c__d", "", "", "a-b_c__d", "", "", "a-b_c__d"),
        v("ns/a.b", "", "ns", "a.b", "", "", "ns/a.b"),
        v("a.b/c", "a.b", "", "c", "", "", "a.b/c"),
        v("0/1:2", "", "0", "1", "2", "", "0/1:2"),
        // Tags: word characters, `.` and `-` after the first; up to 128 characters; upper case allowed.
        v("foo:TAG", "", "", "foo", "TAG", "", "foo:TAG"),
        v("foo:_x", "", "", "foo", "_x", "", "foo:_x"),
        v("foo:v1.2-rc_3", "", "", "foo", "v1.2-rc_3", "", "foo:v1.2-rc_3"),
        v(
            &format!("foo:{}", "t".repeat(128)),
            "",
            "",
            "foo",
            &"t".repeat(128),
            "",
            &format!("foo:{}", "t".repeat(128)),
        ),
        // Digests: upper-case hex, the other algorithms.
        v(
            &format!("foo@sha256:{}", H64.to_uppercase()),
            "",
            "",
            "foo",
            "",
            &format!("sha256:{}", H64.to_uppercase()),
            &format!("foo@sha256:{}", H64.to_uppercase()),
        ),
        v(
            &format!("foo@sha384:{}", hex(96)),
            "",
            "",
            "foo",
            "",
            &format!("sha384:{}", hex(96)),
            &format!("foo@sha384:{}", hex(96)),
        ),
        v(
            &format!("foo@sha512:{}", hex(128)),
            "",
            "",
            "foo",
            "",
            &format!("sha512:{}", hex(128)),
            &format!("foo@sha512:{}", hex(128)),
        ),
    ]
}

#[test]
fn valid_pull_specs() {
    for (spec, registry, namespace, name, tag, id, exact) in valid_cases() {
        let r = ImageReference::parse(&spec).unwrap_or_else(|e| panic!("{spec:?}: unexpected error {e}"));
        let want = ImageReference { registry: registry.into(), namespace: namespace.into(), name, tag, id };
        assert_eq!(r, want, "{spec:?}");
        assert_eq!(r.exact(), exact, "exact() of {spec:?}");
        assert_eq!(r.to_string(), exact, "Display of {spec:?}");
        let via_from_str: ImageReference = spec.parse().unwrap();
        assert_eq!(via_from_str, r);
        assert_eq!(parse_image_reference(&spec).unwrap(), r);
    }
}

#[test]
fn exact_form_reparses_to_the_same_parts() {
    for (spec, registry, ..) in valid_cases() {
        let r = ImageReference::parse(&spec).unwrap();
        if r.name.is_empty() {
            continue; // registry-only: Exact() ends in `/`, which does not parse (OpenShift behaves the same)
        }
        let again = ImageReference::parse(&r.exact()).unwrap_or_else(|e| panic!("{spec:?}: {e}"));
        assert_eq!(again, r.most_specific(), "{spec:?} (registry {registry:?})");
    }
}

const EMPTY: &str = "repository name must have at least one component";
const UPPER: &str = "repository name must be lowercase";
const FORMAT: &str = "invalid reference format";
const TOO_LONG: &str = "repository name must not be more than 255 characters";
const UNSUPPORTED: &str = "unsupported digest algorithm";
const LENGTH: &str = "invalid checksum digest length";

fn invalid_cases() -> Vec<(String, &'static str)> {
    let d = d256();
    let s = |x: &str| x.to_string();
    vec![
        (s(""), EMPTY),
        // library-go's TestParse error cases.
        (format!("bar:5000/{}/{}:tag", "a".repeat(63), "b".repeat(183)), TOO_LONG),
        (format!("docker.io/{}:tag", "b".repeat(246)), TOO_LONG),
        (s("registry.io/foo/bar/:Tag"), FORMAT),
        (s("https://bar:5000/foo/baz"), FORMAT),
        (format!("http://bar:5000/foo/baz@{d}"), FORMAT),
        (s("registry:3000/integration/imageStream:success"), UPPER),
        (s("registry:5000/integration/test-image-stream@sha256:00000000000000000000000000000001"), LENGTH),
        (s("abc@badid"), FORMAT),
        (s("index.docker.io/mysql@sha256:bad"), FORMAT),
        (format!("@{d}"), FORMAT),
        (s(":tag"), FORMAT),
        (s("bar/foo/baz////biz"), FORMAT),
        (s("//foo/baz/biz"), FORMAT),
        (s("ftp://baz/baz/biz"), FORMAT),
        // Upper case in the path, anywhere but the host.
        (s("FOO"), UPPER),
        (s("Foo:tag"), UPPER),
        (s("foo/Bar"), UPPER),
        (s("quay.io/Org/app:v1"), UPPER),
        (s("localhost:5000/A"), UPPER),
        (format!("Foo@{d}"), UPPER),
        // Upper case wins over the length rule (the length is checked only after a match).
        ("A".repeat(300), UPPER),
        // Go's strings.ToLower maps KELVIN SIGN to `k` and `İ` to `i`.
        (s("foo\u{212A}"), UPPER),
        (s("foo:\u{0130}"), UPPER),
        (s("fooé"), FORMAT),
        // Separators and edges.
        (s("a___b"), FORMAT),
        (s("a_-b"), FORMAT),
        (s("a.-b"), FORMAT),
        (s("a..b"), FORMAT),
        (s("a._b"), FORMAT),
        (s("-a"), FORMAT),
        (s("a-"), FORMAT),
        (s("_a"), FORMAT),
        (s("a_"), FORMAT),
        (s(".a"), FORMAT),
        (s("a."), FORMAT),
        (s("foo/"), FORMAT),
        (s("/foo"), FORMAT),
        (s("foo//bar"), FORMAT),
        (s("foo bar"), FORMAT),
        (s(" foo"), FORMAT),
        (s("foo\n"), FORMAT),
        // Tags.
        (s("foo:"), FORMAT),
        (s("foo:.x"), FORMAT),
        (s("foo:-x"), FORMAT),
        (format!("foo:{}", "t".repeat(129)), FORMAT),
        (s("a:b:c"), FORMAT),
        (s("a/b:c:d"), FORMAT),
        (s("foo:bar/baz"), FORMAT),
        (s("foo:ba%r"), FORMAT),
        // Hosts and ports.
        (s("bar:5000a/foo"), FORMAT),
        (s("bar:/foo"), FORMAT),
        (s(":5000/foo"), FORMAT),
        (s("-host.com/foo"), FORMAT),
        (s("host-.com/foo"), FORMAT),
        (s("host..com/foo"), FORMAT),
        (s("[::1]:5000/foo"), FORMAT),
        (s("a:1:2/foo"), FORMAT),
        (s("under_score:5000/foo"), FORMAT),
        // Digests: the loose grammar first (format), then strict validation.
        (s("foo@"), FORMAT),
        (format!("foo@sha256:{}", hex(31)), FORMAT),
        (format!("foo@sha256:{}g", hex(63)), FORMAT),
        (format!("foo@1sha:{}", hex(64)), FORMAT),
        (format!("foo@sha-:{}", hex(64)), FORMAT),
        (format!("foo@{d}@{d}"), FORMAT),
        (format!("foo@{d}:tag"), FORMAT),
        (format!("foo@sha256:{}", hex(32)), LENGTH),
        (format!("foo@sha256:{}", hex(65)), LENGTH),
        (format!("foo@sha384:{}", hex(64)), LENGTH),
        (format!("foo@sha512:{}", hex(96)), LENGTH),
        (format!("foo@md5:{}", hex(32)), UNSUPPORTED),
        (format!("foo@SHA256:{H64}"), UNSUPPORTED),
        (format!("foo@sha257:{H64}"), UNSUPPORTED),
        (format!("foo@a-b+c.d_e:{H64}"), UNSUPPORTED),
        (format!("foo:tag@md5:{}", hex(32)), UNSUPPORTED),
        // The name length is checked before the digest.
        (format!("docker.io/{}@sha256:{}", "b".repeat(246), hex(32)), TOO_LONG),
    ]
}

#[test]
fn invalid_pull_specs() {
    for (spec, want) in invalid_cases() {
        let err = ImageReference::parse(&spec).expect_err(&spec);
        assert_eq!(err.to_string(), want, "{spec:?}");
        let core = parse_image_reference(&spec).expect_err(&spec);
        assert_eq!(core.code, ErrorCode::Reference, "{spec:?}");
        assert_eq!(core.message, want, "{spec:?}");
    }
}

#[test]
fn error_variants() {
    assert_eq!(ImageReference::parse(""), Err(ReferenceError::NameEmpty));
    assert_eq!(ImageReference::parse("Foo"), Err(ReferenceError::NameContainsUppercase));
    assert_eq!(ImageReference::parse("foo:"), Err(ReferenceError::InvalidFormat));
    assert_eq!(ImageReference::parse(&"a".repeat(256)), Err(ReferenceError::NameTooLong));
    assert!(ImageReference::parse(&"a".repeat(255)).is_ok());
    assert_eq!(
        ImageReference::parse(&format!("foo@md5:{}", hex(32))),
        Err(ReferenceError::Digest(DigestError::UnsupportedAlgorithm))
    );
    assert_eq!(
        ImageReference::parse(&format!("foo@sha256:{}", hex(40))),
        Err(ReferenceError::Digest(DigestError::InvalidLength))
    );
}

#[test]
fn exact_of_constructed_references() {
    let d = d256();
    let r = |registry: &str, namespace: &str, name: &str, tag: &str, id: &str| ImageReference {
        registry: registry.into(),
        namespace: namespace.into(),
        name: name.into(),
        tag: tag.into(),
        id: id.into(),
    };
    let cases = [
        (r("", "", "foo", "", ""), s("foo")),
        (r("", "", "foo", "t", ""), s("foo:t")),
        (r("", "", "foo", "t", &d), format!("foo@{d}")),
        // An id that is not a digest (a v1 image id) is printed as a tag.
        (r("", "", "foo", "", "abc123"), s("foo:abc123")),
        (r("", "", "foo", "t", "abc123"), s("foo:abc123")),
        (r("reg:5000", "ns", "a/b", "t", ""), s("reg:5000/ns/a/b:t")),
        (r("r", "ns", "", "t", ""), s("r/ns/")),
        (r("r", "", "", "", &d), s("r/")),
        (r("", "ns", "", "t", ""), s("")),
        (r("", "", "", "", ""), s("")),
    ];
    for (reference, want) in cases {
        assert_eq!(reference.exact(), want, "{reference:?}");
    }
}

fn s(x: &str) -> String {
    x.to_string()
}

#[test]
fn most_specific_and_name_string() {
    let d = d256();
    let both = ImageReference::parse(&format!("quay.io/ns/app:v1@{d}")).unwrap();
    let ms = both.most_specific();
    assert_eq!(ms.tag, "");
    assert_eq!(ms.id, d);
    assert_eq!(ms.exact(), format!("quay.io/ns/app@{d}"));
    assert_eq!(both.name_string(), "quay.io/ns/app");
    assert_eq!(both.repository_name(), "ns/app");

    let tag_only = ImageReference::parse("quay.io/ns/app:v1").unwrap();
    assert_eq!(tag_only.most_specific(), tag_only);

    // Non-digest id: becomes the tag when there is none, otherwise left alone.
    let v1 = ImageReference { name: "foo".into(), id: "abc".into(), ..Default::default() };
    assert_eq!(v1.most_specific(), ImageReference { name: "foo".into(), tag: "abc".into(), ..Default::default() });
    let v1_tagged = ImageReference { tag: "t".into(), ..v1.clone() };
    assert_eq!(v1_tagged.most_specific(), v1_tagged);

    assert_eq!(ImageReference::parse("nginx:1").unwrap().name_string(), "nginx");
    assert_eq!(ImageReference::parse("a/b/c:1").unwrap().name_string(), "a/b/c");
}

#[test]
fn docker_equality_applies_defaults() {
    let p = |x: &str| ImageReference::parse(x).unwrap();
    assert!(p("nginx").docker_equal(&p("docker.io/library/nginx:latest")));
    assert!(p("foo/bar").docker_equal(&p("docker.io/foo/bar:latest")));
    assert!(p("index.docker.io/nginx").docker_equal(&p("index.docker.io/library/nginx")));
    assert!(!p("nginx").docker_equal(&p("quay.io/nginx")));
    assert!(!p("nginx:1").docker_equal(&p("nginx")));
    assert!(is_registry_docker_hub("registry-1.docker.io"));
    assert!(!is_registry_docker_hub("quay.io"));
}

#[test]
fn serde_shape() {
    let r = ImageReference::parse("quay.io/a/b:1").unwrap();
    assert_eq!(
        serde_json::to_string(&r).unwrap(),
        r#"{"registry":"quay.io","namespace":"a","name":"b","tag":"1","id":""}"#
    );
    let back: ImageReference = serde_json::from_str(r#"{"name":"b","tag":"1"}"#).unwrap();
    assert_eq!(back.exact(), "b:1");
}

#[test]
fn digest_validation() {
    use DigestError::*;
    let cases: Vec<(String, Result<(), DigestError>)> = vec![
        (d256(), Ok(())),
        (format!("sha256:{}", H64.to_uppercase()), Ok(())),
        (format!("sha384:{}", hex(96)), Ok(())),
        (format!("sha512:{}", hex(128)), Ok(())),
        (s("sha256:abc"), Err(InvalidLength)),
        (format!("sha256:{}", hex(63)), Err(InvalidLength)),
        (format!("sha256:{}", hex(65)), Err(InvalidLength)),
        (format!("sha256:{}", hex(128)), Err(InvalidLength)),
        (format!("sha512:{}", hex(64)), Err(InvalidLength)),
        (format!("sha384:{}", hex(64)), Err(InvalidLength)),
        (format!("sha257:{H64}"), Err(UnsupportedAlgorithm)),
        (format!("SHA256:{H64}"), Err(UnsupportedAlgorithm)),
        (format!("md5:{}", hex(32)), Err(UnsupportedAlgorithm)),
        (format!("a+b.c_d-e:{H64}"), Err(UnsupportedAlgorithm)),
        (format!("1:{H64}"), Err(UnsupportedAlgorithm)),
        (s("md5:a"), Err(UnsupportedAlgorithm)),
        (s("sha256"), Err(InvalidFormat)),
        (s("sha256:"), Err(InvalidFormat)),
        (format!(":{H64}"), Err(InvalidFormat)),
        (s("sha256:xyz"), Err(InvalidFormat)),
        (format!("sha256:{}g", hex(63)), Err(InvalidFormat)),
        (s("sha256:ab:cd"), Err(InvalidFormat)),
        (format!("a/b:{H64}"), Err(InvalidFormat)),
        (format!("sha 256:{H64}"), Err(InvalidFormat)),
        (format!("sha256:{H64} "), Err(InvalidFormat)),
        (s(""), Err(InvalidFormat)),
        (s("md5:xyz"), Err(InvalidFormat)),
    ];
    for (digest, want) in cases {
        assert_eq!(validate_digest(&digest), want, "{digest:?}");
    }
    assert_eq!(UnsupportedAlgorithm.to_string(), "unsupported digest algorithm");
    assert_eq!(InvalidLength.to_string(), "invalid checksum digest length");
    assert_eq!(InvalidFormat.to_string(), "invalid checksum digest format");
}

#[test]
fn loose_digest() {
    let yes = [
        format!("sha256:{}", hex(32)),
        d256(),
        format!("sha256:{}", H64.to_uppercase()),
        format!("a:{}", hex(40)),
        format!("a1:{}", hex(32)),
        format!("a-b+c.d_e:{}", hex(32)),
        format!("md5:{}", hex(32)),
        format!("SHA256:{}", hex(200)),
    ];
    let no = [
        format!("sha256:{}", hex(31)),
        format!("sha256:{}g", hex(32)),
        format!(":{}", hex(32)),
        format!("1a:{}", hex(32)),
        format!("a-1:{}", hex(32)),
        format!("a--b:{}", hex(32)),
        format!("a-:{}", hex(32)),
        format!("-a:{}", hex(32)),
        format!("a/b:{}", hex(32)),
        format!("sha256:{}:{}", hex(32), hex(32)),
        hex(64),
        String::new(),
    ];
    for d in yes {
        assert!(is_loose_digest(&d), "{d:?}");
    }
    for d in no {
        assert!(!is_loose_digest(&d), "{d:?}");
    }
}

#[test]
fn docker_tags() {
    let t128 = "a".repeat(128);
    let t129 = "a".repeat(129);
    let yes = ["latest", "_", "9", "a.b-c_D", "v1.0.0", "__", "a..b", "a--", t128.as_str()];
    let no = ["", ".a", "-a", "a:b", "a/b", "a@b", "é", "a b", "a+b", t129.as_str()];
    for t in yes {
        assert!(is_docker_tag(t), "{t:?}");
    }
    for t in no {
        assert!(!is_docker_tag(t), "{t:?}");
    }
}

#[test]
fn image_stream_names() {
    let yes = ["app", "1", "my-app", "my.app_1", "a.b.c", "a-b_c.d", "0-0"];
    let no = ["", "my--app", "My_App", "app.", "-app", ".app", "a__b", "a_-b", "a/b", "a:b", "ÿ", "a b"];
    for n in yes {
        assert!(is_image_stream_name(n), "{n:?}");
    }
    for n in no {
        assert!(!is_image_stream_name(n), "{n:?}");
    }
}

#[test]
fn split_for_get_put_patch_delete() {
    let ok = [
        ("foo:bar", ("foo", "bar")),
        ("my-app:v1.2", ("my-app", "v1.2")),
        ("a:b", ("a", "b")),
        // No format check on either part beyond the `:`/`@` rule.
        ("My App:???", ("My App", "???")),
    ];
    for (name, want) in ok {
        assert_eq!(split_image_tag_name(name).unwrap(), want, "{name:?}");
    }
    let bad = ["", "foo", ":", "foo:", ":bar", "a:b:c", "a::b", "a:x@y", "a@b:c", "a:b@", "@", "foo@sha256:abc"];
    for name in bad {
        let err = split_image_tag_name(name).expect_err(name);
        assert_eq!(err.code, ErrorCode::Name, "{name:?}");
        assert_eq!(err.message, "ImageTags must be retrieved with <name>:<tag>", "{name:?}");
    }
}

#[test]
fn split_for_post() {
    let cases = [
        ("a:b:c", ("a", "b:c")),
        ("foo:", ("foo", "latest")),
        ("foo:bar", ("foo", "bar")),
        ("a:x@y", ("a", "x@y")),
        (":bar", ("", "bar")),
        ("foo::", ("foo", ":")),
        // No `:` at all: the upstream helper gives the whole name and `latest` (and reports "not ok").
        ("foo", ("foo", "latest")),
        ("", ("", "latest")),
    ];
    for (name, (stream, tag)) in cases {
        assert_eq!(split_post_name(name), (stream.to_string(), tag.to_string()), "{name:?}");
    }
}

/// Every history reference in the §5 example objects parses and prints back unchanged.
#[test]
fn example_fixture_references_parse() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/examples");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let mut refs = Vec::new();
        collect_references(&value, &mut refs);
        for spec in refs {
            let r = ImageReference::parse(&spec).unwrap_or_else(|e| panic!("{}: {spec:?}: {e}", path.display()));
            assert_eq!(r.exact(), spec, "{}", path.display());
            seen += 1;
        }
    }
    assert!(seen > 10, "only {seen} references found in {}", dir.display());
}

fn collect_references(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                if k == "dockerImageReference" {
                    if let Some(s) = v.as_str().filter(|s| !s.is_empty()) {
                        out.push(s.to_string());
                    }
                }
                collect_references(v, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| collect_references(v, out)),
        _ => {}
    }
}
