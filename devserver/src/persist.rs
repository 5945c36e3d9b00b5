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

fn tmp_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "data".into());
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

/// Writes the state durably: when this returns `Ok`, the new content survives a crash or power loss.
pub fn save(path: &Path, state: &State) -> std::io::Result<()> {
    let bytes = serde_json::to_vec(state).map_err(std::io::Error::other)?;
    let tmp = tmp_path(path);
    {
        let mut f = OpenOptions::new().write(true).create(true).truncate(true).open(&tmp)?;
        f.write_all(&bytes)?;
        f.sync_all()?;
    }
    fs::rename(&tmp, path)?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    File::open(dir)?.sync_all()?;
    Ok(())
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
