//! JSON input: each object is a webhook event or an API error body, read by the same
//! paste reader as the window's "Paste error or link"; the row takes its vehicle id.

use std::io::BufRead;

use serde_json::Value;

use super::input::{InputError, InputRow, RowProblem};
use crate::link::paste::parse_json;

/// One object may be pretty-printed over several lines, but never larger than this.
pub const MAX_JSON_VALUE_BYTES: usize = 1 << 20;

/// A JSON value as read, or why it could not be read (that row's problem).
pub type JsonValue = Result<Value, String>;

/// The row one JSON value gives.
pub fn row_from_json(value: JsonValue) -> InputRow {
    let mut row = InputRow::default();
    let parsed = value.and_then(|value| parse_json(&value).map_err(|e| e.to_string()));
    match parsed {
        Ok(pasted) => {
            row.vehicle_id = pasted.fields.vehicle_id.unwrap_or_default();
            if row.vehicle_id.is_empty() {
                row.problem = Some(RowProblem {
                    field: "vehicle_id",
                    message: format!(
                        "this {} names no vehicle: give the event or error that carries the vehicle's id",
                        pasted.source.describe()
                    ),
                });
            }
            row.notes = pasted.notes;
        }
        Err(message) => {
            row.problem = Some(RowProblem {
                field: "vehicle_id",
                message: format!("not read: {message}"),
            });
        }
    }
    row
}

/// One JSON value per line; a value left open at the end of a line continues on the next,
/// unless that line starts a new object at its first column (then the open one is broken).
pub struct JsonLines<R> {
    input: R,
    text: Vec<u8>,
    line: Vec<u8>,
}

impl<R: BufRead> JsonLines<R> {
    pub fn new(input: R) -> Self {
        Self {
            input,
            text: Vec::new(),
            line: Vec::new(),
        }
    }

    /// The next value, `Err` inside for a line that is not JSON; `None` at the end.
    pub fn next_value(&mut self) -> Result<Option<JsonValue>, InputError> {
        // `line` may hold the start of this value, read while finishing the previous one.
        std::mem::swap(&mut self.text, &mut self.line);
        self.line.clear();
        loop {
            if self.text.trim_ascii().is_empty() {
                self.text.clear();
                if self.input.read_until(b'\n', &mut self.text)? == 0 {
                    return Ok(None);
                }
                continue;
            }
            let error = match serde_json::from_slice::<Value>(&self.text) {
                Ok(value) => return Ok(Some(Ok(value))),
                Err(error) => error,
            };
            if error.is_eof() && self.text.len() < MAX_JSON_VALUE_BYTES {
                let read = self.input.read_until(b'\n', &mut self.line)?;
                if read > 0 && !self.line.starts_with(b"{") {
                    self.text.append(&mut self.line);
                    continue;
                }
            }
            return Ok(Some(Err(format!(
                "not a JSON object ({error}): give one webhook event or API error body per line"
            ))));
        }
    }
}
