//! `reauth-link parse [INPUT|-]`: a paste's fields and what helps, as JSON.

use serde_json::json;

use super::input::read_argument;
use super::{CommandError, ParseArgs, Streams, write_out};
use crate::link::{Pasted, Triage, TriagedPaste, triage_paste};

pub fn run(args: &ParseArgs, streams: &mut Streams<'_>) -> Result<(), CommandError> {
    let text = read_argument(args.input.as_deref(), streams)?;
    let triaged = triage_paste(&text).map_err(|e| CommandError::invalid("input", e))?;
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
    let mut out = serde_json::to_string_pretty(&paste_json(&pasted, &triage))
        .map_err(|e| CommandError::failure(format!("cannot write JSON: {e}")))?;
    out.push('\n');
    write_out(streams.stdout, &out)
}

/// The contract's shape: source, fields (absent ones null), missing, error, notes, advice.
pub fn paste_json(pasted: &Pasted, triage: &Triage) -> serde_json::Value {
    json!({
        "source": pasted.source,
        "fields": pasted.fields,
        "missing": pasted.missing().iter().map(|f| f.param_name()).collect::<Vec<_>>(),
        "error": pasted.error,
        "notes": pasted.notes,
        "advice": triage.advice,
    })
}
