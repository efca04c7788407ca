//! Small building blocks shared by the panels: a labelled field and a finding line.

use egui::{Response, RichText, TextEdit, Ui};

use crate::link::Severity;

/// Room for a UUID plus some slack; fields stretch to the panel width up to this.
const FIELD_MAX_WIDTH: f32 = 560.0;

/// A label above a single-line field. The label is also the field's accessible name, so a
/// screen reader and the tests find the field by what the person reads.
pub fn labelled_text_field(
    ui: &mut Ui,
    label: &str,
    value: &mut String,
    hint: &str,
    monospace: bool,
) -> Response {
    let label_response = ui.label(label);
    let mut edit = TextEdit::singleline(value)
        .hint_text(hint)
        .desired_width(field_width(ui));
    if monospace {
        edit = edit.font(egui::TextStyle::Monospace);
    }
    ui.add(edit).labelled_by(label_response.id)
}

/// The width a form field takes: the panel's width, capped so lines stay readable.
pub fn field_width(ui: &Ui) -> f32 {
    ui.available_width().min(FIELD_MAX_WIDTH)
}

/// Every finding for one field, each on its own line in the theme's error or warning
/// colour; nothing at all when the field is fine. Link fields and profile fields alike.
pub fn findings_ui(ui: &mut Ui, findings: impl IntoIterator<Item = (Severity, String)>) {
    for (severity, message) in findings {
        let colour = severity_colour(ui, severity);
        let prefix = match severity {
            Severity::Error => "Error",
            Severity::Warning => "Warning",
        };
        ui.add(
            egui::Label::new(RichText::new(format!("{prefix}: {message}")).color(colour)).wrap(),
        );
    }
}

pub fn severity_colour(ui: &Ui, severity: Severity) -> egui::Color32 {
    match severity {
        Severity::Error => ui.visuals().error_fg_color,
        Severity::Warning => ui.visuals().warn_fg_color,
    }
}

/// A line in the error colour, wrapped: for failures the person must act on.
pub fn error_line(ui: &mut Ui, text: &str) -> Response {
    let colour = ui.visuals().error_fg_color;
    ui.add(egui::Label::new(RichText::new(text).color(colour)).wrap())
}

/// A section heading with a little air above it.
pub fn section_heading(ui: &mut Ui, text: &str) {
    ui.add_space(8.0);
    ui.label(RichText::new(text).strong().size(15.0));
    ui.add_space(2.0);
}

/// A vertical scroll area that fills the space it is given.
pub fn scroll_area(id: &'static str) -> egui::ScrollArea {
    egui::ScrollArea::vertical()
        .id_salt(id)
        .auto_shrink([false, false])
}
