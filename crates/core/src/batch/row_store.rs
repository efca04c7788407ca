//! Every row of a batch kept for browsing, copying and exporting later (the window's
//! table), in about a fifth of the memory a `BatchRow` per row takes: a row's own text
//! (vehicle id, state, user, error and warnings, carried values) is packed into large
//! shared blocks, and its link is not kept at all: the app's `LinkTemplate` writes it again
//! when it is shown, copied or exported, from the same values, so it is the same link.
//!
//! A row is filled by `run_batch_into`, the command line's pipeline, so the window and the
//! command line build every row the same way; `write_csv` replays the rows through the
//! same `CsvOutput` as `run_batch`, so the export is the same bytes.

use std::io::{Read, Write};
use std::num::NonZeroU32;

use csv::ByteRecord;

use super::Batch;
use super::build::{BatchRow, ERROR_SEPARATOR};
use super::output::CsvOutput;
use super::pipeline::RowSink;
use crate::deliver::TextColumn;
use crate::link::{Findings, LinkTemplate, check_row};

/// Rows' text is appended to blocks of this size: growing never copies what is kept, so
/// the peak is what the rows take, not twice that while one large buffer doubles.
const TEXT_BLOCK_BYTES: usize = 1 << 20;

/// Rows per block of entries, for the same reason (2.25 MiB a block).
const ENTRY_BLOCK_ROWS: usize = 1 << 16;

/// Between two warnings of a row; no message of the core contains it.
const WARNING_SEPARATOR: char = '\n';

/// A user length meaning "the profile's user", which is then not stored again per row.
const DEFAULT_USER: u32 = u32::MAX;

/// The parts of a row's text, in the order they are packed.
const VEHICLE_ID: usize = 0;
const STATE: usize = 1;
const USER: usize = 2;
const ERROR: usize = 3;
const WARNINGS: usize = 4;
const CARRIED: usize = 5;

/// Where one row's text is and how it divides: 36 bytes a row.
#[derive(Clone, Copy, Debug)]
struct Entry {
    block: u32,
    offset: u32,
    /// Byte lengths of the parts, indexed by `VEHICLE_ID` … `CARRIED`.
    lengths: [u32; 6],
    duplicate_of: Option<NonZeroU32>,
}

/// Which rows a view of the table shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum RowFilter {
    #[default]
    All,
    /// Rows without a link.
    Bad,
    /// Rows with at least one warning (a duplicate's is one).
    WithWarnings,
    /// Rows whose vehicle id an earlier row already had.
    Duplicates,
}

/// The rows of one batch, in input order.
#[derive(Debug)]
pub struct RowStore {
    link: LinkTemplate,
    default_user: String,
    carried_header: ByteRecord,
    text: Vec<Vec<u8>>,
    entries: Vec<Vec<Entry>>,
    rows: usize,
    /// Indexes of the rows in each filter, ascending.
    bad: Vec<u32>,
    with_warnings: Vec<u32>,
    duplicates: Vec<u32>,
}

/// One kept row, borrowed from the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoredRow<'a> {
    /// 1 for the first data row, as in the input.
    pub number: u32,
    pub vehicle_id: &'a str,
    pub state: &'a str,
    pub user: &'a str,
    /// Every problem, joined by ` | ` as in the output's `error` column; empty when good.
    pub error: &'a str,
    pub duplicate_of: Option<u32>,
    warnings: &'a str,
    carried: &'a [u8],
}

impl StoredRow<'_> {
    pub fn is_good(&self) -> bool {
        self.error.is_empty()
    }

    /// Each warning as `<field>: <…>`.
    pub fn warnings(&self) -> impl Iterator<Item = &str> {
        self.warnings
            .split(WARNING_SEPARATOR)
            .filter(|warning| !warning.is_empty())
    }

    /// The carried columns' values, byte for byte.
    pub fn carried(&self) -> impl Iterator<Item = &[u8]> {
        CarriedValues(self.carried)
    }
}

impl RowStore {
    /// An empty store for the rows of `batch`, which has checked the shared values.
    pub fn for_batch<R: Read>(batch: &Batch<R>) -> Self {
        let builder = batch.builder();
        Self {
            link: builder.link_template().clone(),
            default_user: builder.default_user().to_owned(),
            carried_header: batch.carried_header().clone(),
            text: Vec::new(),
            entries: Vec::new(),
            rows: 0,
            bad: Vec::new(),
            with_warnings: Vec::new(),
            duplicates: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// The names of the carried columns, as the output's header ends.
    pub fn carried_header(&self) -> &ByteRecord {
        &self.carried_header
    }

    /// The row at `index` (0 for row 1).
    pub fn row(&self, index: usize) -> Option<StoredRow<'_>> {
        let entry = self
            .entries
            .get(index / ENTRY_BLOCK_ROWS)?
            .get(index % ENTRY_BLOCK_ROWS)?;
        let mut text = self
            .text
            .get(entry.block as usize)?
            .get(entry.offset as usize..)?;
        let mut part = |length: u32| {
            let length = if length == DEFAULT_USER {
                0
            } else {
                length as usize
            };
            let (this, rest) = text.split_at(length.min(text.len()));
            text = rest;
            this
        };
        let parts = entry.lengths.map(&mut part);
        let user = if entry.lengths[USER] == DEFAULT_USER {
            self.default_user.as_str()
        } else {
            as_text(parts[USER])
        };
        Some(StoredRow {
            number: u32::try_from(index + 1).ok()?,
            vehicle_id: as_text(parts[VEHICLE_ID]),
            state: as_text(parts[STATE]),
            user,
            error: as_text(parts[ERROR]),
            duplicate_of: entry.duplicate_of.map(NonZeroU32::get),
            warnings: as_text(parts[WARNINGS]),
            carried: parts[CARRIED],
        })
    }

    /// Every row in input order.
    pub fn rows(&self) -> impl Iterator<Item = StoredRow<'_>> {
        (0..self.rows).filter_map(|index| self.row(index))
    }

    /// Appends a good row's link to `link`, as the batch wrote it; false for a bad row.
    pub fn write_link(&self, row: &StoredRow<'_>, link: &mut String) -> bool {
        if !row.is_good() {
            return false;
        }
        let mut findings = Findings::default();
        match check_row(row.vehicle_id, row.state, row.user, &mut findings) {
            Some(checked) => {
                self.link.write_link(&checked, link);
                true
            }
            None => false,
        }
    }

    /// The links of the good rows, one per line.
    pub fn links(&self) -> String {
        let mut links = String::new();
        for row in self.rows() {
            if self.write_link(&row, &mut links) {
                links.push('\n');
            }
        }
        links
    }

    /// Writes the rows as `run_batch` streamed them: the same CSV, byte for byte.
    pub fn write_csv<W: Write>(&self, output: W) -> Result<W, csv::Error> {
        self.write_csv_with_message(output, None)
    }

    /// As `write_csv`, with the `message` column of a batch given `message` (`batch
    /// --message-column`): rendered from each row's link, so it need not be kept.
    pub fn write_csv_with_message<W: Write>(
        &self,
        output: W,
        message: Option<TextColumn>,
    ) -> Result<W, csv::Error> {
        let mut csv = CsvOutput::with_message_column(output, &self.carried_header, message)?;
        let mut url = String::new();
        for row in self.rows() {
            url.clear();
            self.write_link(&row, &mut url);
            let columns = [row.vehicle_id, row.state, row.user, url.as_str()];
            csv.write_values(columns, row.error, row.carried())?;
        }
        csv.finish()
    }

    /// The indexes of the rows `filter` shows, ascending; `None` for all rows.
    pub fn filtered(&self, filter: RowFilter) -> Option<&[u32]> {
        match filter {
            RowFilter::All => None,
            RowFilter::Bad => Some(&self.bad),
            RowFilter::WithWarnings => Some(&self.with_warnings),
            RowFilter::Duplicates => Some(&self.duplicates),
        }
    }

    /// How many rows `filter` shows.
    pub fn count(&self, filter: RowFilter) -> usize {
        self.filtered(filter).map_or(self.rows, <[u32]>::len)
    }

    /// Where row `number` stands among the rows `filter` shows, if it is one of them.
    pub fn position(&self, filter: RowFilter, number: u32) -> Option<usize> {
        let index = number.checked_sub(1)?;
        match self.filtered(filter) {
            None => ((index as usize) < self.rows).then_some(index as usize),
            Some(indexes) => indexes.binary_search(&index).ok(),
        }
    }

    /// The index of the row shown at `position` under `filter`.
    pub fn index_at(&self, filter: RowFilter, position: usize) -> Option<usize> {
        match self.filtered(filter) {
            None => (position < self.rows).then_some(position),
            Some(indexes) => indexes.get(position).map(|index| *index as usize),
        }
    }

    fn push(&mut self, row: &BatchRow) {
        let user_is_default = !row.user.is_empty() && row.user == self.default_user;
        let user = if user_is_default {
            ""
        } else {
            row.user.as_str()
        };
        let error_bytes = joined_len(&row.errors, ERROR_SEPARATOR.len());
        let warning_bytes = joined_len(&row.warnings, WARNING_SEPARATOR.len_utf8());
        let carried_bytes: usize = row.carried.iter().map(|value| 4 + value.len()).sum();
        let needed = row.vehicle_id.len()
            + row.state.len()
            + user.len()
            + error_bytes
            + warning_bytes
            + carried_bytes;
        let (block, text) = self.block_with_room(needed);
        let offset = text.len();
        text.extend_from_slice(row.vehicle_id.as_bytes());
        text.extend_from_slice(row.state.as_bytes());
        text.extend_from_slice(user.as_bytes());
        push_joined(text, &row.errors, ERROR_SEPARATOR);
        push_joined(
            text,
            &row.warnings,
            WARNING_SEPARATOR.encode_utf8(&mut [0; 4]),
        );
        for value in &row.carried {
            text.extend_from_slice(&length_u32(value.len()).to_le_bytes());
            text.extend_from_slice(value);
        }
        let mut lengths = [0; 6];
        lengths[VEHICLE_ID] = length_u32(row.vehicle_id.len());
        lengths[STATE] = length_u32(row.state.len());
        lengths[USER] = if user_is_default {
            DEFAULT_USER
        } else {
            length_u32(user.len())
        };
        lengths[ERROR] = length_u32(error_bytes);
        lengths[WARNINGS] = length_u32(warning_bytes);
        lengths[CARRIED] = length_u32(carried_bytes);
        let entry = Entry {
            block,
            offset: length_u32(offset),
            lengths,
            duplicate_of: row.duplicate_of.and_then(NonZeroU32::new),
        };
        self.push_entry(entry, row);
    }

    fn push_entry(&mut self, entry: Entry, row: &BatchRow) {
        let index = length_u32(self.rows);
        if !row.is_good() {
            self.bad.push(index);
        }
        if !row.warnings.is_empty() {
            self.with_warnings.push(index);
        }
        if row.duplicate_of.is_some() {
            self.duplicates.push(index);
        }
        match self.entries.last_mut() {
            Some(block) if block.len() < ENTRY_BLOCK_ROWS => block.push(entry),
            _ => {
                let mut block = Vec::with_capacity(ENTRY_BLOCK_ROWS);
                block.push(entry);
                self.entries.push(block);
            }
        }
        self.rows += 1;
    }

    /// The last text block if `needed` more bytes fit, else a new one.
    fn block_with_room(&mut self, needed: usize) -> (u32, &mut Vec<u8>) {
        let fits = self
            .text
            .last()
            .is_some_and(|block| block.capacity() - block.len() >= needed);
        if !fits {
            self.text
                .push(Vec::with_capacity(needed.max(TEXT_BLOCK_BYTES)));
        }
        let block = length_u32(self.text.len() - 1);
        let text = self
            .text
            .last_mut()
            .expect("a block was just made if none was there");
        (block, text)
    }
}

impl RowSink for RowStore {
    fn take(&mut self, row: &BatchRow) -> Result<(), csv::Error> {
        self.push(row);
        Ok(())
    }
}

/// Bytes of `parts` joined by a separator of `separator_len` bytes.
fn joined_len(parts: &[String], separator_len: usize) -> usize {
    let text: usize = parts.iter().map(String::len).sum();
    text + separator_len * parts.len().saturating_sub(1)
}

fn push_joined(text: &mut Vec<u8>, parts: &[String], separator: &str) {
    for (index, part) in parts.iter().enumerate() {
        if index > 0 {
            text.extend_from_slice(separator.as_bytes());
        }
        text.extend_from_slice(part.as_bytes());
    }
}

/// Lengths within one row or one block stay far below 4 GiB: a row is one line of input.
fn length_u32(length: usize) -> u32 {
    u32::try_from(length).unwrap_or(u32::MAX)
}

/// The store wrote only `&str`s into these bytes; anything else would be a bug of its own.
fn as_text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or_default()
}

/// Carried values packed as a 4-byte length, then the bytes.
struct CarriedValues<'a>(&'a [u8]);

impl<'a> Iterator for CarriedValues<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        let (length, rest) = self.0.split_first_chunk::<4>()?;
        let length = (u32::from_le_bytes(*length) as usize).min(rest.len());
        let (value, rest) = rest.split_at(length);
        self.0 = rest;
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_takes_36_bytes() {
        assert_eq!(std::mem::size_of::<Entry>(), 36);
    }
}
