//! A field's findings under it, for the form of any kind: as they are once the field
//! speaks, else (empty, untouched) only a neutral hint.

use egui::{RichText, Ui};

use crate::link::Field;
use crate::ui::link::shown_form::ShownForm;
use crate::ui::widgets::findings_ui;

pub fn field_findings_ui(ui: &mut Ui, form: &dyn ShownForm, field: Field) {
    let findings = form.checked().findings.for_field(field);
    if form.speaks(field) {
        findings_ui(
            ui,
            findings.map(|finding| (finding.severity(), finding.message())),
        );
    } else {
        for finding in findings {
            ui.add(egui::Label::new(RichText::new(finding.message()).weak()).wrap());
        }
    }
    ui.add_space(6.0);
}
