//! The database's layout and its forward migrations. `PRAGMA user_version` holds the
//! number of migrations applied; opening applies the missing ones in one transaction, so
//! two processes opening an old file at once migrate it once. A file from a newer version
//! is refused, never downgraded. `PRAGMA application_id` marks the file as this tool's.

use rusqlite::{Connection, Transaction, TransactionBehavior};

/// SQLite's application id for a reauth-link history: the four ASCII letters `RLHi`
/// (`0x524c4869`), read at offset 68 of the file's header. It tells our file from any
/// other program's SQLite database; it is written in the same transaction as the schema,
/// so no file of ours has a schema without it, and older files of ours gain it when they
/// are next opened. Fixed for good: a file carrying another value is not ours.
pub const APPLICATION_ID: i32 = 0x524c_4869;

/// The table every version of the history has had since its first.
pub const ENTRIES_TABLE: &str = "entries";

/// Each step takes the schema from version `index` to `index + 1`. Append only: a step
/// that has shipped never changes.
pub const MIGRATIONS: [&str; 5] = [
    // 1: the entries.
    "CREATE TABLE entries (
        id INTEGER PRIMARY KEY,
        time_ms INTEGER NOT NULL,
        kind TEXT NOT NULL,
        profile TEXT NOT NULL,
        vehicle_id TEXT NOT NULL,
        state TEXT NOT NULL,
        owner_id TEXT NOT NULL,
        ticket TEXT NOT NULL,
        via TEXT NOT NULL,
        link TEXT NOT NULL,
        outcome TEXT
    );",
    // 2: search. Each whole-value field has an index (with the id, so newest-first reads
    // the index backwards and stops at the limit). Tickets are matched in part, which no
    // index serves: `tickets` keeps each distinct ticket once, so a search scans the
    // tickets, far fewer than the entries, then reads their entries by index.
    "CREATE INDEX entries_vehicle_id ON entries (vehicle_id);
     CREATE INDEX entries_state ON entries (state);
     CREATE INDEX entries_profile ON entries (profile);
     CREATE INDEX entries_owner_id ON entries (owner_id);
     CREATE INDEX entries_ticket ON entries (ticket);
     CREATE INDEX entries_time ON entries (time_ms);
     CREATE TABLE tickets (ticket TEXT PRIMARY KEY) WITHOUT ROWID;
     INSERT OR IGNORE INTO tickets SELECT ticket FROM entries WHERE ticket <> '';
     CREATE TRIGGER entries_ticket_known AFTER INSERT ON entries WHEN NEW.ticket <> ''
     BEGIN INSERT OR IGNORE INTO tickets VALUES (NEW.ticket); END;",
    // 3: a ticket in part without scanning every ticket. `ticket_text` indexes each
    // distinct ticket by its three-character pieces (FTS5's trigram tokenizer, any case),
    // so a part of three characters or more is looked up; a shorter one still scans
    // `tickets`.
    "CREATE VIRTUAL TABLE ticket_text USING fts5(ticket, tokenize = 'trigram');
     INSERT INTO ticket_text (ticket) SELECT ticket FROM tickets;
     DROP TRIGGER entries_ticket_known;
     CREATE TRIGGER entries_ticket_known AFTER INSERT ON entries
     WHEN NEW.ticket <> '' AND NOT EXISTS (SELECT 1 FROM tickets WHERE ticket = NEW.ticket)
     BEGIN
         INSERT INTO tickets VALUES (NEW.ticket);
         INSERT INTO ticket_text (ticket) VALUES (NEW.ticket);
     END;",
    // 4: who sent each link; entries from before stay without one.
    "ALTER TABLE entries ADD COLUMN agent TEXT NOT NULL DEFAULT '';",
    // 5: the id each entry is made with (a UUID), so `history push` can copy the file to
    // a desk's shared history any number of times and the server keeps each entry once.
    // Older entries get a random one now.
    "ALTER TABLE entries ADD COLUMN entry_id TEXT;
     UPDATE entries SET entry_id = lower(
         hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' ||
         substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + abs(random() % 4), 1) ||
         substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));",
];

/// The version this build writes.
pub const CURRENT_VERSION: i64 = MIGRATIONS.len() as i64;

/// What opening found.
#[derive(Debug, PartialEq, Eq)]
pub enum SchemaState {
    Current,
    /// Written by a newer build: `found` is its version.
    Newer {
        found: i64,
    },
}

/// Applies the missing migrations up to `target`, in one immediate transaction, as the
/// versions before the application id did.
pub fn migrate_to(connection: &mut Connection, target: i64) -> rusqlite::Result<SchemaState> {
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let state = migrate(&transaction, target)?;
    if state == SchemaState::Current {
        transaction.commit()?;
    }
    Ok(state)
}

/// Brings a file of ours (or an empty one) to the current version and marks it with the
/// application id, in one immediate transaction: two processes opening it at once lay it
/// out once, and a file from a newer version found under the lock is left untouched.
pub fn bring_up_to_date(connection: &mut Connection) -> rusqlite::Result<SchemaState> {
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let state = migrate(&transaction, CURRENT_VERSION)?;
    if state == SchemaState::Current {
        let marked: i32 = transaction.query_row("PRAGMA application_id", [], |row| row.get(0))?;
        if marked != APPLICATION_ID {
            transaction.pragma_update(None, "application_id", APPLICATION_ID)?;
        }
        transaction.commit()?;
    }
    Ok(state)
}

fn migrate(transaction: &Transaction<'_>, target: i64) -> rusqlite::Result<SchemaState> {
    let found: i64 = transaction.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if found > CURRENT_VERSION {
        return Ok(SchemaState::Newer { found });
    }
    for step in found..target {
        let index = usize::try_from(step).unwrap_or_default();
        transaction.execute_batch(MIGRATIONS[index])?;
    }
    if target > found {
        transaction.pragma_update(None, "user_version", target)?;
    }
    Ok(SchemaState::Current)
}
