//! What `--profile NAME` contributes to a link.

use super::profiles_cmd::{open_store, to_command_error};
use super::{Cli, CommandError};
use crate::profiles::{Profile, StoreError};

/// The named profile: exit 2 listing the known names when there is no such
/// profile, exit 1 naming the file when the file cannot be read.
pub fn find_profile(cli: &Cli, name: &str) -> Result<Profile, CommandError> {
    let store = open_store(cli)?;
    let profile = store.find(name).ok_or_else(|| {
        to_command_error(StoreError::UnknownProfile {
            name: name.to_owned(),
            known: store.names(),
        })
    })?;
    Ok(profile.clone())
}

/// The profile `--profile` names, if the flag was given.
pub fn optional_profile(cli: &Cli, name: Option<&str>) -> Result<Option<Profile>, CommandError> {
    name.map(|name| find_profile(cli, name)).transpose()
}
