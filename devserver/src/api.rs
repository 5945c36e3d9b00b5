//! The imagetags API (image.openshift.io/v1): routes, request decoding and the calls into the store.

use std::sync::Arc;

use hyper::body::Incoming;
use hyper::http::request::Parts;
use hyper::{Method, Request};
use imagetag::model::ImageTag;
use imagetag::reference::{split_image_tag_name, split_post_name};
use imagetag::Status;
use serde_json::{json, Value};

use crate::app::{read, write, App};
use crate::errors;
use crate::http::{
    json_body, json_resp, media_type, out, parse_json, percent_decode, read_body, require_media_type, status_resp,
    Query, Resp,
};
use crate::patch::{self, PatchType};
use crate::store::{ListQuery, WriteOptions};

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

/// The write options of a POST or PUT (already decoded from the query, or the query's error) and the
/// ImageTag of its body (`application/json` only).
async fn write_request(
    options: Result<WriteOptions, Status>,
    parts: &Parts,
    body: Incoming,
) -> Result<(WriteOptions, ImageTag), Status> {
    let o = options?;
    let tag = json_body(parts, body, false).await.and_then(|v| parse_image_tag(&v))?;
    Ok((o, tag))
}

fn discovery() -> Value {
    json!({
        "kind": "APIResourceList",
        "apiVersion": "v1",
        "groupVersion": "image.openshift.io/v1",
        "resources": [{
            "name": "imagetags",
            "singularName": "imagetag",
            "namespaced": true,
            "kind": "ImageTag",
            "verbs": ["create", "delete", "get", "list", "patch", "update"],
            "shortNames": ["itag"]
        }]
    })
}

/// The API's routes: one match over the path segments and the method.
pub async fn route(app: &Arc<App>, req: Request<Incoming>, race: bool) -> Resp {
    let (parts, body) = req.into_parts();
    let segs: Vec<String> = parts.uri.path().split('/').skip(1).map(percent_decode).collect();
    let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
    let q = Query::of(&parts);
    let method = parts.method.clone();
    let opts = |q: &Query| -> Result<WriteOptions, Status> { Ok(WriteOptions { dry_run: q.dry_run()?, race }) };
    match segs[..] {
        ["apis", "image.openshift.io", "v1"] if method == Method::GET => json_resp(200, &discovery()),
        ["apis", "image.openshift.io", "v1", "imagetags"] => match method {
            Method::GET => list(app, None, &q).await,
            _ => status_resp(&errors::method_not_allowed()),
        },
        ["apis", "image.openshift.io", "v1", "namespaces", ns, "imagetags"] if !ns.is_empty() => {
            let ns = ns.to_string();
            match method {
                Method::GET => list(app, Some(ns), &q).await,
                Method::POST => {
                    let (o, tag) = match write_request(opts(&q), &parts, body).await {
                        Ok(r) => r,
                        Err(s) => return status_resp(&s),
                    };
                    let target = tag.name().contains(':').then(|| (ns.clone(), split_post_name(tag.name()).0));
                    write(app, o.dry_run, target, move |st, now| st.create(&ns, tag, now, o).map(|t| out(201, &t)))
                        .await
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
                Method::GET => read(app, move |st| st.get(&ns, &name).map(|t| out(200, &t))).await,
                Method::PUT => {
                    let (o, tag) = match write_request(opts(&q), &parts, body).await {
                        Ok(r) => r,
                        Err(s) => return status_resp(&s),
                    };
                    write(app, o.dry_run, target, move |st, now| {
                        st.update(&ns, &name, tag, now, o).map(|(c, t)| out(c, &t))
                    })
                    .await
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
                    write(app, o.dry_run, target, move |st, now| {
                        let base = st.patch_base(&ns, &name)?;
                        let patched = patch::apply(kind, &base, &patch_doc).map_err(|e| {
                            Status::failure(
                                422,
                                "Invalid",
                                format!("the server rejected our request due to an error in our request: {e}"),
                                None,
                            )
                        })?;
                        let tag = parse_image_tag(&patched)?;
                        st.update(&ns, &name, tag, now, o).map(|(c, t)| out(c, &t))
                    })
                    .await
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

async fn list(app: &Arc<App>, ns: Option<String>, q: &Query) -> Resp {
    if q.watch() {
        return status_resp(&errors::watch_not_supported());
    }
    let lq = ListQuery {
        label_selector: q.get("labelSelector").map(str::to_string),
        field_selector: q.get("fieldSelector").map(str::to_string),
        limit: q.get("limit").and_then(|l| l.parse().ok()),
    };
    read(app, move |st| st.list(ns.as_deref(), &lq).map(|l| out(200, &l))).await
}
