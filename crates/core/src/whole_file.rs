//! The one way this tool writes a file (profiles, their backup, exports, batch output):
//! the bytes go to a temporary file beside the target, are flushed to disk, and the
//! temporary file is renamed over the target; then the folder is flushed so the rename
//! itself survives a power cut. A crash at any moment leaves the old file or the new one,
//! never half of one. A missing folder is created, and its own folder flushed, first.
//!
//! Temporary files are named `.<file name>.<random>.tmp` and readable by the owner only:
//! a process killed mid-write leaves only names `remove_stale_temps` recognises.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

const TEMP_SUFFIX: &str = ".tmp";

/// Which step of writing a whole file failed, and the system's reason.
#[derive(Debug, thiserror::Error)]
#[error("{step}: {source}")]
pub struct FileError {
    pub step: &'static str,
    #[source]
    pub source: io::Error,
}

/// Where writing the whole file failed: a file step, or the caller's own writing.
#[derive(Debug)]
pub enum WholeFileError<E> {
    File(FileError),
    Write(E),
}

impl<E: std::fmt::Display> std::fmt::Display for WholeFileError<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WholeFileError::File(error) => error.fmt(f),
            WholeFileError::Write(error) => error.fmt(f),
        }
    }
}

/// Replaces `path` with exactly `bytes`.
pub fn write_whole_file(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    write_whole_file_with(path, |file| file.write_all(bytes)).map_err(|error| match error {
        WholeFileError::File(error) => error,
        WholeFileError::Write(source) => FileError {
            step: "cannot write the temporary file",
            source,
        },
    })
}

/// Runs `write` on a temporary file beside `path` (for output streamed row by row), then
/// puts it in place. When `write` fails, the old file stays and the temporary one goes.
pub fn write_whole_file_with<T, E>(
    path: &Path,
    write: impl FnOnce(&mut File) -> Result<T, E>,
) -> Result<T, WholeFileError<E>> {
    let fail = |step: &'static str| move |source| WholeFileError::File(FileError { step, source });
    let folder = parent(path);
    create_folder(folder).map_err(fail("cannot create its folder"))?;
    let mut temp = temp_builder(&temp_prefix(path))
        .tempfile_in(folder)
        .map_err(fail("cannot create a temporary file beside it"))?;
    let mut unfinished = Unfinished::register(temp.path());
    let written = write(temp.as_file_mut()).map_err(WholeFileError::Write)?;
    temp.as_file_mut()
        .flush()
        .and_then(|()| temp.as_file().sync_all())
        .map_err(fail("cannot flush the temporary file to disk"))?;
    {
        // Held across the rename: an interrupted process either removes the temporary
        // file before it is renamed, or finds the write finished.
        let mut writes = unfinished_writes();
        temp.persist(path)
            .map_err(|error| fail("cannot rename the temporary file over it")(error.error))?;
        unfinished.finish(&mut writes);
    }
    sync_folder(folder).map_err(fail("cannot flush the folder to disk"))?;
    Ok(written)
}

/// The temporary files being written now, so that a process interrupted by a signal can
/// remove them on its way out (the writes themselves never finish then).
static UNFINISHED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn unfinished_writes() -> MutexGuard<'static, Vec<PathBuf>> {
    // A panic elsewhere while holding it leaves the list as good as it was.
    UNFINISHED.lock().unwrap_or_else(PoisonError::into_inner)
}

/// One temporary file in `UNFINISHED`; dropped without `finish` (the write failed and
/// `tempfile` removes the file), it leaves the list all the same.
struct Unfinished {
    /// `None` once finished.
    path: Option<PathBuf>,
}

impl Unfinished {
    fn register(path: &Path) -> Self {
        unfinished_writes().push(path.to_owned());
        Self {
            path: Some(path.to_owned()),
        }
    }

    /// Takes the file off the list the caller holds.
    fn finish(&mut self, writes: &mut Vec<PathBuf>) {
        if let Some(finished) = self.path.take() {
            writes.retain(|path| *path != finished);
        }
    }
}

impl Drop for Unfinished {
    fn drop(&mut self) {
        if let Some(abandoned) = self.path.take() {
            unfinished_writes().retain(|path| *path != abandoned);
        }
    }
}

/// For a process about to exit on a signal: removes the temporary file of every write
/// not yet in place, and returns holding the list, so that none is renamed into place
/// before the process is gone. The files written over stay as they were.
pub fn abandon_unfinished_writes() -> MutexGuard<'static, Vec<PathBuf>> {
    let mut writes = unfinished_writes();
    for path in writes.drain(..) {
        // Already gone is as good as removed.
        let _ = std::fs::remove_file(path);
    }
    writes
}

/// Temporary files left by a process killed mid-write. Call it only where no other write
/// to the same file can be running (the profiles store does, under its lock).
pub fn remove_stale_temps(path: &Path) {
    let prefix = temp_prefix(path);
    let Ok(entries) = std::fs::read_dir(parent(path)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&prefix) && name.ends_with(TEMP_SUFFIX) {
            // Left behind is harmless; the next save tries again.
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The folder a file is in; `.` for a bare file name.
pub fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    }
}

fn temp_prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |name| name.to_string_lossy());
    format!(".{name}.")
}

fn temp_builder(prefix: &str) -> tempfile::Builder<'_, 'static> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix).suffix(TEMP_SUFFIX);
    owner_only(&mut builder);
    builder
}

/// Creates the missing folders, then flushes the folder each was made in, so a new folder
/// (and with it the file) survives a power cut too.
pub fn create_folder(folder: &Path) -> io::Result<()> {
    if folder.is_dir() {
        return Ok(());
    }
    let missing: Vec<&Path> = folder
        .ancestors()
        .take_while(|ancestor| !ancestor.as_os_str().is_empty() && !ancestor.is_dir())
        .collect();
    std::fs::create_dir_all(folder)?;
    for created in missing.iter().rev() {
        sync_folder(parent(created))?;
    }
    Ok(())
}

#[cfg(unix)]
fn owner_only(builder: &mut tempfile::Builder<'_, '_>) {
    use std::os::unix::fs::PermissionsExt;
    builder.permissions(std::fs::Permissions::from_mode(0o600));
}

#[cfg(not(unix))]
fn owner_only(_builder: &mut tempfile::Builder<'_, '_>) {}

#[cfg(unix)]
fn sync_folder(folder: &Path) -> io::Result<()> {
    File::open(folder)?.sync_all()
}

/// Windows cannot open a folder as a file; its rename is already durable once it returns.
#[cfg(not(unix))]
fn sync_folder(_folder: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(folder: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(folder)
            .expect("lists")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary_one() {
        let folder = tempfile::tempdir().expect("temp dir");
        let path = folder.path().join("links.csv");
        std::fs::write(&path, "the old export\n").expect("writes");
        let outcome = write_whole_file_with(&path, |file| {
            file.write_all(b"half a row").map_err(|e| e.to_string())?;
            Err::<(), _>("the input broke off".to_owned())
        });
        assert!(
            matches!(outcome, Err(WholeFileError::Write(reason)) if reason == "the input broke off")
        );
        assert_eq!(
            std::fs::read_to_string(&path).expect("reads"),
            "the old export\n"
        );
        assert_eq!(
            names(folder.path()),
            ["links.csv"],
            "the temporary file is gone"
        );
    }

    #[test]
    fn a_finished_write_replaces_the_file_and_returns_what_write_returned() {
        let folder = tempfile::tempdir().expect("temp dir");
        let path = folder.path().join("links.csv");
        std::fs::write(&path, "the old export\n").expect("writes");
        let rows = write_whole_file_with(&path, |file| file.write_all(b"vehicle_id\n").map(|()| 1))
            .expect("writes");
        assert_eq!(rows, 1);
        assert_eq!(
            std::fs::read_to_string(&path).expect("reads"),
            "vehicle_id\n"
        );
        assert_eq!(names(folder.path()), ["links.csv"]);
    }

    #[test]
    fn missing_folders_are_created() {
        let folder = tempfile::tempdir().expect("temp dir");
        let path = folder.path().join("a").join("b").join("profiles.toml");
        write_whole_file(&path, b"x = 1\n").expect("writes");
        assert_eq!(std::fs::read(&path).expect("reads"), b"x = 1\n");
    }

    #[test]
    fn a_folder_that_cannot_be_made_is_a_file_error_naming_the_step() {
        let folder = tempfile::tempdir().expect("temp dir");
        let blocker = folder.path().join("not-a-folder");
        std::fs::write(&blocker, "").expect("writes");
        let error = write_whole_file(&blocker.join("links.csv"), b"").expect_err("refused");
        assert_eq!(error.step, "cannot create its folder");
        assert!(error.to_string().starts_with("cannot create its folder: "));
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let folder = tempfile::tempdir().expect("temp dir");
        let path = folder.path().join("profiles.toml");
        write_whole_file(&path, b"").expect("writes");
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn stale_temporary_files_of_this_file_only_are_removed() {
        let folder = tempfile::tempdir().expect("temp dir");
        let path = folder.path().join("profiles.toml");
        std::fs::write(folder.path().join(".profiles.toml.abc123.tmp"), "").expect("writes");
        std::fs::write(folder.path().join(".other.toml.abc123.tmp"), "").expect("writes");
        remove_stale_temps(&path);
        assert_eq!(names(folder.path()), [".other.toml.abc123.tmp"]);
    }
}
