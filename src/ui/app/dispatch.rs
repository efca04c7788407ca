//! Applies the commands the widgets returned, in order, once the frame is drawn.

use super::ReauthApp;
use crate::history::Via;
use crate::link::LinkKind;
use crate::profiles::ProfileEdit;
use crate::ui::command::WindowCommand;

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
            WindowCommand::CopyLink => {
                self.try_link();
                self.copy_link(ctx);
                self.record_form_link(Via::Copied);
            }
            WindowCommand::OpenLink => {
                self.try_link();
                self.open_link(ctx);
            }
            WindowCommand::GenerateState => self.generate_state(),
            WindowCommand::FillFromPaste => {
                if self.read_owner_return() {
                    return;
                }
                self.return_view.clear();
                if let Some(pasted) = self.paste.read() {
                    // The paste fills the re-authentication form: show it.
                    self.choose_kind(LinkKind::Reauth);
                    self.form.edit(|form| pasted.fill(form));
                    let complete = self.form.link().is_some();
                    self.paste.filled(&pasted, self.form.form(), complete);
                }
            }
            WindowCommand::ChooseProfile(index) => {
                // A pick answers "no saved profile named …" from the command line.
                self.notice = None;
                self.choose_profile(index);
            }
            WindowCommand::ChooseKind(kind) => self.choose_kind(kind),
            WindowCommand::SetTheme(theme) => {
                self.persisted.theme = theme;
                theme.apply(ctx);
            }
            WindowCommand::ShowTab(tab) => self.persisted.tab = tab,
            WindowCommand::EditProfiles(edit) => self.edit_profiles(&edit),
            WindowCommand::ActOnUnreadableProfiles(action) => self.act_on_unreadable(action),
            WindowCommand::Record(via) => self.record_form_link(via),
            WindowCommand::CopyFromHistory(entry) => self.copy_from_history(&entry, ctx),
            WindowCommand::SetRecording(record) => self.history.save_switch(record, ctx),
        }
    }

    fn edit_profiles(&mut self, edit: &ProfileEdit) {
        match self.profiles.apply(edit) {
            Ok(()) => {
                self.profiles_notice = None;
                if let ProfileEdit::Save {
                    original: Some(original),
                    profile,
                } = edit
                    && self.persisted.last_profile.as_ref() == Some(original)
                {
                    // A rename of the chosen profile keeps it chosen.
                    self.persisted.last_profile = Some(profile.name.clone());
                }
                self.follow_profiles();
            }
            Err(message) => self.profiles_notice = Some(Err(message)),
        }
    }
}
