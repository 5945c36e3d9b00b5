//! `--seed demo`: the §5 examples of docs/semantics.md verbatim, plus more namespaces built by
//! running the simulator itself along a fixed timeline (so histories follow the §2.12 rules).

use imagetag::model::*;
use imagetag::Field;
use serde_json::{json, Value};

use crate::sim;
use crate::store::{State, WriteOptions};
use crate::time;

const EXAMPLES: &[&str] = &[
    include_str!("../../tests/data/examples/5.1-docker-tracking-three-items.json"),
    include_str!("../../tests/data/examples/5.2-first-import-failed.json"),
    include_str!("../../tests/data/examples/5.3-spec-only.json"),
    include_str!("../../tests/data/examples/5.4-status-only-pushed.json"),
    include_str!("../../tests/data/examples/5.5-manifest-list.json"),
    include_str!("../../tests/data/examples/5.6-signatures.json"),
    include_str!("../../tests/data/examples/5.7-local-policy-import-failing.json"),
    include_str!("../../tests/data/examples/5.8-reference-only.json"),
    include_str!("../../tests/data/examples/5.9-list-app-stream.json"),
];

/// The moment the demo timeline was written for: its newest events are minutes to hours before it.
pub const DEMO_NOW: &str = "2025-03-10T12:00:00Z";

/// The demo state, with the dates of the examples (`DEMO_NOW` is "now").
pub fn demo() -> State {
    let mut st = State::new(0x5eed_de30);
    load_examples(&mut st);
    more(&mut st);
    st.dirty = false;
    st
}

/// The demo state dated relative to `now`: every time in it moves by `now - DEMO_NOW`, so the relative
/// ages stay as written (an import "3 hours ago" stays 3 hours old) and a newcomer never sees stale data.
pub fn demo_at(now: i64) -> State {
    let st = demo();
    let delta = now - at(DEMO_NOW);
    let mut v = serde_json::to_value(&st).expect("state serializes");
    shift_times(&mut v, delta);
    let mut shifted: State = serde_json::from_value(v).expect("state deserializes");
    shifted.dirty = false;
    shifted
}

/// Moves every RFC 3339 time (`YYYY-MM-DDTHH:MM:SSZ`, the form the server writes) by `delta` seconds.
fn shift_times(v: &mut Value, delta: i64) {
    match v {
        Value::String(s) => {
            if let Some(t) = time::parse(s).filter(|t| s.len() == 20 && time::format(*t) == *s) {
                *s = time::format(t + delta);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| shift_times(x, delta)),
        Value::Object(o) => o.values_mut().for_each(|x| shift_times(x, delta)),
        _ => {}
    }
}

pub fn empty(uid_seed: u64) -> State {
    State::new(uid_seed)
}

fn rv_of(m: &ObjectMeta) -> u64 {
    m.resource_version.str().parse().unwrap_or(0)
}

/// Turns each example ImageTag back into the stream it was derived from.
fn load_examples(st: &mut State) {
    let mut max_rv = 0;
    for text in EXAMPLES {
        let v: Value = serde_json::from_str(text).expect("example JSON");
        let items: Vec<Value> = match v.get("items") {
            Some(Value::Array(a)) => a.clone(),
            _ => vec![v],
        };
        for item in items {
            let tag = ImageTag::from_value(&item).expect("example ImageTag");
            let ns = tag.namespace().to_string();
            let (sname, tname) = tag.name().split_once(':').map(|(a, b)| (a.to_string(), b.to_string())).expect("name");
            let mut meta = tag.metadata.get().cloned().unwrap_or_default();
            meta.name = sname.clone().into();
            max_rv = max_rv.max(rv_of(&meta));
            let stream = st.streams.entry(ns.clone()).or_default().entry(sname.clone()).or_default();
            if rv_of(&meta) >= rv_of(&stream.metadata) {
                stream.metadata = meta;
            }
            if let Some(spec) = tag.spec.get() {
                stream.spec_tags.insert(tname.clone(), spec.clone());
            }
            if let Some(status) = tag.status.get() {
                stream.status_tags.insert(tname.clone(), status.clone());
            }
            if let (Some(img), Some(first)) = (tag.image.get(), tag.history().first()) {
                let mut img = img.clone();
                img.docker_image_reference = first.docker_image_reference.clone();
                if let Some(m) = img.metadata.get() {
                    max_rv = max_rv.max(rv_of(m));
                }
                let name = img.metadata.name().to_string();
                st.images.entry(name).or_insert(*img);
            }
        }
    }
    st.resource_version = max_rv + 100;
}

fn at(text: &str) -> i64 {
    time::parse(text).expect("seed time")
}

fn docker_tag(name: &str, from: &str, scheduled: bool, mode: &str) -> ImageTag {
    let mut policy = json!({"importMode": mode});
    if scheduled {
        policy["scheduled"] = json!(true);
    }
    ImageTag::from_value(&json!({
        "kind": "ImageTag", "apiVersion": "image.openshift.io/v1",
        "metadata": {"name": name},
        "spec": {"from": {"kind": "DockerImage", "name": from}, "importPolicy": policy}
    }))
    .expect("seed tag")
}

fn tag_from(name: &str, kind: &str, from: &str, reference: bool) -> ImageTag {
    let mut spec = json!({"from": {"kind": kind, "name": from}});
    if reference {
        spec["reference"] = json!(true);
    }
    ImageTag::from_value(&json!({"metadata": {"name": name}, "spec": spec})).expect("seed tag")
}

struct Seeder<'a> {
    st: &'a mut State,
}

impl Seeder<'_> {
    fn create(&mut self, ns: &str, tag: ImageTag, t: &str) {
        self.st.create(ns, tag, at(t), WriteOptions::default()).expect("seed create");
    }
    fn import(&mut self, ns: &str, stream: &str, scheduled: bool, t: &str) {
        self.st.run_imports(Some(ns), Some(stream), scheduled, at(t));
    }
    fn publish(&mut self, body: Value) {
        sim::publish(self.st, &body).expect("seed publish");
    }
    fn push(&mut self, ns: &str, stream: &str, tag: &str, t: &str) {
        self.st.push(ns, stream, tag, None, at(t)).expect("seed push");
    }
    /// A re-import request as `oc import-image` makes it: `spec.generation: 0` through PUT.
    fn reimport(&mut self, ns: &str, name: &str, t: &str) {
        let mut cur = self.st.get(ns, name).expect("seed get");
        cur.image = Field::Null;
        cur.spec.get_mut().expect("spec").generation = 0.into();
        self.st.update(ns, name, cur, at(t), WriteOptions::default()).expect("seed reimport");
    }
    fn label(&mut self, ns: &str, stream: &str, k: &str, v: &str) {
        let s = self.st.streams.get_mut(ns).and_then(|m| m.get_mut(stream)).expect("stream");
        s.metadata.labels.get_or_insert_default().insert(k.into(), v.into());
    }
}

/// More namespaces and streams, built by running the simulator along a timeline.
fn more(st: &mut State) {
    let mut s = Seeder { st };

    // shop/cart: a scheduled tag with four revisions, and a tag tracking it.
    s.create(
        "shop",
        docker_tag("cart:latest", "quay.io/shopfront/cart:latest", true, "Legacy"),
        "2025-01-10T09:00:00Z",
    );
    s.label("shop", "cart", "app.kubernetes.io/part-of", "shop");
    s.import("shop", "cart", false, "2025-01-10T09:00:04Z");
    s.publish(json!({"pullSpec": "quay.io/shopfront/cart:latest"}));
    s.import("shop", "cart", true, "2025-02-03T14:20:11Z");
    s.publish(json!({"pullSpec": "quay.io/shopfront/cart:latest"}));
    s.import("shop", "cart", true, "2025-02-21T08:05:47Z");
    s.create("shop", tag_from("cart:stable", "ImageStreamTag", "latest", false), "2025-02-22T10:00:00Z");
    s.publish(json!({"pullSpec": "quay.io/shopfront/cart:latest"}));
    s.import("shop", "cart", true, "2025-03-07T17:32:09Z");

    // shop/payments: a pinned version re-imported once, and a version whose registry does not exist.
    s.create(
        "shop",
        docker_tag("payments:1.4", "registry.example.com/shop/payments:1.4", false, "Legacy"),
        "2025-01-20T11:00:00Z",
    );
    s.label("shop", "payments", "app.kubernetes.io/part-of", "shop");
    s.import("shop", "payments", false, "2025-01-20T11:00:03Z");
    s.publish(json!({"pullSpec": "registry.example.com/shop/payments:1.4"}));
    s.reimport("shop", "payments:1.4", "2025-02-11T16:45:00Z");
    s.import("shop", "payments", false, "2025-02-11T16:45:02Z");
    s.create(
        "shop",
        docker_tag("payments:1.5", "registry.example.invalid/shop/payments:1.5", false, "Legacy"),
        "2025-03-09T09:12:00Z",
    );
    s.import("shop", "payments", false, "2025-03-09T09:12:05Z");

    // platform/base: a scheduled base image, a manifest list kept whole, a private image we may not pull.
    s.create(
        "platform",
        docker_tag("base:ubi9", "registry.access.example.com/ubi9/ubi-minimal:9.5", true, "Legacy"),
        "2024-12-02T07:00:00Z",
    );
    s.import("platform", "base", false, "2024-12-02T07:00:06Z");
    for t in ["2025-01-14T03:15:00Z", "2025-02-11T03:15:00Z"] {
        s.publish(json!({"pullSpec": "registry.access.example.com/ubi9/ubi-minimal:9.5"}));
        s.import("platform", "base", true, t);
    }
    s.publish(json!({"pullSpec": "quay.io/platform/toolbox:2.1", "manifestList": true}));
    s.create(
        "platform",
        docker_tag("base:toolbox", "quay.io/platform/toolbox:2.1", false, "PreserveOriginal"),
        "2025-02-25T12:30:00Z",
    );
    s.import("platform", "base", false, "2025-02-25T12:30:04Z");
    s.publish(json!({"pullSpec": "registry.example.com/private/agent:1.0", "failure": "Unauthorized"}));
    s.create(
        "platform",
        docker_tag("base:agent", "registry.example.com/private/agent:1.0", false, "Legacy"),
        "2025-03-04T15:00:00Z",
    );
    s.import("platform", "base", false, "2025-03-04T15:00:02Z");

    // platform/builder: images pushed by builds (status-only tags), and a tag pinned to one pushed image.
    for (tag, t) in [
        ("latest", "2025-02-17T10:02:33Z"),
        ("latest", "2025-02-28T13:40:10Z"),
        ("latest", "2025-03-09T18:22:47Z"),
        ("build-41", "2025-02-28T13:40:10Z"),
    ] {
        s.push("platform", "builder", tag, t);
    }
    let pinned =
        s.st.stream("platform", "builder").unwrap().status_tags["latest"].items.items()[1].image.str().to_string();
    s.create(
        "platform",
        tag_from("builder:known-good", "ImageStreamImage", &format!("builder@{}", &pinned[..19]), false),
        "2025-03-01T09:00:00Z",
    );

    // ci/runner: pushes to main, and a reference-only tag for a pull request image.
    for t in ["2025-03-03T08:11:20Z", "2025-03-05T19:47:02Z", "2025-03-10T07:58:41Z"] {
        s.push("ci", "runner", "main", t);
    }
    s.create("ci", tag_from("runner:pr-123", "DockerImage", "quay.io/ci/runner:pr-123", true), "2025-03-08T21:14:55Z");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dated_relative_to_now() {
        let now = at("2031-07-01T08:00:00Z");
        let (old, new) = (demo(), demo_at(now));
        let created = |st: &State| {
            let tag = st.get("demo", "app:latest").unwrap();
            tag.history().iter().map(|e| time::parse(e.created.str()).unwrap()).collect::<Vec<_>>()
        };
        let delta = now - at(DEMO_NOW);
        assert_eq!(created(&new), created(&old).iter().map(|t| t + delta).collect::<Vec<_>>());
        let newest = serde_json::to_string(&new).unwrap();
        assert!(!newest.contains("\"2025-"), "a date was left behind");
        assert_eq!(new.resource_version, old.resource_version);
    }
    use crate::store::ListQuery;

    #[test]
    fn demo_content() {
        let st = demo();
        // The examples come back as they are.
        let want: Value = serde_json::from_str(EXAMPLES[7]).unwrap();
        let got = serde_json::to_value(st.get("demo", "tools:cli").unwrap()).unwrap();
        assert_eq!(got, want);
        let want: Value = serde_json::from_str(EXAMPLES[8]).unwrap();
        let got = serde_json::to_value(
            st.list(Some("demo"), &ListQuery { field_selector: None, ..Default::default() }).unwrap(),
        )
        .unwrap();
        let app: Vec<&Value> = got["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["metadata"]["name"].as_str().unwrap().starts_with("app:"))
            .collect();
        assert_eq!(app, want["items"].as_array().unwrap().iter().collect::<Vec<_>>());
        for (i, f) in
            [(0, "app:latest"), (4, "runtime:1.4"), (5, "minimal:9.4"), (6, "api:stable"), (3, "frontend:latest")]
        {
            let want: Value = serde_json::from_str(EXAMPLES[i]).unwrap();
            let got = serde_json::to_value(st.get("demo", f).unwrap()).unwrap();
            assert_eq!(got["image"], want["image"], "{f}");
            assert_eq!(got["status"], want["status"], "{f}");
        }
        // The simulated content.
        let cart = st.get("shop", "cart:latest").unwrap();
        assert_eq!(cart.history().len(), 4);
        let stable = st.get("shop", "cart:stable").unwrap();
        assert_eq!(stable.history()[0].image, cart.history()[0].image);
        let failed = st.get("shop", "payments:1.5").unwrap();
        assert_eq!(failed.status.get().unwrap().conditions.items()[0].reason.str(), "NotFound");
        let agent = st.get("platform", "base:agent").unwrap();
        assert_eq!(agent.status.get().unwrap().conditions.items()[0].reason.str(), "Unauthorized");
        let tb = st.get("platform", "base:toolbox").unwrap();
        assert_eq!(tb.image.get().unwrap().docker_image_manifests.items().len(), 4);
        assert!(st.get("platform", "builder:build-41").unwrap().spec.is_null());
        assert_eq!(st.get("platform", "builder:known-good").unwrap().history().len(), 1);
        assert_eq!(st.get("ci", "runner:main").unwrap().history().len(), 3);
        assert_eq!(st.get("shop", "payments:1.4").unwrap().history().len(), 2);
    }
}
