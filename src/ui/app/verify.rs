//! The History tab's verification of the shown entries through the management API, with
//! the profile chosen on the Link tab.

use super::ReauthApp;
use crate::ui::history::verify_job::{VerifyJob, VerifyRequest};
use crate::ui::management_setup::Asker;

impl ReauthApp {
    /// Verifies the waiting links among the History tab's shown entries.
    pub(super) fn verify_shown(&mut self, ctx: &egui::Context) {
        let (Some(setup), Some(history)) = (&self.management, self.history.location()) else {
            return;
        };
        let asker = Asker::of(self.chosen_profile());
        let profile = asker.profile.clone();
        let request = VerifyRequest {
            history,
            query: self.history_panel.shown_query().to_owned(),
            asker,
        };
        let job = VerifyJob::start(request, setup, ctx);
        self.history_panel.verifying(job, profile);
    }
}
