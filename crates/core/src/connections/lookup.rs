//! One vehicle's connection to the app, as the desk reads it: connected since when, to
//! which user, or not connected at all; and which link helps then.

use super::api::{Connection, Filter, Listing, MAX_PAGE_SIZE, ManagementApi};
use super::error::ApiError;
use super::instant::parse_rfc3339_ms;
use crate::history::time::format_utc;
use crate::link::LinkKind;

/// What the management API says of one vehicle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// Its newest connection.
    Connected(Connection),
    NotConnected,
}

/// Said when the vehicle has no connection to the app.
pub const NOT_CONNECTED: &str = "not connected to this app";

/// Asks for the vehicle's connections; the API lists the newest first, and that is the
/// one that tells.
pub fn look_up(api: &dyn ManagementApi, vehicle_id: &str) -> Result<Lookup, ApiError> {
    let listing = Listing::Only(Filter::Vehicle(vehicle_id.to_owned()));
    let page = api.list_page(&listing, MAX_PAGE_SIZE, None)?;
    Ok(match page.connections.into_iter().next() {
        Some(connection) => Lookup::Connected(connection),
        None => Lookup::NotConnected,
    })
}

impl Lookup {
    /// One line: `connected since 2023-08-10 15:00:00 UTC (user …, live)`, or
    /// `not connected to this app`.
    pub fn describe(&self) -> String {
        let Lookup::Connected(connection) = self else {
            return NOT_CONNECTED.to_owned();
        };
        let since = connection
            .connected_at
            .as_deref()
            .map(shown_instant)
            .unwrap_or_else(|| "an unknown time".to_owned());
        let user = if connection.user_id.is_empty() {
            "unknown"
        } else {
            &connection.user_id
        };
        match connection.mode.as_deref() {
            Some(mode) => format!("connected since {since} (user {user}, {mode})"),
            None => format!("connected since {since} (user {user})"),
        }
    }

    /// The kind of link that helps instead of re-authentication, with why: a vehicle
    /// with no connection has nothing to sign in to again, so the owner connects it anew.
    pub fn better_link(&self) -> Option<(LinkKind, &'static str)> {
        match self {
            Lookup::Connected(_) => None,
            Lookup::NotConnected => Some((
                LinkKind::Connect,
                "The vehicle has no connection to this app, so re-authentication cannot bring it back: send a new-connection link.",
            )),
        }
    }
}

/// Smartcar's date in UTC to the second; as Smartcar wrote it when it cannot be read.
fn shown_instant(text: &str) -> String {
    match parse_rfc3339_ms(text) {
        Some(ms) => format!(
            "{} UTC",
            format_utc(ms).replace('T', " ").trim_end_matches('Z')
        ),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connection_reads_as_one_line() {
        let connected = Lookup::Connected(Connection {
            vehicle_id: "v".into(),
            user_id: "u-1".into(),
            connected_at: Some("2023-08-10T17:00:00.000+02:00".into()),
            mode: Some("live".into()),
            id: None,
        });
        assert_eq!(
            connected.describe(),
            "connected since 2023-08-10 15:00:00 UTC (user u-1, live)"
        );
        assert_eq!(connected.better_link(), None);
        assert_eq!(Lookup::NotConnected.describe(), NOT_CONNECTED);
        assert_eq!(
            Lookup::NotConnected.better_link().map(|(kind, _)| kind),
            Some(LinkKind::Connect)
        );
    }
}
