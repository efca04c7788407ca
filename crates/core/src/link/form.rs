//! The form exactly as the user typed it: no trimming, no parsing. This is what a profile
//! stores and what the window edits; `check` turns it into findings and a request.

use serde::{Deserialize, Serialize};

use super::field::Field;

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
    /// The fields a person types, in the documented parameter order (the response type
    /// is a choice of the profile, not typed).
    pub const FIELDS: [Field; 5] = [
        Field::ClientId,
        Field::VehicleId,
        Field::RedirectUri,
        Field::State,
        Field::User,
    ];

    /// The fields Connect cannot do without (redirect_uri unless the user opts out).
    pub const REQUIRED: [Field; 3] = [Field::ClientId, Field::VehicleId, Field::RedirectUri];

    /// The typed value of one of `FIELDS`; `None` for a field this kind has not.
    pub fn get(&self, field: Field) -> Option<&str> {
        match field {
            Field::ClientId => Some(&self.client_id),
            Field::VehicleId => Some(&self.vehicle_id),
            Field::RedirectUri => Some(&self.redirect_uri),
            Field::State => Some(&self.state),
            Field::User => Some(&self.user),
            _ => None,
        }
    }

    pub fn get_mut(&mut self, field: Field) -> Option<&mut String> {
        match field {
            Field::ClientId => Some(&mut self.client_id),
            Field::VehicleId => Some(&mut self.vehicle_id),
            Field::RedirectUri => Some(&mut self.redirect_uri),
            Field::State => Some(&mut self.state),
            Field::User => Some(&mut self.user),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::contract::Contract;
    use crate::link::kind::LinkKind;

    #[test]
    fn get_and_get_mut_address_the_same_field() {
        let mut form = ReauthForm::default();
        for field in ReauthForm::FIELDS {
            if let Some(value) = form.get_mut(field) {
                *value = field.key(Contract::Classic).to_owned();
            }
        }
        for field in ReauthForm::FIELDS {
            assert_eq!(form.get(field), Some(field.key(Contract::Classic)));
        }
    }

    #[test]
    fn the_typed_fields_are_the_kinds_fields_but_the_response_type() {
        let shown: Vec<Field> = LinkKind::Reauth
            .fields()
            .iter()
            .copied()
            .filter(|field| *field != Field::ResponseType)
            .collect();
        assert_eq!(shown, ReauthForm::FIELDS);
        let mut form = ReauthForm::default();
        assert_eq!(form.get(Field::ResponseType), None);
        assert_eq!(form.get_mut(Field::Scope), None);
    }
}
