//! The shared history's store. Entry ids (`id`) are the server's, in the order entries
//! arrived; `entry_id` is the id an entry was given when it was made, and an entry whose
//! `entry_id` the server already has is ignored (`ON CONFLICT DO NOTHING`).

use postgres::{Client, GenericClient, Row};

use super::connect::connect;
use super::reason::reason;
use super::schema::{CURRENT_VERSION, SchemaState, bring_up_to_date};
use super::server_url::ServerUrl;
use crate::history::entry::{Entry, KIND_DISCONNECT, NewEntry};
use crate::history::entry_id::{PortableEntry, new_entry_id};
use crate::history::error::HistoryError;
use crate::history::interface::{History, PendingBatch};
use crate::history::outcome::{Outcome, sql};
use crate::history::return_match::ReturnMatch;
use crate::history::sql_values::{like_pattern, sql_limit};
use crate::history::verification::Waiting;

const ENTRY_COLUMNS: &str =
    "id, time_ms, kind, profile, vehicle_id, state, owner_id, ticket, via, link, outcome, agent";

/// A search's match: the query whole in a whole-value field ($1; the vehicle id also in
/// lower and upper case, $2 and $3, as ids were typed before they were cleaned), or in
/// part of the ticket ($4, an ILIKE pattern the trigram index serves).
const MATCHES: &str = "(vehicle_id IN ($1, $2, $3) OR state = $1 OR profile = $1
    OR owner_id = $1 OR ticket ILIKE $4 ESCAPE '\\')";

/// Entries sent to the server per statement: one round trip for this many.
const ROWS_PER_INSERT: usize = 1_000;

const INSERT: &str = "INSERT INTO entries
    (entry_id, time_ms, kind, profile, vehicle_id, state, owner_id, ticket, via, link, agent)
    SELECT entry_id::uuid, time_ms, kind, profile, vehicle_id, state, owner_id, ticket, via,
           link, agent
    FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[],
                $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
         WITH ORDINALITY AS given (entry_id, time_ms, kind, profile, vehicle_id, state,
                                   owner_id, ticket, via, link, agent, position)
    ORDER BY position
    ON CONFLICT (entry_id) DO NOTHING";

/// Entries copied from a workstation's file, outcome included; those whose id the server
/// has are left as the server has them.
const IMPORT: &str = "INSERT INTO entries
    (entry_id, time_ms, kind, profile, vehicle_id, state, owner_id, ticket, via, link, agent,
     outcome)
    SELECT entry_id::uuid, time_ms, kind, profile, vehicle_id, state, owner_id, ticket, via,
           link, agent, outcome
    FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[],
                $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
         WITH ORDINALITY AS given (entry_id, time_ms, kind, profile, vehicle_id, state,
                                   owner_id, ticket, via, link, agent, outcome, position)
    ORDER BY position
    ON CONFLICT (entry_id) DO NOTHING";

pub struct PostgresHistory {
    client: Client,
    url: ServerUrl,
}

impl PostgresHistory {
    /// Connects and brings the layout up to date (see `schema`).
    pub fn open(url: &ServerUrl) -> Result<Self, HistoryError> {
        let failed = |reason: String| HistoryError::Server {
            location: url.masked(),
            reason,
        };
        let mut client = connect(url).map_err(failed)?;
        match bring_up_to_date(&mut client).map_err(|e| failed(reason(&e)))? {
            SchemaState::Current => Ok(Self {
                client,
                url: url.clone(),
            }),
            SchemaState::Newer { found } => Err(HistoryError::ServerNewer {
                location: url.masked(),
                found: i64::from(found),
                known: i64::from(CURRENT_VERSION),
            }),
        }
    }

    fn failed(&self, error: postgres::Error) -> HistoryError {
        HistoryError::Server {
            location: self.url.masked(),
            reason: reason(&error),
        }
    }

    fn entries(
        &mut self,
        sql: &str,
        parameters: &[&(dyn postgres::types::ToSql + Sync)],
    ) -> Result<Vec<Entry>, HistoryError> {
        let rows = self.client.query(sql, parameters);
        let rows = rows.map_err(|e| self.failed(e))?;
        rows.iter()
            .map(read_entry)
            .collect::<Result<_, _>>()
            .map_err(|e| self.failed(e))
    }

    /// Copies entries made elsewhere (with their ids and outcomes) in one transaction;
    /// returns how many the server did not have yet.
    pub fn import(&mut self, entries: &[PortableEntry]) -> Result<u64, HistoryError> {
        let imported = import_in_transaction(&mut self.client, entries);
        imported.map_err(|e| self.failed(e))
    }

    /// Writes given entries (with the ids they were made with) in one transaction.
    fn insert_made(&mut self, entries: &[MadeEntry]) -> Result<usize, HistoryError> {
        let written = insert_in_transaction(&mut self.client, entries);
        written.map_err(|e| self.failed(e))
    }
}

impl History for PostgresHistory {
    fn location(&self) -> String {
        self.url.masked()
    }

    fn is_lost(&self) -> bool {
        self.client.is_closed()
    }

    fn record_all(&mut self, entries: &[NewEntry]) -> Result<usize, HistoryError> {
        let made: Vec<MadeEntry> = entries.iter().map(MadeEntry::now).collect();
        self.insert_made(&made)
    }

    fn pending(&mut self) -> Result<Box<dyn PendingBatch + '_>, HistoryError> {
        Ok(Box::new(PendingOnServer {
            store: self,
            entries: Vec::new(),
        }))
    }

    fn search(
        &mut self,
        query: &str,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Entry>, HistoryError> {
        let (offset, limit) = (sql_limit(offset), sql_limit(limit));
        let query = query.trim();
        if query.is_empty() {
            let sql =
                format!("SELECT {ENTRY_COLUMNS} FROM entries ORDER BY id DESC LIMIT $1 OFFSET $2");
            return self.entries(&sql, &[&limit, &offset]);
        }
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM entries WHERE {MATCHES}
             ORDER BY id DESC LIMIT $5 OFFSET $6"
        );
        let [whole, lower, upper, part] = search_values(query);
        self.entries(&sql, &[&whole, &lower, &upper, &part, &limit, &offset])
    }

    fn count_matching(&mut self, query: &str) -> Result<u64, HistoryError> {
        let query = query.trim();
        let counted = if query.is_empty() {
            self.client.query_one("SELECT count(*) FROM entries", &[])
        } else {
            let sql = format!("SELECT count(*) FROM entries WHERE {MATCHES}");
            let [whole, lower, upper, part] = search_values(query);
            self.client
                .query_one(&sql, &[&whole, &lower, &upper, &part])
        };
        let count: i64 = counted
            .and_then(|row| row.try_get(0))
            .map_err(|e| self.failed(e))?;
        Ok(u64::try_from(count).unwrap_or_default())
    }

    fn set_outcome(&mut self, state: &str, outcome: &Outcome) -> Result<Vec<Entry>, HistoryError> {
        if state.is_empty() {
            return Ok(Vec::new());
        }
        let run = |client: &mut Client| -> Result<Vec<Entry>, postgres::Error> {
            let mut transaction = client.transaction()?;
            transaction.execute(
                "UPDATE entries SET outcome = $2 WHERE state = $1",
                &[&state, &outcome],
            )?;
            let entries = entries_with_state(&mut transaction, state, false)?;
            transaction.commit()?;
            Ok(entries)
        };
        let result = run(&mut self.client);
        result.map_err(|e| self.failed(e))
    }

    fn match_return(
        &mut self,
        state: &str,
        returned_vehicle: Option<&str>,
        outcome: Option<&Outcome>,
    ) -> Result<ReturnMatch, HistoryError> {
        if state.is_empty() {
            return Ok(ReturnMatch::NoLink);
        }
        let run = |client: &mut Client| -> Result<ReturnMatch, postgres::Error> {
            let Some(outcome) = outcome else {
                let entries = entries_with_state(client, state, false)?;
                return Ok(ReturnMatch::of(entries, returned_vehicle));
            };
            let mut transaction = client.transaction()?;
            let entries = entries_with_state(&mut transaction, state, true)?;
            let mut matched = ReturnMatch::of(entries, returned_vehicle);
            if let ReturnMatch::Matched(entries) = &mut matched {
                for entry in entries.iter_mut() {
                    transaction.execute(
                        "UPDATE entries SET outcome = $2 WHERE id = $1",
                        &[&entry.id, &outcome],
                    )?;
                    entry.outcome = Some(outcome.clone());
                }
            }
            transaction.commit()?;
            Ok(matched)
        };
        let result = run(&mut self.client);
        result.map_err(|e| self.failed(e))
    }

    fn with_state(&mut self, state: &str) -> Result<Vec<Entry>, HistoryError> {
        if state.is_empty() {
            return Ok(Vec::new());
        }
        let result = entries_with_state(&mut self.client, state, false);
        result.map_err(|e| self.failed(e))
    }

    fn forget_before(&mut self, before_ms: i64) -> Result<usize, HistoryError> {
        let deleted = self
            .client
            .execute("DELETE FROM entries WHERE time_ms < $1", &[&before_ms]);
        let deleted = deleted.map_err(|e| self.failed(e))?;
        Ok(usize::try_from(deleted).unwrap_or(usize::MAX))
    }

    fn waiting(&mut self, which: &Waiting) -> Result<Vec<Entry>, HistoryError> {
        let not_final = sql::not_final("$1::text", "$2::text", "$3::text");
        let query = format!(
            "SELECT {ENTRY_COLUMNS} FROM entries
             WHERE {not_final}
               AND kind <> $4 AND vehicle_id <> ''
               AND ($5::text IS NULL OR ticket = $5) AND ($6::bigint IS NULL OR time_ms >= $6)
               AND ($7::text IS NULL OR profile = $7)
             ORDER BY id DESC"
        );
        self.entries(
            &query,
            &[
                &sql::SUCCESS,
                &sql::VERIFIED,
                &sql::verified_before_callback(),
                &KIND_DISCONNECT,
                &which.ticket,
                &which.since_ms,
                &which.profile,
            ],
        )
    }

    fn mark_verified(&mut self, ids: &[i64]) -> Result<usize, HistoryError> {
        let update = format!(
            "UPDATE entries SET outcome = {} WHERE id = ANY($1)",
            sql::verified("$2::text", "$3::text")
        );
        let marked = self.client.execute(
            &update,
            &[&ids, &sql::VERIFIED, &sql::verified_before_callback()],
        );
        let marked = marked.map_err(|e| self.failed(e))?;
        Ok(usize::try_from(marked).unwrap_or(usize::MAX))
    }
}

/// A batch's entries kept in memory until the batch is written, then sent in one
/// transaction: the server's tables are not locked while a slow input is read.
struct PendingOnServer<'s> {
    store: &'s mut PostgresHistory,
    entries: Vec<MadeEntry>,
}

impl PendingBatch for PendingOnServer<'_> {
    fn add(&mut self, entry: &NewEntry) -> Result<(), HistoryError> {
        self.entries.push(MadeEntry::now(entry));
        Ok(())
    }

    fn len(&self) -> usize {
        self.entries.len()
    }

    fn commit(self: Box<Self>) -> Result<usize, HistoryError> {
        self.store.insert_made(&self.entries)?;
        Ok(self.entries.len())
    }
}

/// An entry with the id it was given when made.
struct MadeEntry {
    entry_id: String,
    entry: NewEntry,
}

impl MadeEntry {
    fn now(entry: &NewEntry) -> Self {
        Self {
            entry_id: new_entry_id(),
            entry: entry.clone(),
        }
    }
}

fn insert_in_transaction(
    client: &mut Client,
    entries: &[MadeEntry],
) -> Result<usize, postgres::Error> {
    let mut transaction = client.transaction()?;
    for chunk in entries.chunks(ROWS_PER_INSERT) {
        insert_chunk(&mut transaction, chunk)?;
    }
    transaction.commit()?;
    Ok(entries.len())
}

fn insert_chunk(
    client: &mut impl GenericClient,
    chunk: &[MadeEntry],
) -> Result<(), postgres::Error> {
    let text = |field: fn(&MadeEntry) -> &str| -> Vec<&str> { chunk.iter().map(field).collect() };
    let times: Vec<i64> = chunk.iter().map(|made| made.entry.time_ms).collect();
    client.execute(
        INSERT,
        &[
            &text(|m| &m.entry_id),
            &times,
            &text(|m| m.entry.kind.as_str()),
            &text(|m| &m.entry.profile),
            &text(|m| &m.entry.vehicle_id),
            &text(|m| &m.entry.state),
            &text(|m| &m.entry.owner_id),
            &text(|m| &m.entry.ticket),
            &text(|m| m.entry.via.as_str()),
            &text(|m| &m.entry.link),
            &text(|m| &m.entry.agent),
        ],
    )?;
    Ok(())
}

fn import_in_transaction(
    client: &mut Client,
    entries: &[PortableEntry],
) -> Result<u64, postgres::Error> {
    let mut transaction = client.transaction()?;
    let mut imported = 0;
    for chunk in entries.chunks(ROWS_PER_INSERT) {
        let text =
            |field: fn(&PortableEntry) -> &str| -> Vec<&str> { chunk.iter().map(field).collect() };
        let times: Vec<i64> = chunk.iter().map(|p| p.entry.time_ms).collect();
        let outcomes: Vec<Option<&Outcome>> =
            chunk.iter().map(|p| p.entry.outcome.as_ref()).collect();
        imported += transaction.execute(
            IMPORT,
            &[
                &text(|p| &p.entry_id),
                &times,
                &text(|p| p.entry.kind.as_str()),
                &text(|p| &p.entry.profile),
                &text(|p| &p.entry.vehicle_id),
                &text(|p| &p.entry.state),
                &text(|p| &p.entry.owner_id),
                &text(|p| &p.entry.ticket),
                &text(|p| p.entry.via.as_str()),
                &text(|p| &p.entry.link),
                &text(|p| &p.entry.agent),
                &outcomes,
            ],
        )?;
    }
    transaction.commit()?;
    Ok(imported)
}

fn entries_with_state(
    client: &mut impl GenericClient,
    state: &str,
    for_update: bool,
) -> Result<Vec<Entry>, postgres::Error> {
    let lock = if for_update { " FOR UPDATE" } else { "" };
    let sql =
        format!("SELECT {ENTRY_COLUMNS} FROM entries WHERE state = $1 ORDER BY id DESC{lock}");
    client
        .query(&sql, &[&state])?
        .iter()
        .map(read_entry)
        .collect()
}

fn read_entry(row: &Row) -> Result<Entry, postgres::Error> {
    Ok(Entry {
        id: row.try_get(0)?,
        time_ms: row.try_get(1)?,
        kind: row.try_get(2)?,
        profile: row.try_get(3)?,
        vehicle_id: row.try_get(4)?,
        state: row.try_get(5)?,
        owner_id: row.try_get(6)?,
        ticket: row.try_get(7)?,
        via: row.try_get(8)?,
        link: row.try_get(9)?,
        outcome: row.try_get(10)?,
        agent: row.try_get(11)?,
    })
}

/// The query whole, in lower and upper case (for vehicle ids), and as a part of a ticket.
fn search_values(query: &str) -> [String; 4] {
    [
        query.to_owned(),
        query.to_ascii_lowercase(),
        query.to_ascii_uppercase(),
        like_pattern(query),
    ]
}
