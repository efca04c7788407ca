//! The rules: a raw form in, every field's findings out, and the checked request when
//! nothing blocks it. The window and the command line call `check`; the batch calls its
//! two halves, `check_app` once and `check_row` per row, which are all `check` is made of,
//! so they can never disagree.

use std::borrow::Cow;

use url::Url;

use super::checked::{BuiltLink, Checked};
use super::contract::{ReauthOptions, ResponseType};
use super::field::Field;
use super::findings::{Findings, Problem};
use super::form::ReauthForm;
use super::id_cleaning::{IdCleaning, clean_id};
use super::request::{CheckedRow, ClientId, LinkTemplate, RedirectUri};
pub use super::uuid_shape::is_hyphenated_uuid;

/// Longer than any vehicle id seen in Smartcar's docs by a wide margin (a UUID is 36).
pub const MAX_VEHICLE_ID_LENGTH: usize = 128;

/// Below this a state is too easy to guess to protect the callback.
pub const MIN_STATE_LENGTH: usize = 8;

/// Checks every field at once. `registered_redirect_uris` are the profile's URIs from the
/// dashboard; when non-empty, a redirect URI outside them earns a warning.
pub fn check(form: &ReauthForm, registered_redirect_uris: &[String]) -> Checked {
    check_with_app(&check_app(form, registered_redirect_uris), form)
}

/// The fields that belong to the client app, not to one vehicle (client_id and
/// redirect_uri), checked once: a batch checks them before its first row and reuses them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedApp {
    /// Only the client_id and redirect_uri findings.
    pub findings: Findings,
    client_id: Option<ClientId>,
    /// `Some(None)`: left out on purpose; `None`: the URI has an error.
    redirect_uri: Option<Option<RedirectUri>>,
    /// Present when neither app field has an error.
    link: Option<LinkTemplate>,
    options: ReauthOptions,
}

impl CheckedApp {
    /// The app's part of every link; `None` when client_id or redirect_uri has an error.
    pub fn link_template(&self) -> Option<&LinkTemplate> {
        self.link.as_ref()
    }

    /// The contract and response type the app was checked for.
    pub fn options(&self) -> ReauthOptions {
        self.options
    }

    /// The checked application id and redirect URI (`Some(None)`: left out), when
    /// neither has an error: another kind of link writes them its own way.
    pub(crate) fn checked_values(&self) -> Option<(&ClientId, Option<&RedirectUri>)> {
        match (&self.client_id, &self.redirect_uri) {
            (Some(client_id), Some(redirect_uri)) => Some((client_id, redirect_uri.as_ref())),
            _ => None,
        }
    }
}

/// `check` for a link under a contract's names and a response type: with
/// `response_type=none` the redirect URI may be left out without a word.
pub fn check_with_options(
    form: &ReauthForm,
    registered_redirect_uris: &[String],
    options: ReauthOptions,
) -> Checked {
    check_with_app(
        &check_app_with_options(form, registered_redirect_uris, options),
        form,
    )
}

/// Checks the form's client_id and redirect_uri (and omit choice); the rest is ignored.
pub fn check_app(form: &ReauthForm, registered_redirect_uris: &[String]) -> CheckedApp {
    check_app_with_options(form, registered_redirect_uris, ReauthOptions::default())
}

/// `check_app` under a contract and a response type; the template carries their names,
/// so a batch writes them without a per-row cost.
pub fn check_app_with_options(
    form: &ReauthForm,
    registered_redirect_uris: &[String],
    options: ReauthOptions,
) -> CheckedApp {
    let mut findings = Findings::default();
    let client_id = check_client_id(&form.client_id, &mut findings);
    let redirect_uri = if options.response_type == ResponseType::None
        && (form.omit_redirect_uri || form.redirect_uri.trim().is_empty())
    {
        // The flow ends on Smartcar's page: nothing is sent back, nothing to warn about.
        Some(None)
    } else {
        check_redirect_uri(
            form,
            client_id.as_ref(),
            registered_redirect_uris,
            &mut findings,
        )
    };
    let link = match (&client_id, &redirect_uri) {
        (Some(client_id), Some(redirect_uri)) => Some(LinkTemplate::with_options(
            client_id,
            redirect_uri.as_ref(),
            options,
        )),
        _ => None,
    };
    CheckedApp {
        findings,
        client_id,
        redirect_uri,
        link,
        options,
    }
}

/// Checks the form's vehicle_id, state and user against an app checked once; the form's
/// client_id and redirect_uri are not looked at. Findings come in field order, the app's
/// included, exactly as `check` gives them.
pub fn check_with_app(app: &CheckedApp, form: &ReauthForm) -> Checked {
    let mut findings = app.findings.clone();
    let row = check_row(&form.vehicle_id, &form.state, &form.user, &mut findings);
    findings.sort_by_field();

    let link = match (&app.link, app.checked_values(), row) {
        (Some(template), Some((client_id, redirect_uri)), Some(row)) if !findings.has_errors() => {
            Some(reauth_link(
                template,
                app.options,
                client_id,
                redirect_uri,
                &row,
            ))
        }
        _ => None,
    };
    Checked { findings, link }
}

/// One vehicle's link, written by the template every batch row goes through, with its
/// pairs in the same order.
fn reauth_link(
    template: &LinkTemplate,
    options: ReauthOptions,
    client_id: &ClientId,
    redirect_uri: Option<&RedirectUri>,
    row: &CheckedRow<'_>,
) -> BuiltLink {
    let mut url = String::new();
    template.write_link(row, &mut url);
    let contract = options.contract;
    let mut params = vec![
        ("response_type", options.response_type.name().to_owned()),
        (contract.client_id_param(), client_id.as_str().to_owned()),
        ("vehicle_id", row.vehicle_id().to_owned()),
    ];
    if let Some(redirect_uri) = redirect_uri {
        params.push(("redirect_uri", redirect_uri.as_str().to_owned()));
    }
    if let Some(state) = row.state() {
        params.push(("state", state.to_owned()));
    }
    if let Some(user) = row.user() {
        params.push((contract.user_param(), user.to_owned()));
    }
    BuiltLink { url, params }
}

/// Checks one vehicle's own values (vehicle_id, state, user), adding their findings to
/// `findings` in field order; the values as the link carries them when none is an error.
/// `check` and every row of a batch come through here.
pub fn check_row<'a>(
    vehicle_id: &'a str,
    state: &'a str,
    user: &'a str,
    findings: &mut Findings,
) -> Option<CheckedRow<'a>> {
    let vehicle_id = check_vehicle_id(vehicle_id, findings);
    let state = check_state(state, findings);
    let user = check_user(user, findings);
    let (vehicle_id, vehicle_id_is_uuid) = vehicle_id?;
    Some(CheckedRow {
        vehicle_id,
        vehicle_id_is_uuid,
        state: state?,
        user: user?,
    })
}

pub(crate) fn check_client_id(raw: &str, findings: &mut Findings) -> Option<ClientId> {
    let value = raw.trim();
    let problem = if value.is_empty() {
        Problem::ClientIdMissing
    } else if value.starts_with("client_") {
        Problem::ClientIdIsApiCredential
    } else if is_plain_uuid(value) {
        return Some(ClientId::new_unchecked(value));
    } else {
        match clean_id(value) {
            IdCleaning::Uuid { id, done } => {
                findings.push(
                    Field::ClientId,
                    Problem::IdCleaned {
                        done,
                        id: id.clone(),
                    },
                );
                return Some(ClientId::new_unchecked(id));
            }
            IdCleaning::NotAnId { found } => Problem::IdHasHiddenCharacters { found },
            IdCleaning::Nothing => Problem::ClientIdNotUuid,
        }
    };
    findings.push(Field::ClientId, problem);
    None
}

/// An id a lookup sends (a vehicle's or a Smartcar user's), cleaned as a link's ids are,
/// so that a lookup never asks for an id with hidden characters in it and answers "not
/// connected" for a vehicle that is. The id to send, and what was done to it, if anything.
pub fn clean_lookup_id(raw: &str) -> Result<(String, Option<String>), Problem> {
    let value = raw.trim();
    if is_plain_uuid(value) {
        return Ok((value.to_owned(), None));
    }
    match clean_id(value) {
        IdCleaning::Uuid { id, done } => Ok((id, Some(done))),
        IdCleaning::NotAnId { found } => Err(Problem::IdHasHiddenCharacters { found }),
        IdCleaning::Nothing => Ok((value.to_owned(), None)),
    }
}

/// The vehicle id a link carries for `raw` when it gets one: trimmed, and a UUID
/// cleaned as `check_vehicle_id` cleans it. A batch spots duplicates on it, so the same
/// vehicle in capitals or with a zero-width space is the same vehicle.
pub fn linked_vehicle_id(raw: &str) -> Cow<'_, str> {
    let value = raw.trim();
    if is_plain_uuid(value) {
        return Cow::Borrowed(value);
    }
    match clean_id(value) {
        IdCleaning::Uuid { id, .. } => Cow::Owned(id),
        IdCleaning::NotAnId { .. } | IdCleaning::Nothing => Cow::Borrowed(value),
    }
}

/// A hyphenated UUID in lower case, the form every link carries: taken as it is, with
/// no walk over its characters.
fn is_plain_uuid(value: &str) -> bool {
    is_hyphenated_uuid(value) && !value.bytes().any(|byte| byte.is_ascii_uppercase())
}

/// The trimmed id and whether it is a hyphenated UUID, unless it has an error. An id
/// that is a UUID once invisible characters, look-alikes and wrappers are taken out (or
/// once written in lower case) is that UUID, with a warning saying what was done.
fn check_vehicle_id<'a>(raw: &'a str, findings: &mut Findings) -> Option<(Cow<'a, str>, bool)> {
    let value = raw.trim();
    // The documented shape passes every rule below: a batch of them skips the walk.
    if is_plain_uuid(value) {
        return Some((Cow::Borrowed(value), true));
    }
    match clean_id(value) {
        IdCleaning::Uuid { id, done } => {
            findings.push(
                Field::VehicleId,
                Problem::IdCleaned {
                    done,
                    id: id.clone(),
                },
            );
            return Some((Cow::Owned(id), true));
        }
        IdCleaning::NotAnId { found } => {
            findings.push(Field::VehicleId, Problem::IdHasHiddenCharacters { found });
            return None;
        }
        IdCleaning::Nothing => {}
    }
    let error = if value.is_empty() {
        Some(Problem::VehicleIdMissing)
    } else if value.contains("://") {
        Some(Problem::VehicleIdIsLink)
    } else if let Some((position, character)) = first_space_or_control(value) {
        Some(Problem::VehicleIdHasSpace {
            what: describe_character(character),
            position,
        })
    } else if value.chars().count() > MAX_VEHICLE_ID_LENGTH {
        Some(Problem::VehicleIdTooLong {
            length: value.chars().count(),
        })
    } else if is_scientific_number(value) {
        Some(Problem::VehicleIdScientific)
    } else {
        uuid_with_more(value)
    };
    if let Some(problem) = error {
        findings.push(Field::VehicleId, problem);
        return None;
    }
    findings.push(Field::VehicleId, vehicle_id_doubt(value));
    Some((Cow::Borrowed(value), false))
}

/// A UUID inside a longer id is the id with something else stuck to it (a second id, a
/// `;`, a `#` commenting the line out, a spreadsheet's `'`): a link for the whole would
/// name no vehicle, so it is an error, not the warning an unknown id format earns. `sc` +
/// a UUID keeps its own warning.
fn uuid_with_more(value: &str) -> Option<Problem> {
    if value.len() <= UUID_LENGTH || is_sc_prefixed_uuid(value) {
        return None;
    }
    let bytes = value.as_bytes();
    let mut uuids = Vec::new();
    let mut start = 0;
    while start + UUID_LENGTH <= bytes.len() {
        let candidate = value.get(start..start + UUID_LENGTH);
        if candidate.is_some_and(is_hyphenated_uuid) {
            uuids.push(start);
            start += UUID_LENGTH;
        } else {
            start += 1;
        }
    }
    let first = *uuids.first()?;
    let id = value[first..first + UUID_LENGTH].to_ascii_lowercase();
    if uuids.len() > 1 {
        return Some(Problem::VehicleIdHoldsSeveral {
            count: uuids.len(),
            first: id,
        });
    }
    let extra = format!("{}…{}", &value[..first], &value[first + UUID_LENGTH..]);
    let extra = extra
        .strip_prefix('…')
        .or_else(|| extra.strip_suffix('…'))
        .unwrap_or(&extra)
        .to_owned();
    Some(Problem::VehicleIdWithExtra { id, extra })
}

const UUID_LENGTH: usize = 36;

fn is_sc_prefixed_uuid(value: &str) -> bool {
    value.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("sc"))
        && value.get(2..).is_some_and(is_hyphenated_uuid)
}

/// `1.23457E+19`, `3E+09`: how a spreadsheet shows a number too long for its cell, with
/// the digits past the mantissa gone for good. The exponent's sign is required, as
/// spreadsheets write it, so a short hexadecimal id such as `1234e567` is not taken for one.
fn is_scientific_number(value: &str) -> bool {
    let Some((mantissa, exponent)) = value.split_once(['e', 'E']) else {
        return false;
    };
    let Some(exponent) = exponent.strip_prefix(['+', '-']) else {
        return false;
    };
    let exponent = exponent.as_bytes();
    let (whole, fraction) = mantissa.split_once(['.', ',']).unwrap_or((mantissa, "0"));
    let digits = |text: &[u8]| !text.is_empty() && text.iter().all(u8::is_ascii_digit);
    digits(whole.as_bytes()) && digits(fraction.as_bytes()) && digits(exponent)
}

/// Why a well-formed vehicle id that is not a hyphenated UUID is still worth a second
/// look. The exact format is not confirmed by Smartcar, so anything plausible passes with
/// a warning, never an error.
fn vehicle_id_doubt(value: &str) -> Problem {
    if let Some(character) = value
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Problem::VehicleIdOddCharacter { character };
    }
    if is_sc_prefixed_uuid(value) {
        return Problem::VehicleIdScPrefixed;
    }
    Problem::VehicleIdNotUuid
}

fn check_redirect_uri(
    form: &ReauthForm,
    client_id: Option<&ClientId>,
    registered: &[String],
    findings: &mut Findings,
) -> Option<Option<RedirectUri>> {
    if form.omit_redirect_uri {
        findings.push(Field::RedirectUri, Problem::RedirectUriOmitted);
        return Some(None);
    }
    let typed = form.redirect_uri.trim();
    match parse_redirect_uri(typed, client_id) {
        Ok(parsed) => {
            if let Some(warning) = registration_doubt(typed, &parsed, registered) {
                findings.push(Field::RedirectUri, warning);
            }
            Some(Some(RedirectUri::new_unchecked(typed, parsed)))
        }
        Err(problem) => {
            findings.push(Field::RedirectUri, problem);
            None
        }
    }
}

pub(crate) fn parse_redirect_uri(
    typed: &str,
    client_id: Option<&ClientId>,
) -> Result<Url, Problem> {
    if typed.is_empty() {
        return Err(Problem::RedirectUriMissing);
    }
    if let Some((_, character)) = first_space_or_control(typed) {
        return Err(Problem::RedirectUriHasSpace {
            what: describe_character(character),
        });
    }
    if typed.contains('#') {
        return Err(Problem::RedirectUriHasFragment);
    }
    let parsed = Url::parse(typed).map_err(|error| match error {
        url::ParseError::RelativeUrlWithoutBase => Problem::RedirectUriNotAbsolute,
        other => Problem::RedirectUriInvalid {
            reason: other.to_string(),
        },
    })?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Problem::RedirectUriHasUserinfo);
    }
    // The scheme as typed: `Url` lower-cases it, and the dashboard compares the original.
    let typed_scheme = typed.split(':').next().unwrap_or_default();
    if is_mobile_scheme(parsed.scheme()) {
        check_mobile_scheme(typed_scheme, &parsed, client_id)?;
        return Ok(parsed);
    }
    if !typed.contains("://") {
        // `localhost:3000/cb` or `https:example.com` parse, but are not what the dashboard
        // holds.
        return Err(Problem::RedirectUriNotAbsolute);
    }
    match parsed.scheme() {
        "https" => Ok(parsed),
        "http" => match parsed.host_str() {
            Some("localhost") => Ok(parsed),
            host => Err(Problem::RedirectUriHttpNotLocalhost {
                host: host.unwrap_or_default().to_owned(),
            }),
        },
        _ => Err(Problem::RedirectUriBadScheme {
            scheme: typed_scheme.to_owned(),
        }),
    }
}

/// `sc` followed by something as long as an id: meant as a mobile scheme, even if the id
/// is wrong (that earns its own message).
fn is_mobile_scheme(scheme: &str) -> bool {
    scheme.starts_with("sc") && scheme.len() >= 2 + 32
}

/// Mobile apps register `sc<Application ID>://host`: the scheme names the app.
fn check_mobile_scheme(
    typed_scheme: &str,
    parsed: &Url,
    client_id: Option<&ClientId>,
) -> Result<(), Problem> {
    let scheme_id = &typed_scheme[2..];
    let matches_app = match client_id {
        Some(id) => scheme_id.eq_ignore_ascii_case(id.as_str()),
        // Without a valid client_id (already reported) the scheme can only be checked
        // for shape.
        None => is_hyphenated_uuid(scheme_id),
    };
    if !matches_app {
        return Err(Problem::RedirectUriSchemeNotThisApp {
            scheme: typed_scheme.to_owned(),
            expected: match client_id {
                Some(id) => format!("this Application ID ({})", id.as_str()),
                None => "the Application ID".to_owned(),
            },
        });
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(Problem::RedirectUriSchemeWithoutHost {
            scheme: typed_scheme.to_owned(),
        });
    }
    Ok(())
}

/// A warning when the profile lists its registered URIs and this is not one of them
/// exactly; names the registered one that differs only in spelling, if any.
fn registration_doubt(typed: &str, parsed: &Url, registered: &[String]) -> Option<Problem> {
    if registered.is_empty() || registered.iter().any(|uri| uri == typed) {
        return None;
    }
    let closest = registered
        .iter()
        .find(|uri| Url::parse(uri).is_ok_and(|candidate| &candidate == parsed))
        .or_else(|| {
            registered.iter().find(|uri| {
                uri.trim_end_matches('/')
                    .eq_ignore_ascii_case(typed.trim_end_matches('/'))
            })
        })
        .cloned();
    Some(Problem::RedirectUriNotRegistered { closest })
}

pub(crate) fn check_state<'a>(raw: &'a str, findings: &mut Findings) -> Option<Option<&'a str>> {
    if raw.is_empty() {
        return Some(None);
    }
    if let Some(code) = first_non_whitespace_control(raw) {
        findings.push(Field::State, Problem::ControlCharacter { code });
        return None;
    }
    if raw.chars().any(char::is_whitespace) {
        findings.push(Field::State, Problem::StateHasWhitespace);
    }
    let length = raw.chars().count();
    if length < MIN_STATE_LENGTH {
        findings.push(Field::State, Problem::StateTooShort { length });
    }
    Some(Some(raw))
}

pub(crate) fn check_user<'a>(raw: &'a str, findings: &mut Findings) -> Option<Option<&'a str>> {
    let value = raw.trim();
    if value.is_empty() {
        return Some(None);
    }
    if let Some(code) = value.chars().find(|c| c.is_control()).map(u32::from) {
        findings.push(Field::User, Problem::ControlCharacter { code });
        return None;
    }
    if looks_like_email(value) {
        findings.push(Field::User, Problem::UserLooksLikeEmail);
    }
    Some(Some(value))
}

fn looks_like_email(value: &str) -> bool {
    match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain
                    .split_once('.')
                    .is_some_and(|(name, tld)| !name.is_empty() && !tld.is_empty())
        }
        None => false,
    }
}

/// The first whitespace or control character and its 1-based position.
fn first_space_or_control(value: &str) -> Option<(usize, char)> {
    value
        .chars()
        .enumerate()
        .find(|(_, c)| c.is_whitespace() || c.is_control())
        .map(|(index, c)| (index + 1, c))
}

/// Control characters other than whitespace: never typed on purpose.
fn first_non_whitespace_control(value: &str) -> Option<u32> {
    value
        .chars()
        .find(|c| c.is_control() && !c.is_whitespace())
        .map(u32::from)
}

fn describe_character(character: char) -> String {
    match character {
        ' ' => "a space".to_owned(),
        '\t' => "a tab".to_owned(),
        '\n' | '\r' => "a line break".to_owned(),
        other if other.is_whitespace() => format!("a space character (U+{:04X})", u32::from(other)),
        other => format!("the control character U+{:04X}", u32::from(other)),
    }
}
