//! Links that left while the desk's shared history could not be reached, kept beside the
//! profiles (`history-outbox.sqlite3` in the config folder) and sent, oldest first, the
//! next time the server answers. Each keeps the id it was made with: an entry the server
//! took just before the connection broke, and is sent again, is still kept once there.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::entry::{Entry, NewEntry};
use super::entry_id::PortableEntry;
use super::error::HistoryError;
use super::postgres::PostgresHistory;
use super::store::{BUSY_TIMEOUT, insert as insert_entry};

/// The outbox's name inside the config folder.
pub const OUTBOX_FILE: &str = "history-outbox.sqlite3";

/// Entries sent per transaction.
const ENTRIES_PER_SEND: usize = 1_000;

const COLUMNS: &str =
    "seq, entry_id, time_ms, kind, profile, vehicle_id, state, owner_id, ticket, via, link, agent";

pub fn outbox_path(config_dir: &Path) -> PathBuf {
    config_dir.join(OUTBOX_FILE)
}

pub struct Outbox {
    connection: Connection,
    path: PathBuf,
}

impl Outbox {
    pub fn open(path: &Path) -> Result<Self, HistoryError> {
        let sqlite = |error| HistoryError::from_sqlite(path, error);
        if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|e| HistoryError::io(folder, &e))?;
        }
        let connection = Connection::open(path).map_err(sqlite)?;
        connection.busy_timeout(BUSY_TIMEOUT).map_err(sqlite)?;
        connection
            .pragma_update(None, "synchronous", "FULL")
            .map_err(sqlite)?;
        connection
            .execute_batch(
                "CREATE TABLE IF NOT EXISTS waiting (
                    seq INTEGER PRIMARY KEY, entry_id TEXT NOT NULL, time_ms INTEGER NOT NULL,
                    kind TEXT NOT NULL, profile TEXT NOT NULL, vehicle_id TEXT NOT NULL,
                    state TEXT NOT NULL, owner_id TEXT NOT NULL, ticket TEXT NOT NULL,
                    via TEXT NOT NULL, link TEXT NOT NULL, agent TEXT NOT NULL)",
            )
            .map_err(sqlite)?;
        Ok(Self {
            connection,
            path: path.to_owned(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Keeps the entries, each with a new id, in one transaction: all or none.
    pub fn keep(&mut self, entries: &[NewEntry]) -> Result<usize, HistoryError> {
        let path = self.path.clone();
        let sqlite = |error| HistoryError::from_sqlite(&path, error);
        let transaction = self.connection.transaction().map_err(sqlite)?;
        for entry in entries {
            insert_entry(&transaction, "waiting", entry).map_err(sqlite)?;
        }
        transaction.commit().map_err(sqlite)?;
        Ok(entries.len())
    }

    /// How many entries wait.
    pub fn len(&self) -> Result<u64, HistoryError> {
        let count: i64 = self
            .connection
            .query_row("SELECT count(*) FROM waiting", [], |row| row.get(0))
            .map_err(|e| HistoryError::from_sqlite(&self.path, e))?;
        Ok(u64::try_from(count).unwrap_or_default())
    }

    pub fn is_empty(&self) -> Result<bool, HistoryError> {
        self.len().map(|n| n == 0)
    }

    /// Sends every waiting entry to the server, oldest first, and forgets each batch once
    /// the server committed it; returns how many were sent.
    pub fn send_to(&mut self, server: &mut PostgresHistory) -> Result<u64, HistoryError> {
        let mut sent = 0;
        loop {
            let waiting = self.oldest(ENTRIES_PER_SEND)?;
            let Some(last) = waiting.last() else {
                return Ok(sent);
            };
            let last_seq = last.entry.id;
            server.import(&waiting)?;
            self.connection
                .execute("DELETE FROM waiting WHERE seq <= ?1", [last_seq])
                .map_err(|e| HistoryError::from_sqlite(&self.path, e))?;
            sent += u64::try_from(waiting.len()).unwrap_or(u64::MAX);
        }
    }

    fn oldest(&self, limit: usize) -> Result<Vec<PortableEntry>, HistoryError> {
        let sql = format!("SELECT {COLUMNS} FROM waiting ORDER BY seq LIMIT ?1");
        let read = || -> rusqlite::Result<Vec<PortableEntry>> {
            let mut statement = self.connection.prepare_cached(&sql)?;
            let limit = i64::try_from(limit).unwrap_or(i64::MAX);
            let rows = statement.query_map([limit], |row| {
                Ok(PortableEntry {
                    entry_id: row.get(1)?,
                    entry: Entry {
                        id: row.get(0)?,
                        time_ms: row.get(2)?,
                        kind: row.get(3)?,
                        profile: row.get(4)?,
                        vehicle_id: row.get(5)?,
                        state: row.get(6)?,
                        owner_id: row.get(7)?,
                        ticket: row.get(8)?,
                        via: row.get(9)?,
                        link: row.get(10)?,
                        outcome: None,
                        agent: row.get(11)?,
                    },
                })
            })?;
            rows.collect()
        };
        read().map_err(|e| HistoryError::from_sqlite(&self.path, e))
    }
}
