//! The profile editor's "Management token" line: whether the profile has one in the
//! credential store, "Set…" (a masked field with Save and Cancel) and "Forget". The
//! token goes straight to the core's store; it is never shown, and the field is emptied
//! once saved or cancelled.

use egui::{TextEdit, Ui};

use super::widgets::error_line;
use crate::connections::{SecretKind, SecretStore, TOKEN_ENV};

pub const TOKEN_LABEL: &str = "Management token:";
pub const STORED: &str = "stored";
pub const NOT_STORED: &str = "not stored";
pub const SET_TOKEN: &str = "Set…";
pub const FORGET_TOKEN: &str = "Forget";
pub const NEW_TOKEN_LABEL: &str = "New management token";
pub const SAVE_TOKEN: &str = "Save token";
pub const CANCEL_TOKEN: &str = "Cancel";

#[derive(Default)]
pub struct TokenLine {
    /// The profile the status below is for, and whether its token is stored.
    status: Option<(String, Result<bool, String>)>,
    /// The token being typed, while "Set…" is open.
    typing: Option<String>,
    /// The last Save or Forget that failed.
    failure: Option<String>,
}

impl TokenLine {
    pub fn ui(&mut self, ui: &mut Ui, profile: &str, secrets: &SecretStore) {
        if self.status.as_ref().is_none_or(|(name, _)| name != profile) {
            self.typing = None;
            self.failure = None;
            self.status = Some((profile.to_owned(), is_stored(secrets, profile)));
        }
        ui.horizontal_wrapped(|ui| {
            ui.label(TOKEN_LABEL);
            match self.status.as_ref().map(|(_, status)| status) {
                Some(Ok(true)) => ui.label(STORED),
                Some(Ok(false)) | None => ui.label(NOT_STORED),
                Some(Err(message)) => ui.label(format!("unknown ({message})")),
            };
            if self.typing.is_none() {
                self.actions_ui(ui, profile, secrets);
            }
        });
        if secrets.environment_decides() {
            ui.weak(format!(
                "{TOKEN_ENV} is set for this window, so it is used instead."
            ));
        }
        self.typing_ui(ui, profile, secrets);
        if let Some(failure) = &self.failure {
            error_line(ui, failure);
        }
    }

    fn actions_ui(&mut self, ui: &mut Ui, profile: &str, secrets: &SecretStore) {
        let hover = "Paste the Application Management Token from Dashboard > Configuration";
        if ui.button(SET_TOKEN).on_hover_text(hover).clicked() {
            self.typing = Some(String::new());
            self.failure = None;
        }
        let stored = matches!(self.status, Some((_, Ok(true))));
        if ui
            .add_enabled(stored, egui::Button::new(FORGET_TOKEN))
            .clicked()
        {
            let forgotten = secrets.forget(SecretKind::ManagementToken, profile);
            self.settle(profile, forgotten.map(|_| false).map_err(|e| e.to_string()));
        }
    }

    fn typing_ui(&mut self, ui: &mut Ui, profile: &str, secrets: &SecretStore) {
        let Some(typed) = &mut self.typing else {
            return;
        };
        let label = ui.label(NEW_TOKEN_LABEL);
        ui.add(
            TextEdit::singleline(typed)
                .password(true)
                .hint_text("from Dashboard > Configuration")
                .desired_width(320.0),
        )
        .labelled_by(label.id);
        let mut save = false;
        let mut cancel = false;
        ui.horizontal(|ui| {
            save = ui.button(SAVE_TOKEN).clicked();
            cancel = ui.button(CANCEL_TOKEN).clicked();
        });
        if save {
            let saved = secrets.store(SecretKind::ManagementToken, profile, typed);
            self.settle(profile, saved.map(|()| true).map_err(|e| e.to_string()));
        } else if cancel {
            self.typing = None;
            self.failure = None;
        }
    }

    /// After Save or Forget: the new status, or the failure with the field kept open.
    fn settle(&mut self, profile: &str, outcome: Result<bool, String>) {
        match outcome {
            Ok(stored) => {
                self.typing = None;
                self.failure = None;
                self.status = Some((profile.to_owned(), Ok(stored)));
            }
            Err(message) => self.failure = Some(format!("management token: {message}")),
        }
    }
}

fn is_stored(secrets: &SecretStore, profile: &str) -> Result<bool, String> {
    secrets
        .stored(SecretKind::ManagementToken, profile)
        .map(|token| token.is_some())
        .map_err(|e| e.to_string())
}

/// Whether a lookup may run on its own for `profile`: a token is there to use.
pub fn has_token(secrets: &SecretStore, profile: Option<&str>) -> bool {
    secrets.environment_decides()
        || profile.is_some_and(|name| is_stored(secrets, name) == Ok(true))
}
