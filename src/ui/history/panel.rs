//! The History tab: the recording switch, a search (a ticket in part; a vehicle id, state,
//! profile or owner id whole, as `reauth-link history QUERY`), the matching links newest
//! first in a table that lays out and fetches only the rows in view, "Copy" on each row
//! and an export of the matches to CSV. Every request goes to the history's worker; the
//! answers arrive as events (`take`), so no frame waits for the database.

use std::sync::mpsc::{Receiver, TryRecvError};

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use crate::history::time::format_utc;
use crate::history::{Entry, HistoryEvent, Outcome, RECORDING_ENV};
use crate::ui::command::WindowCommand;
use crate::ui::file_dialog::{Answer, FileChooser, FileQuestion};
use crate::ui::history::pages::{HistoryPages, PAGE_SIZE};
use crate::ui::history::verify_job::{VerifyCounts, VerifyJob};
use crate::ui::history::worker_handle::WindowHistory;
use crate::ui::widgets::{error_line, field_width};

pub const SEARCH_LABEL: &str = "Search history";
pub const RECORD_SWITCH: &str = "Record links that leave the window";
pub const EXPORT: &str = "Export CSV…";
pub const COPY_AGAIN: &str = "Copy";
pub const COPIED_AGAIN: &str = "Copied";
pub const VERIFY: &str = "Verify";
pub const CANCEL_VERIFY: &str = "Cancel verify";
const EXPORT_NAME: &str = "reauth-link-history.csv";
const ROW_HEIGHT: f32 = 22.0;

pub struct HistoryPanel {
    query: String,
    pages: HistoryPages,
    chooser: FileChooser,
    /// The file dialog, while it is open.
    choosing: Option<Receiver<Answer>>,
    export_status: Option<ExportStatus>,
    /// The entry whose link was copied last.
    copied: Option<i64>,
    /// "Verify" is offered: the management API is set up.
    verify_offered: bool,
    verifying: Option<VerifyJob>,
    /// How the last verification ended.
    verify_status: Option<Result<VerifyCounts, String>>,
    /// Whose links the last verification took (the profile chosen on the Link tab).
    verified_profile: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum ExportStatus {
    Writing,
    Done(String),
    Failed(String),
}

impl HistoryPanel {
    pub fn with_file_chooser(chooser: FileChooser) -> Self {
        Self {
            query: String::new(),
            pages: HistoryPages::default(),
            chooser,
            choosing: None,
            export_status: None,
            copied: None,
            verify_offered: false,
            verifying: None,
            verify_status: None,
            verified_profile: None,
        }
    }

    /// Offers "Verify" (the window has the management API).
    pub fn offer_verify(&mut self) {
        self.verify_offered = true;
    }

    /// The search the list shows, as the history matches it.
    pub fn shown_query(&self) -> &str {
        self.query.trim()
    }

    /// A verification of the shown entries started, or could not.
    pub fn verifying(&mut self, job: Result<VerifyJob, String>, profile: Option<String>) {
        self.verified_profile = profile;
        match job {
            Ok(job) => {
                self.verify_status = None;
                self.verifying = Some(job);
            }
            Err(message) => self.verify_status = Some(Err(message)),
        }
    }

    pub fn cancel_verify(&mut self) {
        if let Some(job) = self.verifying.take() {
            job.cancel();
            self.verify_status = Some(Err("Verification cancelled.".to_owned()));
        }
    }

    /// An answer from the worker; the app hands every event to each part that shows it.
    pub fn take(&mut self, event: &HistoryEvent) {
        match event {
            HistoryEvent::Counted { request, total, .. } => {
                self.pages.counted(*request, *total);
            }
            HistoryEvent::Found {
                request, entries, ..
            } => {
                self.pages.found(*request, entries.clone());
            }
            HistoryEvent::Opened { .. }
            | HistoryEvent::Recorded { .. }
            | HistoryEvent::OutcomeSet { .. }
            | HistoryEvent::ReturnMatched { .. }
            | HistoryEvent::Forgotten { .. } => self.pages.invalidate(),
            HistoryEvent::Exported { path, count } => {
                let entries = if *count == 1 { "entry" } else { "entries" };
                self.export_status = Some(ExportStatus::Done(format!(
                    "Exported {count} {entries} to {}",
                    path.display()
                )));
            }
            HistoryEvent::Failed(_) => {
                // The failure itself shows above the list; an export it ended is over.
                if self.export_status == Some(ExportStatus::Writing) {
                    self.export_status = None;
                }
            }
        }
    }

    /// The entry `id` was copied again.
    pub fn copied(&mut self, id: i64) {
        self.copied = Some(id);
    }

    pub fn ui(
        &mut self,
        ui: &mut Ui,
        history: &mut WindowHistory,
        commands: &mut Vec<WindowCommand>,
    ) {
        let Some(location) = history.location() else {
            ui.weak("No history is kept: there is no config folder to keep it in (give one with --config-dir).");
            return;
        };
        if let Some(failure) = history.failure() {
            error_line(ui, failure);
            ui.add_space(4.0);
        }
        switch_ui(ui, history, commands);
        ui.weak(format!("Kept in {location}"));
        ui.add_space(6.0);
        self.search_ui(ui);
        self.poll_verify();
        self.verify_ui(ui, commands);
        self.take_chosen_file(history);
        self.export_status_ui(ui);
        self.list_again_if_needed(history);
        self.count_ui(ui);
        ui.add_space(4.0);
        let missing = self.table_ui(ui, commands);
        if let Some(worker) = history.worker() {
            for page in missing {
                let request = worker.search(&self.query, page * PAGE_SIZE, PAGE_SIZE);
                self.pages.asked(page, request);
            }
        }
    }

    fn search_ui(&mut self, ui: &mut Ui) {
        let label = ui.label(SEARCH_LABEL);
        ui.horizontal(|ui| {
            let width = (field_width(ui) - 140.0).max(120.0);
            ui.add(
                egui::TextEdit::singleline(&mut self.query)
                    .hint_text(
                        "a ticket or part of one; a whole vehicle id, state, profile or owner id",
                    )
                    .desired_width(width),
            )
            .labelled_by(label.id);
            let exporting =
                self.choosing.is_some() || self.export_status == Some(ExportStatus::Writing);
            let export = ui
                .add_enabled(!exporting, egui::Button::new(EXPORT))
                .on_hover_text("Save the matching entries, newest first, as a CSV file");
            if export.clicked() {
                self.choosing = Some(self.chooser.ask(
                    FileQuestion::Save {
                        file_name: EXPORT_NAME.to_owned(),
                    },
                    ui.ctx(),
                ));
            }
        });
    }

    fn poll_verify(&mut self) {
        let Some(outcome) = self.verifying.as_ref().and_then(VerifyJob::poll) else {
            return;
        };
        self.verifying = None;
        if outcome.is_ok() {
            // The marked entries show their new outcome.
            self.pages.invalidate();
        }
        self.verify_status = Some(outcome);
    }

    fn verify_ui(&self, ui: &mut Ui, commands: &mut Vec<WindowCommand>) {
        if !self.verify_offered {
            return;
        }
        ui.horizontal_wrapped(|ui| {
            if let Some(job) = &self.verifying {
                let (done, total) = job.progress();
                ui.label(format!("Verifying… {done}/{total} vehicles"));
                if ui.button(CANCEL_VERIFY).clicked() {
                    commands.push(WindowCommand::CancelVerify);
                }
                return;
            }
            let hover = "Ask Smartcar which of the shown links still waiting (of the chosen profile) had their vehicle connected again since";
            if ui.button(VERIFY).on_hover_text(hover).clicked() {
                commands.push(WindowCommand::VerifyShown);
            }
            if let Some(Ok(counts)) = &self.verify_status {
                let whose = match &self.verified_profile {
                    Some(profile) => format!(" (links made with {profile})"),
                    None => String::new(),
                };
                ui.label(format!("{}{whose}", verify_counts_text(counts)));
            }
        });
        if let Some(Err(message)) = &self.verify_status {
            error_line(ui, message);
        }
    }

    fn take_chosen_file(&mut self, history: &mut WindowHistory) {
        let Some(choosing) = &self.choosing else {
            return;
        };
        let answer = match choosing.try_recv() {
            Ok(answer) => answer,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => {
                Err("the file dialog closed without an answer".to_owned())
            }
        };
        self.choosing = None;
        match answer {
            Ok(Some(path)) => {
                if let Some(worker) = history.worker() {
                    worker.export_csv(self.query.trim(), path);
                    self.export_status = Some(ExportStatus::Writing);
                }
            }
            Ok(None) => {}
            Err(reason) => {
                self.export_status = Some(ExportStatus::Failed(format!(
                    "Export: no file dialog could be shown ({reason}); try again"
                )));
            }
        }
    }

    fn export_status_ui(&self, ui: &mut Ui) {
        match &self.export_status {
            None => {}
            Some(ExportStatus::Writing) => {
                ui.weak("Exporting…");
            }
            Some(ExportStatus::Done(message)) => {
                ui.label(message);
            }
            Some(ExportStatus::Failed(message)) => {
                error_line(ui, message);
            }
        }
    }

    fn list_again_if_needed(&mut self, history: &mut WindowHistory) {
        let query = self.query.trim().to_owned();
        if !self.pages.needs_listing(&query) {
            return;
        }
        if let Some(worker) = history.worker() {
            let request = worker.count(&query);
            self.pages.listing(&query, request);
        }
    }

    fn count_ui(&self, ui: &mut Ui) {
        let query = self.query.trim();
        let text = match (self.pages.total(), query.is_empty()) {
            (None, _) => "Searching…".to_owned(),
            (Some(0), true) => "No links recorded yet.".to_owned(),
            (Some(0), false) => format!("Nothing matches “{query}”."),
            (Some(1), true) => "1 link recorded".to_owned(),
            (Some(total), true) => format!("{} links recorded, newest first", thousands(total)),
            (Some(1), false) => format!("1 link matches “{query}”"),
            (Some(total), false) => {
                format!("{} links match “{query}”, newest first", thousands(total))
            }
        };
        ui.weak(text);
    }

    /// Draws the rows in view; returns the pages they need that are not here yet.
    fn table_ui(&self, ui: &mut Ui, commands: &mut Vec<WindowCommand>) -> Vec<usize> {
        let total = self
            .pages
            .total()
            .map_or(0, |total| usize::try_from(total).unwrap_or(usize::MAX));
        let mut missing = Vec::new();
        TableBuilder::new(ui)
            .id_salt("history rows")
            .striped(true)
            .resizable(true)
            .auto_shrink([false, false])
            .column(Column::exact(130.0))
            .column(Column::initial(75.0).at_least(50.0).clip(true))
            // Room for a whole UUID: vehicle ids are what people compare.
            .column(Column::initial(265.0).at_least(60.0).clip(true))
            .column(Column::initial(75.0).at_least(50.0).clip(true))
            // Who sent it: on a desk's shared history, the answer to "who sent SUP-88's?".
            .column(Column::initial(60.0).at_least(45.0).clip(true))
            .column(Column::initial(60.0).at_least(45.0).clip(true))
            .column(Column::initial(80.0).at_least(50.0).clip(true))
            .column(Column::initial(110.0).at_least(60.0).clip(true))
            .column(Column::remainder().at_least(70.0))
            .header(ROW_HEIGHT, |mut header| {
                for title in [
                    "Time (UTC)",
                    "Ticket",
                    "Vehicle ID",
                    "Profile",
                    "Agent",
                    "Owner",
                    "How it left",
                    "Outcome",
                    "",
                ] {
                    header.col(|ui| {
                        ui.strong(title);
                    });
                }
            })
            .body(|body| {
                body.rows(ROW_HEIGHT, total, |mut row| {
                    let index = row.index();
                    let Some(entry) = self.pages.row(index) else {
                        if let Some(page) = self.pages.missing_page(index)
                            && !missing.contains(&page)
                        {
                            missing.push(page);
                        }
                        row.col(|ui| {
                            ui.weak("…");
                        });
                        return;
                    };
                    if let Some(page) = self.pages.missing_page(index)
                        && !missing.contains(&page)
                    {
                        // A row from before the history changed: shown until replaced.
                        missing.push(page);
                    }
                    self.entry_row_ui(&mut row, entry, commands);
                });
            });
        missing
    }

    fn entry_row_ui(
        &self,
        row: &mut egui_extras::TableRow<'_, '_>,
        entry: &Entry,
        commands: &mut Vec<WindowCommand>,
    ) {
        let cells = [
            shown_time(entry.time_ms),
            entry.ticket.clone(),
            entry.vehicle_id.clone(),
            entry.profile.clone(),
            entry.agent.clone(),
            entry.owner_id.clone(),
            entry.via.as_str().replace('_', " "),
            entry
                .outcome
                .as_ref()
                .map_or_else(|| "–".to_owned(), Outcome::to_string),
        ];
        let failed = shows_as_failure(entry.outcome.as_ref());
        let outcome_column = cells.len() - 1;
        for (column, text) in cells.into_iter().enumerate() {
            row.col(|ui| {
                let mut text = RichText::new(text);
                if column == outcome_column && failed {
                    text = text.color(ui.visuals().error_fg_color);
                }
                ui.add(egui::Label::new(text).truncate());
            });
        }
        row.col(|ui| {
            let label = if self.copied == Some(entry.id) {
                COPIED_AGAIN
            } else {
                COPY_AGAIN
            };
            let hover = format!(
                "Copy this link again (recorded as a new entry)\n{}",
                entry.link
            );
            if ui.small_button(label).on_hover_text(hover).clicked() {
                commands.push(WindowCommand::CopyFromHistory(Box::new(entry.clone())));
            }
        });
    }
}

fn switch_ui(ui: &mut Ui, history: &WindowHistory, commands: &mut Vec<WindowCommand>) {
    match history.recording() {
        Ok(recording) => {
            let mut record = recording;
            let changeable = !history.environment_decides();
            let switch = ui
                .add_enabled(changeable, egui::Checkbox::new(&mut record, RECORD_SWITCH))
                .on_hover_text("Saved in settings.toml; the command line honours it too");
            if changeable && switch.changed() {
                commands.push(WindowCommand::SetRecording(record));
            }
            if !changeable {
                ui.weak(format!(
                    "{RECORDING_ENV} is set for this window, so it decides; unset it to use this switch."
                ));
            }
        }
        Err(message) => {
            error_line(ui, &format!("{message}. Nothing is recorded meanwhile."));
            if ui.button("Record links from now on").clicked() {
                commands.push(WindowCommand::SetRecording(true));
            }
        }
    }
}

/// "verified: 1, still waiting: 0, not connected: 2", as `reauth-link verify` counts.
/// Only a failed return is in the error colour: a verified reconnection is good news, and
/// a link with no outcome yet is still waiting.
fn shows_as_failure(outcome: Option<&Outcome>) -> bool {
    outcome.is_some_and(|outcome| !outcome.is_final())
}

pub fn verify_counts_text(counts: &VerifyCounts) -> String {
    format!(
        "verified: {}, still waiting: {}, not connected: {}",
        counts.verified, counts.still_waiting, counts.not_connected
    )
}

/// An entry's time as the table shows it, under "Time (UTC)": `2026-11-24 09:30:00`.
pub fn shown_time(time_ms: i64) -> String {
    let time = format_utc(time_ms).replace('T', " ");
    time.trim_end_matches('Z').to_owned()
}

/// 1234567 as "1,234,567": a count of a million entries read at a glance.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::{Outcome, shows_as_failure, thousands};

    #[test]
    fn only_a_failed_return_shows_as_a_failure() {
        assert!(shows_as_failure(Some(&Outcome::failed("access_denied"))));
        assert!(!shows_as_failure(Some(&Outcome::Success)));
        assert!(!shows_as_failure(Some(&Outcome::verified(None))));
        assert!(
            !shows_as_failure(Some(&Outcome::verified(Some(Outcome::failed(
                "access_denied"
            ))))),
            "reconnected since the failed return"
        );
        assert!(!shows_as_failure(None), "still waiting");
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        let table = [
            (0, "0"),
            (999, "999"),
            (1000, "1,000"),
            (1_000_000, "1,000,000"),
            (12_345, "12,345"),
        ];
        for (n, text) in table {
            assert_eq!(thousands(n), text);
        }
    }
}
