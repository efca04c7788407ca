//! What the management commands share: the token (the environment's, else the profile's
//! from the credential store), the API it opens, and how connections are printed.

use serde_json::json;

use super::profile_lookup::find_profile;
use std::io::Write;

use super::{Cli, CommandError, write_out};
use crate::connections::http::DEFAULT_TIMEOUT;
use crate::connections::secret::token_for;
use crate::connections::{
    ApiError, Connection, Filter, HttpClient, ManagementV2, ORIGIN_ENV, Origin, RetryPolicy,
};
use crate::link::{Problem, clean_lookup_id};

/// The v2 management API with the token of `profile`, or of the environment. A profile
/// that does not exist, or no token anywhere, is exit 2: nothing was sent.
pub fn open_api(cli: &Cli, profile: Option<&str>) -> Result<ManagementV2, CommandError> {
    if let Some(name) = profile {
        find_profile(cli, name)?;
    }
    let token = token_for(profile).map_err(|e| CommandError::invalid("management token", e))?;
    let origin = Origin::from_env().map_err(|e| CommandError::invalid(ORIGIN_ENV, e))?;
    let client = HttpClient::new(DEFAULT_TIMEOUT, RetryPolicy::default());
    Ok(ManagementV2::new(client, origin, &token))
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
