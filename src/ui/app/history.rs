//! The window's side of the history: the answers of the history's worker handed to the
//! tabs that show them, and a link copied again from the History tab.

use super::ReauthApp;
use crate::history::time::now_ms;
use crate::history::{Entry, HistoryEvent, NewEntry, Via};

impl ReauthApp {
    /// Copies a link from the History tab again. Decided: that is the link leaving the
    /// window once more (pasted into a new reply), so it is recorded anew as `copied`,
    /// with the entry's own ticket, vehicle, state and owner and the time of this copy.
    pub(super) fn copy_from_history(&mut self, entry: &Entry, ctx: &egui::Context) {
        ctx.copy_text(entry.link.clone());
        self.history_panel.copied(entry.id);
        self.history.record(vec![NewEntry {
            time_ms: now_ms(),
            kind: entry.kind,
            profile: entry.profile.clone(),
            vehicle_id: entry.vehicle_id.clone(),
            state: entry.state.clone(),
            owner_id: entry.owner_id.clone(),
            ticket: entry.ticket.clone(),
            via: Via::Copied,
            link: entry.link.clone(),
            agent: self.history.agent().to_owned(),
        }]);
    }

    /// Hands the worker's answers to the History tab and the return view.
    pub(super) fn poll_history(&mut self) {
        for event in self.history.poll() {
            if let HistoryEvent::ReturnMatched { state, matched } = &event {
                self.link.return_view().matched(state, matched.clone());
            }
            if let HistoryEvent::Recorded {
                shared_state,
                already_sent,
                ..
            } = &event
            {
                self.link
                    .recorded(shared_state.clone(), already_sent.clone());
            }
            self.history_panel.take(&event);
        }
    }
}
