//! Applies the commands the widgets returned, in order, once the frame is drawn.

use super::ReauthApp;
use crate::history::Via;
use crate::link::generate_state;
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
                self.form.try_link();
                self.copy_link(ctx);
                self.record_form_link(Via::Copied);
            }
            WindowCommand::OpenLink => {
                self.form.try_link();
                self.open_link(ctx);
            }
            WindowCommand::GenerateState => match generate_state() {
                Ok(state) => self.form.set_generated_state(state),
                Err(error) => self.notice = Some(format!("State: {error}")),
            },
            WindowCommand::FillFromPaste => {
                if self.read_owner_return() {
                    return;
                }
                self.return_view.clear();
                if let Some(pasted) = self.paste.read() {
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
            WindowCommand::SetTheme(theme) => {
                self.persisted.theme = theme;
                theme.apply(ctx);
            }
            WindowCommand::ShowTab(tab) => self.persisted.tab = tab,
            WindowCommand::EditProfiles(edit) => self.edit_profiles(&edit),
            WindowCommand::ActOnUnreadableProfiles(action) => self.act_on_unreadable(action),
            WindowCommand::CopyMessage(choice) => self.copy_message(choice, ctx),
            WindowCommand::SendEmail { even_if_long } => self.send_email(even_if_long, ctx),
            WindowCommand::SaveQr => self.save_qr(ctx),
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
