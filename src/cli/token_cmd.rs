//! `profiles set-token NAME` and `profiles forget-token NAME`: the profile's management
//! token (or, with `--client-secret`, its API credentials' client secret) in the system's
//! credential store. The secret is read from stdin, or typed without echo on a terminal,
//! and is never printed back.

use std::io::IsTerminal;

use super::profile_lookup::find_profile;
use super::{Cli, CommandError, Streams, write_out};
use crate::connections::secret::{SecretError, SecretKind, forget, store, stored};

/// Which secret a command is about, from its `--client-secret` flag.
pub fn kind_of(client_secret: bool) -> SecretKind {
    if client_secret {
        SecretKind::ClientSecret
    } else {
        SecretKind::ManagementToken
    }
}

/// How the secret is named in messages and in `profiles show`.
fn label(kind: SecretKind) -> &'static str {
    match kind {
        SecretKind::ManagementToken => "management token",
        SecretKind::ClientSecret => "client secret",
    }
}

pub fn set(
    cli: &Cli,
    name: &str,
    kind: SecretKind,
    streams: &mut Streams<'_>,
) -> Result<(), CommandError> {
    let profile = find_profile(cli, name)?;
    let what = label(kind);
    let secret = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(format!("{} for `{}`: ", capitalised(what), profile.name))
            .map_err(|e| CommandError::failure(format!("cannot read the {what}: {e}")))?
    } else {
        let mut line = String::new();
        streams
            .stdin
            .read_line(&mut line)
            .map_err(|e| CommandError::failure(format!("cannot read the {what}: {e}")))?;
        line
    };
    store(kind, &profile.name, &secret).map_err(|e| secret_error(kind, e))?;
    let mut text = format!(
        "stored the {what} of `{}` in the system's credential store\n",
        profile.name
    );
    if kind == SecretKind::ClientSecret && profile.api_client_id.is_none() {
        text.push_str(&format!(
            "note: `{}` has no API client id, so the secret is not used yet; add the profile again with --api-client-id\n",
            profile.name
        ));
    }
    write_out(streams.stdout, &text)
}

pub fn forget_token(
    cli: &Cli,
    name: &str,
    kind: SecretKind,
    streams: &mut Streams<'_>,
) -> Result<(), CommandError> {
    let profile = find_profile(cli, name)?;
    let what = label(kind);
    let removed = forget(kind, &profile.name).map_err(|e| secret_error(kind, e))?;
    let line = if removed {
        format!("removed the {what} of `{}`\n", profile.name)
    } else {
        format!("`{}` had no {what} stored\n", profile.name)
    };
    write_out(streams.stdout, &line)
}

/// `management_token: stored` or `not stored` (the same for `client_secret`), for
/// `profiles show`; never the secret.
pub fn token_line(kind: SecretKind, profile: &str) -> String {
    let key = label(kind).replace(' ', "_");
    match stored(kind, profile) {
        Ok(Some(_)) => format!("{key}: stored\n"),
        Ok(None) => format!("{key}: not stored\n"),
        Err(error) => format!("{key}: unknown ({error})\n"),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// An empty secret is the input's fault (exit 2); a store that does not answer is not.
fn secret_error(kind: SecretKind, error: SecretError) -> CommandError {
    let what = label(kind);
    match (kind, error) {
        (SecretKind::ManagementToken, error @ SecretError::Empty) => {
            CommandError::invalid(what, error)
        }
        (SecretKind::ClientSecret, SecretError::Empty) => CommandError::invalid(
            what,
            "the secret is empty; paste the client secret from the dashboard's API credentials page",
        ),
        (_, other) => CommandError::failure(format!("{what}: {other}")),
    }
}
