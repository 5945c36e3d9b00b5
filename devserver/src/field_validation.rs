//! `?fieldValidation=Strict|Warn|Ignore` on create, update and patch, as the apiserver handles it
//! (k8s.io/apiserver/pkg/endpoints/handlers/create.go, update.go, patch.go): unknown fields are an error
//! under Strict (400 `strict decoding error: unknown field "…"`), a `Warning` header each under Warn (the
//! default when the parameter is absent), and nothing under Ignore. What is unknown is decided by the
//! served OpenAPI schema ([`crate::openapi::unknown_fields`]).

use imagetag::Status;
use serde_json::Value;

use crate::errors;
use crate::openapi;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Directive {
    Ignore,
    Warn,
    Strict,
}

/// The directive of the `fieldValidation` query value (absent → Warn).
pub fn directive(value: Option<&str>) -> Result<Directive, Status> {
    match value {
        None | Some("") | Some("Warn") => Ok(Directive::Warn),
        Some("Strict") => Ok(Directive::Strict),
        Some("Ignore") => Ok(Directive::Ignore),
        Some(other) => Err(errors::bad_request(format!(
            "fieldValidation: Unsupported value: \"{other}\": supported values: \"Ignore\", \"Strict\", \"Warn\""
        ))),
    }
}

/// Checks a written ImageTag (the request body, or the patched object) for unknown fields: the warnings to
/// send under Warn, or the 400 under Strict.
pub fn check(d: Directive, body: &Value) -> Result<Vec<String>, Status> {
    if d == Directive::Ignore {
        return Ok(Vec::new());
    }
    let found: Vec<String> =
        openapi::unknown_fields(body).into_iter().map(|f| format!("unknown field \"{f}\"")).collect();
    if d == Directive::Strict && !found.is_empty() {
        return Err(errors::bad_request(format!("strict decoding error: {}", found.join(", "))));
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strict_warn_and_ignore() {
        let body =
            json!({"metadata": {"name": "a:b"}, "spec": {"name": "b", "fromm": {"kind": "DockerImage"}}, "x": 1});
        let s = check(Directive::Strict, &body).unwrap_err();
        assert_eq!(errors::code(&s), 400);
        assert_eq!(
            s.message.get().map(String::as_str),
            Some("strict decoding error: unknown field \"spec.fromm\", unknown field \"x\"")
        );
        assert_eq!(check(Directive::Warn, &body).unwrap(), ["unknown field \"spec.fromm\"", "unknown field \"x\""]);
        assert!(check(Directive::Ignore, &body).unwrap().is_empty());
        assert!(check(Directive::Strict, &json!({"metadata": {"name": "a:b"}, "spec": {"name": "b"}}))
            .unwrap()
            .is_empty());
        assert_eq!(directive(None).unwrap(), Directive::Warn);
        assert!(directive(Some("strict")).is_err());
    }
}
