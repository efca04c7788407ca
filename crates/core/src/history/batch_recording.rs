//! A batch's links recorded as one: one entry per good row, gathered outside any lock and
//! committed in one transaction once the output is written, so a batch that failed to
//! write records nothing. The command line's `batch --ticket` and the window's export both
//! record through it.

use super::{EntryKind, History, HistoryError, NewEntry, PendingBatch, Via};
use crate::batch::RowStore;
use crate::history::time::now_ms;

pub struct BatchRecording<'s> {
    pending: Box<dyn PendingBatch + 's>,
    /// One entry reused for every row: only the row's own values change.
    entry: NewEntry,
}

impl<'s> BatchRecording<'s> {
    pub fn new(
        store: &'s mut dyn History,
        profile: Option<&str>,
        ticket: &str,
        via: Via,
        agent: &str,
    ) -> Result<Self, HistoryError> {
        Ok(Self {
            pending: store.pending()?,
            entry: NewEntry {
                time_ms: now_ms(),
                kind: EntryKind::REAUTHENTICATE,
                profile: profile.unwrap_or_default().to_owned(),
                vehicle_id: String::new(),
                state: String::new(),
                owner_id: String::new(),
                ticket: ticket.to_owned(),
                via,
                link: String::new(),
                agent: agent.to_owned(),
            },
        })
    }

    /// Adds one good row's link.
    pub fn add(
        &mut self,
        vehicle_id: &str,
        state: &str,
        owner_id: &str,
        link: &str,
    ) -> Result<(), HistoryError> {
        replace(&mut self.entry.vehicle_id, vehicle_id);
        replace(&mut self.entry.state, state);
        replace(&mut self.entry.owner_id, owner_id);
        replace(&mut self.entry.link, link);
        self.pending.add(&self.entry)
    }

    /// Adds the link of every good row of a finished batch, in input order; returns how
    /// many. Each link is written as the export writes it.
    pub fn add_rows(&mut self, rows: &RowStore) -> Result<usize, HistoryError> {
        let mut link = String::new();
        let mut added = 0;
        for row in rows.rows() {
            link.clear();
            if rows.write_link(&row, &mut link) {
                self.add(row.vehicle_id, row.state, row.user, &link)?;
                added += 1;
            }
        }
        Ok(added)
    }

    /// Moves every added entry into the history, all or none; returns how many.
    pub fn commit(self) -> Result<usize, HistoryError> {
        self.pending.commit()
    }
}

fn replace(target: &mut String, value: &str) {
    target.clear();
    target.push_str(value);
}
