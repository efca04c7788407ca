//! `history push`: a workstation's own file copied into the desk's shared history, a
//! thousand entries at a time. Each entry keeps the id it was made with, so pushing again
//! (after an interruption, or from a file that was pushed before) adds only what the
//! server does not have.

use super::error::HistoryError;
use super::postgres::PostgresHistory;
use super::store::HistoryStore;

/// Entries read from the file and sent per transaction.
const ENTRIES_PER_PUSH: usize = 1_000;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PushReport {
    /// Entries read from the file.
    pub read: u64,
    /// Of those, entries the server did not have.
    pub added: u64,
}

pub fn push_to_server(
    file: &HistoryStore,
    server: &mut PostgresHistory,
) -> Result<PushReport, HistoryError> {
    let mut report = PushReport::default();
    let mut after_id = 0;
    loop {
        let entries = file.portable_after(after_id, ENTRIES_PER_PUSH)?;
        let Some(last) = entries.last() else {
            return Ok(report);
        };
        after_id = last.entry.id;
        report.added += server.import(&entries)?;
        report.read += u64::try_from(entries.len()).unwrap_or(u64::MAX);
    }
}
