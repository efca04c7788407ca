//! Many vehicles -> many links: a CSV, a list of ids or JSON events in, a CSV out, one row
//! per input row, in order. Streaming: one chunk of rows is in memory at a time, plus a
//! 12-byte fingerprint entry per distinct vehicle id for spotting duplicates. No egui.
//!
//! The shared values (client_id, redirect_uri) are checked once before any row is read;
//! each row then goes through the same `check` and URL builder as a single link.

pub mod build;
pub mod defaults;
pub mod duplicates;
pub mod input;
pub mod json_array;
pub mod json_row;
pub mod output;
pub mod writer_thread;

use std::io::{Read, Write};
use std::ops::ControlFlow;

pub use build::{BatchRow, LinkBuilder};
pub use defaults::{BatchDefaults, BatchOptions};
pub use duplicates::Duplicates;
pub use input::{BatchReader, InputError, InputFormat, InputRow, RowProblem};
pub use output::{CsvOutput, OUTPUT_COLUMNS};
pub use writer_thread::WriterThread;

use crate::link::Finding;
use crate::link::state::StateGenerationError;

/// Why a batch stopped before its end.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// A shared value (client_id, redirect_uri) is wrong: no row can get a link.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Shared(Vec<Finding>),
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
            BatchError::Shared(_) => true,
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

/// The rows of a batch, built one at a time.
pub struct Batch<R: Read> {
    reader: BatchReader<R>,
    builder: LinkBuilder,
    duplicates: Duplicates,
}

impl<R: Read> Batch<R> {
    /// Checks the shared values, then reads far enough to know the input's format.
    pub fn open(
        input: R,
        defaults: &BatchDefaults,
        options: BatchOptions,
    ) -> Result<Self, BatchError> {
        let builder = LinkBuilder::new(defaults, options).map_err(BatchError::Shared)?;
        let reader = BatchReader::new(input)?;
        Ok(Self {
            reader,
            builder,
            duplicates: Duplicates::new(),
        })
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
}

impl<R: Read> Batch<R> {
    /// The next input row and the earlier row with its vehicle id, in input order.
    fn next_input(&mut self) -> Option<Result<(InputRow, Option<u32>), BatchError>> {
        let row = match self.reader.next()? {
            Ok(row) => row,
            Err(error) => return Some(Err(error.into())),
        };
        let duplicate_of = self.duplicates.first_row_of(&row.vehicle_id, row.number);
        Some(Ok((row, duplicate_of)))
    }
}

impl<R: Read> Iterator for Batch<R> {
    type Item = Result<BatchRow, BatchError>;

    fn next(&mut self) -> Option<Self::Item> {
        let (row, duplicate_of) = match self.next_input()? {
            Ok(input) => input,
            Err(error) => return Some(Err(error)),
        };
        Some(
            self.builder
                .build(row, duplicate_of)
                .map_err(BatchError::from),
        )
    }
}

/// Rows read and built together: enough that handing half to a second thread costs
/// next to nothing, few enough to keep memory flat (about 2 MB of rows in flight).
const CHUNK_ROWS: usize = 2048;

/// Streams a whole batch from `input` to `output`; `on_row` sees each row after it is
/// written and may stop the batch early.
///
/// Rows are read in chunks; building a chunk's links (checking, encoding) is split
/// between this thread and one more, then the rows are written in input order. Reading,
/// duplicate detection and writing stay on this thread, so the output is the same bytes
/// as building row by row.
pub fn run_batch<R: Read, W: Write>(
    mut batch: Batch<R>,
    output: W,
    mut on_row: impl FnMut(&BatchRow) -> ControlFlow<()>,
) -> Result<(BatchSummary, W), BatchError> {
    let mut writer = CsvOutput::new(output, batch.carried_header()).map_err(BatchError::Output)?;
    let mut summary = BatchSummary::default();
    let mut inputs = Vec::with_capacity(CHUNK_ROWS);
    'chunks: loop {
        let stopped_by = read_chunk(&mut batch, &mut inputs);
        for row in build_chunk(&batch.builder, &mut inputs)? {
            writer.write_row(&row).map_err(BatchError::Output)?;
            summary.add(&row);
            if on_row(&row).is_break() {
                break 'chunks;
            }
        }
        match stopped_by {
            ChunkEnd::Full => {}
            ChunkEnd::Input => break,
            ChunkEnd::Error(error) => return Err(error),
        }
    }
    let output = writer.finish().map_err(BatchError::Output)?;
    Ok((summary, output))
}

/// Why a chunk ended.
enum ChunkEnd {
    Full,
    Input,
    /// Reading failed; the rows before the failure are still built and written.
    Error(BatchError),
}

fn read_chunk<R: Read>(
    batch: &mut Batch<R>,
    inputs: &mut Vec<(InputRow, Option<u32>)>,
) -> ChunkEnd {
    inputs.clear();
    while inputs.len() < CHUNK_ROWS {
        match batch.next_input() {
            Some(Ok(input)) => inputs.push(input),
            Some(Err(error)) => return ChunkEnd::Error(error),
            None => return ChunkEnd::Input,
        }
    }
    ChunkEnd::Full
}

/// Builds the chunk's rows, the second half on a helper thread; in input order.
fn build_chunk(
    builder: &LinkBuilder,
    inputs: &mut Vec<(InputRow, Option<u32>)>,
) -> Result<Vec<BatchRow>, BatchError> {
    let build_all = |part: Vec<(InputRow, Option<u32>)>| -> Result<Vec<BatchRow>, BatchError> {
        part.into_iter()
            .map(|(row, duplicate_of)| builder.build(row, duplicate_of).map_err(BatchError::from))
            .collect()
    };
    if inputs.len() < CHUNK_ROWS / 4 {
        return build_all(std::mem::take(inputs));
    }
    let second = inputs.split_off(inputs.len() / 2);
    let first = std::mem::take(inputs);
    std::thread::scope(|scope| {
        let helper = scope.spawn(|| build_all(second));
        let mut rows = build_all(first)?;
        // A panic there is a bug, not bad input: let it surface as it would here.
        let rest = helper
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        rows.extend(rest);
        Ok(rows)
    })
}

/// Writes rows already built (the window's table) exactly as `run_batch` streams them.
pub fn write_rows<'a, W: Write>(
    output: W,
    carried_header: &csv::ByteRecord,
    rows: impl IntoIterator<Item = &'a BatchRow>,
) -> Result<W, csv::Error> {
    let mut writer = CsvOutput::new(output, carried_header)?;
    for row in rows {
        writer.write_row(row)?;
    }
    writer.finish()
}
