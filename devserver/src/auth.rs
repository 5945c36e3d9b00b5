//! Who may do what. Authentication is a bearer token: the single `--token` (its user may do everything)
//! and/or the users of `--users FILE`, each with a name, groups and rules (verbs × resources × namespaces).
//! Tokens are compared in constant time. A missing or unknown token gets 401; a request the user's rules
//! do not allow gets 403 with the apiserver's message; `selfsubjectaccessreviews` answer from the same
//! rules, so `kubectl auth can-i` and a console's "may I show this button?" agree with what happens.
//!
//! Messages: k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go (`forbiddenMessage`) and
//! k8s.io/apimachinery/pkg/api/errors/errors.go (`NewForbidden`). Discovery, OpenAPI, `/version` and the
//! simulator are open to every authenticated user (the `system:discovery` and `system:basic-user` roles),
//! and so is creating a SelfSubjectAccessReview.

use std::path::Path;

use hyper::Method;
use imagetag::{Status, StatusDetails};
use serde::Deserialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::errors;

/// One rule: the request is allowed when its verb, API group, resource and namespace are each listed
/// (`*` matches anything; an empty namespace list means every namespace).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub verbs: Vec<String>,
    pub resources: Vec<String>,
    #[serde(default = "everything", rename = "apiGroups")]
    pub api_groups: Vec<String>,
    #[serde(default = "everything")]
    pub namespaces: Vec<String>,
}

fn everything() -> Vec<String> {
    vec!["*".into()]
}

/// An authenticated user.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct User {
    pub name: String,
    #[serde(default)]
    pub groups: Vec<String>,
    #[serde(default)]
    pub rules: Vec<Rule>,
}

impl User {
    /// The user of `--token`, and of a server without any authentication: may do everything.
    fn admin(name: &str, groups: &[&str]) -> User {
        User {
            name: name.into(),
            groups: groups.iter().map(|g| g.to_string()).collect(),
            rules: vec![Rule {
                verbs: everything(),
                resources: everything(),
                api_groups: everything(),
                namespaces: everything(),
            }],
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UserEntry {
    token: String,
    #[serde(flatten)]
    user: User,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Anonymous {
    #[serde(default)]
    rules: Vec<Rule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UsersFile {
    #[serde(default)]
    users: Vec<UserEntry>,
    /// Rules for requests without a token, as `system:anonymous` (the apiserver's anonymous
    /// authentication): they then get 403 rather than 401 where the rules do not reach.
    anonymous: Option<Anonymous>,
}

/// The authentication of a server: the known tokens (as SHA-256 digests) and their users.
#[derive(Clone, Debug, Default)]
pub struct Auth {
    users: Vec<([u8; 32], User)>,
    anonymous: Option<User>,
}

fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// Equality in time independent of where the inputs differ (both are digests, so of equal length).
fn same(a: &[u8; 32], b: &[u8; 32]) -> bool {
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl Auth {
    /// From `--token` and the text of `--users FILE` (JSON: `{"users": [{"token", "name", "groups",
    /// "rules": [{"verbs", "resources", "apiGroups"?, "namespaces"?}]}]}`).
    pub fn new(token: Option<&str>, users_json: Option<&str>) -> Result<Auth, String> {
        let mut users = Vec::new();
        let mut anonymous = None;
        if let Some(t) = token {
            users.push((digest(t), User::admin("admin", &["system:masters", "system:authenticated"])));
        }
        if let Some(text) = users_json {
            let file: UsersFile =
                serde_json::from_str(text).map_err(|e| format!("the users file is not valid: {e}"))?;
            anonymous = file.anonymous.map(|a| User {
                name: "system:anonymous".into(),
                groups: vec!["system:unauthenticated".into()],
                rules: a.rules,
            });
            for e in file.users {
                if e.token.is_empty() || e.user.name.is_empty() {
                    return Err("the users file is not valid: every user needs a token and a name".into());
                }
                if users.iter().any(|(d, _)| same(d, &digest(&e.token))) {
                    return Err(format!("the users file is not valid: the token of {:?} is not unique", e.user.name));
                }
                let mut user = e.user;
                if !user.groups.iter().any(|g| g == "system:authenticated") {
                    user.groups.push("system:authenticated".into());
                }
                users.push((digest(&e.token), user));
            }
        }
        Ok(Auth { users, anonymous })
    }

    /// Reads `--users FILE`.
    pub fn load(token: Option<&str>, users_file: Option<&Path>) -> Result<Auth, String> {
        let text = match users_file {
            Some(p) => Some(std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?),
            None => None,
        };
        Auth::new(token, text.as_deref())
    }

    pub fn enabled(&self) -> bool {
        !self.users.is_empty() || self.anonymous.is_some()
    }

    /// The user of an `Authorization` header value; 401 when authentication is on and the token is
    /// missing or unknown. Every known token is compared, in constant time.
    pub fn authenticate(&self, authorization: Option<&str>) -> Result<User, Status> {
        if !self.enabled() {
            return Ok(User::admin("system:anonymous", &["system:unauthenticated"]));
        }
        if let (None, Some(anonymous)) = (authorization, &self.anonymous) {
            return Ok(anonymous.clone());
        }
        let token = authorization.and_then(|h| h.strip_prefix("Bearer ")).map(str::trim).unwrap_or("");
        let d = digest(token);
        let mut found = None;
        for (known, user) in &self.users {
            if same(known, &d) && !token.is_empty() {
                found = Some(user);
            }
        }
        found.cloned().ok_or_else(errors::unauthorized)
    }
}

/// What a request asks to do (k8s.io/apiserver/pkg/authorization/authorizer.Attributes).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attributes {
    pub verb: String,
    pub group: String,
    pub resource: String,
    pub subresource: String,
    pub namespace: String,
    pub name: String,
    /// For requests that are not for a resource (discovery, `/openapi/…`, the simulator).
    pub path: String,
    pub resource_request: bool,
}

/// The attributes of a request from its method, percent-decoded path segments (without the leading
/// empty one) and whether it asks to watch (k8s.io/apiserver/pkg/endpoints/request/requestinfo.go).
pub fn attributes(method: &Method, path: &str, segments: &[&str], watch: bool) -> Attributes {
    let (group, rest) = match segments {
        ["apis", g, _v, rest @ ..] if !rest.is_empty() => (*g, rest),
        ["api", _v, rest @ ..] if !rest.is_empty() => ("", rest),
        _ => {
            return Attributes { verb: method.as_str().to_ascii_lowercase(), path: path.into(), ..Default::default() };
        }
    };
    let (namespace, rest) = match rest {
        ["namespaces", ns, rest @ ..] if !rest.is_empty() => (*ns, rest),
        _ => ("", rest),
    };
    let resource = rest[0];
    let name = rest.get(1).copied().unwrap_or("");
    let subresource = rest.get(2).copied().unwrap_or("");
    let verb = match *method {
        Method::GET | Method::HEAD if watch => "watch",
        Method::GET | Method::HEAD if name.is_empty() => "list",
        Method::GET | Method::HEAD => "get",
        Method::POST => "create",
        Method::PUT => "update",
        Method::PATCH => "patch",
        Method::DELETE if name.is_empty() => "deletecollection",
        Method::DELETE => "delete",
        ref m => return Attributes { verb: m.as_str().to_ascii_lowercase(), path: path.into(), ..Default::default() },
    };
    Attributes {
        verb: verb.into(),
        group: group.into(),
        resource: resource.into(),
        subresource: subresource.into(),
        namespace: namespace.into(),
        name: name.into(),
        path: path.into(),
        resource_request: true,
    }
}

fn listed(list: &[String], v: &str) -> bool {
    list.iter().any(|x| x == "*" || x == v)
}

/// Whether `user` may do `a`.
pub fn allowed(user: &User, a: &Attributes) -> bool {
    if !a.resource_request {
        // Discovery, OpenAPI and /version are open to all; the simulator acts on the whole state, so
        // `system:anonymous` (the users file's `anonymous` rules) may use it only with a rule for everything.
        let simulator = a.path == "/simulator" || a.path.starts_with("/simulator/");
        let anonymous = user.groups.iter().any(|g| g == "system:unauthenticated");
        let everything = user
            .rules
            .iter()
            .any(|r| [&r.verbs, &r.resources, &r.api_groups, &r.namespaces].iter().all(|l| l.iter().any(|x| x == "*")));
        return !simulator || !anonymous || everything;
    }
    if a.group == "authorization.k8s.io" && a.resource == "selfsubjectaccessreviews" && a.verb == "create" {
        return true;
    }
    let resource =
        if a.subresource.is_empty() { a.resource.clone() } else { format!("{}/{}", a.resource, a.subresource) };
    user.rules.iter().any(|r| {
        listed(&r.verbs, &a.verb)
            && listed(&r.api_groups, &a.group)
            && listed(&r.resources, &resource)
            // A request across all namespaces needs a rule for all of them.
            && (r.namespaces.is_empty() || listed(&r.namespaces, &a.namespace) && (!a.namespace.is_empty() || r.namespaces.iter().any(|n| n == "*")))
    })
}

/// The 403 of a denied request, worded as the apiserver words it.
pub fn forbidden(user: &User, a: &Attributes) -> Status {
    let u = &user.name;
    let why = if !a.resource_request {
        format!("User {u:?} cannot {} path {:?}", a.verb, a.path)
    } else {
        let resource =
            if a.subresource.is_empty() { a.resource.clone() } else { format!("{}/{}", a.resource, a.subresource) };
        if a.namespace.is_empty() {
            format!(
                "User {u:?} cannot {} resource {resource:?} in API group {:?} at the cluster scope",
                a.verb, a.group
            )
        } else {
            format!(
                "User {u:?} cannot {} resource {resource:?} in API group {:?} in the namespace {:?}",
                a.verb, a.group, a.namespace
            )
        }
    };
    let qualified = if a.group.is_empty() { a.resource.clone() } else { format!("{}.{}", a.resource, a.group) };
    let message = if !a.resource_request || a.resource.is_empty() {
        format!("forbidden: {why}")
    } else if a.name.is_empty() {
        format!("{qualified} is forbidden: {why}")
    } else {
        format!("{qualified} {:?} is forbidden: {why}", a.name)
    };
    let details = StatusDetails {
        name: a.name.clone().into(),
        group: a.group.clone().into(),
        kind: a.resource.clone().into(),
        ..Default::default()
    };
    Status::failure(403, "Forbidden", message, Some(details))
}

/// Authenticates and authorizes a request: its user, or the 401/403 to answer. `segments` are the
/// percent-decoded path segments after the leading `/`.
pub fn guard(
    auth: &Auth,
    method: &Method,
    path: &str,
    segments: &[&str],
    watch: bool,
    headers: &hyper::HeaderMap,
) -> Result<User, Status> {
    let header = headers.get(hyper::header::AUTHORIZATION).and_then(|v| v.to_str().ok());
    let user = auth.authenticate(header)?;
    let a = attributes(method, path, segments, watch);
    if allowed(&user, &a) {
        Ok(user)
    } else {
        Err(forbidden(&user, &a))
    }
}

/// `POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews`: the review with its `status` filled
/// from `user`'s rules (k8s.io/api/authorization/v1/types.go). The answer is 201, as for any create.
pub fn access_review(user: &User, body: &Value) -> Result<Value, Status> {
    let invalid = |field: &str, message: &str| {
        Status::failure(
            422,
            "Invalid",
            format!("SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: {field}: {message}"),
            Some(StatusDetails {
                group: "authorization.k8s.io".to_string().into(),
                kind: "SelfSubjectAccessReview".to_string().into(),
                ..Default::default()
            }),
        )
    };
    let spec = body.get("spec").filter(|s| s.is_object()).ok_or_else(|| {
        invalid(
            "spec.resourceAttributes",
            "Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified",
        )
    })?;
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let a =
        match (
            spec.get("resourceAttributes").filter(|v| v.is_object()),
            spec.get("nonResourceAttributes").filter(|v| v.is_object()),
        ) {
            (Some(r), None) => Attributes {
                verb: s(r, "verb"),
                group: s(r, "group"),
                resource: s(r, "resource"),
                subresource: s(r, "subresource"),
                namespace: s(r, "namespace"),
                name: s(r, "name"),
                path: String::new(),
                resource_request: true,
            },
            (None, Some(n)) => Attributes { verb: s(n, "verb"), path: s(n, "path"), ..Default::default() },
            _ => return Err(invalid(
                "spec.resourceAttributes",
                "Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified",
            )),
        };
    let ok = allowed(user, &a);
    let mut out = json!({
        "kind": "SelfSubjectAccessReview",
        "apiVersion": "authorization.k8s.io/v1",
        "metadata": {"creationTimestamp": null},
        "spec": spec,
        "status": {"allowed": ok},
    });
    if ok {
        out["status"]["reason"] = json!(format!("allowed by the rules of user {:?} (imagetag-devserver)", user.name));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const USERS: &str = r#"{"users": [
        {"token": "alice-token", "name": "alice", "groups": ["dev"],
         "rules": [{"verbs": ["get", "list"], "resources": ["imagetags"], "namespaces": ["demo"]}]},
        {"token": "ops-token", "name": "ops", "rules": [{"verbs": ["*"], "resources": ["imagetags"], "apiGroups": ["image.openshift.io"]}]}
    ]}"#;

    fn segs(p: &str) -> Vec<&str> {
        p.split('/').skip(1).collect()
    }

    fn attrs(m: Method, p: &str) -> Attributes {
        attributes(&m, p, &segs(p), false)
    }

    #[test]
    fn tokens_are_compared_whole_and_unknown_ones_get_401() {
        let auth = Auth::new(Some("s3cret"), Some(USERS)).unwrap();
        assert_eq!(auth.authenticate(Some("Bearer s3cret")).unwrap().name, "admin");
        assert_eq!(auth.authenticate(Some("Bearer alice-token")).unwrap().name, "alice");
        for bad in [None, Some(""), Some("Bearer "), Some("Bearer s3cre"), Some("Bearer s3cret2"), Some("Basic s3cret")]
        {
            assert_eq!(errors::code(&auth.authenticate(bad).unwrap_err()), 401, "{bad:?}");
        }
        assert!(same(&digest("a"), &digest("a")) && !same(&digest("a"), &digest("b")));
        assert!(
            Auth::new(None, Some(r#"{"users": [{"token": "t", "name": "a"}, {"token": "t", "name": "b"}]}"#)).is_err()
        );
        assert!(Auth::new(None, Some(r#"{"users": [{"token": "t", "name": "a", "role": "x"}]}"#)).is_err());
        assert_eq!(Auth::new(None, None).unwrap().authenticate(None).unwrap().name, "system:anonymous");
        // With anonymous rules, no token is system:anonymous with those rules; a wrong token is still 401.
        let anon =
            Auth::new(None, Some(r#"{"anonymous": {"rules": [{"verbs": ["get"], "resources": ["imagetags"]}]}}"#))
                .unwrap();
        let u = anon.authenticate(None).unwrap();
        assert_eq!((u.name.as_str(), u.rules.len()), ("system:anonymous", 1));
        assert_eq!(errors::code(&anon.authenticate(Some("Bearer x")).unwrap_err()), 401);
        let del = attrs(Method::DELETE, "/apis/image.openshift.io/v1/namespaces/demo/imagetags/app:latest");
        assert!(!allowed(&u, &del));
        // Discovery yes, the simulator no (it acts on everything).
        assert!(allowed(&u, &attrs(Method::GET, "/apis")));
        let reset = attrs(Method::POST, "/simulator/v1/reset");
        assert!(!allowed(&u, &reset));
        assert_eq!(
            forbidden(&u, &reset).message.get().unwrap(),
            "forbidden: User \"system:anonymous\" cannot post path \"/simulator/v1/reset\""
        );
        // Without any authentication everything stays open, the simulator included.
        assert!(allowed(&Auth::new(None, None).unwrap().authenticate(None).unwrap(), &reset));
        let alice = Auth::new(None, Some(USERS)).unwrap().authenticate(Some("Bearer alice-token")).unwrap();
        assert!(allowed(&alice, &reset), "an authenticated user may use the simulator");
    }

    #[test]
    fn rules_and_the_apiservers_messages() {
        let auth = Auth::new(None, Some(USERS)).unwrap();
        let alice = auth.authenticate(Some("Bearer alice-token")).unwrap();
        let get = attrs(Method::GET, "/apis/image.openshift.io/v1/namespaces/demo/imagetags/app:latest");
        assert_eq!((get.verb.as_str(), get.name.as_str()), ("get", "app:latest"));
        assert!(allowed(&alice, &get));
        let del = attrs(Method::DELETE, "/apis/image.openshift.io/v1/namespaces/demo/imagetags/app:latest");
        assert!(!allowed(&alice, &del));
        let s = forbidden(&alice, &del);
        assert_eq!(errors::code(&s), 403);
        assert_eq!(
            s.message.get().unwrap(),
            "imagetags.image.openshift.io \"app:latest\" is forbidden: User \"alice\" cannot delete resource \"imagetags\" in API group \"image.openshift.io\" in the namespace \"demo\""
        );
        let all = attrs(Method::GET, "/apis/image.openshift.io/v1/imagetags");
        assert!(!allowed(&alice, &all));
        assert_eq!(
            forbidden(&alice, &all).message.get().unwrap(),
            "imagetags.image.openshift.io is forbidden: User \"alice\" cannot list resource \"imagetags\" in API group \"image.openshift.io\" at the cluster scope"
        );
        assert!(!allowed(&alice, &attrs(Method::GET, "/apis/image.openshift.io/v1/namespaces/other/imagetags")));
        assert!(allowed(&alice, &attrs(Method::GET, "/apis")));
        let ops = auth.authenticate(Some("Bearer ops-token")).unwrap();
        assert!(allowed(&ops, &all) && allowed(&ops, &del));
        let review = attrs(Method::POST, "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews");
        assert!(allowed(&alice, &review));
    }

    #[test]
    fn access_reviews_answer_from_the_same_rules() {
        let auth = Auth::new(None, Some(USERS)).unwrap();
        let alice = auth.authenticate(Some("Bearer alice-token")).unwrap();
        let ask = |verb: &str, ns: &str| {
            let body = json!({"kind": "SelfSubjectAccessReview", "apiVersion": "authorization.k8s.io/v1",
                "spec": {"resourceAttributes": {"namespace": ns, "verb": verb, "group": "image.openshift.io", "resource": "imagetags"}}});
            access_review(&alice, &body).unwrap()["status"]["allowed"].as_bool().unwrap()
        };
        assert!(ask("list", "demo"));
        assert!(!ask("delete", "demo"));
        assert!(!ask("list", ""));
        assert_eq!(errors::code(&access_review(&alice, &json!({"spec": {}})).unwrap_err()), 422);
    }
}
