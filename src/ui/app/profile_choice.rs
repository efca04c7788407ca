//! Which profile fills the form: the one named on the command line, else the one chosen
//! last time; kept by name when the profiles change here or in another window.

use super::ReauthApp;
use crate::profiles::edit::position;

impl ReauthApp {
    pub(super) fn choose_startup_profile(&mut self, from_command_line: Option<String>) {
        let remembered = self.persisted.last_profile.clone();
        let wanted = from_command_line.clone().or(remembered);
        let Some(name) = wanted else { return };
        match position(self.profiles.profiles(), &name) {
            Some(index) => self.choose_profile(Some(index)),
            None if from_command_line.is_some() => {
                self.link.set_notice(Some(format!(
                    "There is no saved profile named `{name}`: pick one below or fill the fields by hand."
                )));
            }
            // A remembered profile that was deleted since: start without one.
            None => self.persisted.last_profile = None,
        }
    }

    pub(super) fn choose_profile(&mut self, index: Option<usize>) {
        self.selected_profile = index;
        let profile = index.and_then(|i| self.profiles.profiles().get(i));
        self.persisted.last_profile = profile.map(|profile| profile.name.clone());
        self.link.apply_profile(profile);
    }

    /// After the profiles changed (an edit here, a save in another window), the form keeps
    /// the chosen profile by name and takes in its new values.
    pub(super) fn follow_profiles(&mut self) {
        let chosen = self.persisted.last_profile.clone();
        let index = chosen.and_then(|name| position(self.profiles.profiles(), &name));
        let changed = match (index, self.selected_profile) {
            (Some(now), Some(before)) => {
                now != before || self.link.profile_differs(&self.profiles.profiles()[now])
            }
            (now, before) => now != before,
        };
        if changed {
            self.choose_profile(index);
        }
    }

    /// Another window may have saved while this one was in the background.
    pub(super) fn reload_profiles_on_focus(&mut self, ctx: &egui::Context) {
        let focused = ctx.input(|input| {
            input
                .events
                .iter()
                .any(|event| matches!(event, egui::Event::WindowFocused(true)))
        });
        if focused && self.profiles.reload_if_changed() {
            self.follow_profiles();
        }
    }
}
