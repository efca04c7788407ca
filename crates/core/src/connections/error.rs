//! Why a management API call failed, in words for the person at the keyboard. The token
//! itself never appears in any of them.

/// A failed call. `field` names what the person should look at, as the command line's
/// `error: <field>: …` lines do.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    #[error(
        "the management token is wrong or revoked; copy it from the dashboard's Configuration page"
    )]
    Unauthorized,
    #[error(
        "Smartcar refused the v3 client id or secret; copy them from the dashboard's API credentials page"
    )]
    V3CredentialsRejected,
    #[error(
        "Smartcar is limiting requests (429) and still was after {retries} retries; try again in a few minutes"
    )]
    RateLimited { retries: u32 },
    #[error("Smartcar's management API failed ({status}{detail}); try again later")]
    Server { status: u16, detail: String },
    #[error("Smartcar refused the request ({status}{detail})")]
    Refused { status: u16, detail: String },
    #[error("no answer from {origin} within {seconds} s; check the network or proxy and try again")]
    Timeout { origin: String, seconds: u64 },
    #[error("cannot reach {origin} ({reason}); check the network or proxy and try again")]
    Network { origin: String, reason: String },
    #[error("the answer from {origin} is not what Smartcar sends ({what}); try again later")]
    Unreadable { origin: String, what: String },
}

impl ApiError {
    /// What the person should look at: the token, or the API as a whole.
    pub fn field(&self) -> &'static str {
        match self {
            ApiError::Unauthorized => "management token",
            ApiError::V3CredentialsRejected => "client secret",
            _ => "management API",
        }
    }
}
