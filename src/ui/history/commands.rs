//! The History tab's commands: a link copied again, the recording switch, and Verify of
//! the shown entries. The window lends the tab what it does not own for the command.

use crate::history::time::now_ms;
use crate::history::{Entry, NewEntry, Via};
use crate::profiles::Profile;
use crate::ui::command::WindowCommand;
use crate::ui::history::panel::HistoryPanel;
use crate::ui::history::verify_job::{VerifyJob, VerifyRequest};
use crate::ui::history::worker_handle::WindowHistory;
use crate::ui::management_setup::{Asker, ManagementSetup};

/// What the History tab borrows from the window for one command.
pub struct HistoryServices<'a> {
    pub ctx: &'a egui::Context,
    pub history: &'a mut WindowHistory,
    /// `None` offers no Verify.
    pub management: Option<&'a ManagementSetup>,
    /// The profile picked on the Link or Batch tab: Verify asks with its token.
    pub profile: Option<&'a Profile>,
}

impl HistoryPanel {
    /// Carries out one of this tab's commands; the window's and the other tabs' are not
    /// handed here.
    pub fn apply(&mut self, command: WindowCommand, services: HistoryServices<'_>) {
        match command {
            WindowCommand::CopyFromHistory(entry) => self.copy_again(&entry, services),
            WindowCommand::SetRecording(record) => {
                services.history.save_switch(record, services.ctx);
            }
            WindowCommand::VerifyShown => self.verify_shown(services),
            WindowCommand::CancelVerify => self.cancel_verify(),
            _ => {}
        }
    }

    /// Copies a link from the History tab again. Decided: that is the link leaving the
    /// window once more (pasted into a new reply), so it is recorded anew as `copied`,
    /// with the entry's own ticket, vehicle, state and owner and the time of this copy.
    fn copy_again(&mut self, entry: &Entry, services: HistoryServices<'_>) {
        services.ctx.copy_text(entry.link.clone());
        self.copied(entry.id);
        let agent = services.history.agent().to_owned();
        services.history.record(vec![NewEntry {
            time_ms: now_ms(),
            kind: entry.kind,
            profile: entry.profile.clone(),
            vehicle_id: entry.vehicle_id.clone(),
            state: entry.state.clone(),
            owner_id: entry.owner_id.clone(),
            ticket: entry.ticket.clone(),
            via: Via::Copied,
            link: entry.link.clone(),
            agent,
        }]);
    }

    /// Verifies the waiting links among the shown entries, with the chosen profile.
    fn verify_shown(&mut self, services: HistoryServices<'_>) {
        let (Some(setup), Some(history)) = (services.management, services.history.location())
        else {
            return;
        };
        let asker = Asker::of(services.profile);
        let profile = asker.profile.clone();
        let request = VerifyRequest {
            history,
            query: self.shown_query().to_owned(),
            asker,
        };
        let job = VerifyJob::start(request, setup, services.ctx);
        self.verifying(job, profile);
    }
}
