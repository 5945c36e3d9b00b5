//! The `/simulator/v1/` endpoints over HTTP; the operations are in `sim.rs`, the fault queue in `faults.rs`.

use std::sync::Arc;

use hyper::body::Incoming;
use hyper::{Method, Request};
use serde_json::{json, Value};

use crate::app::{read, seeded, write, App};
use crate::errors;
use crate::http::{json_body, json_resp, out, status_resp, Resp};
use crate::sim;

/// The simulator's routes. Every POST needs `application/json` (an empty body is allowed where noted).
pub async fn route(app: &Arc<App>, req: Request<Incoming>) -> Resp {
    let (parts, body) = req.into_parts();
    let path = parts.uri.path().trim_end_matches('/').to_string();
    let method = parts.method.clone();
    match (method.clone(), path.as_str()) {
        (Method::GET, "/simulator/v1") => json_resp(
            200,
            &json!({
                "endpoints": [
                    "GET /simulator/v1/registry", "POST /simulator/v1/registry/publish", "POST /simulator/v1/push",
                    "POST /simulator/v1/import", "POST /simulator/v1/reset",
                    "GET /simulator/v1/faults", "POST /simulator/v1/faults", "DELETE /simulator/v1/faults"
                ]
            }),
        ),
        (Method::GET, "/simulator/v1/registry") => read(app, |st| Ok(out(200, &sim::registry_listing(st)))).await,
        (Method::GET, "/simulator/v1/faults") => json_resp(200, &app.faults.lock().unwrap().listing()),
        (Method::DELETE, "/simulator/v1/faults") => {
            app.faults.lock().unwrap().queue.clear();
            json_resp(200, &app.faults.lock().unwrap().listing())
        }
        (Method::POST, p) => {
            // An empty body is allowed for import and reset.
            let empty_ok = p == "/simulator/v1/import" || p == "/simulator/v1/reset";
            let v = match json_body(&parts, body, empty_ok).await {
                Ok(v) => v,
                Err(s) => return status_resp(&s),
            };
            match p {
                "/simulator/v1/registry/publish" => {
                    write(app, false, None, move |st, _| sim::publish(st, &v).map(|r| out(200, &r))).await
                }
                "/simulator/v1/push" => {
                    write(app, false, None, move |st, now| sim::push(st, &v, now).map(|r| out(201, &r))).await
                }
                "/simulator/v1/import" => {
                    write(app, false, None, move |st, now| sim::import(st, &v, now).map(|r| out(200, &r))).await
                }
                "/simulator/v1/reset" => {
                    let seed_name = v.get("seed").and_then(Value::as_str).unwrap_or("empty").to_string();
                    let app2 = app.clone();
                    write(app, false, None, move |st, _| {
                        let fresh = seeded(&seed_name, &app2.cfg).map_err(errors::bad_request)?;
                        *st = fresh;
                        st.dirty = true;
                        Ok(out(200, &json!({"seed": seed_name})))
                    })
                    .await
                }
                "/simulator/v1/faults" => match app.faults.lock().unwrap().add(&v) {
                    Ok(r) => json_resp(200, &r),
                    Err(s) => status_resp(&s),
                },
                _ => status_resp(&errors::path_not_found()),
            }
        }
        _ => status_resp(&errors::path_not_found()),
    }
}
