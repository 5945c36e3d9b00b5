//! `--data FILE`: the whole state as one JSON file, replaced atomically on every acknowledged write
//! (temporary file, fsync, rename, fsync of the directory).

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::store::State;

/// Loads the file: `Ok(None)` when it does not exist, `Err` with a clear message when it cannot be read
/// or is not a state file (the caller refuses to start rather than overwrite it).
pub fn load(path: &Path) -> Result<Option<State>, String> {
    let text = match fs::read(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read data file {}: {e}", path.display())),
    };
    let state: State = serde_json::from_slice(&text).map_err(|e| {
        format!(
            "data file {} is corrupt ({e}); refusing to start so that it is not overwritten: move it away or fix it",
            path.display()
        )
    })?;
    if state.format != 1 {
        return Err(format!("data file {} has unknown format {}; refusing to start", path.display(), state.format));
    }
    Ok(Some(state))
}

fn tmp_prefix(path: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "data".into());
    format!(".{name}.tmp-")
}

fn tmp_path(path: &Path) -> PathBuf {
    path.with_file_name(format!("{}{}", tmp_prefix(path), std::process::id()))
}

/// Removes temporary files a crashed earlier run left next to the data file (`.<name>.tmp-<pid>`): they
/// never hold anything acknowledged, and on a full disk they would take the room the next write needs.
pub fn remove_stale_temporaries(path: &Path) {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let prefix = tmp_prefix(path);
    let Ok(entries) = fs::read_dir(&dir) else { return };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.strip_prefix(&prefix).is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())) {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Writes the state durably: when this returns `Ok`, the new content survives a crash or power loss.
/// On failure (disk full, read-only file system, …) the data file is untouched and no temporary file
/// is left behind.
pub fn save(path: &Path, state: &State) -> std::io::Result<()> {
    save_bytes(path, &serde_json::to_vec(state).map_err(std::io::Error::other)?)
}

/// `save` of a state already serialized.
pub fn save_bytes(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    slow_save_hook();
    let tmp = tmp_path(path);
    let written = (|| {
        let mut f = OpenOptions::new().write(true).create(true).truncate(true).open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        crash_point("before-rename");
        fs::rename(&tmp, path)
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    crash_point("after-rename");
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    File::open(dir)?.sync_all()?;
    Ok(())
}

/// A testing hook: `IMAGETAG_DEVSERVER_SLOW_SAVE_MS=<n>` makes every save take n ms longer (a slow disk),
/// so tests can check that readers do not wait for a save. Unset, it does nothing.
fn slow_save_hook() {
    if let Some(ms) = std::env::var("IMAGETAG_DEVSERVER_SLOW_SAVE_MS").ok().and_then(|v| v.parse().ok()) {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

/// A testing hook for the crash windows of `save`: with `IMAGETAG_DEVSERVER_CRASH_AT=<stage>:<n>` the
/// process aborts (as abruptly as a SIGKILL) at `stage` (`before-rename`: the temporary file is written
/// and synced; `after-rename`: the new file is in place, the directory not yet synced) of its n-th save
/// (1-based, counting the first write of a new data file). Unset, it does nothing.
fn crash_point(stage: &str) {
    use std::sync::atomic::{AtomicU64, Ordering};
    static SAVES: AtomicU64 = AtomicU64::new(0);
    let Ok(spec) = std::env::var("IMAGETAG_DEVSERVER_CRASH_AT") else { return };
    let n =
        if stage == "before-rename" { SAVES.fetch_add(1, Ordering::SeqCst) + 1 } else { SAVES.load(Ordering::SeqCst) };
    if spec.split_once(':').is_some_and(|(s, at)| s == stage && at.parse() == Ok(n)) {
        eprintln!("imagetag-devserver: IMAGETAG_DEVSERVER_CRASH_AT={spec}: aborting");
        std::process::abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_corrupt() {
        let dir = std::env::temp_dir().join(format!("imagetag-persist-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let p = dir.join("state.json");
        let _ = fs::remove_file(&p);
        assert!(load(&p).unwrap().is_none());
        let mut s = State::new(7);
        s.resource_version = 42;
        save(&p, &s).unwrap();
        assert_eq!(load(&p).unwrap().unwrap().resource_version, 42);
        fs::write(&p, b"{\"format\": 1, \"resourceVe").unwrap();
        assert!(load(&p).unwrap_err().contains("is corrupt"));
        fs::remove_dir_all(&dir).unwrap();
    }
}
