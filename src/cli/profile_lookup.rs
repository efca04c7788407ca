//! What `--profile NAME` contributes to a link.

use super::profiles_cmd::{open_store, to_command_error};
use super::{Cli, CommandError};
use crate::profiles::StoreError;

/// A profile's values that seed a form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProfileDefaults {
    pub client_id: String,
    /// The dashboard's registered redirect URIs, for the "not registered" warning.
    pub redirect_uris: Vec<String>,
    pub default_redirect_uri: Option<String>,
    pub user: Option<String>,
}

/// The named profile's values: exit 2 listing the known names when there is no such
/// profile, exit 1 naming the file when the file cannot be read.
pub fn profile_defaults(cli: &Cli, name: &str) -> Result<ProfileDefaults, CommandError> {
    let store = open_store(cli)?;
    let profile = store.find(name).ok_or_else(|| {
        to_command_error(StoreError::UnknownProfile {
            name: name.to_owned(),
            known: store.names(),
        })
    })?;
    Ok(ProfileDefaults {
        client_id: profile.client_id.clone(),
        redirect_uris: profile.redirect_uris.clone(),
        default_redirect_uri: profile.default_redirect_uri.clone(),
        user: profile.user.clone(),
    })
}
