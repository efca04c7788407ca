//! Where the profiles file lives, and moving a bad one aside.

use std::io;
use std::path::{Path, PathBuf};

use super::error::StoreError;

/// The profiles file's name inside the config folder.
pub const FILE_NAME: &str = "profiles.toml";

/// The folder: the one given (`--config-dir`, `REAUTH_LINK_CONFIG_DIR`) or the platform's
/// config folder for reauth-link (`~/.config/reauth-link` on Linux).
pub fn config_dir(given: Option<&Path>) -> Result<PathBuf, StoreError> {
    if let Some(dir) = given {
        return Ok(dir.to_owned());
    }
    directories::ProjectDirs::from("", "", "reauth-link")
        .map(|dirs| dirs.config_dir().to_owned())
        .ok_or(StoreError::NoConfigDir)
}

/// The previous version, kept beside the file by every save.
pub fn backup_path(path: &Path) -> PathBuf {
    with_suffix(path, ".bak")
}

/// Held (advisory lock) while a save reads, compares and replaces the file. A separate file,
/// because the profiles file itself is replaced by rename and a lock on it would be lost.
pub fn lock_path(path: &Path) -> PathBuf {
    with_suffix(path, ".lock")
}

/// Renames an unusable file (or folder) to `<name>.bad-<n>` with the first free `n`, never
/// replacing anything, and returns the new path.
pub fn move_aside(path: &Path) -> Result<PathBuf, StoreError> {
    let fail = |source| StoreError::MoveAside {
        path: path.to_owned(),
        source,
    };
    for counter in 1..10_000 {
        let target = with_suffix(path, &format!(".bad-{counter}"));
        match rename_without_replacing(path, &target) {
            Ok(()) => return Ok(target),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(fail(error)),
        }
    }
    Err(fail(io::Error::other(
        "every name up to .bad-9999 is taken: clean up the old ones",
    )))
}

/// A hard link cannot replace an existing name, so a file is linked then unlinked; a folder
/// cannot be hard-linked, so its target name is checked first (a folder where the file
/// should be is rare and not written to concurrently).
fn rename_without_replacing(from: &Path, to: &Path) -> io::Result<()> {
    if std::fs::symlink_metadata(from)?.is_dir() {
        if std::fs::symlink_metadata(to).is_ok() {
            return Err(io::ErrorKind::AlreadyExists.into());
        }
        return std::fs::rename(from, to);
    }
    std::fs::hard_link(from, to)?;
    std::fs::remove_file(from)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}
