//! Replacing a file so that a crash at any moment leaves either the old or the new bytes:
//! write a temporary file in the same folder, flush it to disk, rename it over the file,
//! then flush the folder so the rename itself survives a power cut.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use super::error::StoreError;

/// Temporary files are named `.<file name>.<random>.tmp`, so a crash leaves only names that
/// `remove_stale_temps` recognises.
const TEMP_SUFFIX: &str = ".tmp";

pub fn replace_file(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let fail = |step: &'static str| {
        move |source: std::io::Error| StoreError::Write {
            path: path.to_owned(),
            step,
            source,
        }
    };
    let folder = parent(path);
    let prefix = temp_prefix(path).unwrap_or_else(|| ".profiles.".to_owned());
    let mut temp = temp_builder(&prefix)
        .tempfile_in(folder)
        .map_err(fail("cannot create a temporary file beside it"))?;
    temp.write_all(bytes)
        .map_err(fail("cannot write the temporary file"))?;
    temp.as_file()
        .sync_all()
        .map_err(fail("cannot flush the temporary file to disk"))?;
    temp.persist(path)
        .map_err(|error| fail("cannot rename the temporary file over it")(error.error))?;
    sync_folder(folder).map_err(fail("cannot flush the folder to disk"))
}

/// Temporary files left by a process killed mid-save. Only called under the store's lock,
/// when no other save can be writing one.
pub fn remove_stale_temps(path: &Path) {
    let Some(prefix) = temp_prefix(path) else {
        return;
    };
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

pub fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    }
}

fn temp_prefix(path: &Path) -> Option<String> {
    path.file_name()
        .map(|name| format!(".{}.", name.to_string_lossy()))
}

fn temp_builder(prefix: &str) -> tempfile::Builder<'_, 'static> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix).suffix(TEMP_SUFFIX);
    owner_only(&mut builder);
    builder
}

#[cfg(unix)]
fn owner_only(builder: &mut tempfile::Builder<'_, '_>) {
    use std::os::unix::fs::PermissionsExt;
    builder.permissions(std::fs::Permissions::from_mode(0o600));
}

#[cfg(not(unix))]
fn owner_only(_builder: &mut tempfile::Builder<'_, '_>) {}

#[cfg(unix)]
fn sync_folder(folder: &Path) -> std::io::Result<()> {
    File::open(folder)?.sync_all()
}

/// Windows cannot open a folder as a file; its rename is already durable once it returns.
#[cfg(not(unix))]
fn sync_folder(_folder: &Path) -> std::io::Result<()> {
    Ok(())
}
