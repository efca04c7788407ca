//! `reauth-link history [QUERY] [--json] [--limit N]` and
//! `reauth-link history forget --before DATE`.

use serde_json::Value;

use super::recording::{history_failure, history_location, open_history};
use super::{Cli, CommandError, HistoryArgs, HistoryCommand, Streams, write_out};
use crate::history::time::{format_utc, parse_utc};
use crate::history::{
    ENTRY_FIELDS, Entry, HistoryLocation, HistoryStore, PostgresHistory, PushReport, history_path,
    push_to_server,
};
use crate::profiles::config_dir;

pub fn run(cli: &Cli, args: &HistoryArgs, streams: &mut Streams<'_>) -> Result<(), CommandError> {
    match &args.command {
        Some(HistoryCommand::Forget { before }) => forget(cli, before, streams),
        Some(HistoryCommand::Push) => push(cli, streams),
        None => list(cli, args, streams),
    }
}

fn list(cli: &Cli, args: &HistoryArgs, streams: &mut Streams<'_>) -> Result<(), CommandError> {
    let location = history_location(cli)?;
    // Reading never creates the file: no history yet is an empty one.
    let entries = if location.holds_nothing_yet() {
        Vec::new()
    } else {
        let mut store = location.open().map_err(history_failure)?;
        let query = args.query.as_deref().unwrap_or_default();
        store
            .search(query, 0, args.limit as usize)
            .map_err(history_failure)?
    };
    let output = if args.json {
        let array = Value::Array(entries.iter().map(entry_json).collect());
        json_text(&array)?
    } else {
        table(&entries)
    };
    write_out(streams.stdout, &output)
}

fn forget(cli: &Cli, before: &str, streams: &mut Streams<'_>) -> Result<(), CommandError> {
    let before_ms = parse_utc(before).map_err(|e| CommandError::invalid("before", e))?;
    let mut store = open_history(cli)?;
    let count = store.forget_before(before_ms).map_err(history_failure)?;
    let noun = if count == 1 { "entry" } else { "entries" };
    write_out(
        streams.stdout,
        &format!(
            "forgot {count} {noun} recorded before {}\n",
            format_utc(before_ms)
        ),
    )
}

/// Copies the file in the config folder to the shared history it names.
fn push(cli: &Cli, streams: &mut Streams<'_>) -> Result<(), CommandError> {
    let HistoryLocation::Server(url) = history_location(cli)? else {
        return Err(CommandError::invalid(
            "history_url",
            "history push copies this workstation's file to a shared history: name it in REAUTH_LINK_HISTORY_URL or history_url in settings.toml",
        ));
    };
    let folder = config_dir(cli.config_dir.as_deref()).map_err(CommandError::failure)?;
    let file = history_path(&folder);
    let report = if file.exists() {
        let local = HistoryStore::open(&file).map_err(history_failure)?;
        let mut server = PostgresHistory::open(&url).map_err(history_failure)?;
        push_to_server(&local, &mut server).map_err(history_failure)?
    } else {
        PushReport::default()
    };
    write_out(
        streams.stdout,
        &format!(
            "pushed {} entries from {} to {url}: {} new, {} already there\n",
            report.read,
            file.display(),
            report.added,
            report.read.saturating_sub(report.added)
        ),
    )
}

/// One object per entry with the fields of `ENTRY_FIELDS`; no outcome yet is `null`.
pub fn entry_json(entry: &Entry) -> Value {
    let mut object = serde_json::Map::new();
    for (name, value) in ENTRY_FIELDS.iter().zip(entry.field_values()) {
        object.insert((*name).to_owned(), Value::String(value));
    }
    if entry.outcome.is_none() {
        object.insert("outcome".to_owned(), Value::Null);
    }
    Value::Object(object)
}

pub fn json_text(value: &Value) -> Result<String, CommandError> {
    serde_json::to_string_pretty(value)
        .map(|mut text| {
            text.push('\n');
            text
        })
        .map_err(|e| CommandError::failure(format!("cannot write JSON: {e}")))
}

/// A header, then one tab-separated line per entry, newest first. A value holding a tab,
/// a line break or a backslash (a ticket pasted with them) is escaped as `\t`, `\n`, `\r`
/// and `\\`, so it stays in its own column of its own line and cannot forge an entry.
fn table(entries: &[Entry]) -> String {
    let mut text = ENTRY_FIELDS.join("\t");
    text.push('\n');
    for entry in entries {
        for (index, value) in entry.field_values().iter().enumerate() {
            if index > 0 {
                text.push('\t');
            }
            push_escaped(&mut text, value);
        }
        text.push('\n');
    }
    text
}

fn push_escaped(text: &mut String, value: &str) {
    for character in value.chars() {
        match character {
            '\t' => text.push_str("\\t"),
            '\n' => text.push_str("\\n"),
            '\r' => text.push_str("\\r"),
            '\\' => text.push_str("\\\\"),
            other => text.push(other),
        }
    }
}
