//! Pick lists for the form: which profile, and which of its redirect URIs ("Other…" for
//! one typed by hand). They only choose values; the form's `check` judges them.

use egui::{ComboBox, TextEdit, Ui};

use crate::profiles::Profile;

pub const NO_PROFILE: &str = "No profile";
pub const OTHER_REDIRECT: &str = "Other…";

/// A pick list labelled "Profile": "No profile" and every profile by name. Returns the new
/// choice when the person changed it.
pub fn profile_pick_ui(
    ui: &mut Ui,
    profiles: &[Profile],
    chosen: &Option<String>,
) -> Option<Option<String>> {
    let mut picked = chosen.clone();
    ui.horizontal(|ui| {
        let label = ui.label("Profile");
        let combo = ComboBox::from_id_salt("profile pick")
            .selected_text(chosen.as_deref().unwrap_or(NO_PROFILE))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut picked, None, NO_PROFILE);
                for profile in profiles {
                    ui.selectable_value(&mut picked, Some(profile.name.clone()), &profile.name);
                }
            });
        combo.response.labelled_by(label.id);
    });
    (picked != *chosen).then_some(picked)
}

/// Remembers that "Other…" was chosen, so the text field stays open while its text happens
/// to equal a listed URI.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RedirectPick {
    pub other: bool,
}

impl RedirectPick {
    /// Starts on "Other…" when the value is typed and not one of the list.
    pub fn for_value(registered: &[String], value: &str) -> Self {
        RedirectPick {
            other: !value.is_empty() && !registered.iter().any(|uri| uri == value),
        }
    }
}

/// A pick list labelled "Redirect URI" with the profile's registered URIs and "Other…"; the
/// latter opens a text field labelled "Other redirect URI". Edits `value` in place and
/// returns true when it changed.
pub fn redirect_pick_ui(
    ui: &mut Ui,
    registered: &[String],
    value: &mut String,
    pick: &mut RedirectPick,
) -> bool {
    let before = value.clone();
    ui.horizontal(|ui| {
        let label = ui.label("Redirect URI");
        let shown = if pick.other {
            OTHER_REDIRECT.to_owned()
        } else {
            value.clone()
        };
        let combo = ComboBox::from_id_salt("redirect pick")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                for uri in registered {
                    let selected = !pick.other && value == uri;
                    if ui.selectable_label(selected, uri).clicked() {
                        value.clone_from(uri);
                        pick.other = false;
                    }
                }
                if ui.selectable_label(pick.other, OTHER_REDIRECT).clicked() {
                    pick.other = true;
                }
            });
        combo.response.labelled_by(label.id);
    });
    if pick.other {
        let label = ui.label("Other redirect URI");
        ui.add(TextEdit::singleline(value).desired_width(f32::INFINITY))
            .labelled_by(label.id);
    }
    *value != before
}
