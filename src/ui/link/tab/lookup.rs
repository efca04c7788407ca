//! The Link tab's Connection line: the form's vehicle looked up with the chosen profile's
//! token when asked, after a paste on its own, and dropped when the vehicle id or profile
//! changes.

use super::LinkTab;
use super::services::LinkServices;
use crate::link::Field;
use crate::ui::link::connection_job::{Asked, LookupKey};
use crate::ui::management_setup::Asker;

impl LinkTab {
    fn lookup_key(&self, services: &LinkServices<'_>) -> LookupKey {
        LookupKey {
            vehicle_id: self.forms.reauth.form().vehicle_id.trim().to_owned(),
            asker: Asker::of(services.profile),
        }
    }

    /// Takes the lookup's answer, dropping one for a vehicle id or profile since changed.
    pub(super) fn poll_connection(&mut self, services: &LinkServices<'_>) {
        let key = self.lookup_key(services);
        self.connection.follow(&key);
        self.connection.poll();
    }

    /// Looks the form's vehicle up, for a kind whose link names a vehicle (the line is
    /// shown there).
    pub(super) fn look_up_connection(&mut self, asked: Asked, services: &LinkServices<'_>) {
        if !self.forms.kind().fields().contains(&Field::VehicleId) {
            return;
        }
        let key = self.lookup_key(services);
        if let Some(setup) = services.management {
            self.connection.start(key, asked, setup, services.ctx);
        }
    }

    /// After a paste filled the form: look up on its own, quietly when the profile has
    /// no token (the store is asked off the UI thread, with the rest of the lookup).
    pub(super) fn look_up_after_paste(&mut self, services: &LinkServices<'_>) {
        if !self.forms.reauth.form().vehicle_id.trim().is_empty() {
            self.look_up_connection(Asked::AfterPaste, services);
        }
    }
}
