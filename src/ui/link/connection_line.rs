//! The Link tab's Connection line under the vehicle id: "Look up" (or Cancel while it
//! runs) and what the management API answered, in one line. When the vehicle has no
//! connection, the core's advice for a better link and a button that makes it.

use egui::Ui;

use crate::connections::Lookup;
use crate::link::Severity;
use crate::ui::command::WindowCommand;
use crate::ui::link::connection_job::LookupState;
use crate::ui::shortcuts::Shortcuts;
use crate::ui::widgets::{error_line, findings_ui};

pub const CONNECTION_LABEL: &str = "Connection:";
pub const LOOK_UP: &str = "Look up";
pub const CANCEL_LOOKUP: &str = "Cancel lookup";
pub const LOOKING_UP: &str = "Looking up…";

/// The text of the button that switches to the better link: "Make a new-connection link".
pub fn better_link_button(kind: crate::link::LinkKind) -> String {
    format!("Make a {}", kind.describe())
}

pub fn connection_line_ui(
    ui: &mut Ui,
    state: &LookupState,
    shortcuts: &Shortcuts,
    commands: &mut Vec<WindowCommand>,
) {
    ui.horizontal_wrapped(|ui| {
        ui.label(CONNECTION_LABEL);
        if *state == LookupState::Running {
            // Words, not a spinner: a spinner repaints every frame for as long as it shows.
            ui.label(LOOKING_UP);
            if ui.button(CANCEL_LOOKUP).clicked() {
                commands.push(WindowCommand::CancelLookup);
            }
            return;
        }
        let button =
            egui::Button::new(LOOK_UP).shortcut_text(ui.ctx().format_shortcut(&shortcuts.look_up));
        let hover = "Ask Smartcar's management API whether this vehicle is connected to the app";
        if ui.add(button).on_hover_text(hover).clicked() {
            commands.push(WindowCommand::LookUpConnection);
        }
        if let LookupState::Answered(Ok(lookup)) = state {
            ui.label(lookup.describe());
        }
    });
    match state {
        LookupState::Answered(Err(message)) => {
            error_line(ui, message);
        }
        LookupState::Answered(Ok(lookup @ Lookup::NotConnected)) => {
            better_link_ui(ui, lookup, commands);
        }
        _ => {}
    }
    ui.add_space(6.0);
}

fn better_link_ui(ui: &mut Ui, lookup: &Lookup, commands: &mut Vec<WindowCommand>) {
    let Some((kind, why)) = lookup.better_link() else {
        return;
    };
    findings_ui(ui, [(Severity::Warning, why.to_owned())]);
    if ui.button(better_link_button(kind)).clicked() {
        commands.push(WindowCommand::ChooseKind {
            kind,
            values: Vec::new(),
        });
    }
}
