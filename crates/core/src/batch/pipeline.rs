//! A whole batch, streamed on two threads: this one reads, spots duplicates and builds
//! each row's link in input order; the other hands the rows to a sink, the command line's
//! CSV (formatted there, then written straight to disk by `DirectOutput`'s own thread) or
//! the window's `RowStore`. Rows travel in chunks, and the emptied chunks come
//! back to be filled again, so a good row allocates nothing and memory stays flat: a few
//! chunks are in flight at any time.

use std::io::{Read, Write};
use std::ops::ControlFlow;
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};

use super::build::{BatchRow, RowScratch};
use super::input_row::InputRow;
use super::output::CsvOutput;
use super::{Batch, BatchError, BatchSummary};

/// Rows handed to the output thread at a time, at most: enough that waking the other
/// thread costs next to nothing (a quarter of this was 20 ms more of a 1M-row run), few
/// enough (a few hundred KB of links) that a stop loses no time waiting for the output.
const CHUNK_ROWS: usize = 1024;

/// A chunk also ends once its rows' own values reach this size, so wide rows (long
/// carried columns) keep the chunks as small in memory as a list of ids.
const CHUNK_VALUE_BYTES: usize = 64 * 1024;

/// Chunks built but not yet written; beyond this the building side waits for the disk.
const CHUNKS_IN_FLIGHT: usize = 4;

/// Where a batch's rows go, one at a time, in input order, on the pipeline's second thread.
/// Every face of the batch is one of these, so a new column or flag is added in one place.
pub trait RowSink: Send {
    fn take(&mut self, row: &BatchRow) -> Result<(), csv::Error>;
}

impl<W: Write + Send> RowSink for CsvOutput<W> {
    fn take(&mut self, row: &BatchRow) -> Result<(), csv::Error> {
        self.write_row(row)
    }
}

/// Streams a whole batch from `input` to `output` as CSV; `on_row` sees each row, in input
/// order, as soon as it is built, and may stop the batch: every row it has seen is
/// written.
pub fn run_batch<R: Read, W: Write + Send>(
    batch: Batch<R>,
    output: W,
    on_row: impl FnMut(&BatchRow) -> ControlFlow<()>,
) -> Result<(BatchSummary, W), BatchError> {
    let mut batch = batch;
    let message_column = batch.message_column.take();
    let csv = CsvOutput::with_message_column(output, batch.carried_header(), message_column)
        .map_err(BatchError::Output)?;
    let (summary, csv) = run_batch_into(batch, csv, on_row)?;
    Ok((summary, csv.finish().map_err(BatchError::Output)?))
}

/// Streams a whole batch into `sink`; `on_row` as for `run_batch`. The sink comes back
/// holding every row `on_row` has seen.
pub fn run_batch_into<R: Read, S: RowSink>(
    mut batch: Batch<R>,
    sink: S,
    mut on_row: impl FnMut(&BatchRow) -> ControlFlow<()>,
) -> Result<(BatchSummary, S), BatchError> {
    let (to_write, built) = sync_channel(CHUNKS_IN_FLIGHT);
    let (to_refill, emptied) = channel();
    std::thread::scope(|scope| {
        let taker = scope.spawn(move || take_chunks(sink, &built, &to_refill));
        let summary = build_chunks(&mut batch, &to_write, &emptied, &mut on_row);
        drop(to_write);
        // A panic there is a bug, not bad input: let it surface as it would here.
        let taken = taker
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        // When the sink failed, that is why building stopped.
        let sink = taken.map_err(BatchError::Output)?;
        Ok((summary?, sink))
    })
}

/// Fills chunks with built rows and hands them over, until the input ends, a read fails,
/// `on_row` stops the batch or the output thread has stopped (its error says why).
fn build_chunks<R: Read>(
    batch: &mut Batch<R>,
    to_write: &SyncSender<Vec<BatchRow>>,
    emptied: &Receiver<Vec<BatchRow>>,
    on_row: &mut impl FnMut(&BatchRow) -> ControlFlow<()>,
) -> Result<BatchSummary, BatchError> {
    let mut summary = BatchSummary::default();
    let mut inputs = ChunkInputs::default();
    let mut scratch = RowScratch::default();
    let mut first = true;
    loop {
        let read_end = inputs.read(batch);
        if std::mem::take(&mut first) {
            batch.reserve_for_the_whole_input();
        }
        let mut chunk = emptied.try_recv().unwrap_or_default();
        chunk.resize_with(inputs.len, BatchRow::default);
        let mut stopped = false;
        for (index, row) in chunk.iter_mut().enumerate() {
            batch.builder.build_into(
                &mut inputs.rows[index],
                inputs.duplicate_of[index],
                row,
                &mut scratch,
            )?;
            summary.add(row);
            if on_row(row).is_break() {
                chunk.truncate(index + 1);
                stopped = true;
                break;
            }
        }
        if to_write.send(chunk).is_err() || stopped {
            return Ok(summary);
        }
        match read_end {
            ReadEnd::Full => {}
            ReadEnd::Input => return Ok(summary),
            ReadEnd::Error(error) => return Err(error),
        }
    }
}

/// One chunk's input rows and the earlier row each one's vehicle id was first seen on;
/// the rows' buffers are reused from chunk to chunk.
#[derive(Default)]
struct ChunkInputs {
    rows: Vec<InputRow>,
    duplicate_of: Vec<Option<u32>>,
    len: usize,
}

/// Why reading a chunk ended.
enum ReadEnd {
    Full,
    Input,
    /// Reading failed; the rows before the failure are still built and written.
    Error(BatchError),
}

impl ChunkInputs {
    /// Reads up to a chunk of rows, then looks all their ids up among those seen before.
    /// The lookups go one after another in a loop of their own, so the processor overlaps
    /// their misses in the large fingerprint table instead of waiting for each in turn.
    fn read<R: Read>(&mut self, batch: &mut Batch<R>) -> ReadEnd {
        self.rows.resize_with(CHUNK_ROWS, InputRow::default);
        self.len = 0;
        let mut end = ReadEnd::Full;
        let mut value_bytes = 0;
        while self.len < CHUNK_ROWS && value_bytes < CHUNK_VALUE_BYTES {
            let row = &mut self.rows[self.len];
            match batch.reader.read_into(row) {
                Ok(true) => {
                    value_bytes += row.value_bytes();
                    self.len += 1;
                }
                Ok(false) => {
                    end = ReadEnd::Input;
                    break;
                }
                Err(error) => {
                    end = ReadEnd::Error(error.into());
                    break;
                }
            }
        }
        batch.duplicates.first_rows_of(
            self.rows[..self.len]
                .iter()
                .map(|row| (row.vehicle_id.as_str(), row.number)),
            &mut self.duplicate_of,
        );
        end
    }
}

/// Hands every chunk's rows to the sink in order and sends the chunk back to be refilled.
fn take_chunks<S: RowSink>(
    mut sink: S,
    built: &Receiver<Vec<BatchRow>>,
    to_refill: &Sender<Vec<BatchRow>>,
) -> Result<S, csv::Error> {
    for chunk in built {
        for row in &chunk {
            sink.take(row)?;
        }
        // After the last chunk nobody waits for it any more; that is no error.
        let _ = to_refill.send(chunk);
    }
    Ok(sink)
}
