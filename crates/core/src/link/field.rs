//! The fields of every kind's form, one enum for all three kinds: findings name them, the
//! window labels them, the command line and JSON print their keys, and triage fills them.

use serde::{Deserialize, Serialize};

use super::contract::Contract;

/// A field of any kind's form, in the order the links carry them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    ResponseType,
    ClientId,
    VehicleId,
    ForcePrompt,
    Mode,
    RedirectUri,
    Scope,
    State,
    Make,
    Vin,
    SingleSelect,
    Country,
    User,
}

impl Field {
    /// The name in `error: <field>: …` lines and in JSON: the URL parameter's name under
    /// the contract, or the option's name where the link spells it otherwise (`vin`,
    /// `country`, `force_prompt`).
    pub fn key(self, contract: Contract) -> &'static str {
        match self {
            Field::ResponseType => "response_type",
            Field::ClientId => contract.client_id_param(),
            Field::VehicleId => "vehicle_id",
            Field::ForcePrompt => "force_prompt",
            Field::Mode => "mode",
            Field::RedirectUri => "redirect_uri",
            Field::Scope => "scope",
            Field::State => "state",
            Field::Make => "make",
            Field::Vin => "vin",
            Field::SingleSelect => "single_select",
            Field::Country => "country",
            Field::User => contract.user_param(),
        }
    }

    /// The label a person sees in the window.
    pub fn label(self, contract: Contract) -> &'static str {
        match self {
            Field::ResponseType => "Response type",
            Field::ClientId => contract.client_id_label(),
            Field::VehicleId => "Vehicle ID",
            Field::ForcePrompt => "Always show the approval screen",
            Field::Mode => "Mode",
            Field::RedirectUri => "Redirect URI",
            Field::Scope => "Permissions",
            Field::State => "State",
            Field::Make => "Make",
            Field::Vin => "VIN",
            Field::SingleSelect => "One vehicle only",
            Field::Country => "Country",
            Field::User => contract.user_label(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_application_and_owner_fields_are_named_after_the_contract() {
        let table = [
            (Contract::Classic, Field::ClientId, "client_id", "Client ID"),
            (Contract::Classic, Field::User, "user", "User"),
            (
                Contract::Current,
                Field::ClientId,
                "application_id",
                "Application ID",
            ),
            (Contract::Current, Field::User, "external_id", "External ID"),
            (
                Contract::Current,
                Field::VehicleId,
                "vehicle_id",
                "Vehicle ID",
            ),
            (Contract::Current, Field::State, "state", "State"),
        ];
        for (contract, field, key, label) in table {
            assert_eq!(field.key(contract), key);
            assert_eq!(field.label(contract), label);
        }
    }

    #[test]
    fn a_field_is_stored_by_its_snake_case_name() {
        let text = serde_json::to_string(&Field::SingleSelect).expect("a field serializes");
        assert_eq!(text, "\"single_select\"");
        let back: Field = serde_json::from_str("\"redirect_uri\"").expect("and reads back");
        assert_eq!(back, Field::RedirectUri);
    }
}
