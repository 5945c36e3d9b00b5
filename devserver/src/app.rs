//! The running server's state: the store behind one published snapshot, the writers' queue, persistence,
//! the fault queue and the upstream client.
//!
//! Readers take the published `Arc<State>` and never wait for a save. Writers are serialized by their own
//! lock: each works on a copy, checks the size limits, saves it (`--data`: fsync'd before anything else
//! happens) and only then publishes it. So an answer, a reader or a later writer only ever sees state that
//! is on disk, and a write that cannot be stored leaves nothing behind.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use imagetag::Status;

use crate::auth::Auth;
use crate::config::{Config, Imports, SeedDates};
use crate::errors;
use crate::faults::Faults;
use crate::http::{reply, Out, Resp};
use crate::persist;
use crate::seed;
use crate::store::State;
use crate::time;
use crate::upstream::{self, HttpsClient};

/// Largest serialized image stream: etcd's request size limit (1.5 MiB), which is what bounds one object
/// on a real cluster.
pub const OBJECT_LIMIT: usize = 3 * 512 * 1024;

pub struct App {
    pub cfg: Config,
    /// The published state: what readers see, and (with `--data`) what the file holds.
    state: Mutex<Arc<State>>,
    /// Held by one writer at a time, from its read of the state to its publication.
    writer: Mutex<()>,
    pub faults: Mutex<Faults>,
    pub client: Option<HttpsClient>,
    /// Who may do what: `--token` and `--users`.
    pub auth: Auth,
    /// The exclusive lock on the data file, held as long as the server runs.
    _data_lock: Option<File>,
}

fn fresh_seed() -> u64 {
    let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    (t as u64) ^ ((std::process::id() as u64) << 32)
}

/// A seed's state; the demo is dated relative to now unless `--seed-dates original`.
pub fn seeded(name: &str, cfg: &Config) -> Result<State, String> {
    match name {
        "demo" if cfg.seed_dates == SeedDates::Original => Ok(seed::demo()),
        "demo" => Ok(seed::demo_at(time::now_secs())),
        "empty" => Ok(seed::empty(fresh_seed())),
        other => Err(format!("unknown seed {other:?}: use demo or empty")),
    }
}

/// `.<name>.lock` next to the data file (the data file itself is replaced on every save, so it cannot carry
/// the lock).
fn lock_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "data".into());
    path.with_file_name(format!(".{name}.lock"))
}

/// Takes the exclusive lock on a data file, or says who holds it.
pub fn lock_data_file(path: &Path) -> Result<File, String> {
    let lp = lock_path(path);
    // Created, then held open read-only: a file open for writing would keep its file system from being
    // remounted read-only, and flock does not need write access.
    let f = File::options().append(true).create(true).open(&lp).and_then(|_| File::open(&lp)).map_err(|e| {
        format!("cannot write data file {}: its lock file {} cannot be created: {e}", path.display(), lp.display())
    })?;
    match f.try_lock() {
        Ok(()) => Ok(f),
        Err(std::fs::TryLockError::WouldBlock) => Err(format!(
            "data file {} is in use by another imagetag-devserver (it holds {}); refusing to start: two servers on one file would lose writes",
            path.display(),
            lp.display()
        )),
        Err(std::fs::TryLockError::Error(e)) => Err(format!("cannot lock {}: {e}", lp.display())),
    }
}

/// The state to start with: the data file if it exists, else the seed.
pub fn initial_state(cfg: &Config) -> Result<State, String> {
    match &cfg.data {
        Some(path) => match persist::load(path).inspect(|_| persist::remove_stale_temporaries(path))? {
            Some(st) => Ok(st),
            None => {
                let st = seeded(cfg.seed.as_deref().unwrap_or("empty"), cfg)?;
                persist::save(path, &st).map_err(|e| format!("cannot write data file {}: {e}", path.display()))?;
                Ok(st)
            }
        },
        None => seeded(cfg.seed.as_deref().unwrap_or("demo"), cfg),
    }
}

impl App {
    /// Reads the users file, locks the data file, loads or seeds the state.
    pub fn new(cfg: Config) -> Result<App, String> {
        let auth = Auth::load(cfg.token.as_deref(), cfg.users.as_deref())?;
        let data_lock = cfg.data.as_deref().map(lock_data_file).transpose()?;
        let state = initial_state(&cfg)?;
        let client = cfg.upstream.as_ref().map(|_| upstream::https_client());
        Ok(App {
            cfg,
            state: Mutex::new(Arc::new(state)),
            writer: Mutex::new(()),
            faults: Mutex::new(Faults::default()),
            client,
            auth,
            _data_lock: data_lock,
        })
    }

    /// The published state.
    pub fn snapshot(&self) -> Arc<State> {
        self.state.lock().unwrap().clone()
    }

    /// Checks the size limits of a changed state, saves it and publishes it; on any failure nothing is
    /// published and the write fails with a `Status`.
    fn commit(&self, mut next: State, touched: Option<&(String, String)>) -> Result<(), Status> {
        if let Some((ns, stream)) = touched {
            let size = next.stream(ns, stream).map(|s| serde_json::to_vec(s).map(|b| b.len()).unwrap_or(0));
            if size.is_some_and(|n| n > OBJECT_LIMIT) {
                return Err(errors::object_too_large());
            }
        }
        let bytes = serde_json::to_vec(&next).map_err(|e| errors::internal(e.to_string()))?;
        if bytes.len() > self.cfg.state_limit {
            return Err(errors::state_full(self.cfg.state_limit));
        }
        if let Some(path) = &self.cfg.data {
            persist::save_bytes(path, &bytes)
                .map_err(|e| errors::internal(format!("the change could not be stored: {e}")))?;
        }
        next.dirty = false;
        *self.state.lock().unwrap() = Arc::new(next);
        Ok(())
    }
}

/// Runs a read on the published state, on a blocking thread.
pub async fn read<F>(app: &Arc<App>, f: F) -> Resp
where
    F: FnOnce(&State) -> Result<Out, Status> + Send + 'static,
{
    let st = app.snapshot();
    let r = tokio::task::spawn_blocking(move || f(&st))
        .await
        .unwrap_or_else(|e| Err(errors::internal(format!("internal error: {e}"))));
    reply(r)
}

/// Runs a write: on a copy of the state (discarded for `dryRun=All`), then the import controller for the
/// stream that was written (`target`), then the limits and the save. The answer leaves only after the
/// data is on disk.
pub async fn write<F>(app: &Arc<App>, dry_run: bool, target: Option<(String, String)>, f: F) -> Resp
where
    F: FnOnce(&mut State, i64) -> Result<Out, Status> + Send + 'static,
{
    let app2 = app.clone();
    let target2 = target.clone();
    let r = tokio::task::spawn_blocking(move || {
        let _writer = app2.writer.lock().unwrap();
        let now = time::now_secs();
        let mut next = (*app2.snapshot()).clone();
        let res = f(&mut next, now)?;
        if dry_run {
            return Ok(res);
        }
        if app2.cfg.imports == Imports::Immediate {
            if let Some((ns, stream)) = &target2 {
                next.run_imports(Some(ns), Some(stream), false, now);
            }
        }
        if next.dirty {
            app2.commit(next, target2.as_ref())?;
        }
        Ok(res)
    })
    .await
    .unwrap_or_else(|e| Err(errors::internal(format!("internal error: {e}"))));
    if let (true, Imports::Delay(ms), Some((ns, stream))) = (r.is_ok() && !dry_run, app.cfg.imports, target) {
        let app = app.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            let _ = tokio::task::spawn_blocking(move || {
                let _writer = app.writer.lock().unwrap();
                let mut next = (*app.snapshot()).clone();
                next.run_imports(Some(&ns), Some(&stream), false, time::now_secs());
                if next.dirty {
                    let _ = app.commit(next, None);
                }
            })
            .await;
        });
    }
    reply(r)
}
