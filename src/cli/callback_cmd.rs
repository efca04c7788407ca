//! `reauth-link callback URL [--json]`: what the owner's return says, what to do next,
//! and the history entries whose link had its state (their outcome set to it).

use serde_json::{Value, json};

use super::history_cmd::{entry_json, json_text};
use super::recording::{history_failure, history_location, recording_on};
use super::{CallbackArgs, Cli, CommandError, Streams, write_out};
use crate::history::return_match::NO_STATE;
use crate::history::{Outcome, ReturnMatch};
use crate::link::callback::{ConnectReturn, EXTRA_FIELDS, ReturnResult, read_return};

pub fn run(cli: &Cli, args: &CallbackArgs, streams: &mut Streams<'_>) -> Result<(), CommandError> {
    let read = read_return(&args.url).map_err(|e| CommandError::invalid("url", e))?;
    for note in &read.notes {
        let _ = writeln!(streams.stderr, "warning: url: {note}");
    }
    let matched = match_history(cli, &read)?;
    let output = if args.json {
        json_text(&callback_json(&read, &matched))?
    } else {
        plain_text(&read, &matched)
    };
    write_out(streams.stdout, &output)?;
    match refusal(&read, &matched) {
        Some((field, message)) => Err(CommandError::invalid(field, message)),
        None => Ok(()),
    }
}

/// What the history says about the return: the entries it belongs to (their outcome set
/// when recording is on), or why none. A history that does not exist yet is not created:
/// it has no entries to find.
fn match_history(cli: &Cli, read: &ConnectReturn) -> Result<ReturnMatch, CommandError> {
    let Some(state) = read.state.as_deref().filter(|s| !s.is_empty()) else {
        return Ok(ReturnMatch::NoLink);
    };
    let location = history_location(cli)?;
    if location.holds_nothing_yet() {
        return Ok(ReturnMatch::NoLink);
    }
    let mut store = location.open().map_err(history_failure)?;
    let outcome = recording_on(cli)?.then(|| Outcome::of_return(read));
    store
        .match_return(state, read.returned_vehicle(), outcome.as_ref())
        .map_err(history_failure)
}

/// A return that cannot be tied to its own link: the field to blame and why nothing was
/// recorded (exit 2, after what the return says is printed).
fn refusal(read: &ConnectReturn, matched: &ReturnMatch) -> Option<(&'static str, String)> {
    match read.state.as_deref().filter(|s| !s.is_empty()) {
        None => Some(("state", NO_STATE.to_owned())),
        Some(state) => {
            let field = match matched {
                ReturnMatch::VehiclesDiffer { .. } => "vehicle_id",
                _ => "state",
            };
            matched.refusal(state).map(|message| (field, message))
        }
    }
}

/// How the return was tied to the history, as `--json`'s `match` says it.
fn match_name(read: &ConnectReturn, matched: &ReturnMatch) -> &'static str {
    if read.state.as_deref().is_none_or(str::is_empty) {
        return "no_state";
    }
    match matched {
        ReturnMatch::Matched(_) => "matched",
        ReturnMatch::NoLink => "no_link",
        ReturnMatch::VehiclesDiffer { .. } => "vehicles_differ",
        ReturnMatch::Ambiguous { .. } => "ambiguous",
    }
}

pub fn callback_json(read: &ConnectReturn, matched: &ReturnMatch) -> Value {
    let matches = matched.entries();
    let error = read.error();
    let mut value = json!({
        "outcome": read.outcome(),
        "error": error.map(|e| e.code.clone()),
        "description": error.and_then(|e| e.description.clone()),
        "state": read.state,
        "external_id": read.external_id,
        "vehicle_id": match &read.result {
            ReturnResult::Reauthenticated { vehicle_id } => Some(vehicle_id.clone()),
            _ => None,
        },
        "code": match &read.result {
            ReturnResult::Code { code } => Some(code.clone()),
            _ => None,
        },
        "summary": read.summary(),
        "next_step": read.next_step(),
        "matches": matches.iter().map(entry_json).collect::<Vec<_>>(),
        "match": match_name(read, matched),
    });
    for name in EXTRA_FIELDS {
        let extra = error.and_then(|e| {
            e.extra
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, v)| v.clone())
        });
        value[name] = json!(extra);
    }
    value
}

fn plain_text(read: &ConnectReturn, matched: &ReturnMatch) -> String {
    let matches = matched.entries();
    let mut text = format!("{}\nNext: {}\n", read.summary(), read.next_step());
    if let Some(state) = &read.state {
        text.push_str(&format!("state: {state}\n"));
    }
    if let Some((_, why)) = refusal(read, matched) {
        text.push_str(&format!("Not recorded: {why}\n"));
    } else if matches.is_empty() {
        text.push_str("No recorded link has this state.\n");
    }
    for entry in matches {
        let fields = entry.field_values();
        text.push_str(&format!(
            "link sent {} for ticket {} to vehicle {} ({}), outcome now {}\n",
            fields[0],
            if entry.ticket.is_empty() {
                "-"
            } else {
                &entry.ticket
            },
            entry.vehicle_id,
            entry.via.as_str(),
            entry
                .outcome
                .as_ref()
                .map_or_else(|| "unknown".to_owned(), Outcome::to_string),
        ));
    }
    text
}
