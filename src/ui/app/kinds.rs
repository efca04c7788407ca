//! The kind of link shown: which link Copy and Open act on (and the history records), how
//! a kind is chosen, and which form a generated state goes to.

use super::ReauthApp;
use crate::link::triage::Filled;
use crate::link::{KindField, LinkKind, generate_state};

/// The shown link's vehicle, state and owner id, as typed.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct ShownLinkValues<'a> {
    pub vehicle_id: &'a str,
    pub state: &'a str,
    pub owner_id: &'a str,
}

impl ReauthApp {
    /// The shown kind's link, or `None` while an error blocks it.
    pub(super) fn current_link(&self) -> Option<&str> {
        match self.kinds.kind() {
            LinkKind::Reauth => self.reauth_form.link(),
            _ => self.kinds.link(),
        }
    }

    /// What the history keeps beside the shown link. The Tesla link carries none of them;
    /// a new connection has no vehicle id yet.
    pub(super) fn shown_link_values(&self) -> ShownLinkValues<'_> {
        match self.kinds.kind() {
            LinkKind::Reauth => {
                let form = self.reauth_form.form();
                ShownLinkValues {
                    vehicle_id: &form.vehicle_id,
                    state: &form.state,
                    owner_id: &form.user,
                }
            }
            LinkKind::TeslaPermissions => ShownLinkValues::default(),
            LinkKind::Connect => {
                let form = self.kinds.connect();
                ShownLinkValues {
                    vehicle_id: "",
                    state: &form.state,
                    owner_id: &form.user,
                }
            }
        }
    }

    /// Changes whenever the shown link may have: both counters only grow, so their sum
    /// changes when either does.
    pub(super) fn link_generation(&self) -> u64 {
        self.reauth_form.generation() + self.kinds.generation()
    }

    /// A copy or open was tried: every field of the shown kind says what is wrong with it.
    pub(super) fn try_link(&mut self) {
        match self.kinds.kind() {
            LinkKind::Reauth => self.reauth_form.try_link(),
            _ => self.kinds.try_link(),
        }
    }

    /// Shows `kind`, its form started from what a paste gave it (`values`, empty when the
    /// person picks the kind).
    pub(super) fn choose_kind(&mut self, kind: LinkKind, values: &[Filled]) {
        self.kinds.choose(kind);
        self.kinds.fill(values);
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
            Ok(state) => self.reauth_form.set_generated_state(state),
            Err(error) => self.notice = Some(format!("State: {error}")),
        }
    }
}
