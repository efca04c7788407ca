//! The app's side of the management API: the Link tab's lookup for the form's vehicle
//! (asked, after a paste on its own, and dropped when the vehicle id or profile changes)
//! and the History tab's verification of the shown entries.

use super::ReauthApp;
use crate::link::LinkKind;
use crate::ui::history::verify_job::{VerifyJob, VerifyRequest};
use crate::ui::link::connection_job::{Asked, LookupKey};
use crate::ui::management_setup::Asker;

impl ReauthApp {
    /// The chosen profile's name and API client id.
    fn chosen_asker(&self) -> Asker {
        let profile = self
            .selected_profile
            .and_then(|index| self.profiles.profiles().get(index));
        Asker {
            profile: profile.map(|p| p.name.clone()),
            api_client_id: profile.and_then(|p| p.api_client_id.clone()),
        }
    }

    fn lookup_key(&self) -> LookupKey {
        LookupKey {
            vehicle_id: self.reauth_form.form().vehicle_id.trim().to_owned(),
            asker: self.chosen_asker(),
        }
    }

    /// Takes the lookup's answer, dropping one for a vehicle id or profile since changed.
    pub(super) fn poll_connection(&mut self) {
        let key = self.lookup_key();
        self.connection.follow(&key);
        self.connection.poll();
    }

    /// Looks the form's vehicle up (re-authentication form only: the line is there).
    pub(super) fn look_up_connection(&mut self, asked: Asked, ctx: &egui::Context) {
        if self.kinds.kind() != LinkKind::Reauth {
            return;
        }
        let key = self.lookup_key();
        if let Some(setup) = &self.management {
            self.connection.start(key, asked, setup, ctx);
        }
    }

    /// After a paste filled the form: look up on its own, quietly when the profile has
    /// no token (the store is asked off the UI thread, with the rest of the lookup).
    pub(super) fn look_up_after_paste(&mut self, ctx: &egui::Context) {
        if !self.reauth_form.form().vehicle_id.trim().is_empty() {
            self.look_up_connection(Asked::AfterPaste, ctx);
        }
    }

    /// Verifies the waiting links among the History tab's shown entries.
    pub(super) fn verify_shown(&mut self, ctx: &egui::Context) {
        let (Some(setup), Some(history)) = (&self.management, self.history.location()) else {
            return;
        };
        let asker = self.chosen_asker();
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
