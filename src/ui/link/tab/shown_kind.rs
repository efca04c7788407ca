//! The kind of link shown: which link Copy and Open act on (and the history records), how
//! a kind is chosen, and which form a generated state goes to.

use super::LinkTab;
use crate::link::triage::Filled;
use crate::link::{Field, LinkKind, generate_state};
use crate::ui::link::shown_form::{ShownForm, ShownLinkValues};

impl LinkTab {
    /// The form of the kind shown: the one place the app picks a form by its kind.
    pub(super) fn shown_form(&self) -> &dyn ShownForm {
        match self.kinds.kind() {
            LinkKind::Reauth => &self.reauth_form,
            LinkKind::TeslaPermissions | LinkKind::Connect => &self.kinds,
        }
    }

    fn shown_form_mut(&mut self) -> &mut dyn ShownForm {
        match self.kinds.kind() {
            LinkKind::Reauth => &mut self.reauth_form,
            LinkKind::TeslaPermissions | LinkKind::Connect => &mut self.kinds,
        }
    }

    /// The shown kind's link, or `None` while an error blocks it.
    pub(super) fn current_link(&self) -> Option<&str> {
        self.shown_form().link()
    }

    /// What the history keeps beside the shown link.
    pub(super) fn shown_link_values(&self) -> ShownLinkValues<'_> {
        self.shown_form().values()
    }

    /// Changes whenever the shown link may have: both counters only grow, so their sum
    /// changes when either does (a change of kind counts in the kind forms').
    pub(super) fn link_generation(&self) -> u64 {
        let forms: [&dyn ShownForm; 2] = [&self.reauth_form, &self.kinds];
        forms.iter().map(|form| form.generation()).sum()
    }

    /// A copy or open was tried: every field of the shown kind says what is wrong with it.
    pub(super) fn try_link(&mut self) {
        self.shown_form_mut().try_link();
    }

    /// Shows `kind`, its form started from what a paste gave it (`values`, empty when the
    /// person picks the kind).
    pub(super) fn choose_kind(&mut self, kind: LinkKind, values: &[Filled]) {
        self.kinds.choose(kind);
        self.kinds.fill(values);
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
                    .edit_connect(Field::State, |form| form.state = state);
            }
            Ok(state) => self.reauth_form.set_generated_state(state),
            Err(error) => self.notice = Some(format!("State: {error}")),
        }
    }
}
