//! The form of every kind of link and which one is shown. Each kind keeps what was typed
//! into it while another is shown; the app asks the shown one through `ShownForm` and
//! never forks on the kind to do so.

use crate::link::triage::Filled;
use crate::link::{ConnectForm, Contract, LinkKind, ReauthForm, TeslaPermissionsForm};
use crate::profiles::Profile;
use crate::ui::link::kind_form::KindFormState;
use crate::ui::link::reauth_form::ReauthFormState;
use crate::ui::link::shown_form::ShownForm;

pub struct LinkForms {
    kind: LinkKind,
    /// Grows whenever another kind is shown, so a "Copied" for one kind's link never shows
    /// for another's.
    kind_changes: u64,
    pub reauth: ReauthFormState,
    pub tesla: KindFormState<TeslaPermissionsForm>,
    pub connect: KindFormState<ConnectForm>,
    /// What the scope picker's search box holds (one box for both kinds that have it).
    pub scope_search: String,
}

impl LinkForms {
    /// Shows `kind`; the re-authentication form starts from `reauth`.
    pub fn new(reauth: ReauthForm, kind: LinkKind) -> Self {
        Self {
            kind,
            kind_changes: 0,
            reauth: ReauthFormState::new(reauth),
            tesla: KindFormState::default(),
            connect: KindFormState::default(),
            scope_search: String::new(),
        }
    }

    pub fn kind(&self) -> LinkKind {
        self.kind
    }

    /// Shows another kind; its form keeps what was typed into it before.
    pub fn choose(&mut self, kind: LinkKind) {
        if kind != self.kind {
            self.kind = kind;
            self.kind_changes += 1;
        }
    }

    /// The form of the kind shown: the one place a form is picked by its kind.
    pub fn shown(&self) -> &dyn ShownForm {
        match self.kind {
            LinkKind::Reauth => &self.reauth,
            LinkKind::TeslaPermissions => &self.tesla,
            LinkKind::Connect => &self.connect,
        }
    }

    pub fn shown_mut(&mut self) -> &mut dyn ShownForm {
        match self.kind {
            LinkKind::Reauth => &mut self.reauth,
            LinkKind::TeslaPermissions => &mut self.tesla,
            LinkKind::Connect => &mut self.connect,
        }
    }

    fn all_mut(&mut self) -> [&mut dyn ShownForm; 3] {
        [&mut self.reauth, &mut self.tesla, &mut self.connect]
    }

    /// Changes whenever the shown link may have: every counter only grows, so their sum
    /// changes when any does.
    pub fn generation(&self) -> u64 {
        let forms: [&dyn ShownForm; 3] = [&self.reauth, &self.tesla, &self.connect];
        self.kind_changes + forms.iter().map(|form| form.generation()).sum::<u64>()
    }

    /// The names the links use: the chosen profile's contract, `classic` without one.
    pub fn contract(&self) -> Contract {
        self.reauth.options().contract
    }

    /// Every kind's link uses `contract`'s names from now on (for this window only).
    pub fn set_contract(&mut self, contract: Contract) {
        self.reauth.set_contract(contract);
        self.tesla.set_contract(contract);
        self.connect.set_contract(contract);
    }

    /// Fills every kind's form from the chosen profile, or turns them back to free text.
    pub fn apply_profile(&mut self, profile: Option<&Profile>) {
        for form in self.all_mut() {
            match profile {
                Some(profile) => form.apply_profile(profile),
                None => form.clear_profile(),
            }
        }
    }

    /// Starts the shown kind's form from what a paste gave it; a re-authentication form
    /// is filled by the paste itself.
    pub fn fill_shown(&mut self, values: &[Filled]) {
        self.shown_mut().fill(values);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::Field;
    use crate::link::triage::FilledTarget;

    const CLIENT: &str = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";

    fn profile(contract: Contract) -> Profile {
        Profile {
            name: "Fleet".into(),
            client_id: CLIENT.into(),
            redirect_uris: vec!["https://a.example/cb".into()],
            default_redirect_uri: Some("https://a.example/cb".into()),
            user: Some("owner-7".into()),
            contract,
            ..Profile::default()
        }
    }

    fn filled(field: Field, value: &str) -> Filled {
        Filled {
            target: FilledTarget::Field(field),
            value: value.to_owned(),
        }
    }

    #[test]
    fn a_profile_fills_every_kind_under_its_contract_and_leaving_it_keeps_the_values() {
        let mut forms = LinkForms::new(ReauthForm::default(), LinkKind::Connect);
        forms.apply_profile(Some(&profile(Contract::Current)));
        assert_eq!(forms.contract(), Contract::Current);
        assert_eq!(forms.tesla.form().client_id, CLIENT);
        assert_eq!(forms.tesla.contract(), Contract::Current);
        assert_eq!(forms.connect.form().redirect_uri, "https://a.example/cb");
        assert_eq!(forms.connect.form().user, "owner-7");
        assert_eq!(forms.connect.registered_uris(), ["https://a.example/cb"]);
        assert_eq!(forms.reauth.form().client_id, CLIENT);
        let link = forms
            .shown()
            .link()
            .expect("a profile alone makes a new-connection link");
        assert!(link.contains("application_id=") && link.contains("external_id=owner-7"));

        forms.apply_profile(None);
        assert_eq!(forms.contract(), Contract::Classic);
        assert_eq!(forms.connect.contract(), Contract::Classic);
        assert_eq!(forms.connect.form().client_id, CLIENT, "the values stay");
        assert!(forms.connect.registered_uris().is_empty());
    }

    #[test]
    fn the_generation_grows_with_a_change_of_kind_and_with_any_form() {
        let mut forms = LinkForms::new(ReauthForm::default(), LinkKind::TeslaPermissions);
        let fresh = forms.generation();
        forms.choose(LinkKind::TeslaPermissions);
        assert_eq!(forms.generation(), fresh, "the same kind again");
        forms.choose(LinkKind::Connect);
        assert_eq!(forms.generation(), fresh + 1);
        forms
            .tesla
            .edit(Field::ClientId, |form| form.client_id = "x".into());
        assert_eq!(forms.generation(), fresh + 2, "a form not shown counts too");
    }

    #[test]
    fn the_contract_picked_reaches_every_kind() {
        let mut forms = LinkForms::new(ReauthForm::default(), LinkKind::Reauth);
        forms.set_contract(Contract::Current);
        assert_eq!(forms.reauth.options().contract, Contract::Current);
        assert_eq!(forms.tesla.contract(), Contract::Current);
        assert_eq!(forms.connect.contract(), Contract::Current);
    }

    #[test]
    fn a_paste_s_values_start_the_shown_kind_s_form_and_the_rest_stays() {
        let mut forms = LinkForms::new(ReauthForm::default(), LinkKind::Connect);
        forms.apply_profile(Some(&profile(Contract::Classic)));
        forms.fill_shown(&[
            filled(Field::Make, "TESLA"),
            filled(Field::Scope, "read_vin required:read_odometer"),
            filled(Field::State, "ticket-4711"),
            filled(Field::VehicleId, "not a field of this kind"),
        ]);
        let form = forms.connect.form();
        assert_eq!(form.make, "TESLA");
        assert_eq!(form.state, "ticket-4711");
        assert_eq!(
            form.client_id, CLIENT,
            "the profile's, which the paste lacked"
        );
        assert_eq!(
            forms.connect.chosen_scopes(),
            ["read_vin", "required:read_odometer"]
        );
        assert!(
            forms
                .shown()
                .link()
                .is_some_and(|link| link.contains("make=TESLA"))
        );
        assert!(
            forms.tesla.form().scopes.is_empty(),
            "the other kind's list"
        );

        forms.choose(LinkKind::TeslaPermissions);
        forms.fill_shown(&[
            filled(Field::ClientId, "app"),
            filled(Field::Scope, "read_vin"),
        ]);
        assert_eq!(forms.tesla.form().client_id, "app");
        assert_eq!(forms.tesla.form().scopes, ["read_vin"]);
        assert_eq!(
            forms.connect.form().make,
            "TESLA",
            "the connect form keeps its own"
        );
    }
}
