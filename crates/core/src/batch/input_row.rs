//! What the batch's readers hand on, whatever the input's format: a row, a problem with
//! a row, a problem with the whole input, and the text of a value. The readers of each
//! format (`input`, `id_lines`, `json_row`, `json_array`) import this; it imports none
//! of them.

use std::io::{BufReader, Chain, Cursor};

use csv::ByteRecord;

/// A problem with the whole input: nothing can be read from it, or reading stopped.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error(
        "is empty: expected a CSV with a vehicle_id column, a list of vehicle ids one per line, or VEHICLE_ERROR webhook events / API error bodies as JSON"
    )]
    Empty,
    #[error(
        "the header ({header}) has no vehicle_id column: name the column of vehicle ids `vehicle_id`, or give a plain list with one vehicle id per line"
    )]
    MissingVehicleIdColumn { header: String },
    #[error(
        "is not UTF-8 text ({detail}): save it as UTF-8 (CSV UTF-8 in a spreadsheet) and try again"
    )]
    NotUtf8 { detail: String },
    #[error(
        "the first line is longer than 1 MiB, so it is neither a CSV header nor a vehicle id: check the file"
    )]
    FirstLineTooLong,
    #[error(
        "the header names {name} twice (columns {first} and {second}), so a row would give two values for it: keep one of the columns, or rename the other"
    )]
    DuplicateColumn {
        name: &'static str,
        first: usize,
        second: usize,
    },
    #[error(
        "row {row} opens a quote on line {line} that is not closed before lines holding vehicle ids, so those rows would be read as one value and get no link of their own: close the quote on line {line}, or remove it"
    )]
    UnclosedQuote { row: u32, line: u64 },
    #[error("the JSON array breaks off at row {row} ({reason}): give the whole array")]
    BrokenJsonArray { row: u32, reason: String },
    #[error(
        "the input goes on after the JSON array's closing `]` (after row {rows}), and nothing after it would get a link: give one array holding every event, or one event per line"
    )]
    AfterJsonArray { rows: u32 },
    #[error("cannot read the input: {0}")]
    Io(#[from] std::io::Error),
}

impl InputError {
    /// An I/O failure (exit 1), as opposed to input that is wrong (exit 2).
    pub fn is_io(&self) -> bool {
        matches!(self, InputError::Io(_))
    }
}

impl From<csv::Error> for InputError {
    fn from(error: csv::Error) -> Self {
        let description = error.to_string();
        match error.into_kind() {
            csv::ErrorKind::Io(io) => InputError::Io(io),
            _ => InputError::Io(std::io::Error::other(description)),
        }
    }
}

/// A problem with one row found while reading it; the row gets no link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowProblem {
    /// The URL parameter's name (`vehicle_id`, `state`, `user`).
    pub field: &'static str,
    pub message: String,
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// One input row: the values it gives (as read, untrimmed) and what it carries along.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InputRow {
    /// 1 for the first data row (after the header, blank lines not counted): also its
    /// position among the output rows.
    pub number: u32,
    pub vehicle_id: String,
    pub state: String,
    pub user: String,
    /// Set when the row cannot be used as it is (bytes that are not UTF-8, unreadable JSON).
    pub problem: Option<RowProblem>,
    /// Worth telling the person, not blocking: what a JSON event said besides its vehicle.
    pub notes: Vec<String>,
    /// The values of the columns other than vehicle_id, state and user, byte for byte.
    pub carried: ByteRecord,
}

impl InputRow {
    /// The bytes of its values, carried ones included.
    pub fn value_bytes(&self) -> usize {
        self.vehicle_id.len() + self.state.len() + self.user.len() + self.carried.as_slice().len()
    }
}

/// The stream with the bytes already looked at put back in front.
pub(crate) type Rewound<R> = Chain<Cursor<Vec<u8>>, BufReader<R>>;

/// `bytes` into `text` (cleared first) bytes that are not UTF-8 make the row's
/// problem (the first one found) and are kept with U+FFFD in their place.
pub(crate) fn copy_text(
    bytes: &[u8],
    field: &'static str,
    text: &mut String,
    problem: &mut Option<RowProblem>,
) {
    text.clear();
    match std::str::from_utf8(bytes) {
        Ok(valid) => text.push_str(valid),
        Err(error) => {
            if problem.is_none() {
                *problem = Some(RowProblem {
                    field,
                    message: format!(
                        "is not UTF-8 text ({}): save the file as UTF-8 and run the batch again",
                        describe_utf8_error(bytes, error.valid_up_to(), "in this value")
                    ),
                });
            }
            text.push_str(&String::from_utf8_lossy(bytes));
        }
    }
}

pub(crate) fn describe_utf8_error(bytes: &[u8], valid_up_to: usize, place: &str) -> String {
    match bytes.get(valid_up_to) {
        Some(byte) => format!("byte 0x{byte:02X} at position {} {place}", valid_up_to + 1),
        None => format!("a character cut short {place}"),
    }
}
