//! `reauth-link verify`: of the links still waiting in the history, which vehicles
//! connected again after their link left. Those are marked `reconnected (verified)`.

use serde_json::json;

use super::management::{api_failure, open_api};
use super::recording::{history_failure, open_history};
use super::{Cli, CommandError, Streams, VerifyArgs, write_out};
use crate::connections::verify::{WaitingLink, verify};
use crate::history::Waiting;
use crate::history::time::parse_utc;

pub fn run(cli: &Cli, args: &VerifyArgs, streams: &mut Streams<'_>) -> Result<(), CommandError> {
    let since_ms = args
        .since
        .as_deref()
        .map(parse_utc)
        .transpose()
        .map_err(|e| CommandError::invalid("since", e))?;
    let api = open_api(cli, args.profile.as_deref())?;
    let mut history = open_history(cli)?;
    let waiting = history
        .waiting(&Waiting {
            ticket: args.ticket.clone(),
            since_ms,
            profile: args.profile.clone(),
        })
        .map_err(history_failure)?;
    let links: Vec<WaitingLink> = waiting
        .iter()
        .map(|entry| WaitingLink {
            id: entry.id,
            vehicle_id: entry.vehicle_id.clone(),
            sent_ms: entry.time_ms,
        })
        .collect();
    let verification = if links.is_empty() {
        Default::default()
    } else {
        verify(api.as_ref(), &links).map_err(api_failure)?
    };
    history
        .mark_verified(&verification.verified)
        .map_err(history_failure)?;
    let text = if args.json {
        json!({
            "verified": verification.verified.len(),
            "still_waiting": verification.still_waiting.len(),
            "not_connected": verification.not_connected.len(),
            "requests": verification.requests,
        })
        .to_string()
            + "\n"
    } else {
        format!(
            "verified: {}\nstill waiting: {}\nnot connected: {}\n",
            verification.verified.len(),
            verification.still_waiting.len(),
            verification.not_connected.len()
        )
    };
    write_out(streams.stdout, &text)
}
