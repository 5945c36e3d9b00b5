//! Test helpers: start the built devserver on a free port, and a minimal HTTP/1.1 client over
//! loopback (one connection per request, `Connection: close`).
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

pub struct Server {
    pub child: Child,
    pub addr: String,
    /// `https` with `--tls-cert` (the helper's own requests are plain HTTP: use another client then).
    pub scheme: &'static str,
    client: Client,
}

/// Sends requests to a server address (cheap to clone into threads).
#[derive(Clone)]
pub struct Client {
    pub addr: String,
}

impl std::ops::Deref for Server {
    type Target = Client;
    fn deref(&self) -> &Client {
        &self.client
    }
}

impl Server {
    /// Starts `imagetag-devserver --listen 127.0.0.1:0 <args>` and waits for its first line.
    pub fn start(args: &[&str]) -> Server {
        Self::try_start(args).expect("server starts")
    }

    /// Like `start`, but returns the stderr text when the process exits instead of listening.
    pub fn try_start(args: &[&str]) -> Result<Server, String> {
        Self::try_start_env(args, &[])
    }

    /// `try_start` with environment variables set for the server.
    pub fn try_start_env(args: &[&str], env: &[(&str, &str)]) -> Result<Server, String> {
        let mut child = Command::new(env!("CARGO_BIN_EXE_imagetag-devserver"))
            .arg("--listen")
            .arg("127.0.0.1:0")
            .args(args)
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn devserver");
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let line = line.trim();
        let (scheme, rest) = match line.strip_prefix("listening on https://") {
            Some(rest) => ("https", Some(rest)),
            None => ("http", line.strip_prefix("listening on http://")),
        };
        let Some(addr) = rest else {
            let _ = child.wait();
            let mut err = String::new();
            child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
            return Err(err);
        };
        // Drain stderr so the child never blocks on a full pipe.
        let mut stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            let mut sink = Vec::new();
            let _ = stderr.read_to_end(&mut sink);
        });
        Ok(Server { addr: addr.to_string(), scheme, child, client: Client { addr: addr.to_string() } })
    }

    pub fn url(&self) -> String {
        format!("{}://{}", self.scheme, self.addr)
    }

    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Client {
    pub fn req(&self, method: &str, path: &str) -> Req {
        Req { addr: self.addr.clone(), method: method.into(), path: path.into(), headers: Vec::new(), body: None }
    }

    pub fn get(&self, path: &str) -> Resp {
        self.req("GET", path).send()
    }
    pub fn post(&self, path: &str, body: &Value) -> Resp {
        self.req("POST", path).json(body).send()
    }
    pub fn put(&self, path: &str, body: &Value) -> Resp {
        self.req("PUT", path).json(body).send()
    }
    pub fn delete(&self, path: &str) -> Resp {
        self.req("DELETE", path).send()
    }
    pub fn patch(&self, path: &str, content_type: &str, body: &Value) -> Resp {
        self.req("PATCH", path).header("Content-Type", content_type).body(body.to_string()).send()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

pub struct Req {
    addr: String,
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Option<Vec<u8>>,
}

impl Req {
    pub fn header(mut self, k: &str, v: &str) -> Req {
        self.headers.push((k.into(), v.into()));
        self
    }
    pub fn body(mut self, b: impl Into<Vec<u8>>) -> Req {
        self.body = Some(b.into());
        self
    }
    pub fn json(self, v: &Value) -> Req {
        self.header("Content-Type", "application/json").body(v.to_string())
    }
    pub fn send(self) -> Resp {
        self.try_send().expect("request answered")
    }
    /// `Err` when the connection closed without an answer.
    pub fn try_send(self) -> Result<Resp, String> {
        let mut s = TcpStream::connect(&self.addr).map_err(|e| e.to_string())?;
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let mut head =
            format!("{} {} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n", self.method, self.path, self.addr);
        for (k, v) in &self.headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        if let Some(b) = &self.body {
            head.push_str(&format!("Content-Length: {}\r\n", b.len()));
        }
        head.push_str("\r\n");
        s.write_all(head.as_bytes()).map_err(|e| e.to_string())?;
        if let Some(b) = &self.body {
            // The server may answer (413) and close before reading everything.
            let _ = s.write_all(b);
        }
        let mut raw = Vec::new();
        let _ = s.read_to_end(&mut raw);
        parse_response(&raw)
    }
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn header(&self, k: &str) -> Option<String> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(k)).map(|(_, v)| v.clone())
    }
}

fn parse_response(raw: &[u8]) -> Result<Resp, String> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or("connection closed without an answer")?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status: u16 =
        lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|c| c.parse().ok()).ok_or("bad status line")?;
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(':').map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))).collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers.iter().any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        let mut out = Vec::new();
        let mut rest = &body[..];
        while let Some(i) = rest.windows(2).position(|w| w == b"\r\n") {
            let n = usize::from_str_radix(String::from_utf8_lossy(&rest[..i]).trim(), 16).unwrap_or(0);
            if n == 0 {
                break;
            }
            out.extend_from_slice(&rest[i + 2..i + 2 + n]);
            rest = &rest[i + 2 + n + 2..];
        }
        body = out;
    }
    Ok(Resp { status, headers, body })
}

pub const NS: &str = "/apis/image.openshift.io/v1/namespaces";

/// `/apis/image.openshift.io/v1/namespaces/<ns>/imagetags[/<name>]`
pub fn path(ns: &str, name: Option<&str>) -> String {
    match name {
        Some(n) => format!("{NS}/{ns}/imagetags/{n}"),
        None => format!("{NS}/{ns}/imagetags"),
    }
}

/// A fresh temporary directory.
pub fn temp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "imagetag-devserver-{tag}-{}-{}",
        std::process::id(),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
    ));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A minimal ImageTag body tracking a DockerImage.
pub fn docker_tag(name: &str, from: &str) -> Value {
    serde_json::json!({
        "kind": "ImageTag",
        "apiVersion": "image.openshift.io/v1",
        "metadata": {"name": name},
        "spec": {"from": {"kind": "DockerImage", "name": from}}
    })
}

/// Asserts a Failure Status: code, reason, message and (when given) details.
pub fn assert_status(r: &Resp, code: u16, reason: &str, message: &str, details: Option<Value>) {
    assert_eq!(r.status, code, "HTTP code; body: {}", r.text());
    let v = r.json();
    assert_eq!(v["kind"], "Status", "{v}");
    assert_eq!(v["apiVersion"], "v1");
    assert_eq!(v["status"], "Failure");
    assert_eq!(v["code"], code);
    assert_eq!(v["reason"], reason, "{v}");
    assert_eq!(v["message"], message, "{v}");
    match details {
        Some(d) => assert_eq!(v["details"], d, "details of {v}"),
        None => {
            assert!(v.get("details").is_none() || v["details"] == serde_json::json!({}), "no details expected: {v}")
        }
    }
}
