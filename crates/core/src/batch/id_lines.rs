//! A plain list of ids read line by line without the CSV parser: a line with no quote,
//! comma or carriage return is one value as it stands, which is what the parser would
//! make of it, at a fraction of its cost. The first line that holds one of those bytes
//! hands the rest of the input, that line included, to the CSV parser for good.

use std::io::{BufRead, Cursor, Read};

use super::input_row::{InputError, InputRow, Rewound, copy_text};

/// The lines of a list, up to the first one the CSV parser must read.
pub(crate) struct IdLines<R: Read> {
    /// `None` once handed to the CSV parser.
    input: Option<Rewound<R>>,
    line: Vec<u8>,
    /// Bytes of the lines read so far.
    consumed: u64,
    /// Lines of the input read so far, blank ones and those before this reader included,
    /// for the CSV parser's line numbers to be the file's.
    lines: u64,
}

/// What reading the next line gave.
pub(crate) enum IdLine {
    Row,
    End,
    /// This line needs the CSV parser: see `take_csv_input`.
    NeedsCsv,
}

impl<R: Read> IdLines<R> {
    /// `lines_before`: the lines of the input before `input`'s first.
    pub(crate) fn new(input: Rewound<R>, lines_before: u64) -> Self {
        Self {
            input: Some(input),
            line: Vec::new(),
            consumed: 0,
            lines: lines_before,
        }
    }

    /// The next line that is not blank into `row`, reusing its buffers.
    pub(crate) fn read_into(&mut self, row: &mut InputRow) -> Result<IdLine, InputError> {
        let Some(input) = self.input.as_mut() else {
            return Ok(IdLine::End);
        };
        loop {
            self.line.clear();
            // A line inside the reader's buffer is read where it is; one that runs past
            // the buffer's end, or ends the input without a line break, is gathered.
            let kind = match memchr::memchr(b'\n', input.fill_buf()?) {
                Some(end) => {
                    let buffered = input.fill_buf()?;
                    let kind = read_line(&buffered[..end], row);
                    if kind == LineKind::NeedsCsv {
                        self.line.extend_from_slice(&buffered[..=end]);
                    }
                    input.consume(end + 1);
                    kind
                }
                None => {
                    if input.read_until(b'\n', &mut self.line)? == 0 {
                        return Ok(IdLine::End);
                    }
                    read_line(self.line.strip_suffix(b"\n").unwrap_or(&self.line), row)
                }
            };
            match kind {
                LineKind::NeedsCsv => return Ok(IdLine::NeedsCsv),
                LineKind::Blank => self.lines += 1,
                LineKind::Value { bytes } => {
                    self.consumed += bytes as u64 + 1;
                    self.lines += 1;
                    return Ok(IdLine::Row);
                }
            }
        }
    }

    /// Bytes of the lines read so far (not the one handed to the CSV parser).
    pub(crate) fn consumed(&self) -> u64 {
        self.consumed
    }

    /// The lines before the one handed to the CSV parser.
    pub(crate) fn lines_before_csv(&self) -> u64 {
        self.lines
    }

    /// The rest of the input, from the start of the line last read: after `NeedsCsv`,
    /// what the CSV parser reads on from.
    pub(crate) fn take_csv_input(&mut self) -> Option<Rewound<R>> {
        let (unread_start, rest) = self.input.take()?.into_inner();
        let mut front = std::mem::take(&mut self.line);
        let read = usize::try_from(unread_start.position()).unwrap_or(usize::MAX);
        front.extend_from_slice(unread_start.get_ref().get(read..).unwrap_or_default());
        Some(Cursor::new(front).chain(rest))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LineKind {
    /// A quote, comma or carriage return: the CSV parser must read it.
    NeedsCsv,
    Blank,
    /// The row is filled from the line's `bytes`.
    Value {
        bytes: usize,
    },
}

/// One line without its line break: into `row` when it is a value.
fn read_line(line: &[u8], row: &mut InputRow) -> LineKind {
    if memchr::memchr3(b'"', b',', b'\r', line).is_some() {
        LineKind::NeedsCsv
    } else if line.trim_ascii().is_empty() {
        LineKind::Blank
    } else {
        fill_from_value(line, row);
        LineKind::Value { bytes: line.len() }
    }
}

/// A list's row: its one value is the vehicle id.
fn fill_from_value(value: &[u8], row: &mut InputRow) {
    row.carried.clear();
    row.notes.clear();
    row.state.clear();
    row.user.clear();
    let mut problem = None;
    copy_text(value, "vehicle_id", &mut row.vehicle_id, &mut problem);
    row.problem = problem;
}

#[cfg(test)]
mod tests {
    use crate::batch::{BatchReader, InputFormat};

    fn ids(input: &[u8]) -> Vec<String> {
        let reader = BatchReader::new(input).expect("opens");
        assert_eq!(reader.format(), InputFormat::IdList);
        reader.map(|row| row.expect("reads").vehicle_id).collect()
    }

    #[test]
    fn a_line_the_parser_must_read_hands_it_the_rest_of_the_list() {
        let list = b"a1\n\n  \nb2\n\"quoted,id\"\nc3\r\nd4\n\"multi\nline\"\ne5\n,\n  ,  \nf6";
        assert_eq!(
            ids(list),
            [
                "a1",
                "b2",
                "quoted,id",
                "c3",
                "d4",
                "multi\nline",
                "e5",
                "f6"
            ]
        );
    }

    #[test]
    fn a_first_line_the_parser_must_read_is_read_by_it() {
        assert_eq!(ids(b"\"first\"\nsecond\n"), ["first", "second"]);
        assert_eq!(ids(b"one\r\ntwo\r\n"), ["one", "two"]);
    }

    #[test]
    fn bytes_that_are_not_utf8_make_the_row_s_problem() {
        let reader = BatchReader::new(&b"ok-1\n\xFFbad\nok-2\n"[..]).expect("opens");
        let rows: Vec<_> = reader.map(|row| row.expect("reads")).collect();
        assert_eq!(rows.len(), 3);
        assert!(rows[0].problem.is_none());
        let problem = rows[1].problem.as_ref().expect("a problem");
        assert_eq!(problem.field, "vehicle_id");
        assert!(problem.message.contains("byte 0xFF"), "{}", problem.message);
        assert_eq!(rows[1].vehicle_id, "\u{FFFD}bad");
        assert_eq!(rows[2].number, 3);
    }
}
