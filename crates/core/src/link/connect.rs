//! The new-connection link (`/oauth/authorize`): the owner connects a vehicle anew. Under
//! the classic contract its pairs, in order, are those of Smartcar's Python SDK
//! (`AuthClient.get_auth_url`) for the same options; crates/core/tests/core/connect_sdk.rs holds it to that.

use super::check::{check_app_with_options, check_state, check_user};
use super::checked::{BuiltLink, Checked};
use super::contract::{Contract, ReauthOptions, ResponseType};
use super::field::Field;
use super::findings::Findings;
use super::findings::Problem;
use super::form::ReauthForm;
use super::scopes::{check_scopes, scope_param};
use super::vin::{check_country, check_make, check_vin};

/// Connect's endpoint for new connections.
pub const AUTHORIZE_ENDPOINT: &str = "https://connect.smartcar.com/oauth/authorize";

pub use super::connect_values::{CONNECT_RESPONSE_TYPES, MODES};

/// The new-connection form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConnectForm {
    pub client_id: String,
    pub redirect_uri: String,
    /// Left out on purpose: Connect uses the dashboard's default.
    pub omit_redirect_uri: bool,
    /// Empty: the dashboard's permission configuration applies.
    pub scopes: Vec<String>,
    pub state: String,
    pub force_prompt: bool,
    /// Empty means `live`.
    pub mode: String,
    pub make: String,
    /// Implies single select, as in the SDK.
    pub vin: String,
    pub single_select: bool,
    pub country: String,
    pub user: String,
    /// Empty means `code`.
    pub response_type: String,
    pub contract: Contract,
}

/// Checks every field; the link when nothing is an error.
pub fn check_connect(form: &ConnectForm, registered_redirect_uris: &[String]) -> Checked {
    let mut findings = Findings::default();
    let response_type = check_choice(
        &form.response_type,
        &CONNECT_RESPONSE_TYPES,
        Field::ResponseType,
        "`code` (Connect returns a code to redirect_uri) or `none` (the flow ends on Smartcar's page)",
        &mut findings,
    );
    let mode = check_choice(
        &form.mode,
        &MODES,
        Field::Mode,
        "`live` (real vehicles), `simulated` or `test`",
        &mut findings,
    );
    let app = check_app_with_options(
        &ReauthForm {
            client_id: form.client_id.clone(),
            redirect_uri: form.redirect_uri.clone(),
            omit_redirect_uri: form.omit_redirect_uri,
            ..ReauthForm::default()
        },
        registered_redirect_uris,
        ReauthOptions {
            contract: form.contract,
            response_type: if response_type == Some("none") {
                ResponseType::None
            } else {
                ResponseType::VehicleId
            },
        },
    );
    let mut shared = app.findings.clone();
    let state = check_state(&form.state, &mut shared);
    let user = check_user(&form.user, &mut shared);
    findings.extend_from(&shared);
    let scopes = check_scopes(&form.scopes, false)
        .map(|checked| {
            for note in checked.notes {
                findings.push(Field::Scope, note);
            }
            checked.scopes
        })
        .map_err(|problems| push_all(&mut findings, Field::Scope, problems))
        .ok();
    let make = optional(&form.make, check_make, Field::Make, &mut findings);
    let vin = optional(&form.vin, check_vin, Field::Vin, &mut findings);
    if let Some(doubt) = vin.as_ref().and_then(|v| v.as_ref()?.doubt.clone()) {
        findings.push(Field::Vin, doubt);
    }
    let country = optional(&form.country, check_country, Field::Country, &mut findings);
    findings.sort_by_field();

    let link = (|| {
        if findings.has_errors() {
            return None;
        }
        let (client_id, redirect_uri) = app.checked_values()?;
        let contract = form.contract;
        let mut params: Vec<(&'static str, String)> = Vec::with_capacity(12);
        params.push(("response_type", response_type?.to_owned()));
        params.push((contract.client_id_param(), client_id.as_str().to_owned()));
        let prompt = if form.force_prompt { "force" } else { "auto" };
        params.push(("approval_prompt", prompt.to_owned()));
        params.push(("mode", mode?.to_owned()));
        if let Some(uri) = redirect_uri {
            params.push(("redirect_uri", uri.as_str().to_owned()));
        }
        let scopes = scopes?;
        if !scopes.is_empty() {
            params.push(("scope", scope_param(&scopes)));
        }
        if let Some(state) = state? {
            params.push(("state", state.to_owned()));
        }
        if let Some(make) = make? {
            params.push(("make", make));
        }
        let vin = vin?;
        if let Some(vin) = &vin {
            params.push(("single_select_vin", vin.vin.clone()));
        }
        if vin.is_some() || form.single_select {
            params.push(("single_select", "true".to_owned()));
        }
        if let Some(country) = country? {
            params.push(("flags", format!("country:{country}")));
        }
        if let Some(user) = user? {
            params.push((contract.user_param(), user.to_owned()));
        }
        Some(BuiltLink::new(AUTHORIZE_ENDPOINT, params))
    })();
    Checked { findings, link }
}

/// One of `choices`, the first when nothing was typed.
fn check_choice(
    typed: &str,
    choices: &[&'static str],
    field: Field,
    accepted: &'static str,
    findings: &mut Findings,
) -> Option<&'static str> {
    let typed = typed.trim();
    if typed.is_empty() {
        return choices.first().copied();
    }
    let found = choices.iter().find(|choice| **choice == typed).copied();
    if found.is_none() {
        findings.push(
            field,
            Problem::NotOneOfTheChoices {
                typed: typed.to_owned(),
                accepted,
            },
        );
    }
    found
}

/// `Some(None)` for an empty value, `Some(Some(_))` for a good one, `None` after an error.
fn optional<T>(
    typed: &str,
    check: impl Fn(&str) -> Result<T, Problem>,
    field: Field,
    findings: &mut Findings,
) -> Option<Option<T>> {
    if typed.trim().is_empty() {
        return Some(None);
    }
    match check(typed) {
        Ok(value) => Some(Some(value)),
        Err(problem) => {
            findings.push(field, problem);
            None
        }
    }
}

fn push_all(findings: &mut Findings, field: Field, problems: Vec<Problem>) {
    for problem in problems {
        findings.push(field, problem);
    }
}
