//! The history on a thread of its own, so the window's frame never waits for the disk or
//! another process's lock. Requests go in through `HistoryWorker`'s methods, which return
//! at once; answers come back as `HistoryEvent`s, read with `poll` (the `wake` callback
//! runs after each one, for the window to repaint). The history (file or server) is
//! opened on the worker thread, off the first frame's path; one that cannot be opened is
//! tried again with each request, so moving a damaged file aside or a server coming back
//! needs no restart.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;

use super::already_sent::{EARLIER_LINKS_LOOKED_AT, already_sent_warning};
use super::entry::{Entry, NewEntry};
use super::export::export_csv;
use super::interface::History;
use super::location::{HistoryLocation, RecordingHistory};
use super::outcome::Outcome;
use super::return_match::ReturnMatch;
use super::shared_state::shared_state_warning;

/// What the worker reports.
#[derive(Debug)]
pub enum HistoryEvent {
    Opened {
        /// The file's path, or the server's URL with its password masked.
        location: String,
        entries: u64,
    },
    Recorded {
        count: usize,
        /// One link recorded with a state the history already held for another vehicle:
        /// the warning naming that vehicle.
        shared_state: Option<String>,
        /// One link recorded to a vehicle another link went to in the last day (another
        /// ticket, another agent): the warning naming when, who and for what.
        already_sent: Option<String>,
    },
    /// The answer to the search `search` numbered `request`.
    Found {
        request: u64,
        query: String,
        offset: usize,
        entries: Vec<Entry>,
    },
    /// The answer to the count `count` numbered `request`.
    Counted {
        request: u64,
        query: String,
        total: u64,
    },
    /// The entries whose link had this state, now with this outcome.
    OutcomeSet {
        state: String,
        outcome: Outcome,
        entries: Vec<Entry>,
    },
    /// An owner's return tied to its links (their outcome set) or refused: see
    /// `HistoryWorker::match_return`.
    ReturnMatched {
        state: String,
        matched: ReturnMatch,
    },
    Forgotten {
        count: usize,
    },
    Exported {
        path: PathBuf,
        count: usize,
    },
    /// A message for the person at the keyboard, naming the file or server and what to do.
    Failed(String),
}

enum Request {
    Record(Vec<NewEntry>),
    Search {
        request: u64,
        query: String,
        offset: usize,
        limit: usize,
    },
    Count {
        request: u64,
        query: String,
    },
    SetOutcome {
        state: String,
        outcome: Outcome,
    },
    MatchReturn {
        state: String,
        returned_vehicle: Option<String>,
        outcome: Outcome,
    },
    Forget {
        before_ms: i64,
    },
    Export {
        query: String,
        path: PathBuf,
    },
}

pub struct HistoryWorker {
    requests: Option<Sender<Request>>,
    events: Receiver<HistoryEvent>,
    thread: Option<JoinHandle<()>>,
    next_search: u64,
}

impl HistoryWorker {
    /// Starts the thread, which opens the history at `location` (a file's path or a
    /// `HistoryLocation`) and reports `Opened` or `Failed`.
    pub fn spawn(location: impl Into<HistoryLocation>, wake: impl Fn() + Send + 'static) -> Self {
        Self::spawn_with_outbox(location, None, wake)
    }

    /// As `spawn`; with `outbox`, links that leave while the shared history cannot be
    /// reached are kept there and sent once it answers (see `Outbox`).
    pub fn spawn_with_outbox(
        location: impl Into<HistoryLocation>,
        outbox_file: Option<PathBuf>,
        wake: impl Fn() + Send + 'static,
    ) -> Self {
        let location = location.into();
        let (requests, inbox) = channel();
        let (outbox, events) = channel();
        let failure_box = outbox.clone();
        let thread = std::thread::Builder::new()
            .name("history".to_owned())
            .spawn(move || {
                let place = Place {
                    location: &location,
                    outbox: outbox_file.as_deref(),
                };
                serve(&place, &inbox, &outbox, &wake);
            })
            .map_err(|error| {
                // Without a thread nothing would ever answer: say so once.
                let _ = failure_box.send(HistoryEvent::Failed(format!(
                    "history: cannot start its thread ({error}); nothing will be recorded until reauth-link restarts"
                )));
            })
            .ok();
        Self {
            requests: thread.as_ref().map(|_| requests),
            events,
            thread,
            next_search: 0,
        }
    }

    pub fn record(&self, entry: NewEntry) {
        self.send(Request::Record(vec![entry]));
    }

    /// All in one transaction (a batch export).
    pub fn record_all(&self, entries: Vec<NewEntry>) {
        self.send(Request::Record(entries));
    }

    /// Asks for a page of matches; the answer's `request` is the number returned here,
    /// so an answer to an older search can be told apart and dropped.
    pub fn search(&mut self, query: &str, offset: usize, limit: usize) -> u64 {
        self.next_search += 1;
        self.send(Request::Search {
            request: self.next_search,
            query: query.to_owned(),
            offset,
            limit,
        });
        self.next_search
    }

    /// Asks how many entries match `query`; numbered from the same sequence as `search`.
    pub fn count(&mut self, query: &str) -> u64 {
        self.next_search += 1;
        self.send(Request::Count {
            request: self.next_search,
            query: query.to_owned(),
        });
        self.next_search
    }

    pub fn set_outcome(&self, state: &str, outcome: &Outcome) {
        self.send(Request::SetOutcome {
            state: state.to_owned(),
            outcome: outcome.clone(),
        });
    }

    /// Sets `outcome` on the links with `state` that the return belongs to, narrowed to the
    /// vehicle it names (`HistoryStore::match_return`); answered by `ReturnMatched`.
    pub fn match_return(&self, state: &str, returned_vehicle: Option<&str>, outcome: &Outcome) {
        self.send(Request::MatchReturn {
            state: state.to_owned(),
            returned_vehicle: returned_vehicle.map(str::to_owned),
            outcome: outcome.clone(),
        });
    }

    pub fn forget_before(&self, before_ms: i64) {
        self.send(Request::Forget { before_ms });
    }

    /// Writes the entries matching `query` (all for an empty one) as CSV, whole or not at all.
    pub fn export_csv(&self, query: &str, path: PathBuf) {
        self.send(Request::Export {
            query: query.to_owned(),
            path,
        });
    }

    /// The events that arrived since the last call, oldest first; never waits.
    pub fn poll(&self) -> Vec<HistoryEvent> {
        self.events.try_iter().collect()
    }

    /// Waits for the next event (for tests and the command line).
    pub fn wait(&self) -> Option<HistoryEvent> {
        self.events.recv().ok()
    }

    fn send(&self, request: Request) {
        // The thread only ends when this handle drops; a failed send means it panicked,
        // which `Drop` surfaces.
        if let Some(requests) = &self.requests {
            let _ = requests.send(request);
        }
    }
}

impl Drop for HistoryWorker {
    /// Lets the thread finish what was asked (entries already handed over are written),
    /// then joins it: a window closing must not lose the last link it recorded.
    fn drop(&mut self) {
        drop(self.requests.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Where the worker's history is, and the outbox for links that leave while a shared
/// history cannot be reached.
struct Place<'p> {
    location: &'p HistoryLocation,
    outbox: Option<&'p Path>,
}

fn serve(
    place: &Place<'_>,
    inbox: &Receiver<Request>,
    outbox: &Sender<HistoryEvent>,
    wake: &dyn Fn(),
) {
    let report = |event: HistoryEvent| {
        let _ = outbox.send(event);
        wake();
    };
    let mut store = open(place, &report);
    for request in inbox {
        if store.is_none() {
            store = open(place, &report);
        }
        let Some(opened) = store.as_mut() else {
            continue;
        };
        match answer(&mut opened.store, request) {
            Ok(event) => report(event),
            Err(message) => report(HistoryEvent::Failed(message)),
        }
        if let Some(away) = &opened.away {
            // Said again after each answer, so the window keeps showing it.
            report(HistoryEvent::Failed(away.clone()));
        }
        // A server that dropped the connection (restarted, network gone), or could not
        // be reached at all, is tried again with the next request.
        if opened.store.is_lost() {
            store = None;
        }
    }
}

/// An open history, and why links go to the outbox instead of the server, if they do.
struct Opened {
    store: Box<dyn History>,
    away: Option<String>,
}

fn open(place: &Place<'_>, report: &dyn Fn(HistoryEvent)) -> Option<Opened> {
    let Some(outbox) = place.outbox else {
        return open_store(place.location, report).map(|store| Opened { store, away: None });
    };
    match place.location.open_for_recording(outbox) {
        Ok(RecordingHistory {
            store,
            away: Some(away),
        }) => {
            let away = format!(
                "{away}; meanwhile links are kept in {} and sent to the shared history the next time it answers",
                outbox.display()
            );
            report(HistoryEvent::Failed(away.clone()));
            Some(Opened {
                store,
                away: Some(away),
            })
        }
        Ok(RecordingHistory { store, away: None }) => {
            opened_with_count(store, place.location, report)
                .map(|store| Opened { store, away: None })
        }
        Err(error) => {
            report(HistoryEvent::Failed(error.to_string()));
            None
        }
    }
}

fn open_store(
    location: &HistoryLocation,
    report: &dyn Fn(HistoryEvent),
) -> Option<Box<dyn History>> {
    match location.open() {
        Ok(store) => opened_with_count(store, location, report),
        Err(error) => {
            report(HistoryEvent::Failed(error.to_string()));
            None
        }
    }
}

fn opened_with_count(
    mut store: Box<dyn History>,
    location: &HistoryLocation,
    report: &dyn Fn(HistoryEvent),
) -> Option<Box<dyn History>> {
    match store.count() {
        Ok(entries) => {
            report(HistoryEvent::Opened {
                location: location.to_string(),
                entries,
            });
            Some(store)
        }
        Err(error) => {
            report(HistoryEvent::Failed(error.to_string()));
            None
        }
    }
}

fn answer(store: &mut Box<dyn History>, request: Request) -> Result<HistoryEvent, String> {
    let text = |error: super::HistoryError| error.to_string();
    Ok(match request {
        Request::Record(entries) => {
            // Asked for one link leaving the window, not for each row a batch exports.
            let shared_state = match entries.as_slice() {
                [entry] if !entry.state.is_empty() => shared_state_warning(
                    &store.with_state(&entry.state).map_err(text)?,
                    &entry.vehicle_id,
                ),
                _ => None,
            };
            let already_sent = match entries.as_slice() {
                [entry] if !entry.vehicle_id.is_empty() => already_sent_warning(
                    &store
                        .search(&entry.vehicle_id, 0, EARLIER_LINKS_LOOKED_AT)
                        .map_err(text)?,
                    entry,
                ),
                _ => None,
            };
            HistoryEvent::Recorded {
                count: store.record_all(&entries).map_err(text)?,
                shared_state,
                already_sent,
            }
        }
        Request::Search {
            request,
            query,
            offset,
            limit,
        } => HistoryEvent::Found {
            request,
            entries: store.search(&query, offset, limit).map_err(text)?,
            query,
            offset,
        },
        Request::Count { request, query } => HistoryEvent::Counted {
            request,
            total: store.count_matching(&query).map_err(text)?,
            query,
        },
        Request::SetOutcome { state, outcome } => HistoryEvent::OutcomeSet {
            entries: store.set_outcome(&state, &outcome).map_err(text)?,
            state,
            outcome,
        },
        Request::MatchReturn {
            state,
            returned_vehicle,
            outcome,
        } => HistoryEvent::ReturnMatched {
            matched: store
                .match_return(&state, returned_vehicle.as_deref(), Some(&outcome))
                .map_err(text)?,
            state,
        },
        Request::Forget { before_ms } => HistoryEvent::Forgotten {
            count: store.forget_before(before_ms).map_err(text)?,
        },
        Request::Export { query, path } => HistoryEvent::Exported {
            count: export_csv(store.as_mut(), &query, &path).map_err(|e| e.to_string())?,
            path,
        },
    })
}
