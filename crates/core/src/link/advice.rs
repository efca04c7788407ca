//! What helps with each Smartcar error: the nine actions a support desk can take, and the
//! rule that picks one for an error (v2 body, legacy `resolution` string, v3 `errors[]`
//! entry or a webhook's error). Pure data in, an action out: no text parsing here.

use super::kind::LinkKind;
use serde::Serialize;

/// What the desk should do about a paste.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Send the owner a re-authentication link.
    Reauthenticate,
    /// A Tesla lacks permissions: send the Tesla permissions link.
    TeslaPermissions,
    /// The vehicle is not (or no longer) on the connection: send a new-connection link.
    Connect,
    /// A Tesla needs Smartcar's virtual key: send the URL from the error.
    VirtualKey,
    /// No link helps: the owner must act in the brand's app or account.
    OwnerAction,
    /// Not a Connect problem: the integrator's access token expired.
    RefreshToken,
    /// Passing trouble (rate limit, server, vehicle asleep): try again later.
    RetryLater,
    /// Only Smartcar can help.
    ContactSupport,
    /// Nothing to do: the error cleared.
    None,
}

impl Action {
    /// Every action, in the order of the triage table.
    pub const ALL: [Action; 9] = [
        Action::Reauthenticate,
        Action::TeslaPermissions,
        Action::Connect,
        Action::VirtualKey,
        Action::OwnerAction,
        Action::RefreshToken,
        Action::RetryLater,
        Action::ContactSupport,
        Action::None,
    ];

    /// The name in `parse`'s JSON.
    pub fn name(self) -> &'static str {
        match self {
            Action::Reauthenticate => "reauthenticate",
            Action::TeslaPermissions => "tesla_permissions",
            Action::Connect => "connect",
            Action::VirtualKey => "virtual_key",
            Action::OwnerAction => "owner_action",
            Action::RefreshToken => "refresh_token",
            Action::RetryLater => "retry_later",
            Action::ContactSupport => "contact_support",
            Action::None => "none",
        }
    }

    /// The kind of Connect link this action sends, if it sends one.
    pub fn link_kind(self) -> Option<LinkKind> {
        match self {
            Action::Reauthenticate => Some(LinkKind::Reauth),
            Action::TeslaPermissions => Some(LinkKind::TeslaPermissions),
            Action::Connect => Some(LinkKind::Connect),
            _ => None,
        }
    }

    /// How the window colours the triage line: a link or an owner's step is work for the
    /// desk (warning); an error no owner can fix goes elsewhere (error); waiting or
    /// nothing at all is information.
    pub fn level(self) -> Level {
        match self {
            Action::Reauthenticate
            | Action::TeslaPermissions
            | Action::Connect
            | Action::VirtualKey
            | Action::OwnerAction => Level::Warning,
            Action::RefreshToken | Action::ContactSupport => Level::Error,
            Action::RetryLater | Action::None => Level::Info,
        }
    }

    /// When a webhook holds several errors, the one acted on is the one whose action
    /// ranks first: a link the desk can send beats waiting, and a cleared error comes last.
    fn rank(self) -> u8 {
        match self {
            Action::Reauthenticate => 0,
            Action::VirtualKey => 1,
            Action::TeslaPermissions => 2,
            Action::Connect => 3,
            Action::OwnerAction => 4,
            Action::RefreshToken => 5,
            Action::ContactSupport => 6,
            Action::RetryLater => 7,
            Action::None => 8,
        }
    }
}

/// The Connect links the desk sends.
/// The colour of the triage line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Info,
    Warning,
    Error,
}

/// One Smartcar error as read from a paste, with the action it calls for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorReport {
    pub error_type: Option<String>,
    pub code: Option<String>,
    /// HTTP status (`statusCode` in v2, `status` in v3).
    pub status: Option<u64>,
    /// `resolution.type`, or the legacy bare string.
    pub resolution: Option<String>,
    /// `resolution.url` (v2) or a URL among `links` (v3).
    pub resolution_url: Option<String>,
    /// The webhook says this error has cleared.
    pub resolved: bool,
    /// `requestId` (v2): what Smartcar support asks for first.
    pub request_id: Option<String>,
}

impl ErrorReport {
    /// `TYPE:CODE`, `TYPE` or `CODE`, as the desk reads it in Smartcar's docs.
    pub fn name(&self) -> String {
        match (self.error_type.as_deref(), self.code.as_deref()) {
            (Some(kind), Some(code)) => format!("{kind}:{code}"),
            (Some(one), None) | (None, Some(one)) => one.to_owned(),
            (None, None) => "an error without type or code".to_owned(),
        }
    }

    /// Smartcar's triage table, most specific rule first. `tesla` says the vehicle's make
    /// is known to be Tesla.
    pub fn action(&self, tesla: bool) -> Action {
        let kind = upper(self.error_type.as_deref());
        let code = upper(self.code.as_deref());
        let resolution = upper(self.resolution.as_deref());
        let is = |name: &str| kind == name || code == name;
        let account = kind == "CONNECTED_SERVICES_ACCOUNT";
        if self.resolved {
            Action::None
        } else if kind == "AUTHENTICATION" || is("UNAUTHORIZED") || self.status == Some(401) {
            Action::RefreshToken
        } else if code == "VIRTUAL_KEY_REQUIRED" {
            Action::VirtualKey
        } else if account && code == "AUTHENTICATION_FAILED" {
            Action::Reauthenticate
        } else if kind == "PERMISSION" || (account && code == "PERMISSION") {
            if tesla {
                Action::TeslaPermissions
            } else {
                Action::Connect
            }
        } else if code == "NO_VEHICLES" || code == "VEHICLE_MISSING" {
            Action::Connect
        } else if account && (code == "SUBSCRIPTION" || code == "ACCOUNT_ISSUE") {
            Action::OwnerAction
        } else if (kind == "SERVER" && code == "RECORD_NOT_FOUND")
            || resolution == "CONTACT_SUPPORT"
        {
            Action::ContactSupport
        } else if matches!(kind.as_str(), "RATE_LIMIT" | "SERVER" | "VEHICLE_STATE")
            || resolution == "RETRY_LATER"
            || self
                .status
                .is_some_and(|status| status == 429 || status >= 500)
        {
            Action::RetryLater
        } else if resolution == "REAUTHENTICATE" || code == "AUTHENTICATION_FAILED" {
            Action::Reauthenticate
        } else {
            Action::ContactSupport
        }
    }

    /// Whether the triage table names this error (an unknown one goes to Smartcar support).
    pub fn is_known(&self, tesla: bool) -> bool {
        self.action(tesla) != Action::ContactSupport
            || upper(self.resolution.as_deref()) == "CONTACT_SUPPORT"
            || upper(self.code.as_deref()) == "RECORD_NOT_FOUND"
    }
}

fn upper(text: Option<&str>) -> String {
    text.unwrap_or_default().trim().to_ascii_uppercase()
}

/// The index of the error to act on among several: the first of the best-ranked action.
pub fn pick_error(errors: &[ErrorReport], tesla: bool) -> Option<usize> {
    errors
        .iter()
        .enumerate()
        .min_by_key(|(index, error)| (error.action(tesla).rank(), *index))
        .map(|(index, _)| index)
}

/// What `parse` prints as `advice`: the action and the one line that explains it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Advice {
    pub action: Action,
    pub message: String,
}
