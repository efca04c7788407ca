//! Inputs the forms of every kind share: a redirect URI typed by hand (or left out), a
//! state with its Generate button, a labelled pick list and the contract's. They edit plain
//! values and say what changed; each form re-checks through the core.

use egui::{ComboBox, Ui};

use crate::link::Contract;
use crate::ui::shortcuts::Shortcuts;
use crate::ui::widgets::field_width;

pub const LEAVE_OUT_URI: &str = "Leave out (use dashboard default)";
pub const GENERATE: &str = "Generate";
pub const CONTRACT_LABEL: &str = "Parameter names";

/// A free-text redirect URI and a deliberate tick to leave it out (Connect then uses the
/// dashboard's default). True when either changed.
pub fn redirect_input_ui(ui: &mut Ui, label: &str, uri: &mut String, leave_out: &mut bool) -> bool {
    let label = ui.label(label);
    let edit = egui::TextEdit::singleline(uri)
        .hint_text("https://… exactly as registered in the dashboard")
        .font(egui::TextStyle::Monospace)
        .desired_width(field_width(ui));
    let uri_changed = ui
        .add_enabled(!*leave_out, edit)
        .labelled_by(label.id)
        .changed();
    let leave_out_changed = ui.checkbox(leave_out, LEAVE_OUT_URI).changed();
    uri_changed || leave_out_changed
}

/// What the person did with the state row.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StateInput {
    pub changed: bool,
    pub generate: bool,
}

/// The state field with Generate (and its shortcut) beside it.
pub fn state_input_ui(
    ui: &mut Ui,
    label: &str,
    value: &mut String,
    shortcuts: &Shortcuts,
) -> StateInput {
    let label = ui.label(label);
    ui.horizontal(|ui| {
        let button = egui::Button::new(GENERATE)
            .shortcut_text(ui.ctx().format_shortcut(&shortcuts.generate_state));
        // Reserve the button's room first so the field takes exactly what is left.
        let button_width = 150.0_f32.min(ui.available_width() / 3.0);
        let field_room = (field_width(ui) - button_width - ui.spacing().item_spacing.x).max(80.0);
        let changed = ui
            .add(
                egui::TextEdit::singleline(value)
                    .hint_text("optional: sent back to the redirect URI")
                    .font(egui::TextStyle::Monospace)
                    .desired_width(field_room),
            )
            .labelled_by(label.id)
            .changed();
        let generate = ui
            .add(button)
            .on_hover_text("Fill State with 22 random characters")
            .clicked();
        StateInput { changed, generate }
    })
    .inner
}

/// A labelled pick list of `(value, shown text, hover)`; the label is its accessible name.
pub fn choice_list_ui<T: PartialEq + Copy>(
    ui: &mut Ui,
    label: &str,
    id_salt: &str,
    choice: &mut T,
    choices: &[(T, &str, &str)],
) {
    let label = ui.label(label);
    let shown = choices
        .iter()
        .find(|(value, _, _)| value == choice)
        .map_or("", |(_, text, _)| *text);
    ComboBox::from_id_salt(id_salt)
        .selected_text(shown)
        .width(field_width(ui))
        .show_ui(ui, |ui| {
            for (value, text, hover) in choices {
                ui.selectable_value(choice, *value, *text)
                    .on_hover_text(*hover);
            }
        })
        .response
        .labelled_by(label.id);
    ui.add_space(6.0);
}

/// Which names a link uses (the contract), with what each one says on hover. True when the
/// person picked the other one.
pub fn contract_list_ui(ui: &mut Ui, id_salt: &str, contract: &mut Contract) -> bool {
    let before = *contract;
    let choices = Contract::ALL.map(|choice| {
        let (shown, hover) = match choice {
            Contract::Classic => (
                "classic: client_id, user",
                "The names on the seed page and in older integrations",
            ),
            Contract::Current => (
                "current: application_id, external_id",
                "The names in Smartcar's current docs",
            ),
        };
        (choice, shown, hover)
    });
    choice_list_ui(ui, CONTRACT_LABEL, id_salt, contract, &choices);
    *contract != before
}
