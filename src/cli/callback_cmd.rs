//! `reauth-link callback URL [--json]`: what the owner's return says, what to do next,
//! and the history entries whose link had its state (their outcome set to it).

use serde_json::{Value, json};

use super::history_cmd::{entry_json, json_text};
use super::recording::{history_failure, history_file, recording_on};
use super::{CallbackArgs, Cli, CommandError, Streams, write_out};
use crate::history::{Entry, HistoryStore};
use crate::link::callback::{ConnectReturn, EXTRA_FIELDS, ReturnResult, read_return};

pub fn run(cli: &Cli, args: &CallbackArgs, streams: &mut Streams<'_>) -> Result<(), CommandError> {
    let read = read_return(&args.url).map_err(|e| CommandError::invalid("url", e))?;
    let matches = matching_entries(cli, &read)?;
    let output = if args.json {
        json_text(&callback_json(&read, &matches))?
    } else {
        plain_text(&read, &matches)
    };
    write_out(streams.stdout, &output)
}

/// The entries with the return's state, their outcome set when recording is on. A
/// history that does not exist yet is not created: it has no entries to find.
fn matching_entries(cli: &Cli, read: &ConnectReturn) -> Result<Vec<Entry>, CommandError> {
    let Some(state) = read.state.as_deref().filter(|s| !s.is_empty()) else {
        return Ok(Vec::new());
    };
    let path = history_file(cli)?;
    if !path.exists() {
        return Ok(Vec::new());
    }
    let mut store = HistoryStore::open(&path).map_err(history_failure)?;
    let found = if recording_on(cli)? {
        store.set_outcome(state, &read.history_outcome())
    } else {
        store.with_state(state)
    };
    found.map_err(history_failure)
}

pub fn callback_json(read: &ConnectReturn, matches: &[Entry]) -> Value {
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

fn plain_text(read: &ConnectReturn, matches: &[Entry]) -> String {
    let mut text = format!("{}\nNext: {}\n", read.summary(), read.next_step());
    if let Some(state) = &read.state {
        text.push_str(&format!("state: {state}\n"));
    }
    if matches.is_empty() {
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
            entry.via,
            entry.outcome.as_deref().unwrap_or("unknown"),
        ));
    }
    text
}
