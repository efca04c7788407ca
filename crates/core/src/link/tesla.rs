//! The Tesla permissions link: an owner grants a connected Tesla more permissions. It
//! carries exactly response_type=vehicle_id, make=TESLA, the application's id and the
//! scopes, in the docs' order: no vehicle, no redirect, existing tokens stay valid.

use super::check::check_client_id;
use super::checked::{BuiltLink, Checked};
use super::contract::Contract;
use super::field::Field;
use super::findings::Findings;
use super::request::REAUTH_ENDPOINT;
use super::scopes::{check_scopes, scope_param};

/// The only make this link is documented for.
pub const TESLA_MAKE: &str = "TESLA";

/// The Tesla permissions form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TeslaPermissionsForm {
    pub client_id: String,
    /// Each entry one permission (or several separated by spaces), `required:` allowed.
    pub scopes: Vec<String>,
    pub contract: Contract,
}

/// Checks the form; the link when nothing is an error.
pub fn check_tesla_permissions(form: &TeslaPermissionsForm) -> Checked {
    let mut findings = Findings::default();
    let client_id = check_client_id(&form.client_id, &mut findings);
    let scopes = match check_scopes(&form.scopes, true) {
        Ok(checked) => {
            for note in checked.notes {
                findings.push(Field::Scope, note);
            }
            Some(checked.scopes)
        }
        Err(problems) => {
            for problem in problems {
                findings.push(Field::Scope, problem);
            }
            None
        }
    };
    let link = match (client_id, scopes) {
        (Some(client_id), Some(scopes)) => Some(BuiltLink::new(
            REAUTH_ENDPOINT,
            vec![
                ("response_type", "vehicle_id".to_owned()),
                ("make", TESLA_MAKE.to_owned()),
                (
                    form.contract.client_id_param(),
                    client_id.as_str().to_owned(),
                ),
                ("scope", scope_param(&scopes)),
            ],
        )),
        _ => None,
    };
    Checked { findings, link }
}
