//! Reading a batch's input one row at a time: first what kind of input it is (a CSV with
//! a `vehicle_id` column, a plain list of ids, JSON lines or a JSON array of webhook
//! events / API error bodies), then a row iterator that never holds more than one row.

use std::io::{BufRead, BufReader, Cursor, Read};

use csv::ByteRecord;

use super::id_lines::{IdLine, IdLines};
pub use super::input_row::{InputError, InputRow, RowProblem};
use super::input_row::{Rewound, copy_text, describe_utf8_error};
use super::json_array::JsonArrayElements;
use super::json_row::{JsonLines, row_from_json};

/// The first line may be a long CSV header, never a file: beyond this it is not a header.
pub const MAX_FIRST_LINE_BYTES: u64 = 1 << 20;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// What the input turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    /// A CSV whose header names a `vehicle_id` column, with this delimiter.
    CsvWithHeader { delimiter: u8 },
    /// One vehicle id per line.
    IdList,
    /// One webhook event or API error body per line.
    JsonLines,
    /// A JSON array of webhook events or API error bodies.
    JsonArray,
}

impl InputFormat {
    pub fn describe(self) -> &'static str {
        match self {
            InputFormat::CsvWithHeader { .. } => "CSV with a vehicle_id column",
            InputFormat::IdList => "list of vehicle ids",
            InputFormat::JsonLines => "JSON, one event or error per line",
            InputFormat::JsonArray => "JSON array of events or errors",
        }
    }
}

/// Which input column holds what.
#[derive(Clone, Debug, Default)]
struct Columns {
    /// A plain list of ids: one value per line.
    list: bool,
    /// How many columns the header names (0 for a list).
    width: usize,
    delimiter: u8,
    vehicle_id: usize,
    state: Option<usize>,
    user: Option<usize>,
    carried: Vec<usize>,
}

enum Source<R: Read> {
    /// A plain list, until a line needs the CSV parser.
    List(IdLines<R>),
    Csv {
        reader: csv::Reader<Rewound<R>>,
        record: ByteRecord,
        columns: Columns,
        /// Lines of the input before the parser's first: its line numbers plus this are
        /// the file's.
        lines_before: u64,
    },
    JsonLines(JsonLines<Rewound<R>>),
    JsonArray(JsonArrayElements<Rewound<R>>),
}

/// The rows of a batch's input, one at a time.
pub struct BatchReader<R: Read> {
    format: InputFormat,
    carried_header: ByteRecord,
    source: Source<R>,
    rows_read: u32,
    failed: bool,
}

impl<R: Read> BatchReader<R> {
    /// Reads up to the first non-blank line to learn the format (and the header).
    pub fn new(input: R) -> Result<Self, InputError> {
        let mut input = BufReader::with_capacity(64 * 1024, input);
        let (first_line, lines_before) = read_first_line(&mut input)?;
        let text = std::str::from_utf8(&first_line).map_err(|e| InputError::NotUtf8 {
            detail: describe_utf8_error(&first_line, e.valid_up_to(), "on the first line"),
        })?;
        if text.contains('\0') {
            return Err(InputError::NotUtf8 {
                detail: "the first line holds NUL bytes, as UTF-16 text does".to_owned(),
            });
        }
        let trimmed = text.trim_start();
        let (format, carried_header, source) = if trimmed.starts_with('[') {
            let rewound = Cursor::new(first_line).chain(input);
            (
                InputFormat::JsonArray,
                ByteRecord::new(),
                Source::JsonArray(JsonArrayElements::new(rewound)),
            )
        } else if trimmed.starts_with('{') {
            let rewound = Cursor::new(first_line).chain(input);
            (
                InputFormat::JsonLines,
                ByteRecord::new(),
                Source::JsonLines(JsonLines::new(rewound)),
            )
        } else {
            csv_source(first_line, lines_before, input)?
        };
        Ok(Self {
            format,
            carried_header,
            source,
            rows_read: 0,
            failed: false,
        })
    }

    pub fn format(&self) -> InputFormat {
        self.format
    }

    /// The names of the carried columns, in input order (empty unless a CSV).
    pub fn carried_header(&self) -> &ByteRecord {
        &self.carried_header
    }

    /// Rows read so far.
    pub fn rows_read(&self) -> u32 {
        self.rows_read
    }

    /// About how many bytes of the input the rows read so far took (the header and blank
    /// lines aside), for guessing how many rows the rest holds; `None` for JSON.
    pub fn bytes_read(&self) -> Option<u64> {
        match &self.source {
            Source::List(lines) => Some(lines.consumed()),
            Source::Csv { reader, .. } => Some(reader.position().byte()),
            Source::JsonLines(_) | Source::JsonArray(_) => None,
        }
    }

    /// Reads the next row into `row`, reusing its buffers; `false` at the end of the input.
    /// After an error nothing more is read.
    pub fn read_into(&mut self, row: &mut InputRow) -> Result<bool, InputError> {
        if self.failed {
            return Ok(false);
        }
        match self.read_row_into(row) {
            Ok(read) => Ok(read),
            Err(error) => {
                self.failed = true;
                Err(error)
            }
        }
    }

    fn read_row_into(&mut self, row: &mut InputRow) -> Result<bool, InputError> {
        let number = self.rows_read + 1;
        let read = match &mut self.source {
            Source::List(lines) => match lines.read_into(row)? {
                IdLine::Row => true,
                IdLine::End => false,
                IdLine::NeedsCsv => {
                    let lines_before = lines.lines_before_csv();
                    if let Some(input) = lines.take_csv_input() {
                        self.source = list_csv_source(input, lines_before);
                    }
                    return self.read_row_into(row);
                }
            },
            Source::Csv {
                reader,
                record,
                columns,
                lines_before,
            } => {
                let found = next_csv_record(reader, record)?.is_some();
                if found {
                    refuse_swallowed_rows(reader, record, columns, number, *lines_before)?;
                    fill_from_record(record, columns, row);
                }
                found
            }
            Source::JsonLines(lines) => lines
                .next_value()?
                .map(|value| *row = row_from_json(value))
                .is_some(),
            Source::JsonArray(elements) => elements
                .next_element()
                .map_err(|error| match error {
                    InputError::BrokenJsonArray { reason, .. } => InputError::BrokenJsonArray {
                        row: number,
                        reason,
                    },
                    InputError::AfterJsonArray { .. } => {
                        InputError::AfterJsonArray { rows: number - 1 }
                    }
                    other => other,
                })?
                .map(|value| *row = row_from_json(value))
                .is_some(),
        };
        if read {
            self.rows_read = number;
            row.number = number;
        }
        Ok(read)
    }
}

impl<R: Read> Iterator for BatchReader<R> {
    type Item = Result<InputRow, InputError>;

    /// Rows in input order; after an error the iterator ends.
    fn next(&mut self) -> Option<Self::Item> {
        let mut row = InputRow::default();
        match self.read_into(&mut row) {
            Ok(true) => Some(Ok(row)),
            Ok(false) => None,
            Err(error) => Some(Err(error)),
        }
    }
}

/// The first line that is not blank, without its BOM; blank lines before it are dropped.
/// Also how many lines it and those took.
fn read_first_line<R: Read>(input: &mut BufReader<R>) -> Result<(Vec<u8>, u64), InputError> {
    let mut line = Vec::new();
    let mut at_start = true;
    let mut lines = 0;
    loop {
        lines += 1;
        line.clear();
        let read = input
            .by_ref()
            .take(MAX_FIRST_LINE_BYTES)
            .read_until(b'\n', &mut line)?;
        if read == 0 {
            return Err(InputError::Empty);
        }
        if at_start {
            reject_utf16(&line)?;
            if line.starts_with(UTF8_BOM) {
                line.drain(..UTF8_BOM.len());
            }
            at_start = false;
        }
        if !line.ends_with(b"\n") && read as u64 == MAX_FIRST_LINE_BYTES {
            return Err(InputError::FirstLineTooLong);
        }
        if !line.trim_ascii().is_empty() {
            return Ok((line, lines));
        }
    }
}

fn reject_utf16(start: &[u8]) -> Result<(), InputError> {
    if start.starts_with(b"\xFF\xFE") || start.starts_with(b"\xFE\xFF") {
        return Err(InputError::NotUtf8 {
            detail: "it starts with a UTF-16 byte order mark".to_owned(),
        });
    }
    Ok(())
}

/// The delimiters a spreadsheet export may use, most common first.
const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

type CsvStart<R> = (InputFormat, ByteRecord, Source<R>);

/// A header naming `vehicle_id` makes a CSV; one value without it makes a list of ids;
/// several values without it are a header missing the column.
fn csv_source<R: Read>(
    first_line: Vec<u8>,
    lines_before: u64,
    input: BufReader<R>,
) -> Result<CsvStart<R>, InputError> {
    for delimiter in DELIMITERS {
        let (header, header_end) = parse_header(&first_line, delimiter)?;
        if let Some(columns) = columns_of(&header, delimiter)? {
            let carried_header = select(&header, &columns.carried);
            // Lines ended by a carriage return alone arrive as one "line": the rows after
            // the header are in it, and must be read, not dropped with it.
            let rest = first_line.get(header_end..).unwrap_or_default();
            let rest = if rest.trim_ascii().is_empty() {
                Vec::new()
            } else {
                rest.to_vec()
            };
            let reader = data_reader(Cursor::new(rest).chain(input), delimiter);
            return Ok((
                InputFormat::CsvWithHeader { delimiter },
                carried_header,
                Source::Csv {
                    reader,
                    record: ByteRecord::new(),
                    columns,
                    lines_before,
                },
            ));
        }
    }
    let (values, _) = parse_header(&first_line, b',')?;
    if values.len() > 1 || values.iter().any(is_header_name) {
        let header = values
            .iter()
            .map(|name| String::from_utf8_lossy(name).trim().to_owned())
            .collect::<Vec<_>>()
            .join(", ");
        return Err(InputError::MissingVehicleIdColumn { header });
    }
    Ok((
        InputFormat::IdList,
        ByteRecord::new(),
        Source::List(IdLines::new(
            Cursor::new(first_line).chain(input),
            lines_before - 1,
        )),
    ))
}

/// The rest of a list, through the CSV parser.
fn list_csv_source<R: Read>(input: Rewound<R>, lines_before: u64) -> Source<R> {
    Source::Csv {
        reader: data_reader(input, b','),
        record: ByteRecord::new(),
        columns: Columns {
            list: true,
            delimiter: b',',
            ..Columns::default()
        },
        lines_before,
    }
}

/// A lone first value that names a column rather than being an id: a one-column CSV whose
/// header is spelled differently (`vehicleId`, `id`, `VIN`…).
fn is_header_name(value: &[u8]) -> bool {
    let name: Vec<u8> = value
        .iter()
        .filter(|byte| !matches!(byte, b' ' | b'_' | b'-' | b'\t' | b'\r' | b'\n'))
        .map(u8::to_ascii_lowercase)
        .collect();
    [
        &b"vehicleid"[..],
        b"vehicleids",
        b"vehicle",
        b"id",
        b"ids",
        b"vin",
    ]
    .contains(&name.as_slice())
}

/// The first record of `line`, and where in `line` the record after it starts.
fn parse_header(line: &[u8], delimiter: u8) -> Result<(ByteRecord, usize), InputError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(line);
    let mut record = ByteRecord::new();
    reader.read_byte_record(&mut record)?;
    let end = usize::try_from(reader.position().byte()).unwrap_or(line.len());
    Ok((record, end))
}

fn data_reader<R: Read>(input: Rewound<R>, delimiter: u8) -> csv::Reader<Rewound<R>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .buffer_capacity(64 * 1024)
        .from_reader(input)
}

/// The header's columns, or `None` without a `vehicle_id` column. A column the batch
/// reads (`vehicle_id`, `state`, `user`) named twice is an error: either one could be
/// meant, and reading one would pass the other's values by.
fn columns_of(header: &ByteRecord, delimiter: u8) -> Result<Option<Columns>, InputError> {
    let named = |name: &'static str| -> Result<Option<usize>, InputError> {
        let mut positions = header
            .iter()
            .enumerate()
            .filter(|(_, column)| column_name(column).eq_ignore_ascii_case(name.as_bytes()))
            .map(|(index, _)| index);
        match (positions.next(), positions.next()) {
            (Some(first), Some(second)) => Err(InputError::DuplicateColumn {
                name,
                first: first + 1,
                second: second + 1,
            }),
            (first, _) => Ok(first),
        }
    };
    let Some(vehicle_id) = named("vehicle_id")? else {
        return Ok(None);
    };
    let state = named("state")?;
    let user = named("user")?;
    let carried = (0..header.len())
        .filter(|index| ![Some(vehicle_id), state, user].contains(&Some(*index)))
        .collect();
    Ok(Some(Columns {
        list: false,
        delimiter,
        width: header.len(),
        vehicle_id,
        state,
        user,
        carried,
    }))
}

/// A header cell as a name: without the spaces and byte order marks a spreadsheet or a
/// joined file leaves around it.
fn column_name(cell: &[u8]) -> &[u8] {
    let mut name = cell.trim_ascii();
    while let Some(rest) = name
        .strip_prefix(UTF8_BOM)
        .or_else(|| name.strip_suffix(UTF8_BOM))
    {
        name = rest.trim_ascii();
    }
    name
}

/// A quote opened in a value and never closed takes the following lines into that value,
/// rows and all. A record over several lines (told from the parser's line count, so a
/// one-line row costs nothing more) is refused when a line inside one of its values
/// holds a vehicle id: a value with line breaks in it is fine, hidden rows are not.
fn refuse_swallowed_rows<R: Read>(
    reader: &csv::Reader<R>,
    record: &ByteRecord,
    columns: &Columns,
    row: u32,
    lines_before: u64,
) -> Result<(), InputError> {
    let Some(read_from) = record.position().map(csv::Position::line) else {
        return Ok(());
    };
    let read_to = reader.position().line();
    if read_to <= read_from + 1 {
        return Ok(());
    }
    let holds_rows = record.iter().any(|value| {
        value
            .split(|byte| *byte == b'\n')
            .skip(1)
            .any(|line| holds_vehicle_id(line, columns.delimiter))
    });
    if !holds_rows {
        return Ok(());
    }
    // The parser skips blank lines before a record, so its first line is counted back
    // from its last: the line breaks inside its values, and the one that ended it when
    // the parser has counted it. It has not when the quote ran to the end of the input
    // (the last value then ends with the input's last line break), nor after a CR LF,
    // whose LF it counts with the next record.
    let inside: u64 = record
        .iter()
        .map(|value| memchr::memchr_iter(b'\n', value).count() as u64)
        .sum();
    let ran_to_the_end = record
        .iter()
        .next_back()
        .is_some_and(|v| v.ends_with(b"\n"));
    let crlf = record.iter().any(|value| {
        memchr::memchr(b'\n', value).is_some_and(|at| at > 0 && value[at - 1] == b'\r')
    });
    let ending_counted = !(ran_to_the_end || crlf);
    let first = read_to
        .saturating_sub(inside + u64::from(ending_counted))
        .max(read_from);
    Err(InputError::UnclosedQuote {
        row,
        line: lines_before + first,
    })
}

/// A line with a UUID as one of its values, as a row of vehicle ids has.
fn holds_vehicle_id(line: &[u8], delimiter: u8) -> bool {
    line.split(|byte| *byte == delimiter).any(|value| {
        let value = value.trim_ascii();
        let value = value.strip_prefix(b"\"").unwrap_or(value);
        let value = value.strip_suffix(b"\"").unwrap_or(value).trim_ascii();
        is_uuid_shaped(value)
    })
}

/// 8-4-4-4-12 hexadecimal digits, in any case.
fn is_uuid_shaped(value: &[u8]) -> bool {
    value.len() == 36
        && value.iter().enumerate().all(|(index, byte)| match index {
            8 | 13 | 18 | 23 => *byte == b'-',
            _ => byte.is_ascii_hexdigit(),
        })
}

fn select(record: &ByteRecord, indices: &[usize]) -> ByteRecord {
    let mut selected = ByteRecord::with_capacity(64, indices.len());
    for index in indices {
        selected.push_field(record.get(*index).unwrap_or_default());
    }
    selected
}

/// The next record that is not blank (a line of spaces or of bare delimiters is blank).
fn next_csv_record<R: Read>(
    reader: &mut csv::Reader<R>,
    record: &mut ByteRecord,
) -> Result<Option<()>, InputError> {
    loop {
        if !reader.read_byte_record(record)? {
            return Ok(None);
        }
        if record.iter().any(|field| !field.trim_ascii().is_empty()) {
            return Ok(Some(()));
        }
    }
}

/// Fills `row` from a CSV record, reusing its buffers.
fn fill_from_record(record: &ByteRecord, columns: &Columns, row: &mut InputRow) {
    row.carried.clear();
    for index in &columns.carried {
        row.carried
            .push_field(record.get(*index).unwrap_or_default());
    }
    row.notes.clear();
    let mut problem = None;
    copy_text_field(
        record,
        Some(columns.vehicle_id),
        "vehicle_id",
        &mut row.vehicle_id,
        &mut problem,
    );
    copy_text_field(record, columns.state, "state", &mut row.state, &mut problem);
    copy_text_field(record, columns.user, "user", &mut row.user, &mut problem);
    if columns.list {
        problem = problem.or_else(|| list_line_problem(record));
    } else if let Some(note) = extra_values_note(record, columns.width) {
        row.notes.push(note);
    }
    row.problem = problem;
}

/// Values beyond the header's columns have no name to be carried under.
fn extra_values_note(record: &ByteRecord, width: usize) -> Option<String> {
    let extra = record
        .iter()
        .skip(width)
        .filter(|value| !value.trim_ascii().is_empty())
        .count();
    (extra > 0).then(|| {
        format!(
            "this row has {} values but the header names {width} columns: the {extra} extra values are not carried",
            record.len()
        )
    })
}

/// A list has one id per line; a line with several values was meant as a CSV.
fn list_line_problem(record: &ByteRecord) -> Option<RowProblem> {
    let values = record
        .iter()
        .filter(|value| !value.trim_ascii().is_empty())
        .count();
    (values > 1).then(|| RowProblem {
        field: "vehicle_id",
        message: format!(
            "this line holds {values} comma-separated values; a list has one vehicle id per line (to carry other columns, give a CSV whose header names a vehicle_id column)"
        ),
    })
}

/// A column's text into `text`; bytes that are not UTF-8 make the row's problem (the first
/// one found) and are kept with U+FFFD in their place.
fn copy_text_field(
    record: &ByteRecord,
    column: Option<usize>,
    field: &'static str,
    text: &mut String,
    problem: &mut Option<RowProblem>,
) {
    text.clear();
    if let Some(bytes) = column.and_then(|index| record.get(index)) {
        copy_text(bytes, field, text, problem);
    }
}
