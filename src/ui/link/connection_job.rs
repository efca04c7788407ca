//! The Link tab's connection lookup, off the UI thread: each request runs on a thread of
//! its own and answers through one channel, tagged with the generation it was asked in.
//! Cancelling, or editing the vehicle id or profile, moves to a new generation, so an
//! answer that arrives later for the old one is dropped.

use std::sync::mpsc::{Receiver, Sender, channel};

use crate::connections::{Lookup, look_up};
use crate::link::clean_lookup_id;
use crate::ui::management_setup::{Asker, ManagementSetup};

/// What the lookup is for: the vehicle id as typed and the chosen profile (with its API
/// client id, which decides the version asked).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LookupKey {
    pub vehicle_id: String,
    pub asker: Asker,
}

/// Who asked: the person (every failure is shown) or a paste (without a token to use,
/// the line stays as it was).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Asked {
    ByPerson,
    AfterPaste,
}

/// A lookup's answer; `None` when a paste's lookup found no token and says nothing.
type Answer = Option<Result<Lookup, String>>;

/// What the Connection line shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LookupState {
    Idle,
    Running,
    Answered(Result<Lookup, String>),
}

pub struct ConnectionLookup {
    generation: u64,
    /// The key of the request running or answered.
    key: Option<LookupKey>,
    state: LookupState,
    sender: Sender<(u64, Answer)>,
    answers: Receiver<(u64, Answer)>,
}

impl Default for ConnectionLookup {
    fn default() -> Self {
        let (sender, answers) = channel();
        ConnectionLookup {
            generation: 0,
            key: None,
            state: LookupState::Idle,
            sender,
            answers,
        }
    }
}

impl ConnectionLookup {
    pub fn state(&self) -> &LookupState {
        &self.state
    }

    /// Drops the answer (or the request on its way) when it was for another vehicle id
    /// or profile than `key`.
    pub fn follow(&mut self, key: &LookupKey) {
        if self.key.as_ref().is_some_and(|asked| asked != key) {
            self.cancel();
        }
    }

    /// Stops waiting: whatever the running request answers is dropped.
    pub fn cancel(&mut self) {
        self.generation += 1;
        self.key = None;
        self.state = LookupState::Idle;
    }

    /// Starts a lookup for `key`; `ctx` is asked to repaint when the answer comes. An id
    /// the core refuses, or no usable origin, is answered at once and nothing is sent.
    pub fn start(
        &mut self,
        key: LookupKey,
        asked: Asked,
        setup: &ManagementSetup,
        ctx: &egui::Context,
    ) {
        self.generation += 1;
        self.key = Some(key.clone());
        let vehicle_id = match checked_vehicle_id(&key.vehicle_id) {
            Ok(id) => id,
            Err(message) => return self.state = LookupState::Answered(Err(message)),
        };
        let setup = setup.clone();
        let sender = self.sender.clone();
        let generation = self.generation;
        let repaint = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("connection-lookup".into())
            .spawn(move || {
                let answer = match setup.open_api(&key.asker) {
                    Err(failure) if asked == Asked::AfterPaste && failure.no_token() => None,
                    Err(failure) => Some(Err(failure.message())),
                    Ok(api) => {
                        let lookup = look_up(api.as_ref(), &vehicle_id);
                        Some(lookup.map_err(|e| format!("{}: {e}", e.field())))
                    }
                };
                // The window may be closed by now; then nobody needs the answer.
                let _ = sender.send((generation, answer));
                repaint.request_repaint();
            });
        self.state = match spawned {
            Ok(_) => LookupState::Running,
            Err(error) => LookupState::Answered(Err(format!(
                "cannot start a thread for the lookup ({error}); try again"
            ))),
        };
    }

    /// Takes the answer of the current generation; older ones are dropped.
    pub fn poll(&mut self) {
        for (generation, answer) in self.answers.try_iter() {
            if generation == self.generation && self.state == LookupState::Running {
                self.state = match answer {
                    Some(answer) => LookupState::Answered(answer),
                    None => LookupState::Idle,
                };
            }
        }
    }
}

/// The id as the command line sends it: cleaned as a link's ids are.
fn checked_vehicle_id(typed: &str) -> Result<String, String> {
    if typed.trim().is_empty() {
        return Err("enter the vehicle id to look it up".to_owned());
    }
    clean_lookup_id(typed)
        .map(|(id, _)| id)
        .map_err(|problem| format!("vehicle id: {problem}"))
}
