//! One link that left the tool, as recorded and as read back.

use super::outcome::Outcome;
use super::time::format_utc;
use crate::link::LinkKind;

/// How a link left the tool. Stored as its text (`as_str`) and read back with `parse`;
/// a new way is written only by a layout version that older versions refuse to open, so
/// no version ever reads one it does not know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    Copied,
    Opened,
    Emailed,
    MessageCopied,
    QrSaved,
    BatchExported,
    /// `reauth-link url --ticket T` printed it.
    CommandLine,
    /// `reauth-link batch --ticket T` wrote it.
    BatchCommandLine,
    /// `reauth-link disconnect --ticket T` removed a connection; no link left.
    Disconnected,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Copied => "copied",
            Via::Opened => "opened",
            Via::Emailed => "emailed",
            Via::MessageCopied => "message_copied",
            Via::QrSaved => "qr_saved",
            Via::BatchExported => "batch_exported",
            Via::CommandLine => "command_line",
            Via::BatchCommandLine => "batch_command_line",
            Via::Disconnected => "disconnected",
        }
    }

    pub const ALL: [Via; 9] = [
        Via::Copied,
        Via::Opened,
        Via::Emailed,
        Via::MessageCopied,
        Via::QrSaved,
        Via::BatchExported,
        Via::CommandLine,
        Via::BatchCommandLine,
        Via::Disconnected,
    ];

    /// The way `as_str` wrote, or `None` for text no version writes.
    pub fn parse(text: &str) -> Option<Via> {
        Via::ALL.into_iter().find(|via| via.as_str() == text)
    }
}

/// What an entry records: a link of one of the three kinds, or a removed connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntryKind {
    Link(LinkKind),
    /// `disconnect --ticket`: a connection removed on request; no link left.
    Disconnect,
}

impl EntryKind {
    pub const REAUTHENTICATE: EntryKind = EntryKind::Link(LinkKind::Reauth);

    /// As stored, in JSON and in the export: the link kind's name, or `disconnect`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Link(kind) => kind.name(),
            EntryKind::Disconnect => KIND_DISCONNECT,
        }
    }

    /// The kind `as_str` wrote, or `None` for text no version writes.
    pub fn parse(text: &str) -> Option<EntryKind> {
        if text == KIND_DISCONNECT {
            return Some(EntryKind::Disconnect);
        }
        LinkKind::ALL
            .into_iter()
            .find(|kind| kind.name() == text)
            .map(EntryKind::Link)
    }
}

/// The stored name of a re-authentication link's entries (SQL filters name it).
pub const KIND_REAUTHENTICATE: &str = "reauthenticate";

/// The stored name of a removed connection's entries (SQL filters name it).
pub const KIND_DISCONNECT: &str = "disconnect";

/// What the caller knows when a link leaves. Empty strings stand for "not given".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewEntry {
    /// Milliseconds since 1970, UTC.
    pub time_ms: i64,
    pub kind: EntryKind,
    pub profile: String,
    pub vehicle_id: String,
    pub state: String,
    /// The `user` parameter: the integrator's id for the owner.
    pub owner_id: String,
    pub ticket: String,
    pub via: Via,
    pub link: String,
    /// Who sent it: `agent` in settings.toml, else the operating system's user name.
    pub agent: String,
}

/// An entry as read back, with its outcome once the owner's return was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Increases with every entry: newest first is highest id first.
    pub id: i64,
    pub time_ms: i64,
    pub kind: EntryKind,
    pub profile: String,
    pub vehicle_id: String,
    pub state: String,
    pub owner_id: String,
    pub ticket: String,
    pub via: Via,
    pub link: String,
    /// What the owner's return said or `verify` found; `None` until either.
    pub outcome: Option<Outcome>,
    /// Who sent it; empty for entries recorded before agents were.
    pub agent: String,
}

/// The columns of the CSV export and the names of the JSON fields, in order.
pub const ENTRY_FIELDS: [&str; 11] = [
    "time",
    "kind",
    "profile",
    "vehicle_id",
    "state",
    "owner_id",
    "ticket",
    "via",
    "link",
    "outcome",
    "agent",
];

impl Entry {
    /// The values of `ENTRY_FIELDS`, time as RFC 3339 UTC; a missing outcome is empty.
    pub fn field_values(&self) -> [String; 11] {
        [
            format_utc(self.time_ms),
            self.kind.as_str().to_owned(),
            self.profile.clone(),
            self.vehicle_id.clone(),
            self.state.clone(),
            self.owner_id.clone(),
            self.ticket.clone(),
            self.via.as_str().to_owned(),
            self.link.clone(),
            self.outcome
                .as_ref()
                .map(Outcome::to_string)
                .unwrap_or_default(),
            self.agent.clone(),
        ]
    }
}
