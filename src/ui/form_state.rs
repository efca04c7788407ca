//! The form being edited and the core's verdict on it. `check` runs only when something
//! changed, never once per frame.

use crate::link::{Checked, Field, ReauthForm, check};
use crate::profiles::Profile;

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

pub struct FormState {
    form: ReauthForm,
    /// The profile the form was last filled from: its registered URIs feed the "not
    /// registered" warning.
    applied_profile: Option<Profile>,
    /// The person picked "Other…" and types the URI by hand.
    typing_other_uri: bool,
    checked: Checked,
    /// The link built from `checked`, kept so painting a frame builds nothing.
    link: Option<String>,
    /// Counts re-checks, so copy and open results can tell they describe an older link.
    generation: u64,
}

impl Default for FormState {
    fn default() -> Self {
        Self::new(ReauthForm::default())
    }
}

impl FormState {
    pub fn new(form: ReauthForm) -> Self {
        let mut state = Self {
            form,
            applied_profile: None,
            typing_other_uri: false,
            checked: check(&ReauthForm::default(), &[]),
            link: None,
            generation: 0,
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

    pub fn registered_uris(&self) -> &[String] {
        self.applied_profile
            .as_ref()
            .map_or(&[], |profile| profile.redirect_uris.as_slice())
    }

    /// The link as the core builds it, or `None` while an error blocks it.
    pub fn link(&self) -> Option<&str> {
        self.link.as_deref()
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
            self.recheck();
        }
        changed
    }

    /// Edits one text field in place (what a TextEdit needs) and re-checks if it changed.
    pub fn edit_field(&mut self, field: Field, edit: impl FnOnce(&mut String) -> bool) -> bool {
        let changed = edit(self.form.get_mut(field));
        if changed {
            self.recheck();
        }
        changed
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
        self.typing_other_uri = false;
        profile.seed_form(&mut self.form);
        self.recheck();
    }

    /// Back to free text: the values stay, nothing counts as registered any more.
    pub fn clear_profile(&mut self) {
        self.applied_profile = None;
        self.typing_other_uri = false;
        self.recheck();
    }

    /// True when `profile` is not what the form was last filled from (it was edited since).
    pub fn profile_differs(&self, profile: &Profile) -> bool {
        self.applied_profile.as_ref() != Some(profile)
    }

    fn recheck(&mut self) {
        self.checked = check(&self.form, self.registered_uris());
        self.link = self.checked.request.as_ref().map(|r| r.url_string());
        self.generation += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let mut state = FormState::default();
        assert!(!state.edit(|_| {}));
        assert!(state.edit(|form| form.vehicle_id = "x".into()));
        assert!(
            state
                .checked()
                .findings
                .for_field(Field::VehicleId)
                .all(|f| f.severity() != crate::link::Severity::Error)
        );
    }

    #[test]
    fn a_profile_fills_client_id_default_uri_and_user() {
        let mut state = FormState::default();
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
    fn a_profile_without_default_leaves_redirect_out() {
        let mut state = FormState::default();
        state.apply_profile(&Profile {
            default_redirect_uri: None,
            ..profile()
        });
        assert_eq!(state.redirect_choice(), RedirectChoice::LeaveOut);
        assert!(state.form().omit_redirect_uri);
    }

    #[test]
    fn other_stays_chosen_even_when_the_typed_uri_is_registered() {
        let mut state = FormState::default();
        state.apply_profile(&profile());
        state.choose_redirect(RedirectChoice::Other);
        assert_eq!(state.redirect_choice(), RedirectChoice::Other);
        state.choose_redirect(RedirectChoice::LeaveOut);
        assert_eq!(state.redirect_choice(), RedirectChoice::LeaveOut);
    }
}
