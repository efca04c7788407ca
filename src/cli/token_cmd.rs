//! `profiles set-token NAME` and `profiles forget-token NAME`: the profile's management
//! token in the system's credential store. The token is read from stdin, or typed without
//! echo on a terminal, and is never printed back.

use std::io::IsTerminal;

use super::profile_lookup::find_profile;
use super::{Cli, CommandError, Streams, write_out};
use crate::connections::secret::{SecretError, SecretKind, forget, store, stored};

pub fn set(cli: &Cli, name: &str, streams: &mut Streams<'_>) -> Result<(), CommandError> {
    let profile = find_profile(cli, name)?;
    let token = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(format!("Management token for `{}`: ", profile.name))
            .map_err(|e| CommandError::failure(format!("cannot read the token: {e}")))?
    } else {
        let mut line = String::new();
        streams
            .stdin
            .read_line(&mut line)
            .map_err(|e| CommandError::failure(format!("cannot read the token: {e}")))?;
        line
    };
    store(SecretKind::ManagementToken, &profile.name, &token).map_err(secret_error)?;
    write_out(
        streams.stdout,
        &format!(
            "stored the management token of `{}` in the system's credential store\n",
            profile.name
        ),
    )
}

pub fn forget_token(cli: &Cli, name: &str, streams: &mut Streams<'_>) -> Result<(), CommandError> {
    let profile = find_profile(cli, name)?;
    let removed = forget(SecretKind::ManagementToken, &profile.name).map_err(secret_error)?;
    let line = if removed {
        format!("removed the management token of `{}`\n", profile.name)
    } else {
        format!("`{}` had no management token stored\n", profile.name)
    };
    write_out(streams.stdout, &line)
}

/// `management_token: stored` or `not stored`, for `profiles show`; never the token.
pub fn token_line(profile: &str) -> String {
    match stored(SecretKind::ManagementToken, profile) {
        Ok(Some(_)) => "management_token: stored\n".to_owned(),
        Ok(None) => "management_token: not stored\n".to_owned(),
        Err(error) => format!("management_token: unknown ({error})\n"),
    }
}

/// An empty token is the input's fault (exit 2); a store that does not answer is not.
fn secret_error(error: SecretError) -> CommandError {
    match error {
        SecretError::Empty => CommandError::invalid("management token", error),
        other => CommandError::failure(format!("management token: {other}")),
    }
}
