//! Getting the link to the owner: the customer message (e-mail and short text) from
//! templates, the `mailto:` link, the customer's address check and the QR code. No egui:
//! the window and the command line render what this module decides.

pub mod email_address;
pub mod mailto;
pub mod make_name;
pub mod message;
pub mod qr;
pub mod qr_file;
pub mod template;

pub use email_address::{EmailAddress, EmailAddressProblem};
pub use mailto::{MAILTO_SAFE_LENGTH, Mailto};
pub use make_name::{PastedMake, make_for_owner};
pub use message::{
    EmailMessage, MessageTemplateProblem, MessageTemplates, MessageValues, TemplateKind,
    TextColumn, check_template, render_email, render_text,
};
pub use qr::{QrError, QrMatrix};
pub use qr_file::{QrImageFormat, save_qr};
pub use template::{Placeholder, Template, TemplateError, TemplateProblem};
