//! The kind of link shown: which link Copy and Open act on, how a kind is chosen, and
//! which form a generated state goes to.

use super::ReauthApp;
use crate::link::{KindField, LinkKind, generate_state};

impl ReauthApp {
    /// The shown kind's link, or `None` while an error blocks it.
    pub(super) fn current_link(&self) -> Option<&str> {
        match self.kinds.kind() {
            LinkKind::Reauth => self.form.link(),
            _ => self.kinds.link(),
        }
    }

    /// Changes whenever the shown link may have: both counters only grow, so their sum
    /// changes when either does.
    pub(super) fn link_generation(&self) -> u64 {
        self.form.generation() + self.kinds.generation()
    }

    /// A copy or open was tried: every field of the shown kind says what is wrong with it.
    pub(super) fn try_link(&mut self) {
        match self.kinds.kind() {
            LinkKind::Reauth => self.form.try_link(),
            _ => self.kinds.try_link(),
        }
    }

    pub(super) fn choose_kind(&mut self, kind: LinkKind) {
        self.kinds.choose(kind);
        self.persisted.kind = kind;
    }

    /// Fills the shown kind's State with a fresh random value (the Tesla link has none).
    pub(super) fn generate_state(&mut self) {
        let kind = self.kinds.kind();
        if kind == LinkKind::TeslaPermissions {
            return;
        }
        match generate_state() {
            Ok(state) if kind == LinkKind::Connect => {
                self.kinds
                    .edit_connect(KindField::State, |form| form.state = state);
            }
            Ok(state) => {
                self.form.edit(|form| form.state = state);
            }
            Err(error) => self.notice = Some(format!("State: {error}")),
        }
    }
}
