//! The history while the desk's server cannot be reached: links still leave and are kept
//! in the outbox; what only the server knows (searches, outcomes, waiting links) is not
//! there to read, so a search finds nothing and a change is refused with the server's
//! error. Opening again (`is_lost`) tries the server each time.

use super::entry::{Entry, NewEntry};
use super::error::HistoryError;
use super::interface::{History, PendingBatch};
use super::outbox::Outbox;
use super::outcome::Outcome;
use super::return_match::ReturnMatch;
use super::verification::Waiting;

pub struct OutboxRecorder {
    outbox: Outbox,
    /// The server's URL (password masked) and why it could not be used.
    location: String,
    reason: String,
}

impl OutboxRecorder {
    pub fn new(outbox: Outbox, away: &HistoryError) -> Self {
        let (location, reason) = match away {
            HistoryError::Server { location, reason } => (location.clone(), reason.clone()),
            other => (String::new(), other.to_string()),
        };
        Self {
            outbox,
            location,
            reason,
        }
    }

    fn away(&self) -> HistoryError {
        HistoryError::Server {
            location: self.location.clone(),
            reason: self.reason.clone(),
        }
    }
}

impl History for OutboxRecorder {
    fn location(&self) -> String {
        self.outbox.path().display().to_string()
    }

    fn is_lost(&self) -> bool {
        true
    }

    fn record_all(&mut self, entries: &[NewEntry]) -> Result<usize, HistoryError> {
        self.outbox.keep(entries)
    }

    fn pending(&mut self) -> Result<Box<dyn PendingBatch + '_>, HistoryError> {
        Ok(Box::new(PendingInOutbox {
            recorder: self,
            entries: Vec::new(),
        }))
    }

    fn search(&mut self, _: &str, _: usize, _: usize) -> Result<Vec<Entry>, HistoryError> {
        Ok(Vec::new())
    }

    fn count_matching(&mut self, _: &str) -> Result<u64, HistoryError> {
        Ok(0)
    }

    fn set_outcome(&mut self, _: &str, _: &Outcome) -> Result<Vec<Entry>, HistoryError> {
        Err(self.away())
    }

    fn match_return(
        &mut self,
        _: &str,
        _: Option<&str>,
        _: Option<&Outcome>,
    ) -> Result<ReturnMatch, HistoryError> {
        Err(self.away())
    }

    fn with_state(&mut self, _: &str) -> Result<Vec<Entry>, HistoryError> {
        Ok(Vec::new())
    }

    fn forget_before(&mut self, _: i64) -> Result<usize, HistoryError> {
        Err(self.away())
    }

    fn waiting(&mut self, _: &Waiting) -> Result<Vec<Entry>, HistoryError> {
        Err(self.away())
    }

    fn mark_verified(&mut self, _: &[i64]) -> Result<usize, HistoryError> {
        Err(self.away())
    }
}

/// A batch's entries, kept in the outbox together when the batch is written.
struct PendingInOutbox<'r> {
    recorder: &'r mut OutboxRecorder,
    entries: Vec<NewEntry>,
}

impl PendingBatch for PendingInOutbox<'_> {
    fn add(&mut self, entry: &NewEntry) -> Result<(), HistoryError> {
        self.entries.push(entry.clone());
        Ok(())
    }

    fn len(&self) -> usize {
        self.entries.len()
    }

    fn commit(self: Box<Self>) -> Result<usize, HistoryError> {
        self.recorder.outbox.keep(&self.entries)
    }
}
