use std::path::PathBuf;

use imagetag_devserver::server::{self, Config, Imports};

const USAGE: &str =
    "usage: imagetag-devserver [--listen 127.0.0.1:8080] [--data FILE] [--seed demo|empty] [--www DIR] \
[--token TOKEN] [--users FILE] [--tls-cert FILE --tls-key FILE] [--cors-origin ORIGIN] [--upstream URL] [--import-delay MS|manual] [--read-timeout MS]";

fn parse_args() -> Result<Config, String> {
    let mut cfg = Config {
        listen: "127.0.0.1:8080".into(),
        data: None,
        seed: None,
        www: PathBuf::from("www"),
        token: None,
        users: None,
        tls: None,
        cors_origin: None,
        upstream: None,
        imports: Imports::Immediate,
        read_timeout: server::DEFAULT_READ_TIMEOUT,
    };
    let (mut tls_cert, mut tls_key) = (None, None);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (a.clone(), None),
        };
        if flag == "--help" || flag == "-h" {
            println!("{USAGE}");
            std::process::exit(0);
        }
        let mut value =
            || inline.clone().or_else(|| args.next()).ok_or_else(|| format!("{flag} needs a value\n{USAGE}"));
        match flag.as_str() {
            "--listen" => cfg.listen = value()?,
            "--data" => cfg.data = Some(PathBuf::from(value()?)),
            "--seed" => {
                let v = value()?;
                if v != "demo" && v != "empty" {
                    return Err(format!("--seed must be demo or empty, not {v:?}"));
                }
                cfg.seed = Some(v);
            }
            "--www" => cfg.www = PathBuf::from(value()?),
            "--token" => cfg.token = Some(value()?),
            "--users" => cfg.users = Some(PathBuf::from(value()?)),
            "--tls-cert" => tls_cert = Some(PathBuf::from(value()?)),
            "--tls-key" => tls_key = Some(PathBuf::from(value()?)),
            "--cors-origin" => cfg.cors_origin = Some(value()?),
            "--upstream" => {
                let v = value()?;
                if !(v.starts_with("http://") || v.starts_with("https://")) {
                    return Err(format!("--upstream must be an http:// or https:// URL, not {v:?}"));
                }
                cfg.upstream = Some(v);
            }
            "--import-delay" => {
                let v = value()?;
                cfg.imports = match v.as_str() {
                    "manual" => Imports::Manual,
                    "0" => Imports::Immediate,
                    n => Imports::Delay(
                        n.parse().map_err(|_| format!("--import-delay must be milliseconds or manual, not {n:?}"))?,
                    ),
                };
            }
            "--read-timeout" => {
                let v = value()?;
                cfg.read_timeout = match v.parse::<u64>() {
                    Ok(ms) if ms > 0 => std::time::Duration::from_millis(ms),
                    _ => return Err(format!("--read-timeout must be a positive number of milliseconds, not {v:?}")),
                };
            }
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    cfg.tls = match (tls_cert, tls_key) {
        (Some(c), Some(k)) => Some((c, k)),
        (None, None) => None,
        _ => return Err(format!("--tls-cert and --tls-key go together\n{USAGE}")),
    };
    Ok(cfg)
}

fn main() {
    let cfg = match parse_args() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("imagetag-devserver: {e}");
            std::process::exit(2);
        }
    };
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("tokio runtime");
    if let Err(e) = rt.block_on(server::run(cfg)) {
        eprintln!("imagetag-devserver: {e}");
        std::process::exit(1);
    }
}
