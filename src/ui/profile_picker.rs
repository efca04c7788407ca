//! The Profile pick list the Link and Batch tabs share (one choice for both), and the
//! chosen profile's note where the person building a link reads it.

use egui::{ComboBox, Ui};

use crate::profiles::Profile;
use crate::ui::command::WindowCommand;
use crate::ui::widgets::field_width;

pub const NO_PROFILE: &str = "No profile";
pub const PROFILE_NOTE: &str = "Profile note";

pub fn profile_picker_ui(
    ui: &mut Ui,
    profiles: &[Profile],
    selected: Option<usize>,
    commands: &mut Vec<WindowCommand>,
) {
    let label = ui.label("Profile");
    let shown = selected
        .and_then(|index| profiles.get(index))
        .map_or(NO_PROFILE, |profile| profile.name.as_str());
    let mut choice = selected;
    ComboBox::from_id_salt("profile")
        .selected_text(shown)
        .width(field_width(ui))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut choice, None, NO_PROFILE);
            for (index, profile) in profiles.iter().enumerate() {
                ui.selectable_value(&mut choice, Some(index), profile.name.as_str());
            }
        })
        .response
        .labelled_by(label.id);
    if profiles.is_empty() {
        ui.weak("No saved profiles yet: add them under Profiles, or type the fields below.");
    }
    if choice != selected {
        commands.push(WindowCommand::ChooseProfile(choice));
    }
}

/// The chosen profile's note (who to call first, what the owner calls the app), where the
/// person building the link reads it.
pub fn profile_note_ui(ui: &mut Ui, profile: &Profile) {
    let note = profile.note.trim();
    if note.is_empty() {
        return;
    }
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(field_width(ui));
        ui.label(egui::RichText::new(PROFILE_NOTE).weak());
        ui.add(egui::Label::new(note).wrap());
    });
}
