//! Getting the link to the owner from the Link tab: "Copy message" and "E-mail…" beside
//! Copy and Open, the customer's address (checked as typed), what became of the last
//! hand-off, and the QR code with "Save QR…". Only draws and returns commands: the
//! messages come from `crate::deliver`, the app carries the commands out.

use egui::{Response, Ui};

use crate::deliver::{EmailAddress, EmailAddressProblem, MAILTO_SAFE_LENGTH};
use crate::ui::command::WindowCommand;
pub use crate::ui::link::message_choice::MessageChoice;
use crate::ui::link::qr_view::{QrView, SAVE_QR, qr_ui};
use crate::ui::shortcuts::Shortcuts;
use crate::ui::widgets::{error_line, field_width, section_heading};

pub const COPY_MESSAGE: &str = "Copy message";
pub const EMAIL: &str = "E-mail…";
pub const CUSTOMER_EMAIL: &str = "Customer e-mail";
pub const COPY_EMAIL_INSTEAD: &str = "Copy the e-mail instead";
pub const EMAIL_ANYWAY: &str = "Open the mail program anyway";

/// What became of the last hand-off, in words under the buttons.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeliveryNotice {
    Copied(MessageChoice),
    MailOpening,
    MailOpened,
    MailFailed(String),
    /// The `mailto:` link is this long: some mail programs would cut it.
    TooLongForMail {
        length: usize,
    },
    /// A template of the chosen profile cannot be rendered (a hand-edited file).
    NoMessage(String),
    QrSaving,
    QrSaved(String),
    QrFailed(String),
}

impl DeliveryNotice {
    /// The words shown, and whether they are an error.
    pub fn text(&self) -> (String, bool) {
        match self {
            DeliveryNotice::Copied(choice) => (
                match choice {
                    MessageChoice::Text => "Text message copied.".to_owned(),
                    MessageChoice::Email => {
                        "E-mail copied: subject line, then the body.".to_owned()
                    }
                },
                false,
            ),
            DeliveryNotice::MailOpening => ("Starting the mail program…".to_owned(), false),
            DeliveryNotice::MailOpened => {
                ("The e-mail is open in the mail program.".to_owned(), false)
            }
            DeliveryNotice::MailFailed(reason) => (
                format!(
                    "Could not start a mail program: {reason}. Copy the e-mail instead and paste it into a new mail."
                ),
                true,
            ),
            DeliveryNotice::TooLongForMail { length } => (
                format!(
                    "This e-mail makes a mail link of {length} characters; some mail programs cut links past about {MAILTO_SAFE_LENGTH}, and the owner would get half a message. Copy the e-mail instead and paste it into a new mail."
                ),
                true,
            ),
            DeliveryNotice::NoMessage(reason) => (reason.clone(), true),
            DeliveryNotice::QrSaving => ("Saving the QR code…".to_owned(), false),
            DeliveryNotice::QrSaved(path) => (format!("QR code saved to {path}."), false),
            DeliveryNotice::QrFailed(reason) => (reason.clone(), true),
        }
    }

    /// The notices that offer the e-mail to copy instead.
    fn offers_copy(&self) -> bool {
        matches!(
            self,
            DeliveryNotice::MailFailed(_) | DeliveryNotice::TooLongForMail { .. }
        )
    }
}

#[derive(Debug, Default)]
pub struct ToTheOwnerPanel {
    /// The customer's address as typed.
    pub address: String,
    pub choice: MessageChoice,
    /// The last hand-off and the form generation it was for: a changed link hides it.
    notice: Option<(DeliveryNotice, u64)>,
    qr: QrView,
}

impl ToTheOwnerPanel {
    /// The address typed, checked; blank is `Ok(None)` (the mail program asks for one).
    pub fn address(&self) -> Result<Option<EmailAddress>, EmailAddressProblem> {
        EmailAddress::parse(&self.address)
    }

    pub fn set_notice(&mut self, notice: DeliveryNotice, generation: u64) {
        self.notice = Some((notice, generation));
    }

    /// Replaces the notice only while it still says `waiting` (a late answer must not
    /// cover what came after it).
    pub fn settle(&mut self, waiting: &DeliveryNotice, outcome: DeliveryNotice) {
        if let Some((notice, _)) = &mut self.notice
            && notice == waiting
        {
            *notice = outcome;
        }
    }

    /// The notice, while the link it was about is still the one shown.
    pub fn notice(&self, generation: u64) -> Option<&DeliveryNotice> {
        self.notice
            .as_ref()
            .filter(|(_, at)| *at == generation)
            .map(|(notice, _)| notice)
    }

    /// Under the buttons, while there is a link: the address, which message to copy, the
    /// last hand-off and the QR code.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        link: &str,
        generation: u64,
        commands: &mut Vec<WindowCommand>,
    ) {
        section_heading(ui, "To the owner");
        self.address_ui(ui);
        ui.horizontal_wrapped(|ui| {
            ui.label("Copy message as:");
            for choice in [MessageChoice::Text, MessageChoice::Email] {
                ui.radio_value(&mut self.choice, choice, choice.label());
            }
        });
        if let Some(notice) = self.notice(generation) {
            notice_ui(ui, notice, commands);
        }
        ui.add_space(6.0);
        match self.qr.matrix(link) {
            Ok(matrix) => {
                qr_ui(ui, matrix);
                ui.add_space(4.0);
                let saving = self.notice(generation) == Some(&DeliveryNotice::QrSaving);
                let save = ui
                    .add_enabled(!saving, egui::Button::new(SAVE_QR))
                    .on_hover_text("Saves the code as PNG or SVG (by the file name's ending)");
                if save.clicked() {
                    commands.push(WindowCommand::SaveQr);
                }
            }
            Err(error) => {
                ui.weak(format!("No QR code: {error}."));
            }
        }
    }

    fn address_ui(&mut self, ui: &mut Ui) {
        let label = ui.label(CUSTOMER_EMAIL);
        ui.add(
            egui::TextEdit::singleline(&mut self.address)
                .hint_text("owner@example.com (optional: else the mail program asks)")
                .desired_width(field_width(ui)),
        )
        .labelled_by(label.id);
        if let Err(problem) = self.address() {
            error_line(ui, &format!("Customer e-mail: {problem}"));
        }
    }
}

fn notice_ui(ui: &mut Ui, notice: &DeliveryNotice, commands: &mut Vec<WindowCommand>) {
    let (text, is_error) = notice.text();
    if is_error {
        error_line(ui, &text);
    } else {
        ui.weak(text);
    }
    if notice.offers_copy() {
        ui.horizontal_wrapped(|ui| {
            if ui.button(COPY_EMAIL_INSTEAD).clicked() {
                commands.push(WindowCommand::CopyMessage(Some(MessageChoice::Email)));
            }
            if matches!(notice, DeliveryNotice::TooLongForMail { .. })
                && ui.button(EMAIL_ANYWAY).clicked()
            {
                commands.push(WindowCommand::SendEmail { even_if_long: true });
            }
        });
    }
}

/// "Copy message" and "E-mail…", for the row beside Copy and Open.
pub fn delivery_buttons_ui(
    ui: &mut Ui,
    blocked_reason: Option<&str>,
    shortcuts: &Shortcuts,
    panel: &ToTheOwnerPanel,
    commands: &mut Vec<WindowCommand>,
) {
    let why = blocked_reason.unwrap_or_default();
    let copy = egui::Button::new(COPY_MESSAGE)
        .shortcut_text(ui.ctx().format_shortcut(&shortcuts.copy_message));
    let copy: Response = ui
        .add_enabled(blocked_reason.is_none(), copy)
        .on_disabled_hover_text(why)
        .on_hover_text("Copies the message for the owner, with the link in it");
    if copy.clicked() {
        commands.push(WindowCommand::CopyMessage(None));
    }
    let address_problem = panel.address().err().map(|problem| problem.to_string());
    let email_blocked = blocked_reason
        .map(str::to_owned)
        .or(address_problem.map(|problem| format!("Customer e-mail: {problem}")));
    let email = egui::Button::new(EMAIL).shortcut_text(ui.ctx().format_shortcut(&shortcuts.email));
    let email = ui
        .add_enabled(email_blocked.is_none(), email)
        .on_disabled_hover_text(email_blocked.unwrap_or_default())
        .on_hover_text("Opens a new e-mail to the owner in the system's mail program");
    if email.clicked() {
        commands.push(WindowCommand::SendEmail {
            even_if_long: false,
        });
    }
}
