//! The form being edited and the core's verdict on it. `check` runs only when something
//! changed, never once per frame. A field that is still empty and untouched keeps quiet:
//! its "required" shows as a hint, not an error, until it is edited or a copy or open of
//! the link is tried.

use crate::link::{
    Checked, Contract, Field, ReauthForm, ReauthOptions, ResponseType, StateBinding, check,
    check_with_options,
};
use crate::profiles::Profile;
use crate::ui::link::attention::Attention;

/// How the Redirect URI is chosen while a profile is picked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RedirectChoice {
    /// One of the profile's registered URIs.
    Registered(String),
    /// A URI typed by hand.
    Other,
    /// No redirect_uri in the link: Connect uses the dashboard default.
    LeaveOut,
}

pub struct ReauthFormState {
    form: ReauthForm,
    /// The profile the form was last filled from: its registered URIs feed the "not
    /// registered" warning.
    applied_profile: Option<Profile>,
    /// The chosen profile's contract (classic without one) and the chosen response type.
    options: ReauthOptions,
    /// The person picked "Other…" and types the URI by hand.
    typing_other_uri: bool,
    checked: Checked,
    /// Counts re-checks, so copy and open results can tell they describe an older link.
    generation: u64,
    /// Which fields show their findings as they are.
    attention: Attention,
    /// Which vehicle the state was made for, and whether the tool or the person made it.
    state_binding: StateBinding,
    /// A generated state could not be made afresh for a new vehicle.
    state_problem: Option<String>,
}

impl Default for ReauthFormState {
    fn default() -> Self {
        Self::new(ReauthForm::default())
    }
}

impl ReauthFormState {
    pub fn new(form: ReauthForm) -> Self {
        let mut state = Self {
            form,
            applied_profile: None,
            options: ReauthOptions::default(),
            typing_other_uri: false,
            checked: check(&ReauthForm::default(), &[]),
            generation: 0,
            attention: Attention::default(),
            state_binding: StateBinding::default(),
            state_problem: None,
        };
        state.recheck();
        state
    }

    pub fn form(&self) -> &ReauthForm {
        &self.form
    }

    pub fn checked(&self) -> &Checked {
        &self.checked
    }

    pub fn options(&self) -> ReauthOptions {
        self.options
    }

    /// The names the link uses: a profile sets them, the person may pick the others.
    pub fn set_contract(&mut self, contract: Contract) {
        if self.options.contract != contract {
            self.options.contract = contract;
            self.recheck();
        }
    }

    /// `vehicle_id` (the vehicle comes back to the redirect URI) or `none`.
    pub fn set_response_type(&mut self, response_type: ResponseType) {
        if self.options.response_type != response_type {
            self.options.response_type = response_type;
            self.mark_edited(Field::RedirectUri);
            self.recheck();
        }
    }

    pub fn registered_uris(&self) -> &[String] {
        self.applied_profile
            .as_ref()
            .map_or(&[], |profile| profile.redirect_uris.as_slice())
    }

    /// The link as the core builds it, or `None` while an error blocks it.
    pub fn link(&self) -> Option<&str> {
        self.checked.link.as_ref().map(|link| link.url.as_str())
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Edits the form through `edit`; re-checks only when a value really changed.
    pub fn edit(&mut self, edit: impl FnOnce(&mut ReauthForm)) -> bool {
        let before = self.form.clone();
        edit(&mut self.form);
        let changed = self.form != before;
        if changed {
            self.note_edits(&before);
            let state_changed = self.form.state != before.state;
            self.bind_state(
                state_changed,
                self.form.vehicle_id != before.vehicle_id,
                false,
            );
            self.recheck();
        }
        changed
    }

    /// Puts a state the tool generated into the form: it belongs to the current vehicle.
    pub fn set_generated_state(&mut self, state: String) {
        self.edit(|form| form.state = state);
        self.state_binding = StateBinding::generated(&self.form.vehicle_id);
    }

    /// Why the state may not belong to this link (typed for another vehicle), if it may not.
    pub fn state_warning(&self) -> Option<String> {
        self.state_problem.clone().or_else(|| {
            self.state_binding
                .warning_for(&self.form.state, &self.form.vehicle_id)
        })
    }

    /// A state belongs to one link: a state typed here is the person's, one from a paste
    /// is nobody's, and when the vehicle changes the core decides what becomes of it.
    fn bind_state(&mut self, state_changed: bool, vehicle_changed: bool, typed: bool) {
        if state_changed {
            self.state_problem = None;
            self.state_binding = if typed {
                StateBinding::typed(&self.form.vehicle_id)
            } else {
                StateBinding::default()
            };
        } else if vehicle_changed {
            let vehicle_id = self.form.vehicle_id.clone();
            let after = self
                .state_binding
                .vehicle_changed(&mut self.form.state, &vehicle_id);
            self.state_problem = after.err().map(|error| format!("state: {error}"));
        }
    }

    /// Edits one text field in place (what a TextEdit needs) and re-checks if it changed.
    pub fn edit_field(&mut self, field: Field, edit: impl FnOnce(&mut String) -> bool) -> bool {
        let Some(value) = self.form.get_mut(field) else {
            return false;
        };
        let before = value.clone();
        let changed = edit(value) && *value != before;
        if changed {
            self.mark_edited(field);
            self.bind_state(field == Field::State, field == Field::VehicleId, true);
            self.recheck();
        }
        changed
    }

    /// Whether a field's findings show as they are: once it holds a value, was edited, or
    /// a copy or open was tried. Before that an empty field only hints at what it needs.
    /// A field this form has not (a new connection's VIN) never speaks here.
    pub fn speaks(&self, field: Field) -> bool {
        self.form
            .get(field)
            .is_some_and(|typed| self.attention.speaks(field, !typed.trim().is_empty()))
    }

    /// A copy or open was tried: from now on every field says what is wrong with it.
    pub fn try_link(&mut self) {
        self.attention.try_link();
    }

    /// The fields that keep the link from being built while every one of them is still
    /// quiet (a fresh form); `None` once any error speaks, or when nothing blocks.
    pub fn quiet_blockers(&self) -> Option<Vec<Field>> {
        self.attention
            .quiet_blockers(&self.checked.findings, |field| self.speaks(field))
    }

    fn note_edits(&mut self, before: &ReauthForm) {
        for field in ReauthForm::FIELDS {
            if self.form.get(field) != before.get(field) {
                self.mark_edited(field);
            }
        }
        if self.form.omit_redirect_uri != before.omit_redirect_uri {
            self.mark_edited(Field::RedirectUri);
        }
    }

    fn mark_edited(&mut self, field: Field) {
        self.attention.mark_edited(field);
    }

    pub fn redirect_choice(&self) -> RedirectChoice {
        if self.form.omit_redirect_uri {
            RedirectChoice::LeaveOut
        } else if !self.typing_other_uri && self.registered_uris().contains(&self.form.redirect_uri)
        {
            RedirectChoice::Registered(self.form.redirect_uri.clone())
        } else {
            RedirectChoice::Other
        }
    }

    pub fn choose_redirect(&mut self, choice: RedirectChoice) {
        self.typing_other_uri = choice == RedirectChoice::Other;
        self.edit(|form| match choice {
            RedirectChoice::Registered(uri) => {
                form.redirect_uri = uri;
                form.omit_redirect_uri = false;
            }
            RedirectChoice::Other => form.omit_redirect_uri = false,
            RedirectChoice::LeaveOut => form.omit_redirect_uri = true,
        });
    }

    /// Fills the form from a profile: client id, its default redirect URI (or none, which
    /// leaves redirect_uri out), its user; its URIs become the registered ones.
    pub fn apply_profile(&mut self, profile: &Profile) {
        self.applied_profile = Some(profile.clone());
        self.options.contract = profile.contract;
        self.typing_other_uri = false;
        profile.seed_form(&mut self.form);
        self.recheck();
    }

    /// A new case: every value goes, `profile` (the chosen one) fills in again and the
    /// fields keep quiet as in a fresh form. The generation keeps counting, so a "Copied"
    /// from the earlier case never shows for this one.
    pub fn start_afresh(&mut self, profile: Option<&Profile>) {
        self.form = ReauthForm::default();
        self.attention = Attention::default();
        self.typing_other_uri = false;
        self.applied_profile = None;
        self.state_binding = StateBinding::default();
        self.state_problem = None;
        match profile {
            Some(profile) => self.apply_profile(profile),
            None => self.recheck(),
        }
    }

    /// Back to free text: the values stay, nothing counts as registered any more.
    pub fn clear_profile(&mut self) {
        self.applied_profile = None;
        self.options.contract = Contract::Classic;
        self.typing_other_uri = false;
        self.recheck();
    }

    /// True when `profile` is not what the form was last filled from (it was edited since).
    pub fn profile_differs(&self, profile: &Profile) -> bool {
        self.applied_profile.as_ref() != Some(profile)
    }

    fn recheck(&mut self) {
        self.checked = check_with_options(&self.form, self.registered_uris(), self.options);
        self.generation += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::Severity;

    fn profile() -> Profile {
        Profile {
            name: "Fleet".into(),
            client_id: "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07".into(),
            redirect_uris: vec!["https://a.example/cb".into(), "https://b.example/cb".into()],
            default_redirect_uri: Some("https://b.example/cb".into()),
            user: Some("owner-7".into()),
            note: String::new(),
            ..Profile::default()
        }
    }

    #[test]
    fn checks_again_only_when_a_value_changes() {
        let mut state = ReauthFormState::default();
        let fresh = state.generation();
        assert!(!state.edit(|_| {}), "an edit that does nothing");
        assert!(
            !state.edit(|form| form.vehicle_id = String::new()),
            "the same value again"
        );
        assert!(
            !state.edit_field(Field::State, |_| true),
            "a widget that says changed"
        );
        assert_eq!(state.generation(), fresh, "no check ran for any of them");

        assert!(state.edit(|form| form.vehicle_id = "x".into()));
        assert_eq!(state.generation(), fresh + 1, "one check for one change");
        assert!(
            state
                .checked()
                .findings
                .for_field(Field::VehicleId)
                .all(|f| f.severity() != Severity::Error),
            "the new verdict is the one kept"
        );
        assert!(!state.edit(|form| form.vehicle_id = "x".into()));
        assert_eq!(state.generation(), fresh + 1);
    }

    #[test]
    fn an_empty_field_keeps_quiet_until_edited_or_a_copy_is_tried() {
        let mut state = ReauthFormState::default();
        assert!(!state.speaks(Field::ClientId));
        assert_eq!(
            state.quiet_blockers(),
            Some(vec![Field::ClientId, Field::VehicleId, Field::RedirectUri])
        );
        state.edit_field(Field::ClientId, |value| {
            value.push('x');
            true
        });
        state.edit_field(Field::ClientId, |value| {
            value.clear();
            true
        });
        assert!(
            state.speaks(Field::ClientId),
            "emptied by hand: its error shows"
        );
        assert!(!state.speaks(Field::VehicleId));
        assert_eq!(state.quiet_blockers(), None);

        let mut fresh = ReauthFormState::default();
        fresh.try_link();
        assert!(
            ReauthForm::REQUIRED
                .iter()
                .all(|field| fresh.speaks(*field))
        );
        assert_eq!(fresh.quiet_blockers(), None);
    }

    #[test]
    fn a_profile_fills_client_id_default_uri_and_user() {
        let mut state = ReauthFormState::default();
        state.apply_profile(&profile());
        assert_eq!(state.form().client_id, profile().client_id);
        assert_eq!(state.form().redirect_uri, "https://b.example/cb");
        assert_eq!(state.form().user, "owner-7");
        assert_eq!(
            state.redirect_choice(),
            RedirectChoice::Registered("https://b.example/cb".into())
        );
    }

    #[test]
    fn the_profile_contract_and_the_response_type_shape_the_link() {
        let mut state = ReauthFormState::default();
        state.apply_profile(&Profile {
            contract: Contract::Current,
            default_redirect_uri: None,
            ..profile()
        });
        state.edit(|form| form.vehicle_id = "v_1".into());
        let link = state.link().expect("a profile and a vehicle make a link");
        assert!(link.contains("application_id=") && link.contains("external_id=owner-7"));
        assert!(
            state
                .checked()
                .findings
                .for_field(Field::RedirectUri)
                .count()
                > 0,
            "left out under vehicle_id: a warning"
        );
        let before = state.generation();
        state.set_response_type(ResponseType::None);
        assert_eq!(state.generation(), before + 1);
        assert!(
            state
                .link()
                .is_some_and(|link| link.contains("response_type=none"))
        );
        assert_eq!(
            state
                .checked()
                .findings
                .for_field(Field::RedirectUri)
                .count(),
            0,
            "left out under none: nothing to say"
        );
        state.clear_profile();
        assert_eq!(state.options().contract, Contract::Classic);
        assert!(state.link().is_some_and(|link| link.contains("client_id=")));
    }

    #[test]
    fn starting_afresh_keeps_only_the_profile_and_stays_quiet() {
        let mut state = ReauthFormState::default();
        state.apply_profile(&profile());
        state.edit(|form| {
            form.vehicle_id = "36ab27d0-fd9d-4455-823a-ce30af709ffc".into();
            form.state = "ticket-4711".into();
        });
        state.try_link();
        let before = state.generation();
        state.start_afresh(Some(&profile()));
        let mut expected = ReauthForm::default();
        profile().seed_form(&mut expected);
        assert_eq!(state.form(), &expected);
        assert_eq!(state.registered_uris(), profile().redirect_uris.as_slice());
        assert!(!state.speaks(Field::VehicleId), "a fresh form keeps quiet");
        assert!(state.generation() > before);

        state.start_afresh(None);
        assert_eq!(state.form(), &ReauthForm::default());
        assert!(state.registered_uris().is_empty());
    }

    #[test]
    fn a_profile_without_default_leaves_redirect_out() {
        let mut state = ReauthFormState::default();
        state.apply_profile(&Profile {
            default_redirect_uri: None,
            ..profile()
        });
        assert_eq!(state.redirect_choice(), RedirectChoice::LeaveOut);
        assert!(state.form().omit_redirect_uri);
    }

    #[test]
    fn other_stays_chosen_even_when_the_typed_uri_is_registered() {
        let mut state = ReauthFormState::default();
        state.apply_profile(&profile());
        state.choose_redirect(RedirectChoice::Other);
        assert_eq!(state.redirect_choice(), RedirectChoice::Other);
        state.choose_redirect(RedirectChoice::LeaveOut);
        assert_eq!(state.redirect_choice(), RedirectChoice::LeaveOut);
    }
}
