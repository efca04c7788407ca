//! A batch's output file appears whole or not at all: the rows go to a temporary file
//! beside the destination, renamed over it only once every row is written. A batch that
//! stops half way (a broken input, a full disk) leaves the old file, or none. The command
//! line's `--output` and the window's export both write through here.

use std::fs::File;
use std::path::Path;

/// Where writing the whole file failed.
#[derive(Debug)]
pub enum WholeFileError<E> {
    /// Creating the temporary file, or renaming it over the destination.
    File(std::io::Error),
    /// The caller's own writing.
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

/// Runs `write` on a temporary file beside `path`, then renames it to `path`.
pub fn write_whole_file<T, E>(
    path: &Path,
    write: impl FnOnce(&mut File) -> Result<T, E>,
) -> Result<T, WholeFileError<E>> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temporary = tempfile::NamedTempFile::new_in(folder).map_err(WholeFileError::File)?;
    let written = write(temporary.as_file_mut()).map_err(WholeFileError::Write)?;
    temporary
        .persist(path)
        .map_err(|error| WholeFileError::File(error.error))?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary_one() {
        let folder = tempfile::tempdir().expect("temp dir");
        let path = folder.path().join("links.csv");
        std::fs::write(&path, "the old export\n").expect("writes");
        let outcome = write_whole_file(&path, |file| {
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
        let files = std::fs::read_dir(folder.path()).expect("lists").count();
        assert_eq!(files, 1, "the temporary file is gone");
    }

    #[test]
    fn a_finished_write_replaces_the_file() {
        let folder = tempfile::tempdir().expect("temp dir");
        let path = folder.path().join("links.csv");
        std::fs::write(&path, "the old export\n").expect("writes");
        let rows = write_whole_file(&path, |file| file.write_all(b"vehicle_id\n").map(|()| 1))
            .expect("writes");
        assert_eq!(rows, 1);
        assert_eq!(
            std::fs::read_to_string(&path).expect("reads"),
            "vehicle_id\n"
        );
    }

    #[test]
    fn a_folder_that_does_not_exist_is_a_file_error() {
        let folder = tempfile::tempdir().expect("temp dir");
        let path = folder.path().join("missing").join("links.csv");
        let outcome = write_whole_file(&path, |_| Ok::<(), String>(()));
        assert!(matches!(outcome, Err(WholeFileError::File(_))));
    }
}
