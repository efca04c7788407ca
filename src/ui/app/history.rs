//! The answers of the history's worker, handed to the tabs that show them.

use super::ReauthApp;
use crate::history::HistoryEvent;

impl ReauthApp {
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
