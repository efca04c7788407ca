//! Which customer message the Link tab copies. Its own module because both the panel
//! that offers the choice and the command that carries it name it.

/// Which message "Copy message" puts on the clipboard.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MessageChoice {
    /// The short text for SMS or chat: "E-mail…" already covers e-mail, so copying is
    /// mostly for the other channels.
    #[default]
    Text,
    /// `Subject: …`, a blank line and the body, for a mail program the window cannot start.
    Email,
}

impl MessageChoice {
    pub fn label(self) -> &'static str {
        match self {
            MessageChoice::Text => "Text (SMS, chat)",
            MessageChoice::Email => "E-mail",
        }
    }
}
