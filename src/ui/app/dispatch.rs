//! Applies the commands the widgets returned, in order, once the frame is drawn.

use super::ReauthApp;
use crate::history::Via;
use crate::link::{LinkKind, Pasted, Triage};
use crate::profiles::ProfileEdit;
use crate::ui::command::WindowCommand;
use crate::ui::link::connection_job::Asked;

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
                if let Some(reading) = self.paste.read() {
                    self.fill_from_paste(reading, ctx);
                }
            }
            WindowCommand::UsePasteCandidate(index) => {
                if let Some(reading) = self.paste.candidate(index) {
                    self.fill_from_paste(reading, ctx);
                }
            }
            WindowCommand::ChooseKind { kind, values } => self.choose_kind(kind, &values),
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
            WindowCommand::LookUpConnection => self.look_up_connection(Asked::ByPerson, ctx),
            WindowCommand::CancelLookup => self.connection.cancel(),
            WindowCommand::VerifyShown => self.verify_shown(ctx),
            WindowCommand::CancelVerify => self.history_panel.cancel_verify(),
        }
    }

    /// Acts on one reading of the paste: a re-authentication link fills the form; any
    /// other advice starts the form afresh from the chosen profile, so no value or link
    /// from an earlier case stays beside advice it does not fit. Where a link helps, the
    /// window moves to that kind.
    fn fill_from_paste(&mut self, (pasted, triage): (Pasted, Triage), ctx: &egui::Context) {
        self.pasted_make = crate::deliver::PastedMake::from_paste(&pasted);
        if triage.link == Some(LinkKind::Reauth) {
            self.reauth_form.edit(|form| pasted.fill(form));
        } else {
            let profile = self
                .selected_profile
                .and_then(|index| self.profiles.profiles().get(index));
            self.reauth_form.start_afresh(profile);
        }
        if let Some(kind) = triage.link {
            let values = triage.filled.clone();
            self.apply_one(WindowCommand::ChooseKind { kind, values }, ctx);
        }
        let complete = self.reauth_form.link().is_some();
        self.paste
            .filled(&pasted, triage, self.reauth_form.form(), complete);
        self.look_up_after_paste(ctx);
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
