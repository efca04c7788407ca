//! What the window asks Smartcar's management API with: where it is and the credential
//! store holding each profile's token. The window reads both from the environment once;
//! tests hand in a stand-in API's origin and an in-memory store.

use std::sync::Arc;

use crate::connections::{ORIGIN_ENV, Origin, SecretError, SecretStore};

#[derive(Clone)]
pub struct ManagementSetup {
    /// `Err`: the environment's origin is refused, and says why.
    pub origin: Result<Origin, String>,
    pub secrets: Arc<SecretStore>,
}

impl ManagementSetup {
    /// Smartcar's API (or `SMARTCAR_MANAGEMENT_API_ORIGIN`) and the system's store.
    pub fn from_environment() -> Self {
        ManagementSetup {
            origin: Origin::from_env().map_err(|e| format!("{ORIGIN_ENV}: {e}")),
            secrets: Arc::new(SecretStore::from_environment()),
        }
    }

    pub fn new(origin: Origin, secrets: SecretStore) -> Self {
        ManagementSetup {
            origin: Ok(origin),
            secrets: Arc::new(secrets),
        }
    }
}

/// The core's message for a token that cannot be had, and where the window stores one.
pub fn token_failure(error: &SecretError) -> String {
    match error {
        SecretError::Missing { .. } => format!(
            "management token: {error}; in this window: Profiles, the profile's Management token, Set…"
        ),
        SecretError::NoProfile => {
            format!("management token: {error}; in this window: choose the profile on the Link tab")
        }
        other => format!("management token: {other}"),
    }
}

/// Whether a lookup asked by no one (after a paste) should stay quiet about this: there
/// is simply no token to use.
pub fn no_token(error: &SecretError) -> bool {
    matches!(error, SecretError::Missing { .. } | SecretError::NoProfile)
}
