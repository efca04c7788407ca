//! The record of links that left the tool: which link went to which owner for which
//! ticket, and what the owner's return said. One interface (`History`), two stores: a
//! SQLite file (`history.sqlite3` in the config folder) shared by every window and
//! command-line run of one workstation, or a PostgreSQL database shared by a whole desk
//! (`HistoryLocation` says which). No egui; the window talks to it through
//! `HistoryWorker`, off its own thread.

pub mod already_sent;
pub mod batch_recording;
pub mod entry;
pub mod entry_id;
pub mod error;
pub mod export;
pub mod interface;
pub mod location;
pub mod outbox;
pub mod outbox_recorder;
pub mod outcome;
pub mod postgres;
mod probe;
pub mod push;
pub mod return_match;
pub mod schema;
pub mod settings;
pub mod shared_state;
mod sql_values;
mod sqlite_history;
pub mod store;
mod stored_names;
pub mod time;
pub mod verification;
pub mod worker;

pub use already_sent::{ALREADY_SENT_WITHIN_MS, EARLIER_LINKS_LOOKED_AT, already_sent_warning};
pub use batch_recording::BatchRecording;
pub use entry::{
    ENTRY_FIELDS, Entry, EntryKind, KIND_DISCONNECT, KIND_REAUTHENTICATE, NewEntry, Via,
};
pub use entry_id::PortableEntry;
pub use error::HistoryError;
pub use export::{ExportError, export_csv};
pub use interface::{History, PendingBatch};
pub use location::{HISTORY_URL_ENV, HistoryLocation};
pub use outbox::{OUTBOX_FILE, Outbox, outbox_path};
pub use outcome::Outcome;
pub use postgres::{PostgresHistory, ServerUrl};
pub use push::{PushReport, push_to_server};
pub use return_match::ReturnMatch;
pub use settings::{
    RECORDING_ENV, agent_name, history_path, recording_enabled, save_recording,
    user_from_environment,
};
pub use shared_state::shared_state_warning;
pub use store::{HistoryStore, PendingEntries};
pub use verification::Waiting;
pub use worker::{HistoryEvent, HistoryWorker};
