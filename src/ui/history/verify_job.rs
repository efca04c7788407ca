//! The History tab's "Verify", off the UI thread: the waiting links among the shown
//! entries, looked up with the core's `verify` (as `reauth-link verify` does), the ones
//! whose vehicle connected again marked in the history. Progress through atomics; the
//! counts through a channel. Cancelling drops the answer; a run cancelled before its
//! last lookup answered marks nothing.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::connections::ManagementApi;
use crate::connections::verify::{WaitingLink, verify_with_progress};
use crate::history::{HistoryLocation, Waiting};
use crate::ui::management_setup::{Asker, ManagementSetup};

/// What a verification came to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct VerifyCounts {
    pub verified: usize,
    pub still_waiting: usize,
    pub not_connected: usize,
}

/// Which entries to verify, and with whose token.
pub struct VerifyRequest {
    pub history: HistoryLocation,
    /// The History tab's search (every entry when empty).
    pub query: String,
    /// The chosen profile: its credentials, and only its links (they answer for their
    /// own app's vehicles).
    pub asker: Asker,
}

#[derive(Default)]
struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
    cancelled: AtomicBool,
}

pub struct VerifyJob {
    progress: Arc<Progress>,
    outcome: Receiver<Result<VerifyCounts, String>>,
}

impl VerifyJob {
    pub fn start(
        request: VerifyRequest,
        setup: &ManagementSetup,
        ctx: &egui::Context,
    ) -> Result<Self, String> {
        let setup = setup.clone();
        let progress = Arc::new(Progress::default());
        let (sender, outcome) = channel();
        let worker_progress = Arc::clone(&progress);
        let repaint = ctx.clone();
        std::thread::Builder::new()
            .name("verify".into())
            .spawn(move || {
                let run = || {
                    let api = setup
                        .open_api(&request.asker)
                        .map_err(|failure| failure.message())?;
                    verify_shown(api.as_ref(), &request, &worker_progress, &repaint)
                };
                let answer = run();
                // Cancelled, or the window closed: nobody needs the answer.
                let _ = sender.send(answer);
                repaint.request_repaint();
            })
            .map_err(|e| format!("cannot start a thread to verify ({e}); try again"))?;
        Ok(VerifyJob { progress, outcome })
    }

    /// Vehicles looked up so far, and how many there are.
    pub fn progress(&self) -> (usize, usize) {
        (
            self.progress.done.load(Ordering::Relaxed),
            self.progress.total.load(Ordering::Relaxed),
        )
    }

    pub fn cancel(&self) {
        self.progress.cancelled.store(true, Ordering::Relaxed);
    }

    /// The counts once done; `None` while it still runs.
    pub fn poll(&self) -> Option<Result<VerifyCounts, String>> {
        match self.outcome.try_recv() {
            Ok(outcome) => Some(outcome),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(
                "the verification stopped unexpectedly: try again".to_owned(),
            )),
        }
    }
}

fn verify_shown(
    api: &dyn ManagementApi,
    request: &VerifyRequest,
    progress: &Progress,
    repaint: &egui::Context,
) -> Result<VerifyCounts, String> {
    let text = |e: crate::history::HistoryError| e.to_string();
    let mut store = request.history.open().map_err(text)?;
    let which = Waiting {
        profile: request.asker.profile.clone(),
        ..Waiting::default()
    };
    let waiting = store
        .waiting_matching(&request.query, &which)
        .map_err(text)?;
    let links: Vec<WaitingLink> = waiting.iter().map(WaitingLink::from).collect();
    if links.is_empty() {
        return Ok(VerifyCounts::default());
    }
    let verification = verify_with_progress(api, &links, &mut |done, total| {
        progress.done.store(done, Ordering::Relaxed);
        progress.total.store(total, Ordering::Relaxed);
        repaint.request_repaint();
    })
    .map_err(|e| format!("{}: {e}", e.field()))?;
    if progress.cancelled.load(Ordering::Relaxed) {
        return Err("verification cancelled: nothing was marked".to_owned());
    }
    store.mark_verified(&verification.verified).map_err(text)?;
    Ok(VerifyCounts {
        verified: verification.verified.len(),
        still_waiting: verification.still_waiting.len(),
        not_connected: verification.not_connected.len(),
    })
}
