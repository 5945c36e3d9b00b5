//! The simulated import controller (docs/semantics.md §2.12): a spec tag tracking an external pull spec
//! whose `spec.generation` is newer than what its status observed is imported from the simulated registry
//! (`registry`), and scheduled tags are re-imported on request. Works on the store's `State`; the store
//! itself never calls it (the HTTP layer and the simulator do).

use imagetag::model::*;
use imagetag::Field;
use serde::Serialize;

use crate::registry;
use crate::store::{add_tag_event, empty_status, new_event, s, track, State};
use crate::time;

/// What one simulated import did to one tag.
#[derive(Clone, Debug, Serialize)]
pub struct ImportResult {
    pub namespace: String,
    pub name: String,
    /// `Success`, `Unchanged` or `Failure`.
    pub result: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    #[serde(rename = "dockerImageReference", skip_serializing_if = "Option::is_none")]
    pub docker_image_reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// Whether a tag should be imported: `spec.generation` newer than both the newest item and the
/// ImportSuccess condition (§2.4).
pub fn import_pending(spec: &TagReference, status: Option<&NamedTagEventList>) -> bool {
    let from = match spec.from.get() {
        Some(f) => f,
        None => return false,
    };
    if from.kind.str() != "DockerImage" || spec.reference.flag() {
        return false;
    }
    let g = match spec.generation.get() {
        Some(g) => *g,
        None => return false,
    };
    let observed = status
        .map(|st| {
            let item = st.items.items().first().map(|i| i.generation.num()).unwrap_or(0);
            let cond = st
                .conditions
                .items()
                .iter()
                .filter(|c| c.type_.str() == "ImportSuccess")
                .map(|c| c.generation.num())
                .max()
                .unwrap_or(0);
            item.max(cond)
        })
        .unwrap_or(0);
    g > observed
}

impl State {
    /// Imports every pending tag (and, with `scheduled`, every scheduled tag) of the selected streams.
    pub fn run_imports(
        &mut self,
        ns: Option<&str>,
        stream: Option<&str>,
        scheduled: bool,
        now: i64,
    ) -> Vec<ImportResult> {
        let keys: Vec<(String, String)> = self
            .streams
            .iter()
            .filter(|(n, _)| ns.is_none_or(|x| x == *n))
            .flat_map(|(n, m)| m.keys().map(move |k| (n.clone(), k.clone())))
            .filter(|(_, k)| stream.is_none_or(|x| x == k))
            .collect();
        let mut out = Vec::new();
        for (n, k) in keys {
            out.extend(self.import_stream(&n, &k, scheduled, now));
        }
        out
    }

    /// Whether any tag anywhere waits for an import.
    pub fn has_pending_imports(&self) -> bool {
        self.streams
            .values()
            .flat_map(|m| m.values())
            .any(|st| st.spec_tags.iter().any(|(t, r)| import_pending(r, st.status_tags.get(t))))
    }

    fn import_stream(&mut self, ns: &str, sname: &str, scheduled: bool, now: i64) -> Vec<ImportResult> {
        let Some(existing) = self.stream(ns, sname).cloned() else { return Vec::new() };
        let mut st = existing.clone();
        let next_gen = st.generation() + 1;
        let now_text = time::format(now);
        let mut results = Vec::new();
        let mut touched = false;
        let candidates: Vec<(String, TagReference)> = st
            .spec_tags
            .iter()
            .filter(|(t, r)| {
                let from_docker = r.from.get().is_some_and(|f| f.kind.str() == "DockerImage") && !r.reference.flag();
                from_docker
                    && (import_pending(r, st.status_tags.get(*t))
                        || (scheduled && r.import_policy.get().is_some_and(|p| p.scheduled.flag())))
            })
            .map(|(t, r)| (t.clone(), r.clone()))
            .collect();
        for (tag, r) in candidates {
            let pending = import_pending(&r, st.status_tags.get(&tag));
            let from = r.from.get().map(|f| f.name.str().to_string()).unwrap_or_default();
            let mode = r.import_policy.get().map(|p| p.import_mode.str().to_string()).unwrap_or_default();
            let prefer_arch =
                r.annotations.get().and_then(|a| a.get("importer.image.openshift.io/prefer-arch").cloned());
            let name = format!("{sname}:{tag}");
            match registry::resolve(&self.registry, &from, &mode, prefer_arch.as_deref(), now) {
                Ok(resolved) => {
                    let before = st.status_tags.get(&tag).cloned();
                    let unchanged = before.as_ref().and_then(|l| l.items.items().first()).is_some_and(|i| {
                        i.image.str() == resolved.digest && i.docker_image_reference.str() == resolved.reference
                    });
                    if unchanged && !pending {
                        results.push(ImportResult {
                            namespace: ns.into(),
                            name,
                            result: "Unchanged".into(),
                            image: Some(resolved.digest.clone()),
                            docker_image_reference: Some(resolved.reference.clone()),
                            reason: None,
                            message: None,
                        });
                        continue;
                    }
                    for img in resolved.images {
                        self.put_image(img);
                    }
                    let list = st.status_tags.entry(tag.clone()).or_insert_with(|| empty_status(&tag));
                    add_tag_event(list, new_event(&now_text, &resolved.reference, &resolved.digest, next_gen));
                    list.conditions = Field::Absent;
                    if let Some(spec) = st.spec_tags.get_mut(&tag) {
                        spec.generation = next_gen.into();
                    }
                    touched = true;
                    track(&mut st, ns, sname, &tag);
                    results.push(ImportResult {
                        namespace: ns.into(),
                        name,
                        result: if unchanged { "Unchanged" } else { "Success" }.into(),
                        image: Some(resolved.digest),
                        docker_image_reference: Some(resolved.reference),
                        reason: None,
                        message: None,
                    });
                }
                Err((reason, message)) => {
                    let list = st.status_tags.entry(tag.clone()).or_insert_with(|| empty_status(&tag));
                    let same = matches!(list.conditions.items(), [c] if c.reason.str() == reason && c.message.str() == message);
                    if same && !pending {
                        // A repeated failure changes nothing.
                    } else if same {
                        list.conditions.get_mut().unwrap()[0].generation = next_gen.into();
                        if let Some(spec) = st.spec_tags.get_mut(&tag) {
                            spec.generation = next_gen.into();
                        }
                        touched = true;
                    } else {
                        list.conditions = Field::Present(vec![TagEventCondition {
                            type_: s("ImportSuccess"),
                            status: s("False"),
                            last_transition_time: s(&now_text),
                            reason: s(&reason),
                            message: s(&message),
                            generation: next_gen.into(),
                            ..Default::default()
                        }]);
                        if let Some(spec) = st.spec_tags.get_mut(&tag) {
                            spec.generation = next_gen.into();
                        }
                        touched = true;
                    }
                    results.push(ImportResult {
                        namespace: ns.into(),
                        name,
                        result: "Failure".into(),
                        image: None,
                        docker_image_reference: None,
                        reason: Some(reason),
                        message: Some(message),
                    });
                }
            }
        }
        if touched {
            st.set_generation(next_gen);
            st.metadata
                .annotations
                .get_or_insert_default()
                .insert("openshift.io/image.dockerRepositoryCheck".into(), now_text);
            self.put_stream(ns, sname, st);
        }
        results
    }
}
