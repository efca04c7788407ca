//! `reauth-link parse [INPUT|-]`: a paste's fields as JSON.

use serde_json::json;

use super::input::read_argument;
use super::{CommandError, ParseArgs, Streams, write_out};
use crate::link::{Pasted, parse_paste};

pub fn run(args: &ParseArgs, streams: &mut Streams<'_>) -> Result<(), CommandError> {
    let text = read_argument(args.input.as_deref(), streams)?;
    let pasted = parse_paste(&text).map_err(|e| CommandError::invalid("input", e))?;
    let mut out = serde_json::to_string_pretty(&paste_json(&pasted))
        .map_err(|e| CommandError::failure(format!("cannot write JSON: {e}")))?;
    out.push('\n');
    write_out(streams.stdout, &out)
}

/// The contract's shape: source, fields (absent ones null), missing, error, notes.
pub fn paste_json(pasted: &Pasted) -> serde_json::Value {
    json!({
        "source": pasted.source,
        "fields": pasted.fields,
        "missing": pasted.missing().iter().map(|f| f.param_name()).collect::<Vec<_>>(),
        "error": pasted.error,
        "notes": pasted.notes,
    })
}
