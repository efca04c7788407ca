//! Light, dark or follow the system: the person's choice, persisted.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    #[default]
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark];

    pub fn label(self) -> &'static str {
        match self {
            ThemeChoice::System => "Follow system",
            ThemeChoice::Light => "Light",
            ThemeChoice::Dark => "Dark",
        }
    }

    pub fn apply(self, ctx: &egui::Context) {
        ctx.set_theme(match self {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Light => egui::ThemePreference::Light,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
        });
    }
}

/// A labelled pick list for a right-to-left bar (the label lands left of the list);
/// returns the new choice when the person changes it.
pub fn theme_picker_ui(ui: &mut egui::Ui, current: ThemeChoice) -> Option<ThemeChoice> {
    let mut choice = current;
    let list = egui::ComboBox::from_id_salt("theme")
        .selected_text(current.label())
        .show_ui(ui, |ui| {
            for option in ThemeChoice::ALL {
                ui.selectable_value(&mut choice, option, option.label());
            }
        })
        .response;
    let label = ui.label("Theme");
    list.labelled_by(label.id);
    (choice != current).then_some(choice)
}
