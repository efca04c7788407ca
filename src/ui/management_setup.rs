//! What the window asks Smartcar's management API with: where each version is and the
//! credential store holding each profile's secrets; and the API a profile opens (v3 with
//! its API credentials, else v2 with its management token), as the command line's. The
//! window reads the origins from the environment once; tests hand in a stand-in API's
//! origin and an in-memory store.

use std::sync::Arc;

use crate::connections::http::DEFAULT_TIMEOUT;
use crate::connections::v3::{DEFAULT_API_ORIGIN, DEFAULT_IAM_ORIGIN};
use crate::connections::{
    API_ORIGIN_ENV, ConnectionsV3, HttpClient, IAM_ORIGIN_ENV, ManagementApi, ManagementV2,
    ORIGIN_ENV, Origin, RetryPolicy, SecretError, SecretStore, V3Credentials,
};

#[derive(Clone)]
pub struct ManagementSetup {
    /// v2's. `Err`: the environment's origin is refused, and says why.
    pub origin: Result<Origin, String>,
    /// v3's token endpoint and connections endpoint, the same way.
    pub iam: Result<Origin, String>,
    pub api: Result<Origin, String>,
    pub secrets: Arc<SecretStore>,
}

/// Whom a lookup is for: the chosen profile's name and its API client id, if any.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Asker {
    pub profile: Option<String>,
    pub api_client_id: Option<String>,
}

impl Asker {
    /// The chosen profile's name and API client id; no profile asks with neither.
    pub fn of(profile: Option<&crate::profiles::Profile>) -> Self {
        Self {
            profile: profile.map(|p| p.name.clone()),
            api_client_id: profile.and_then(|p| p.api_client_id.clone()),
        }
    }
}

/// Why no API could be opened: no secret to use, or a refused origin.
pub enum OpenFailure {
    Secret(SecretError),
    Origin(String),
}

impl OpenFailure {
    pub fn message(&self) -> String {
        match self {
            OpenFailure::Secret(error) => token_failure(error),
            OpenFailure::Origin(message) => message.clone(),
        }
    }

    /// Whether a lookup asked by no one should stay quiet about this.
    pub fn no_token(&self) -> bool {
        matches!(self, OpenFailure::Secret(error) if no_token(error))
    }
}

impl ManagementSetup {
    /// Smartcar's APIs (or the origins the environment names) and the system's store.
    pub fn from_environment() -> Self {
        let named = |variable: &str, default: &str| {
            Origin::from_env_or(variable, default).map_err(|e| format!("{variable}: {e}"))
        };
        ManagementSetup {
            origin: Origin::from_env().map_err(|e| format!("{ORIGIN_ENV}: {e}")),
            iam: named(IAM_ORIGIN_ENV, DEFAULT_IAM_ORIGIN),
            api: named(API_ORIGIN_ENV, DEFAULT_API_ORIGIN),
            secrets: Arc::new(SecretStore::from_environment()),
        }
    }

    /// One stand-in serving both versions.
    pub fn new(origin: Origin, secrets: SecretStore) -> Self {
        ManagementSetup {
            origin: Ok(origin.clone()),
            iam: Ok(origin.clone()),
            api: Ok(origin),
            secrets: Arc::new(secrets),
        }
    }

    /// The API for `asker`: v3 when its profile has an API client id and a client secret
    /// (stored or from the environment), else v2. Asks the store, so it runs off the UI
    /// thread.
    pub fn open_api(&self, asker: &Asker) -> Result<Box<dyn ManagementApi>, OpenFailure> {
        let client = HttpClient::new(DEFAULT_TIMEOUT, RetryPolicy::default());
        if let Some(credentials) = self.api_credentials(asker)? {
            let iam = self.iam.clone().map_err(OpenFailure::Origin)?;
            let api = self.api.clone().map_err(OpenFailure::Origin)?;
            return Ok(Box::new(ConnectionsV3::new(client, iam, api, credentials)));
        }
        let token = self
            .secrets
            .token_for(asker.profile.as_deref())
            .map_err(OpenFailure::Secret)?;
        let origin = self.origin.clone().map_err(OpenFailure::Origin)?;
        Ok(Box::new(ManagementV2::new(client, origin, &token)))
    }

    /// As on the command line: a store that does not answer is said, unless the
    /// environment's management token makes it unneeded.
    fn api_credentials(&self, asker: &Asker) -> Result<Option<V3Credentials>, OpenFailure> {
        let (Some(profile), Some(client_id)) = (&asker.profile, &asker.api_client_id) else {
            return Ok(None);
        };
        let secret = match self.secrets.client_secret_for(profile) {
            Ok(secret) => secret,
            Err(_) if self.secrets.environment_decides() => None,
            Err(error) => return Err(OpenFailure::Secret(error)),
        };
        Ok(secret.map(|client_secret| V3Credentials {
            client_id: client_id.clone(),
            client_secret,
        }))
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
