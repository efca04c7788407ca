//! "Paste error or link": an API error body, a webhook event or a re-authentication link in,
//! also buried in a ticket's text, read and triaged by the core; the triage line
//! (`triage_line`) says what helps and what was filled. Once the form is complete the
//! pasted text folds away to one line, so the form and the link have the room.

use egui::Ui;

use crate::link::{Pasted, Reading, ReauthForm, Triage, TriagedPaste, read_paste};
use crate::ui::command::WindowCommand;
use crate::ui::link::triage_line::TriageLine;
use crate::ui::widgets::{error_line, field_width};

pub const PASTE_LABEL: &str = "Paste error or link";
pub const FILL: &str = "Fill form";
pub const SHOW_PASTE: &str = "Show pasted text";

#[derive(Default)]
pub struct PasteBox {
    pub text: String,
    status: Option<PasteStatus>,
    /// The paste filled a complete form: only the summary line shows, not the text.
    folded: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum PasteStatus {
    Triaged(TriageLine),
    Failed(String),
}

impl PasteBox {
    /// Reads the box; the caller fills the form with what came back and then calls
    /// `filled` with the result. Pieces that disagree fill nothing: the triage line shows
    /// them for the person to choose (`candidate`).
    pub fn read(&mut self) -> Option<(Pasted, Triage)> {
        let triaged = match read_paste(&self.text).map(Reading::triage) {
            Ok(triaged) => triaged,
            Err(error) => {
                self.status = Some(PasteStatus::Failed(error.to_string()));
                self.folded = false;
                return None;
            }
        };
        let level = triaged.level();
        match triaged {
            TriagedPaste::One { pasted, triage } => Some((pasted, triage)),
            TriagedPaste::Ambiguous {
                message,
                candidates,
            } => {
                self.status = Some(PasteStatus::Triaged(TriageLine::Ambiguous {
                    level,
                    message,
                    candidates,
                }));
                self.folded = false;
                None
            }
        }
    }

    /// Tells what the paste gave, counted against the form it was filled into; folds the
    /// text away once that form makes a link.
    /// The last paste was read and what helps with it is not a link.
    pub fn advises_no_link(&self) -> bool {
        matches!(&self.status, Some(PasteStatus::Triaged(line)) if line.advises_no_link())
    }

    pub fn filled(&mut self, pasted: &Pasted, triage: Triage, form: &ReauthForm, complete: bool) {
        self.status = Some(PasteStatus::Triaged(TriageLine::read(pasted, triage, form)));
        self.folded = complete;
    }

    /// The candidate at `index` of a paste whose pieces disagree.
    pub fn candidate(&self, index: usize) -> Option<(Pasted, Triage)> {
        match &self.status {
            Some(PasteStatus::Triaged(line)) => line.candidate(index),
            _ => None,
        }
    }

    /// The paste was read as something else (the owner's return, shown on its own):
    /// this box's line no longer applies.
    pub fn clear_status(&mut self) {
        self.status = None;
        self.folded = false;
    }

    pub fn is_folded(&self) -> bool {
        self.folded
    }

    pub fn ui(&mut self, ui: &mut Ui, commands: &mut Vec<WindowCommand>) {
        if self.folded {
            self.folded_ui(ui);
        } else {
            self.open_ui(ui, commands);
        }
        self.status_ui(ui, commands);
    }

    fn folded_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            ui.label(PASTE_LABEL);
            if ui
                .small_button(SHOW_PASTE)
                .on_hover_text("Show the pasted text again, or paste another")
                .clicked()
            {
                self.folded = false;
            }
        });
    }

    fn open_ui(&mut self, ui: &mut Ui, commands: &mut Vec<WindowCommand>) {
        let label = ui.label(PASTE_LABEL);
        let response = ui
            .add(
                egui::TextEdit::multiline(&mut self.text)
                    .hint_text("an AUTHENTICATION_FAILED error body, a VEHICLE_ERROR webhook event, a re-authentication link, or the address the owner landed on after Connect")
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
            commands.push(WindowCommand::FillFromPaste);
        }
    }

    fn status_ui(&mut self, ui: &mut Ui, commands: &mut Vec<WindowCommand>) {
        match &mut self.status {
            None => {}
            Some(PasteStatus::Triaged(line)) => line.ui(ui, commands),
            Some(PasteStatus::Failed(message)) => {
                error_line(ui, &format!("Could not read the paste: {message}"));
            }
        }
    }
}
