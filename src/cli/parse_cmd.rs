//! `reauth-link parse [INPUT|-]`: a paste's fields and what helps, as JSON.

use serde_json::json;

use super::input::read_argument;
use super::{CommandError, ParseArgs, Streams, write_out};
use crate::link::Contract;
use crate::link::{Pasted, Reading, Triage, TriagedPaste, read_link, read_paste};

pub fn run(args: &ParseArgs, streams: &mut Streams<'_>) -> Result<(), CommandError> {
    let text = read_argument(args.input.as_deref(), streams)?;
    let triaged = read_paste(&text)
        .map(Reading::triage)
        .map_err(|e| CommandError::invalid("input", e))?;
    let (pasted, triage) = match triaged {
        TriagedPaste::One { pasted, triage } => (pasted, triage),
        TriagedPaste::Ambiguous { candidates, .. } => {
            let mut lines = vec![format!(
                "error: input: the text holds {} different candidates, so none was picked: paste only the one to use",
                candidates.len()
            )];
            lines.extend(
                candidates
                    .iter()
                    .enumerate()
                    .map(|(index, (candidate, _))| {
                        format!(
                            "error: input: candidate {}: {}",
                            index + 1,
                            candidate.describe()
                        )
                    }),
            );
            return Err(CommandError::Invalid(lines));
        }
    };
    let mut value = paste_json(&pasted, &triage);
    add_link_kind(&mut value, &pasted);
    add_doubts(&mut value, &pasted, streams)?;
    let mut out = serde_json::to_string_pretty(&value)
        .map_err(|e| CommandError::failure(format!("cannot write JSON: {e}")))?;
    out.push('\n');
    write_out(streams.stdout, &out)
}

/// The contract's shape: source, fields (absent ones null), missing, error, notes, advice.
pub fn paste_json(pasted: &Pasted, triage: &Triage) -> serde_json::Value {
    json!({
        "source": pasted.source,
        "fields": pasted.fields,
        "missing": pasted.missing().iter().map(|f| f.key(Contract::Classic)).collect::<Vec<_>>(),
        "error": pasted.error,
        "notes": pasted.notes,
        "advice": triage.advice,
    })
}

/// A Connect link of any kind adds `kind`, `contract` and `link`: every field it carries,
/// named as under the classic contract (`vin`, `country`, `scope`… beside the five). The
/// link is the one read, so a link inside a ticket's text shows them as a bare one does.
fn add_link_kind(value: &mut serde_json::Value, pasted: &Pasted) {
    let read = pasted.facts.link.as_deref().and_then(read_link);
    if let (Some(read), Some(object)) = (read, value.as_object_mut()) {
        object.insert("kind".into(), read.kind.name().into());
        object.insert("contract".into(), read.contract.name().into());
        object.insert("link".into(), read.fields_json());
    }
}

/// A value a line break left in doubt is a warning on stderr and in `warnings`, beside
/// its note; absent when there is none, so a clean paste's output is as it was.
fn add_doubts(
    value: &mut serde_json::Value,
    pasted: &Pasted,
    streams: &mut Streams<'_>,
) -> Result<(), CommandError> {
    if pasted.facts.doubts.is_empty() {
        return Ok(());
    }
    let lines: Vec<String> = pasted
        .facts
        .doubts
        .iter()
        .map(|(field, message)| format!("{field}: {message}"))
        .collect();
    for line in &lines {
        write_out(streams.stderr, &format!("warning: {line}\n"))?;
    }
    if let Some(object) = value.as_object_mut() {
        object.insert("warnings".into(), lines.into());
    }
    Ok(())
}
