//! The owner's return, pasted into the paste box: what happened and what to do next (in
//! the core's words, `link::callback`), the error's own fields, and the links in the
//! history with the same `state`, whose outcome the app has just set.

use egui::{RichText, Ui};

use crate::history::return_match::NO_STATE;
use crate::history::{Entry, Outcome, ReturnMatch};
use crate::link::callback::{ConnectReturn, ReturnReadError, read_return};
use crate::ui::history::panel::shown_time;
use crate::ui::widgets::{error_line, section_heading};

pub const RETURN_HEADING: &str = "The owner's return";
pub const NEXT_STEP: &str = "Next:";

#[derive(Default)]
pub struct ReturnView {
    shown: Option<(ConnectReturn, Matches)>,
    /// A pasted return that contradicts itself: read neither way, nothing set.
    refused: Option<ReturnReadError>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Matches {
    /// The worker was asked; its answer comes with a later frame.
    Looking,
    /// The worker's answer: the links it belongs to (their outcome set), or why none.
    Answered(ReturnMatch),
    /// The return carries no state: nothing ties it to a link.
    NoState,
    /// The window keeps no history (no config folder).
    NoHistory,
}

/// The pasted text read as the page the owner landed on after Connect: `None` when it
/// is not one (the paste box reads it as before), an error when it is one that
/// contradicts itself.
pub fn read_pasted_return(text: &str) -> Option<Result<ConnectReturn, ReturnReadError>> {
    match read_return(text) {
        Ok(read) => Some(Ok(read)),
        Err(error @ ReturnReadError::Contradictory(_)) => Some(Err(error)),
        Err(_) => None,
    }
}

impl ReturnView {
    /// Shows `read`; `history_available` says whether the history is searched for its state.
    pub fn show(&mut self, read: ConnectReturn, history_available: bool) {
        let matches = match (read.state.as_deref(), history_available) {
            (None | Some(""), _) => Matches::NoState,
            (Some(_), false) => Matches::NoHistory,
            (Some(_), true) => Matches::Looking,
        };
        self.refused = None;
        self.shown = Some((read, matches));
    }

    /// Shows why a pasted return is not read.
    pub fn refuse(&mut self, error: ReturnReadError) {
        self.shown = None;
        self.refused = Some(error);
    }

    /// The worker's answer for the return with `state`.
    pub fn matched(&mut self, state: &str, matched: ReturnMatch) {
        if let Some((read, matches)) = &mut self.shown
            && read.state.as_deref() == Some(state)
        {
            *matches = Matches::Answered(matched);
        }
    }

    /// Another kind of paste was read: the return no longer applies.
    pub fn clear(&mut self) {
        self.shown = None;
        self.refused = None;
    }

    pub fn is_shown(&self) -> bool {
        self.shown.is_some() || self.refused.is_some()
    }

    /// `history_failure` is shown in place of "Looking…" when the history cannot answer.
    pub fn ui(&self, ui: &mut Ui, history_failure: Option<&str>) {
        if let Some(refused) = &self.refused {
            section_heading(ui, RETURN_HEADING);
            error_line(ui, &format!("Not read: {refused}"));
            return;
        }
        let Some((read, matches)) = &self.shown else {
            return;
        };
        section_heading(ui, RETURN_HEADING);
        let summary = RichText::new(read.summary()).strong();
        if read.error().is_some() {
            error_line(ui, &read.summary());
        } else {
            ui.add(egui::Label::new(summary).wrap());
        }
        for note in &read.notes {
            ui.add(egui::Label::new(RichText::new(note).weak()).wrap());
        }
        extra_fields_ui(ui, read);
        ui.add(egui::Label::new(format!("{NEXT_STEP} {}", read.next_step())).wrap());
        ui.add_space(4.0);
        matches_ui(ui, read, matches, history_failure);
    }
}

fn extra_fields_ui(ui: &mut Ui, read: &ConnectReturn) {
    let mut rows: Vec<(&str, &str)> = Vec::new();
    if let Some(error) = read.error() {
        rows.push(("error", error.code.as_str()));
        rows.extend(
            error
                .extra
                .iter()
                .map(|(name, value)| (*name, value.as_str())),
        );
    }
    if let Some(state) = &read.state {
        rows.push(("state", state));
    }
    if let Some(external_id) = &read.external_id {
        rows.push(("external_id", external_id));
    }
    egui::Grid::new("return_fields")
        .num_columns(2)
        .spacing([12.0, 2.0])
        .show(ui, |ui| {
            for (name, value) in rows {
                ui.label(RichText::new(name).weak());
                ui.label(RichText::new(value).monospace());
                ui.end_row();
            }
        });
}

fn matches_ui(ui: &mut Ui, read: &ConnectReturn, matches: &Matches, failure: Option<&str>) {
    let state = read.state.as_deref().unwrap_or_default();
    match matches {
        Matches::NoState => {
            error_line(ui, &format!("Not recorded: {NO_STATE}."));
        }
        Matches::NoHistory => {
            ui.weak("No history is kept here, so no link could be matched to this return.");
        }
        Matches::Looking => match failure {
            Some(message) => {
                error_line(ui, message);
            }
            None => {
                ui.weak("Looking for the link with this state in the history…");
            }
        },
        Matches::Answered(ReturnMatch::NoLink) => {
            ui.add(
                egui::Label::new(format!(
                    "No link in the history has state {state}: it was made elsewhere, before recording, or with recording off."
                ))
                .wrap(),
            );
        }
        Matches::Answered(
            crossed @ (ReturnMatch::VehiclesDiffer { .. } | ReturnMatch::Ambiguous { .. }),
        ) => {
            if let Some(refusal) = crossed.refusal(state) {
                error_line(ui, &format!("Not recorded: {refusal}."));
            }
        }
        Matches::Answered(ReturnMatch::Matched(entries)) => {
            let links = if entries.len() == 1 { "link" } else { "links" };
            ui.add(
                egui::Label::new(format!(
                    "{} {links} in the history had this state; outcome set to {}:",
                    entries.len(),
                    Outcome::of_return(read)
                ))
                .wrap(),
            );
            for entry in entries {
                ui.add(egui::Label::new(match_line(entry)).wrap());
            }
        }
    }
}

/// One matching link: when, for which ticket and vehicle, and how it left.
fn match_line(entry: &Entry) -> String {
    let ticket = if entry.ticket.is_empty() {
        "no ticket".to_owned()
    } else {
        format!("ticket {}", entry.ticket)
    };
    format!(
        "• {} UTC · {ticket} · vehicle {} · {}",
        shown_time(entry.time_ms),
        if entry.vehicle_id.is_empty() {
            "(none)"
        } else {
            &entry.vehicle_id
        },
        entry.via.as_str()
    )
}
