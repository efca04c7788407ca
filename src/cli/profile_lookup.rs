//! The command line's way into the profiles: the store opened from the config folder, a
//! named profile looked up, and the store's errors as exit codes.

use super::{Cli, CommandError};
use crate::profiles::{Profile, ProfileStore, StoreError};

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

/// The store, or exit 1 naming the file when it cannot be read.
pub fn open_store(cli: &Cli) -> Result<ProfileStore, CommandError> {
    ProfileStore::open(cli.config_dir.as_deref()).map_err(to_command_error)
}

/// Wrong input (a profile that breaks a rule, an unknown name) is exit 2; anything about
/// the file itself is exit 1.
pub fn to_command_error(error: StoreError) -> CommandError {
    match error {
        StoreError::InvalidProfile { findings, .. } => {
            CommandError::Invalid(findings.iter().map(ToString::to_string).collect())
        }
        StoreError::ImportRejected { problems } => CommandError::Invalid(
            problems
                .iter()
                .map(|problem| format!("error: {problem}"))
                .collect(),
        ),
        unknown @ StoreError::UnknownProfile { .. } => CommandError::invalid("profile", unknown),
        other => CommandError::failure(other),
    }
}
