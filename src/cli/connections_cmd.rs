//! `reauth-link connections`: is this vehicle (or user) connected to the app, to whom,
//! since when; or every connection of the app.

use super::management::{
    NOT_CONNECTED, api_failure, connection_json, connection_line, filter_from, open_api,
};
use super::{Cli, CommandError, ConnectionsArgs, Streams, write_out};
use crate::connections::{Connection, Listing};

pub fn run(
    cli: &Cli,
    args: &ConnectionsArgs,
    streams: &mut Streams<'_>,
) -> Result<(), CommandError> {
    let listing = if args.scope.all {
        Listing::All
    } else {
        Listing::Only(filter_from(
            args.scope.vehicle_id.as_deref(),
            args.scope.user_id.as_deref(),
            streams.stderr,
        )?)
    };
    let api = open_api(cli, args.profile.as_deref())?;
    let mut connections: Vec<Connection> = Vec::new();
    api.list_every(&listing, args.limit, &mut |page| {
        connections.extend_from_slice(page)
    })
    .map_err(api_failure)?;
    let text = if args.json {
        let list: Vec<_> = connections.iter().map(connection_json).collect();
        let mut text = serde_json::to_string_pretty(&list)
            .map_err(|e| CommandError::failure(format!("cannot write JSON: {e}")))?;
        text.push('\n');
        text
    } else if connections.is_empty() {
        NOT_CONNECTED.to_owned()
    } else {
        connections.iter().map(connection_line).collect()
    };
    write_out(streams.stdout, &text)
}
