//! The two generations of Connect's parameter names. The seed page (`classic`) names the
//! application `client_id` and the owner `user`; today's docs (`current`) say
//! `application_id` and `external_id`. The values and their rules are the same: only the
//! names in the link, in messages and on the window's labels follow the contract.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Contract {
    /// `client_id` and `user`, as on the seed page.
    #[default]
    Classic,
    /// `application_id` and `external_id`, as in Smartcar's newest docs.
    Current,
}

impl Contract {
    pub const ALL: [Contract; 2] = [Contract::Classic, Contract::Current];

    /// The contract's name in profiles, flags and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Contract::Classic => "classic",
            Contract::Current => "current",
        }
    }

    /// Reads `classic` or `current`; the error says what is accepted.
    pub fn parse(text: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|contract| contract.name() == text.trim())
            .ok_or_else(|| {
                format!(
                    "`{}` is not a contract: use `classic` (client_id, user: the seed page) or `current` (application_id, external_id: today's docs)",
                    text.trim()
                )
            })
    }

    /// The URL parameter that carries the application's id.
    pub fn client_id_param(self) -> &'static str {
        match self {
            Contract::Classic => "client_id",
            Contract::Current => "application_id",
        }
    }

    /// The URL parameter that carries the integrator's id for the owner.
    pub fn user_param(self) -> &'static str {
        match self {
            Contract::Classic => "user",
            Contract::Current => "external_id",
        }
    }

    /// The window's label of the application's id.
    pub fn client_id_label(self) -> &'static str {
        match self {
            Contract::Classic => "Client ID",
            Contract::Current => "Application ID",
        }
    }

    /// The window's label of the integrator's id for the owner.
    pub fn user_label(self) -> &'static str {
        match self {
            Contract::Classic => "User",
            Contract::Current => "External ID",
        }
    }
}

/// What Connect sends back to the redirect URI after re-authentication.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseType {
    /// The documented default: the vehicle's id comes back to `redirect_uri`.
    #[default]
    VehicleId,
    /// Nothing comes back: the flow ends on Smartcar's own page, so the redirect URI may
    /// be left out (a support desk whose customer is not inside the integrator's app).
    None,
}

impl ResponseType {
    pub const ALL: [ResponseType; 2] = [ResponseType::VehicleId, ResponseType::None];

    pub fn name(self) -> &'static str {
        match self {
            ResponseType::VehicleId => "vehicle_id",
            ResponseType::None => "none",
        }
    }

    /// Reads `vehicle_id` or `none`; the error says what is accepted.
    pub fn parse(text: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.name() == text.trim())
            .ok_or_else(|| {
                format!(
                    "`{}` is not accepted for a re-authentication link: use `vehicle_id` (Connect returns the vehicle to redirect_uri) or `none` (the flow ends on Smartcar's page)",
                    text.trim()
                )
            })
    }
}

/// How a re-authentication link is written: the parameter names and its response type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ReauthOptions {
    pub contract: Contract,
    pub response_type: ResponseType,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsing_accepts_the_names_and_explains_the_rest() {
        for contract in Contract::ALL {
            assert_eq!(Contract::parse(contract.name()), Ok(contract));
        }
        for kind in ResponseType::ALL {
            assert_eq!(ResponseType::parse(kind.name()), Ok(kind));
        }
        let contract = Contract::parse("new").unwrap_err();
        assert!(
            contract.contains("`new`") && contract.contains("`current`"),
            "{contract}"
        );
        let response = ResponseType::parse("code").unwrap_err();
        assert!(
            response.contains("`code`") && response.contains("`none`"),
            "{response}"
        );
    }
}
