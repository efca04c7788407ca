//! What the checks say about a form of any kind: per-field problems, each an error (no
//! link) or a warning (link built), one typed `Problem` for every rule of every kind. Messages are written for the person at the keyboard: which field,
//! what is wrong, what to do.

use super::contract::Contract;
use super::field::Field;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Severity {
    /// Blocks the link.
    Error,
    /// The link is built; the person should look twice.
    Warning,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Every rule's outcome, with the message shown in the window and on stderr.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error(
        "required: paste the Application ID, a UUID from the credentials tab of the Smartcar Dashboard"
    )]
    ClientIdMissing,
    #[error(
        "this looks like an API credential id (`client_…`); Connect needs the Application ID, a UUID from the dashboard's credentials tab"
    )]
    ClientIdIsApiCredential,
    #[error(
        "must be a UUID like 8229df9f-91a0-4ff0-a1ae-a1f38ee24d07: copy the Application ID from the dashboard's credentials tab"
    )]
    ClientIdNotUuid,

    #[error("required: paste the vehicle's id from the API error, the webhook or your records")]
    VehicleIdMissing,
    #[error("is a link, not a vehicle id: use \"Paste error or link\" (or `--from`) to read it")]
    VehicleIdIsLink,
    #[error(
        "contains {what} at character {position}; vehicle ids have none: check what was pasted"
    )]
    VehicleIdHasSpace { what: String, position: usize },
    #[error("is {length} characters long; vehicle ids are about 36: paste only the id")]
    VehicleIdTooLong { length: usize },
    #[error(
        "holds {count} UUIDs (the first is `{first}`), so it is several vehicles run together: give one vehicle id per row"
    )]
    VehicleIdHoldsSeveral { count: usize, first: String },
    #[error(
        "is the UUID `{id}` with `{extra}` around it, which is no part of an id (a comment sign, a separator, a spreadsheet's mark): give the id alone"
    )]
    VehicleIdWithExtra { id: String, extra: String },
    #[error(
        "reads as a number in scientific notation, as a spreadsheet shows a long number: its digits are lost, and vehicle ids are UUIDs: copy the id again from its source, with the column formatted as text"
    )]
    VehicleIdScientific,
    #[error(
        "is `sc` + a UUID, the shape of a mobile redirect scheme; documented vehicle ids are plain UUIDs: used as typed, check it against the API"
    )]
    VehicleIdScPrefixed,
    #[error(
        "contains `{character}`, which no known vehicle id has: used as typed, check what was pasted"
    )]
    VehicleIdOddCharacter { character: char },
    #[error(
        "is not a UUID, the documented vehicle id format: used as typed, check it against the API response or webhook"
    )]
    VehicleIdNotUuid,

    #[error("{done}: the link carries `{id}`; check the source if that is not the id meant")]
    IdCleaned { done: String, id: String },
    #[error(
        "contains {found}, which no id has, and is not a UUID without them: copy the id again from its source, or type it"
    )]
    IdHasHiddenCharacters { found: String },

    #[error(
        "required: pick one of the app's registered redirect URIs, or leave it out on purpose to use the dashboard default"
    )]
    RedirectUriMissing,
    #[error(
        "left out: Connect will send the owner to the app's default redirect URI from the dashboard"
    )]
    RedirectUriOmitted,
    #[error(
        "contains {what}; a redirect URI has none: remove it (a registered space is written %20)"
    )]
    RedirectUriHasSpace { what: String },
    #[error(
        "is not an absolute URI: start with https://, http://localhost (testing) or sc<Application ID>:// (mobile apps)"
    )]
    RedirectUriNotAbsolute,
    #[error("is not a valid URI ({reason}): copy it again from the dashboard's redirect URIs")]
    RedirectUriInvalid { reason: String },
    #[error(
        "carries a user name or password before the host (`…@`), which would travel in every link and stay in the history: remove everything between `://` and `@`"
    )]
    RedirectUriHasUserinfo,
    #[error(
        "contains a fragment (`#…`), which a redirect URI cannot have: remove everything from `#`"
    )]
    RedirectUriHasFragment,
    #[error(
        "uses http with host `{host}`: http is allowed only for localhost while testing; use https://"
    )]
    RedirectUriHttpNotLocalhost { host: String },
    #[error(
        "the mobile scheme `{scheme}` must be `sc` followed by {expected}: copy it from the dashboard's redirect URIs"
    )]
    RedirectUriSchemeNotThisApp { scheme: String, expected: String },
    #[error("a mobile redirect URI needs a host after the scheme, like {scheme}://callback")]
    RedirectUriSchemeWithoutHost { scheme: String },
    #[error(
        "scheme `{scheme}` is not accepted: use https://, http://localhost (testing) or sc<Application ID>:// (mobile apps)"
    )]
    RedirectUriBadScheme { scheme: String },
    #[error(
        "is not one of this profile's registered redirect URIs; it must match the dashboard character for character{}",
        did_you_mean(.closest)
    )]
    RedirectUriNotRegistered { closest: Option<String> },

    #[error(
        "contains whitespace: it round-trips encoded, but older Smartcar SDKs mishandled it; prefer a state without spaces"
    )]
    StateHasWhitespace,
    #[error(
        "is only {length} characters: for protection against forged requests use at least 8 random characters (Generate makes 22)"
    )]
    StateTooShort { length: usize },

    #[error(
        "looks like an e-mail address: it travels in the link and into Smartcar's analytics; use your own opaque id for the owner"
    )]
    UserLooksLikeEmail,

    #[error("contains the control character U+{code:04X}: retype the value")]
    ControlCharacter { code: u32 },

    #[error(transparent)]
    ScopeNotDocumented(#[from] ScopeProblem),
    #[error("at least one permission is needed: add one, like read_odometer or control_security")]
    ScopesMissing,
    #[error(
        "`{permission}` is given both plain and as `required:{permission}`: the link asks for it once, as `required:{permission}`"
    )]
    ScopeGivenTwice { permission: &'static str },

    #[error(
        "has `{character}` at character {position}; a VIN has only letters and digits: copy it again from the registration or the windscreen"
    )]
    VinOddCharacter { character: char, position: usize },
    #[error(
        "is {length} characters long; a VIN has exactly 17: check for a missing or extra character"
    )]
    VinWrongLength { length: usize },
    #[error(
        "has the letter `{character}` at character {position}; VINs never use I, O or Q: it is probably the digit `{fix}`"
    )]
    VinLetterNeverUsed {
        character: char,
        position: usize,
        fix: char,
    },
    #[error(
        "the 9th character is `{found}` but the check digit of the rest is `{expected}`: fine outside North America, a typo for a North American vehicle; compare it with the registration"
    )]
    VinCheckDigit { found: char, expected: char },

    #[error(
        "`{typed}` is not a two-letter country code: use the ISO 3166-1 code, like DE, US or GB"
    )]
    CountryNotTwoLetters { typed: String },
    #[error("`{code}` is not the ISO 3166-1 code for that country: use `{iso}`")]
    CountryMixedUp { code: String, iso: &'static str },
    #[error(
        "`{code}` is not an assigned ISO 3166-1 country code: use the owner's country, like DE, US or GB"
    )]
    CountryNotAssigned { code: String },

    #[error("`{typed}` has characters a make cannot: use letters, digits and `_`, like `{fixed}`")]
    MakeHasOddCharacters { typed: String, fixed: String },

    #[error("`{typed}` is not accepted: use {accepted}")]
    NotOneOfTheChoices {
        typed: String,
        accepted: &'static str,
    },
}

/// Why a typed scope is not one Connect knows.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ScopeProblem {
    #[error("`required:` needs a permission after it, like required:read_odometer")]
    RequiredWithoutName,
    #[error("`{typed}` is not a documented permission: did you mean `{closest}`?")]
    Typo {
        typed: String,
        closest: &'static str,
    },
    #[error("`{typed}`: `{prefix}:` is not a prefix Connect knows: did you mean `required:`?")]
    RequiredMisspelt { typed: String, prefix: String },
    #[error(
        "`{typed}` is not a documented permission: use names like read_odometer or control_security (see the permission list)"
    )]
    Unknown { typed: String },
}

fn did_you_mean(closest: &Option<String>) -> String {
    match closest {
        Some(uri) => format!(" (registered: `{uri}`)"),
        None => String::new(),
    }
}

impl Problem {
    pub fn severity(&self) -> Severity {
        match self {
            Problem::VehicleIdScPrefixed
            | Problem::VehicleIdOddCharacter { .. }
            | Problem::VehicleIdNotUuid
            | Problem::IdCleaned { .. }
            | Problem::RedirectUriOmitted
            | Problem::RedirectUriNotRegistered { .. }
            | Problem::StateHasWhitespace
            | Problem::StateTooShort { .. }
            | Problem::UserLooksLikeEmail
            | Problem::ScopeGivenTwice { .. }
            | Problem::VinCheckDigit { .. } => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

/// One problem with one field of any kind's form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub field: Field,
    pub problem: Problem,
}

impl Finding {
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

/// All findings for a form, every field at once, in the kind's field order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Findings(Vec<Finding>);

impl Findings {
    pub(crate) fn push(&mut self, field: Field, problem: Problem) {
        self.0.push(Finding { field, problem });
    }

    /// Adds another check's findings (the shared rules a kind borrows from another).
    pub(crate) fn extend_from(&mut self, other: &Findings) {
        self.0.extend(other.0.iter().cloned());
    }

    /// Field order, each field's own findings in the order they were found.
    pub(crate) fn sort_by_field(&mut self) {
        self.0.sort_by_key(|finding| finding.field);
    }

    pub fn iter(&self) -> impl Iterator<Item = &Finding> {
        self.0.iter()
    }

    /// Empties the list and keeps its room: a batch reuses one list for every row.
    pub fn clear(&mut self) {
        self.0.clear();
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.iter().filter(|f| f.severity() == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.iter().filter(|f| f.severity() == Severity::Warning)
    }

    pub fn for_field(&self, field: Field) -> impl Iterator<Item = &Finding> {
        self.iter().filter(move |f| f.field == field)
    }

    /// One line naming every field whose error blocks the link (labels under `contract`),
    /// or `None` when nothing blocks it.
    pub fn blocking_summary(&self, contract: Contract) -> Option<String> {
        summary_naming(self.errors().map(|f| f.field.label(contract)).collect())
    }
}

/// "No link yet: fix …" naming each blocking field once (labels in field order, so
/// repeats sit side by side); `None` when no field blocks.
fn summary_naming(mut fields: Vec<&str>) -> Option<String> {
    fields.dedup();
    match fields.as_slice() {
        [] => None,
        [one] => Some(format!(
            "No link yet: fix {one} (see the message under it)."
        )),
        many => Some(format!(
            "No link yet: fix {} (see the messages under them).",
            join_with_and(many)
        )),
    }
}

fn join_with_and(items: &[&str]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => (*last).to_owned(),
        None => String::new(),
    }
}

impl<'a> IntoIterator for &'a Findings {
    type Item = &'a Finding;
    type IntoIter = std::slice::Iter<'a, Finding>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cli_line_names_severity_field_under_the_contract_and_fix() {
        let finding = Finding {
            field: Field::ClientId,
            problem: Problem::ClientIdMissing,
        };
        let line = finding.line(Contract::Classic);
        assert!(line.starts_with("error: client_id: required: "), "{line}");
        let current = finding.line(Contract::Current);
        assert!(
            current.starts_with("error: application_id: required: "),
            "{current}"
        );
        let warning = Finding {
            field: Field::State,
            problem: Problem::StateTooShort { length: 3 },
        };
        assert!(
            warning
                .line(Contract::Classic)
                .starts_with("warning: state: is only 3 characters")
        );
    }

    #[test]
    fn the_blocking_summary_names_each_blocking_field_once_under_the_contract() {
        let mut findings = Findings::default();
        assert_eq!(findings.blocking_summary(Contract::Current), None);
        findings.push(
            Field::Vin,
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
        findings.push(Field::ClientId, Problem::ClientIdMissing);
        assert_eq!(
            findings.blocking_summary(Contract::Current).as_deref(),
            Some("No link yet: fix Application ID (see the message under it).")
        );
        findings.push(Field::Scope, Problem::ScopesMissing);
        findings.push(
            Field::Scope,
            Problem::ScopeNotDocumented(ScopeProblem::RequiredWithoutName),
        );
        findings.push(
            Field::Country,
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
    fn registered_hint_appears_only_when_there_is_a_close_match() {
        let without = Problem::RedirectUriNotRegistered { closest: None }.to_string();
        assert!(without.ends_with("character for character"), "{without}");
        let with = Problem::RedirectUriNotRegistered {
            closest: Some("https://example.com/".into()),
        }
        .to_string();
        assert!(
            with.ends_with("(registered: `https://example.com/`)"),
            "{with}"
        );
    }
}
