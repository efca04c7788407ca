//! The window's state of a Tesla permissions or new-connection form, written once for
//! both: the form as typed, the core's verdict (checked when a value changes, never once
//! per frame), which fields speak, and the permissions it asks for. What differs between
//! the two kinds is the form itself, behind `KindForm`.

use crate::link::scopes::{Scope, parse_scope, split_scopes};
use crate::link::triage::{Filled, FilledTarget};
use crate::link::{Checked, Contract, Field, LinkKind};
use crate::profiles::Profile;
use crate::ui::link::attention::Attention;
use crate::ui::link::shown_form::{ShownForm, ShownLinkValues};

/// A kind's form as the core has it, with what the window needs to know about it.
pub trait KindForm: Clone + Default + PartialEq {
    const KIND: LinkKind;
    /// The core's check; `registered` are the chosen profile's redirect URIs.
    fn check(&self, registered: &[String]) -> Checked;
    fn contract(&self) -> Contract;
    fn set_contract(&mut self, contract: Contract);
    /// The profile's values (contract, application id, …), through the core's seeding.
    fn seed(&mut self, profile: &Profile);
    /// Whether a field holds something, so its findings speak as they are.
    fn holds_value(&self, field: Field) -> bool;
    /// Puts what a paste gave for one of its fields in place.
    fn fill(&mut self, field: Field, value: String);
    /// The permissions as typed, one entry each (several may share an entry).
    fn scopes(&self) -> &[String];
    fn scopes_mut(&mut self) -> &mut Vec<String>;
    /// What the history keeps beside the link.
    fn values(&self) -> ShownLinkValues<'_>;
    /// The State field, when the kind's link carries one.
    fn state_mut(&mut self) -> Option<&mut String>;
}

pub struct KindFormState<F: KindForm> {
    form: F,
    checked: Checked,
    /// The chosen profile's redirect URIs: they feed the "not registered" warning.
    registered_uris: Vec<String>,
    attention: Attention,
    /// Counts re-checks, so copy and open results can tell they describe an older link.
    generation: u64,
}

impl<F: KindForm> Default for KindFormState<F> {
    fn default() -> Self {
        let form = F::default();
        Self {
            checked: form.check(&[]),
            form,
            registered_uris: Vec::new(),
            attention: Attention::default(),
            generation: 0,
        }
    }
}

impl<F: KindForm> KindFormState<F> {
    pub fn form(&self) -> &F {
        &self.form
    }

    pub fn checked(&self) -> &Checked {
        &self.checked
    }

    pub fn registered_uris(&self) -> &[String] {
        &self.registered_uris
    }

    pub fn contract(&self) -> Contract {
        self.form.contract()
    }

    pub fn set_contract(&mut self, contract: Contract) {
        if self.form.contract() != contract {
            self.form.set_contract(contract);
            self.recheck();
        }
    }

    /// The link, or `None` while an error blocks it.
    pub fn link(&self) -> Option<&str> {
        self.checked.link.as_ref().map(|link| link.url.as_str())
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Edits the form; re-checks it only when a value really changed.
    pub fn edit(&mut self, field: Field, edit: impl FnOnce(&mut F)) -> bool {
        let before = self.form.clone();
        edit(&mut self.form);
        let changed = self.form != before;
        if changed {
            self.attention.mark_edited(field);
            self.recheck();
        }
        changed
    }

    /// Whether a field shows its findings as they are: once it holds a value, was edited,
    /// or a copy or open was tried.
    pub fn speaks(&self, field: Field) -> bool {
        self.attention.speaks(field, self.form.holds_value(field))
    }

    /// A copy or open was tried: from now on every field says what is wrong with it.
    pub fn try_link(&mut self) {
        self.attention.try_link();
    }

    /// The fields that keep the link from being built while every one of them is still
    /// quiet (a fresh form); `None` once any error speaks, or nothing blocks.
    pub fn quiet_blockers(&self) -> Option<Vec<Field>> {
        self.attention
            .quiet_blockers(&self.checked.findings, |field| self.speaks(field))
    }

    pub fn values(&self) -> ShownLinkValues<'_> {
        self.form.values()
    }

    /// Fills the form from a profile; its URIs become the registered ones.
    pub fn apply_profile(&mut self, profile: &Profile) {
        self.form.seed(profile);
        self.registered_uris = profile.redirect_uris.clone();
        self.recheck();
    }

    /// Back to free text: the values stay, the names are the classic ones again and no URI
    /// counts as registered.
    pub fn clear_profile(&mut self) {
        self.form.set_contract(Contract::Classic);
        self.registered_uris.clear();
        self.recheck();
    }

    /// Starts the form from what a paste gave it (values of this kind's fields); the form
    /// keeps what the paste lacks.
    pub fn fill(&mut self, values: &[Filled]) {
        for value in values {
            if let FilledTarget::Field(field) = value.target
                && F::KIND.fields().contains(&field)
            {
                self.form.fill(field, value.value.clone());
            }
        }
        self.recheck();
    }

    /// The permissions as the link will carry them, in the order ticked.
    pub fn chosen_scopes(&self) -> Vec<&str> {
        split_scopes(self.form.scopes())
    }

    /// `Some(required)` when `permission` is ticked.
    pub fn scope_ticked(&self, permission: &str) -> Option<bool> {
        split_scopes(self.form.scopes())
            .into_iter()
            .filter_map(|typed| parse_scope(typed).ok())
            .find(|scope| scope.permission == permission)
            .map(|scope| scope.required)
    }

    /// What was typed (or pasted) for scopes that are not documented permissions, so the
    /// picker can offer to remove them.
    pub fn undocumented_scopes(&self) -> Vec<String> {
        split_scopes(self.form.scopes())
            .into_iter()
            .filter(|typed| parse_scope(typed).is_err())
            .map(str::to_owned)
            .collect()
    }

    /// Ticks or unticks a documented permission.
    pub fn tick_scope(&mut self, permission: &'static str, ticked: bool) {
        let scope = ticked.then_some(Scope {
            permission,
            required: false,
        });
        self.replace_scope(|typed| is_permission(typed, permission), scope);
    }

    /// Makes a ticked permission one the owner cannot untick, or back.
    pub fn set_scope_required(&mut self, permission: &'static str, required: bool) {
        let scope = Scope {
            permission,
            required,
        };
        self.replace_scope(|typed| is_permission(typed, permission), Some(scope));
    }

    /// Drops a scope exactly as typed (one that is not documented).
    pub fn remove_typed_scope(&mut self, typed: &str) {
        self.replace_scope(|entry| entry == typed, None);
    }

    /// Puts `scope` where the first entry matching `matches` was (or at the end), and drops
    /// every other matching entry.
    fn replace_scope(&mut self, matches: impl Fn(&str) -> bool, scope: Option<Scope>) {
        let mut entries: Vec<String> = Vec::new();
        let mut placed = scope.is_none();
        for typed in split_scopes(self.form.scopes()) {
            if !matches(typed) {
                entries.push(typed.to_owned());
            } else if !placed {
                entries.extend(scope.map(Scope::to_param));
                placed = true;
            }
        }
        if !placed {
            entries.extend(scope.map(Scope::to_param));
        }
        self.edit(Field::Scope, |form| *form.scopes_mut() = entries);
    }

    fn recheck(&mut self) {
        self.checked = self.form.check(&self.registered_uris);
        self.generation += 1;
    }
}

fn is_permission(typed: &str, permission: &str) -> bool {
    parse_scope(typed).is_ok_and(|scope| scope.permission == permission)
}

/// The Tesla permissions and new-connection forms answer alike.
impl<F: KindForm> ShownForm for KindFormState<F> {
    fn checked(&self) -> &Checked {
        KindFormState::checked(self)
    }

    fn link(&self) -> Option<&str> {
        KindFormState::link(self)
    }

    fn try_link(&mut self) {
        KindFormState::try_link(self);
    }

    fn generation(&self) -> u64 {
        KindFormState::generation(self)
    }

    fn speaks(&self, field: Field) -> bool {
        KindFormState::speaks(self, field)
    }

    fn quiet_blockers(&self) -> Option<Vec<Field>> {
        KindFormState::quiet_blockers(self)
    }

    fn values(&self) -> ShownLinkValues<'_> {
        KindFormState::values(self)
    }

    fn take_generated_state(&mut self, state: String) -> bool {
        if self.form.state_mut().is_none() {
            return false;
        }
        self.edit(Field::State, |form| {
            if let Some(slot) = form.state_mut() {
                *slot = state;
            }
        })
    }

    fn fill(&mut self, values: &[Filled]) {
        KindFormState::fill(self, values);
    }

    fn apply_profile(&mut self, profile: &Profile) {
        KindFormState::apply_profile(self, profile);
    }

    fn clear_profile(&mut self) {
        KindFormState::clear_profile(self);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::{ConnectForm, TeslaPermissionsForm};

    #[test]
    fn checks_again_only_when_a_value_changes() {
        let mut tesla = KindFormState::<TeslaPermissionsForm>::default();
        let fresh = tesla.generation();
        assert!(!tesla.edit(Field::ClientId, |_| {}));
        assert!(!tesla.edit(Field::ClientId, |form| form.client_id = String::new()));
        assert_eq!(tesla.generation(), fresh);
        assert!(tesla.edit(Field::ClientId, |form| form.client_id = "x".into()));
        assert_eq!(tesla.generation(), fresh + 1);
    }

    #[test]
    fn an_empty_field_keeps_quiet_until_edited_or_a_copy_is_tried() {
        let mut tesla = KindFormState::<TeslaPermissionsForm>::default();
        assert_eq!(
            tesla.quiet_blockers(),
            Some(vec![Field::ClientId, Field::Scope])
        );
        tesla.edit(Field::ClientId, |form| form.client_id = "x".into());
        tesla.edit(Field::ClientId, |form| form.client_id.clear());
        assert!(tesla.speaks(Field::ClientId), "emptied by hand");
        assert!(!tesla.speaks(Field::Scope));
        assert_eq!(tesla.quiet_blockers(), None);

        let mut connect = KindFormState::<ConnectForm>::default();
        assert!(
            !connect.speaks(Field::ClientId),
            "an edit counts for its own form only"
        );
        connect.try_link();
        assert!(connect.speaks(Field::ClientId));
        assert_eq!(connect.quiet_blockers(), None);
    }

    #[test]
    fn ticking_scopes_keeps_one_entry_each_and_required_replaces_it_in_place() {
        let mut tesla = KindFormState::<TeslaPermissionsForm>::default();
        tesla.tick_scope("read_vin", true);
        tesla.tick_scope("read_odometer", true);
        tesla.tick_scope("read_vin", true);
        assert_eq!(tesla.form().scopes, ["read_vin", "read_odometer"]);
        tesla.set_scope_required("read_vin", true);
        assert_eq!(tesla.form().scopes, ["required:read_vin", "read_odometer"]);
        assert_eq!(tesla.scope_ticked("read_vin"), Some(true));
        assert_eq!(tesla.scope_ticked("read_odometer"), Some(false));
        assert_eq!(tesla.scope_ticked("read_tires"), None);
        tesla.tick_scope("read_vin", false);
        assert_eq!(tesla.form().scopes, ["read_odometer"]);
        assert!(tesla.speaks(Field::Scope), "a tick is an edit");
    }

    #[test]
    fn undocumented_scopes_are_listed_and_can_be_removed() {
        let mut connect = KindFormState::<ConnectForm>::default();
        connect.edit(Field::Scope, |form| {
            form.scopes = vec!["read_vin reed_odometer".into()]
        });
        assert_eq!(connect.undocumented_scopes(), ["reed_odometer"]);
        assert!(connect.link().is_none(), "the core refuses the typo");
        connect.remove_typed_scope("reed_odometer");
        assert_eq!(connect.form().scopes, ["read_vin"]);
        assert!(connect.undocumented_scopes().is_empty());
    }

    #[test]
    fn a_generated_state_reaches_a_kind_with_a_state_field_only() {
        let mut connect = KindFormState::<ConnectForm>::default();
        assert!(ShownForm::take_generated_state(
            &mut connect,
            "s3cret-state".into()
        ));
        assert_eq!(connect.form().state, "s3cret-state");
        assert!(connect.speaks(Field::State), "a generated state is an edit");
        let mut tesla = KindFormState::<TeslaPermissionsForm>::default();
        let before = tesla.generation();
        assert!(!ShownForm::take_generated_state(
            &mut tesla,
            "unused".into()
        ));
        assert_eq!(
            tesla.generation(),
            before,
            "nothing changed, nothing checked"
        );
    }
}
