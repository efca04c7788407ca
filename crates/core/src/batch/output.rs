//! The batch's CSV: `vehicle_id,state,user,url,error`, then the carried columns. The
//! command line streams rows through it and the window's export replays its rows through
//! it, so both write the same bytes.
//!
//! The rows are formatted here rather than by `csv::Writer`, whose field-by-field state
//! machine was a fifth of a large batch's processor time: a link is form-urlencoded, so it
//! never needs quotes and is copied whole, and every other value is looked at once with
//! csv-core's own quoting rule (`should_quote`) and escaped with its `quote`. A property
//! test holds the bytes to `csv::Writer`'s.

use std::borrow::Cow;
use std::io::Write;

use csv::ByteRecord;
use csv_core::WriteResult;

use super::build::{BatchRow, ERROR_SEPARATOR};
use crate::deliver::TextColumn;

/// The columns every batch output starts with, in order.
pub const OUTPUT_COLUMNS: [&str; 5] = ["vehicle_id", "state", "user", "url", "error"];

/// The optional column after `error`: each good row's SMS or chat text.
pub const MESSAGE_COLUMN: &str = "message";

/// Formatted rows are handed to the output once this many bytes are waiting: large writes,
/// few system calls, and a buffer that still fits in the processor's cache.
const WRITE_AT_BYTES: usize = 256 * 1024;

const QUOTE: u8 = b'"';
const DELIMITER: u8 = b',';
const TERMINATOR: u8 = b'\n';

/// A cell of free text (an error, a message, a ticket) that a spreadsheet would run as a
/// formula, made plain text as OWASP's CSV injection advice says: a `'` before a first
/// `=`, `+`, `-`, `@`, tab or carriage return. Never for a link or an id, whose bytes must
/// stay exact: those are written as they are. The batch's output (and so the window's
/// export of it) and the history's CSV export all come through here.
pub fn neutralise_formula(value: &str) -> Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

pub struct CsvOutput<W: Write> {
    /// `None` once `finish` has handed it back.
    output: Option<W>,
    buffer: Vec<u8>,
    /// csv-core's writer with `csv::Writer`'s defaults, asked only which values need quotes.
    rules: csv_core::Writer,
    carried_width: usize,
    /// Renders the `message` column when the batch asked for one.
    message: Option<TextColumn>,
    message_text: String,
}

impl<W: Write> CsvOutput<W> {
    /// Writes the header at once, so even an input with no rows gives a valid CSV.
    pub fn new(output: W, carried_header: &ByteRecord) -> Result<Self, csv::Error> {
        Self::with_message_column(output, carried_header, None)
    }

    /// As `new`, with a `message` column after `error` when `message` is given.
    pub fn with_message_column(
        output: W,
        carried_header: &ByteRecord,
        message: Option<TextColumn>,
    ) -> Result<Self, csv::Error> {
        let mut csv = Self {
            output: Some(output),
            buffer: Vec::with_capacity(WRITE_AT_BYTES + 4096),
            rules: csv_core::WriterBuilder::new()
                .delimiter(DELIMITER)
                .quote(QUOTE)
                .double_quote(true)
                .terminator(csv_core::Terminator::Any(TERMINATOR))
                .build(),
            carried_width: carried_header.len(),
            message_text: String::new(),
            message,
        };
        let message_header = csv.message.is_some().then_some(MESSAGE_COLUMN);
        let names = OUTPUT_COLUMNS.iter().copied().chain(message_header);
        for (index, name) in names.enumerate() {
            csv.push_value(index, name.as_bytes());
        }
        for (index, name) in carried_header.iter().enumerate() {
            csv.push_value(index + 1, name);
        }
        csv.end_record()?;
        Ok(csv)
    }

    /// One row as it was built.
    pub fn write_row(&mut self, row: &BatchRow) -> Result<(), csv::Error> {
        let columns = [&row.vehicle_id, &row.state, &row.user, &row.url].map(String::as_str);
        self.write_record(columns, &row.errors, row.carried.iter())
    }

    /// One row from its values: `columns` are vehicle_id, state, user and url; `error` the
    /// whole `error` column. A row with fewer carried values than the header is padded
    /// with empty ones.
    pub fn write_values<'a>(
        &mut self,
        columns: [&str; 4],
        error: &str,
        carried: impl Iterator<Item = &'a [u8]>,
    ) -> Result<(), csv::Error> {
        let errors: &[&str] = if error.is_empty() { &[] } else { &[error] };
        self.write_record(columns, errors, carried)
    }

    /// `errors` are joined by ` | ` into the `error` column.
    fn write_record<'a>(
        &mut self,
        columns: [&str; 4],
        errors: &[impl AsRef<str>],
        carried: impl Iterator<Item = &'a [u8]>,
    ) -> Result<(), csv::Error> {
        let [vehicle_id, state, user, url] = columns;
        self.push_value(0, vehicle_id.as_bytes());
        self.push_value(1, state.as_bytes());
        self.push_value(2, user.as_bytes());
        self.push_link(url);
        self.push_error(errors);
        if self.message.is_some() {
            self.push_message(vehicle_id, url);
        }
        let mut carried = carried;
        for _ in 0..self.carried_width {
            self.push_value(1, carried.next().unwrap_or_default());
        }
        self.end_record()
    }

    /// Flushes and hands the destination back.
    pub fn finish(mut self) -> Result<W, csv::Error> {
        self.write_buffer()?;
        let mut output = self.output.take().ok_or_else(finished)?;
        output.flush()?;
        Ok(output)
    }

    /// The value at `column` (0 for a record's first), quoted when csv-core's rule asks.
    fn push_value(&mut self, column: usize, value: &[u8]) {
        if column > 0 {
            self.buffer.push(DELIMITER);
        }
        if self.rules.should_quote(value) {
            push_quoted(&mut self.buffer, value);
        } else {
            self.buffer.extend_from_slice(value);
        }
    }

    /// A link is form-urlencoded: no delimiter, quote or line break survives in it, so it
    /// goes in as it is (a property test in this file holds every link to that).
    fn push_link(&mut self, url: &str) {
        debug_assert!(!self.rules.should_quote(url.as_bytes()), "{url}");
        self.buffer.push(DELIMITER);
        self.buffer.extend_from_slice(url.as_bytes());
    }

    fn push_error(&mut self, errors: &[impl AsRef<str>]) {
        match errors {
            [] => self.buffer.push(DELIMITER),
            [only] => self.push_value(1, neutralise_formula(only.as_ref()).as_bytes()),
            several => {
                let mut joined = std::mem::take(&mut self.message_text);
                joined.clear();
                for (index, error) in several.iter().enumerate() {
                    if index > 0 {
                        joined.push_str(ERROR_SEPARATOR);
                    }
                    joined.push_str(error.as_ref());
                }
                self.push_value(1, neutralise_formula(&joined).as_bytes());
                self.message_text = joined;
            }
        }
    }

    /// A good row's short text; empty for a row without a link.
    fn push_message(&mut self, vehicle_id: &str, url: &str) {
        let mut text = std::mem::take(&mut self.message_text);
        text.clear();
        if let (Some(column), false) = (&self.message, url.is_empty()) {
            column.render_into(url, vehicle_id, &mut text);
        }
        self.push_value(1, neutralise_formula(&text).as_bytes());
        self.message_text = text;
    }

    fn end_record(&mut self) -> Result<(), csv::Error> {
        self.buffer.push(TERMINATOR);
        if self.buffer.len() >= WRITE_AT_BYTES {
            self.write_buffer()?;
        }
        Ok(())
    }

    fn write_buffer(&mut self) -> Result<(), csv::Error> {
        self.output
            .as_mut()
            .ok_or_else(finished)?
            .write_all(&self.buffer)?;
        self.buffer.clear();
        Ok(())
    }
}

/// A batch stopped by an error still writes the rows formatted before it, as a
/// `BufWriter` would: on standard output they are all the person gets.
impl<W: Write> Drop for CsvOutput<W> {
    fn drop(&mut self) {
        if let Some(output) = &mut self.output {
            // Nobody is left to hear of a failure here; `finish` reports them.
            let _ = output.write_all(&self.buffer);
        }
    }
}

fn finished() -> std::io::Error {
    std::io::Error::other("the CSV output was already finished")
}

/// `value` between quotes, its own quotes doubled, by csv-core's `quote`.
fn push_quoted(buffer: &mut Vec<u8>, value: &[u8]) {
    buffer.push(QUOTE);
    // A value of only quotes doubles in length; one more byte keeps the output from
    // ever being full.
    let start = buffer.len();
    buffer.resize(start + value.len() * 2 + 1, 0);
    let (result, _, written) = csv_core::quote(value, &mut buffer[start..], QUOTE, b'\\', true);
    debug_assert_eq!(result, WriteResult::InputEmpty);
    buffer.truncate(start + written);
    buffer.push(QUOTE);
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::batch::{BatchDefaults, BatchOptions, LinkBuilder};
    use crate::link::{Findings, check_row};

    /// What `csv::Writer` with its defaults makes of the same records.
    fn csv_writer_bytes(records: &[Vec<Vec<u8>>]) -> Vec<u8> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        for record in records {
            writer.write_record(record).expect("writes");
        }
        writer.into_inner().expect("flushes")
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z0-9 ,\"\r\n|#';\t-]{0,12}",
            any::<String>(),
            Just(String::new()),
            Just("\"".to_owned()),
        ]
    }

    proptest! {
        #[test]
        fn rows_are_the_bytes_the_csv_crate_writes(
            rows in prop::collection::vec(
                (text(), text(), text(), prop::collection::vec(text(), 0..3),
                 prop::collection::vec(prop::collection::vec(any::<u8>(), 0..6), 0..4)),
                0..6),
            carried_header in prop::collection::vec(text(), 0..3),
        ) {
            let header = ByteRecord::from(carried_header.clone());
            let mut ours = CsvOutput::new(Vec::new(), &header).expect("header");
            let mut expected: Vec<Vec<Vec<u8>>> = vec![OUTPUT_COLUMNS
                .iter()
                .map(|name| name.as_bytes().to_vec())
                .chain(carried_header.iter().map(|name| name.as_bytes().to_vec()))
                .collect()];
            for (vehicle_id, state, user, errors, carried) in &rows {
                let row = BatchRow {
                    vehicle_id: vehicle_id.clone(),
                    state: state.clone(),
                    user: user.clone(),
                    errors: errors.clone(),
                    carried: ByteRecord::from(carried.clone()),
                    ..BatchRow::default()
                };
                ours.write_row(&row).expect("writes");
                let mut record = vec![
                    vehicle_id.as_bytes().to_vec(),
                    state.as_bytes().to_vec(),
                    user.as_bytes().to_vec(),
                    Vec::new(),
                    // Free text a spreadsheet would run as a formula is written with a `'`.
                    neutralise_formula(&row.error_text()).into_owned().into_bytes(),
                ];
                let mut values = carried.iter().cloned();
                record.extend((0..carried_header.len()).map(|_| values.next().unwrap_or_default()));
                expected.push(record);
            }
            prop_assert_eq!(ours.finish().expect("flushes"), csv_writer_bytes(&expected));
        }

        #[test]
        fn a_link_never_needs_quotes(
            vehicle_id in prop_oneof!["[!-9;-~]{1,40}", "[0-9a-fA-F-]{36}", "[^\\s\\pC:]{1,20}"],
            state in prop_oneof![Just(String::new()), "[!-~]{8,40}", "[^\\s\\pC]{8,20}"],
            user in prop_oneof![Just(String::new()), "[!-~]{1,20}", "[^\\pC]{1,20}"],
            redirect_path in "[a-z,\"/]{0,8}",
        ) {
            let defaults = BatchDefaults {
                client_id: "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07".to_owned(),
                redirect_uri: Some(format!("https://example.com/{redirect_path}")),
                ..BatchDefaults::default()
            };
            let builder = LinkBuilder::new(&defaults, BatchOptions::default()).expect("app");
            let mut findings = Findings::default();
            let row = check_row(&vehicle_id, &state, &user, &mut findings);
            // An id the check refuses (wrapped, holding hidden characters) has no link.
            prop_assume!(row.is_some(), "{:?}", findings);
            let row = row.ok_or_else(|| TestCaseError::fail(format!("{findings:?}")))?;
            let mut link = String::new();
            builder.link_template().write_link(&row, &mut link);
            let rules = csv_core::Writer::new();
            prop_assert!(!rules.should_quote(link.as_bytes()), "{}", link);
        }
    }

    #[test]
    fn a_value_of_quotes_is_doubled_inside_quotes() {
        let mut buffer = Vec::new();
        push_quoted(&mut buffer, b"\"\"\"");
        assert_eq!(buffer, b"\"\"\"\"\"\"\"\"");
    }

    #[test]
    fn rows_wait_in_the_buffer_until_enough_bytes_are_formatted() {
        let mut csv = CsvOutput::new(Vec::new(), &ByteRecord::new()).expect("header");
        let row = BatchRow {
            vehicle_id: "v".repeat(1000),
            ..BatchRow::default()
        };
        let mut rows = 0;
        while csv.output.as_ref().is_some_and(Vec::is_empty) {
            csv.write_row(&row).expect("writes");
            rows += 1;
        }
        assert!(rows > 200, "{rows} rows before the first write");
        assert!(
            csv.output
                .as_ref()
                .is_some_and(|written| written.len() >= WRITE_AT_BYTES)
        );
        let expected_rows = rows + 1;
        csv.write_row(&row).expect("writes");
        let written = csv.finish().expect("flushes");
        let text = String::from_utf8(written).expect("text");
        assert_eq!(
            text.lines().count(),
            expected_rows + 1,
            "header and every row"
        );
    }
}
