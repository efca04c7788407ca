//! Reads any kind's link back into its fields, named the same whatever the contract:
//! `application_id` reads as `client_id`, `external_id` as `user`, `single_select_vin` as
//! `vin`, `flags=country:DE` as `country`. `parse` shows them; the round-trip property
//! tests hold every kind's link to giving back what built it.

use url::Url;

use super::contract::Contract;
use super::field::Field;
use super::kind::LinkKind;

const CONNECT_HOST: &str = "connect.smartcar.com";

/// A Connect link's kind, the contract its names belong to, and its fields in link order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadLink {
    pub kind: LinkKind,
    pub contract: Contract,
    pub fields: Vec<(Field, String)>,
}

impl ReadLink {
    /// The first value of a field, if the link has it.
    pub fn get(&self, field: Field) -> Option<&str> {
        self.fields
            .iter()
            .find(|(found, _)| *found == field)
            .map(|(_, value)| value.as_str())
    }

    /// The fields as JSON, named as under the classic contract.
    pub fn fields_json(&self) -> serde_json::Value {
        let mut object = serde_json::Map::new();
        for (field, value) in &self.fields {
            object
                .entry(field.key(Contract::Classic))
                .or_insert_with(|| serde_json::Value::String(value.clone()));
        }
        serde_json::Value::Object(object)
    }
}

/// Reads a Connect link of any kind; `None` for anything that is not one.
pub fn read_link(text: &str) -> Option<ReadLink> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let url = Url::parse(&compact).ok()?;
    if url.host_str() != Some(CONNECT_HOST) {
        return None;
    }
    let is_authorize = match url.path() {
        "/oauth/authorize" => true,
        "/oauth/reauthenticate" => false,
        _ => return None,
    };
    let mut contract = Contract::Classic;
    let mut fields = Vec::new();
    for (name, value) in url.query_pairs() {
        let value = value.into_owned();
        let field = match name.as_ref() {
            "response_type" => Field::ResponseType,
            "client_id" => Field::ClientId,
            "application_id" => {
                contract = Contract::Current;
                Field::ClientId
            }
            "vehicle_id" => Field::VehicleId,
            "redirect_uri" => Field::RedirectUri,
            "state" => Field::State,
            "user" => Field::User,
            "external_id" => {
                contract = Contract::Current;
                Field::User
            }
            "scope" => Field::Scope,
            "mode" => Field::Mode,
            "make" => Field::Make,
            "single_select_vin" => Field::Vin,
            "single_select" => Field::SingleSelect,
            "approval_prompt" if value == "force" => Field::ForcePrompt,
            "flags" => {
                if let Some(country) = country_flag(&value) {
                    fields.push((Field::Country, country.to_owned()));
                }
                continue;
            }
            _ => continue,
        };
        fields.push((field, value));
    }
    let kind = if is_authorize {
        LinkKind::Connect
    } else if fields.iter().any(|(field, _)| *field == Field::Make)
        && !fields.iter().any(|(field, _)| *field == Field::VehicleId)
    {
        LinkKind::TeslaPermissions
    } else {
        LinkKind::Reauth
    };
    Some(ReadLink {
        kind,
        contract,
        fields,
    })
}

/// `country:DE` among the space-separated `name:value` flags.
fn country_flag(flags: &str) -> Option<&str> {
    flags
        .split(' ')
        .find_map(|flag| flag.strip_prefix("country:"))
}
