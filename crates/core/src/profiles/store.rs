//! The profiles file on disk. Reading never changes it; saving replaces it atomically,
//! keeps the previous version as `.bak`, and never overwrites edits made by another window
//! since this one read the file: they are merged profile by profile, and when both changed
//! the same profile the save is refused.

use std::fs::{File, OpenOptions};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::Profile;
use super::edit::{ProfileEdit, position};
use super::error::StoreError;
use super::format::{parse, render};
use super::location::{FILE_NAME, backup_path, config_dir, lock_path, move_aside};
use super::merge::merge;
use crate::whole_file::{FileError, create_folder, parent, remove_stale_temps, write_whole_file};

/// The profiles as this process last read or saved them.
#[derive(Debug)]
pub struct ProfileStore {
    path: PathBuf,
    profiles: Vec<Profile>,
    /// The file's bytes when last read or written (`None`: there was no file), to notice
    /// that someone else saved since.
    read_bytes: Option<Vec<u8>>,
    /// The profiles in `read_bytes`: the common base for merging.
    read_profiles: Vec<Profile>,
}

impl ProfileStore {
    /// Opens `profiles.toml` in `config_dir` (or the platform's config folder). A missing
    /// file is an empty store; nothing is created until the first save.
    pub fn open(config_dir_override: Option<&Path>) -> Result<Self, StoreError> {
        let folder = config_dir(config_dir_override)?;
        Self::open_file(&folder.join(FILE_NAME))
    }

    pub fn open_file(path: &Path) -> Result<Self, StoreError> {
        let read_bytes = read_file(path)?;
        let read_profiles = match &read_bytes {
            Some(bytes) => parse(path, bytes)?,
            None => Vec::new(),
        };
        Ok(ProfileStore {
            path: path.to_owned(),
            profiles: read_profiles.clone(),
            read_bytes,
            read_profiles,
        })
    }

    /// Moves the unusable file at `path` aside (see `move_aside`) and starts an empty store
    /// there. Returns the store and where the old file went.
    pub fn start_fresh(path: &Path) -> Result<(Self, PathBuf), StoreError> {
        let moved_to = move_aside(path)?;
        Ok((Self::open_file(path)?, moved_to))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn profiles(&self) -> &[Profile] {
        &self.profiles
    }

    /// The profile called `name`: the exact name, else the one that differs only in case.
    pub fn find(&self, name: &str) -> Option<&Profile> {
        position(&self.profiles, name).map(|i| &self.profiles[i])
    }

    pub fn names(&self) -> Vec<String> {
        self.profiles.iter().map(|p| p.name.clone()).collect()
    }

    /// Reads the file again, taking in what other windows saved.
    pub fn reload(&mut self) -> Result<(), StoreError> {
        *self = Self::open_file(&self.path)?;
        Ok(())
    }

    /// True when the file on disk is no longer what this store last read or wrote (another
    /// window saved): a cue to `reload`. An unreadable file counts as changed.
    pub fn changed_on_disk(&self) -> bool {
        read_file(&self.path).map_or(true, |bytes| bytes != self.read_bytes)
    }

    /// Checks the edit, applies it and saves. On any error the store is as it was.
    pub fn apply(&mut self, edit: &ProfileEdit) -> Result<(), StoreError> {
        let edited = edit.apply_to(&self.profiles)?;
        let before = std::mem::replace(&mut self.profiles, edited);
        self.save().inspect_err(|_| self.profiles = before)
    }

    /// Writes the profiles, merged with whatever another process saved since this store
    /// read the file. Refused, with nothing written, when the file on disk cannot be read
    /// or when both changed the same profile.
    pub fn save(&mut self) -> Result<(), StoreError> {
        let folder = parent(&self.path).to_owned();
        create_folder(&folder).map_err(|source| StoreError::Write {
            path: self.path.clone(),
            step: "cannot create its folder",
            source,
        })?;
        refuse_read_only_folder(&self.path, &folder)?;
        let _lock = lock(&self.path)?;
        let on_disk = read_file(&self.path)?;
        let merged = if on_disk == self.read_bytes {
            self.profiles.clone()
        } else {
            self.merge_with(on_disk.as_deref())?
        };
        let bytes = render(&merged).into_bytes();
        if on_disk.as_deref() != Some(bytes.as_slice()) {
            remove_stale_temps(&self.path);
            if let Some(previous) = &on_disk {
                write_whole_file(&backup_path(&self.path), previous)
                    .map_err(|error| write_error(&self.path, error))?;
            }
            write_whole_file(&self.path, &bytes).map_err(|error| write_error(&self.path, error))?;
        }
        self.read_profiles = merged.clone();
        self.profiles = merged;
        self.read_bytes = Some(bytes);
        Ok(())
    }

    fn merge_with(&self, on_disk: Option<&[u8]>) -> Result<Vec<Profile>, StoreError> {
        let theirs = match on_disk {
            Some(bytes) => parse(&self.path, bytes)?,
            None => Vec::new(),
        };
        merge(&self.read_profiles, &self.profiles, &theirs).map_err(|names| StoreError::Conflict {
            path: self.path.clone(),
            names,
        })
    }
}

/// The file's bytes, `None` when there is no file.
fn read_file(path: &Path) -> Result<Option<Vec<u8>>, StoreError> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {
            return Err(StoreError::IsFolder {
                path: path.to_owned(),
            });
        }
        Err(error) if error.kind() == ErrorKind::NotFound => return Ok(None),
        _ => {}
    }
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(error) if error.kind() == ErrorKind::NotFound => Ok(None),
        Err(source) => Err(StoreError::Unreadable {
            path: path.to_owned(),
            source,
        }),
    }
}

fn write_error(path: &Path, error: FileError) -> StoreError {
    StoreError::Write {
        path: path.to_owned(),
        step: error.step,
        source: error.source,
    }
}

/// A folder marked read-only is respected even by a user (such as root) whom the system
/// would let write there anyway.
fn refuse_read_only_folder(path: &Path, folder: &Path) -> Result<(), StoreError> {
    let read_only = std::fs::metadata(folder).is_ok_and(|meta| meta.permissions().readonly());
    if read_only {
        return Err(StoreError::ReadOnlyFolder {
            path: path.to_owned(),
            folder: folder.to_owned(),
        });
    }
    Ok(())
}

/// An exclusive advisory lock on `<file>.lock`, released when the returned file is dropped
/// (or the process dies), so two saves never interleave their read-compare-write.
fn lock(path: &Path) -> Result<File, StoreError> {
    let lock_file = lock_path(path);
    let fail = |source| StoreError::Write {
        path: path.to_owned(),
        step: "cannot lock it against a save from another window",
        source,
    };
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true);
    owner_only(&mut options);
    let file = options.open(&lock_file).map_err(fail)?;
    file.lock().map_err(fail)?;
    Ok(file)
}

#[cfg(unix)]
fn owner_only(options: &mut OpenOptions) {
    use std::os::unix::fs::OpenOptionsExt;
    options.mode(0o600);
}

#[cfg(not(unix))]
fn owner_only(_options: &mut OpenOptions) {}
