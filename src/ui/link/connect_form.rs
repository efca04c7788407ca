//! The new-connection form as the window's `KindForm`, and its text fields by `Field`.

use crate::link::scopes::split_scopes;
use crate::link::{Checked, ConnectForm, Contract, Field, LinkKind, check_connect};
use crate::profiles::Profile;
use crate::ui::link::kind_form::KindForm;
use crate::ui::link::shown_form::ShownLinkValues;

impl KindForm for ConnectForm {
    const KIND: LinkKind = LinkKind::Connect;

    fn check(&self, registered: &[String]) -> Checked {
        check_connect(self, registered)
    }

    fn contract(&self) -> Contract {
        self.contract
    }

    fn set_contract(&mut self, contract: Contract) {
        self.contract = contract;
    }

    fn seed(&mut self, profile: &Profile) {
        profile.seed_connect_form(self);
    }

    fn holds_value(&self, field: Field) -> bool {
        match field {
            Field::Scope => !split_scopes(&self.scopes).is_empty(),
            Field::ForcePrompt => self.force_prompt,
            Field::SingleSelect => self.single_select,
            Field::RedirectUri if self.omit_redirect_uri => true,
            text => connect_text(self, text).is_some_and(|value| !value.trim().is_empty()),
        }
    }

    fn fill(&mut self, field: Field, value: String) {
        if field == Field::Scope {
            self.scopes = vec![value];
        } else if let Some(slot) = connect_text_mut(self, field) {
            *slot = value;
        }
    }

    fn scopes(&self) -> &[String] {
        &self.scopes
    }

    fn scopes_mut(&mut self) -> &mut Vec<String> {
        &mut self.scopes
    }

    /// A new connection has no vehicle id yet.
    fn values(&self) -> ShownLinkValues<'_> {
        ShownLinkValues {
            vehicle_id: "",
            state: &self.state,
            owner_id: &self.user,
        }
    }

    fn state_mut(&mut self) -> Option<&mut String> {
        Some(&mut self.state)
    }
}

/// A new-connection field typed as text (the choices are text too), `None` for a tick.
pub fn connect_text(form: &ConnectForm, field: Field) -> Option<&str> {
    let value = match field {
        Field::ResponseType => &form.response_type,
        Field::ClientId => &form.client_id,
        Field::Mode => &form.mode,
        Field::RedirectUri => &form.redirect_uri,
        Field::State => &form.state,
        Field::Make => &form.make,
        Field::Vin => &form.vin,
        Field::Country => &form.country,
        Field::User => &form.user,
        Field::VehicleId | Field::ForcePrompt | Field::Scope | Field::SingleSelect => return None,
    };
    Some(value)
}

/// The same, to change it.
pub fn connect_text_mut(form: &mut ConnectForm, field: Field) -> Option<&mut String> {
    let value = match field {
        Field::ResponseType => &mut form.response_type,
        Field::ClientId => &mut form.client_id,
        Field::Mode => &mut form.mode,
        Field::RedirectUri => &mut form.redirect_uri,
        Field::State => &mut form.state,
        Field::Make => &mut form.make,
        Field::Vin => &mut form.vin,
        Field::Country => &mut form.country,
        Field::User => &mut form.user,
        Field::VehicleId | Field::ForcePrompt | Field::Scope | Field::SingleSelect => return None,
    };
    Some(value)
}
