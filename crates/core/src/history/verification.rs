//! The links still waiting for the owner, and marking those the management API shows
//! came back. A return read by `callback` is kept: a verification is written beside it.

use rusqlite::params;

use super::entry::{Entry, KIND_DISCONNECT};
use super::error::HistoryError;
use super::outcome::sql;
use super::store::{ENTRY_COLUMNS, HistoryStore, read_entry, write_transaction};

/// Which waiting links to take.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Waiting {
    /// Only this ticket's links (whole ticket).
    pub ticket: Option<String>,
    /// Only links that left at or after this time (ms since 1970).
    pub since_ms: Option<i64>,
    /// Only links made with this profile: a token answers for its own app's vehicles.
    pub profile: Option<String>,
}

impl HistoryStore {
    /// Links with no final outcome, newest first: nothing read back yet, or a return
    /// that was not a success (the owner may have tried again since). Disconnections are
    /// not links and never wait.
    pub fn waiting(&self, which: &Waiting) -> Result<Vec<Entry>, HistoryError> {
        let not_final = sql::not_final("?1", "?2", "?3");
        let query = format!(
            "SELECT {ENTRY_COLUMNS} FROM entries
             WHERE {not_final}
               AND kind <> ?4 AND vehicle_id <> ''
               AND (?5 IS NULL OR ticket = ?5) AND (?6 IS NULL OR time_ms >= ?6)
               AND (?7 IS NULL OR profile = ?7)
             ORDER BY id DESC"
        );
        let run = || -> rusqlite::Result<Vec<Entry>> {
            let mut statement = self.connection.prepare_cached(&query)?;
            let entries = statement.query_map(
                params![
                    sql::SUCCESS,
                    sql::VERIFIED,
                    sql::verified_before_callback(),
                    KIND_DISCONNECT,
                    which.ticket,
                    which.since_ms,
                    which.profile
                ],
                read_entry,
            )?;
            entries.collect()
        };
        run().map_err(|e| self.sqlite(e))
    }

    /// Marks these entries verified, in one transaction. An outcome `callback` wrote
    /// stays, after the verification (`Outcome::verified`).
    pub fn mark_verified(&mut self, ids: &[i64]) -> Result<usize, HistoryError> {
        let path = self.path().to_owned();
        let sqlite = |error| HistoryError::from_sqlite(&path, error);
        let transaction = write_transaction(&mut self.connection).map_err(sqlite)?;
        let mut marked = 0;
        {
            let update = format!(
                "UPDATE entries SET outcome = {} WHERE id = ?1",
                sql::verified("?2", "?3")
            );
            let mut statement = transaction.prepare_cached(&update).map_err(sqlite)?;
            let before_callback = sql::verified_before_callback();
            for id in ids {
                marked += statement
                    .execute(params![id, sql::VERIFIED, before_callback])
                    .map_err(sqlite)?;
            }
        }
        transaction.commit().map_err(sqlite)?;
        Ok(marked)
    }
}
