//! The ways forward from a profiles file that cannot be read: show its folder, move it
//! aside and start fresh, or read it again after a fix by hand.

use std::path::Path;

use super::ReauthApp;
use crate::ui::profiles::unreadable::StoreErrorAction;

impl ReauthApp {
    pub(super) fn act_on_unreadable(&mut self, action: StoreErrorAction) {
        self.profiles_notice = match action {
            StoreErrorAction::OpenFolder(folder) => open_folder(&folder).err().map(Err),
            StoreErrorAction::MoveAsideAndStartFresh(path) => {
                Some(self.profiles.start_fresh(&path).map_err(|e| e.to_string()))
            }
            StoreErrorAction::TryAgain => {
                self.profiles.retry();
                None
            }
        };
        self.follow_profiles();
    }
}

/// Starts the file manager without waiting for it: only a program that cannot start at
/// all is reported.
fn open_folder(folder: &Path) -> Result<(), String> {
    open::that_detached(folder).map_err(|error| {
        format!(
            "Could not open the folder {}: no file manager could start ({error}). Open it by hand.",
            folder.display()
        )
    })
}
