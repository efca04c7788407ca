//! Shown instead of the profiles when the profiles file cannot be used: which file, what
//! is wrong and where, and the ways forward. The file itself is never overwritten; the app
//! carries out the chosen action (`open::that` on the folder, `ProfileStore::start_fresh`).

use std::path::PathBuf;

use egui::{RichText, Ui};

use crate::profiles::StoreError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreErrorAction {
    /// Show this folder in the file manager.
    OpenFolder(PathBuf),
    /// Rename the unusable file aside (`profiles.toml.bad-N`) and start with no profiles.
    MoveAsideAndStartFresh(PathBuf),
    /// Read the file again, after fixing it by hand.
    TryAgain,
}

pub fn store_error_ui(ui: &mut Ui, error: &StoreError) -> Option<StoreErrorAction> {
    let mut action = None;
    ui.heading("The profiles file cannot be used");
    ui.colored_label(ui.visuals().error_fg_color, error.to_string());
    if let Some(location) = error.location() {
        ui.label(format!("The problem is at {location}."));
    }
    if let Some(path) = error.path() {
        ui.horizontal(|ui| {
            ui.label("File:");
            ui.label(RichText::new(path.display().to_string()).monospace());
        });
    }
    ui.label("Nothing has been changed. Saved profiles stay as they are until you choose.");
    ui.horizontal(|ui| {
        if let Some(folder) = error.path().and_then(|p| p.parent())
            && ui.button("Open folder").clicked()
        {
            action = Some(StoreErrorAction::OpenFolder(folder.to_owned()));
        }
        if let Some(path) = error.path().filter(|_| error.file_is_unusable())
            && ui.button("Move aside and start fresh").clicked()
        {
            action = Some(StoreErrorAction::MoveAsideAndStartFresh(path.to_owned()));
        }
        if ui.button("Try again").clicked() {
            action = Some(StoreErrorAction::TryAgain);
        }
    });
    action
}
