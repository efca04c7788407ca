//! The Profiles tab: the editor, the outcome of the last edit or file action, and the
//! management token and client secret lines of the profile being edited. The profiles
//! file itself is the window's (`WindowProfiles`): the Link and Batch tabs read it too.

use std::path::Path;

use crate::connections::SecretKind;
use crate::profiles::ProfileEdit;
use crate::ui::command::WindowCommand;
use crate::ui::management_setup::ManagementSetup;
use crate::ui::profiles::editor::ProfileEditor;
use crate::ui::profiles::store_handle::WindowProfiles;
use crate::ui::profiles::token_line::TokenLine;
use crate::ui::profiles::unreadable::{StoreErrorAction, store_error_ui};
use crate::ui::widgets::error_line;

pub struct ProfilesTab {
    editor: ProfileEditor,
    /// The outcome of the last profile edit or file action: `Err` is shown as an error.
    notice: Option<Result<String, String>>,
    token_line: TokenLine,
    /// The same for the client secret of a profile with API credentials.
    client_secret_line: TokenLine,
}

impl Default for ProfilesTab {
    fn default() -> Self {
        Self {
            editor: ProfileEditor::default(),
            notice: None,
            token_line: TokenLine::default(),
            client_secret_line: TokenLine::for_secret(SecretKind::ClientSecret),
        }
    }
}

/// What a command of this tab did to the profiles file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProfilesApplied {
    /// The profiles may have changed: the chosen one is followed by name.
    Changed,
    /// Nothing changed, or the command is not this tab's.
    Unchanged,
}

impl ProfilesTab {
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        store: &WindowProfiles,
        management: Option<&ManagementSetup>,
        commands: &mut Vec<WindowCommand>,
    ) {
        match &self.notice {
            Some(Ok(message)) => {
                ui.label(message);
            }
            Some(Err(message)) => {
                error_line(ui, message);
            }
            None => {}
        }
        if let Some(error) = store.error() {
            if let Some(action) = store_error_ui(ui, error) {
                commands.push(WindowCommand::ActOnUnreadableProfiles(action));
            }
            return;
        }
        if let Some(edit) = self.editor.ui(ui, store.profiles()) {
            commands.push(WindowCommand::EditProfiles(edit));
        }
        let saved = self.editor.draft().and_then(|draft| {
            let name = draft.original.clone()?;
            Some((name, !draft.api_client_id.is_empty()))
        });
        if let (Some(setup), Some((name, has_api_client_id))) = (management, saved) {
            ui.separator();
            self.token_line.ui(ui, &name, &setup.secrets);
            if has_api_client_id {
                self.client_secret_line.ui(ui, &name, &setup.secrets);
            }
        }
    }

    /// Carries out this tab's commands on the profiles file; `last_profile` (the chosen
    /// profile's name) follows a rename. Other commands are left alone.
    pub fn apply(
        &mut self,
        command: &WindowCommand,
        store: &mut WindowProfiles,
        last_profile: &mut Option<String>,
    ) -> ProfilesApplied {
        match command {
            WindowCommand::EditProfiles(edit) => self.edit(edit, store, last_profile),
            WindowCommand::ActOnUnreadableProfiles(action) => {
                self.act_on_unreadable(action, store);
                ProfilesApplied::Changed
            }
            _ => ProfilesApplied::Unchanged,
        }
    }

    fn edit(
        &mut self,
        edit: &ProfileEdit,
        store: &mut WindowProfiles,
        last_profile: &mut Option<String>,
    ) -> ProfilesApplied {
        match store.apply(edit) {
            Ok(()) => {
                self.notice = None;
                if let ProfileEdit::Save {
                    original: Some(original),
                    profile,
                } = edit
                    && last_profile.as_ref() == Some(original)
                {
                    // A rename of the chosen profile keeps it chosen.
                    *last_profile = Some(profile.name.clone());
                }
                ProfilesApplied::Changed
            }
            Err(message) => {
                self.notice = Some(Err(message));
                ProfilesApplied::Unchanged
            }
        }
    }

    /// The ways forward from a profiles file that cannot be read: show its folder, move
    /// it aside and start fresh, or read it again after a fix by hand.
    fn act_on_unreadable(&mut self, action: &StoreErrorAction, store: &mut WindowProfiles) {
        self.notice = match action {
            StoreErrorAction::OpenFolder(folder) => open_folder(folder).err().map(Err),
            StoreErrorAction::MoveAsideAndStartFresh(path) => {
                Some(store.start_fresh(path).map_err(|e| e.to_string()))
            }
            StoreErrorAction::TryAgain => {
                store.retry();
                None
            }
        };
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
