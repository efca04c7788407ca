//! What the window's widgets ask for. Panels push these and return; the app applies them in
//! order at the end of the frame (`app::dispatch`). This module sits below every panel and
//! imports none of them, so the panels and the app never import each other.

use crate::history::{Entry, Via};
use crate::link::LinkKind;
use crate::link::triage::Filled;
use crate::profiles::ProfileEdit;
use crate::ui::link::message_choice::MessageChoice;
use crate::ui::persisted::Tab;
use crate::ui::profiles::unreadable::StoreErrorAction;
use crate::ui::theme::ThemeChoice;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WindowCommand {
    CopyLink,
    OpenLink,
    GenerateState,
    FillFromPaste,
    /// Fill the form from this one of the pasted pieces that disagreed (counted from 0).
    UsePasteCandidate(usize),
    /// Make this kind of link, starting from `values`: what a paste gave that link, by
    /// URL parameter name (empty when the person picks the kind). The one way the kind
    /// changes.
    ChooseKind {
        kind: LinkKind,
        values: Vec<Filled>,
    },
    ChooseProfile(Option<usize>),
    SetTheme(ThemeChoice),
    ShowTab(Tab),
    EditProfiles(ProfileEdit),
    /// The person chose a way forward from an unreadable profiles file.
    ActOnUnreadableProfiles(StoreErrorAction),
    /// The customer message to the clipboard; `None`: the kind chosen beside the button.
    CopyMessage(Option<MessageChoice>),
    /// The e-mail to the system's mail program; a link past what mail programs take whole
    /// only warns unless `even_if_long`.
    SendEmail {
        even_if_long: bool,
    },
    /// The link's QR code to a PNG or SVG file the person chooses.
    SaveQr,
    /// The form's link left the window this way: the one entry point for recording it
    /// in the history (with the kind, profile, vehicle, state, owner and ticket).
    Record(Via),
    /// Copy a link from the History tab again (recorded again as copied).
    CopyFromHistory(Box<Entry>),
    /// The History tab's recording switch, saved to `settings.toml`.
    SetRecording(bool),
    /// Ask the management API about the form's vehicle with the chosen profile's token.
    LookUpConnection,
    CancelLookup,
    /// Verify the waiting links among the History tab's shown entries.
    VerifyShown,
    CancelVerify,
}
