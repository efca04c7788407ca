//! The Link tab's side of the history: what an entry for the shown link holds, recording
//! it as it leaves, and the owner's return read from the paste box.

use super::LinkTab;
use super::services::LinkServices;
use crate::history::time::now_ms;
use crate::history::{EntryKind, NewEntry, Outcome, Via};
use crate::ui::link::return_view::read_pasted_return;

impl LinkTab {
    /// The history entry for the shown link leaving the window `via`; `None` while an
    /// error blocks the link (nothing left).
    pub(super) fn form_entry(&self, via: Via, services: &LinkServices<'_>) -> Option<NewEntry> {
        let link = self.current_link()?;
        let values = self.shown_link_values();
        let profile = services.profile.map(|profile| profile.name.clone());
        Some(NewEntry {
            time_ms: now_ms(),
            kind: EntryKind::Link(self.forms.kind()),
            profile: profile.unwrap_or_default(),
            vehicle_id: values.vehicle_id.trim().to_owned(),
            state: values.state.trim().to_owned(),
            owner_id: values.owner_id.trim().to_owned(),
            ticket: self.ticket.trim().to_owned(),
            via,
            link: link.to_owned(),
            agent: services.history.agent().to_owned(),
        })
    }

    /// Records the shown link (when there is one and recording is on).
    pub(super) fn record_form_link(&mut self, via: Via, services: &mut LinkServices<'_>) {
        let entry = self.form_entry(via, services);
        services.history.record(entry.into_iter().collect());
    }

    /// Reads the paste box as the page the owner landed on after Connect. When it is one,
    /// shows what happened and sets the outcome of the links it belongs to (by its state
    /// and the vehicle it names); one that contradicts itself is shown refused, and
    /// nothing is set. Returns whether it was one (otherwise the paste box reads it as
    /// before).
    pub(super) fn read_owner_return(&mut self, services: &mut LinkServices<'_>) -> bool {
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
        self.return_view.show(read, services.history.is_available());
        if let (Some(state), Some(worker)) = (state, services.history.worker()) {
            worker.match_return(&state, vehicle.as_deref(), &outcome);
        }
        true
    }
}
