//! Native tables: request building per operation, answer interpretation, retry decisions, write bodies.

use super::response::{api_error, parse_retry_after, snippet};
use super::write::{check_patch, prepare_write, with_spec, WriteKind};
use super::*;
use crate::error::ErrorCode;
use crate::model::Field;
use crate::model::{ImageTag, TagReference};

const BASE: &str = "https://api.example:6443";

fn example(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/data/examples/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn config() -> ClientConfig {
    ClientConfig::new(BASE)
}

struct Case<'a> {
    call: Call<'a>,
    method: &'a str,
    url: &'a str,
    content_type: Option<&'a str>,
    body: Option<&'a str>,
}

#[test]
fn requests_per_operation() {
    let all = ListOptions::default();
    let ns = ListOptions { namespace: Some("demo".into()), ..Default::default() };
    let empty_ns = ListOptions { namespace: Some(String::new()), ..Default::default() };
    let full = ListOptions {
        namespace: Some("demo".into()),
        label_selector: Some("app=web,tier!=db".into()),
        field_selector: Some("metadata.namespace=demo".into()),
        limit: Some(2),
        continue_token: Some("eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ==".into()),
    };
    let zero_limit = ListOptions { limit: Some(0), ..Default::default() };
    let p = "https://api.example:6443/apis/image.openshift.io/v1";
    let cases = [
        Case { call: Call::List(&all), method: "GET", url: "/imagetags", content_type: None, body: None },
        Case { call: Call::List(&empty_ns), method: "GET", url: "/imagetags", content_type: None, body: None },
        Case { call: Call::List(&zero_limit), method: "GET", url: "/imagetags", content_type: None, body: None },
        Case { call: Call::List(&ns), method: "GET", url: "/namespaces/demo/imagetags", content_type: None, body: None },
        Case {
            call: Call::List(&full),
            method: "GET",
            url: "/namespaces/demo/imagetags?labelSelector=app%3Dweb%2Ctier%21%3Ddb&fieldSelector=metadata.namespace%3Ddemo&limit=2&continue=eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ%3D%3D",
            content_type: None,
            body: None,
        },
        Case { call: Call::Get { namespace: "demo", name: "app:latest" }, method: "GET", url: "/namespaces/demo/imagetags/app:latest", content_type: None, body: None },
        Case {
            call: Call::Create { namespace: "demo", body: "{\"x\":1}", dry_run: false },
            method: "POST",
            url: "/namespaces/demo/imagetags",
            content_type: Some("application/json"),
            body: Some("{\"x\":1}"),
        },
        Case {
            call: Call::Create { namespace: "demo", body: "{}", dry_run: true },
            method: "POST",
            url: "/namespaces/demo/imagetags?dryRun=All",
            content_type: Some("application/json"),
            body: Some("{}"),
        },
        Case {
            call: Call::Replace { namespace: "demo", name: "app:latest", body: "{}", dry_run: false },
            method: "PUT",
            url: "/namespaces/demo/imagetags/app:latest",
            content_type: Some("application/json"),
            body: Some("{}"),
        },
        Case {
            call: Call::Replace { namespace: "demo", name: "app:latest", body: "{}", dry_run: true },
            method: "PUT",
            url: "/namespaces/demo/imagetags/app:latest?dryRun=All",
            content_type: Some("application/json"),
            body: Some("{}"),
        },
        Case {
            call: Call::Patch { namespace: "demo", name: "app:latest", body: "{\"spec\":null}", patch_type: PatchType::Merge, dry_run: false },
            method: "PATCH",
            url: "/namespaces/demo/imagetags/app:latest",
            content_type: Some("application/merge-patch+json"),
            body: Some("{\"spec\":null}"),
        },
        Case {
            call: Call::Patch { namespace: "demo", name: "app:latest", body: "[]", patch_type: PatchType::Json, dry_run: true },
            method: "PATCH",
            url: "/namespaces/demo/imagetags/app:latest?dryRun=All",
            content_type: Some("application/json-patch+json"),
            body: Some("[]"),
        },
        Case {
            call: Call::Patch { namespace: "demo", name: "app:latest", body: "{}", patch_type: PatchType::Strategic, dry_run: false },
            method: "PATCH",
            url: "/namespaces/demo/imagetags/app:latest",
            content_type: Some("application/strategic-merge-patch+json"),
            body: Some("{}"),
        },
        Case {
            call: Call::Delete { namespace: "demo", name: "app:latest", dry_run: false, uid: None },
            method: "DELETE",
            url: "/namespaces/demo/imagetags/app:latest",
            content_type: None,
            body: None,
        },
        Case {
            call: Call::Delete { namespace: "demo", name: "app:latest", dry_run: true, uid: Some("346b2cb4-33c3") },
            method: "DELETE",
            url: "/namespaces/demo/imagetags/app:latest?dryRun=All",
            content_type: Some("application/json"),
            body: Some(r#"{"apiVersion":"v1","kind":"DeleteOptions","preconditions":{"uid":"346b2cb4-33c3"}}"#),
        },
    ];
    for case in cases {
        let r = config().request(&case.call).unwrap();
        assert_eq!(r.method.as_str(), case.method, "{:?}", case.call);
        assert_eq!(r.url, format!("{p}{}", case.url), "{:?}", case.call);
        assert_eq!(r.header("content-type"), case.content_type, "{:?}", case.call);
        assert_eq!(r.header("accept"), Some("application/json"));
        assert_eq!(r.header("authorization"), None);
        match (case.body, &r.body) {
            (Some(want), Some(got)) if want.starts_with('{') && want.len() > 2 => {
                let want: serde_json::Value = serde_json::from_str(want).unwrap();
                let got: serde_json::Value = serde_json::from_str(got).unwrap();
                assert_eq!(got, want);
            }
            (want, got) => assert_eq!(got.as_deref(), want, "{:?}", case.call),
        }
        assert_eq!(r.expect, case.call.expect());
    }
}

#[test]
fn expected_body_per_operation() {
    let o = ListOptions::default();
    assert_eq!(Call::List(&o).expect(), Expect::ImageTagList);
    assert_eq!(Call::Get { namespace: "a", name: "b:c" }.expect(), Expect::ImageTag);
    assert_eq!(Call::Delete { namespace: "a", name: "b:c", dry_run: false, uid: None }.expect(), Expect::Status);
}

#[test]
fn odd_names_never_change_the_path() {
    let p = "https://api.example:6443/apis/image.openshift.io/v1/namespaces";
    let cases = [
        ("demo", "app:latest", "/demo/imagetags/app:latest"),
        ("demo", "a:b:c", "/demo/imagetags/a:b:c"),
        ("demo", "app/x:y", "/demo/imagetags/app%2Fx:y"),
        ("demo", "../../x:y", "/demo/imagetags/..%2F..%2Fx:y"),
        ("demo", "app:%2e%2e", "/demo/imagetags/app:%252e%252e"),
        ("demo", "app:1?watch=true", "/demo/imagetags/app:1%3Fwatch%3Dtrue"),
        ("demo", "app:1#x", "/demo/imagetags/app:1%23x"),
        ("demo", "my app:v 1", "/demo/imagetags/my%20app:v%201"),
        ("demo", "app:ünïcødé", "/demo/imagetags/app:%C3%BCn%C3%AFc%C3%B8d%C3%A9"),
        ("demo", "app@sha256:abc", "/demo/imagetags/app%40sha256:abc"),
        ("de/mo", "app:latest", "/de%2Fmo/imagetags/app:latest"),
        ("..", "app:latest", "error"),
        ("demo", "..", "error"),
        ("demo", ".", "error"),
        ("demo", "", "error"),
        ("", "app:latest", "error"),
    ];
    for (ns, name, want) in cases {
        for call in [
            Call::Get { namespace: ns, name },
            Call::Replace { namespace: ns, name, body: "{}", dry_run: false },
            Call::Patch { namespace: ns, name, body: "{}", patch_type: PatchType::Merge, dry_run: false },
            Call::Delete { namespace: ns, name, dry_run: false, uid: None },
        ] {
            match config().request(&call) {
                Ok(r) => assert_eq!(r.url, format!("{p}{want}"), "{call:?}"),
                Err(e) => {
                    assert_eq!(want, "error", "{call:?}: {e}");
                    assert_eq!(e.code, ErrorCode::Name);
                }
            }
        }
    }
    let e = config().request(&Call::Create { namespace: "", body: "{}", dry_run: false }).unwrap_err();
    assert_eq!(e.message, "namespace must not be empty");
    let e = config().request(&Call::Get { namespace: "demo", name: "" }).unwrap_err();
    assert_eq!(e.message, "name must not be empty");
}

#[test]
fn base_url_forms() {
    for (base, want) in [
        ("https://h", "https://h/apis/image.openshift.io/v1/imagetags"),
        ("https://h/", "https://h/apis/image.openshift.io/v1/imagetags"),
        (
            "https://console.example/api/kubernetes/",
            "https://console.example/api/kubernetes/apis/image.openshift.io/v1/imagetags",
        ),
        ("/api/kubernetes", "/api/kubernetes/apis/image.openshift.io/v1/imagetags"),
        ("", "/apis/image.openshift.io/v1/imagetags"),
    ] {
        let r = ClientConfig::new(base).request(&Call::List(&ListOptions::default())).unwrap();
        assert_eq!(r.url, want);
        assert_eq!(r.describe(base), "GET /apis/image.openshift.io/v1/imagetags");
    }
}

#[test]
fn token_and_headers() {
    let mut c = config();
    c.token = Some("sha256~secret".into());
    c.headers = vec![
        ("X-CSRFToken".into(), "abc".into()),
        ("authorization".into(), "Basic nope".into()),
        ("content-type".into(), "text/plain".into()),
        ("Accept".into(), "text/html".into()),
    ];
    let call = Call::Create { namespace: "demo", body: "{}", dry_run: false };
    let r = c.request(&call).unwrap();
    assert_eq!(
        r.headers,
        vec![
            ("X-CSRFToken".to_string(), "abc".to_string()),
            ("Accept".to_string(), "application/json".to_string()),
            ("Content-Type".to_string(), "application/json".to_string()),
            ("Authorization".to_string(), "Bearer sha256~secret".to_string()),
        ]
    );
    assert!(!r.url.contains("secret"));
    assert!(!r.body.as_deref().unwrap().contains("secret"));
    assert!(!r.describe(BASE).contains("secret"));

    // Without a token, an Authorization header of the caller's own is sent as given.
    c.token = None;
    let r = c.request(&call).unwrap();
    assert_eq!(r.header("Authorization"), Some("Basic nope"));
}

// ---------------------------------------------------------------------------------------------------
// Answers

fn answer(status: u16, body: &str) -> Answer {
    Answer {
        status,
        status_text: String::new(),
        content_type: Some("application/json".into()),
        retry_after: None,
        body: body.into(),
    }
}

#[test]
fn success_bodies() {
    let tag = example("5.3-spec-only.json");
    match interpret(Expect::ImageTag, "GET x", &answer(200, &tag)).unwrap() {
        Output::ImageTag(t) => assert_eq!(t.name(), "app:canary"),
        o => panic!("{o:?}"),
    }
    match interpret(Expect::ImageTag, "PUT x", &answer(201, &tag)).unwrap() {
        Output::ImageTag(t) => assert_eq!(t.namespace(), "demo"),
        o => panic!("{o:?}"),
    }
    let list = example("5.9-list-app-stream.json");
    match interpret(Expect::ImageTagList, "GET x", &answer(200, &list)).unwrap() {
        Output::ImageTagList(l) => assert!(!l.items.items().is_empty()),
        o => panic!("{o:?}"),
    }
    let empty = r#"{"kind":"ImageTagList","apiVersion":"image.openshift.io/v1","metadata":{},"items":null}"#;
    match interpret(Expect::ImageTagList, "GET x", &answer(200, empty)).unwrap() {
        Output::ImageTagList(l) => assert!(l.items.is_null()),
        o => panic!("{o:?}"),
    }
    let success = example("5.10-status-success.json");
    match interpret(Expect::Status, "DELETE x", &answer(200, &success)).unwrap() {
        Output::Status(s) => {
            assert_eq!(s.status.str(), "Success");
            assert!(s.code.is_absent() && s.details.is_absent());
        }
        o => panic!("{o:?}"),
    }
}

#[test]
fn unexpected_success_bodies() {
    let cases = [
        (Expect::ImageTag, answer(200, "not json"), ErrorCode::Parse, "GET /x: the server answered 200 but the body is not an ImageTag JSON: expected ident"),
        (Expect::ImageTag, answer(200, ""), ErrorCode::Parse, "GET /x: the server answered 200 but the body is not an ImageTag JSON: EOF while parsing a value"),
        (
            Expect::ImageTag,
            answer(200, r#"{"kind":"ImageTagList","apiVersion":"image.openshift.io/v1"}"#),
            ErrorCode::Schema,
            "GET /x: the server answered 200 but the body is not an ImageTag JSON: kind: expected kind \"ImageTag\", got \"ImageTagList\"",
        ),
        (
            Expect::ImageTagList,
            answer(200, r#"{"kind":"ImageTagList","items":{}}"#),
            ErrorCode::Schema,
            "GET /x: the server answered 200 but the body is not an ImageTagList JSON: items: invalid type: map, expected a sequence",
        ),
        (
            Expect::Status,
            answer(200, r#"{"kind":"ImageTag"}"#),
            ErrorCode::Schema,
            "GET /x: the server answered 200 but the body is not a Status JSON: kind: expected kind \"Status\", got \"ImageTag\"",
        ),
        (
            Expect::ImageTagList,
            Answer {
                content_type: Some("text/html; charset=utf-8".into()),
                ..answer(200, "<!DOCTYPE html><html><head><title>Log in · OpenShift</title></head><body>…</body></html>")
            },
            ErrorCode::Parse,
            "GET /x: the server answered 200 but the body is not an ImageTagList JSON: got an HTML page (Log in · OpenShift)",
        ),
    ];
    for (expect, a, code, msg) in cases {
        let e = interpret(expect, "GET /x", &a).unwrap_err();
        assert_eq!(e.code, code, "{msg}");
        assert_eq!(e.message, msg);
        assert_eq!(e.http_status, Some(a.status));
    }
}

/// A `Status` where an ImageTag, a list or a success belongs (issue 9): a `Failure` is an `api` error with
/// the server's Status (as client-go honours it), any other Status a `schema` error that names it.
#[test]
fn status_bodies_in_success_answers() {
    let failure = r#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"imagetags.image.openshift.io \"a:b\" not found","reason":"NotFound","details":{"name":"a:b","group":"image.openshift.io","kind":"imagetags"},"code":404}"#;
    for expect in [Expect::ImageTag, Expect::ImageTagList, Expect::Status] {
        let e = interpret(expect, "GET /x", &answer(200, failure)).unwrap_err();
        assert_eq!(e.code, ErrorCode::Api, "{expect:?}");
        assert_eq!(e.http_status, Some(404), "the Status's own code");
        assert_eq!(
            e.message,
            "GET /x: the server answered 200 with a Failure Status: imagetags.image.openshift.io \"a:b\" not found"
        );
        assert_eq!(e.status.as_ref().unwrap().reason(), "NotFound");
        assert_eq!(e.status.as_ref().unwrap().details.get().unwrap().name.str(), "a:b");
    }
    // A Failure without a usable code keeps the HTTP code; retryAfterSeconds comes from the details.
    let e = interpret(
        Expect::ImageTag,
        "GET /x",
        &answer(200, r#"{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"TooManyRequests","details":{"retryAfterSeconds":3}}"#),
    )
    .unwrap_err();
    assert_eq!((e.code, e.http_status, e.retry_after_seconds), (ErrorCode::Api, Some(200), Some(3)));
    assert_eq!(e.message, "GET /x: the server answered 200 with a Failure Status: TooManyRequests");
    let success = r#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","message":"deleted"}"#;
    let e = interpret(Expect::ImageTag, "GET /x", &answer(200, success)).unwrap_err();
    assert_eq!(e.code, ErrorCode::Schema);
    assert_eq!(e.http_status, Some(200));
    assert_eq!(
        e.message,
        "GET /x: the server answered 200 but the body is not an ImageTag JSON: kind: expected kind \"ImageTag\", got a Success Status (deleted)"
    );
    let e =
        interpret(Expect::ImageTagList, "GET /x", &answer(200, r#"{"kind":"Status","apiVersion":"v1"}"#)).unwrap_err();
    assert_eq!(
        e.message,
        "GET /x: the server answered 200 but the body is not an ImageTagList JSON: kind: expected kind \"ImageTagList\", got a Status"
    );
    // A Success Status is still what a delete resolves to.
    assert!(matches!(interpret(Expect::Status, "DELETE /x", &answer(200, success)), Ok(Output::Status(_))));
    // Another kind in a 2xx stays a schema error naming it.
    let e = interpret(
        Expect::ImageTag,
        "GET /x",
        &answer(200, r#"{"kind":"Pod","apiVersion":"v1","metadata":{"name":"p"}}"#),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Schema);
    assert_eq!(e.message, "GET /x: the server answered 200 but the body is not an ImageTag JSON: kind: expected kind \"ImageTag\", got \"Pod\"");
}

#[test]
fn bodies_over_the_limit() {
    let e = body_too_large(Expect::ImageTagList, "GET /apis/image.openshift.io/v1/imagetags", 200, 1024);
    assert_eq!(e.code, ErrorCode::Parse);
    assert_eq!(e.http_status, Some(200));
    assert_eq!(
        e.message,
        "GET /apis/image.openshift.io/v1/imagetags: the server answered 200 with a body larger than 1024 bytes (maxResponseBytes), so it was not read as an ImageTagList"
    );
    assert_eq!(RetryPolicy::default().decide(Method::Get, 0, &e), None, "never retried");
    assert_eq!(ClientConfig::new("").max_response_bytes, 256 * 1024 * 1024);
}

/// Every row of §2.11 keeps its whole Status, the HTTP code and the reason.
#[test]
fn error_catalogue_keeps_the_status() {
    let rows: Vec<(u16, String)> = vec![
        (400, example("5.10-status-badrequest.json")),
        (404, example("5.10-status-notfound.json")),
        (409, example("5.10-status-alreadyexists.json")),
        (422, example("5.10-status-invalid.json")),
        (409, r#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Operation cannot be fulfilled on imagetags.image.openshift.io \"app:latest\": another caller has updated the resource version to 42","reason":"Conflict","details":{"name":"app:latest","group":"image.openshift.io","kind":"imagetags"},"code":409}"#.into()),
        (405, r#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"watch is not supported on resources of kind \"imagetags.image.openshift.io\"","reason":"MethodNotAllowed","details":{"group":"image.openshift.io","kind":"imagetags"},"code":405}"#.into()),
        (500, r#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"The create operation against imagetags.image.openshift.io could not be completed at this time, please try again.","reason":"ServerTimeout","details":{"name":"create","group":"image.openshift.io","kind":"imagetags","retryAfterSeconds":2},"code":500}"#.into()),
        (403, r#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"imagetags.image.openshift.io \"app:latest\" is forbidden: User \"u\" cannot get resource \"imagetags\" in API group \"image.openshift.io\" in the namespace \"demo\"","reason":"Forbidden","details":{"name":"app:latest","group":"image.openshift.io","kind":"imagetags"},"code":403}"#.into()),
    ];
    for (code, body) in rows {
        let e = interpret(Expect::ImageTag, "GET /x", &answer(code, &body)).unwrap_err();
        let want: crate::status::Status = crate::json::from_str(&body).unwrap();
        assert_eq!(e.code, ErrorCode::Api);
        assert_eq!(e.http_status, Some(code));
        assert_eq!(e.message, want.message.str());
        assert_eq!(e.status.as_deref(), Some(&want), "the whole Status is kept");
        // Lossless: the Status serializes back to the body.
        let back: serde_json::Value = serde_json::to_value(e.status.as_ref().unwrap()).unwrap();
        assert_eq!(back, serde_json::from_str::<serde_json::Value>(&body).unwrap());
    }
    let e = interpret(Expect::ImageTag, "POST /x", &answer(422, &example("5.10-status-invalid.json"))).unwrap_err();
    let s = e.status.unwrap();
    assert!(s.is_invalid());
    assert_eq!(s.causes().len(), 2);
    assert_eq!(s.causes()[1].field.str(), "spec.referencePolicy.type");
}

/// The apiserver's bare `Unauthorized` becomes a sentence; the Status stays as sent.
#[test]
fn unauthorized_explains_itself() {
    let body = r#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}"#;
    let e = interpret(Expect::ImageTag, "GET /x", &answer(401, body)).unwrap_err();
    assert_eq!((e.code, e.http_status), (ErrorCode::Api, Some(401)));
    assert_eq!(e.message, super::response::UNAUTHORIZED);
    assert!(e.message.contains("token"));
    assert_eq!(e.status.unwrap().message.str(), "Unauthorized");
}

#[test]
fn retry_after_from_header_or_details() {
    let server_timeout = r#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"m","reason":"ServerTimeout","details":{"retryAfterSeconds":2},"code":500}"#;
    let cases = [
        (None, server_timeout, Some(2)),
        (Some("5"), server_timeout, Some(5)),
        (Some(" 7 "), "{}", Some(7)),
        (Some("0"), "{}", Some(0)),
        (Some("Wed, 21 Oct 2015 07:28:00 GMT"), "{}", None),
        (Some("Wed, 21 Oct 2015 07:28:00 GMT"), server_timeout, Some(2)),
        (Some("-1"), "{}", None),
        (Some("99999999999"), "{}", Some(u32::MAX)),
        (None, "", None),
    ];
    for (header, body, want) in cases {
        let a = Answer { retry_after: header.map(String::from), ..answer(503, body) };
        assert_eq!(api_error(&a).retry_after_seconds, want, "{header:?} {body}");
    }
    assert_eq!(parse_retry_after("12"), Some(12));
    assert_eq!(parse_retry_after("1.5"), None);
}

#[test]
fn non_status_error_bodies_still_explain() {
    let cases = [
        // The OpenShift console backend's CSRF refusal: plain text.
        (403, "Forbidden", Some("text/plain; charset=utf-8"), "invalid CSRF token\n", "Forbidden", "the server answered 403 Forbidden: invalid CSRF token"),
        // A proxy's HTML page.
        (
            502,
            "Bad Gateway",
            Some("text/html"),
            "<html>\n<head><title>502 Bad Gateway</title></head>\n<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>",
            "Unknown",
            "the server answered 502 Bad Gateway with an HTML page: 502 Bad Gateway",
        ),
        (503, "", Some("text/html"), "<html><body><h1>Application is not available</h1>\n<p>The application is currently not serving requests.</p></body></html>", "ServiceUnavailable", "the server answered 503 with an HTML page: Application is not available The application is currently not serving requests."),
        (401, "Unauthorized", None, "", "Unauthorized", "the server answered 401 Unauthorized with an empty body"),
        (404, "Not Found", Some("application/json"), "{\"error\":\"no route\"}", "NotFound", "the server answered 404 Not Found: {\"error\":\"no route\"}"),
        (429, "Too Many Requests", Some("text/plain"), "slow down", "TooManyRequests", "the server answered 429 Too Many Requests: slow down"),
        (504, "Gateway Timeout", None, "upstream timed out", "Timeout", "the server answered 504 Gateway Timeout: upstream timed out"),
    ];
    for (code, text, ct, body, reason, msg) in cases {
        let a = Answer {
            status: code,
            status_text: text.into(),
            content_type: ct.map(String::from),
            retry_after: None,
            body: body.into(),
        };
        let e = interpret(Expect::ImageTag, "GET /x", &a).unwrap_err();
        assert_eq!(e.code, ErrorCode::Api);
        assert_eq!(e.http_status, Some(code));
        assert_eq!(e.message, msg);
        let s = e.status.unwrap();
        assert_eq!(s.reason(), reason);
        assert_eq!(s.code.num(), code as i64);
        assert_eq!(s.status.str(), "Failure");
        assert_eq!(s.message.str(), msg);
    }
}

#[test]
fn snippets_are_short() {
    let long = "x ".repeat(500);
    let s = snippet(&long);
    assert_eq!(s.chars().count(), 201);
    assert!(s.ends_with('…'));
}

// ---------------------------------------------------------------------------------------------------
// Retries

fn api(code: u16, reason: &str, retry_after: Option<u32>) -> Error {
    let mut e = api_error(&answer(
        code,
        &format!(r#"{{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"{reason}","code":{code}}}"#),
    ));
    e.retry_after_seconds = retry_after;
    e
}

#[test]
fn retry_decisions() {
    use Method::*;
    let p = RetryPolicy::default();
    let network = Error::new(ErrorCode::Network, "x");
    let timeout = Error::new(ErrorCode::Timeout, "x");
    let aborted = Error::new(ErrorCode::Aborted, "x");
    let invalid = Error::new(ErrorCode::Invalid, "x");
    let parse = Error { http_status: Some(200), ..Error::new(ErrorCode::Parse, "x") };
    // (error, method, retries done, wait)
    let cases: Vec<(Error, Method, u32, Option<u32>)> = vec![
        (api(429, "TooManyRequests", Some(1)), Get, 0, Some(1000)),
        (api(429, "TooManyRequests", Some(1)), Post, 0, Some(1000)),
        (api(429, "TooManyRequests", None), Delete, 0, Some(1000)),
        (api(429, "TooManyRequests", None), Patch, 1, Some(2000)),
        (api(429, "TooManyRequests", None), Put, 2, Some(4000)),
        (api(429, "TooManyRequests", None), Put, 3, None),
        (api(503, "ServiceUnavailable", Some(3)), Post, 0, Some(3000)),
        (api(503, "ServiceUnavailable", Some(0)), Get, 0, Some(0)),
        (api(503, "ServiceUnavailable", Some(120)), Get, 0, Some(10_000)),
        (api(500, "ServerTimeout", Some(2)), Post, 0, Some(2000)),
        (api(500, "ServerTimeout", Some(2)), Delete, 2, Some(2000)),
        (api(500, "InternalError", None), Get, 0, None),
        (api(500, "InternalError", None), Post, 0, None),
        (api(504, "Timeout", None), Get, 0, Some(1000)),
        (api(504, "Timeout", None), Post, 0, None),
        (api(504, "Timeout", None), Put, 0, None),
        (api(504, "Timeout", None), Delete, 0, None),
        (api(502, "Unknown", None), Get, 0, None),
        (api(409, "Conflict", None), Put, 0, None),
        (api(404, "NotFound", None), Get, 0, None),
        (api(422, "Invalid", None), Post, 0, None),
        (network.clone(), Get, 0, Some(1000)),
        (network.clone(), Get, 2, Some(4000)),
        (network.clone(), Post, 0, None),
        (network.clone(), Put, 0, None),
        (network.clone(), Patch, 0, None),
        (network.clone(), Delete, 0, None),
        (timeout.clone(), Get, 0, None),
        (timeout, Post, 0, None),
        (aborted, Get, 0, None),
        (invalid, Post, 0, None),
        (parse, Get, 0, None),
    ];
    for (e, m, done, want) in cases {
        assert_eq!(p.decide(m, done, &e), want, "{:?} {:?} {m:?} after {done}", e.code, e.http_status);
    }
    let none = RetryPolicy { max_retries: 0, ..p };
    assert_eq!(none.decide(Get, 0, &api(429, "TooManyRequests", Some(1))), None);
    let capped = RetryPolicy { max_retries: 10, default_wait_ms: 1000, max_wait_ms: 5000 };
    assert_eq!(capped.decide(Get, 9, &api(503, "ServiceUnavailable", None)), Some(5000));
}

// ---------------------------------------------------------------------------------------------------
// Write bodies

#[test]
fn create_without_spec_is_refused_before_sending() {
    let tag =
        ImageTag::parse(r#"{"kind":"ImageTag","apiVersion":"image.openshift.io/v1","metadata":{"name":"app:x"}}"#)
            .unwrap();
    let e = prepare_write(&tag, "demo", WriteKind::Create, true).unwrap_err();
    assert_eq!(e.code, ErrorCode::Invalid);
    assert_eq!(e.message, "ImageTag.image.openshift.io \"app:x\" is invalid: spec: Required value: spec is a required field during creation");
    assert_eq!(e.causes.len(), 1);
    assert_eq!(e.causes[0].reason.str(), "FieldValueRequired");
    assert_eq!(e.causes[0].field.str(), "spec");
    // validate: false sends it as it is, with the namespace of the URL filled in.
    let body = prepare_write(&tag, "demo", WriteKind::Create, false).unwrap();
    assert_eq!(
        body,
        r#"{"kind":"ImageTag","apiVersion":"image.openshift.io/v1","metadata":{"name":"app:x","namespace":"demo"}}"#
    );
    // A namespace of its own is kept (the server answers 400 if it differs from the URL's).
    let mut other = tag.clone();
    other.metadata.get_mut().unwrap().namespace = "other".to_string().into();
    assert!(prepare_write(&other, "demo", WriteKind::Create, false).unwrap().contains(r#""namespace":"other""#));
}

#[test]
fn invalid_message_joins_like_the_server() {
    // The §5.10 example: a create with a wrong spec.name and an unknown reference policy.
    let tag = ImageTag::parse(
        r#"{"kind":"ImageTag","apiVersion":"image.openshift.io/v1","metadata":{"name":"app:next","namespace":"demo"},
            "spec":{"name":"nxt","from":{"kind":"DockerImage","name":"quay.io/example/app:next"},"referencePolicy":{"type":"Remote"}}}"#,
    )
    .unwrap();
    let e = prepare_write(&tag, "demo", WriteKind::Create, true).unwrap_err();
    let want: crate::status::Status = crate::json::from_str(&example("5.10-status-invalid.json")).unwrap();
    assert_eq!(e.code, ErrorCode::Invalid);
    assert_eq!(e.message, want.message.str());
    assert_eq!(e.causes, want.causes());
}

#[test]
fn replace_is_validated_as_an_update() {
    let read = ImageTag::parse(&example("5.1-docker-tracking-three-items.json")).unwrap();
    // Over what was read: a changed status is refused (the server's "may not update fields other than spec").
    let mut changed = read.clone();
    changed.status = Field::Null;
    let e = prepare_write(&changed, "demo", WriteKind::Replace { old: Some(&read) }, true).unwrap_err();
    assert_eq!(e.code, ErrorCode::Invalid);
    assert!(e.causes.iter().any(|c| c.field.str() == "status"), "{e}");
    // spec: null is a valid PUT (removes the spec tag, keeps history), with or without the old object.
    let removed = with_spec(&read, Field::Null);
    assert!(prepare_write(&removed, "demo", WriteKind::Replace { old: Some(&read) }, true).is_ok());
    assert!(prepare_write(&removed, "demo", WriteKind::Replace { old: None }, true).is_ok());
    // Without the old object the spec rules of an update still apply: spec.name is not filled in on PUT.
    let mut unnamed = read.clone();
    unnamed.spec.get_mut().unwrap().name = Field::Absent;
    let e = prepare_write(&unnamed, "demo", WriteKind::Replace { old: None }, true).unwrap_err();
    assert!(e.causes.iter().any(|c| c.field.str() == "spec.name"), "{e}");
    // The object as read passes.
    assert!(prepare_write(&read, "demo", WriteKind::Replace { old: None }, true).is_ok());
    assert!(prepare_write(&read, "demo", WriteKind::Replace { old: Some(&read) }, true).is_ok());
}

#[test]
fn replace_spec_keeps_metadata_and_status() {
    let read = ImageTag::parse(&example("5.1-docker-tracking-three-items.json")).unwrap();
    let mut spec = read.spec.get().unwrap().clone();
    spec.reference = true.into();
    let out = with_spec(&read, Field::Present(spec.clone()));
    assert_eq!(out.metadata, read.metadata, "metadata (and so resourceVersion) exactly as read");
    assert_eq!(out.status, read.status, "status exactly as read");
    assert_eq!(out.spec, Field::Present(spec));
    assert!(out.image.is_absent());
    assert_eq!(out.kind, read.kind);
    assert_eq!(out.extra, read.extra);
    let removed = with_spec(&read, Field::Null);
    assert!(removed.spec.is_null());
    assert_eq!(removed.status, read.status);
    let _: Option<&TagReference> = removed.spec.get();
}

#[test]
fn patch_bodies_are_checked() {
    assert!(check_patch(r#"{"spec":null}"#, PatchType::Merge).is_ok());
    assert!(check_patch(r#"{"spec":{"reference":true}}"#, PatchType::Strategic).is_ok());
    assert!(check_patch(r#"[{"op":"replace","path":"/spec/reference","value":true}]"#, PatchType::Json).is_ok());
    let e = check_patch("{", PatchType::Merge).unwrap_err();
    assert_eq!(e.code, ErrorCode::Parse);
    let e = check_patch("{}", PatchType::Json).unwrap_err();
    assert_eq!(
        (e.code, e.message.as_str()),
        (ErrorCode::Schema, "a JSON patch (type 'json') must be an array of operations")
    );
    let e = check_patch("[]", PatchType::Merge).unwrap_err();
    assert_eq!(
        (e.code, e.message.as_str()),
        (ErrorCode::Schema, "a merge or strategic merge patch must be a JSON object")
    );
    assert_eq!(PatchType::parse("json"), Some(PatchType::Json));
    assert_eq!(PatchType::parse("apply"), None);
}

#[test]
fn huge_retry_after_is_capped_like_any_other_wait() {
    // Issue 19 §6: a Retry-After (or retryAfterSeconds) far beyond any sane wait waits the cap, never 0.
    let p = RetryPolicy::default();
    for header in ["9223372036854775807", "18446744073709551616", "99999999999999999999999999", "4294967296"] {
        let a = Answer { retry_after: Some(header.into()), ..answer(503, "") };
        let e = api_error(&a);
        assert_eq!(e.retry_after_seconds, Some(u32::MAX), "{header}");
        assert_eq!(p.decide(Method::Get, 0, &e), Some(p.max_wait_ms), "{header}");
    }
    for seconds in ["9223372036854775807", "4294967296"] {
        let body = format!(
            r#"{{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"TooManyRequests","details":{{"retryAfterSeconds":{seconds}}},"code":429}}"#
        );
        let e = api_error(&answer(429, &body));
        assert_eq!(p.decide(Method::Get, 0, &e), Some(p.max_wait_ms), "{seconds}: {:?}", e.retry_after_seconds);
    }
}

// ---------------------------------------------------------------------------------------------------
// Options, the retry loop and read-modify-write of spec, sans IO

#[test]
fn client_options_rules_and_clamps() {
    use super::options::ClientOptions;
    let o =
        |json: &str| -> Result<ClientConfig, Error> { serde_json::from_str::<ClientOptions>(json).unwrap().config() };
    let c = o(r#"{"baseUrl":"https://x","token":"","headers":{"X-CSRFToken":"t"},"timeoutMs":0,"maxRetries":1e9,"maxResponseBytes":5}"#).unwrap();
    assert_eq!(c.base_url, "https://x");
    assert_eq!(c.token, None, "an empty token is no token");
    assert_eq!(c.headers, vec![("X-CSRFToken".to_string(), "t".to_string())]);
    assert_eq!(c.timeout_ms, 0);
    assert_eq!(c.retry.max_retries, options::MAX_RETRIES_LIMIT);
    assert_eq!(c.max_response_bytes, 5);
    assert_eq!(o(r#"{"baseUrl":"","timeoutMs":1e12}"#).unwrap().timeout_ms, u32::MAX);
    // Latin-1 and every token character are fine in a header.
    let h = o(r#"{"baseUrl":"","token":"t-ü","headers":{"X-!#$%&'*+.^_`|~":"café\t1"}}"#).unwrap();
    assert_eq!(h.token.as_deref(), Some("t-ü"));
    // The options of a config give the same config back (the binding makes clients again from them).
    let again = serde_json::to_string(&options::ClientOptions::from(&c)).unwrap();
    assert_eq!(o(&again).unwrap(), c);
    let d = o(r#"{"baseUrl":""}"#).unwrap();
    assert_eq!(
        (d.timeout_ms, d.retry, d.max_response_bytes),
        (DEFAULT_TIMEOUT_MS, RetryPolicy::default(), DEFAULT_MAX_RESPONSE_BYTES)
    );
    for (json, path, message) in [
        ("{}", "baseUrl", "baseUrl: baseUrl is required (use \"\" for the page's own origin)"),
        (r#"{"baseUrl":"","timeoutMs":-1}"#, "timeoutMs", "timeoutMs: expected a non-negative whole number, got -1"),
        (
            r#"{"baseUrl":"","maxRetries":1.5}"#,
            "maxRetries",
            "maxRetries: expected a non-negative whole number, got 1.5",
        ),
        (
            r#"{"baseUrl":"","maxResponseBytes":-0.5}"#,
            "maxResponseBytes",
            "maxResponseBytes: expected a non-negative whole number, got -0.5",
        ),
        // Headers `fetch` would refuse (Headers.append throws): refused when the client is made.
        (
            r#"{"baseUrl":"","headers":{"X Bad":"1"}}"#,
            "headers",
            "headers: \"X Bad\" is not a header name (letters, digits and !#$%&'*+-.^_`|~ only)",
        ),
        (
            r#"{"baseUrl":"","headers":{"":"1"}}"#,
            "headers",
            "headers: \"\" is not a header name (letters, digits and !#$%&'*+-.^_`|~ only)",
        ),
        (
            r#"{"baseUrl":"","headers":{"X-A":"a\r\nX-B: b"}}"#,
            "headers.X-A",
            "headers.X-A: cannot be sent in an HTTP header: it contains U+000D (NUL, CR, LF or above U+00FF)",
        ),
        (
            r#"{"baseUrl":"","token":"t\u0000"}"#,
            "token",
            "token: cannot be sent in an HTTP header: it contains U+0000 (NUL, CR, LF or above U+00FF)",
        ),
        (
            r#"{"baseUrl":"","token":"jeton-ü-€"}"#,
            "token",
            "token: cannot be sent in an HTTP header: it contains U+20AC (NUL, CR, LF or above U+00FF)",
        ),
    ] {
        let e = o(json).unwrap_err();
        assert_eq!((e.code, e.path.as_deref(), e.message.as_str()), (ErrorCode::Schema, Some(path), message), "{json}");
    }
}

#[test]
fn call_options_rules() {
    use super::options::{DeleteOptions, ListOptionsIn, PatchOptions, WriteOptions};
    let list: ListOptionsIn = serde_json::from_str(r#"{"namespace":"a","limit":3,"continue":"c"}"#).unwrap();
    let list = list.list().unwrap();
    assert_eq!((list.limit, list.continue_token.as_deref()), (Some(3), Some("c")));
    let bad: ListOptionsIn = serde_json::from_str(r#"{"limit":-2}"#).unwrap();
    assert_eq!(bad.list().unwrap_err().path.as_deref(), Some("limit"));
    let w = WriteOptions::default();
    assert_eq!((w.dry_run(), w.validate()), (false, true));
    let p: PatchOptions = serde_json::from_str(r#"{"type":"json"}"#).unwrap();
    assert_eq!(p.patch_type().unwrap(), PatchType::Json);
    assert_eq!(PatchOptions::default().patch_type().unwrap(), PatchType::Merge);
    let p: PatchOptions = serde_json::from_str(r#"{"type":"apply"}"#).unwrap();
    let e = p.patch_type().unwrap_err();
    assert_eq!(
        (e.path.as_deref(), e.message.as_str()),
        (Some("type"), "type: unsupported patch type \"apply\": use 'merge', 'json' or 'strategic'")
    );
    let d: DeleteOptions = serde_json::from_str(r#"{"uid":""}"#).unwrap();
    assert_eq!(d.uid(), None);
}

#[test]
fn exchange_retries_then_succeeds_or_gives_up() {
    let mut c = config();
    c.retry = RetryPolicy { max_retries: 2, default_wait_ms: 100, max_wait_ms: 1000 };
    let call = Call::Get { namespace: "demo", name: "app:v1" };
    let tag = example("5.1-docker-tracking-three-items.json");
    let busy = || Ok(Answer { retry_after: Some("9223372036854775807".into()), ..answer(503, "") });
    let mut ex = Exchange::new(&c, &call).unwrap();
    assert_eq!(ex.what, "GET /apis/image.openshift.io/v1/namespaces/demo/imagetags/app:v1");
    assert!(matches!(ex.next(busy()), Ok(Next::Wait(1000))), "a huge Retry-After waits the cap");
    assert!(matches!(ex.next(Err(Error::new(ErrorCode::Network, "down"))), Ok(Next::Wait(200))));
    match ex.next(Ok(answer(200, &tag))).unwrap() {
        Next::Done { output, body } => {
            let Output::ImageTag(t) = *output else { panic!("{output:?}") };
            assert_eq!(body, tag);
            assert_eq!(t.name(), ImageTag::parse(&tag).unwrap().name());
        }
        other => panic!("{other:?}"),
    }
    // Out of retries: the last error.
    let mut ex = Exchange::new(&c, &call).unwrap();
    assert!(matches!(ex.next(busy()), Ok(Next::Wait(_))));
    assert!(matches!(ex.next(busy()), Ok(Next::Wait(_))));
    assert_eq!(ex.next(busy()).unwrap_err().http_status, Some(503));
    // Not retryable: at once.
    let mut ex = Exchange::new(&c, &Call::Create { namespace: "demo", body: "{}", dry_run: false }).unwrap();
    assert_eq!(ex.next(Err(Error::new(ErrorCode::Network, "down"))).unwrap_err().code, ErrorCode::Network);
    assert_eq!(Exchange::new(&c, &Call::Get { namespace: "..", name: "a:b" }).unwrap_err().code, ErrorCode::Name);
}

#[test]
fn spec_update_builds_the_put_and_starts_over_on_conflict_only() {
    use super::options::WriteOptions;
    use super::write::SpecUpdate;
    let read = ImageTag::parse(&example("5.1-docker-tracking-three-items.json")).unwrap();
    let ns = read.namespace().to_string();
    let name = read.name().to_string();
    let mut u = SpecUpdate::new(&ns, &name, &WriteOptions { dry_run: Some(true), validate: None }, 2);
    assert_eq!(u.read(), Call::Get { namespace: &ns, name: &name });
    // null removes the spec tag and keeps metadata and status exactly as read.
    let body = u.body(&read, None).unwrap();
    let sent = ImageTag::parse(&body).unwrap();
    assert!(sent.spec.is_null());
    assert_eq!((sent.metadata, sent.status), (read.metadata.clone(), read.status.clone()));
    assert_eq!(u.write(&body), Call::Replace { namespace: &ns, name: &name, body: &body, dry_run: true });
    // A spec of the wrong shape: the error's path and message start at `spec`.
    let e = u.body(&read, Some(r#"{"name":"x","reference":"yes"}"#)).unwrap_err();
    assert_eq!((e.code, e.path.as_deref()), (ErrorCode::Schema, Some("spec.reference")));
    assert!(e.message.starts_with("spec: "), "{}", e.message);
    let e = u.body(&read, Some("[1]")).unwrap_err();
    assert_eq!(e.path.as_deref(), Some("spec"));
    // A spec the server would refuse: `invalid`, nothing to send.
    let e = u.body(&read, Some(r#"{"name":"another-tag"}"#)).unwrap_err();
    assert_eq!(e.code, ErrorCode::Invalid);
    // 409 Conflict starts over twice, then gives up; any other failure gives up at once.
    let conflict = || api(409, "Conflict", None);
    assert!(u.after_failed_write(conflict()).is_ok());
    assert!(u.after_failed_write(api(422, "Invalid", None)).is_err());
    assert!(u.after_failed_write(conflict()).is_ok());
    assert_eq!(u.after_failed_write(conflict()).unwrap_err().http_status, Some(409));
}

#[test]
fn delete_options_body_is_json_with_the_uid_escaped() {
    let body = super::delete_options_body("a\"b\\c\u{1}é");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["preconditions"]["uid"], "a\"b\\c\u{1}é");
    assert_eq!(
        body,
        serde_json::json!({"kind": "DeleteOptions", "apiVersion": "v1", "preconditions": {"uid": "a\"b\\c\u{1}é"}})
            .to_string()
    );
}
