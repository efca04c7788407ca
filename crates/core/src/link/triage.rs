//! From a read paste to what helps: one line saying what happened and what to do, the kind
//! of link to send with every field the paste could fill, and the colour of that line.
//! The window only renders a `Triage`; `parse` prints its advice.

use super::advice::{Action, Advice, ErrorReport, Level};
use super::candidates::{Candidate, Reading};
use super::contract::Contract;
use super::field::Field;
use super::form::ReauthForm;
use super::hosts::{host_of, is_virtual_key_host};
use super::kind::LinkKind;
use super::paste::{PasteSource, Pasted};

/// Where a value the paste gave goes: a field of the chosen kind's form, or the
/// virtual-key URL, which is sent as it is. Typed, so the form is filled by field and
/// never by matching parameter names back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilledTarget {
    Field(Field),
    VirtualKeyUrl,
}

/// One value the paste gave the chosen link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filled {
    pub target: FilledTarget,
    pub value: String,
}

impl Filled {
    /// The name shown beside the value: the URL parameter's (`client_id`, `make`, …), or
    /// `url` for the virtual-key URL.
    pub fn name(&self) -> &'static str {
        match self.target {
            FilledTarget::Field(field) => field.key(Contract::Classic),
            FilledTarget::VirtualKeyUrl => "url",
        }
    }
}

/// What the desk should do about one paste.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Triage {
    pub level: Level,
    pub advice: Advice,
    /// The advice's message without what it filled: what happened, what helps and, with
    /// several errors, which one was acted on. The window says what it filled against its
    /// own form (a profile may already hold what the paste lacks).
    pub headline: String,
    /// The kind of Connect link that helps, if one does.
    pub link: Option<LinkKind>,
    /// What the paste fills for that link (or the URL to send, for a virtual key).
    pub filled: Vec<Filled>,
    /// What that link still needs from a profile or the desk.
    pub still_needed: Vec<&'static str>,
}

/// A paste read and triaged, or the pieces that disagree, each with its own triage.
#[derive(Clone, Debug, PartialEq, Eq)]
// One value per paste, moved once and never kept in bulk: boxing would only add noise.
#[allow(clippy::large_enum_variant)]
pub enum TriagedPaste {
    One {
        pasted: Pasted,
        triage: Triage,
    },
    Ambiguous {
        /// One line for the top of the window.
        message: String,
        candidates: Vec<(Candidate, Triage)>,
    },
}

impl TriagedPaste {
    pub fn level(&self) -> Level {
        match self {
            TriagedPaste::One { triage, .. } => triage.level,
            TriagedPaste::Ambiguous { .. } => Level::Warning,
        }
    }
}

impl Reading {
    /// What helps with the paste: for one reading its triage; for several, each
    /// candidate's, with none picked.
    pub fn triage(self) -> TriagedPaste {
        match self {
            Reading::One(pasted) => {
                let triage = pasted.triage();
                TriagedPaste::One { pasted, triage }
            }
            Reading::Ambiguous(candidates) => TriagedPaste::Ambiguous {
                message: format!(
                    "The text holds {} different candidates, so none was picked: choose the one to use.",
                    candidates.len()
                ),
                candidates: candidates
                    .into_iter()
                    .map(|candidate| {
                        let triage = candidate.pasted.triage();
                        (candidate, triage)
                    })
                    .collect(),
            },
        }
    }
}

impl Pasted {
    /// What helps with this one read paste.
    pub fn triage(&self) -> Triage {
        triage_of(self)
    }
}

fn triage_of(pasted: &Pasted) -> Triage {
    let facts = &pasted.facts;
    let tesla = facts.is_tesla();
    let chosen = facts.chosen_error();
    let action = match (pasted.source, chosen) {
        (_, Some(error)) => error.action(tesla),
        (PasteSource::Url, None) => match facts.link_kind {
            Some(LinkKind::TeslaPermissions) => Action::TeslaPermissions,
            Some(LinkKind::Connect) => Action::Connect,
            _ => Action::Reauthenticate,
        },
        (_, None) => Action::None,
    };
    let link = action.link_kind();
    let filled = filled(pasted, action);
    let still_needed = link
        .map(|kind| still_needed(pasted, kind))
        .unwrap_or_default();
    let happened = match chosen {
        Some(error) => what_happened(error, action, tesla),
        None if pasted.source == PasteSource::Url => {
            format!("A {}.", link.map_or("link", LinkKind::describe))
        }
        None => format!(
            "The {} lists no errors: nothing to act on.",
            pasted.source.describe()
        ),
    };
    let fill = if link.is_some() {
        fill_summary(&filled, &still_needed)
    } else {
        String::new()
    };
    let others = match facts.acted_on {
        Some(index) if facts.errors.len() > 1 => others_summary(&facts.errors, index, tesla),
        _ => String::new(),
    };
    let level = if pasted.source == PasteSource::Url {
        Level::Info
    } else {
        action.level()
    };
    Triage {
        level,
        advice: Advice {
            action,
            message: format!("{happened}{fill}{others}"),
        },
        headline: format!("{happened}{others}"),
        link,
        filled,
        still_needed,
    }
}

/// What happened and what helps, in the desk's words.
fn what_happened(error: &ErrorReport, action: Action, tesla: bool) -> String {
    let name = error.name();
    match action {
        Action::Reauthenticate => format!(
            "{name}: the owner's login with the car brand changed or expired; send a re-authentication link."
        ),
        Action::TeslaPermissions => format!(
            "{name} on a Tesla: the connection lacks a permission; send the Tesla permissions link with the scopes needed."
        ),
        Action::Connect if is_permission(error) => format!(
            "{name}: the connection lacks a permission; send a new-connection link with the missing scopes."
        ),
        Action::Connect => format!(
            "{name}: the vehicle is not on the owner's connection; send a new-connection link."
        ),
        Action::VirtualKey => match &error.resolution_url {
            Some(url) if !is_virtual_key_host(url) => format!(
                "{name}: the Tesla needs Smartcar's virtual key, but the error's URL is not one to send: it is not Tesla's or Smartcar's ({}); ask Smartcar support for the owner's virtual-key link.",
                host_of(url).map_or_else(
                    || "it does not parse".to_owned(),
                    |host| format!("host {host}")
                )
            ),
            Some(url) => format!(
                "{name}: the Tesla needs Smartcar's virtual key; send the owner this link to add it: {url}"
            ),
            None => format!(
                "{name}: the Tesla needs Smartcar's virtual key, but the error carries no URL to send; ask for the error's resolution.url."
            ),
        },
        Action::OwnerAction => format!(
            "{name}: the owner must fix their subscription or account in the car brand's app or website; no link helps."
        ),
        Action::RefreshToken => format!(
            "{name}: not a Connect problem; the integrator's access token expired and they must refresh it. Send the owner nothing."
        ),
        Action::RetryLater => format!(
            "{name}: a passing problem (rate limit, Smartcar's servers or the car's state); try again later, no link."
        ),
        Action::ContactSupport if !error.is_known(tesla) => format!(
            "{name} is not in the triage table; contact Smartcar support with {}. No link is sent.",
            request_id_words(error)
        ),
        Action::ContactSupport => format!(
            "{name}: only Smartcar can help; contact Smartcar support with {}. No link is sent.",
            request_id_words(error)
        ),
        Action::None => format!("{name} has cleared (RESOLVED): nothing to do."),
    }
}

/// The request id the error carries, or where to find it.
fn request_id_words(error: &ErrorReport) -> String {
    match &error.request_id {
        Some(id) => format!("request id {id}"),
        None => "the request id of the failed call (not in this paste)".to_owned(),
    }
}

fn is_permission(error: &ErrorReport) -> bool {
    let is = |value: &Option<String>| {
        value
            .as_deref()
            .is_some_and(|name| name.eq_ignore_ascii_case("PERMISSION"))
    };
    is(&error.error_type) || is(&error.code)
}

/// The values the chosen action takes from the paste.
fn filled(pasted: &Pasted, action: Action) -> Vec<Filled> {
    let field = |field: Field| {
        pasted.fields.get(field).map(|value| Filled {
            target: FilledTarget::Field(field),
            value: value.to_owned(),
        })
    };
    let named = |target: FilledTarget, value: Option<&str>| {
        value.map(|value| Filled {
            target,
            value: value.to_owned(),
        })
    };
    let kind_field = FilledTarget::Field;
    let facts = &pasted.facts;
    match action {
        Action::Reauthenticate => ReauthForm::FIELDS.into_iter().filter_map(field).collect(),
        Action::TeslaPermissions => [
            named(kind_field(Field::Make), Some("TESLA")),
            field(Field::ClientId),
            named(kind_field(Field::Scope), facts.scope.as_deref()),
        ]
        .into_iter()
        .flatten()
        .collect(),
        Action::Connect => [
            field(Field::ClientId),
            field(Field::RedirectUri),
            named(kind_field(Field::Make), facts.make.as_deref()),
            named(kind_field(Field::Scope), facts.scope.as_deref()),
            field(Field::State),
            field(Field::User),
        ]
        .into_iter()
        .flatten()
        .collect(),
        Action::VirtualKey => named(
            FilledTarget::VirtualKeyUrl,
            facts
                .chosen_error()
                .and_then(|error| error.resolution_url.as_deref())
                .filter(|url| is_virtual_key_host(url)),
        )
        .into_iter()
        .collect(),
        _ => Vec::new(),
    }
}

/// What the link needs that the paste did not give.
fn still_needed(pasted: &Pasted, kind: LinkKind) -> Vec<&'static str> {
    let lacks = |field: Field| pasted.fields.get(field).is_none();
    let mut needed = Vec::new();
    match kind {
        LinkKind::Reauth => {
            needed.extend(
                pasted
                    .missing()
                    .into_iter()
                    .map(|field| field.key(Contract::Classic)),
            );
        }
        LinkKind::TeslaPermissions | LinkKind::Connect => {
            if lacks(Field::ClientId) {
                needed.push("client_id");
            }
            if kind == LinkKind::Connect && lacks(Field::RedirectUri) {
                needed.push("redirect_uri");
            }
            if pasted.facts.scope.is_none() {
                needed.push("scope");
            }
        }
    }
    needed
}

impl Triage {
    /// What the paste filled for the chosen link and what that link still needs, as one
    /// sentence ("Filled client_id, make; still needed: scope."); empty without a link.
    pub fn fill_sentence(&self) -> String {
        if self.link.is_none() {
            return String::new();
        }
        fill_summary(&self.filled, &self.still_needed)
            .trim_start()
            .to_owned()
    }
}

fn fill_summary(filled: &[Filled], needed: &[&str]) -> String {
    let names: Vec<&str> = filled.iter().map(Filled::name).collect();
    match (names.is_empty(), needed.is_empty()) {
        (true, true) => String::new(),
        (true, false) => format!(" Needed: {}.", needed.join(", ")),
        (false, true) => format!(" Filled {}.", names.join(", ")),
        (false, false) => format!(
            " Filled {}; still needed: {}.",
            names.join(", "),
            needed.join(", ")
        ),
    }
}

fn others_summary(errors: &[ErrorReport], acted_on: usize, tesla: bool) -> String {
    let others: Vec<String> = errors
        .iter()
        .enumerate()
        .filter(|(index, _)| *index != acted_on)
        .map(|(_, error)| format!("{} ({})", error.name(), error.action(tesla).name()))
        .collect();
    format!(
        " Acted on error {} of {}; the others: {}.",
        acted_on + 1,
        errors.len(),
        others.join(", ")
    )
}
