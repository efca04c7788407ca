//! The triage line above the form. After a paste it says what happened and what helps, in
//! the theme's colour for the core's level (information, warning, error), then what the
//! paste filled: the form's fields for a re-authentication link, the values themselves for
//! another kind of link, nothing for advice without a link; for a virtual key, the URL to
//! send with a button that copies it. When the paste holds pieces that disagree it fills
//! nothing: it lists each with what it would fill and a button to use it. Everything shown
//! comes from the core's `Triage`.

use egui::{Color32, RichText, Ui, Visuals};

use crate::link::candidates::Candidate;
use crate::link::triage::FilledTarget;
use crate::link::{Level, LinkKind, Pasted, ReauthForm, Triage};
use crate::ui::command::WindowCommand;
use crate::ui::widgets::field_width;

pub const VIRTUAL_KEY_URL_LABEL: &str = "Virtual-key URL to send";
pub const COPY_URL: &str = "Copy URL";
pub const URL_COPIED: &str = "Copied: send it to the owner.";
/// Said when the advice sends no link: the form was left empty for the case.
pub const NOTHING_FILLED: &str = "Nothing was filled: no link helps here.";

/// The button that uses the candidate at `index` (counted from 0) of a paste that holds
/// several: "Use candidate 1" for the first.
pub fn use_candidate_label(index: usize) -> String {
    format!("Use candidate {}", index + 1)
}

/// The colour of a triage line at `level`, in the theme of `visuals`.
pub fn level_colour(visuals: &Visuals, level: Level) -> Color32 {
    match level {
        // Neutral: information needs no alarm, and the strong text colour reads well on
        // both themes (the hyperlink blue is faint on the light one).
        Level::Info => visuals.strong_text_color(),
        Level::Warning => visuals.warn_fg_color,
        Level::Error => visuals.error_fg_color,
    }
}

/// What the last paste came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TriageLine {
    /// One reading, filled into the form.
    Read(ReadLine),
    /// The paste's pieces disagree, so none was filled.
    Ambiguous {
        level: Level,
        message: String,
        candidates: Vec<(Candidate, Triage)>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadLine {
    triage: Triage,
    /// Which fields came from the paste and what is still needed, counted against the
    /// form it was filled into; for another kind of link, what that link needs; for
    /// advice without a link, that nothing was filled.
    summary: String,
    notes: Vec<String>,
    url_copied: bool,
}

impl TriageLine {
    /// The line for a paste acted on, counted against the `form` it left.
    pub fn read(pasted: &Pasted, triage: Triage, form: &ReauthForm) -> Self {
        let summary = match triage.link {
            Some(LinkKind::Reauth) => pasted.summary_after_fill(form),
            Some(kind) => format!("{}: {}", kind.label(), triage.fill_sentence()),
            None if virtual_key_url(&triage).is_some() => String::new(),
            None => NOTHING_FILLED.to_owned(),
        };
        TriageLine::Read(ReadLine {
            triage,
            summary,
            notes: pasted.notes.clone(),
            url_copied: false,
        })
    }

    /// A paste was read and what helps is not a link.
    pub fn advises_no_link(&self) -> bool {
        matches!(self, TriageLine::Read(read) if read.triage.link.is_none())
    }

    /// The paste and its triage for the candidate the person chose.
    pub fn candidate(&self, index: usize) -> Option<(Pasted, Triage)> {
        match self {
            TriageLine::Ambiguous { candidates, .. } => candidates
                .get(index)
                .map(|(candidate, triage)| (candidate.pasted.clone(), triage.clone())),
            TriageLine::Read(_) => None,
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, commands: &mut Vec<WindowCommand>) {
        match self {
            TriageLine::Read(line) => line.ui(ui),
            TriageLine::Ambiguous {
                level,
                message,
                candidates,
            } => ambiguous_ui(ui, *level, message, candidates, commands),
        }
    }
}

impl ReadLine {
    fn ui(&mut self, ui: &mut Ui) {
        headline_ui(ui, self.triage.level, &self.triage.headline);
        if let Some(url) = virtual_key_url(&self.triage).map(str::to_owned) {
            self.virtual_key_ui(ui, &url);
        }
        if !self.summary.is_empty() {
            ui.add(egui::Label::new(self.summary.as_str()).wrap());
        }
        // The form below shows what a re-authentication link took; the other kinds'
        // values are shown here.
        if self
            .triage
            .link
            .is_some_and(|kind| kind != LinkKind::Reauth)
        {
            filled_ui(ui, &self.triage);
        }
        for note in &self.notes {
            ui.add(egui::Label::new(RichText::new(note).weak()).wrap());
        }
    }

    fn virtual_key_ui(&mut self, ui: &mut Ui, url: &str) {
        let label = ui.label(VIRTUAL_KEY_URL_LABEL);
        ui.horizontal(|ui| {
            // Room for the button beside the field.
            const COPY_BUTTON_WIDTH: f32 = 90.0;
            let mut shown = url;
            ui.add(
                egui::TextEdit::singleline(&mut shown)
                    .font(egui::TextStyle::Monospace)
                    .desired_width((field_width(ui) - COPY_BUTTON_WIDTH).max(120.0)),
            )
            .labelled_by(label.id);
            if ui
                .button(COPY_URL)
                .on_hover_text("Copy the virtual-key URL to send to the owner")
                .clicked()
            {
                ui.ctx().copy_text(url.to_owned());
                self.url_copied = true;
            }
        });
        if self.url_copied {
            ui.weak(URL_COPIED);
        }
    }
}

/// The one line saying what happened and what helps, in the level's colour; a screen
/// reader hears the level as a word before it, since it cannot see the colour.
fn headline_ui(ui: &mut Ui, level: Level, text: &str) {
    let colour = level_colour(ui.visuals(), level);
    let response = ui.add(egui::Label::new(RichText::new(text).color(colour).strong()).wrap());
    let spoken = format!("{}: {text}", level_word(level));
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Label, ui.is_enabled(), spoken.as_str())
    });
}

/// The level as a screen reader says it before the headline.
pub fn level_word(level: Level) -> &'static str {
    match level {
        Level::Info => "Note",
        Level::Warning => "Warning",
        Level::Error => "Error",
    }
}

/// The URL a virtual-key error carries, to be sent as it is.
fn virtual_key_url(triage: &Triage) -> Option<&str> {
    triage
        .filled
        .iter()
        .find(|filled| filled.target == FilledTarget::VirtualKeyUrl)
        .map(|filled| filled.value.as_str())
}

/// Each value the paste gave the chosen link, under its parameter name.
fn filled_ui(ui: &mut Ui, triage: &Triage) {
    if triage.filled.is_empty() {
        return;
    }
    egui::Grid::new("triage_filled")
        .num_columns(2)
        .spacing([12.0, 2.0])
        .show(ui, |ui| {
            for filled in &triage.filled {
                ui.weak(filled.name());
                ui.add(egui::Label::new(RichText::new(filled.value.as_str()).monospace()).wrap());
                ui.end_row();
            }
        });
}

/// The paste's pieces disagree: the message, then each piece with what it would fill and
/// what it would mean, and a button to use it.
fn ambiguous_ui(
    ui: &mut Ui,
    level: Level,
    message: &str,
    candidates: &[(Candidate, Triage)],
    commands: &mut Vec<WindowCommand>,
) {
    headline_ui(ui, level, message);
    for (index, (candidate, triage)) in candidates.iter().enumerate() {
        ui.add_space(4.0);
        if ui
            .button(use_candidate_label(index))
            .on_hover_text("Fill the form from this one")
            .clicked()
        {
            commands.push(WindowCommand::UsePasteCandidate(index));
        }
        // Below the button, not beside it: a long link wraps within the column.
        ui.indent(("triage_candidate", index), |ui| {
            ui.add(egui::Label::new(RichText::new(candidate.describe()).weak()).wrap());
            let colour = level_colour(ui.visuals(), triage.level);
            ui.add(
                egui::Label::new(RichText::new(triage.advice.message.as_str()).color(colour))
                    .wrap(),
            );
        });
    }
}
