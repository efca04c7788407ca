//! The profile editor's message templates: e-mail subject, e-mail body and text. Empty
//! means the default, shown greyed inside the field; the core's findings for each appear
//! under it as the person types, like every other field's.

use egui::{RichText, TextEdit, Ui};

use crate::deliver::{Placeholder, TemplateKind};
use crate::profiles::{ProfileCheck, ProfileField};
use crate::ui::profiles::typed_profile::TypedProfile;
use crate::ui::widgets::{self, section_heading};

/// The field's label: also its accessible name.
pub fn template_label(kind: TemplateKind) -> &'static str {
    match kind {
        TemplateKind::EmailSubject => "E-mail subject",
        TemplateKind::EmailBody => "E-mail body",
        TemplateKind::TextMessage => "Text message (SMS, chat)",
    }
}

/// The button that copies the default into an empty field, to change a word or two of it
/// instead of writing the whole message again.
pub fn start_from_default_label(kind: TemplateKind) -> &'static str {
    match kind {
        TemplateKind::EmailSubject => "Edit the default subject",
        TemplateKind::EmailBody => "Edit the default body",
        TemplateKind::TextMessage => "Edit the default text",
    }
}

pub fn template_fields_ui(ui: &mut Ui, draft: &mut TypedProfile, check: &ProfileCheck) {
    section_heading(ui, "Message to the owner");
    ui.add(
        egui::Label::new(
            RichText::new(format!(
                "Leave a field empty to use the default shown in it. Placeholders: {}; write {{{{ or }}}} for a brace.",
                Placeholder::list()
            ))
            .weak(),
        )
        .wrap(),
    );
    for kind in TemplateKind::ALL {
        template_field_ui(ui, draft, check, kind);
    }
}

fn template_field_ui(
    ui: &mut Ui,
    draft: &mut TypedProfile,
    check: &ProfileCheck,
    kind: TemplateKind,
) {
    let mut text = draft.messages.own(kind).unwrap_or_default().to_owned();
    let label = ui
        .horizontal(|ui| {
            let label = ui.label(template_label(kind));
            if text.is_empty() && ui.small_button(start_from_default_label(kind)).clicked() {
                text = kind.default_template().to_owned();
                set_template(draft, kind, text.clone());
            }
            label
        })
        .inner;
    let edit = match kind {
        TemplateKind::EmailSubject => TextEdit::singleline(&mut text),
        TemplateKind::EmailBody => TextEdit::multiline(&mut text).desired_rows(6),
        TemplateKind::TextMessage => TextEdit::multiline(&mut text).desired_rows(2),
    };
    let changed = ui
        .add(
            edit.hint_text(kind.default_template())
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id)
        .changed();
    if changed {
        set_template(draft, kind, text);
    }
    let findings = check.for_field(ProfileField::Message(kind));
    widgets::findings_ui(ui, findings.map(|f| (f.severity, f.message.clone())));
}

/// An emptied field goes back to the default: the profile then keeps no template.
fn set_template(draft: &mut TypedProfile, kind: TemplateKind, text: String) {
    let value = (!text.is_empty()).then_some(text);
    let messages = &mut draft.messages;
    match kind {
        TemplateKind::EmailSubject => messages.email_subject = value,
        TemplateKind::EmailBody => messages.email_body = value,
        TemplateKind::TextMessage => messages.text_message = value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_emptied_field_leaves_the_default_in_force() {
        let mut draft = TypedProfile::default();
        set_template(&mut draft, TemplateKind::TextMessage, "Open {link}".into());
        assert_eq!(
            draft.messages.own(TemplateKind::TextMessage),
            Some("Open {link}")
        );
        set_template(&mut draft, TemplateKind::TextMessage, String::new());
        assert_eq!(draft.messages.own(TemplateKind::TextMessage), None);
        assert_eq!(draft.to_profile().messages.text_message, None);
    }
}
