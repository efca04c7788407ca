//! Many vehicles -> many links: a CSV, a list of ids or JSON events in, a CSV out, one row
//! per input row, in order. Streaming: a few chunks of rows are in memory at a time
//! (`pipeline`), plus a 12-byte fingerprint entry per distinct vehicle id for spotting
//! duplicates. No egui.
//!
//! The shared values (client_id, redirect_uri) are checked once before any row is read;
//! each row then goes through the same `check` and URL builder as a single link.

pub mod build;
pub mod defaults;
pub mod direct_output;
pub mod duplicates;
mod id_lines;
pub mod input;
pub mod input_row;
pub mod json_array;
pub mod json_row;
pub mod old_output;
pub mod output;
pub mod pipeline;
pub mod row_store;
mod shared_states;

use std::io::Read;

pub use build::{BatchRow, LinkBuilder, RowScratch};
pub use defaults::{BatchDefaults, BatchOptions};
pub use direct_output::DirectOutput;
pub use duplicates::Duplicates;
pub use input::{BatchReader, InputError, InputFormat, InputRow, RowProblem};
pub use old_output::forget_cached;
pub use output::{CsvOutput, MESSAGE_COLUMN, OUTPUT_COLUMNS, neutralise_formula};
pub use pipeline::{RowSink, run_batch, run_batch_into};
pub use row_store::{RowFilter, RowStore, StoredRow};
// The crate's one whole-file writer, under the name the batch's callers know.
pub use crate::whole_file::{WholeFileError, write_whole_file_with as write_whole_file};

use crate::deliver::TextColumn;
use crate::link::state::StateGenerationError;
use crate::link::{Contract, Finding};

/// Why a batch stopped before its end.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// A shared value (client_id, redirect_uri) is wrong: no row can get a link.
    #[error("{}", .findings.iter().map(|finding| finding.line(*.contract)).collect::<Vec<_>>().join("\n"))]
    Shared {
        findings: Vec<Finding>,
        /// The names the lines give the fields.
        contract: Contract,
    },
    #[error("input: {0}")]
    Input(#[from] InputError),
    #[error("cannot write the output: {0}")]
    Output(csv::Error),
    #[error("state: {0}")]
    Random(#[from] StateGenerationError),
}

impl BatchError {
    /// Wrong input (exit 2) rather than a failure of the machine (exit 1).
    pub fn is_invalid_input(&self) -> bool {
        match self {
            BatchError::Shared { .. } => true,
            BatchError::Input(error) => !error.is_io(),
            BatchError::Output(_) | BatchError::Random(_) => false,
        }
    }
}

/// Counts over the rows written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BatchSummary {
    pub rows: u32,
    pub good: u32,
    pub bad: u32,
    /// Rows whose vehicle id an earlier row already had.
    pub duplicates: u32,
    /// Good rows with at least one warning.
    pub with_warnings: u32,
    /// The first bad row's number.
    pub first_bad: Option<u32>,
}

impl BatchSummary {
    pub fn add(&mut self, row: &BatchRow) {
        self.rows += 1;
        if row.is_good() {
            self.good += 1;
        } else {
            self.bad += 1;
            self.first_bad.get_or_insert(row.number);
        }
        if row.duplicate_of.is_some() {
            self.duplicates += 1;
        }
        if !row.warnings.is_empty() {
            self.with_warnings += 1;
        }
    }
}

/// A batch opened and checked, ready for `run_batch` (the command line's CSV) or
/// `run_batch_into` (any other sink, such as the window's `RowStore`): one row loop for both.
pub struct Batch<R: Read> {
    reader: BatchReader<R>,
    builder: LinkBuilder,
    duplicates: Duplicates,
    /// The optional `message` column of the output.
    message_column: Option<TextColumn>,
    /// The whole input's size, when known: the duplicate table is sized from it.
    input_bytes: Option<u64>,
}

/// Room made ahead in the duplicate table is for at most this many ids (48 MB); a larger
/// input grows the table as it goes.
const MOST_IDS_RESERVED: u64 = 1 << 21;

impl<R: Read> Batch<R> {
    /// Checks the shared values, then reads far enough to know the input's format.
    pub fn open(
        input: R,
        defaults: &BatchDefaults,
        options: BatchOptions,
    ) -> Result<Self, BatchError> {
        let builder =
            LinkBuilder::new(defaults, options).map_err(|findings| BatchError::Shared {
                findings,
                contract: defaults.link_options.contract,
            })?;
        let reader = BatchReader::new(input)?;
        Ok(Self {
            reader,
            builder,
            duplicates: Duplicates::new(),
            message_column: None,
            input_bytes: None,
        })
    }

    /// The input's size in bytes (a file's length): after the first rows the batch
    /// guesses how many rows all of it holds and makes room for their ids at once.
    pub fn with_input_bytes(mut self, bytes: u64) -> Self {
        self.input_bytes = Some(bytes);
        self
    }

    /// After the first rows: the rows the whole input holds if the rest are as long as
    /// those, and room in the duplicate table for that many ids.
    fn reserve_for_the_whole_input(&mut self) {
        let (Some(total), Some(read)) = (self.input_bytes, self.reader.bytes_read()) else {
            return;
        };
        let rows = u128::from(self.reader.rows_read());
        let Some(expected) = (u128::from(total) * rows).checked_div(u128::from(read)) else {
            return;
        };
        let expected = u64::try_from(expected).unwrap_or(u64::MAX);
        let ids = usize::try_from(expected.min(MOST_IDS_RESERVED)).unwrap_or(0);
        self.duplicates.reserve(ids);
    }

    /// Adds a `message` column after `error` to what `run_batch` writes: each good row's
    /// short text.
    pub fn with_message_column(mut self, column: TextColumn) -> Self {
        self.message_column = Some(column);
        self
    }

    pub fn format(&self) -> InputFormat {
        self.reader.format()
    }

    pub fn carried_header(&self) -> &csv::ByteRecord {
        self.reader.carried_header()
    }

    pub fn shared_warnings(&self) -> &[Finding] {
        self.builder.shared_warnings()
    }

    /// What every row's link is built from, as checked when the batch opened.
    pub fn builder(&self) -> &LinkBuilder {
        &self.builder
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(input: &[u8]) -> Batch<&[u8]> {
        let defaults = BatchDefaults {
            client_id: "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07".to_owned(),
            ..BatchDefaults::default()
        };
        let batch = Batch::open(input, &defaults, BatchOptions::default()).expect("opens");
        batch.with_input_bytes(input.len() as u64)
    }

    /// Reads `rows` rows, then sizes the duplicate table as the pipeline does.
    fn room_after(batch: &mut Batch<&[u8]>, rows: usize) -> usize {
        let mut row = InputRow::default();
        for _ in 0..rows {
            assert!(batch.reader.read_into(&mut row).expect("reads"));
        }
        batch.reserve_for_the_whole_input();
        batch.duplicates.room()
    }

    #[test]
    fn the_duplicate_table_is_sized_for_the_rows_the_input_holds() {
        let ids: String = (0..20_000)
            .map(|n| format!("00000000-0000-4000-8000-{n:012x}\n"))
            .collect();
        let room = room_after(&mut open(ids.as_bytes()), 100);
        assert!((20_000..80_000).contains(&room), "room for {room} ids");

        let wide: String = std::iter::once("vehicle_id,notes\n".to_owned())
            .chain((0..2_000).map(|n| format!("v-{n},{}\n", "n".repeat(500))))
            .collect();
        let room = room_after(&mut open(wide.as_bytes()), 100);
        assert!(
            (2_000..8_000).contains(&room),
            "wide rows: room for {room} ids"
        );
    }

    #[test]
    fn json_input_grows_its_table_as_it_goes() {
        let events = br#"{"eventType":"VEHICLE_ERROR","data":{"vehicle":{"id":"36ab27d0-fd9d-4455-823a-ce30af709ffc"}}}"#;
        let mut batch = open(events);
        let before = batch.duplicates.room();
        assert_eq!(room_after(&mut batch, 1), before);
    }
}
