//! What the management commands share: the API a profile opens (v3 with its API
//! credentials, else v2 with the management token), and how connections are printed.

use serde_json::json;

use super::profile_lookup::optional_profile;
use std::io::Write;

use super::{Cli, CommandError, write_out};
use crate::connections::http::DEFAULT_TIMEOUT;
use crate::connections::secret::{client_secret_for, token_for};
use crate::connections::v3::{DEFAULT_API_ORIGIN, DEFAULT_IAM_ORIGIN};
use crate::connections::{
    API_ORIGIN_ENV, ApiError, CLIENT_SECRET_ENV, Connection, ConnectionsV3, Filter, HttpClient,
    IAM_ORIGIN_ENV, ManagementApi, ManagementV2, ORIGIN_ENV, Origin, RetryPolicy, SecretError,
    V3Credentials,
};
use crate::link::{Problem, clean_lookup_id};
use crate::profiles::Profile;

/// The management API for `profile`: its v3 connections endpoint when it has API
/// credentials (a client id and a secret, stored or from the environment), else v2 with
/// its management token or the environment's. A profile that does not exist, or no
/// credential anywhere, is exit 2: nothing was sent.
pub fn open_api(cli: &Cli, profile: Option<&str>) -> Result<Box<dyn ManagementApi>, CommandError> {
    let profile = optional_profile(cli, profile)?;
    let client = HttpClient::new(DEFAULT_TIMEOUT, RetryPolicy::default());
    if let Some(credentials) = api_credentials(profile.as_ref())? {
        let iam = v3_origin(IAM_ORIGIN_ENV, DEFAULT_IAM_ORIGIN)?;
        let api = v3_origin(API_ORIGIN_ENV, DEFAULT_API_ORIGIN)?;
        return Ok(Box::new(ConnectionsV3::new(client, iam, api, credentials)));
    }
    let name = profile.as_ref().map(|p| p.name.as_str());
    let token = token_for(name).map_err(|e| no_credentials(profile.as_ref(), e))?;
    let origin = Origin::from_env().map_err(|e| CommandError::invalid(ORIGIN_ENV, e))?;
    Ok(Box::new(ManagementV2::new(client, origin, &token)))
}

/// The profile's API credentials, when it has a client id and a secret for it. A store
/// that does not answer is an error, unless the environment's management token makes
/// the store unneeded: falling back to v2 silently would hide why v3 was not used.
fn api_credentials(profile: Option<&Profile>) -> Result<Option<V3Credentials>, CommandError> {
    let Some((profile, client_id)) =
        profile.and_then(|p| p.api_client_id.as_deref().map(|id| (p, id)))
    else {
        return Ok(None);
    };
    let secret = match client_secret_for(&profile.name) {
        Ok(secret) => secret,
        Err(_) if token_for(None).is_ok() => None,
        Err(error) => return Err(client_secret_unavailable(error)),
    };
    Ok(secret.map(|client_secret| V3Credentials {
        client_id: client_id.to_owned(),
        client_secret,
    }))
}

/// No management token either: a profile with an API client id was meant for v3, so the
/// message names its missing secret rather than a token it may never have had.
fn no_credentials(profile: Option<&Profile>, error: SecretError) -> CommandError {
    match (profile, &error) {
        (Some(profile), SecretError::Missing { .. }) if profile.api_client_id.is_some() => {
            let name = &profile.name;
            CommandError::invalid(
                "client secret",
                format!(
                    "profile `{name}` has an API client id but no client secret; store it with `reauth-link profiles set-token {name} --client-secret` or set {CLIENT_SECRET_ENV}"
                ),
            )
        }
        _ => CommandError::invalid("management token", error),
    }
}

/// The store failing is not the same as no secret: falling back to v2 then would hide it.
fn client_secret_unavailable(error: SecretError) -> CommandError {
    let reason = match error {
        SecretError::NoStore { reason } => reason,
        other => other.to_string(),
    };
    CommandError::invalid(
        "client secret",
        format!(
            "no credential store answers on this machine ({reason}); set {CLIENT_SECRET_ENV} to the client secret for this run instead"
        ),
    )
}

fn v3_origin(variable: &str, default: &str) -> Result<Origin, CommandError> {
    Origin::from_env_or(variable, default).map_err(|e| CommandError::invalid(variable, e))
}

/// A failed call is exit 1, its line naming what to look at.
pub fn api_failure(error: ApiError) -> CommandError {
    CommandError::Failure(format!("error: {}: {error}", error.field()))
}

/// The filter a DELETE or a lookup takes, from exactly one of the two options (clap
/// makes sure one is given). The id is cleaned as a link's ids are (a warning on
/// `stderr` says what was taken out); an empty id, or one with characters no id has, is
/// exit 2, nothing sent.
pub fn filter_from(
    vehicle_id: Option<&str>,
    user_id: Option<&str>,
    stderr: &mut dyn Write,
) -> Result<Filter, CommandError> {
    let mut given = |field: &str, id: &str| {
        if id.trim().is_empty() {
            return Err(CommandError::invalid(
                field,
                "is empty; give the id from the dashboard or an API error",
            ));
        }
        let (id, done) =
            clean_lookup_id(id).map_err(|problem| CommandError::invalid(field, problem))?;
        if let Some(done) = done {
            let warning = Problem::IdCleaned {
                done,
                id: id.clone(),
            };
            write_out(stderr, &format!("warning: {field}: {warning}\n"))?;
        }
        Ok(id)
    };
    match (vehicle_id, user_id) {
        (Some(id), None) => Ok(Filter::Vehicle(given("vehicle_id", id)?)),
        (None, Some(id)) => Ok(Filter::User(given("user_id", id)?)),
        _ => Err(CommandError::invalid(
            "vehicle_id",
            "give exactly one of --vehicle-id or --user-id",
        )),
    }
}

/// One connection a line: vehicle id, user id, connected since, mode (tab-separated).
pub fn connection_line(connection: &Connection) -> String {
    format!(
        "{}\t{}\t{}\t{}\n",
        connection.vehicle_id,
        if connection.user_id.is_empty() {
            "-"
        } else {
            &connection.user_id
        },
        connection.connected_at.as_deref().unwrap_or("-"),
        connection.mode.as_deref().unwrap_or("-"),
    )
}

pub fn connection_json(connection: &Connection) -> serde_json::Value {
    json!({
        "vehicle_id": connection.vehicle_id,
        "user_id": connection.user_id,
        "connected_at": connection.connected_at,
        "mode": connection.mode,
    })
}

pub const NOT_CONNECTED: &str = "not connected to this app\n";
