//! The API: the imagetags (image.openshift.io/v1) with server-side tables and `fieldValidation`, what
//! Kubernetes clients ask first (discovery, OpenAPI, namespaces) and access reviews; routes, request
//! decoding and the calls into the store.

use std::sync::{Arc, Mutex};

use hyper::body::Incoming;
use hyper::http::request::Parts;
use hyper::{Method, Request};
use imagetag::model::ImageTag;
use imagetag::reference::{split_image_tag_name, split_post_name};
use imagetag::Status;
use serde_json::Value;

use crate::app::{read, write, App};
use crate::http::{
    json_body, json_resp, media_type, out, parse_json, percent_decode, read_body, require_media_type, status_resp,
    Query, Resp,
};
use crate::patch::{self, PatchType};
use crate::store::{ListQuery, WriteOptions};
use crate::{auth, discovery, errors, field_validation, kube, namespaces, openapi, protobuf, table, time};

fn parse_image_tag(v: &Value) -> Result<ImageTag, Status> {
    if !v.is_object() {
        return Err(errors::bad_request("couldn't get version/kind; json parse error: the body is not a JSON object"));
    }
    ImageTag::from_value(v).map_err(|e| {
        let path = e.path.clone().unwrap_or_default();
        let at = if path.is_empty() { String::new() } else { format!("{path}: ") };
        errors::bad_request(format!("ImageTag in version \"v1\" cannot be handled as a ImageTag: {at}{}", e.message))
    })
}

/// The write options of a POST or PUT (already decoded from the query, or the query's error), the
/// ImageTag of its body (`application/json` only) and the body's `fieldValidation` warnings
/// (crate::field_validation).
async fn write_request(
    options: Result<WriteOptions, Status>,
    parts: &Parts,
    body: Incoming,
) -> Result<(WriteOptions, ImageTag, Vec<String>), Status> {
    let o = options?;
    let fv = field_validation::directive(Query::of(parts).get("fieldValidation"))?;
    let v = json_body(parts, body, false).await?;
    let warnings = field_validation::check(fv, &v)?;
    let tag = parse_image_tag(&v)?;
    Ok((o, tag, warnings))
}

/// The request's `Accept` header (`""` when absent).
fn accept(parts: &Parts) -> &str {
    parts.headers.get(hyper::header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or("")
}

/// `POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews`, answered from the caller's rules. Its
/// body is JSON or, as `kubectl auth can-i` sends it, Kubernetes protobuf; nothing else.
async fn access_review(parts: &Parts, body: Incoming) -> Resp {
    let Some(user) = parts.extensions.get::<auth::User>() else { return status_resp(&errors::unauthorized()) };
    let review = match require_media_type(parts, &["application/json", protobuf::MEDIA_TYPE]) {
        Ok(mt) => read_body(parts, body).await.and_then(|b| protobuf::access_review_body(&mt, &b)),
        Err(s) => Err(s),
    };
    match review.and_then(|v| auth::access_review(user, &v)) {
        Ok(r) => json_resp(201, &r),
        Err(s) => status_resp(&s),
    }
}

/// The API's routes: one match over the path segments and the method.
pub async fn route(app: &Arc<App>, req: Request<Incoming>, race: bool) -> Resp {
    let (parts, body) = req.into_parts();
    let segs: Vec<String> = parts.uri.path().split('/').skip(1).map(percent_decode).collect();
    let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
    let q = Query::of(&parts);
    let method = parts.method.clone();
    let opts = |q: &Query| -> Result<WriteOptions, Status> { Ok(WriteOptions { dry_run: q.dry_run()?, race }) };
    if method == Method::GET {
        let path = parts.uri.path();
        if let Some(r) = discovery::answer(path, accept(&parts)).or_else(|| openapi::answer(path, accept(&parts))) {
            return r;
        }
    }
    match segs[..] {
        ["api", "v1", "namespaces"] if method == Method::GET => {
            read(app, |st| Ok(out(200, &namespaces::list(st)))).await
        }
        ["api", "v1", "namespaces", ns] if method == Method::GET => {
            let ns = ns.to_string();
            read(app, move |st| namespaces::get(st, &ns).map(|n| out(200, &n))).await
        }
        ["apis", "authorization.k8s.io", "v1", "selfsubjectaccessreviews"] if method == Method::POST => {
            access_review(&parts, body).await
        }
        ["apis", "image.openshift.io", "v1", "imagetags"] => match method {
            Method::GET => list(app, None, &q, &parts).await,
            _ => status_resp(&errors::method_not_allowed()),
        },
        ["apis", "image.openshift.io", "v1", "namespaces", ns, "imagetags"] if !ns.is_empty() => {
            let ns = ns.to_string();
            match method {
                Method::GET => list(app, Some(ns), &q, &parts).await,
                Method::POST => {
                    let (o, tag, warnings) = match write_request(opts(&q), &parts, body).await {
                        Ok(r) => r,
                        Err(s) => return status_resp(&s),
                    };
                    let target = tag.name().contains(':').then(|| (ns.clone(), split_post_name(tag.name()).0));
                    let r =
                        write(app, o.dry_run, target, move |st, now| st.create(&ns, tag, now, o).map(|t| out(201, &t)))
                            .await;
                    kube::with_warnings(r, &warnings)
                }
                _ => status_resp(&errors::method_not_allowed()),
            }
        }
        ["apis", "image.openshift.io", "v1", "namespaces", ns, "imagetags", name]
            if !ns.is_empty() && !name.is_empty() =>
        {
            let (ns, name) = (ns.to_string(), name.to_string());
            if method == Method::GET && q.watch() {
                return status_resp(&errors::watch_not_supported());
            }
            let target = split_image_tag_name(&name).ok().map(|(s, _)| (ns.clone(), s.to_string()));
            match method {
                Method::GET => {
                    let table = match table::request(accept(&parts), q.get("includeObject")) {
                        Ok(t) => t,
                        Err(s) => return status_resp(&s),
                    };
                    let r = read(app, move |st| {
                        st.get(&ns, &name).map(|t| match table {
                            Some(req) => out(200, &table::of_tag(&t, req, time::now_secs())),
                            None => out(200, &t),
                        })
                    })
                    .await;
                    table::label(r, table)
                }
                Method::PUT => {
                    let (o, tag, warnings) = match write_request(opts(&q), &parts, body).await {
                        Ok(r) => r,
                        Err(s) => return status_resp(&s),
                    };
                    let r = write(app, o.dry_run, target, move |st, now| {
                        st.update(&ns, &name, tag, now, o).map(|(c, t)| out(c, &t))
                    })
                    .await;
                    kube::with_warnings(r, &warnings)
                }
                Method::PATCH => {
                    let o = match opts(&q) {
                        Ok(o) => o,
                        Err(s) => return status_resp(&s),
                    };
                    let mt = media_type(&parts);
                    let Some(kind) = PatchType::from_content_type(&mt) else {
                        let s = if mt.starts_with("application/apply-patch") {
                            Status::failure(
                                415,
                                "UnsupportedMediaType",
                                "server-side apply (application/apply-patch+yaml) is not supported for imagetags by imagetag-devserver: use application/json-patch+json, application/merge-patch+json or application/strategic-merge-patch+json",
                                None,
                            )
                        } else {
                            errors::unsupported_media_type(
                                &mt,
                                &[
                                    "application/json-patch+json",
                                    "application/merge-patch+json",
                                    "application/strategic-merge-patch+json",
                                ],
                            )
                        };
                        return status_resp(&s);
                    };
                    let patch_doc = match read_body(&parts, body).await.and_then(|b| parse_json(&b)) {
                        Ok(v) => v,
                        Err(s) => return status_resp(&s),
                    };
                    let fv = match field_validation::directive(q.get("fieldValidation")) {
                        Ok(d) => d,
                        Err(s) => return status_resp(&s),
                    };
                    let warned = Arc::new(Mutex::new(Vec::new()));
                    let warnings = warned.clone();
                    let r = write(app, o.dry_run, target, move |st, now| {
                        let base = st.patch_base(&ns, &name)?;
                        let patched = patch::apply(kind, &base, &patch_doc).map_err(|e| {
                            Status::failure(
                                422,
                                "Invalid",
                                format!("the server rejected our request due to an error in our request: {e}"),
                                None,
                            )
                        })?;
                        *warnings.lock().unwrap() = field_validation::check(fv, &patched)?;
                        let tag = parse_image_tag(&patched)?;
                        st.update(&ns, &name, tag, now, o).map(|(c, t)| out(c, &t))
                    })
                    .await;
                    let warned = warned.lock().unwrap().clone();
                    kube::with_warnings(r, &warned)
                }
                Method::DELETE => {
                    let o = match opts(&q) {
                        Ok(o) => o,
                        Err(s) => return status_resp(&s),
                    };
                    let bytes = match read_body(&parts, body).await {
                        Ok(b) => b,
                        Err(s) => return status_resp(&s),
                    };
                    // DeleteOptions, when there are any, are JSON like every other body.
                    let options = if bytes.iter().all(u8::is_ascii_whitespace) {
                        None
                    } else {
                        match require_media_type(&parts, &["application/json"]).and_then(|_| parse_json(&bytes)) {
                            Ok(v) => Some(v),
                            Err(s) => return status_resp(&s),
                        }
                    };
                    write(app, o.dry_run, None, move |st, _| {
                        st.delete(&ns, &name, options.as_ref(), o).map(|s| out(200, &s))
                    })
                    .await
                }
                _ => status_resp(&errors::method_not_allowed()),
            }
        }
        _ => status_resp(&errors::path_not_found()),
    }
}

async fn list(app: &Arc<App>, ns: Option<String>, q: &Query, parts: &Parts) -> Resp {
    if q.watch() {
        return status_resp(&errors::watch_not_supported());
    }
    let table = match table::request(accept(parts), q.get("includeObject")) {
        Ok(t) => t,
        Err(s) => return status_resp(&s),
    };
    let lq = ListQuery {
        label_selector: q.get("labelSelector").map(str::to_string),
        field_selector: q.get("fieldSelector").map(str::to_string),
        limit: q.get("limit").and_then(|l| l.parse().ok()),
    };
    let r = read(app, move |st| {
        st.list(ns.as_deref(), &lq).map(|l| match table {
            Some(req) => out(200, &table::of_list(&l, req, time::now_secs())),
            None => out(200, &l),
        })
    })
    .await;
    table::label(r, table)
}
