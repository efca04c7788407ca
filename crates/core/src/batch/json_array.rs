//! The elements of a top-level JSON array, one at a time, without reading the array whole:
//! a small scanner finds where each element ends (brackets and strings), then serde_json
//! reads that element alone. An element that does not parse is that row's problem; an
//! array cut short, or followed by more than whitespace, is a problem with the whole input.

use std::io::BufRead;

use serde_json::Value;

use super::input_row::InputError;
use super::json_row::{JsonValue, MAX_JSON_VALUE_BYTES};

pub struct JsonArrayElements<R> {
    input: R,
    element: Vec<u8>,
    opened: bool,
    closed: bool,
}

/// Where the scanner is inside one element.
#[derive(Default)]
struct Scan {
    depth: usize,
    in_string: bool,
    escaped: bool,
}

impl<R: BufRead> JsonArrayElements<R> {
    pub fn new(input: R) -> Self {
        Self {
            input,
            element: Vec::new(),
            opened: false,
            closed: false,
        }
    }

    /// The next element (`Err` inside when it is not valid JSON), `None` after `]`.
    pub fn next_element(&mut self) -> Result<Option<JsonValue>, InputError> {
        if self.closed {
            return Ok(None);
        }
        if !self.opened {
            self.skip_separators(b"")?;
            if self.next_byte()? != Some(b'[') {
                return Err(broken("it does not start with `[`"));
            }
            self.opened = true;
        }
        if self.skip_separators(b",")? == Some(b']') {
            self.input.consume(1);
            self.closed = true;
            // A second array or an event after the first would be read by nobody; a
            // comma left after the array is only punctuation.
            if self.skip_separators(b",")?.is_some() {
                return Err(InputError::AfterJsonArray { rows: 0 });
            }
            return Ok(None);
        }
        self.read_element()?;
        Ok(Some(
            serde_json::from_slice::<Value>(&self.element).map_err(|error| {
                format!("not a JSON object ({error}): give webhook events or API error bodies")
            }),
        ))
    }

    /// Skips whitespace and the given separators; peeks at the byte after them.
    fn skip_separators(&mut self, separators: &[u8]) -> Result<Option<u8>, InputError> {
        loop {
            let buffer = self.input.fill_buf()?;
            let Some(&byte) = buffer.first() else {
                return Ok(None);
            };
            if byte.is_ascii_whitespace() || separators.contains(&byte) {
                self.input.consume(1);
            } else {
                return Ok(Some(byte));
            }
        }
    }

    fn next_byte(&mut self) -> Result<Option<u8>, InputError> {
        let byte = self.input.fill_buf()?.first().copied();
        if byte.is_some() {
            self.input.consume(1);
        }
        Ok(byte)
    }

    /// Copies one element into `element`: up to its closing bracket, or for a bare value
    /// up to the `,` or `]` after it (left unread).
    fn read_element(&mut self) -> Result<(), InputError> {
        self.element.clear();
        let mut scan = Scan::default();
        loop {
            let buffer = self.input.fill_buf()?;
            if buffer.is_empty() {
                return Err(broken("it ends before its closing `]`"));
            }
            let (used, done) = scan.feed(buffer);
            self.element.extend_from_slice(&buffer[..used]);
            self.input.consume(used);
            if done {
                return Ok(());
            }
            if self.element.len() > MAX_JSON_VALUE_BYTES {
                return Err(broken("one element is larger than 1 MiB"));
            }
        }
    }
}

impl Scan {
    /// How many bytes of `bytes` belong to the element, and whether it ended there.
    fn feed(&mut self, bytes: &[u8]) -> (usize, bool) {
        for (index, &byte) in bytes.iter().enumerate() {
            if self.in_string {
                match (self.escaped, byte) {
                    (true, _) => self.escaped = false,
                    (false, b'\\') => self.escaped = true,
                    (false, b'"') => self.in_string = false,
                    _ => {}
                }
                continue;
            }
            match byte {
                b'"' => self.in_string = true,
                b'{' | b'[' => self.depth += 1,
                b'}' | b']' if self.depth > 0 => {
                    self.depth -= 1;
                    if self.depth == 0 {
                        return (index + 1, true);
                    }
                }
                b',' | b']' if self.depth == 0 => return (index, true),
                _ => {}
            }
        }
        (bytes.len(), false)
    }
}

fn broken(reason: &str) -> InputError {
    InputError::BrokenJsonArray {
        row: 0,
        reason: reason.to_owned(),
    }
}
