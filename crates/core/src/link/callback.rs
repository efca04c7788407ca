//! The page the owner lands on after Connect: its URL (or only its query) read into what
//! happened, in plain words, and what to do next. Smartcar's Connect docs:
//! success brings `vehicle_id` (older docs: `code`) and `state`, with `external_id` when
//! the link had one; a new connection's success brings `code`; a failure brings `error`,
//! `error_description` and `state`, and some errors extra fields (`vin`, `make`, `model`,
//! `year` for an incompatible vehicle; `status_code`, `error_message` for a configuration
//! error). No egui, no files.

use url::Url;

use super::extract::{is_invisible, trim_trailing_punctuation};

/// What the owner's return says happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectReturn {
    pub result: ReturnResult,
    /// The link's own `state`: what finds the link in the history.
    pub state: Option<String>,
    pub external_id: Option<String>,
    /// What reading took out of the pasted text, for the person to see.
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReturnResult {
    /// Re-authentication worked: the vehicle is connected again.
    Reauthenticated {
        vehicle_id: String,
    },
    /// A `code` came back: a new connection (or an older re-authentication) worked; the
    /// code must be exchanged for tokens within 10 minutes.
    Code {
        code: String,
    },
    Failed(ReturnError),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnError {
    /// As Smartcar sent it, e.g. `vehicle_incompatible`.
    pub code: String,
    pub description: Option<String>,
    /// The error's own fields, in the order of `EXTRA_FIELDS`, only those present.
    pub extra: Vec<(&'static str, String)>,
}

/// Fields some errors add (§11), in the order they are shown.
pub const EXTRA_FIELDS: [&str; 6] = [
    "vin",
    "make",
    "model",
    "year",
    "status_code",
    "error_message",
];

/// The parameters every return can carry besides the `EXTRA_FIELDS`; one of all of them
/// must be present.
const OUTCOME_PARAMETERS: [&str; 6] = [
    "vehicle_id",
    "code",
    "error",
    "error_description",
    "state",
    "external_id",
];

fn is_known_parameter(name: &str) -> bool {
    OUTCOME_PARAMETERS.contains(&name) || EXTRA_FIELDS.contains(&name)
}

/// Why a text was not read as a return.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReturnReadError {
    #[error(
        "this is neither a URL nor a query string: paste the whole address the owner landed on after Connect (it holds `state=` and `vehicle_id=`, `code=` or `error=`)"
    )]
    NotAUrl,
    #[error(
        "this address has none of Connect's return parameters (vehicle_id, code, error, state): paste the address the owner landed on after Connect, not another page"
    )]
    NoKnownParameters,
    #[error(
        "this is a link to Connect, not the page the owner landed on after it: paste the address from the owner's browser after they finished Connect"
    )]
    OutgoingLink,
    #[error(
        "this address has a state but no outcome (neither vehicle_id, code nor error): ask the owner for the full address, including everything after `?`"
    )]
    NoOutcome,
    /// Read either way it would mark a link wrongly, so it is read neither way.
    #[error(
        "this address contradicts itself ({0}), so it is not read and no outcome is recorded: ask the owner for the address exactly as their browser showed it"
    )]
    Contradictory(String),
}

/// Reads the landing page's URL, or only its query (`?vehicle_id=…&state=…` or without
/// the `?`).
pub fn read_return(text: &str) -> Result<ConnectReturn, ReturnReadError> {
    // A browser's address bar never holds these: a chat or mail program put them in when
    // the address was passed on, and left in, a state or vehicle id would match no link.
    // Percent-encoded ones are the address's own and stay.
    let invisible = text.chars().filter(|c| is_invisible(*c)).count();
    let visible: String = text.chars().filter(|c| !is_invisible(*c)).collect();
    let pairs = query_pairs(trim_trailing_punctuation(visible.trim()))?;
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
    };
    if !pairs.iter().any(|(key, _)| is_known_parameter(key)) {
        return Err(ReturnReadError::NoKnownParameters);
    }
    if value("client_id").is_some() || value("response_type").is_some() {
        return Err(ReturnReadError::OutgoingLink);
    }
    if let Some(contradiction) = contradiction(&pairs) {
        return Err(ReturnReadError::Contradictory(contradiction));
    }
    let result = if let Some(code) = value("error") {
        ReturnResult::Failed(ReturnError {
            code,
            description: value("error_description"),
            extra: EXTRA_FIELDS
                .iter()
                .filter_map(|&name| value(name).map(|v| (name, v)))
                .collect(),
        })
    } else if let Some(vehicle_id) = value("vehicle_id") {
        ReturnResult::Reauthenticated { vehicle_id }
    } else if let Some(code) = value("code") {
        ReturnResult::Code { code }
    } else {
        return Err(ReturnReadError::NoOutcome);
    };
    Ok(ConnectReturn {
        result,
        state: value("state"),
        external_id: value("external_id"),
        notes: (invisible > 0)
            .then(|| {
                format!(
                    "took {invisible} invisible character(s) (zero-width spaces, direction marks) out of the address"
                )
            })
            .into_iter()
            .collect(),
    })
}

/// A parameter of the outcome given twice, or a success and a failure in one address.
fn contradiction(pairs: &[(String, String)]) -> Option<String> {
    for name in OUTCOME_PARAMETERS {
        let mut values = pairs.iter().filter(|(key, _)| key == name).map(|(_, v)| v);
        if let (Some(first), Some(second)) = (values.next(), values.next()) {
            return Some(if first == second {
                format!("`{name}` appears twice")
            } else {
                format!("`{name}` appears twice, as `{first}` and as `{second}`")
            });
        }
    }
    let has = |name: &str| pairs.iter().any(|(key, _)| key == name);
    ["code", "vehicle_id"]
        .into_iter()
        .find(|success| has("error") && has(success))
        .map(|success| {
            format!("it holds both `{success}`, which a success brings, and `error`, which a failure brings")
        })
}

fn query_pairs(text: &str) -> Result<Vec<(String, String)>, ReturnReadError> {
    if text.is_empty() || text.contains(char::is_whitespace) {
        return Err(ReturnReadError::NotAUrl);
    }
    if let Ok(url) = Url::parse(text)
        && url.has_host()
    {
        if url.host_str() == Some("connect.smartcar.com") {
            return Err(ReturnReadError::OutgoingLink);
        }
        return Ok(url.query_pairs().into_owned().collect());
    }
    let query = text.strip_prefix('?').unwrap_or(text);
    if !query.contains('=') {
        return Err(ReturnReadError::NotAUrl);
    }
    Ok(url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect())
}

impl ConnectReturn {
    /// The vehicle the return names: only a re-authentication's success names one.
    pub fn returned_vehicle(&self) -> Option<&str> {
        match &self.result {
            ReturnResult::Reauthenticated { vehicle_id } => Some(vehicle_id),
            _ => None,
        }
    }

    /// `success` or `error`.
    pub fn outcome(&self) -> &'static str {
        match self.result {
            ReturnResult::Failed(_) => "error",
            _ => "success",
        }
    }

    pub fn error(&self) -> Option<&ReturnError> {
        match &self.result {
            ReturnResult::Failed(error) => Some(error),
            _ => None,
        }
    }

    /// What happened, in plain words.
    pub fn summary(&self) -> String {
        match &self.result {
            ReturnResult::Reauthenticated { vehicle_id } => {
                format!("The owner re-connected vehicle {vehicle_id}: it works again.")
            }
            ReturnResult::Code { code } => format!(
                "The owner finished Connect and an authorization code came back ({code}): the connection worked."
            ),
            ReturnResult::Failed(error) => error.summary(),
        }
    }

    /// What the support desk should do now.
    pub fn next_step(&self) -> String {
        match &self.result {
            ReturnResult::Reauthenticated { .. } => {
                "Nothing more: close the ticket once the vehicle reports data again.".to_owned()
            }
            ReturnResult::Code { .. } => {
                "Your app must exchange the code for tokens within 10 minutes; if it did not, send a new link.".to_owned()
            }
            ReturnResult::Failed(error) => error.next_step().to_owned(),
        }
    }
}

impl ReturnError {
    fn extra(&self, name: &str) -> Option<&str> {
        self.extra
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.as_str())
    }

    fn summary(&self) -> String {
        let what = match self.code.as_str() {
            "access_denied" => "The owner declined to give access.".to_owned(),
            "invalid_subscription" => {
                "The brand's connected-services subscription for this vehicle is inactive."
                    .to_owned()
            }
            "no_vehicles" => "The owner's account has no vehicle to connect.".to_owned(),
            "vehicle_incompatible" => self.incompatible_vehicle(),
            "configuration_error" => {
                let status = self.extra("status_code").map(|s| format!(" (status {s})"));
                let message = self.extra("error_message").map(|m| format!(": {m}"));
                format!(
                    "Connect refused the link itself{}{}.",
                    status.unwrap_or_default(),
                    message.unwrap_or_default()
                )
            }
            "server_error" => "Smartcar had a server error during Connect.".to_owned(),
            other => format!("Connect returned the error `{other}`."),
        };
        match &self.description {
            Some(description) if !description.is_empty() => {
                format!("{what} Smartcar says: {description}")
            }
            _ => what,
        }
    }

    fn incompatible_vehicle(&self) -> String {
        let named: Vec<&str> = ["year", "make", "model"]
            .iter()
            .filter_map(|name| self.extra(name))
            .collect();
        let vehicle = if named.is_empty() {
            "The vehicle".to_owned()
        } else {
            format!("The {}", named.join(" "))
        };
        let vin = self
            .extra("vin")
            .map(|vin| format!(" (VIN {vin})"))
            .unwrap_or_default();
        format!("{vehicle}{vin} is not compatible with Smartcar or with the permissions asked.")
    }

    fn next_step(&self) -> &'static str {
        match self.code.as_str() {
            "access_denied" => {
                "Ask the owner whether they meant to decline; if not, send the same link again and ask them to press Allow."
            }
            "invalid_subscription" => {
                "No link helps yet: the owner must renew the connected-services subscription in the brand's app or account, then open the link again."
            }
            "no_vehicles" => {
                "Ask the owner to add the vehicle to their account in the brand's app, then send the link again."
            }
            "vehicle_incompatible" => {
                "No link helps for this vehicle: tell the owner it cannot be connected, or ask for fewer permissions."
            }
            "configuration_error" => {
                "The link is wrong, not the owner's account: check the profile's client_id and redirect URI against the dashboard, make a new link and send it."
            }
            "server_error" => "Wait a few minutes, then ask the owner to open the same link again.",
            _ => {
                "Read Smartcar's description above; if it does not say what to do, send a new link and contact Smartcar support if it happens again."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_alone_reads_like_the_whole_address() {
        let whole = read_return("https://example.com/home?vehicle_id=v1&state=s1");
        assert_eq!(whole, read_return("?vehicle_id=v1&state=s1"));
        assert_eq!(whole, read_return("vehicle_id=v1&state=s1"));
    }
}
