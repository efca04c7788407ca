//! What the Link tab asks of the form of whichever kind is shown: its link, whether a copy
//! was tried, which fields block it while still quiet, the values the history keeps, and
//! a profile to fill it from. Each kind's form answers once, here; the app picks the shown
//! form in one place (`LinkForms::shown`) and never forks on the kind to ask.

use crate::link::triage::Filled;
use crate::link::{Checked, Field};
use crate::profiles::Profile;
use crate::ui::link::reauth_form::ReauthFormState;

/// The shown link's vehicle, state and owner id, as typed.
#[derive(Clone, Copy, Debug, Default)]
pub struct ShownLinkValues<'a> {
    pub vehicle_id: &'a str,
    pub state: &'a str,
    pub owner_id: &'a str,
}

pub trait ShownForm {
    /// The core's verdict: the findings and, when nothing blocks, the link.
    fn checked(&self) -> &Checked;
    /// The link, or `None` while an error blocks it.
    fn link(&self) -> Option<&str>;
    /// A copy or open was tried: every field says what is wrong with it.
    fn try_link(&mut self);
    /// Grows whenever the link may have changed.
    fn generation(&self) -> u64;
    /// Whether a field shows its findings as they are.
    fn speaks(&self, field: Field) -> bool;
    /// The fields that block the link while every one of them is still quiet.
    fn quiet_blockers(&self) -> Option<Vec<Field>>;
    /// What the history keeps beside the link.
    fn values(&self) -> ShownLinkValues<'_>;
    /// Puts a freshly generated state in the State field; `false` when the kind's link
    /// has no state (the Tesla link).
    fn take_generated_state(&mut self, state: String) -> bool;
    /// Starts the form from what a paste gave it (values of this kind's fields); the
    /// form keeps what the paste lacks.
    fn fill(&mut self, values: &[Filled]);
    /// Fills the form from a profile; its URIs become the registered ones.
    fn apply_profile(&mut self, profile: &Profile);
    /// Back to free text: the values stay, nothing counts as registered.
    fn clear_profile(&mut self);
}

impl ShownForm for ReauthFormState {
    fn checked(&self) -> &Checked {
        ReauthFormState::checked(self)
    }

    fn link(&self) -> Option<&str> {
        ReauthFormState::link(self)
    }

    fn try_link(&mut self) {
        ReauthFormState::try_link(self);
    }

    fn generation(&self) -> u64 {
        ReauthFormState::generation(self)
    }

    fn speaks(&self, field: Field) -> bool {
        ReauthFormState::speaks(self, field)
    }

    fn quiet_blockers(&self) -> Option<Vec<Field>> {
        ReauthFormState::quiet_blockers(self)
    }

    fn values(&self) -> ShownLinkValues<'_> {
        let form = self.form();
        ShownLinkValues {
            vehicle_id: &form.vehicle_id,
            state: &form.state,
            owner_id: &form.user,
        }
    }

    fn take_generated_state(&mut self, state: String) -> bool {
        self.set_generated_state(state);
        true
    }

    /// A re-authentication form is filled by the paste itself (`Pasted::fill`), which
    /// knows which of its fields came from where.
    fn fill(&mut self, _values: &[Filled]) {}

    fn apply_profile(&mut self, profile: &Profile) {
        ReauthFormState::apply_profile(self, profile);
    }

    fn clear_profile(&mut self) {
        ReauthFormState::clear_profile(self);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::{ConnectForm, Contract, ReauthForm};
    use crate::ui::link::kind_form::KindFormState;

    const CLIENT: &str = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";

    fn fleet() -> Profile {
        Profile {
            name: "Fleet".into(),
            client_id: CLIENT.into(),
            redirect_uris: vec!["https://a.example/cb".into()],
            default_redirect_uri: Some("https://a.example/cb".into()),
            contract: Contract::Current,
            ..Profile::default()
        }
    }

    #[test]
    fn a_profile_reaches_the_link_of_every_kind_through_the_one_interface() {
        let mut reauth = ReauthFormState::new(ReauthForm::default());
        let mut connect = KindFormState::<ConnectForm>::default();
        let mut forms: [&mut dyn ShownForm; 2] = [&mut reauth, &mut connect];
        for form in &mut forms {
            assert!(form.link().is_none(), "nothing typed yet");
            form.apply_profile(&fleet());
        }
        assert!(
            reauth.link().is_none(),
            "a re-authentication link still needs its vehicle"
        );
        assert_eq!(
            ShownForm::quiet_blockers(&reauth),
            Some(vec![Field::VehicleId]),
            "the vehicle blocks it, still quiet, named as a field of any kind"
        );
        let link = ShownForm::link(&connect).expect("a new connection needs only the app");
        assert!(link.contains(&format!("application_id={CLIENT}")), "{link}");
        let mut cleared: [&mut dyn ShownForm; 2] = [&mut reauth, &mut connect];
        for form in &mut cleared {
            form.clear_profile();
        }
        let link = ShownForm::link(&connect).expect("the values stay");
        assert!(
            link.contains(&format!("client_id={CLIENT}")),
            "classic names again: {link}"
        );
    }

    #[test]
    fn a_tried_copy_makes_every_field_of_the_shown_form_speak() {
        let mut reauth = ReauthFormState::new(ReauthForm::default());
        assert!(!ShownForm::speaks(&reauth, Field::VehicleId));
        assert!(
            !ShownForm::speaks(&reauth, Field::Vin),
            "no such field here"
        );
        ShownForm::try_link(&mut reauth);
        assert!(ShownForm::speaks(&reauth, Field::VehicleId));
        assert_eq!(ShownForm::quiet_blockers(&reauth), None);
    }
}
