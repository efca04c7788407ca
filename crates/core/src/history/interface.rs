//! What the rest of the tool asks of a history, whichever store keeps it: the SQLite file
//! in the config folder (`HistoryStore`) or the desk's shared PostgreSQL database
//! (`PostgresHistory`). The command line, the window's worker, the batch and the export
//! hold a `dyn History` and never learn which one it is.

use super::entry::{Entry, NewEntry};
use super::error::HistoryError;
use super::outcome::Outcome;
use super::return_match::ReturnMatch;
use super::verification::Waiting;

pub trait History: Send {
    /// Where the entries are kept, as a person reads it: the file's path, or the server's
    /// URL with its password masked.
    fn location(&self) -> String;

    /// Records all entries in one transaction: all or none; returns how many.
    fn record_all(&mut self, entries: &[NewEntry]) -> Result<usize, HistoryError>;

    /// Starts gathering a batch's entries, committed together by `PendingBatch::commit`
    /// without holding the history's write lock meanwhile.
    fn pending(&mut self) -> Result<Box<dyn PendingBatch + '_>, HistoryError>;

    /// The newest `limit` entries matching `query` after skipping `offset` of them. An
    /// empty query matches everything. A ticket matches in part (any case); a vehicle id,
    /// state, profile or owner id matches whole.
    fn search(
        &mut self,
        query: &str,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Entry>, HistoryError>;

    /// How many entries match `query` (every entry for an empty one).
    fn count_matching(&mut self, query: &str) -> Result<u64, HistoryError>;

    /// Sets the outcome of every entry with this `state` and returns them, newest first.
    /// An empty state matches nothing.
    fn set_outcome(&mut self, state: &str, outcome: &Outcome) -> Result<Vec<Entry>, HistoryError>;

    /// Ties an owner's return to its links (see `ReturnMatch::of`); with `outcome`, the
    /// matched entries get it in the same transaction that read them.
    fn match_return(
        &mut self,
        state: &str,
        returned_vehicle: Option<&str>,
        outcome: Option<&Outcome>,
    ) -> Result<ReturnMatch, HistoryError>;

    /// The entries whose link had this state, newest first, left as they are.
    fn with_state(&mut self, state: &str) -> Result<Vec<Entry>, HistoryError>;

    /// Deletes every entry recorded before `before_ms`; returns how many.
    fn forget_before(&mut self, before_ms: i64) -> Result<usize, HistoryError>;

    /// Links with no final outcome, newest first (see `HistoryStore::waiting`).
    fn waiting(&mut self, which: &Waiting) -> Result<Vec<Entry>, HistoryError>;

    /// Marks these entries verified, in one transaction; returns how many.
    fn mark_verified(&mut self, ids: &[i64]) -> Result<usize, HistoryError>;

    /// The waiting links among the entries a search for `query` shows (all waiting links
    /// for an empty query), newest first: what the History tab's Verify checks.
    fn waiting_matching(
        &mut self,
        query: &str,
        which: &Waiting,
    ) -> Result<Vec<Entry>, HistoryError> {
        let waiting = self.waiting(which)?;
        if query.trim().is_empty() {
            return Ok(waiting);
        }
        let matches = usize::try_from(self.count_matching(query)?).unwrap_or(usize::MAX);
        let shown: std::collections::HashSet<i64> = self
            .search(query, 0, matches)?
            .into_iter()
            .map(|entry| entry.id)
            .collect();
        Ok(waiting
            .into_iter()
            .filter(|entry| shown.contains(&entry.id))
            .collect())
    }

    /// How many entries the history holds.
    fn count(&mut self) -> Result<u64, HistoryError> {
        self.count_matching("")
    }

    /// Whether the store can no longer answer (a server connection that was closed), so
    /// its holder opens it again instead of failing every later request.
    fn is_lost(&self) -> bool {
        false
    }

    /// Records one entry.
    fn record(&mut self, entry: &NewEntry) -> Result<(), HistoryError> {
        self.record_all(std::slice::from_ref(entry)).map(drop)
    }
}

/// A batch's entries on their way into a history, in the order added.
pub trait PendingBatch {
    fn add(&mut self, entry: &NewEntry) -> Result<(), HistoryError>;

    fn len(&self) -> usize;

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Moves every added entry into the history, all or none; returns how many.
    fn commit(self: Box<Self>) -> Result<usize, HistoryError>;
}
