//! What `--profile NAME` contributes to a link.

use super::{Cli, CommandError};

/// A profile's values that seed a form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProfileDefaults {
    pub client_id: String,
    /// The dashboard's registered redirect URIs, for the "not registered" warning.
    pub redirect_uris: Vec<String>,
    pub default_redirect_uri: Option<String>,
    pub user: Option<String>,
}

pub fn profile_defaults(_cli: &Cli, name: &str) -> Result<ProfileDefaults, CommandError> {
    Err(CommandError::failure(format!(
        "profile `{name}`: saved profiles are not available in this build"
    )))
}
