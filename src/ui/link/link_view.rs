//! The link: in full, selectable and wrapped, its parameters told apart by colour, with a
//! table of the decoded values; or, while an error blocks it, one line saying what does.

use std::sync::Arc;

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId, Galley, RichText, TextBuffer, Ui};

use crate::link::Severity;
use crate::link::length::long_link_warning;
use crate::ui::command::WindowCommand;
use crate::ui::link::reauth_form::ReauthFormState;
use crate::ui::link::to_the_owner::{ToTheOwnerPanel, delivery_buttons_ui};
use crate::ui::shortcuts::Shortcuts;
use crate::ui::widgets::{error_line, findings_ui, section_heading};

pub const LINK_LABEL: &str = "Re-authentication link";
pub const COPY: &str = "Copy link";
pub const COPIED: &str = "Copied";
pub const OPEN: &str = "Open in browser";

/// What happened to the last "Open in browser".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenStatus {
    Opening,
    Opened,
    Failed(String),
}

/// What the view needs besides the form.
pub struct LinkViewState<'a> {
    pub copied: bool,
    pub open_status: Option<&'a OpenStatus>,
    pub shortcuts: &'a Shortcuts,
    /// Which link is shown: what was said about an older one is hidden.
    pub generation: u64,
    /// The last paste's advice needs no link (a virtual key, the owner's own action, a
    /// retry later…): an empty form then says so before what it would need.
    pub advice_without_link: bool,
}

/// Beside an empty form after advice that needs no link.
pub const NO_LINK_HELPS: &str =
    "No link helps with the pasted case: see the advice above the form.";

pub fn link_view_ui(
    ui: &mut Ui,
    form: &ReauthFormState,
    view: &LinkViewState<'_>,
    to_the_owner: &mut ToTheOwnerPanel,
    commands: &mut Vec<WindowCommand>,
) {
    let label = ui.label(RichText::new(LINK_LABEL).strong().size(15.0));
    let checked = form.checked();
    let contract = form.options().contract;
    let blocked = checked.findings.blocking_summary(contract);
    match (&checked.link, form.link(), blocked) {
        (Some(built), Some(link), None) => {
            let params: Vec<(&str, &str)> = built
                .params
                .iter()
                .map(|(name, value)| (*name, value.as_str()))
                .collect();
            shown_link_ui(ui, label.id, link, &params, view, to_the_owner, commands);
        }
        (_, _, blocked) => {
            let quiet = form
                .quiet_blockers()
                .map(|fields| fields.iter().map(|f| f.label(contract)).collect());
            no_link_ui(ui, quiet, blocked, view, to_the_owner, commands);
        }
    }
}

/// The link under its heading (`label`), Copy and Open, the ways to hand it over, and its
/// decoded pairs.
pub(super) fn shown_link_ui(
    ui: &mut Ui,
    label: egui::Id,
    link: &str,
    params: &[(&'static str, &str)],
    view: &LinkViewState<'_>,
    to_the_owner: &mut ToTheOwnerPanel,
    commands: &mut Vec<WindowCommand>,
) {
    link_box_ui(ui, link, label);
    if let Some(warning) = long_link_warning(link) {
        findings_ui(ui, [(Severity::Warning, format!("The link {warning}"))]);
    }
    actions_ui(ui, None, view, to_the_owner, commands);
    open_status_ui(ui, view.open_status);
    to_the_owner.ui(ui, link, view.generation, commands);
    section_heading(ui, "Parameters");
    params_table_ui(ui, params);
}

/// No link yet. While every field that blocks it is still quiet (a fresh form: nothing is
/// wrong yet, only missing) it names them and Copy and Open stay clickable: trying one
/// makes every field say what it needs. Otherwise one line says what blocks the link.
pub(super) fn no_link_ui(
    ui: &mut Ui,
    quiet_blockers: Option<Vec<&str>>,
    blocked: Option<String>,
    view: &LinkViewState<'_>,
    to_the_owner: &ToTheOwnerPanel,
    commands: &mut Vec<WindowCommand>,
) {
    match quiet_blockers {
        Some(names) => {
            if view.advice_without_link {
                ui.label(NO_LINK_HELPS);
                ui.weak(format!("To make one anyway, fill in {}.", names.join(", ")));
            } else {
                ui.weak(format!("No link yet: fill in {}.", names.join(", ")));
            }
            actions_ui(ui, None, view, to_the_owner, commands);
        }
        None => {
            let reason = blocked.unwrap_or_else(|| "No link yet.".to_owned());
            error_line(ui, &reason);
            actions_ui(ui, Some(&reason), view, to_the_owner, commands);
        }
    }
}

fn link_box_ui(ui: &mut Ui, link: &str, label: egui::Id) {
    let mut layouter = |ui: &Ui, text: &dyn TextBuffer, wrap_width: f32| -> Arc<Galley> {
        let mut job = highlighted_link(ui, text.as_str());
        job.wrap.max_width = wrap_width;
        job.wrap.break_anywhere = true;
        ui.ctx().fonts_mut(|fonts| fonts.layout_job(job))
    };
    let mut read_only: &str = link;
    ui.add(
        egui::TextEdit::multiline(&mut read_only)
            .font(egui::TextStyle::Monospace)
            .desired_width(f32::INFINITY)
            .desired_rows(2)
            .layouter(&mut layouter),
    )
    .labelled_by(label);
}

/// Parameter names in the weak text colour, values in the strong one, so each `name=value`
/// stands out in a long link.
fn highlighted_link(ui: &Ui, link: &str) -> LayoutJob {
    let font = FontId::monospace(ui.style().text_styles[&egui::TextStyle::Monospace].size);
    let strong = ui.visuals().strong_text_color();
    let weak = ui.visuals().weak_text_color();
    let accent = ui.visuals().hyperlink_color;
    let mut job = LayoutJob::default();
    let append = |job: &mut LayoutJob, text: &str, colour: Color32| {
        job.append(text, 0.0, TextFormat::simple(font.clone(), colour));
    };
    let (base, query) = link.split_once('?').unwrap_or((link, ""));
    append(&mut job, base, weak);
    if link.contains('?') {
        append(&mut job, "?", weak);
    }
    for (index, pair) in query.split('&').enumerate() {
        if index > 0 {
            append(&mut job, "&", weak);
        }
        match pair.split_once('=') {
            Some((name, value)) => {
                append(&mut job, name, accent);
                append(&mut job, "=", weak);
                append(&mut job, value, strong);
            }
            None => append(&mut job, pair, strong),
        }
    }
    job
}

fn actions_ui(
    ui: &mut Ui,
    blocked_reason: Option<&str>,
    view: &LinkViewState<'_>,
    to_the_owner: &ToTheOwnerPanel,
    commands: &mut Vec<WindowCommand>,
) {
    let enabled = blocked_reason.is_none();
    let why = blocked_reason.unwrap_or_default();
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        let copy_text = if view.copied { COPIED } else { COPY };
        let copy = egui::Button::new(copy_text)
            .shortcut_text(ui.ctx().format_shortcut(&view.shortcuts.copy_link));
        let copy = ui
            .add_enabled(enabled, copy)
            .on_disabled_hover_text(why)
            .on_hover_text("Copies exactly the link shown");
        if copy.clicked() {
            commands.push(WindowCommand::CopyLink);
        }
        let open = egui::Button::new(OPEN)
            .shortcut_text(ui.ctx().format_shortcut(&view.shortcuts.open_link));
        let open = ui
            .add_enabled(enabled, open)
            .on_disabled_hover_text(why)
            .on_hover_text("Opens exactly the link in the system browser");
        if open.clicked() {
            commands.push(WindowCommand::OpenLink);
        }
        delivery_buttons_ui(ui, blocked_reason, view.shortcuts, to_the_owner, commands);
    });
}

fn open_status_ui(ui: &mut Ui, status: Option<&OpenStatus>) {
    match status {
        None => {}
        Some(OpenStatus::Opening) => {
            ui.weak("Starting the browser…");
        }
        Some(OpenStatus::Opened) => {
            ui.weak("Opened in the system browser.");
        }
        Some(OpenStatus::Failed(reason)) => {
            error_line(
                ui,
                &format!(
                    "Could not start a browser: {reason}. The link is still here: copy it instead."
                ),
            );
        }
    }
}

fn params_table_ui(ui: &mut Ui, params: &[(&'static str, &str)]) {
    egui::Grid::new("link_params")
        .num_columns(2)
        .striped(true)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for (name, value) in params {
                ui.label(RichText::new(*name).monospace().weak());
                ui.add(egui::Label::new(RichText::new(*value).monospace()).wrap());
                ui.end_row();
            }
        });
}
