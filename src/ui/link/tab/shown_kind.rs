//! The kind of link shown: which link Copy and Open act on (and the history records), how
//! a kind is chosen, and which form a generated state goes to.

use super::LinkTab;
use crate::link::triage::Filled;
use crate::link::{Field, LinkKind, generate_state};
use crate::ui::link::shown_form::ShownLinkValues;

impl LinkTab {
    /// The shown kind's link, or `None` while an error blocks it.
    pub(super) fn current_link(&self) -> Option<&str> {
        self.forms.shown().link()
    }

    /// What the history keeps beside the shown link.
    pub(super) fn shown_link_values(&self) -> ShownLinkValues<'_> {
        self.forms.shown().values()
    }

    /// Changes whenever the shown link may have.
    pub(super) fn link_generation(&self) -> u64 {
        self.forms.generation()
    }

    /// A copy or open was tried: every field of the shown kind says what is wrong with it.
    pub(super) fn try_link(&mut self) {
        self.forms.shown_mut().try_link();
    }

    /// Shows `kind`, its form started from what a paste gave it (`values`, empty when the
    /// person picks the kind).
    pub(super) fn choose_kind(&mut self, kind: LinkKind, values: &[Filled]) {
        self.forms.choose(kind);
        self.forms.fill_shown(values);
    }

    /// Fills the shown kind's State with a fresh random value (the Tesla link has none).
    pub(super) fn generate_state(&mut self) {
        if !self.forms.kind().fields().contains(&Field::State) {
            return;
        }
        match generate_state() {
            Ok(state) => {
                self.forms.shown_mut().take_generated_state(state);
            }
            Err(error) => self.notice = Some(format!("State: {error}")),
        }
    }
}
