//! The record of links that left the tool: which link went to which owner for which
//! ticket, and what the owner's return said. One SQLite file (`history.sqlite3` in the
//! config folder), shared by every window and command-line run. No egui; the window talks
//! to it through `HistoryWorker`, off its own thread.

pub mod batch_recording;
pub mod entry;
pub mod error;
pub mod export;
mod probe;
pub mod return_match;
pub mod schema;
pub mod settings;
pub mod shared_state;
pub mod store;
pub mod time;
pub mod verification;
pub mod worker;

pub use batch_recording::BatchRecording;
pub use entry::{ENTRY_FIELDS, Entry, KIND_DISCONNECT, KIND_REAUTHENTICATE, NewEntry, Via};
pub use error::HistoryError;
pub use export::{ExportError, export_csv};
pub use return_match::ReturnMatch;
pub use settings::{RECORDING_ENV, history_path, recording_enabled, save_recording};
pub use shared_state::shared_state_warning;
pub use store::{HistoryStore, PendingEntries};
pub use verification::{VERIFIED, Waiting};
pub use worker::{HistoryEvent, HistoryWorker};
