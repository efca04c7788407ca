//! `reauth-link disconnect`: removes a vehicle's (or user's) connections to the app, on
//! the owner's request. It shows what will go first and asks on a terminal; where no
//! one can be asked it needs `--yes`, and without it nothing is sent at all.

use std::io::IsTerminal;

use super::management::{NOT_CONNECTED, api_failure, connection_line, filter_from, open_api};
use super::recording::{agent, history_failure, open_for_recording};
use super::{Cli, CommandError, DisconnectArgs, Streams, write_out};
use crate::connections::{Connection, Filter, Listing};
use crate::history::{EntryKind, NewEntry, Via, time::now_ms};

pub fn run(
    cli: &Cli,
    args: &DisconnectArgs,
    streams: &mut Streams<'_>,
) -> Result<(), CommandError> {
    let filter = filter_from(
        args.filter.vehicle_id.as_deref(),
        args.filter.user_id.as_deref(),
        streams.stderr,
    )?;
    let terminal = std::io::stdin().is_terminal();
    if !args.yes && !terminal {
        return Err(CommandError::invalid(
            "yes",
            "no terminal to ask on; add --yes to remove the connections (nothing was sent)",
        ));
    }
    let api = open_api(cli, args.profile.as_deref())?;
    let mut listed: Vec<Connection> = Vec::new();
    api.list_every(&Listing::Only(filter.clone()), 100, &mut |page| {
        listed.extend_from_slice(page)
    })
    .map_err(api_failure)?;
    let shown: String = listed.iter().map(connection_line).collect();
    write_out(streams.stdout, &format!("to remove:\n{shown}"))?;
    if !args.yes && !confirmed(streams, listed.len())? {
        return write_out(streams.stdout, "nothing removed\n");
    }
    let removed = api.disconnect(&filter).map_err(api_failure)?;
    let line = match removed.len() {
        0 => NOT_CONNECTED.trim_end().to_owned() + "; nothing removed\n",
        1 => "removed 1 connection\n".to_owned(),
        count => format!("removed {count} connections\n"),
    };
    write_out(streams.stdout, &line)?;
    if let Some(ticket) = args.ticket.as_deref() {
        record(
            cli,
            streams,
            &filter,
            &removed,
            args.profile.as_deref(),
            ticket,
        )?;
    }
    Ok(())
}

/// Asks on the terminal; only `y` or `yes` removes.
fn confirmed(streams: &mut Streams<'_>, count: usize) -> Result<bool, CommandError> {
    let _ = write!(
        streams.stderr,
        "Remove {count} connection(s) from this app? [y/N] "
    );
    let _ = streams.stderr.flush();
    let mut answer = String::new();
    streams
        .stdin
        .read_line(&mut answer)
        .map_err(|e| CommandError::failure(format!("cannot read the answer: {e}")))?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

/// One history entry per removed connection (one for the filter when none was left).
fn record(
    cli: &Cli,
    streams: &mut Streams<'_>,
    filter: &Filter,
    removed: &[Connection],
    profile: Option<&str>,
    ticket: &str,
) -> Result<(), CommandError> {
    let Some(mut history) = open_for_recording(cli, streams.stderr)? else {
        return Ok(());
    };
    let agent = agent(cli)?;
    let entry = |vehicle_id: &str, user_id: &str| NewEntry {
        time_ms: now_ms(),
        kind: EntryKind::Disconnect,
        profile: profile.unwrap_or_default().to_owned(),
        vehicle_id: vehicle_id.to_owned(),
        state: String::new(),
        owner_id: user_id.to_owned(),
        ticket: ticket.to_owned(),
        via: Via::Disconnected,
        link: String::new(),
        agent: agent.clone(),
    };
    let entries: Vec<NewEntry> = if removed.is_empty() {
        vec![match filter {
            Filter::Vehicle(id) => entry(id, ""),
            Filter::User(id) => entry("", id),
        }]
    } else {
        removed
            .iter()
            .map(|c| entry(&c.vehicle_id, &c.user_id))
            .collect()
    };
    history.record_all(&entries).map_err(history_failure)?;
    Ok(())
}
