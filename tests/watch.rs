//! Native tests of the watch core: the diff of stream states and of ImageTag lists into events, and the
//! loop's decisions (tables of answers and lines → events and next requests).

use imagetag::client::watch::diff::{stream_events, tag_list_events};
use imagetag::client::watch::{backoff_ms, Event, Mode, RequestKind, Step, WatchOptions, WatchRequest, Watcher};
use imagetag::client::{Answer, ClientConfig};
use imagetag::json::from_str;
use imagetag::{Error, ErrorCode, ImageStream, ImageTag, TagForm};
use serde_json::{json, Value};

/// A stream `ns/name` at version `rv` with spec tags `(name, generation)` and status tags `(name, image)`.
fn stream_value(ns: &str, name: &str, rv: &str, spec: &[(&str, i64)], status: &[(&str, &str)]) -> Value {
    json!({
        "kind": "ImageStream", "apiVersion": "image.openshift.io/v1",
        "metadata": {"name": name, "namespace": ns, "uid": format!("uid-{name}"), "resourceVersion": rv,
                     "labels": {"a": "b"}},
        "spec": {"lookupPolicy": {"local": false}, "tags": spec.iter().map(|(t, g)| json!({"name": t, "annotations": null,
            "from": {"kind": "DockerImage", "name": format!("quay.io/x/{name}:{t}")}, "generation": g,
            "importPolicy": {}, "referencePolicy": {"type": "Source"}})).collect::<Vec<_>>()},
        "status": {"dockerImageRepository": "r", "tags": status.iter().map(|(t, i)| json!({"tag": t, "items": [
            {"created": "2025-03-10T11:45:03Z", "dockerImageReference": format!("quay.io/x@{i}"), "image": i, "generation": 1}]}))
            .collect::<Vec<_>>()},
    })
}

fn stream(ns: &str, name: &str, rv: &str, spec: &[(&str, i64)], status: &[(&str, &str)]) -> ImageStream {
    from_str(&stream_value(ns, name, rv, spec, status).to_string()).unwrap()
}

/// `(type, name, resourceVersion)` of each event; SYNCED as `(SYNCED, mode, rv)`, RECONNECTING as
/// `(RECONNECTING, attempt/delay, error code)`.
fn brief(events: &[Event]) -> Vec<(String, String, String)> {
    events
        .iter()
        .map(|e| match e {
            Event::Synced { mode, resource_version } => {
                ("SYNCED".into(), mode.as_str().into(), resource_version.clone().unwrap_or_else(|| "null".into()))
            }
            Event::Reconnecting { attempt, delay_ms, error } => {
                ("RECONNECTING".into(), format!("{attempt}/{delay_ms}"), error.code.as_str().into())
            }
            _ => {
                let t = e.object().unwrap();
                (e.type_name().into(), t.name().into(), t.metadata.get().unwrap().resource_version.str().into())
            }
        })
        .collect()
}

fn b(rows: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    rows.iter().map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())).collect()
}

// -----------------------------------------------------------------------------------------------------
// The diff

#[test]
fn a_stream_change_reports_every_tag_with_the_new_version_and_a_replay_reports_nothing() {
    let v1 = stream("demo", "app", "10", &[("a", 1), ("b", 1)], &[("a", "sha256:1")]);
    let mut out = Vec::new();
    stream_events(None, &v1, false, None, &mut out);
    assert_eq!(brief(&out), b(&[("ADDED", "app:a", "10"), ("ADDED", "app:b", "10")]));
    // Only tag b's import changed; a's only change is the stream's version: reported, so a's last object
    // is current (a replace built from it does not conflict).
    let v2 = stream("demo", "app", "11", &[("a", 1), ("b", 1)], &[("a", "sha256:1"), ("b", "sha256:2")]);
    out.clear();
    stream_events(Some(&v1), &v2, false, None, &mut out);
    assert_eq!(brief(&out), b(&[("MODIFIED", "app:a", "11"), ("MODIFIED", "app:b", "11")]));
    assert_eq!(out[0].object().unwrap(), &v2.image_tag("a", TagForm::Object).unwrap());
    // The same state again (a replayed event): nothing.
    out.clear();
    stream_events(Some(&v2), &v2.clone(), false, None, &mut out);
    assert!(out.is_empty());
    // Same metadata, one tag's status differs (a state never seen with this version): only that tag.
    let v2b = stream("demo", "app", "11", &[("a", 1), ("b", 1)], &[("a", "sha256:9"), ("b", "sha256:2")]);
    out.clear();
    stream_events(Some(&v2), &v2b, false, None, &mut out);
    assert_eq!(brief(&out), b(&[("MODIFIED", "app:a", "11")]));
    // A tag removed from the stream: DELETED with its last content and the current version; a new one ADDED.
    let v3 = stream("demo", "app", "12", &[("b", 1), ("c", 1)], &[("b", "sha256:2")]);
    out.clear();
    stream_events(Some(&v2), &v3, false, None, &mut out);
    assert_eq!(brief(&out), b(&[("MODIFIED", "app:b", "12"), ("ADDED", "app:c", "12"), ("DELETED", "app:a", "12")]));
    let gone = out[2].object().unwrap();
    assert_eq!(gone.history()[0].image.str(), "sha256:1");
    assert_eq!(gone.kind.str(), "ImageTag");
    assert!(gone.image.is_null());
    // The stream deleted (or no longer matching the selector): every tag DELETED, at the deletion's version.
    let v4 = stream("demo", "app", "13", &[("b", 1), ("c", 1)], &[("b", "sha256:2")]);
    out.clear();
    stream_events(Some(&v3), &v4, true, None, &mut out);
    assert_eq!(brief(&out), b(&[("DELETED", "app:b", "13"), ("DELETED", "app:c", "13")]));
    // One tag watched: only its events.
    out.clear();
    stream_events(Some(&v2), &v3, false, Some("c"), &mut out);
    assert_eq!(brief(&out), b(&[("ADDED", "app:c", "12")]));
    // A stream never seen that arrives deleted: nothing to report.
    out.clear();
    stream_events(None, &v4, true, None, &mut out);
    assert!(out.is_empty());
}

/// The ImageTags a poll of the imagetags list would give for these streams (normalized like the watcher does).
fn polled(streams: &[&ImageStream]) -> Vec<ImageTag> {
    streams.iter().flat_map(|s| s.image_tags(TagForm::Object)).collect()
}

#[test]
fn polling_two_lists_gives_the_events_the_watch_gives() {
    let states = [
        stream("demo", "app", "10", &[("a", 1), ("b", 1)], &[]),
        stream("demo", "app", "11", &[("a", 1), ("b", 2)], &[("a", "sha256:1")]),
        stream("demo", "app", "12", &[("b", 2), ("c", 1)], &[("b", "sha256:2")]),
        stream("demo", "app", "12", &[("b", 2), ("c", 1)], &[("b", "sha256:2")]),
        stream("demo", "app", "14", &[("c", 1)], &[]),
    ];
    let other = stream("demo", "web", "3", &[("x", 1)], &[]);
    for w in states.windows(2) {
        let mut watched = Vec::new();
        stream_events(Some(&w[0]), &w[1], false, None, &mut watched);
        let mut polled_events = Vec::new();
        tag_list_events(&polled(&[&w[0], &other]), &polled(&[&w[1], &other]), &mut polled_events);
        assert_eq!(polled_events, watched, "{:?} → {:?}", w[0].resource_version(), w[1].resource_version());
    }
    // A whole stream gone: its tags DELETED as last seen (a list says nothing about its final version).
    let mut out = Vec::new();
    tag_list_events(&polled(&[&states[0], &other]), &polled(&[&other]), &mut out);
    assert_eq!(brief(&out), b(&[("DELETED", "app:a", "10"), ("DELETED", "app:b", "10")]));
    // A key repeated in the new list counts once, the first: here unchanged, so no event for it.
    let mut twice = polled(&[&states[0]]);
    let mut changed = polled(&[&states[1]]).remove(0);
    changed.metadata.get_mut().unwrap().name = "app:a".to_string().into();
    twice.push(changed);
    let mut out = Vec::new();
    tag_list_events(&polled(&[&states[0]]), &twice, &mut out);
    assert!(out.is_empty(), "{:?}", brief(&out));
}

// -----------------------------------------------------------------------------------------------------
// The loop

fn config() -> ClientConfig {
    let mut c = ClientConfig::new("https://api.example:6443/");
    c.token = Some("sekret".into());
    c
}

fn send(w: &mut Watcher) -> WatchRequest {
    match w.next_step() {
        Step::Send(r) => r,
        other => panic!("expected a request, got {other:?}"),
    }
}

fn ok(body: Value) -> Result<Answer, Error> {
    Ok(Answer { status: 200, body: body.to_string(), ..Answer::default() })
}

fn status_answer(code: u16, reason: &str) -> Result<Answer, Error> {
    let body = json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": format!("it is {reason}"), "reason": reason, "code": code});
    Ok(Answer { status: code, body: body.to_string(), ..Answer::default() })
}

fn list(rv: &str, items: &[Value]) -> Value {
    json!({"kind": "ImageStreamList", "apiVersion": "image.openshift.io/v1", "metadata": {"resourceVersion": rv},
        "items": items})
}

fn line(type_: &str, object: &Value) -> String {
    format!("{}\n", json!({"type": type_, "object": object}))
}

fn bookmark(rv: &str) -> String {
    line(
        "BOOKMARK",
        &json!({"kind": "ImageStream", "apiVersion": "image.openshift.io/v1",
        "metadata": {"resourceVersion": rv, "creationTimestamp": null}}),
    )
}

const BASE: &str = "https://api.example:6443/apis/image.openshift.io/v1";

#[test]
fn requests_for_one_namespace_all_namespaces_one_tag_and_a_label_selector() {
    let mut w = Watcher::new(&config(), WatchOptions::default()).unwrap();
    let r = send(&mut w);
    assert_eq!((r.kind, r.url.as_str()), (RequestKind::ListStreams, format!("{BASE}/imagestreams").as_str()));
    assert!(!r.streaming());
    assert_eq!(r.timeout_ms, 30_000);
    assert!(r.headers.contains(&("Authorization".into(), "Bearer sekret".into())));
    assert!(w.on_answer(ok(list("5", &[]))).is_empty());
    let r = send(&mut w);
    assert_eq!(
        r.url,
        format!("{BASE}/imagestreams?watch=true&resourceVersion=5&allowWatchBookmarks=true&timeoutSeconds=60")
    );
    assert!(r.streaming());
    assert_eq!((r.timeout_ms, r.idle_timeout_ms), (0, 65_000));

    let opts = WatchOptions {
        namespace: Some("demo".into()),
        name: Some("app:latest".into()),
        label_selector: Some("team in (a,b)".into()),
        timeout_seconds: 2,
        idle_grace_ms: 500,
        ..WatchOptions::default()
    };
    let mut w = Watcher::new(&config(), opts).unwrap();
    let r = send(&mut w);
    assert_eq!(
        r.url,
        format!("{BASE}/namespaces/demo/imagestreams?labelSelector=team%20in%20%28a%2Cb%29&fieldSelector=metadata.name%3Dapp")
    );
    w.on_answer(ok(list("7", &[])));
    let r = send(&mut w);
    assert_eq!(
        r.url,
        format!("{BASE}/namespaces/demo/imagestreams?labelSelector=team%20in%20%28a%2Cb%29&fieldSelector=metadata.name%3Dapp&watch=true&resourceVersion=7&allowWatchBookmarks=true&timeoutSeconds=2")
    );
    assert_eq!(r.idle_timeout_ms, 2_500);

    for bad in ["app", "a:b:c", "x@sha256:1:y", ":t"] {
        let e =
            Watcher::new(&config(), WatchOptions { name: Some(bad.into()), ..WatchOptions::default() }).unwrap_err();
        assert_eq!(e.code, ErrorCode::Name, "{bad}");
    }
    let e =
        Watcher::new(&config(), WatchOptions { namespace: Some("..".into()), ..WatchOptions::default() }).unwrap_err();
    assert_eq!(e.code, ErrorCode::Name);
}

/// A watcher for `demo`, listed with `app` (tags a, b) at version 10 and its watch open.
fn watching() -> Watcher {
    let mut w =
        Watcher::new(&config(), WatchOptions { namespace: Some("demo".into()), ..WatchOptions::default() }).unwrap();
    send(&mut w);
    let events = w.on_answer(ok(list("10", &[stream_value("demo", "app", "9", &[("a", 1), ("b", 1)], &[])])));
    assert_eq!(brief(&events), b(&[("ADDED", "app:a", "9"), ("ADDED", "app:b", "9")]));
    assert!(send(&mut w).url.contains("resourceVersion=10"));
    assert_eq!(brief(&w.on_watch_open(0.0)), b(&[("SYNCED", "watch", "10")]));
    w
}

#[test]
fn lines_split_across_chunks_bookmarks_and_a_clean_end_resume_from_the_last_version() {
    let mut w = watching();
    let modified = line("MODIFIED", &stream_value("demo", "app", "11", &[("a", 2), ("b", 1)], &[]));
    let (first, second) = modified.split_at(37);
    assert!(w.on_chunk(first.as_bytes()).is_empty());
    let events = w.on_chunk(second.as_bytes());
    assert_eq!(brief(&events), b(&[("MODIFIED", "app:a", "11"), ("MODIFIED", "app:b", "11")]));
    assert_eq!(w.resource_version(), "11");
    // Several lines in one chunk, a blank line, a bookmark.
    let chunk = format!(
        "{}\n{}{}",
        line("ADDED", &stream_value("demo", "web", "12", &[("x", 1)], &[])),
        bookmark("15"),
        line("DELETED", &stream_value("demo", "web", "16", &[("x", 1)], &[]))
    );
    let events = w.on_chunk(chunk.as_bytes());
    assert_eq!(brief(&events), b(&[("ADDED", "web:x", "12"), ("DELETED", "web:x", "16")]));
    assert_eq!(w.resource_version(), "16");
    assert!(w.on_chunk(bookmark("20").as_bytes()).is_empty());
    assert!(!w.is_closed());
    // The server's timeout ends the stream: watch again at once from the bookmark, without SYNCED.
    assert!(w.on_watch_end(60_000.0, Ok(())).is_empty());
    let r = send(&mut w);
    assert!(r.url.contains("watch=true&resourceVersion=20&"), "{}", r.url);
    assert!(w.on_watch_open(60_010.0).is_empty());
}

#[test]
fn a_410_re_lists_at_once_and_reports_what_changed_meanwhile() {
    let mut w = watching();
    let gone = line(
        "ERROR",
        &json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": "too old resource version: 10 (50)", "reason": "Expired", "code": 410}),
    );
    let events = w.on_chunk(gone.as_bytes());
    assert_eq!(brief(&events), b(&[("RECONNECTING", "1/0", "api")]));
    let Event::Reconnecting { error, .. } = &events[0] else { unreachable!() };
    assert_eq!((error.http_status, error.message.as_str()), (Some(410), "too old resource version: 10 (50)"));
    assert!(w.is_closed());
    assert!(w.on_watch_end(100.0, Ok(())).is_empty(), "the end of a closed stream says nothing more");
    // Straight to a new list (no sleep): a changed, b gone from spec, c new; the events are the difference.
    let r = send(&mut w);
    assert_eq!(r.kind, RequestKind::ListStreams);
    let events = w.on_answer(ok(list("60", &[stream_value("demo", "app", "55", &[("a", 3), ("c", 1)], &[])])));
    assert_eq!(brief(&events), b(&[("MODIFIED", "app:a", "55"), ("ADDED", "app:c", "55"), ("DELETED", "app:b", "55")]));
    assert!(send(&mut w).url.contains("resourceVersion=60"));
    assert_eq!(brief(&w.on_watch_open(1000.0)), b(&[("SYNCED", "watch", "60")]));

    // A 410 as the watch answer's own code: the same. A second 410 in a row backs off.
    let mut w = watching();
    w.on_chunk(bookmark("30").as_bytes());
    w.on_watch_end(70_000.0, Ok(()));
    send(&mut w);
    assert_eq!(brief(&w.on_answer(status_answer(410, "Expired"))), b(&[("RECONNECTING", "1/0", "api")]));
    assert_eq!(send(&mut w).kind, RequestKind::ListStreams);
    w.on_answer(ok(list("61", &[stream_value("demo", "app", "9", &[("a", 1), ("b", 1)], &[])])));
    send(&mut w);
    w.on_watch_open(80_000.0);
    let events = w.on_chunk(line("ERROR", &json!({"kind": "Status", "code": 410, "reason": "Expired"})).as_bytes());
    assert_eq!(brief(&events), b(&[("RECONNECTING", "2/1500", "api")]));
    assert_eq!(w.next_step(), Step::Sleep(1500));
    assert_eq!(send(&mut w).kind, RequestKind::ListStreams);
}

#[test]
fn a_dropped_stream_backs_off_and_resumes_from_the_last_version_losing_nothing() {
    let mut w = watching();
    w.on_chunk(line("MODIFIED", &stream_value("demo", "app", "11", &[("a", 1), ("b", 1)], &[])).as_bytes());
    // Dropped in the middle of the next event: the half line is dropped, the stream resumes before it.
    let half = line("MODIFIED", &stream_value("demo", "app", "12", &[("a", 2), ("b", 1)], &[]));
    assert!(w.on_chunk(&half.as_bytes()[..40]).is_empty());
    let events = w.on_watch_end(5_000.0, Err(Error::new(ErrorCode::Network, "connection reset")));
    assert_eq!(brief(&events), b(&[("RECONNECTING", "1/1000", "network")]));
    assert_eq!(w.next_step(), Step::Sleep(1000));
    let r = send(&mut w);
    assert!(r.url.contains("resourceVersion=11&"), "{}", r.url);
    // Still down: the attempts grow, the delay by 1.5.
    let events = w.on_answer(Err(Error::new(ErrorCode::Network, "connection refused")));
    assert_eq!(brief(&events), b(&[("RECONNECTING", "2/1500", "network")]));
    assert_eq!(w.next_step(), Step::Sleep(1500));
    send(&mut w);
    // Back: SYNCED at the version resumed from, then the event that was cut, whole.
    assert_eq!(brief(&w.on_watch_open(9_000.0)), b(&[("SYNCED", "watch", "11")]));
    let events = w.on_chunk(half.as_bytes());
    assert_eq!(brief(&events), b(&[("MODIFIED", "app:a", "12"), ("MODIFIED", "app:b", "12")]));
    // Progress reset the attempts.
    let events = w.on_watch_end(9_500.0, Err(Error::new(ErrorCode::Network, "reset")));
    assert_eq!(brief(&events), b(&[("RECONNECTING", "1/1000", "network")]));
}

#[test]
fn backoff_grows_by_half_and_stops_at_a_minute() {
    let got: Vec<u32> = (1..=14).map(backoff_ms).collect();
    assert_eq!(got, [1000, 1500, 2250, 3375, 5062, 7593, 11390, 17085, 25628, 38443, 57665, 60000, 60000, 60000]);
    assert_eq!(backoff_ms(u32::MAX), 60_000);
}

#[test]
fn a_silent_or_very_short_watch_reconnects_and_a_quiet_normal_end_does_not() {
    // The transport aborts a stream silent for idle_timeout_ms and reports a timeout.
    let mut w = watching();
    let events = w.on_watch_end(65_000.0, Err(Error::new(ErrorCode::Timeout, "no data for 65000 ms")));
    assert_eq!(brief(&events), b(&[("RECONNECTING", "1/1000", "timeout")]));
    // Ends within a second with nothing: a failure (else a server that closes at once would be hammered).
    let mut w = watching();
    let events = w.on_watch_end(200.0, Ok(()));
    assert_eq!(brief(&events), b(&[("RECONNECTING", "1/1000", "network")]));
    // A whole quiet timeout with nothing: normal, resume at once.
    let mut w = watching();
    assert!(w.on_watch_end(60_000.0, Ok(())).is_empty());
    assert!(matches!(w.next_step(), Step::Send(r) if r.kind == RequestKind::WatchStreams));
    // A last line without its newline still counts.
    let mut w = watching();
    let last = line("MODIFIED", &stream_value("demo", "app", "11", &[("a", 1), ("b", 1)], &[]));
    w.on_chunk(last.trim_end().as_bytes());
    let events = w.on_watch_end(300.0, Ok(()));
    assert_eq!(brief(&events), b(&[("MODIFIED", "app:a", "11"), ("MODIFIED", "app:b", "11")]));
}

#[test]
fn other_errors_reconnect_and_resume() {
    let mut w = watching();
    w.on_chunk(bookmark("12").as_bytes());
    let events = w.on_chunk(
        line("ERROR", &json!({"kind": "Status", "status": "Failure", "message": "etcd is sad", "reason": "InternalError", "code": 500}))
            .as_bytes(),
    );
    assert_eq!(brief(&events), b(&[("RECONNECTING", "1/1000", "api")]));
    assert!(w.is_closed());
    assert!(w.on_chunk(bookmark("99").as_bytes()).is_empty(), "nothing after close");
    assert_eq!(w.next_step(), Step::Sleep(1000));
    assert!(send(&mut w).url.contains("resourceVersion=12&"));
    // A garbled line after good ones: a failure (not a switch to polling).
    w.on_watch_open(0.0);
    w.on_chunk(bookmark("13").as_bytes());
    let events = w.on_chunk(b"{\"type\":\"MODIFIED\",\"object\":{\"metadata\":7}}\n");
    assert_eq!(brief(&events), b(&[("RECONNECTING", "1/1000", "schema")]));
    assert_eq!(w.mode(), Mode::Watch);
    // 401 to the watch: reconnect with backoff (never gives up).
    w.next_step();
    send(&mut w);
    assert_eq!(brief(&w.on_answer(status_answer(401, "Unauthorized"))), b(&[("RECONNECTING", "2/1500", "api")]));
    // Too large resource version (a restarted server): list again.
    w.next_step();
    send(&mut w);
    let too_large = json!({"kind": "Status", "status": "Failure", "message": "Too large resource version: 13, current: 2",
        "reason": "Timeout", "code": 504, "details": {"causes": [{"reason": "ResourceVersionTooLarge", "message": "Too large resource version"}]}});
    let events = w.on_answer(Ok(Answer { status: 504, body: too_large.to_string(), ..Answer::default() }));
    assert_eq!(brief(&events), b(&[("RECONNECTING", "3/2250", "api")]));
    w.next_step();
    assert_eq!(send(&mut w).kind, RequestKind::ListStreams);
}

#[test]
fn a_stream_that_stops_matching_the_selector_deletes_its_tags() {
    let mut w = watching();
    let events = w.on_chunk(line("DELETED", &stream_value("demo", "app", "40", &[("a", 1), ("b", 1)], &[])).as_bytes());
    assert_eq!(brief(&events), b(&[("DELETED", "app:a", "40"), ("DELETED", "app:b", "40")]));
    // Back in scope later: ADDED again.
    let events = w.on_chunk(line("ADDED", &stream_value("demo", "app", "41", &[("a", 1)], &[])).as_bytes());
    assert_eq!(brief(&events), b(&[("ADDED", "app:a", "41")]));
    // Out-of-scope objects (a server ignoring the namespace) are ignored.
    assert!(w.on_chunk(line("ADDED", &stream_value("other", "app", "42", &[("a", 1)], &[])).as_bytes()).is_empty());
}

#[test]
fn one_tag_watched_sees_only_its_events() {
    let opts = WatchOptions { namespace: Some("demo".into()), name: Some("app:b".into()), ..WatchOptions::default() };
    let mut w = Watcher::new(&config(), opts).unwrap();
    send(&mut w);
    let events = w.on_answer(ok(list("10", &[stream_value("demo", "app", "9", &[("a", 1), ("b", 1)], &[])])));
    assert_eq!(brief(&events), b(&[("ADDED", "app:b", "9")]));
    send(&mut w);
    w.on_watch_open(0.0);
    let events =
        w.on_chunk(line("MODIFIED", &stream_value("demo", "app", "11", &[("a", 2), ("b", 1)], &[])).as_bytes());
    assert_eq!(brief(&events), b(&[("MODIFIED", "app:b", "11")]));
    let events = w.on_chunk(line("MODIFIED", &stream_value("demo", "app", "12", &[("a", 2)], &[])).as_bytes());
    assert_eq!(brief(&events), b(&[("DELETED", "app:b", "12")]));
}

fn tag_list(items: Vec<ImageTag>) -> Value {
    let items: Vec<Value> = items
        .into_iter()
        .map(|t| {
            let mut v = serde_json::to_value(t).unwrap();
            v.as_object_mut().unwrap().remove("kind");
            v.as_object_mut().unwrap().remove("apiVersion");
            v
        })
        .collect();
    json!({"kind": "ImageTagList", "apiVersion": "image.openshift.io/v1", "metadata": {}, "items": if items.is_empty() { Value::Null } else { json!(items) }})
}

#[test]
fn a_refused_watch_falls_back_to_polling_with_the_same_events() {
    for (refusal, at_list) in [(403, false), (405, false), (404, false), (403, true)] {
        let opts = WatchOptions {
            namespace: Some("demo".into()),
            label_selector: Some("a=b".into()),
            ..WatchOptions::default()
        };
        let mut w = Watcher::new(&config(), opts).unwrap();
        let v9 = stream("demo", "app", "9", &[("a", 1), ("b", 1)], &[]);
        send(&mut w);
        if !at_list {
            w.on_answer(ok(list("10", &[stream_value("demo", "app", "9", &[("a", 1), ("b", 1)], &[])])));
            send(&mut w);
        }
        assert!(w.on_answer(status_answer(refusal, "Forbidden")).is_empty(), "no RECONNECTING for a refusal");
        assert_eq!(w.mode(), Mode::Poll);
        let r = send(&mut w);
        assert_eq!(
            (r.kind, r.url.as_str()),
            (RequestKind::PollTags, format!("{BASE}/namespaces/demo/imagetags?labelSelector=a%3Db").as_str())
        );
        let events = w.on_answer(ok(tag_list(v9.image_tags(TagForm::ListItem))));
        if at_list {
            assert_eq!(
                brief(&events),
                b(&[("ADDED", "app:a", "9"), ("ADDED", "app:b", "9"), ("SYNCED", "poll", "null")])
            );
        } else {
            // Known from the stream list: nothing new, only SYNCED.
            assert_eq!(brief(&events), b(&[("SYNCED", "poll", "null")]));
        }
        assert_eq!(w.next_step(), Step::Sleep(15_000));
        assert_eq!(send(&mut w).kind, RequestKind::PollTags);
        let v11 = stream("demo", "app", "11", &[("a", 2)], &[]);
        let events = w.on_answer(ok(tag_list(v11.image_tags(TagForm::ListItem))));
        assert_eq!(
            brief(&events),
            b(&[("MODIFIED", "app:a", "11"), ("DELETED", "app:b", "11"), ("SYNCED", "poll", "null")])
        );
        // The objects are the watch's: kind, apiVersion, image null.
        assert_eq!(events[0].object().unwrap(), &v11.image_tag("a", TagForm::Object).unwrap());
        // A failing poll backs off, then polls again; the next success says SYNCED.
        w.next_step();
        send(&mut w);
        assert_eq!(brief(&w.on_answer(status_answer(403, "Forbidden"))), b(&[("RECONNECTING", "1/1000", "api")]));
        assert_eq!(w.next_step(), Step::Sleep(1000));
        send(&mut w);
        assert_eq!(
            brief(&w.on_answer(ok(tag_list(v11.image_tags(TagForm::ListItem))))),
            b(&[("SYNCED", "poll", "null")])
        );
    }
}

#[test]
fn a_watch_that_is_not_a_stream_falls_back_to_polling() {
    let mut w = watching();
    // A proxy that ignores `watch` and sends the list.
    let events = w.on_chunk(format!("{}\n", list("10", &[])).as_bytes());
    assert!(events.is_empty());
    assert!(w.is_closed());
    assert_eq!(w.mode(), Mode::Poll);
    assert_eq!(send(&mut w).kind, RequestKind::PollTags);
    // One tag watched: the poll filters the list to it.
    let opts = WatchOptions { name: Some("app:b".into()), ..WatchOptions::default() };
    let mut w = Watcher::new(&config(), opts).unwrap();
    send(&mut w);
    w.on_answer(status_answer(403, "Forbidden"));
    let r = send(&mut w);
    assert_eq!(r.url, format!("{BASE}/imagetags"));
    let v = stream("demo", "app", "9", &[("a", 1), ("b", 1)], &[]);
    let events = w.on_answer(ok(tag_list(v.image_tags(TagForm::ListItem))));
    assert_eq!(brief(&events), b(&[("ADDED", "app:b", "9"), ("SYNCED", "poll", "null")]));
}

#[test]
fn events_serialize_to_the_js_shapes() {
    let v = stream("demo", "app", "9", &[("a", 1)], &[]);
    let tag = v.image_tag("a", TagForm::Object).unwrap();
    let added = serde_json::to_value(Event::Added(Box::new(tag.clone()))).unwrap();
    assert_eq!(added, json!({"type": "ADDED", "object": serde_json::to_value(&tag).unwrap()}));
    assert_eq!(added["object"]["kind"], "ImageTag");
    assert_eq!(added["object"]["image"], Value::Null);
    assert_eq!(serde_json::to_value(Event::Deleted(Box::new(tag.clone()))).unwrap()["type"], "DELETED");
    assert_eq!(serde_json::to_value(Event::Modified(Box::new(tag))).unwrap()["type"], "MODIFIED");
    assert_eq!(
        serde_json::to_value(Event::Synced { mode: Mode::Watch, resource_version: Some("10".into()) }).unwrap(),
        json!({"type": "SYNCED", "mode": "watch", "resourceVersion": "10"})
    );
    assert_eq!(
        serde_json::to_value(Event::Synced { mode: Mode::Poll, resource_version: None }).unwrap(),
        json!({"type": "SYNCED", "mode": "poll", "resourceVersion": null})
    );
    let mut w = watching();
    w.on_chunk(bookmark("12").as_bytes());
    let events = w.on_chunk(
        line(
            "ERROR",
            &json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": "etcd is sad", "reason": "InternalError", "code": 500, "details": {"retryAfterSeconds": 2}}),
        )
        .as_bytes(),
    );
    assert_eq!(
        serde_json::to_value(&events[0]).unwrap(),
        json!({"type": "RECONNECTING", "attempt": 1, "delayMs": 1000, "error": {
            "name": "ImageTagError", "code": "api", "message": "etcd is sad", "status": 500, "reason": "InternalError",
            "details": {"retryAfterSeconds": 2},
            "kubeStatus": {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                "message": "etcd is sad", "reason": "InternalError", "details": {"retryAfterSeconds": 2}, "code": 500},
            "retryAfterSeconds": 2}})
    );
    let e = serde_json::to_value(Event::Reconnecting {
        attempt: 3,
        delay_ms: 2250,
        error: Box::new(Error::new(ErrorCode::Network, "connection refused")),
    })
    .unwrap();
    assert_eq!(
        e,
        json!({"type": "RECONNECTING", "attempt": 3, "delayMs": 2250,
            "error": {"name": "ImageTagError", "code": "network", "message": "connection refused"}})
    );
}

#[test]
fn without_a_version_to_resume_from_it_lists_again() {
    let mut w = Watcher::new(&config(), WatchOptions::default()).unwrap();
    send(&mut w);
    // A server whose list carries no resourceVersion: watch without one (synthetic ADDED for what is there).
    w.on_answer(ok(json!({"kind": "ImageStreamList", "metadata": {}, "items": [stream_value("demo", "app", "", &[("a", 1)], &[])]})));
    let r = send(&mut w);
    assert!(r.url.contains("?watch=true&allowWatchBookmarks=true"), "{}", r.url);
    assert_eq!(brief(&w.on_watch_open(0.0)), b(&[("SYNCED", "watch", "null")]));
    // The synthetic ADDED of a known, unchanged stream reports nothing.
    assert!(w.on_chunk(line("ADDED", &stream_value("demo", "app", "", &[("a", 1)], &[])).as_bytes()).is_empty());
    // Ended without any version seen: list again (not a blind watch that would miss deletions).
    assert!(w.on_watch_end(60_000.0, Ok(())).is_empty());
    assert_eq!(send(&mut w).kind, RequestKind::ListStreams);
    let events = w.on_answer(ok(list("5", &[])));
    assert_eq!(brief(&events), b(&[("DELETED", "app:a", "")]));
    // And after a failure too.
    let mut w = Watcher::new(&config(), WatchOptions::default()).unwrap();
    send(&mut w);
    w.on_answer(ok(list("", &[])));
    send(&mut w);
    w.on_answer(Err(Error::new(ErrorCode::Network, "refused")));
    w.next_step();
    assert_eq!(send(&mut w).kind, RequestKind::ListStreams);
}

#[test]
fn watch_lines_are_read_in_either_key_order_and_bad_ones_say_where() {
    let mut w = watching();
    // `object` before `type`, and a key this package does not know.
    let text = format!(
        "{{\"object\":{},\"xNew\":[1],\"type\":\"MODIFIED\"}}\n",
        stream_value("demo", "app", "11", &[("a", 1), ("b", 2)], &[])
    );
    assert_eq!(brief(&w.on_chunk(text.as_bytes())), b(&[("MODIFIED", "app:a", "11"), ("MODIFIED", "app:b", "11")]));
    let reconnect_error = |w: &mut Watcher, text: &str| -> Error {
        match w.on_chunk(format!("{text}\n").as_bytes()).pop() {
            Some(Event::Reconnecting { error, .. }) => *error,
            other => panic!("{other:?}"),
        }
    };
    let e = reconnect_error(&mut w, r#"{"type":"MODIFIED","object":{"metadata":{"name":7}}}"#);
    assert_eq!((e.code, e.path.as_deref()), (ErrorCode::Schema, Some("object.metadata.name")));
    let mut w = watching();
    w.on_chunk(bookmark("12").as_bytes());
    let e = reconnect_error(&mut w, r#"{"type":"MODIFIED","object":{"kind":"Pod","apiVersion":"v1"}}"#);
    assert_eq!((e.code, e.path.as_deref()), (ErrorCode::Schema, Some("object.kind")));
    let mut w = watching();
    w.on_chunk(bookmark("12").as_bytes());
    let e = reconnect_error(&mut w, r#"{"type":"RENAMED","object":{}}"#);
    assert_eq!((e.code, e.path.as_deref()), (ErrorCode::Schema, Some("type")));
    let mut w = watching();
    w.on_chunk(bookmark("12").as_bytes());
    let e = reconnect_error(&mut w, r#"{"type":"ADDED","obj"#);
    assert_eq!(e.code, ErrorCode::Parse);
}
