//! "Open in browser": the link handed to the opener, its answer picked up by a later
//! frame, and recorded in the history once a browser took it.

use super::LinkTab;
use super::services::LinkServices;
use crate::history::Via;
use crate::ui::link::link_view::OpenStatus;
use crate::ui::link::opener::{Launch, take_answer};

fn status_of(outcome: Result<(), String>) -> OpenStatus {
    match outcome {
        Ok(()) => OpenStatus::Opened,
        Err(reason) => OpenStatus::Failed(reason),
    }
}

impl LinkTab {
    pub(super) fn open_link(&mut self, services: &mut LinkServices<'_>) {
        let Some(link) = self.current_link().map(str::to_owned) else {
            return;
        };
        let generation = self.link_generation();
        let entry = self.form_entry(Via::Opened, services);
        let status = match services.opener.launch(link, services.ctx) {
            Launch::Answered(outcome) => {
                if outcome.is_ok() {
                    services.history.record(entry.into_iter().collect());
                }
                status_of(outcome)
            }
            Launch::Pending(receiver) => {
                self.open_result = Some(receiver);
                self.open_entry = entry;
                OpenStatus::Opening
            }
        };
        self.open_status = Some((status, generation));
    }

    pub(super) fn poll_open_result(&mut self, services: &mut LinkServices<'_>) {
        let Some(outcome) = take_answer(&mut self.open_result) else {
            return;
        };
        let entry = self.open_entry.take();
        if outcome.is_ok() {
            // The link left the window only once a browser took it.
            services.history.record(entry.into_iter().collect());
        }
        if let Some((status, _)) = &mut self.open_status {
            *status = status_of(outcome);
        }
    }

    /// The last "Open in browser", while the link it opened is still the one shown.
    pub(super) fn current_open_status(&self) -> Option<&OpenStatus> {
        self.open_status
            .as_ref()
            .filter(|(_, generation)| *generation == self.link_generation())
            .map(|(status, _)| status)
    }
}
