//! Where the window's profiles live: the store on disk, a store that could not be read
//! (shown with its error, never overwritten), or a plain list (tests, or nothing saved).
//! The window keeps no copy of its own: everything reads `profiles()`.

use std::path::Path;

use crate::profiles::{Profile, ProfileEdit, ProfileStore, StoreError};

pub enum WindowProfiles {
    /// A list that lives only as long as the window.
    InMemory(Vec<Profile>),
    Stored(ProfileStore),
    /// The file could not be used; the window works without profiles until the person acts.
    Unreadable(StoreError),
}

impl WindowProfiles {
    pub fn open(config_dir: Option<&Path>) -> Self {
        match ProfileStore::open(config_dir) {
            Ok(store) => WindowProfiles::Stored(store),
            Err(error) => WindowProfiles::Unreadable(error),
        }
    }

    pub fn profiles(&self) -> &[Profile] {
        match self {
            WindowProfiles::InMemory(profiles) => profiles,
            WindowProfiles::Stored(store) => store.profiles(),
            WindowProfiles::Unreadable(_) => &[],
        }
    }

    pub fn error(&self) -> Option<&StoreError> {
        match self {
            WindowProfiles::Unreadable(error) => Some(error),
            _ => None,
        }
    }

    /// Applies and saves an edit; on error nothing changed and the message says why.
    pub fn apply(&mut self, edit: &ProfileEdit) -> Result<(), String> {
        let outcome = match self {
            WindowProfiles::InMemory(profiles) => edit.apply_to(profiles).map(|edited| {
                *profiles = edited;
            }),
            WindowProfiles::Stored(store) => store.apply(edit),
            WindowProfiles::Unreadable(error) => return Err(error.to_string()),
        };
        outcome.map_err(|error| error.to_string())
    }

    /// Reads the file again if another window saved since; true when anything was read.
    pub fn reload_if_changed(&mut self) -> bool {
        let WindowProfiles::Stored(store) = self else {
            return false;
        };
        if !store.changed_on_disk() {
            return false;
        }
        if let Err(error) = store.reload() {
            *self = WindowProfiles::Unreadable(error);
        }
        true
    }

    /// Reads the file again after the person fixed it by hand.
    pub fn retry(&mut self) {
        if let WindowProfiles::Unreadable(error) = self
            && let Some(path) = error.path().map(Path::to_owned)
        {
            *self = match ProfileStore::open_file(&path) {
                Ok(store) => WindowProfiles::Stored(store),
                Err(error) => WindowProfiles::Unreadable(error),
            };
        }
    }

    /// Moves the unusable file aside and starts empty; says where the old file went.
    pub fn start_fresh(&mut self, path: &Path) -> Result<String, StoreError> {
        let (store, moved_to) = ProfileStore::start_fresh(path)?;
        *self = WindowProfiles::Stored(store);
        Ok(format!(
            "The unreadable profiles file was moved to {}; starting with no profiles.",
            moved_to.display()
        ))
    }
}

impl Default for WindowProfiles {
    fn default() -> Self {
        WindowProfiles::InMemory(Vec::new())
    }
}

impl From<Vec<Profile>> for WindowProfiles {
    fn from(profiles: Vec<Profile>) -> Self {
        WindowProfiles::InMemory(profiles)
    }
}
