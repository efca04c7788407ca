//! Where each profile's management token and v3 client secret live: the operating
//! system's credential store (Secret Service on Linux, Keychain on macOS, Credential
//! Manager on Windows), never the profiles file, an export, the history or a message.
//! `REAUTH_LINK_MANAGEMENT_TOKEN` and `REAUTH_LINK_CLIENT_SECRET` override the store for
//! headless runs. Where no store answers, the error says so and
//! names the variable: nothing falls back to a file.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use keyring::Entry;

/// The environment's token, used before any stored one.
pub const TOKEN_ENV: &str = "REAUTH_LINK_MANAGEMENT_TOKEN";

/// The environment's v3 client secret, used before any stored one.
pub const CLIENT_SECRET_ENV: &str = "REAUTH_LINK_CLIENT_SECRET";

/// The store's service name for every secret of this tool.
const SERVICE: &str = "reauth-link";

/// Which secret of a profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecretKind {
    /// v2: the Application Management Token.
    ManagementToken,
    /// v3: the API credentials' client secret.
    ClientSecret,
}

impl SecretKind {
    fn account(self, profile: &str) -> String {
        match self {
            SecretKind::ManagementToken => format!("management-token:{profile}"),
            SecretKind::ClientSecret => format!("client-secret:{profile}"),
        }
    }
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    #[error(
        "no credential store answers on this machine ({reason}); set {TOKEN_ENV} to the token for this run instead"
    )]
    NoStore { reason: String },
    #[error(
        "profile `{profile}` has no management token; store one with `reauth-link profiles set-token {profile}` or set {TOKEN_ENV}"
    )]
    Missing { profile: String },
    #[error(
        "no management token; give --profile NAME after `reauth-link profiles set-token NAME`, or set {TOKEN_ENV}"
    )]
    NoProfile,
    #[error(
        "the token is empty; paste the Application Management Token from the dashboard's Configuration page"
    )]
    Empty,
}

/// A credential store and the entries asked of it: one entry per account for the store's
/// lifetime, so the store is asked once and an in-memory store (the tests') keeps what
/// was set.
pub struct SecretStore {
    /// `None`: the operating system's store (or the process's default builder).
    builder: Option<Box<keyring::CredentialBuilder>>,
    entries: Mutex<HashMap<String, Arc<Entry>>>,
    /// A token that wins over every stored one (`REAUTH_LINK_MANAGEMENT_TOKEN`).
    environment_token: Option<String>,
    /// A client secret that wins over every stored one (`REAUTH_LINK_CLIENT_SECRET`).
    environment_client_secret: Option<String>,
}

impl SecretStore {
    /// The operating system's store, and the environment's token, read once.
    pub fn from_environment() -> Self {
        SecretStore {
            builder: None,
            entries: Mutex::default(),
            environment_token: environment_value(TOKEN_ENV),
            environment_client_secret: environment_value(CLIENT_SECRET_ENV),
        }
    }

    /// A store of the caller's (the tests' in-memory one); no environment token.
    pub fn with_credentials(builder: Box<keyring::CredentialBuilder>) -> Self {
        SecretStore {
            builder: Some(builder),
            entries: Mutex::default(),
            environment_token: None,
            environment_client_secret: None,
        }
    }

    /// Whether a token from the environment is used instead of the stored ones.
    pub fn environment_decides(&self) -> bool {
        self.environment_token.is_some()
    }

    /// Whether the environment's secret of this kind is used instead of the stored ones.
    pub fn environment_decides_for(&self, kind: SecretKind) -> bool {
        match kind {
            SecretKind::ManagementToken => self.environment_token.is_some(),
            SecretKind::ClientSecret => self.environment_client_secret.is_some(),
        }
    }

    fn entry(&self, kind: SecretKind, profile: &str) -> Result<Arc<Entry>, SecretError> {
        let account = kind.account(profile);
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        if let Some(entry) = entries.get(&account) {
            return Ok(Arc::clone(entry));
        }
        let entry = match &self.builder {
            None => Entry::new(SERVICE, &account).map_err(no_store)?,
            Some(builder) => Entry::new_with_credential(
                builder.build(None, SERVICE, &account).map_err(no_store)?,
            ),
        };
        let entry = Arc::new(entry);
        entries.insert(account, Arc::clone(&entry));
        Ok(entry)
    }

    /// The stored secret, or `None` when the profile has none.
    pub fn stored(&self, kind: SecretKind, profile: &str) -> Result<Option<String>, SecretError> {
        match self.entry(kind, profile)?.get_password() {
            Ok(secret) => Ok(Some(secret)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(other) => Err(no_store(other)),
        }
    }

    /// Keeps `secret` for the profile, replacing one stored before. Surrounding
    /// whitespace (a pasted line's end) is not part of it.
    pub fn store(&self, kind: SecretKind, profile: &str, secret: &str) -> Result<(), SecretError> {
        let secret = secret.trim();
        if secret.is_empty() {
            return Err(SecretError::Empty);
        }
        self.entry(kind, profile)?
            .set_password(secret)
            .map_err(no_store)
    }

    /// Removes the profile's secret; `false` when there was none.
    pub fn forget(&self, kind: SecretKind, profile: &str) -> Result<bool, SecretError> {
        match self.entry(kind, profile)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(other) => Err(no_store(other)),
        }
    }

    /// The v3 client secret for a call: the environment's, else the profile's stored
    /// one; `None` when there is neither.
    pub fn client_secret_for(&self, profile: &str) -> Result<Option<String>, SecretError> {
        match &self.environment_client_secret {
            Some(secret) => Ok(Some(secret.clone())),
            None => self.stored(SecretKind::ClientSecret, profile),
        }
    }

    /// The token for a call: the environment's, else the profile's stored one.
    pub fn token_for(&self, profile: Option<&str>) -> Result<String, SecretError> {
        if let Some(token) = &self.environment_token {
            return Ok(token.clone());
        }
        let profile = profile.ok_or(SecretError::NoProfile)?;
        self.stored(SecretKind::ManagementToken, profile)?
            .ok_or_else(|| SecretError::Missing {
                profile: profile.to_owned(),
            })
    }
}

/// The process's store for the command line. The environment is read at each call
/// instead (`token_for`), as a command reads it when it runs.
fn process_store() -> &'static SecretStore {
    static STORE: OnceLock<SecretStore> = OnceLock::new();
    STORE.get_or_init(|| SecretStore {
        builder: None,
        entries: Mutex::default(),
        environment_token: None,
        environment_client_secret: None,
    })
}

fn environment_value(variable: &str) -> Option<String> {
    let value = std::env::var(variable).ok()?;
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

fn no_store(error: keyring::Error) -> SecretError {
    SecretError::NoStore {
        reason: error.to_string(),
    }
}

/// The stored secret, or `None` when the profile has none.
pub fn stored(kind: SecretKind, profile: &str) -> Result<Option<String>, SecretError> {
    process_store().stored(kind, profile)
}

/// Keeps `secret` for the profile, replacing one stored before.
pub fn store(kind: SecretKind, profile: &str, secret: &str) -> Result<(), SecretError> {
    process_store().store(kind, profile, secret)
}

/// Removes the profile's secret; `false` when there was none.
pub fn forget(kind: SecretKind, profile: &str) -> Result<bool, SecretError> {
    process_store().forget(kind, profile)
}

/// The token for a call: the environment's, else the profile's stored one.
pub fn token_for(profile: Option<&str>) -> Result<String, SecretError> {
    match environment_value(TOKEN_ENV) {
        Some(token) => Ok(token),
        None => process_store().token_for(profile),
    }
}

/// The v3 client secret for a call: the environment's, else the profile's stored one;
/// `None` when there is neither.
pub fn client_secret_for(profile: &str) -> Result<Option<String>, SecretError> {
    match environment_value(CLIENT_SECRET_ENV) {
        Some(secret) => Ok(Some(secret)),
        None => process_store().stored(SecretKind::ClientSecret, profile),
    }
}
