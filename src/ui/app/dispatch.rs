//! Applies the commands the widgets returned, in order, once the frame is drawn.

use super::ReauthApp;
use crate::ui::command::WindowCommand;
use crate::ui::history::commands::HistoryServices;
use crate::ui::profiles::tab::ProfilesApplied;

impl ReauthApp {
    pub(super) fn apply(&mut self, commands: Vec<WindowCommand>, ctx: &egui::Context) {
        if commands.is_empty() {
            return;
        }
        for command in commands {
            self.apply_one(command, ctx);
        }
        // The frame was drawn before these took effect; draw once more to show them.
        ctx.request_repaint();
    }

    fn apply_one(&mut self, command: WindowCommand, ctx: &egui::Context) {
        match command {
            WindowCommand::ChooseProfile(index) => {
                // A pick answers "no saved profile named …" from the command line.
                self.link.set_notice(None);
                self.choose_profile(index);
            }
            WindowCommand::SetTheme(theme) => {
                self.persisted.theme = theme;
                theme.apply(ctx);
            }
            WindowCommand::ShowTab(tab) => self.persisted.tab = tab,
            WindowCommand::EditProfiles(_) | WindowCommand::ActOnUnreadableProfiles(_) => {
                let applied = self.profiles_tab.apply(
                    &command,
                    &mut self.profiles,
                    &mut self.persisted.last_profile,
                );
                if applied == ProfilesApplied::Changed {
                    self.follow_profiles();
                }
            }
            WindowCommand::CopyFromHistory(_)
            | WindowCommand::SetRecording(_)
            | WindowCommand::VerifyShown
            | WindowCommand::CancelVerify => {
                let profile = Self::chosen_profile(&self.profiles, self.selected_profile);
                let services = HistoryServices {
                    ctx,
                    history: &mut self.history,
                    management: self.management.as_ref(),
                    profile,
                };
                self.history_panel.apply(command, services);
            }
            link_command => {
                let (link, mut services) = self.link_tab(ctx);
                link.apply(link_command, &mut services);
                // A paste may have moved the tab to another kind: remembered for next time.
                self.persisted.kind = self.link.kind();
            }
        }
    }
}
