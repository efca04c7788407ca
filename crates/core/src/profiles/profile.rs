//! A profile: one client app's settings, so nobody retypes a UUID on the phone.

use serde::{Deserialize, Serialize};

use crate::deliver::MessageTemplates;
use crate::link::{ConnectForm, Contract, ReauthForm, TeslaPermissionsForm};

/// One client app (fleet customer) as registered in the Smartcar Dashboard.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Profile {
    /// Unique among profiles; what people pick and what `--profile` names.
    pub name: String,
    /// The Application ID, as typed.
    pub client_id: String,
    /// The client id of the dashboard's API credentials (`client_…`), which the v3
    /// connections endpoint signs in with; not the Application ID. Its secret lives in
    /// the credential store only.
    pub api_client_id: Option<String>,
    /// The redirect URIs registered in the dashboard, each exactly as registered.
    pub redirect_uris: Vec<String>,
    /// The one of `redirect_uris` used unless the person picks another; `None` leaves
    /// redirect_uri out of the link so Connect uses the dashboard's own default.
    pub default_redirect_uri: Option<String>,
    /// Pre-fills the form's `user` field; `None` leaves it empty.
    pub user: Option<String>,
    /// Free text for the support team.
    pub note: String,
    /// The parameter names the app's links use (`classic` for files written before
    /// contracts existed).
    pub contract: Contract,
    /// The customer message's own templates; each one left out is the default. Boxed: a
    /// profile travels by value in the window's commands, and three more strings inline
    /// would make every one of them three times the size of the others.
    #[serde(flatten)]
    pub messages: Box<MessageTemplates>,
}

impl Profile {
    /// Fills what a profile decides in a link form: client_id, the default redirect URI
    /// (none leaves redirect_uri out, so Connect uses the dashboard's default) and the user.
    /// The vehicle and the state stay as they are.
    pub fn seed_form(&self, form: &mut ReauthForm) {
        form.client_id.clone_from(&self.client_id);
        match &self.default_redirect_uri {
            Some(uri) => {
                form.redirect_uri.clone_from(uri);
                form.omit_redirect_uri = false;
            }
            None => {
                form.redirect_uri.clear();
                form.omit_redirect_uri = true;
            }
        }
        form.user = self.user.clone().unwrap_or_default();
    }

    /// The same for a new-connection form, with the profile's contract: the one home of
    /// what a profile decides in a link, for every kind.
    pub fn seed_connect_form(&self, form: &mut ConnectForm) {
        let mut seeded = ReauthForm::default();
        self.seed_form(&mut seeded);
        form.contract = self.contract;
        form.client_id = seeded.client_id;
        form.redirect_uri = seeded.redirect_uri;
        form.omit_redirect_uri = seeded.omit_redirect_uri;
        form.user = seeded.user;
    }

    /// The same for a Tesla permissions form: its contract and application id.
    pub fn seed_tesla_form(&self, form: &mut TeslaPermissionsForm) {
        form.contract = self.contract;
        form.client_id.clone_from(&self.client_id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(default: Option<&str>, user: Option<&str>) -> Profile {
        Profile {
            name: "Fleet".into(),
            client_id: "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07".into(),
            redirect_uris: vec!["https://a.example/cb".into(), "https://b.example/cb".into()],
            default_redirect_uri: default.map(str::to_owned),
            user: user.map(str::to_owned),
            note: "n".into(),
            contract: Contract::Classic,
            ..Profile::default()
        }
    }

    #[test]
    fn every_kind_of_form_takes_the_same_app_from_a_profile() {
        let mut fleet = profile(Some("https://b.example/cb"), Some("desk"));
        fleet.contract = Contract::Current;
        let mut reauth = ReauthForm::default();
        fleet.seed_form(&mut reauth);
        let mut connect = ConnectForm {
            state: "kept-state".into(),
            make: "TESLA".into(),
            ..ConnectForm::default()
        };
        fleet.seed_connect_form(&mut connect);
        assert_eq!(connect.contract, Contract::Current);
        assert_eq!(connect.client_id, reauth.client_id);
        assert_eq!(connect.redirect_uri, reauth.redirect_uri);
        assert_eq!(connect.omit_redirect_uri, reauth.omit_redirect_uri);
        assert_eq!(connect.user, reauth.user);
        assert_eq!(
            (connect.state.as_str(), connect.make.as_str()),
            ("kept-state", "TESLA")
        );
        let mut tesla = TeslaPermissionsForm {
            scopes: vec!["read_odometer".into()],
            ..TeslaPermissionsForm::default()
        };
        fleet.seed_tesla_form(&mut tesla);
        assert_eq!(tesla.contract, Contract::Current);
        assert_eq!(tesla.client_id, reauth.client_id);
        assert_eq!(tesla.scopes, ["read_odometer"]);
        let mut without_default = ConnectForm::default();
        profile(None, None).seed_connect_form(&mut without_default);
        assert!(without_default.omit_redirect_uri && without_default.redirect_uri.is_empty());
    }

    #[test]
    fn seeding_sets_client_redirect_and_user_and_keeps_vehicle_and_state() {
        let mut form = ReauthForm {
            vehicle_id: "v_1".into(),
            state: "kept-state".into(),
            user: "old".into(),
            omit_redirect_uri: true,
            ..ReauthForm::default()
        };
        profile(Some("https://b.example/cb"), Some("desk")).seed_form(&mut form);
        assert_eq!(
            form,
            ReauthForm {
                client_id: "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07".into(),
                vehicle_id: "v_1".into(),
                redirect_uri: "https://b.example/cb".into(),
                omit_redirect_uri: false,
                state: "kept-state".into(),
                user: "desk".into(),
            }
        );
    }

    #[test]
    fn a_profile_without_default_leaves_redirect_uri_out_and_clears_user() {
        let mut form = ReauthForm {
            redirect_uri: "https://typed.example".into(),
            user: "old".into(),
            ..ReauthForm::default()
        };
        profile(None, None).seed_form(&mut form);
        assert!(form.omit_redirect_uri);
        assert_eq!(form.redirect_uri, "");
        assert_eq!(form.user, "");
    }
}
