//! The form exactly as the user typed it: no trimming, no parsing. This is what a profile
//! stores and what the window edits; `check` turns it into findings and a request.

use serde::{Deserialize, Serialize};

/// One field of the form, named after its URL parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    ClientId,
    VehicleId,
    RedirectUri,
    State,
    User,
}

impl Field {
    /// In the documented parameter order.
    pub const ALL: [Field; 5] = [
        Field::ClientId,
        Field::VehicleId,
        Field::RedirectUri,
        Field::State,
        Field::User,
    ];

    /// The fields Connect cannot do without (redirect_uri unless the user opts out).
    pub const REQUIRED: [Field; 3] = [Field::ClientId, Field::VehicleId, Field::RedirectUri];

    /// The URL parameter's name, also the field's name in CLI messages and JSON.
    pub fn param_name(self) -> &'static str {
        match self {
            Field::ClientId => "client_id",
            Field::VehicleId => "vehicle_id",
            Field::RedirectUri => "redirect_uri",
            Field::State => "state",
            Field::User => "user",
        }
    }

    /// The label a person sees in the window.
    pub fn label(self) -> &'static str {
        match self {
            Field::ClientId => "Client ID",
            Field::VehicleId => "Vehicle ID",
            Field::RedirectUri => "Redirect URI",
            Field::State => "State",
            Field::User => "User",
        }
    }
}

/// The raw strings of a re-authentication link, as typed or pasted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReauthForm {
    pub client_id: String,
    pub vehicle_id: String,
    pub redirect_uri: String,
    /// The user chose to leave redirect_uri out, so Connect uses the dashboard default.
    pub omit_redirect_uri: bool,
    pub state: String,
    pub user: String,
}

impl ReauthForm {
    pub fn get(&self, field: Field) -> &str {
        match field {
            Field::ClientId => &self.client_id,
            Field::VehicleId => &self.vehicle_id,
            Field::RedirectUri => &self.redirect_uri,
            Field::State => &self.state,
            Field::User => &self.user,
        }
    }

    pub fn get_mut(&mut self, field: Field) -> &mut String {
        match field {
            Field::ClientId => &mut self.client_id,
            Field::VehicleId => &mut self.vehicle_id,
            Field::RedirectUri => &mut self.redirect_uri,
            Field::State => &mut self.state,
            Field::User => &mut self.user,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_and_get_mut_address_the_same_field() {
        let mut form = ReauthForm::default();
        for field in Field::ALL {
            *form.get_mut(field) = field.param_name().to_owned();
        }
        for field in Field::ALL {
            assert_eq!(form.get(field), field.param_name());
        }
    }

    #[test]
    fn param_names_follow_the_documented_order() {
        let names: Vec<_> = Field::ALL.iter().map(|f| f.param_name()).collect();
        assert_eq!(
            names,
            ["client_id", "vehicle_id", "redirect_uri", "state", "user"]
        );
    }
}
