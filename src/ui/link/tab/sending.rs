//! The Link tab's hand-offs to the owner: the message to the clipboard, and the e-mail to
//! the system's mail program through the same off-thread opener as the browser. Each one
//! that got the link out is recorded in the history, as Copy and Open are.

use std::sync::mpsc::Receiver;

use super::LinkTab;
use super::services::LinkServices;
use crate::deliver::{
    EmailMessage, Mailto, MessageTemplates, MessageValues, TemplateError, TemplateKind,
    render_email, render_text,
};
use crate::history::{NewEntry, Via};
use crate::profiles::Profile;
use crate::ui::link::opener::{Launch, take_answer};
use crate::ui::link::to_the_owner::{DeliveryNotice, MessageChoice};
use crate::ui::profiles::template_fields::template_label;

/// An e-mail handed to the desktop, waiting for its answer, and the history entry it
/// makes once the mail program took it.
pub struct PendingMail {
    answer: Option<Receiver<Result<(), String>>>,
    entry: Option<NewEntry>,
}

impl LinkTab {
    pub(super) fn copy_message(
        &mut self,
        choice: Option<MessageChoice>,
        services: &mut LinkServices<'_>,
    ) {
        self.forms.reauth.try_link();
        let Some(link) = self.current_link().map(str::to_owned) else {
            return;
        };
        let choice = choice.unwrap_or(self.to_the_owner.choice);
        let rendered = match choice {
            MessageChoice::Text => self.render(&link, services.profile, render_text),
            MessageChoice::Email => self
                .render(&link, services.profile, render_email)
                .map(|email| email.to_text()),
        };
        let notice = match rendered {
            Ok(message) => {
                services.ctx.copy_text(message);
                self.record_form_link(Via::MessageCopied, services);
                DeliveryNotice::Copied(choice)
            }
            Err(reason) => DeliveryNotice::NoMessage(reason),
        };
        self.to_the_owner.set_notice(notice, self.link_generation());
    }

    pub(super) fn send_email(&mut self, even_if_long: bool, services: &mut LinkServices<'_>) {
        self.forms.reauth.try_link();
        let Some(link) = self.current_link().map(str::to_owned) else {
            return;
        };
        // The field says what is wrong with the address; nothing is sent meanwhile.
        let Ok(address) = self.to_the_owner.address() else {
            return;
        };
        let generation = self.link_generation();
        let email: EmailMessage = match self.render(&link, services.profile, render_email) {
            Ok(email) => email,
            Err(reason) => {
                let notice = DeliveryNotice::NoMessage(reason);
                self.to_the_owner.set_notice(notice, generation);
                return;
            }
        };
        let mailto = Mailto::new(address.as_ref(), &email);
        if !even_if_long && !mailto.fits_mail_programs() {
            let notice = DeliveryNotice::TooLongForMail {
                length: mailto.len(),
            };
            self.to_the_owner.set_notice(notice, generation);
            return;
        }
        let entry = self.form_entry(Via::Emailed, services);
        let notice = match services
            .opener
            .launch(mailto.as_str().to_owned(), services.ctx)
        {
            Launch::Answered(outcome) => mail_answered(outcome, entry, services),
            Launch::Pending(answer) => {
                self.pending_mail = Some(PendingMail {
                    answer: Some(answer),
                    entry,
                });
                DeliveryNotice::MailOpening
            }
        };
        self.to_the_owner.set_notice(notice, generation);
    }

    pub(super) fn poll_mail_result(&mut self, services: &mut LinkServices<'_>) {
        let Some(pending) = &mut self.pending_mail else {
            return;
        };
        let Some(outcome) = take_answer(&mut pending.answer) else {
            return;
        };
        let entry = pending.entry.take();
        self.pending_mail = None;
        let notice = mail_answered(outcome, entry, services);
        self.to_the_owner
            .settle(&DeliveryNotice::MailOpening, notice);
    }

    /// The chosen profile's templates (none: the defaults) rendered for `link`.
    fn render<T>(
        &self,
        link: &str,
        profile: Option<&Profile>,
        render: impl Fn(
            &MessageTemplates,
            &MessageValues<'_>,
        ) -> Result<T, (TemplateKind, TemplateError)>,
    ) -> Result<T, String> {
        let vehicle_id = self
            .forms
            .reauth
            .checked()
            .link
            .as_ref()
            .and_then(|link| link.param("vehicle_id"))
            .unwrap_or_default();
        let values = MessageValues {
            link,
            app: profile.map(|profile| profile.name.as_str()),
            make: self
                .pasted_make
                .as_ref()
                .and_then(|pasted| pasted.for_vehicle(vehicle_id)),
            vehicle_id,
            ticket: Some(self.ticket.trim()),
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

/// The link left the window only once a mail program took it.
fn mail_answered(
    outcome: Result<(), String>,
    entry: Option<NewEntry>,
    services: &mut LinkServices<'_>,
) -> DeliveryNotice {
    match outcome {
        Ok(()) => {
            services.history.record(entry.into_iter().collect());
            DeliveryNotice::MailOpened
        }
        Err(reason) => DeliveryNotice::MailFailed(reason),
    }
}
