//! The shared database's layout and its forward migrations. `reauth_link_migrations`
//! holds one row per migration applied. Every workstation that connects brings the
//! layout up to date under a transaction-scoped advisory lock, so two desks starting at
//! the same moment migrate once: the second waits for the first's commit, then finds
//! nothing left to do. A database from a newer version is refused, never downgraded.

use postgres::{Client, GenericClient};

/// The advisory lock every migrating connection takes: the ASCII letters `RLHi`, as the
/// SQLite file's application id, so it is recognisable in `pg_locks`.
const MIGRATION_LOCK: i64 = 0x524c_4869;

/// Each step takes the layout from version `index` to `index + 1`. Append only: a step
/// that has shipped never changes.
pub const MIGRATIONS: [&str; 1] = [
    // 1: the entries. `entry_id` is given when an entry is made, so an entry sent twice
    // (again after a lost answer, or copied from a workstation's own file) is kept once.
    // Whole values are found by plain indexes; tickets in part by the trigram index
    // (`ILIKE '%part%'`, any case).
    "CREATE EXTENSION IF NOT EXISTS pg_trgm;
     CREATE TABLE entries (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        entry_id uuid NOT NULL UNIQUE,
        time_ms bigint NOT NULL,
        kind text NOT NULL,
        profile text NOT NULL,
        vehicle_id text NOT NULL,
        state text NOT NULL,
        owner_id text NOT NULL,
        ticket text NOT NULL,
        via text NOT NULL,
        link text NOT NULL,
        outcome text,
        agent text NOT NULL DEFAULT ''
     );
     CREATE INDEX entries_vehicle_id ON entries (vehicle_id);
     CREATE INDEX entries_state ON entries (state);
     CREATE INDEX entries_profile ON entries (profile);
     CREATE INDEX entries_owner_id ON entries (owner_id);
     CREATE INDEX entries_ticket ON entries (ticket);
     CREATE INDEX entries_time ON entries (time_ms);
     CREATE INDEX entries_ticket_trigrams ON entries USING gin (ticket gin_trgm_ops);",
];

/// The version this build writes.
pub const CURRENT_VERSION: i32 = MIGRATIONS.len() as i32;

/// What connecting found.
#[derive(Debug, PartialEq, Eq)]
pub enum SchemaState {
    Current,
    Newer { found: i32 },
}

/// Applies the missing migrations in one transaction, under the migration lock.
pub fn bring_up_to_date(client: &mut Client) -> Result<SchemaState, postgres::Error> {
    let mut transaction = client.transaction()?;
    transaction.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    transaction.batch_execute(
        "CREATE TABLE IF NOT EXISTS reauth_link_migrations (
            version integer PRIMARY KEY,
            applied_at timestamptz NOT NULL DEFAULT now()
         )",
    )?;
    let found = applied_version(&mut transaction)?;
    if found > CURRENT_VERSION {
        return Ok(SchemaState::Newer { found });
    }
    for (index, step) in MIGRATIONS.iter().enumerate().skip(found.max(0) as usize) {
        transaction.batch_execute(step)?;
        let version = i32::try_from(index + 1).unwrap_or(i32::MAX);
        transaction.execute(
            "INSERT INTO reauth_link_migrations (version) VALUES ($1)",
            &[&version],
        )?;
    }
    transaction.commit()?;
    Ok(SchemaState::Current)
}

/// The highest migration applied; 0 for a new database.
pub fn applied_version(client: &mut impl GenericClient) -> Result<i32, postgres::Error> {
    let row = client.query_one(
        "SELECT coalesce(max(version), 0) FROM reauth_link_migrations",
        &[],
    )?;
    row.try_get(0)
}
