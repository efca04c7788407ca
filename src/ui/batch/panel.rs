//! The Batch panel: thousands of links at once. A pasted list or a file in, a table of
//! links and errors out, export and copy. The rows are built by `crate::batch` on a
//! worker thread (see `batch_job`); this file only draws.
//!
//! Files come from the desktop's file dialog ("Choose file…", "Save as…"), a labelled
//! path field, or a drop onto the window. The path fields stay: on a desktop without a
//! file dialog service they are the way in and out.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use crate::batch::{BatchDefaults, BatchOptions};
use crate::deliver::{MessageTemplates, TextColumn};
use crate::history::HistoryLocation;
use crate::ui::batch::job::{BatchJob, BatchSource, BatchTable, ExportRecording, start_export};
use crate::ui::batch::rows::RowsView;
use crate::ui::file_dialog::{Answer, FileChooser, FileQuestion};
use crate::ui::link::ticket_field::ticket_field_ui;

/// Beyond this a paste is summarised instead of shown in the text field (about 7,000 ids).
const MAX_SHOWN_PASTE_BYTES: usize = 256 * 1024;

/// While the worker runs the panel redraws at least this often, even between its nudges.
const RUNNING_REDRAW: Duration = Duration::from_millis(100);

/// The export's name when the person has not typed one.
const DEFAULT_EXPORT_NAME: &str = "links.csv";

pub const MESSAGE_COLUMN_OPTION: &str = "With the text message as a column (for mail merge)";

/// What every row is built from: the chosen profile's values for the link, and its text
/// message template and name for the export's `message` column.
#[derive(Clone, Copy, Debug)]
pub struct BatchProfile<'a> {
    pub defaults: &'a BatchDefaults,
    /// `None`: the default templates.
    pub templates: Option<&'a MessageTemplates>,
    /// `None`: the neutral wording where the app's name would go.
    pub app: Option<&'a str>,
}

impl<'a> BatchProfile<'a> {
    /// Link values alone: the text message, if asked for, uses the defaults.
    pub fn new(defaults: &'a BatchDefaults) -> Self {
        Self {
            defaults,
            templates: None,
            app: None,
        }
    }

    /// The `message` column, as `batch --message-column` makes it.
    fn text_column(&self) -> Result<TextColumn, String> {
        TextColumn::new(self.templates, self.app).map_err(|(_, error)| {
            format!(
                "The profile's text message cannot be used: {error}. Fix it on the Profiles tab, or export without the message column."
            )
        })
    }
}

#[derive(Default)]
pub struct BatchPanel {
    pasted: String,
    file_path: String,
    export_path: String,
    /// The support ticket the batch answers: with one, an export records its links.
    ticket: String,
    /// Where exports record, this frame: `None` while recording is off.
    history: Option<BatchHistory>,
    random_state: bool,
    /// Whether the export gets the text message as a `message` column.
    message_column: bool,
    job: Option<BatchJob>,
    table: Option<Arc<BatchTable>>,
    export: Option<Receiver<Result<String, String>>>,
    /// The last outcome in words: an error, a cancel, an export.
    status: Option<Status>,
    chooser: FileChooser,
    /// A file dialog that is open, and what it was asked.
    choosing: Option<(FileQuestion, Receiver<Answer>)>,
    /// A file given when the window opened (`--batch FILE`), read once a profile is chosen.
    file_at_start: Option<PathBuf>,
    rows_view: RowsView,
    /// The longest the panel took to draw a frame while the current batch ran.
    slowest_frame: Duration,
}

/// The history an export records in, as the window knows it this frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchHistory {
    pub location: HistoryLocation,
    /// Where an export's entries wait while the shared history cannot be reached.
    pub outbox: Option<PathBuf>,
    pub agent: String,
    /// The chosen profile's name, kept with each entry.
    pub profile: Option<String>,
}

enum Status {
    Done(String),
    Failed(String),
}

impl BatchPanel {
    pub fn new() -> Self {
        Self::default()
    }

    /// Files are chosen by `chooser` instead of the desktop's dialog.
    pub fn with_file_chooser(chooser: FileChooser) -> Self {
        Self {
            chooser,
            ..Self::default()
        }
    }

    /// Reads `path` as soon as the panel has a profile's values: the window was opened to
    /// build its links (`--batch FILE`, a file manager's "Open with").
    pub fn read_at_start(&mut self, path: PathBuf) {
        self.file_path = path.display().to_string();
        self.file_at_start = Some(path);
    }

    /// True while rows are being built, exported, or a file dialog is open.
    pub fn is_running(&self) -> bool {
        self.job.is_some() || self.export.is_some() || self.choosing.is_some()
    }

    /// Who answers file questions: the Link tab's "Save QR…" asks the same one.
    pub fn file_chooser(&self) -> &FileChooser {
        &self.chooser
    }

    /// The rows of the last batch, if any.
    pub fn table(&self) -> Option<&BatchTable> {
        self.table.as_deref()
    }

    /// `source`: the chosen profile's values; without one the panel says to choose it.
    /// `history`: where an export with a ticket records its links (`None`: recording off).
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        source: Option<&BatchProfile<'_>>,
        history: Option<BatchHistory>,
    ) {
        self.history = history;
        let started = Instant::now();
        let was_running = self.job.is_some();
        self.panel_ui(ui, source);
        if was_running {
            self.slowest_frame = self.slowest_frame.max(started.elapsed());
        }
    }

    fn panel_ui(&mut self, ui: &mut egui::Ui, source: Option<&BatchProfile<'_>>) {
        self.collect_outcomes(ui.ctx());
        ui.heading("Batch");
        let Some(profile) = source else {
            ui.label(
                "Choose a profile first: every link of the batch takes its client id and redirect URI from it.",
            );
            if let Some(path) = &self.file_at_start {
                ui.label(format!(
                    "{} is read as soon as one is chosen.",
                    path.display()
                ));
            }
            return;
        };
        let defaults = profile.defaults;
        describe_defaults_ui(ui, defaults);
        if let Some(path) = self.file_at_start.take() {
            self.start(BatchSource::File(path), defaults, ui.ctx());
        }
        self.take_chosen_file(profile, ui.ctx());
        self.input_ui(ui, defaults);
        self.ticket_ui(ui);
        self.progress_ui(ui);
        self.status_ui(ui);
        if let Some(table) = self.table.clone() {
            self.results_ui(ui, &table, profile);
        }
        if self.is_running() {
            ui.ctx().request_repaint_after(RUNNING_REDRAW);
        }
    }

    fn collect_outcomes(&mut self, ctx: &egui::Context) {
        if let Some(outcome) = self.job.as_ref().and_then(BatchJob::poll) {
            self.job = None;
            crate::ui::batch::probe::report(ctx, &outcome, self.slowest_frame);
            match outcome {
                Ok(table) => {
                    self.status = table.cancelled.then(|| {
                        Status::Done(format!(
                            "Cancelled after {} rows: the table, the export and the copy hold only those.",
                            table.rows.len()
                        ))
                    });
                    self.table = Some(Arc::new(table));
                }
                Err(message) => self.status = Some(Status::Failed(message)),
            }
        }
        if let Some(outcome) = self.export.as_ref().and_then(|rx| rx.try_recv().ok()) {
            self.export = None;
            self.status = Some(match outcome {
                Ok(message) => Status::Done(message),
                Err(message) => Status::Failed(message),
            });
        }
    }

    /// Acts on the file dialog's answer once it has come.
    fn take_chosen_file(&mut self, profile: &BatchProfile<'_>, ctx: &egui::Context) {
        let Some((question, answer)) = &self.choosing else {
            return;
        };
        let answer = match answer.try_recv() {
            Ok(answer) => answer,
            Err(mpsc::TryRecvError::Empty) => return,
            Err(mpsc::TryRecvError::Disconnected) => Err("it stopped without an answer".into()),
        };
        let question = question.clone();
        self.choosing = None;
        let chosen = match answer {
            Ok(chosen) => chosen,
            Err(reason) => {
                self.status = Some(Status::Failed(format!(
                    "No file dialog could be shown ({reason}): type the path in the field instead."
                )));
                return;
            }
        };
        let Some(path) = chosen else {
            self.status = Some(Status::Done(
                "No file chosen. (If no dialog appeared, this desktop offers none: type the path in the field instead.)"
                    .to_owned(),
            ));
            return;
        };
        match question {
            FileQuestion::Open => {
                self.file_path = path.display().to_string();
                self.start(BatchSource::File(path), profile.defaults, ctx);
            }
            // Asked by the Link tab, never by this panel.
            FileQuestion::SaveQr { .. } => {}
            FileQuestion::Save { .. } => {
                self.export_path = path.display().to_string();
                if let Some(table) = self.table.clone() {
                    self.export_to(&table, path, profile, ctx);
                }
            }
        }
    }

    /// Exports `table` to `path`, with the text message column when it is asked for.
    fn export_to(
        &mut self,
        table: &Arc<BatchTable>,
        path: PathBuf,
        profile: &BatchProfile<'_>,
        ctx: &egui::Context,
    ) {
        let message = match self.message_column.then(|| profile.text_column()) {
            None => None,
            Some(Ok(column)) => Some(column),
            Some(Err(problem)) => {
                self.status = Some(Status::Failed(problem));
                return;
            }
        };
        self.export = Some(start_export(
            Arc::clone(table),
            path,
            message,
            self.export_recording(),
            ctx.clone(),
        ));
    }

    /// With a ticket and recording on, the export records its links; a ticket typed while
    /// recording is off says so beside the field instead.
    fn export_recording(&self) -> Option<ExportRecording> {
        let ticket = self.ticket.trim();
        if ticket.is_empty() {
            return None;
        }
        self.history.as_ref().map(|history| ExportRecording {
            history: history.location.clone(),
            outbox: history.outbox.clone(),
            agent: history.agent.clone(),
            profile: history.profile.clone(),
            ticket: ticket.to_owned(),
        })
    }

    fn ticket_ui(&mut self, ui: &mut egui::Ui) {
        ticket_field_ui(ui, &mut self.ticket);
        if self.history.is_none() && !self.ticket.trim().is_empty() {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "Recording is off (see History): an export will not be recorded.",
            );
        }
    }

    fn ask_for_file(&mut self, question: FileQuestion, ctx: &egui::Context) {
        self.status = None;
        let answer = self.chooser.ask(question.clone(), ctx);
        self.choosing = Some((question, answer));
    }

    /// The typed export name, else `links.csv`: where the dialog starts.
    fn export_file_name(&self) -> String {
        PathBuf::from(self.export_path.trim())
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| DEFAULT_EXPORT_NAME.to_owned())
    }

    fn input_ui(&mut self, ui: &mut egui::Ui, defaults: &BatchDefaults) {
        let idle = !self.is_running();
        self.paste_area_ui(ui);
        ui.horizontal(|ui| {
            ui.checkbox(&mut self.random_state, "Random state for each row");
            if ui
                .add_enabled(idle, egui::Button::new("Build links from the pasted text"))
                .clicked()
            {
                self.start(BatchSource::Pasted(self.pasted.clone()), defaults, ui.ctx());
            }
        });
        ui.horizontal(|ui| {
            let label = ui.label("File to read");
            ui.add(
                egui::TextEdit::singleline(&mut self.file_path)
                    .hint_text("a path, or drop a file on the window"),
            )
            .labelled_by(label.id);
            let has_path = !self.file_path.trim().is_empty();
            if ui
                .add_enabled(
                    idle && has_path,
                    egui::Button::new("Build links from the file"),
                )
                .clicked()
            {
                let path = PathBuf::from(self.file_path.trim());
                self.start(BatchSource::File(path), defaults, ui.ctx());
            }
            if ui
                .add_enabled(idle, egui::Button::new("Choose file…"))
                .clicked()
            {
                self.ask_for_file(FileQuestion::Open, ui.ctx());
            }
        });
        if idle && let Some(path) = dropped_file(ui.ctx()) {
            self.file_path = path.display().to_string();
            self.start(BatchSource::File(path), defaults, ui.ctx());
        }
    }

    /// A long paste is kept but not shown: laying out megabytes of text every frame would
    /// stall the window, and nobody reads 100,000 ids on screen.
    fn paste_area_ui(&mut self, ui: &mut egui::Ui) {
        if self.pasted.len() > MAX_SHOWN_PASTE_BYTES {
            ui.horizontal(|ui| {
                let lines = self.pasted.lines().count();
                ui.label(format!(
                    "Pasted {lines} lines ({} KiB): too long to show, ready to build.",
                    self.pasted.len() / 1024
                ));
                if ui.button("Clear the pasted text").clicked() {
                    self.pasted.clear();
                }
            });
            return;
        }
        let label = ui.label("Vehicle ids, a CSV or JSON events to paste");
        // A paste of thousands of lines scrolls in its own box, so the buttons below stay
        // on screen.
        egui::ScrollArea::vertical()
            .id_salt("batch_paste")
            .max_height(PASTE_BOX_HEIGHT)
            .show(ui, |ui| {
                ui.add(
                    egui::TextEdit::multiline(&mut self.pasted)
                        .desired_rows(4)
                        .desired_width(f32::INFINITY)
                        .hint_text("one vehicle id per line, or a CSV with a vehicle_id column"),
                )
                .labelled_by(label.id);
            });
    }

    fn start(&mut self, source: BatchSource, defaults: &BatchDefaults, ctx: &egui::Context) {
        let options = BatchOptions {
            random_state: self.random_state,
        };
        self.status = None;
        self.table = None;
        self.rows_view = RowsView::default();
        self.slowest_frame = Duration::ZERO;
        self.job = Some(BatchJob::start(
            source,
            defaults.clone(),
            options,
            ctx.clone(),
        ));
    }

    fn progress_ui(&mut self, ui: &mut egui::Ui) {
        let Some(job) = &self.job else {
            return;
        };
        let rows = job.progress.rows.load(Ordering::Relaxed);
        ui.horizontal(|ui| {
            ui.add(
                egui::ProgressBar::new(job.fraction())
                    .desired_width(240.0)
                    .text(format!("{rows} rows read")),
            );
            let cancelling = job.is_cancelling();
            let label = if cancelling {
                "Cancelling…"
            } else {
                "Cancel"
            };
            if ui
                .add_enabled(!cancelling, egui::Button::new(label))
                .clicked()
            {
                job.cancel();
            }
        });
    }

    fn status_ui(&self, ui: &mut egui::Ui) {
        match &self.status {
            Some(Status::Done(message)) => {
                ui.label(message);
            }
            Some(Status::Failed(message)) => {
                ui.colored_label(ui.visuals().error_fg_color, message);
            }
            None => {}
        }
    }

    fn results_ui(
        &mut self,
        ui: &mut egui::Ui,
        table: &Arc<BatchTable>,
        profile: &BatchProfile<'_>,
    ) {
        for warning in &table.shared_warnings {
            ui.colored_label(ui.visuals().warn_fg_color, warning);
        }
        ui.label(counts_text(table));
        self.actions_ui(ui, table, profile);
        self.rows_view.ui(ui, &table.rows);
    }

    fn actions_ui(
        &mut self,
        ui: &mut egui::Ui,
        table: &Arc<BatchTable>,
        profile: &BatchProfile<'_>,
    ) {
        ui.horizontal(|ui| {
            if ui
                .add_enabled(table.summary.good > 0, egui::Button::new("Copy all links"))
                .clicked()
            {
                ui.ctx().copy_text(table.rows.links());
                self.status = Some(Status::Done(format!(
                    "Copied {} links, one per line.",
                    table.summary.good
                )));
            }
            let label = ui.label("Export to file");
            ui.add(
                egui::TextEdit::singleline(&mut self.export_path).hint_text(DEFAULT_EXPORT_NAME),
            )
            .labelled_by(label.id);
            let ready = !self.export_path.trim().is_empty() && !self.is_running();
            if ui
                .add_enabled(ready, egui::Button::new("Export CSV"))
                .clicked()
            {
                let path = PathBuf::from(self.export_path.trim());
                self.export_to(table, path, profile, ui.ctx());
            }
            if ui
                .add_enabled(!self.is_running(), egui::Button::new("Save as…"))
                .clicked()
            {
                let file_name = self.export_file_name();
                self.ask_for_file(FileQuestion::Save { file_name }, ui.ctx());
            }
            ui.checkbox(&mut self.message_column, MESSAGE_COLUMN_OPTION)
                .on_hover_text(
                    "Adds a `message` column: each good row's SMS or chat text, with its link",
                );
        });
    }
}

fn describe_defaults_ui(ui: &mut egui::Ui, defaults: &BatchDefaults) {
    let redirect = defaults
        .redirect_uri
        .as_deref()
        .unwrap_or("the dashboard's default redirect URI");
    ui.label(format!(
        "Every link uses client id {} and returns to {redirect}.",
        defaults.client_id
    ));
}

/// Room for about six lines of pasted ids.
const PASTE_BOX_HEIGHT: f32 = 120.0;

fn counts_text(table: &BatchTable) -> String {
    let summary = &table.summary;
    format!(
        "{}: {} good, {} bad, {}",
        count(summary.rows, "row"),
        summary.good,
        summary.bad,
        count(summary.duplicates, "duplicate")
    )
}

fn count(n: impl Into<u64>, noun: &str) -> String {
    match n.into() {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}

fn dropped_file(ctx: &egui::Context) -> Option<PathBuf> {
    ctx.input(|input| {
        input
            .raw
            .dropped_files
            .first()
            .map(|file| file.path().to_path_buf())
    })
}
