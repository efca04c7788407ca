//! The history database: one SQLite file in WAL mode, which lets several processes (two
//! windows, the command line) write at once; each waits its turn for up to the busy
//! timeout. Every committed entry survives the process being killed; `synchronous=FULL`
//! makes it survive a power cut too.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior, params};

use super::entry::{Entry, NewEntry};
use super::entry_id::{PortableEntry, new_entry_id};
use super::error::HistoryError;
use super::outcome::Outcome;
use super::probe::probe;
use super::return_match::ReturnMatch;
use super::schema::{APPLICATION_ID, CURRENT_VERSION, SchemaState, bring_up_to_date};
use super::sql_values::{like_pattern, sql_limit};

/// How long a writer waits for another process's transaction before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// How long an opener waits before asking again for WAL while another one switches.
const WAL_SWITCH_RETRY: Duration = Duration::from_millis(10);

/// Above this many tickets matching a partial ticket, the search reads the entries
/// newest first instead of one index lookup per ticket: so many matches are dense among
/// the newest. Below it, one lookup per ticket wins even when the matches are old (111
/// old migration tickets among 1,000,000 entries: 0.1 s scanning, a few ms looking up).
const MANY_TICKETS: usize = 1_000;

/// The trigram index finds a part of at least this many characters.
const TRIGRAM: usize = 3;

pub(super) const ENTRY_COLUMNS: &str =
    "id, time_ms, kind, profile, vehicle_id, state, owner_id, ticket, via, link, outcome, agent";

const INSERT: &str = "INSERT INTO entries
    (time_ms, kind, profile, vehicle_id, state, owner_id, ticket, via, link, agent, entry_id)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

/// Fields matched whole by a search.
const WHOLE_VALUE_COLUMNS: [&str; 4] = ["vehicle_id", "state", "profile", "owner_id"];

pub struct HistoryStore {
    pub(super) connection: Connection,
    path: PathBuf,
}

impl HistoryStore {
    /// Opens (or creates, owner-only) the history at `path` and brings its schema up to
    /// date. A damaged, foreign or newer file is an error naming the path, and is refused
    /// before anything writes to it: it stays byte for byte as it was, mode included.
    pub fn open(path: &Path) -> Result<Self, HistoryError> {
        Self::open_with_timeout(path, BUSY_TIMEOUT)
    }

    pub fn open_with_timeout(path: &Path, busy_timeout: Duration) -> Result<Self, HistoryError> {
        probe(path, busy_timeout)?;
        create_owner_only(path)?;
        let sqlite = |error| HistoryError::from_sqlite(path, error);
        let mut connection =
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE).map_err(sqlite)?;
        connection.busy_timeout(busy_timeout).map_err(sqlite)?;
        connection
            .pragma_update(None, "synchronous", "FULL")
            .map_err(sqlite)?;
        // 32 MiB of page cache instead of 2: a 100,000-row batch updates six indexes at
        // random places, and with the default cache most of those pages are written out
        // and read back (measured: it more than halves `batch --ticket`).
        connection
            .pragma_update(None, "cache_size", -32_768)
            .map_err(sqlite)?;
        if !up_to_date(&connection).map_err(sqlite)? {
            // A new file is laid out before it is switched to WAL, so it never holds a
            // header without the application id and the schema.
            if let SchemaState::Newer { found } =
                bring_up_to_date(&mut connection).map_err(sqlite)?
            {
                return Err(HistoryError::Newer {
                    path: path.to_owned(),
                    found,
                    known: CURRENT_VERSION,
                });
            }
        }
        let mode = enable_wal(&connection, busy_timeout).map_err(sqlite)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(HistoryError::Other {
                path: path.to_owned(),
                reason: format!("its journal mode stays `{mode}` instead of WAL"),
            });
        }
        Ok(Self {
            connection,
            path: path.to_owned(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(super) fn sqlite(&self, error: rusqlite::Error) -> HistoryError {
        HistoryError::from_sqlite(&self.path, error)
    }

    /// Records one entry (its own transaction) and returns its id.
    pub fn record(&mut self, entry: &NewEntry) -> Result<i64, HistoryError> {
        let result = insert(&self.connection, "entries", entry)
            .map(|()| self.connection.last_insert_rowid());
        result.map_err(|e| self.sqlite(e))
    }

    /// Records all entries in one transaction: all or none.
    pub fn record_all<'e>(
        &mut self,
        entries: impl IntoIterator<Item = &'e NewEntry>,
    ) -> Result<usize, HistoryError> {
        let path = self.path.clone();
        let sqlite = |error| HistoryError::from_sqlite(&path, error);
        let transaction = write_transaction(&mut self.connection).map_err(sqlite)?;
        let mut count = 0;
        for entry in entries {
            insert(&transaction, "entries", entry).map_err(sqlite)?;
            count += 1;
        }
        transaction.commit().map_err(sqlite)?;
        Ok(count)
    }

    /// Collects entries for one transaction at the end, without holding the database's
    /// write lock meanwhile: a batch reading a slow pipe must not stall other windows.
    pub fn pending(&mut self) -> Result<PendingEntries<'_>, HistoryError> {
        let created = self.connection.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS pending (id INTEGER PRIMARY KEY, time_ms, kind,
                 profile, vehicle_id, state, owner_id, ticket, via, link, agent, entry_id);
             DELETE FROM temp.pending;",
        );
        created.map_err(|e| self.sqlite(e))?;
        Ok(PendingEntries {
            store: self,
            count: 0,
        })
    }

    /// The newest `limit` entries matching `query` after skipping `offset` of them. An
    /// empty query matches everything. A ticket matches in part (any case); a vehicle id,
    /// state, profile or owner id matches whole.
    pub fn search(
        &self,
        query: &str,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Entry>, HistoryError> {
        if query.trim().is_empty() {
            // Every entry: SQLite skips `offset` rows of the id index itself, instead of
            // handing them all over first (the window's list scrolled to its far end).
            return self.newest(offset, limit).map_err(|e| self.sqlite(e));
        }
        let ids = self.search_ids(query, offset.saturating_add(limit))?;
        ids.into_iter()
            .skip(offset)
            .map(|id| self.entry(id))
            .collect()
    }

    fn newest(&self, offset: usize, limit: usize) -> rusqlite::Result<Vec<Entry>> {
        let sql =
            format!("SELECT {ENTRY_COLUMNS} FROM entries ORDER BY id DESC LIMIT ?1 OFFSET ?2");
        let mut statement = self.connection.prepare_cached(&sql)?;
        let entries =
            statement.query_map(params![sql_limit(limit), sql_limit(offset)], read_entry)?;
        entries.collect()
    }

    /// The ids of the newest `limit` entries matching `query`, newest first.
    pub fn search_ids(&self, query: &str, limit: usize) -> Result<Vec<i64>, HistoryError> {
        self.matching_ids(query.trim(), sql_limit(limit))
            .map_err(|e| self.sqlite(e))
    }

    fn matching_ids(&self, query: &str, limit: i64) -> rusqlite::Result<Vec<i64>> {
        if query.is_empty() {
            return self.ids(
                "SELECT id FROM entries ORDER BY id DESC LIMIT ?2",
                "",
                limit,
            );
        }
        let mut ids = Vec::new();
        for column in WHOLE_VALUE_COLUMNS {
            let sql =
                format!("SELECT id FROM entries WHERE {column} = ?1 ORDER BY id DESC LIMIT ?2");
            ids.extend(self.ids(&sql, query, limit)?);
        }
        // Vehicle ids leave in lower case, older entries kept them as typed: the query in
        // each case is one more lookup in the same index, where a case-blind comparison
        // would read every entry.
        let sql = "SELECT id FROM entries WHERE vehicle_id = ?1 ORDER BY id DESC LIMIT ?2";
        for folded in [query.to_ascii_lowercase(), query.to_ascii_uppercase()] {
            if folded != query {
                ids.extend(self.ids(sql, &folded, limit)?);
            }
        }
        ids.extend(self.ticket_ids(query, limit)?);
        ids.sort_unstable_by(|a, b| b.cmp(a));
        ids.dedup();
        ids.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        Ok(ids)
    }

    fn ticket_ids(&self, query: &str, limit: i64) -> rusqlite::Result<Vec<i64>> {
        let tickets = self.tickets_containing(query)?;
        if tickets.len() > MANY_TICKETS {
            let sql =
                "SELECT id FROM entries WHERE ticket LIKE ?1 ESCAPE '\\' ORDER BY id DESC LIMIT ?2";
            return self.ids(sql, &like_pattern(query), limit);
        }
        let mut ids = Vec::new();
        for ticket in tickets {
            let sql = "SELECT id FROM entries WHERE ticket = ?1 ORDER BY id DESC LIMIT ?2";
            ids.extend(self.ids(sql, &ticket, limit)?);
        }
        Ok(ids)
    }

    /// The distinct tickets that hold `query` in any case, up to one past MANY_TICKETS:
    /// counting further tells nothing more, as a part that broad is served by the entries
    /// read newest first, which stop at the limit.
    fn tickets_containing(&self, query: &str) -> rusqlite::Result<Vec<String>> {
        let (sql, pattern) = if query.chars().count() >= TRIGRAM {
            (
                "SELECT ticket FROM ticket_text WHERE ticket_text MATCH ?1 LIMIT ?2",
                fts_phrase(query),
            )
        } else {
            (
                "SELECT ticket FROM tickets WHERE ticket LIKE ?1 ESCAPE '\\' LIMIT ?2",
                like_pattern(query),
            )
        };
        let mut statement = self.connection.prepare_cached(sql)?;
        statement
            .query_map(params![&pattern, sql_limit(MANY_TICKETS + 1)], |row| {
                row.get::<_, String>(0)
            })?
            .collect()
    }

    fn ids(&self, sql: &str, value: &str, limit: i64) -> rusqlite::Result<Vec<i64>> {
        // Every query numbers the value ?1 and the limit ?2, even one that needs no value.
        let mut statement = self.connection.prepare_cached(sql)?;
        let ids = statement.query_map(params![value, limit], |row| row.get(0))?;
        ids.collect()
    }

    /// How many entries match `query` (every entry for an empty one): the length of the
    /// window's list, which then reads only the pages in view.
    pub fn count_matching(&self, query: &str) -> Result<u64, HistoryError> {
        if query.trim().is_empty() {
            return self.count();
        }
        let ids = self.search_ids(query, usize::MAX)?;
        Ok(u64::try_from(ids.len()).unwrap_or(u64::MAX))
    }

    /// One entry by id.
    pub fn entry(&self, id: i64) -> Result<Entry, HistoryError> {
        let sql = format!("SELECT {ENTRY_COLUMNS} FROM entries WHERE id = ?1");
        let mut statement = self
            .connection
            .prepare_cached(&sql)
            .map_err(|e| self.sqlite(e))?;
        statement
            .query_row([id], read_entry)
            .map_err(|e| self.sqlite(e))
    }

    /// Sets the outcome of every entry with this `state` and returns them, newest first.
    /// An empty state matches nothing: it ties no link to its return.
    pub fn set_outcome(
        &mut self,
        state: &str,
        outcome: &Outcome,
    ) -> Result<Vec<Entry>, HistoryError> {
        if state.is_empty() {
            return Ok(Vec::new());
        }
        let path = self.path.clone();
        let sqlite = |error| HistoryError::from_sqlite(&path, error);
        let transaction = write_transaction(&mut self.connection).map_err(sqlite)?;
        transaction
            .execute(
                "UPDATE entries SET outcome = ?2 WHERE state = ?1",
                params![state, outcome],
            )
            .map_err(sqlite)?;
        let entries = entries_with_state(&transaction, state).map_err(sqlite)?;
        transaction.commit().map_err(sqlite)?;
        Ok(entries)
    }

    /// Ties an owner's return to its links: the entries with `state`, narrowed to the
    /// vehicle the return names (see `ReturnMatch::of`). With `outcome`, the matched
    /// entries get it, in the same transaction that read them; crossed or ambiguous
    /// returns set nothing.
    pub fn match_return(
        &mut self,
        state: &str,
        returned_vehicle: Option<&str>,
        outcome: Option<&Outcome>,
    ) -> Result<ReturnMatch, HistoryError> {
        if state.is_empty() {
            return Ok(ReturnMatch::NoLink);
        }
        let path = self.path.clone();
        let sqlite = |error| HistoryError::from_sqlite(&path, error);
        let Some(outcome) = outcome else {
            let entries = entries_with_state(&self.connection, state).map_err(sqlite)?;
            return Ok(ReturnMatch::of(entries, returned_vehicle));
        };
        let transaction = write_transaction(&mut self.connection).map_err(sqlite)?;
        let entries = entries_with_state(&transaction, state).map_err(sqlite)?;
        let mut matched = ReturnMatch::of(entries, returned_vehicle);
        if let ReturnMatch::Matched(entries) = &mut matched {
            // The statement borrows the transaction: it ends here, before the commit.
            let mut update = transaction
                .prepare_cached("UPDATE entries SET outcome = ?2 WHERE id = ?1")
                .map_err(sqlite)?;
            for entry in entries.iter_mut() {
                update.execute(params![entry.id, outcome]).map_err(sqlite)?;
                entry.outcome = Some(outcome.clone());
            }
        }
        transaction.commit().map_err(sqlite)?;
        Ok(matched)
    }

    /// The entries whose link had this state, newest first, left as they are.
    pub fn with_state(&self, state: &str) -> Result<Vec<Entry>, HistoryError> {
        if state.is_empty() {
            return Ok(Vec::new());
        }
        entries_with_state(&self.connection, state).map_err(|e| self.sqlite(e))
    }

    /// Deletes every entry recorded before `before_ms`; returns how many.
    pub fn forget_before(&mut self, before_ms: i64) -> Result<usize, HistoryError> {
        let path = self.path.clone();
        let sqlite = |error| HistoryError::from_sqlite(&path, error);
        let transaction = write_transaction(&mut self.connection).map_err(sqlite)?;
        let forgotten = transaction
            .execute("DELETE FROM entries WHERE time_ms < ?1", [before_ms])
            .map_err(sqlite)?;
        transaction
            .execute(
                "DELETE FROM tickets WHERE NOT EXISTS
                 (SELECT 1 FROM entries WHERE entries.ticket = tickets.ticket)",
                [],
            )
            .map_err(sqlite)?;
        transaction
            .execute(
                "DELETE FROM ticket_text WHERE NOT EXISTS
                 (SELECT 1 FROM tickets WHERE tickets.ticket = ticket_text.ticket)",
                [],
            )
            .map_err(sqlite)?;
        transaction.commit().map_err(sqlite)?;
        Ok(forgotten)
    }

    /// Up to `limit` entries after the one with id `after_id`, oldest first, each with the
    /// id it was made with: what `history push` copies to the shared history.
    pub fn portable_after(
        &self,
        after_id: i64,
        limit: usize,
    ) -> Result<Vec<PortableEntry>, HistoryError> {
        let sql = format!(
            "SELECT {ENTRY_COLUMNS}, entry_id FROM entries WHERE id > ?1 ORDER BY id LIMIT ?2"
        );
        let read = || -> rusqlite::Result<Vec<PortableEntry>> {
            let mut statement = self.connection.prepare_cached(&sql)?;
            let rows = statement.query_map(params![after_id, sql_limit(limit)], |row| {
                Ok(PortableEntry {
                    entry: read_entry(row)?,
                    entry_id: row.get(12)?,
                })
            })?;
            rows.collect()
        };
        read().map_err(|e| self.sqlite(e))
    }

    /// How many entries the history holds.
    pub fn count(&self) -> Result<u64, HistoryError> {
        let count: i64 = self
            .connection
            .query_row("SELECT count(*) FROM entries", [], |row| row.get(0))
            .map_err(|e| self.sqlite(e))?;
        Ok(u64::try_from(count).unwrap_or_default())
    }
}

/// Entries gathered in a temporary table of this connection (no lock on the shared
/// file), moved into the history by `commit` in one transaction.
pub struct PendingEntries<'s> {
    store: &'s mut HistoryStore,
    count: usize,
}

impl PendingEntries<'_> {
    pub fn add(&mut self, entry: &NewEntry) -> Result<(), HistoryError> {
        insert(&self.store.connection, "temp.pending", entry).map_err(|e| self.store.sqlite(e))?;
        self.count += 1;
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Moves every pending entry into the history, in the order added, all or none.
    pub fn commit(self) -> Result<usize, HistoryError> {
        let path = self.store.path.clone();
        let sqlite = |error| HistoryError::from_sqlite(&path, error);
        let transaction = write_transaction(&mut self.store.connection).map_err(sqlite)?;
        transaction
            .execute_batch(
                "INSERT INTO entries
                 (time_ms, kind, profile, vehicle_id, state, owner_id, ticket, via, link, agent,
                  entry_id)
                 SELECT time_ms, kind, profile, vehicle_id, state, owner_id, ticket, via, link,
                        agent, entry_id
                 FROM temp.pending ORDER BY id;
                 DELETE FROM temp.pending;",
            )
            .map_err(sqlite)?;
        transaction.commit().map_err(sqlite)?;
        Ok(self.count)
    }
}

/// One entry, with a new id, into `table` of a SQLite history: `entries`, the pending
/// batch's `temp.pending`, or the outbox's `waiting` (the same columns, named).
pub(super) fn insert(
    connection: &Connection,
    table: &str,
    entry: &NewEntry,
) -> rusqlite::Result<()> {
    let sql = INSERT.replacen("entries", table, 1);
    let mut statement = connection.prepare_cached(&sql)?;
    statement.execute(params![
        entry.time_ms,
        entry.kind,
        entry.profile,
        entry.vehicle_id,
        entry.state,
        entry.owner_id,
        entry.ticket,
        entry.via.as_str(),
        entry.link,
        entry.agent,
        new_entry_id(),
    ])?;
    Ok(())
}

fn entries_with_state(connection: &Connection, state: &str) -> rusqlite::Result<Vec<Entry>> {
    let sql = format!("SELECT {ENTRY_COLUMNS} FROM entries WHERE state = ?1 ORDER BY id DESC");
    let mut statement = connection.prepare_cached(&sql)?;
    let entries = statement.query_map([state], read_entry)?;
    entries.collect()
}

pub(super) fn read_entry(row: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    Ok(Entry {
        id: row.get(0)?,
        time_ms: row.get(1)?,
        kind: row.get(2)?,
        profile: row.get(3)?,
        vehicle_id: row.get(4)?,
        state: row.get(5)?,
        owner_id: row.get(6)?,
        ticket: row.get(7)?,
        via: row.get(8)?,
        link: row.get(9)?,
        outcome: row.get(10)?,
        agent: row.get(11)?,
    })
}

/// Whether the file is marked as ours and at the current version, so opening writes
/// nothing to it.
fn up_to_date(connection: &Connection) -> rusqlite::Result<bool> {
    let pragma = |name: &str| connection.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0));
    let version: i64 = pragma("user_version")?;
    let marked: i64 = pragma("application_id")?;
    Ok(version == CURRENT_VERSION && marked == i64::from(APPLICATION_ID))
}

/// Switches the file to WAL, as every opener asks. While another process is switching a
/// new file, SQLite answers "locked" at once instead of waiting in its busy handler, so
/// the switch is asked again until the busy timeout has passed.
fn enable_wal(connection: &Connection, busy_timeout: Duration) -> rusqlite::Result<String> {
    let started = std::time::Instant::now();
    loop {
        match connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0)) {
            Err(error)
                if error.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                    && started.elapsed() < busy_timeout =>
            {
                std::thread::sleep(WAL_SWITCH_RETRY);
            }
            answer => return answer,
        }
    }
}

/// Every write takes the write lock when it begins, waiting up to the busy timeout. A
/// deferred transaction would take it only at its first write, and in WAL mode SQLite
/// refuses at once, without waiting, a reader that wants to write after another process
/// has written: a batch's commit failed that way beside other writers.
pub(super) fn write_transaction(connection: &mut Connection) -> rusqlite::Result<Transaction<'_>> {
    connection.transaction_with_behavior(TransactionBehavior::Immediate)
}

/// The query as one FTS5 phrase: with the trigram tokenizer, the tickets that hold it as
/// a part, in any case. Its own double quotes are doubled, so nothing in it is syntax.
fn fts_phrase(query: &str) -> String {
    format!("\"{}\"", query.replace('"', "\"\""))
}

/// The file is created readable and writable by its owner only (SQLite gives its `-wal`
/// and `-shm` files the same mode); an existing file of ours is narrowed to that too.
fn create_owner_only(path: &Path) -> Result<(), HistoryError> {
    if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(|e| HistoryError::io(folder, &e))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let file = options.open(path).map_err(|e| HistoryError::io(path, &e))?;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(|e| HistoryError::io(path, &e))?;
    }
    #[cfg(not(unix))]
    options.open(path).map_err(|e| HistoryError::io(path, &e))?;
    Ok(())
}
