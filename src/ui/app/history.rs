//! The app's side of the history: what an entry for the form's link holds, the answers of
//! the history's worker handed to the parts that show them, a link copied again from the
//! History tab, and the owner's return read from the paste box.

use super::ReauthApp;
use crate::history::time::now_ms;
use crate::history::{Entry, EntryKind, HistoryEvent, NewEntry, Outcome, Via};
use crate::ui::link::return_view::read_pasted_return;

impl ReauthApp {
    /// The history entry for the shown link leaving the window `via`; `None` while an
    /// error blocks the link (nothing left).
    pub(super) fn form_entry(&self, via: Via) -> Option<NewEntry> {
        let link = self.current_link()?;
        let values = self.shown_link_values();
        let profile = self
            .selected_profile
            .and_then(|index| self.profiles.profiles().get(index))
            .map(|profile| profile.name.clone());
        Some(NewEntry {
            time_ms: now_ms(),
            kind: EntryKind::Link(self.kinds.kind()),
            profile: profile.unwrap_or_default(),
            vehicle_id: values.vehicle_id.trim().to_owned(),
            state: values.state.trim().to_owned(),
            owner_id: values.owner_id.trim().to_owned(),
            ticket: self.ticket.trim().to_owned(),
            via,
            link: link.to_owned(),
            agent: self.history.agent().to_owned(),
        })
    }

    /// Records the form's link (when there is one and recording is on).
    pub(super) fn record_form_link(&mut self, via: Via) {
        self.history
            .record(self.form_entry(via).into_iter().collect());
    }

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

    /// Reads the paste box as the page the owner landed on after Connect. When it is one,
    /// shows what happened and sets the outcome of the links it belongs to (by its state
    /// and the vehicle it names); one that contradicts itself is shown refused, and
    /// nothing is set. Returns whether it was one (otherwise the paste box reads it as
    /// before).
    pub(super) fn read_owner_return(&mut self) -> bool {
        let read = match read_pasted_return(&self.paste.text) {
            None => return false,
            Some(Err(refused)) => {
                self.paste.clear_status();
                self.return_view.refuse(refused);
                return true;
            }
            Some(Ok(read)) => read,
        };
        self.paste.clear_status();
        let outcome = Outcome::of_return(&read);
        let state = read.state.clone().filter(|state| !state.is_empty());
        let vehicle = read.returned_vehicle().map(str::to_owned);
        self.return_view.show(read, self.history.is_available());
        if let (Some(state), Some(worker)) = (state, self.history.worker()) {
            worker.match_return(&state, vehicle.as_deref(), &outcome);
        }
        true
    }

    /// Hands the worker's answers to the History tab and the return view.
    pub(super) fn poll_history(&mut self) {
        for event in self.history.poll() {
            if let HistoryEvent::ReturnMatched { state, matched } = &event {
                self.return_view.matched(state, matched.clone());
            }
            if let HistoryEvent::Recorded {
                shared_state,
                already_sent,
                ..
            } = &event
            {
                self.shared_state_warning.clone_from(shared_state);
                self.already_sent_warning.clone_from(already_sent);
            }
            self.history_panel.take(&event);
        }
    }
}
