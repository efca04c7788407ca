//! The three kinds of Connect link a support case needs, and what their forms share: the
//! fields (named after the contract), per-field findings and the built link. The window
//! shows a kind's `fields()` and the findings under each; the command line prints the
//! same findings as `error: <field>: …` lines.

use serde::{Deserialize, Serialize};

use super::contract::Contract;
use super::findings::{Findings, Problem, Severity, summary_naming};
use super::form::Field;

/// Which link the person is making. Serialized: the window remembers the last one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LinkKind {
    /// The seed page's link: the owner signs in again to an existing connection.
    #[default]
    Reauth,
    /// A Tesla owner grants more permissions to an existing connection.
    TeslaPermissions,
    /// The vehicle is gone from the account: the owner connects it anew.
    Connect,
}

impl LinkKind {
    pub const ALL: [LinkKind; 3] = [
        LinkKind::Reauth,
        LinkKind::TeslaPermissions,
        LinkKind::Connect,
    ];

    /// What the kind picker says.
    pub fn label(self) -> &'static str {
        match self {
            LinkKind::Reauth => "Re-authenticate",
            LinkKind::TeslaPermissions => "Tesla permissions",
            LinkKind::Connect => "New connection",
        }
    }

    /// The kind in a sentence ("A re-authentication link.").
    pub fn describe(self) -> &'static str {
        match self {
            LinkKind::Reauth => "re-authentication link",
            LinkKind::TeslaPermissions => "Tesla permissions link",
            LinkKind::Connect => "new-connection link",
        }
    }

    /// The name in JSON (`parse`'s `kind`).
    pub fn name(self) -> &'static str {
        match self {
            LinkKind::Reauth => "reauthenticate",
            LinkKind::TeslaPermissions => "tesla_permissions",
            LinkKind::Connect => "connect",
        }
    }

    /// When to use it, one sentence for the person choosing.
    pub fn purpose(self) -> &'static str {
        match self {
            LinkKind::Reauth => {
                "The owner's sign-in expired (AUTHENTICATION_FAILED): they sign in again and the connection continues."
            }
            LinkKind::TeslaPermissions => {
                "A Tesla connection lacks a permission (PERMISSION): the owner grants the listed ones; nothing else changes."
            }
            LinkKind::Connect => {
                "The vehicle is gone from the account (NO_VEHICLES, VEHICLE_MISSING) or a non-Tesla needs new permissions: the owner connects it anew."
            }
        }
    }

    /// The fields this kind's form shows, in the link's order.
    pub fn fields(self) -> &'static [KindField] {
        match self {
            LinkKind::Reauth => &[
                KindField::ResponseType,
                KindField::ClientId,
                KindField::VehicleId,
                KindField::RedirectUri,
                KindField::State,
                KindField::User,
            ],
            LinkKind::TeslaPermissions => &[KindField::ClientId, KindField::Scope],
            LinkKind::Connect => &[
                KindField::ResponseType,
                KindField::ClientId,
                KindField::ForcePrompt,
                KindField::Mode,
                KindField::RedirectUri,
                KindField::Scope,
                KindField::State,
                KindField::Make,
                KindField::Vin,
                KindField::SingleSelect,
                KindField::Country,
                KindField::User,
            ],
        }
    }

    /// Whether the kind takes permissions, so the window shows the scope picker.
    pub fn takes_scopes(self) -> bool {
        self.fields().contains(&KindField::Scope)
    }
}

/// A field of any kind's form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KindField {
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

impl KindField {
    /// The name in `error: <field>: …` lines and in JSON: the URL parameter's name under
    /// the contract, or the option's name where the link spells it otherwise (`vin`,
    /// `country`, `force_prompt`).
    pub fn key(self, contract: Contract) -> &'static str {
        match self {
            KindField::ResponseType => "response_type",
            KindField::ClientId => contract.client_id_param(),
            KindField::VehicleId => "vehicle_id",
            KindField::ForcePrompt => "force_prompt",
            KindField::Mode => "mode",
            KindField::RedirectUri => "redirect_uri",
            KindField::Scope => "scope",
            KindField::State => "state",
            KindField::Make => "make",
            KindField::Vin => "vin",
            KindField::SingleSelect => "single_select",
            KindField::Country => "country",
            KindField::User => contract.user_param(),
        }
    }

    /// The label a person sees in the window.
    pub fn label(self, contract: Contract) -> &'static str {
        match self {
            KindField::ResponseType => "Response type",
            KindField::ClientId => contract.label(Field::ClientId),
            KindField::VehicleId => "Vehicle ID",
            KindField::ForcePrompt => "Always show the approval screen",
            KindField::Mode => "Mode",
            KindField::RedirectUri => "Redirect URI",
            KindField::Scope => "Permissions",
            KindField::State => "State",
            KindField::Make => "Make",
            KindField::Vin => "VIN",
            KindField::SingleSelect => "One vehicle only",
            KindField::Country => "Country",
            KindField::User => contract.label(Field::User),
        }
    }
}

impl From<Field> for KindField {
    fn from(field: Field) -> Self {
        match field {
            Field::ClientId => KindField::ClientId,
            Field::VehicleId => KindField::VehicleId,
            Field::RedirectUri => KindField::RedirectUri,
            Field::State => KindField::State,
            Field::User => KindField::User,
        }
    }
}

/// One thing wrong (or worth a second look) with one field of any kind's form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KindFinding {
    pub field: KindField,
    pub problem: Problem,
}

impl KindFinding {
    pub fn severity(&self) -> Severity {
        self.problem.severity()
    }

    /// What the person reads under the field and after `error: <field>:`.
    pub fn message(&self) -> String {
        self.problem.to_string()
    }

    /// The command line's one-line form under a contract: `error: application_id: …`.
    pub fn line(&self, contract: Contract) -> String {
        format!(
            "{}: {}: {}",
            self.severity().label(),
            self.field.key(contract),
            self.problem
        )
    }
}

/// Every field's findings, in the kind's field order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KindFindings(Vec<KindFinding>);

impl KindFindings {
    pub(crate) fn push(&mut self, field: KindField, problem: Problem) {
        self.0.push(KindFinding { field, problem });
    }

    /// Adds the shared rules' findings (client id, redirect URI, state, user).
    pub(crate) fn extend_from(&mut self, findings: &Findings) {
        for finding in findings {
            self.push(finding.field.into(), finding.problem.clone());
        }
    }

    pub(crate) fn sort_by_field(&mut self) {
        self.0.sort_by_key(|finding| finding.field);
    }

    pub fn iter(&self) -> impl Iterator<Item = &KindFinding> {
        self.0.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    pub fn errors(&self) -> impl Iterator<Item = &KindFinding> {
        self.iter().filter(|f| f.severity() == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &KindFinding> {
        self.iter().filter(|f| f.severity() == Severity::Warning)
    }

    pub fn for_field(&self, field: KindField) -> impl Iterator<Item = &KindFinding> {
        self.iter().filter(move |f| f.field == field)
    }

    /// One line naming every field whose error blocks the link (labels under `contract`);
    /// `None` when nothing blocks it.
    pub fn blocking_summary(&self, contract: Contract) -> Option<String> {
        summary_naming(self.errors().map(|f| f.field.label(contract)).collect())
    }
}

/// A link built from a checked form: its text and its pairs in order, decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuiltLink {
    pub url: String,
    pub params: Vec<(&'static str, String)>,
}

impl BuiltLink {
    /// `endpoint?name=value&…`, form-urlencoded, the pairs in the given order.
    pub(crate) fn new(endpoint: &str, params: Vec<(&'static str, String)>) -> Self {
        let mut url = String::with_capacity(endpoint.len() + 160);
        url.push_str(endpoint);
        for (index, (name, value)) in params.iter().enumerate() {
            let separator = if index == 0 { '?' } else { '&' };
            super::request::push_pair(&mut url, separator, name, value);
        }
        Self { url, params }
    }
}

/// A kind's findings, and its link when no finding is an error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KindChecked {
    pub findings: KindFindings,
    pub link: Option<BuiltLink>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::findings::ScopeProblem;

    #[test]
    fn the_blocking_summary_names_each_blocking_field_once_under_the_contract() {
        let mut findings = KindFindings::default();
        assert_eq!(findings.blocking_summary(Contract::Current), None);
        findings.push(
            KindField::Vin,
            Problem::VinCheckDigit {
                found: '1',
                expected: '2',
            },
        );
        assert_eq!(
            findings.blocking_summary(Contract::Current),
            None,
            "warnings never block"
        );
        findings.push(KindField::ClientId, Problem::ClientIdMissing);
        assert_eq!(
            findings.blocking_summary(Contract::Current).as_deref(),
            Some("No link yet: fix Application ID (see the message under it).")
        );
        findings.push(KindField::Scope, Problem::ScopesMissing);
        findings.push(
            KindField::Scope,
            Problem::ScopeNotDocumented(ScopeProblem::RequiredWithoutName),
        );
        findings.push(
            KindField::Country,
            Problem::CountryNotTwoLetters { typed: "c".into() },
        );
        assert_eq!(
            findings.blocking_summary(Contract::Classic).as_deref(),
            Some(
                "No link yet: fix Client ID, Permissions and Country (see the messages under them)."
            )
        );
    }

    #[test]
    fn the_kind_is_stored_by_a_stable_name() {
        for kind in LinkKind::ALL {
            let text = serde_json::to_string(&kind).expect("a kind serializes");
            let back: LinkKind = serde_json::from_str(&text).expect("and reads back");
            assert_eq!(back, kind, "{text}");
        }
        let stored: LinkKind =
            serde_json::from_str("\"TeslaPermissions\"").expect("the variant's name");
        assert_eq!(stored, LinkKind::TeslaPermissions);
    }
}
