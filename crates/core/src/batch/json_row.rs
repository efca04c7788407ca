//! JSON input: each object is a webhook event or an API error body, read by the same
//! paste reader as the window's "Paste error or link"; the row takes its vehicle id.

use std::io::{BufRead, Read};

use serde_json::Value;

use super::input_row::{InputError, InputRow, RowProblem};
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
                // A vehicle the reading left out says why itself (an event naming two).
                let left_out = pasted
                    .facts
                    .doubts
                    .iter()
                    .find(|(name, _)| name == "vehicle_id")
                    .map(|(_, why)| why.clone());
                row.problem = Some(RowProblem {
                    field: "vehicle_id",
                    message: left_out.unwrap_or_else(|| {
                        format!(
                            "this {} names no vehicle: give the event or error that carries the vehicle's id",
                            pasted.source.describe()
                        )
                    }),
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
                match read_line_capped(&mut self.input, &mut self.text, MAX_JSON_VALUE_BYTES)? {
                    LineRead::End => return Ok(None),
                    LineRead::TooLong => return Ok(Some(Err(too_large()))),
                    LineRead::Line => continue,
                }
            }
            let error = match serde_json::from_slice::<Value>(&self.text) {
                Ok(value) => return Ok(Some(Ok(value))),
                Err(error) => error,
            };
            if error.is_eof() && self.text.len() < MAX_JSON_VALUE_BYTES {
                let room = MAX_JSON_VALUE_BYTES - self.text.len();
                match read_line_capped(&mut self.input, &mut self.line, room)? {
                    LineRead::TooLong => {
                        self.line.clear();
                        return Ok(Some(Err(too_large())));
                    }
                    LineRead::Line if !self.line.starts_with(b"{") => {
                        self.text.append(&mut self.line);
                        continue;
                    }
                    LineRead::Line | LineRead::End => {}
                }
            }
            return Ok(Some(Err(format!(
                "not a JSON object ({error}): give one webhook event or API error body per line"
            ))));
        }
    }
}

fn too_large() -> String {
    "one JSON value is larger than 1 MiB: give one webhook event or API error body per line"
        .to_owned()
}

enum LineRead {
    Line,
    End,
    /// The line went on past the room left; the rest of it was skipped unread.
    TooLong,
}

/// Reads one line into `into`, keeping at most `room` bytes of it, so a file without line
/// breaks never ends up in memory whole (the cap a JSON array's element has too).
fn read_line_capped<R: BufRead>(
    input: &mut R,
    into: &mut Vec<u8>,
    room: usize,
) -> std::io::Result<LineRead> {
    let limit = u64::try_from(room).unwrap_or(u64::MAX).saturating_add(1);
    let read = input.by_ref().take(limit).read_until(b'\n', into)?;
    if read == 0 {
        return Ok(LineRead::End);
    }
    if read > room && !into.ends_with(b"\n") {
        skip_rest_of_line(input)?;
        return Ok(LineRead::TooLong);
    }
    Ok(LineRead::Line)
}

fn skip_rest_of_line<R: BufRead>(input: &mut R) -> std::io::Result<()> {
    loop {
        let buffer = input.fill_buf()?;
        if buffer.is_empty() {
            return Ok(());
        }
        match buffer.iter().position(|&byte| byte == b'\n') {
            Some(end) => {
                input.consume(end + 1);
                return Ok(());
            }
            None => {
                let all = buffer.len();
                input.consume(all);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_longer_than_the_cap_is_one_bad_row_and_the_next_line_still_reads() {
        let mut input = format!("{{\"a\": \"{}\"}}\n", "x".repeat(MAX_JSON_VALUE_BYTES));
        input.push_str("{\"b\": 1}\n");
        let mut lines = JsonLines::new(input.as_bytes());
        let first = lines.next_value().expect("reads").expect("a row");
        assert_eq!(first, Err(too_large()));
        let second = lines.next_value().expect("reads").expect("a row");
        assert_eq!(second, Ok(serde_json::json!({"b": 1})));
        assert!(lines.next_value().expect("reads").is_none());
    }

    #[test]
    fn a_value_continued_past_the_cap_is_one_bad_row() {
        let mut input = "{\"a\":\n".to_owned();
        for _ in 0..3 {
            input.push_str(&format!(
                "\"{}\"\n",
                "y".repeat(MAX_JSON_VALUE_BYTES * 3 / 5)
            ));
        }
        let mut lines = JsonLines::new(input.as_bytes());
        let first = lines.next_value().expect("reads").expect("a row");
        assert_eq!(first, Err(too_large()));
    }
}
