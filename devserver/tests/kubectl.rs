//! The real kubectl against the devserver: discovery, server-side tables, OpenAPI (explain, validation),
//! writes, access reviews and the apiserver's 403/422 wording. Skipped, with a message, where
//! /usr/bin/kubectl (Debian's kubernetes-client, installed by scripts/setup.sh) is missing.
//!
//! Expected outputs are what kubectl prints for a real cluster: the `Error from server (…)` and
//! `The <Kind> "<name>" is invalid:` forms come from k8s.io/kubectl/pkg/cmd/util/helpers.go
//! (StandardErrorMessage, checkErr), the table from the server's Table (docs/semantics.md §4.3).

mod common;
use common::*;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::{Command, Stdio};

const KUBECTL: &str = "/usr/bin/kubectl";

struct Out {
    ok: bool,
    stdout: String,
    stderr: String,
}

struct Kubectl {
    server: String,
    cache: PathBuf,
}

impl Kubectl {
    /// `None` (and a message) where kubectl is not installed.
    fn new(s: &Server) -> Option<Kubectl> {
        if !std::path::Path::new(KUBECTL).exists() {
            eprintln!("SKIPPED: {KUBECTL} is missing (scripts/setup.sh installs Debian's kubernetes-client)");
            return None;
        }
        Some(Kubectl { server: s.url(), cache: temp_dir("kubectl-cache") })
    }

    fn run_with(&self, args: &[&str], stdin: Option<&str>) -> Out {
        let mut c = Command::new(KUBECTL);
        c.arg(format!("--server={}", self.server))
            .arg(format!("--cache-dir={}", self.cache.display()))
            .args(args)
            .env("KUBECONFIG", "/dev/null")
            .env_remove("HTTP_PROXY")
            .env_remove("http_proxy")
            .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = c.spawn().expect("kubectl runs");
        if let Some(text) = stdin {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
        }
        let o = child.wait_with_output().unwrap();
        Out {
            ok: o.status.success(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }

    fn run(&self, args: &[&str]) -> Out {
        self.run_with(args, None)
    }

    /// Runs and expects success; returns stdout.
    fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(o.ok, "kubectl {args:?} failed:\n{}\n{}", o.stdout, o.stderr);
        o.stdout
    }

    /// Runs and expects failure; returns stderr.
    fn fails(&self, args: &[&str], stdin: Option<&str>) -> String {
        let o = self.run_with(args, stdin);
        assert!(!o.ok, "kubectl {args:?} should fail:\n{}\n{}", o.stdout, o.stderr);
        o.stderr
    }
}

fn header_of(table: &str) -> Vec<&str> {
    table.lines().next().unwrap_or("").split_whitespace().collect()
}

#[test]
fn discovery_and_tables() {
    let s = Server::start(&["--seed", "demo"]);
    let Some(k) = Kubectl::new(&s) else { return };
    let resources = k.ok(&["api-resources"]);
    let lines: Vec<Vec<&str>> = resources.lines().map(|l| l.split_whitespace().collect()).collect();
    assert_eq!(lines[0], ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]);
    assert!(lines.contains(&vec!["imagetags", "itag", "image.openshift.io/v1", "true", "ImageTag"]), "{resources}");
    assert!(lines.contains(&vec![
        "selfsubjectaccessreviews",
        "authorization.k8s.io/v1",
        "false",
        "SelfSubjectAccessReview"
    ]));
    assert!(lines.contains(&vec!["namespaces", "ns", "v1", "false", "Namespace"]));
    assert_eq!(lines.len(), 4, "exactly what is served:\n{resources}");

    // The server's Table, as `oc get imagetags` prints it.
    let table = k.ok(&["get", "imagetags", "-n", "demo"]);
    assert_eq!(header_of(&table), ["NAME", "SPEC", "STATUS", "HISTORY", "UPDATED"]);
    let row = table.lines().find(|l| l.starts_with("app:latest ")).expect(&table);
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(
        &cells[..4],
        [
            "app:latest",
            "Scheduled",
            "image/sha256:358a566fcab67757e71ffb06985ffe77c750db3299e042e0c15fd2645ba6d3c8",
            "3"
        ]
    );
    assert!(row.ends_with(" ago"), "{row}");
    let failed = table.lines().find(|l| l.starts_with("app:v4-preview ")).expect(&table);
    assert!(failed.contains("ImportFailed (NotFound)"), "{failed}");
    // The same cells as the core computes for the tag it serves.
    let tag = s.get(&path("demo", Some("app:latest"))).json();
    let model = imagetag::model::ImageTag::from_value(&tag).unwrap();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let core = imagetag::history::table_row(&model, now);
    assert_eq!(cells[2], core.status);

    // The short name, a single object, all namespaces.
    let one = k.ok(&["get", "itag", "app:latest", "-n", "demo"]);
    assert_eq!(one.lines().count(), 2, "{one}");
    assert!(one.lines().nth(1).unwrap().starts_with("app:latest "));
    let all = k.ok(&["get", "imagetags", "-A"]);
    assert_eq!(header_of(&all), ["NAMESPACE", "NAME", "SPEC", "STATUS", "HISTORY", "UPDATED"]);
    assert!(all.lines().any(|l| l.starts_with("demo ") && l.contains("app:latest")));
    assert!(all.lines().any(|l| l.starts_with("ci ")), "{all}");

    // -o yaml and -o jsonpath read the object itself.
    let yaml = k.ok(&["get", "itag", "app:latest", "-n", "demo", "-o", "yaml"]);
    assert!(yaml.contains("kind: ImageTag") && yaml.contains("name: app:latest"), "{yaml}");
    let jp = k.ok(&["get", "itag", "app:latest", "-n", "demo", "-o", "jsonpath={.status.items[0].image}"]);
    assert_eq!(jp, "sha256:358a566fcab67757e71ffb06985ffe77c750db3299e042e0c15fd2645ba6d3c8");
    let names = k.ok(&["get", "itag", "-n", "demo", "-o", "name"]);
    assert!(names.lines().any(|l| l == "imagetag.image.openshift.io/app:latest"), "{names}");

    // A missing tag: the imagestreams 404 of docs/semantics.md §2.4, printed as kubectl prints it.
    let err = k.fails(&["get", "itag", "nope:latest", "-n", "demo"], None);
    assert!(err.contains("Error from server (NotFound): imagestreams.image.openshift.io \"nope\" not found"), "{err}");
    let err = k.fails(&["get", "itag", "app:latest", "-n", "nowhere"], None);
    assert!(err.contains("Error from server (NotFound): namespaces \"nowhere\" not found"), "{err}");
}

#[test]
fn table_requests_honour_include_object() {
    let s = Server::start(&["--seed", "demo"]);
    let accept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
    let base = path("demo", None);
    let t = s.req("GET", &base).header("Accept", accept).send();
    assert_eq!(t.header("Content-Type").as_deref(), Some("application/json;as=Table;v=v1;g=meta.k8s.io"));
    let t = t.json();
    assert_eq!((t["kind"].as_str(), t["apiVersion"].as_str()), (Some("Table"), Some("meta.k8s.io/v1")));
    let cols: Vec<&str> =
        t["columnDefinitions"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(cols, ["Name", "Spec", "Status", "History", "Updated"]);
    assert_eq!(t["columnDefinitions"][0]["format"], "name");
    let list = s.get(&base).json();
    assert_eq!(t["rows"].as_array().unwrap().len(), list["items"].as_array().unwrap().len());
    let row = &t["rows"][0];
    assert_eq!(row["object"]["kind"], "PartialObjectMetadata");
    assert_eq!(row["object"]["metadata"]["name"], list["items"][0]["metadata"]["name"]);
    assert!(row["object"].get("spec").is_none());

    let none = s.req("GET", &format!("{base}?includeObject=None")).header("Accept", accept).send().json();
    assert!(none["rows"][0].get("object").is_none());
    let full = s.req("GET", &format!("{base}?includeObject=Object")).header("Accept", accept).send().json();
    assert_eq!(full["rows"][0]["object"]["kind"], "ImageTag");
    assert_eq!(full["rows"][0]["object"]["spec"], list["items"][0]["spec"]);
    let bad = s.req("GET", &format!("{base}?includeObject=All")).header("Accept", accept).send();
    assert_eq!(bad.status, 400);

    // A get: one row, the object's resourceVersion; plain JSON when no Table is asked for.
    let one = s.req("GET", &path("demo", Some("app:latest"))).header("Accept", accept).send().json();
    assert_eq!(one["rows"].as_array().unwrap().len(), 1);
    assert_eq!(one["rows"][0]["cells"][0], "app:latest");
    let tag = s.get(&path("demo", Some("app:latest"))).json();
    assert_eq!(one["metadata"]["resourceVersion"], tag["metadata"]["resourceVersion"]);
    // Errors stay Status objects.
    let missing = s.req("GET", &path("demo", Some("nope:x"))).header("Accept", accept).send();
    assert_eq!((missing.status, missing.json()["kind"].as_str()), (404, Some("Status")));
}

const TAG_YAML: &str = "apiVersion: image.openshift.io/v1
kind: ImageTag
metadata:
  name: web:1.0
  namespace: demo
spec:
  name: \"1.0\"
  from:
    kind: DockerImage
    name: quay.io/example/web:1.0
";

#[test]
fn writes_explain_and_field_validation() {
    let s = Server::start(&["--seed", "demo"]);
    let Some(k) = Kubectl::new(&s) else { return };
    let file = temp_dir("kubectl-files").join("tag.yaml");
    std::fs::write(&file, TAG_YAML).unwrap();
    let f = file.to_str().unwrap();

    assert_eq!(k.ok(&["create", "-f", f]).trim(), "imagetag.image.openshift.io/web:1.0 created");
    let err = k.fails(&["create", "-f", f], None);
    assert!(
        err.contains("Error from server (AlreadyExists): error when creating \"")
            && err.contains("imagetags.image.openshift.io \"web:1.0\" already exists"),
        "{err}"
    );
    // The import ran: the table shows the image.
    let row = k.ok(&["get", "itag", "web:1.0", "-n", "demo", "--no-headers"]);
    assert!(row.starts_with("web:1.0 ") && row.contains("image/sha256:"), "{row}");

    let merge = ["patch", "itag", "web:1.0", "-n", "demo", "--type", "merge", "-p"];
    let out = k.ok(&[&merge[..], &[r#"{"spec":{"importPolicy":{"scheduled":true}}}"#]].concat());
    assert_eq!(out.trim(), "imagetag.image.openshift.io/web:1.0 patched");
    assert!(k.ok(&["get", "itag", "web:1.0", "-n", "demo", "--no-headers"]).contains("Scheduled"));
    let json_patch = r#"[{"op":"replace","path":"/spec/from/name","value":"quay.io/example/web:1.1"}]"#;
    k.ok(&["patch", "itag", "web:1.0", "-n", "demo", "--type", "json", "-p", json_patch]);
    let from = k.ok(&["get", "itag", "web:1.0", "-n", "demo", "-o", "jsonpath={.spec.from.name}"]);
    assert_eq!(from, "quay.io/example/web:1.1");

    // replace -f with what get returned (an update may change only spec, so send back what was read).
    let yaml = k.ok(&["get", "itag", "web:1.0", "-n", "demo", "-o", "yaml"]);
    let edited = yaml.replace("quay.io/example/web:1.1", "quay.io/example/web:1.2");
    std::fs::write(&file, &edited).unwrap();
    assert_eq!(k.ok(&["replace", "-f", f]).trim(), "imagetag.image.openshift.io/web:1.0 replaced");
    assert_eq!(
        k.ok(&["get", "itag", "web:1.0", "-n", "demo", "-o", "jsonpath={.spec.from.name}"]),
        "quay.io/example/web:1.2"
    );
    // A stale resourceVersion: the 409 of docs/semantics.md §2.7.
    let err = k.fails(&["replace", "-f", f], None);
    assert!(
        err.contains("Error from server (Conflict)") && err.contains("another caller has updated the resource version"),
        "{err}"
    );

    // A 422 from the package's validator, printed as kubectl prints a real server's.
    let invalid =
        TAG_YAML.replace("web:1.0\n", "web:2.0\n").replace("\"1.0\"", "\"2.0\"").replace("DockerImage", "Nope");
    let err = k.fails(&["create", "-f", "-"], Some(&invalid));
    assert!(err.starts_with("The ImageTag \"web:2.0\" is invalid: spec.from.kind:"), "{err}");

    // fieldValidation: kubectl's default is Strict (sent because the OpenAPI v3 PATCH operation lists it).
    let unknown = TAG_YAML
        .replace("web:1.0\n", "web:3.0\n")
        .replace("\"1.0\"", "\"3.0\"")
        .replace("  from:", "  fromm: {}\n  from:");
    let err = k.fails(&["create", "-f", "-"], Some(&unknown));
    assert!(err.contains("Error from server (BadRequest): error when creating \"STDIN\": strict decoding error: unknown field \"spec.fromm\""), "{err}");
    let o = k.run_with(&["create", "--validate=warn", "-f", "-"], Some(&unknown));
    assert!(o.ok && o.stderr.contains("Warning: unknown field \"spec.fromm\""), "{}\n{}", o.stdout, o.stderr);
    let o = k.run_with(
        &["create", "--validate=false", "-f", "-"],
        Some(&unknown.replace("web:3.0\n", "web:4.0\n").replace("\"3.0\"", "\"4.0\"")),
    );
    assert!(o.ok && !o.stderr.contains("unknown field"), "{}\n{}", o.stdout, o.stderr);

    // explain reads the v3 document.
    let explain = k.ok(&["explain", "imagetag.spec"]);
    assert!(explain.contains("KIND:       ImageTag") && explain.contains("FIELD: spec <TagReference>"), "{explain}");
    for field in ["from", "importPolicy", "name", "reference", "referencePolicy"] {
        assert!(explain.lines().any(|l| l.trim_start().starts_with(field)), "{field}: {explain}");
    }
    assert!(k.ok(&["explain", "imagetags.spec.from.kind"]).contains("FIELD: kind <string>"));

    assert_eq!(
        k.ok(&["delete", "itag", "web:1.0", "-n", "demo"]).trim(),
        "imagetag.image.openshift.io \"web:1.0\" deleted"
    );
    let err = k.fails(&["delete", "itag", "web:1.0", "-n", "demo"], None);
    assert!(err.contains("Error from server (NotFound): imagetags.image.openshift.io \"web:1.0\" not found"), "{err}");
}

#[test]
fn apply_does_what_the_real_server_does() {
    let s = Server::start(&["--seed", "demo"]);
    let Some(k) = Kubectl::new(&s) else { return };
    // A first apply creates (GET 404, then POST with the last-applied annotation, which the create ignores:
    // the ImageTag carries the stream's metadata, docs/semantics.md §2.6).
    assert_eq!(
        k.run_with(&["apply", "-f", "-"], Some(TAG_YAML)).stdout.trim(),
        "imagetag.image.openshift.io/web:1.0 created"
    );
    let tag = s.get(&path("demo", Some("web:1.0"))).json();
    assert!(tag["metadata"]["annotations"].get("kubectl.kubernetes.io/last-applied-configuration").is_none(), "{tag}");
    // A second apply patches metadata.annotations (the last-applied configuration): an ImageTag update
    // may change only spec, so the server refuses it with the 422 a cluster gives (§2.7).
    let changed = TAG_YAML.replace("web:1.0\n    ", "web:1.1\n    ");
    let err = k.fails(&["apply", "-f", "-"], Some(&changed));
    assert!(
        err.contains(
            "The ImageTag \"web:1.0\" is invalid: metadata: Invalid value: \"\": may not update fields other than spec"
        ),
        "{err}"
    );
    let from = s.get(&path("demo", Some("web:1.0"))).json()["spec"]["from"]["name"].clone();
    assert_eq!(from, json!("quay.io/example/web:1.0"), "nothing changed");
}

fn users_file() -> PathBuf {
    let f = temp_dir("kubectl-users").join("users.json");
    let users = json!({
        "users": [{"token": "admin-token", "name": "admin", "rules": [{"verbs": ["*"], "resources": ["*"]}]}],
        "anonymous": {"rules": [{"verbs": ["get", "list"], "resources": ["imagetags"], "namespaces": ["demo"]}]}
    });
    std::fs::write(&f, users.to_string()).unwrap();
    f
}

#[test]
fn who_may_do_what() {
    let users = users_file();
    let s = Server::start(&["--seed", "demo", "--users", users.to_str().unwrap()]);
    let Some(k) = Kubectl::new(&s) else { return };
    // kubectl sends no bearer token over plain http (client-go's clientcmd reads credentials only for
    // TLS servers), so it is system:anonymous here, with the users file's anonymous rules.
    assert!(k.ok(&["get", "itag", "-n", "demo"]).contains("app:latest"));
    let err = k.fails(&["delete", "itag", "app:latest", "-n", "demo"], None);
    assert_eq!(
        err.trim(),
        "Error from server (Forbidden): imagetags.image.openshift.io \"app:latest\" is forbidden: User \"system:anonymous\" cannot delete resource \"imagetags\" in API group \"image.openshift.io\" in the namespace \"demo\""
    );
    let err = k.fails(&["get", "itag", "-A"], None);
    assert_eq!(
        err.trim(),
        "Error from server (Forbidden): imagetags.image.openshift.io is forbidden: User \"system:anonymous\" cannot list resource \"imagetags\" in API group \"image.openshift.io\" at the cluster scope"
    );
    assert_eq!(k.ok(&["auth", "can-i", "list", "itag", "-n", "demo"]).trim(), "yes");
    let o = k.run(&["auth", "can-i", "delete", "imagetags", "-n", "demo"]);
    assert_eq!((o.ok, o.stdout.trim()), (false, "no"));
    let o = k.run(&["auth", "can-i", "get", "imagetags", "-n", "other"]);
    assert_eq!((o.ok, o.stdout.trim()), (false, "no"));

    // Clients that send tokens (curl, the package's client) are the token's user; a wrong token is 401.
    let r = s.req("GET", "/apis/image.openshift.io/v1/imagetags").header("Authorization", "Bearer admin-token").send();
    assert_eq!(r.status, 200);
    let r = s.req("GET", &path("demo", None)).header("Authorization", "Bearer wrong").send();
    assert_status(&r, 401, "Unauthorized", "Unauthorized", None);
    let review = json!({"kind": "SelfSubjectAccessReview", "apiVersion": "authorization.k8s.io/v1",
        "spec": {"resourceAttributes": {"namespace": "demo", "verb": "delete", "group": "image.openshift.io", "resource": "imagetags"}}});
    let r = s
        .req("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
        .header("Authorization", "Bearer admin-token")
        .json(&review)
        .send();
    assert_eq!(r.status, 201);
    assert_eq!(r.json()["status"]["allowed"], Value::Bool(true));
    let r = s.req("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews").json(&review).send();
    assert_eq!(r.json()["status"]["allowed"], Value::Bool(false));
}

const OPENSSL: &str = "/usr/bin/openssl";

/// A self-signed certificate for 127.0.0.1 and its key in `dir`; `None` (and a message) without openssl.
fn test_certificate(dir: &std::path::Path) -> Option<(PathBuf, PathBuf)> {
    if !std::path::Path::new(OPENSSL).exists() {
        eprintln!("SKIPPED: {OPENSSL} is missing (it makes the test certificate)");
        return None;
    }
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let made = Command::new(OPENSSL)
        .args(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1"])
        .args(["-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(made.success());
    Some((cert, key))
}

/// With `--tls-cert`/`--tls-key`, kubectl sends its token: the users of `--users` with their rules.
#[test]
fn tokens_over_tls() {
    let dir = temp_dir("kubectl-tls");
    let Some((cert, key)) = test_certificate(&dir) else { return };
    let users = dir.join("users.json");
    let rules = json!({"users": [
        {"token": "alice-token", "name": "alice", "groups": ["developers"],
         "rules": [{"verbs": ["get", "list"], "resources": ["imagetags"], "namespaces": ["demo"]}]}
    ]});
    std::fs::write(&users, rules.to_string()).unwrap();
    let s = Server::start(&[
        "--seed",
        "demo",
        "--users",
        users.to_str().unwrap(),
        "--tls-cert",
        cert.to_str().unwrap(),
        "--tls-key",
        key.to_str().unwrap(),
    ]);
    assert_eq!(s.scheme, "https");
    let Some(k) = Kubectl::new(&s) else { return };
    let alice = ["--insecure-skip-tls-verify", "--token", "alice-token"];
    fn with<'a>(alice: &[&'a str], args: &[&'a str]) -> Vec<&'a str> {
        [alice, args].concat()
    }
    assert!(k.ok(&with(&alice, &["get", "itag", "-n", "demo"])).contains("app:latest"));
    let err = k.fails(&with(&alice, &["delete", "itag", "app:latest", "-n", "demo"]), None);
    assert_eq!(
        err.trim(),
        "Error from server (Forbidden): imagetags.image.openshift.io \"app:latest\" is forbidden: User \"alice\" cannot delete resource \"imagetags\" in API group \"image.openshift.io\" in the namespace \"demo\""
    );
    let o = k.run(&with(&alice, &["auth", "can-i", "delete", "imagetags", "-n", "demo"]));
    assert_eq!((o.ok, o.stdout.trim()), (false, "no"));
    assert_eq!(k.ok(&with(&alice, &["auth", "can-i", "get", "itag", "-n", "demo"])).trim(), "yes");
    // A wrong token: 401, which kubectl words as for a cluster. (Without any credentials kubectl would
    // prompt for a user name and password instead.)
    let err = k.fails(&["--insecure-skip-tls-verify", "--token", "nope", "get", "itag", "-n", "demo"], None);
    assert!(err.contains("error: You must be logged in to the server (Unauthorized)"), "{err}");
}

/// A users file or a certificate that cannot be used stops start-up with a message, instead of a server
/// that lets everyone in.
#[test]
fn bad_users_files_and_certificates_stop_start_up() {
    let dir = temp_dir("kubectl-bad");
    let bad = dir.join("users.json");
    std::fs::write(&bad, r#"{"users": [{"token": "t", "name": "a", "rulez": []}]}"#).unwrap();
    let err = Server::try_start(&["--users", bad.to_str().unwrap()]).err().expect("refused");
    assert!(err.contains("the users file is not valid") && err.contains("rulez"), "{err}");
    let missing = dir.join("missing.json");
    let err = Server::try_start(&["--users", missing.to_str().unwrap()]).err().expect("refused");
    assert!(err.contains("cannot read"), "{err}");
    let err = Server::try_start(&["--tls-cert", bad.to_str().unwrap()]).err().expect("refused");
    assert!(err.contains("--tls-cert and --tls-key go together"), "{err}");
    let err = Server::try_start(&["--tls-cert", bad.to_str().unwrap(), "--tls-key", bad.to_str().unwrap()])
        .err()
        .expect("refused");
    assert!(err.contains("no certificate"), "{err}");
}

/// Over TLS as over plain HTTP, a request the HTTP parser refuses gets a `Status` body, and every answer
/// carries `nosniff`.
#[test]
fn tls_connections_keep_status_bodies_and_nosniff() {
    let dir = temp_dir("kubectl-tls-refusals");
    let Some((cert, key)) = test_certificate(&dir) else { return };
    let s =
        Server::start(&["--seed", "empty", "--tls-cert", cert.to_str().unwrap(), "--tls-key", key.to_str().unwrap()]);
    let over_tls = |request: &str| -> String {
        use std::io::Write;
        let mut c = Command::new(OPENSSL)
            .args(["s_client", "-quiet", "-connect", &s.addr])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        c.stdin.as_mut().unwrap().write_all(request.as_bytes()).unwrap();
        // The server closes the connection after its answer (Connection: close, or the refusal).
        let out = c.wait_with_output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let text = over_tls("GARBAGE\r\n\r\n");
    assert!(text.starts_with("HTTP/1.1 400 "), "{text}");
    assert!(text.to_ascii_lowercase().contains("\r\nx-content-type-options: nosniff\r\n"), "{text}");
    let body: Value = serde_json::from_str(text.split_once("\r\n\r\n").unwrap().1).expect("a Status body");
    assert_eq!((body["kind"].as_str(), body["reason"].as_str()), (Some("Status"), Some("BadRequest")));
    let text = over_tls("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assert!(text.starts_with("HTTP/1.1 200 "), "{text}");
    assert!(text.to_ascii_lowercase().contains("\r\nx-content-type-options: nosniff\r\n"), "{text}");
}

/// An access review is JSON or Kubernetes protobuf (what `kubectl auth can-i` sends); anything else, or
/// no content type at all, is 415 like every other write.
#[test]
fn access_reviews_take_json_or_protobuf_only() {
    let s = Server::start(&["--seed", "demo"]);
    let review = json!({"kind": "SelfSubjectAccessReview", "apiVersion": "authorization.k8s.io/v1",
        "spec": {"resourceAttributes": {"namespace": "demo", "verb": "get", "group": "image.openshift.io", "resource": "imagetags"}}});
    let at = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
    let r = s.req("POST", at).json(&review).send();
    assert_eq!(r.status, 201);
    assert_eq!(r.json()["status"]["allowed"], Value::Bool(true));
    for ct in [None, Some("text/plain"), Some("application/x-www-form-urlencoded")] {
        let mut req = s.req("POST", at).body(review.to_string());
        if let Some(ct) = ct {
            req = req.header("Content-Type", ct);
        }
        let r = req.send();
        assert_eq!((r.status, r.json()["reason"].as_str()), (415, Some("UnsupportedMediaType")), "{ct:?}");
    }
    // Protobuf that is not a review: 400, not 415.
    let r = s.req("POST", at).header("Content-Type", "application/vnd.kubernetes.protobuf").body("{}").send();
    assert_eq!(r.status, 400);
}
