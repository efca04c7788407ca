//! The profile editor's "Management token" line: whether the profile has one in the
//! credential store, "Set…" (a masked field with Save and Cancel) and "Forget". The
//! token goes straight to the core's store; it is never shown, and the field is emptied
//! once saved or cancelled. The store is asked on a thread of its own: a system store
//! may wait for the desktop (an unlock prompt), and the window must not.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use egui::{TextEdit, Ui};

use crate::connections::{SecretKind, SecretStore, TOKEN_ENV};
use crate::ui::widgets::error_line;

pub const TOKEN_LABEL: &str = "Management token:";
pub const STORED: &str = "stored";
pub const NOT_STORED: &str = "not stored";
pub const ASKING_STORE: &str = "asking the credential store…";
pub const SET_TOKEN: &str = "Set…";
pub const FORGET_TOKEN: &str = "Forget";
pub const NEW_TOKEN_LABEL: &str = "New management token";
pub const SAVE_TOKEN: &str = "Save token";
pub const CANCEL_TOKEN: &str = "Cancel";

/// What the store answered: whether the profile's token is stored now.
type StoreAnswer = Result<bool, String>;

#[derive(Default)]
pub struct TokenLine {
    /// The profile the line is for.
    profile: Option<String>,
    /// Whether its token is stored; `None` until the store answers.
    status: Option<StoreAnswer>,
    /// The store's answer on its way (to a look, a Save or a Forget).
    asking: Option<Receiver<StoreAnswer>>,
    /// The token being typed, while "Set…" is open.
    typing: Option<String>,
    /// The last Save or Forget that failed.
    failure: Option<String>,
}

impl TokenLine {
    pub fn ui(&mut self, ui: &mut Ui, profile: &str, secrets: &Arc<SecretStore>) {
        if self.profile.as_deref() != Some(profile) {
            *self = TokenLine {
                profile: Some(profile.to_owned()),
                ..TokenLine::default()
            };
            self.ask(ui.ctx(), secrets, profile, Ask::Look);
        }
        self.take_answer();
        ui.horizontal_wrapped(|ui| {
            ui.label(TOKEN_LABEL);
            match &self.status {
                _ if self.asking.is_some() => ui.label(ASKING_STORE),
                Some(Ok(true)) => ui.label(STORED),
                Some(Ok(false)) => ui.label(NOT_STORED),
                Some(Err(message)) => ui.label(format!("unknown ({message})")),
                None => ui.label(ASKING_STORE),
            };
            if self.typing.is_none() && self.asking.is_none() {
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

    fn actions_ui(&mut self, ui: &mut Ui, profile: &str, secrets: &Arc<SecretStore>) {
        let hover = "Paste the Application Management Token from Dashboard > Configuration";
        if ui.button(SET_TOKEN).on_hover_text(hover).clicked() {
            self.typing = Some(String::new());
            self.failure = None;
        }
        let stored = self.status == Some(Ok(true));
        if ui
            .add_enabled(stored, egui::Button::new(FORGET_TOKEN))
            .clicked()
        {
            self.ask(ui.ctx(), secrets, profile, Ask::Forget);
        }
    }

    fn typing_ui(&mut self, ui: &mut Ui, profile: &str, secrets: &Arc<SecretStore>) {
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
        ui.add_enabled_ui(self.asking.is_none(), |ui| {
            ui.horizontal(|ui| {
                save = ui.button(SAVE_TOKEN).clicked();
                cancel = ui.button(CANCEL_TOKEN).clicked();
            });
        });
        if save {
            let token = typed.clone();
            self.ask(ui.ctx(), secrets, profile, Ask::Store(token));
        } else if cancel {
            self.typing = None;
            self.failure = None;
        }
    }

    fn ask(&mut self, ctx: &egui::Context, secrets: &Arc<SecretStore>, profile: &str, ask: Ask) {
        let (sender, receiver) = channel();
        let secrets = Arc::clone(secrets);
        let profile = profile.to_owned();
        let repaint = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("credential-store".into())
            .spawn(move || {
                let answer = ask.run(&secrets, &profile);
                // The line may be for another profile by now; then nobody needs it.
                let _ = sender.send(answer);
                repaint.request_repaint();
            });
        match spawned {
            Ok(_) => self.asking = Some(receiver),
            Err(error) => {
                self.failure = Some(format!(
                    "management token: cannot start a thread to ask the credential store ({error}); try again"
                ));
            }
        }
    }

    /// The store's answer: the new status, or the failure with the field kept open.
    fn take_answer(&mut self) {
        let Some(asking) = &self.asking else {
            return;
        };
        let answer = match asking.try_recv() {
            Ok(answer) => answer,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => {
                Err("the credential store gave no answer; try again".to_owned())
            }
        };
        self.asking = None;
        match answer {
            Ok(stored) => {
                self.typing = None;
                self.failure = None;
                self.status = Some(Ok(stored));
            }
            Err(message) if self.status.is_none() => self.status = Some(Err(message)),
            Err(message) => self.failure = Some(format!("management token: {message}")),
        }
    }
}

/// What the line asks of the store.
enum Ask {
    Look,
    Store(String),
    Forget,
}

impl Ask {
    fn run(self, secrets: &SecretStore, profile: &str) -> StoreAnswer {
        let kind = SecretKind::ManagementToken;
        let answer = match self {
            Ask::Look => secrets.stored(kind, profile).map(|token| token.is_some()),
            Ask::Store(token) => secrets.store(kind, profile, &token).map(|()| true),
            Ask::Forget => secrets.forget(kind, profile).map(|_| false),
        };
        answer.map_err(|e| e.to_string())
    }
}
