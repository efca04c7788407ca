//! The Link tab's hand-offs to the owner: the message to the clipboard, and the e-mail to
//! the system's mail program through the same off-thread opener as the browser.

use std::sync::mpsc::Receiver;

use super::ReauthApp;
use super::browser::{Launch, take_answer};
use crate::deliver::{
    EmailMessage, Mailto, MessageTemplates, MessageValues, TemplateError, TemplateKind,
    render_email, render_text,
};
use crate::ui::delivery::{DeliveryNotice, MessageChoice};
use crate::ui::template_fields::template_label;

/// An e-mail handed to the desktop, waiting for its answer.
pub(super) type PendingMail = Receiver<Result<(), String>>;

impl ReauthApp {
    pub(super) fn copy_message(&mut self, choice: Option<MessageChoice>, ctx: &egui::Context) {
        self.form.try_link();
        let Some(link) = self.form.link().map(str::to_owned) else {
            return;
        };
        let choice = choice.unwrap_or(self.delivery.choice);
        let rendered = match choice {
            MessageChoice::Text => self.render(&link, render_text),
            MessageChoice::Email => self
                .render(&link, render_email)
                .map(|email| email.to_text()),
        };
        let notice = match rendered {
            Ok(message) => {
                ctx.copy_text(message);
                DeliveryNotice::Copied(choice)
            }
            Err(reason) => DeliveryNotice::NoMessage(reason),
        };
        self.delivery.set_notice(notice, self.form.generation());
    }

    pub(super) fn send_email(&mut self, even_if_long: bool, ctx: &egui::Context) {
        self.form.try_link();
        let Some(link) = self.form.link().map(str::to_owned) else {
            return;
        };
        // The field says what is wrong with the address; nothing is sent meanwhile.
        let Ok(address) = self.delivery.address() else {
            return;
        };
        let generation = self.form.generation();
        let email: EmailMessage = match self.render(&link, render_email) {
            Ok(email) => email,
            Err(reason) => {
                let notice = DeliveryNotice::NoMessage(reason);
                self.delivery.set_notice(notice, generation);
                return;
            }
        };
        let mailto = Mailto::new(address.as_ref(), &email);
        if !even_if_long && !mailto.fits_mail_programs() {
            let notice = DeliveryNotice::TooLongForMail {
                length: mailto.len(),
            };
            self.delivery.set_notice(notice, generation);
            return;
        }
        let notice = match self.opener.launch(mailto.as_str().to_owned(), ctx) {
            Launch::Answered(outcome) => mail_answered(outcome),
            Launch::Pending(answer) => {
                self.pending_mail = Some(answer);
                DeliveryNotice::MailOpening
            }
        };
        self.delivery.set_notice(notice, generation);
    }

    pub(super) fn poll_mail_result(&mut self) {
        if let Some(outcome) = take_answer(&mut self.pending_mail) {
            let notice = mail_answered(outcome);
            self.delivery.settle(&DeliveryNotice::MailOpening, notice);
        }
    }

    /// The chosen profile's templates (none: the defaults) rendered for `link`.
    fn render<T>(
        &self,
        link: &str,
        render: impl Fn(
            &MessageTemplates,
            &MessageValues<'_>,
        ) -> Result<T, (TemplateKind, TemplateError)>,
    ) -> Result<T, String> {
        let profile = self
            .selected_profile
            .and_then(|index| self.profiles.profiles().get(index));
        let vehicle_id = self
            .form
            .checked()
            .request
            .as_ref()
            .map(|request| request.vehicle_id.as_str())
            .unwrap_or_default();
        let values = MessageValues {
            link,
            app: profile.map(|profile| profile.name.as_str()),
            make: None,
            vehicle_id,
            ticket: None,
        };
        let defaults = MessageTemplates::default();
        let templates = profile.map_or(&defaults, |profile| &*profile.messages);
        // A hand-edited profiles file can hold a template the editor would have refused.
        render(templates, &values).map_err(|(kind, error)| {
            format!(
                "The profile's “{}” template cannot be used: {error}. Fix it on the Profiles tab.",
                template_label(kind)
            )
        })
    }
}

fn mail_answered(outcome: Result<(), String>) -> DeliveryNotice {
    match outcome {
        Ok(()) => DeliveryNotice::MailOpened,
        Err(reason) => DeliveryNotice::MailFailed(reason),
    }
}
