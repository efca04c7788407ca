//! The SQLite file as one of the two stores behind `History`: every call goes to
//! `HistoryStore`'s own methods, which keep their names for the code and tests that hold
//! the file's store itself.

use super::entry::{Entry, NewEntry};
use super::error::HistoryError;
use super::interface::{History, PendingBatch};
use super::outcome::Outcome;
use super::return_match::ReturnMatch;
use super::store::{HistoryStore, PendingEntries};
use super::verification::Waiting;

impl History for HistoryStore {
    fn location(&self) -> String {
        self.path().display().to_string()
    }

    fn record_all(&mut self, entries: &[NewEntry]) -> Result<usize, HistoryError> {
        HistoryStore::record_all(self, entries)
    }

    fn pending(&mut self) -> Result<Box<dyn PendingBatch + '_>, HistoryError> {
        Ok(Box::new(HistoryStore::pending(self)?))
    }

    fn search(
        &mut self,
        query: &str,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Entry>, HistoryError> {
        HistoryStore::search(self, query, offset, limit)
    }

    fn count_matching(&mut self, query: &str) -> Result<u64, HistoryError> {
        HistoryStore::count_matching(self, query)
    }

    fn set_outcome(&mut self, state: &str, outcome: &Outcome) -> Result<Vec<Entry>, HistoryError> {
        HistoryStore::set_outcome(self, state, outcome)
    }

    fn match_return(
        &mut self,
        state: &str,
        returned_vehicle: Option<&str>,
        outcome: Option<&Outcome>,
    ) -> Result<ReturnMatch, HistoryError> {
        HistoryStore::match_return(self, state, returned_vehicle, outcome)
    }

    fn with_state(&mut self, state: &str) -> Result<Vec<Entry>, HistoryError> {
        HistoryStore::with_state(self, state)
    }

    fn forget_before(&mut self, before_ms: i64) -> Result<usize, HistoryError> {
        HistoryStore::forget_before(self, before_ms)
    }

    fn waiting(&mut self, which: &Waiting) -> Result<Vec<Entry>, HistoryError> {
        HistoryStore::waiting(self, which)
    }

    fn mark_verified(&mut self, ids: &[i64]) -> Result<usize, HistoryError> {
        HistoryStore::mark_verified(self, ids)
    }

    fn count(&mut self) -> Result<u64, HistoryError> {
        HistoryStore::count(self)
    }
}

impl PendingBatch for PendingEntries<'_> {
    fn add(&mut self, entry: &NewEntry) -> Result<(), HistoryError> {
        PendingEntries::add(self, entry)
    }

    fn len(&self) -> usize {
        PendingEntries::len(self)
    }

    fn commit(self: Box<Self>) -> Result<usize, HistoryError> {
        PendingEntries::commit(*self)
    }
}
