//! The command line (clap): every flag, its default and its `--help` text. `Config` is what the server runs
//! with; tests and the Node harness start the binary with these flags.

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Parser;

/// Request bodies larger than this get 413 (the Kubernetes API server's limit).
pub const BODY_LIMIT: usize = 3 * 1024 * 1024;

/// Default of `--read-timeout`: the time a client has to send a request's headers (also how long an
/// idle connection is kept), and again its whole body.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// Default of `--state-limit`: the serialized size of everything stored (streams, images, registry).
pub const DEFAULT_STATE_LIMIT: usize = 64 * 1024 * 1024;

/// When the simulated import controller runs after a write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Imports {
    /// Right after the write, before the response is sent (the response shows the pending state).
    Immediate,
    /// In the background, this many milliseconds after the write.
    Delay(u64),
    /// Only through `POST /simulator/v1/import`.
    Manual,
}

fn parse_seed(v: &str) -> Result<String, String> {
    match v {
        "demo" | "empty" => Ok(v.to_string()),
        _ => Err(format!("--seed must be demo or empty, not {v:?}")),
    }
}

fn parse_upstream(v: &str) -> Result<String, String> {
    if v.starts_with("http://") || v.starts_with("https://") {
        Ok(v.to_string())
    } else {
        Err(format!("--upstream must be an http:// or https:// URL, not {v:?}"))
    }
}

fn parse_imports(v: &str) -> Result<Imports, String> {
    match v {
        "manual" => Ok(Imports::Manual),
        "0" => Ok(Imports::Immediate),
        n => n
            .parse()
            .map(Imports::Delay)
            .map_err(|_| format!("--import-delay must be milliseconds or manual, not {n:?}")),
    }
}

fn parse_millis(v: &str) -> Result<Duration, String> {
    match v.parse::<u64>() {
        Ok(ms) if ms > 0 => Ok(Duration::from_millis(ms)),
        _ => Err(format!("--read-timeout must be a positive number of milliseconds, not {v:?}")),
    }
}

/// How `--seed demo` is dated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SeedDates {
    /// Relative to the server's start: the newest events minutes to hours old, as written.
    Now,
    /// The fixed 2025 dates of the examples (tests that compare with them).
    Original,
}

/// A local imagetags API (image.openshift.io/v1) that behaves like an OpenShift API server, with a
/// simulated import controller and registry, and the demo page on the same origin.
#[derive(Clone, Debug, Parser)]
#[command(name = "imagetag-devserver", version)]
pub struct Config {
    /// Address to listen on; port 0 picks a free port. The first line of standard output is
    /// `listening on http://ADDR`.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// Persist the state in this JSON file (every acknowledged write is on disk before its answer). The
    /// file is locked: a second server on the same file refuses to start.
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,
    /// Initial content when there is no data file yet (default: demo in memory, empty for a new --data file).
    #[arg(long, value_name = "demo|empty", value_parser = parse_seed)]
    pub seed: Option<String>,
    /// How the demo seed is dated: relative to the server's start, or the examples' original dates.
    #[arg(long, value_enum, value_name = "now|original", default_value = "now")]
    pub seed_dates: SeedDates,
    /// Static files served at / (the demo page).
    #[arg(long, value_name = "DIR", default_value = "www")]
    pub www: PathBuf,
    /// Callers of the API and the simulator must send `Authorization: Bearer TOKEN`. It authenticates
    /// callers of this server only and is never sent upstream.
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,
    /// Users, each with a bearer token, a name, groups and rules (verbs x resources x namespaces), as JSON
    /// (see devserver/README.md). Joins --token, whose user may do everything. An unknown or missing token
    /// gets 401, a request the rules do not allow 403.
    #[arg(long, value_name = "FILE")]
    pub users: Option<PathBuf>,
    /// Serve HTTPS with this PEM certificate chain (together with --tls-key). kubectl sends a token only to
    /// a TLS server.
    #[arg(long, value_name = "FILE")]
    pub tls_cert: Option<PathBuf>,
    /// The PEM private key of --tls-cert.
    #[arg(long, value_name = "FILE")]
    pub tls_key: Option<PathBuf>,
    /// Answer CORS preflights and add CORS headers for this origin (`*` allowed).
    #[arg(long, value_name = "ORIGIN")]
    pub cors_origin: Option<String>,
    /// Forward the API (/api, /apis, /version, /openapi) to this cluster (http:// or https://).
    #[arg(long, value_name = "URL", value_parser = parse_upstream)]
    pub upstream: Option<String>,
    /// The bearer token sent to --upstream. Without it, the caller's own Authorization is passed through,
    /// but only when this server has no --token of its own.
    #[arg(long, value_name = "TOKEN")]
    pub upstream_token: Option<String>,
    /// A host name the Host header may carry besides loopback names and IP addresses (repeatable), for
    /// a server reached under another name. Other names get 403 (DNS rebinding).
    #[arg(long = "allowed-host", value_name = "NAME")]
    pub allowed_hosts: Vec<String>,
    /// When the simulated import controller runs after a write: 0 (right after it), a delay in
    /// milliseconds, or manual (only through POST /simulator/v1/import).
    #[arg(long = "import-delay", value_name = "MS|manual", default_value = "0", value_parser = parse_imports)]
    pub imports: Imports,
    /// Milliseconds a client has to send a request's headers, and again its whole body.
    #[arg(long, value_name = "MS", default_value = "30000", value_parser = parse_millis)]
    pub read_timeout: Duration,
    /// Largest serialized size of the whole stored state, in bytes; a write beyond it is refused.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_STATE_LIMIT)]
    pub state_limit: usize,
}

impl Config {
    /// The defaults, as if started without flags.
    pub fn defaults() -> Config {
        Config::parse_from(["imagetag-devserver"])
    }

    /// `--tls-cert` and `--tls-key`: both or neither.
    pub fn tls(&self) -> Result<Option<(&Path, &Path)>, String> {
        match (&self.tls_cert, &self.tls_key) {
            (Some(c), Some(k)) => Ok(Some((c, k))),
            (None, None) => Ok(None),
            _ => Err("--tls-cert and --tls-key go together".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn flags_and_defaults() {
        Config::command().debug_assert();
        let c = Config::defaults();
        assert_eq!(c.listen, "127.0.0.1:8080");
        assert_eq!(c.www, PathBuf::from("www"));
        assert_eq!(c.imports, Imports::Immediate);
        assert_eq!(c.read_timeout, DEFAULT_READ_TIMEOUT);
        let c =
            Config::try_parse_from(["x", "--import-delay=manual", "--seed", "empty", "--read-timeout", "5"]).unwrap();
        assert_eq!(
            (c.imports, c.seed.as_deref(), c.read_timeout),
            (Imports::Manual, Some("empty"), Duration::from_millis(5))
        );
        assert!(Config::try_parse_from(["x", "--read-timeout", "0"]).is_err());
        assert!(Config::try_parse_from(["x", "--upstream", "ftp://x"]).is_err());
        assert_eq!(c.tls(), Ok(None));
        let c = Config::try_parse_from(["x", "--tls-cert", "c.pem", "--users", "u.json"]).unwrap();
        assert_eq!(c.users, Some(PathBuf::from("u.json")));
        assert!(c.tls().unwrap_err().contains("go together"));
        let c = Config::try_parse_from(["x", "--tls-cert", "c.pem", "--tls-key", "k.pem"]).unwrap();
        assert_eq!(c.tls(), Ok(Some((Path::new("c.pem"), Path::new("k.pem")))));
    }
}
