//! "Paste error or link": an API error body, a webhook event or a re-authentication link in,
//! the form filled through the core's paste reader, and a line on what was filled and what
//! is still missing.

use egui::Ui;

use super::app::Command;
use super::widgets::{error_line, field_width};
use crate::link::{Pasted, parse_paste};

pub const PASTE_LABEL: &str = "Paste error or link";
pub const FILL: &str = "Fill form";

#[derive(Default)]
pub struct PasteBox {
    pub text: String,
    status: Option<PasteStatus>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum PasteStatus {
    Filled { summary: String, notes: Vec<String> },
    Failed(String),
}

impl PasteBox {
    /// Reads the box; the caller fills the form with what came back.
    pub fn read(&mut self) -> Option<Pasted> {
        match parse_paste(&self.text) {
            Ok(pasted) => {
                self.status = Some(PasteStatus::Filled {
                    summary: pasted.summary(),
                    notes: pasted.notes.clone(),
                });
                Some(pasted)
            }
            Err(error) => {
                self.status = Some(PasteStatus::Failed(error.to_string()));
                None
            }
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        let label = ui.label(PASTE_LABEL);
        let response = ui
            .add(
                egui::TextEdit::multiline(&mut self.text)
                    .hint_text("an AUTHENTICATION_FAILED error body, a VEHICLE_ERROR webhook event or a re-authentication link")
                    .font(egui::TextStyle::Monospace)
                    .desired_rows(2)
                    .desired_width(field_width(ui)),
            )
            .labelled_by(label.id);
        // A real paste fills at once; typed text waits for the button, so a half-typed
        // link never fills the form with fragments.
        let pasted_now = response.changed()
            && ui.input(|input| {
                input
                    .events
                    .iter()
                    .any(|event| matches!(event, egui::Event::Paste(_)))
            });
        let fill = ui
            .add_enabled(!self.text.trim().is_empty(), egui::Button::new(FILL))
            .on_disabled_hover_text("Paste an error body, a webhook event or a link first")
            .on_hover_text("Fill the form from what is pasted above");
        if pasted_now || fill.clicked() {
            commands.push(Command::FillFromPaste);
        }
        self.status_ui(ui);
    }

    fn status_ui(&self, ui: &mut Ui) {
        match &self.status {
            None => {}
            Some(PasteStatus::Filled { summary, notes }) => {
                ui.add(egui::Label::new(summary.as_str()).wrap());
                for note in notes {
                    ui.add(egui::Label::new(egui::RichText::new(note).weak()).wrap());
                }
            }
            Some(PasteStatus::Failed(message)) => {
                error_line(ui, &format!("Could not read the paste: {message}"));
            }
        }
    }
}
