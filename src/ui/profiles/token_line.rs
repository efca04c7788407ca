//! The profile editor's "Management token" line (and, for a profile with API credentials,
//! its "Client secret" line): whether the profile has one in the credential store,
//! "Set…" (a masked field with Save and Cancel) and "Forget". The secret goes straight to the core's store; it is never shown, and the field is emptied
//! once saved or cancelled. The store is asked on a thread of its own: a system store
//! may wait for the desktop (an unlock prompt), and the window must not.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use egui::{TextEdit, Ui};

use crate::connections::{CLIENT_SECRET_ENV, SecretKind, SecretStore, TOKEN_ENV};
use crate::ui::widgets::error_line;

pub const TOKEN_LABEL: &str = "Management token:";
pub const CLIENT_SECRET_LABEL: &str = "Client secret (API credentials):";
pub const NEW_CLIENT_SECRET_LABEL: &str = "New client secret";
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

/// The words that differ between the two secrets.
struct Wording {
    label: &'static str,
    new_label: &'static str,
    field: &'static str,
    hint: &'static str,
    variable: &'static str,
}

fn wording(kind: SecretKind) -> Wording {
    match kind {
        SecretKind::ManagementToken => Wording {
            label: TOKEN_LABEL,
            new_label: NEW_TOKEN_LABEL,
            field: "management token",
            hint: "from Dashboard > Configuration",
            variable: TOKEN_ENV,
        },
        SecretKind::ClientSecret => Wording {
            label: CLIENT_SECRET_LABEL,
            new_label: NEW_CLIENT_SECRET_LABEL,
            field: "client secret",
            hint: "from Dashboard > API credentials",
            variable: CLIENT_SECRET_ENV,
        },
    }
}

pub struct TokenLine {
    /// Which of the profile's secrets the line is about.
    kind: SecretKind,
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

impl Default for TokenLine {
    fn default() -> Self {
        TokenLine::for_secret(SecretKind::ManagementToken)
    }
}

impl TokenLine {
    pub fn for_secret(kind: SecretKind) -> Self {
        TokenLine {
            kind,
            profile: None,
            status: None,
            asking: None,
            typing: None,
            failure: None,
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, profile: &str, secrets: &Arc<SecretStore>) {
        if self.profile.as_deref() != Some(profile) {
            *self = TokenLine {
                profile: Some(profile.to_owned()),
                ..TokenLine::for_secret(self.kind)
            };
            self.ask(ui.ctx(), secrets, profile, Ask::Look);
        }
        self.take_answer();
        let words = wording(self.kind);
        ui.horizontal_wrapped(|ui| {
            ui.label(words.label);
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
        if secrets.environment_decides_for(self.kind) {
            ui.weak(format!(
                "{} is set for this window, so it is used instead.",
                words.variable
            ));
        }
        self.typing_ui(ui, profile, secrets);
        if let Some(failure) = &self.failure {
            error_line(ui, failure);
        }
    }

    fn actions_ui(&mut self, ui: &mut Ui, profile: &str, secrets: &Arc<SecretStore>) {
        let hover = format!("Paste the {}", wording(self.kind).hint);
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
        let words = wording(self.kind);
        let label = ui.label(words.new_label);
        ui.add(
            TextEdit::singleline(typed)
                .password(true)
                .hint_text(words.hint)
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
        let kind = self.kind;
        let repaint = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("credential-store".into())
            .spawn(move || {
                let answer = ask.run(&secrets, kind, &profile);
                // The line may be for another profile by now; then nobody needs it.
                let _ = sender.send(answer);
                repaint.request_repaint();
            });
        match spawned {
            Ok(_) => self.asking = Some(receiver),
            Err(error) => {
                self.failure = Some(format!(
                    "{}: cannot start a thread to ask the credential store ({error}); try again",
                    wording(self.kind).field
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
            Err(message) => {
                self.failure = Some(format!("{}: {message}", wording(self.kind).field));
            }
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
    fn run(self, secrets: &SecretStore, kind: SecretKind, profile: &str) -> StoreAnswer {
        let answer = match self {
            Ask::Look => secrets.stored(kind, profile).map(|token| token.is_some()),
            Ask::Store(token) => secrets.store(kind, profile, &token).map(|()| true),
            Ask::Forget => secrets.forget(kind, profile).map(|_| false),
        };
        answer.map_err(|e| e.to_string())
    }
}
