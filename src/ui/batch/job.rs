//! The Batch panel's background work: reading the input and building every row on a
//! worker thread, so the window keeps drawing; progress and cancel through atomics.

use std::io::{Read, Write};
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use crate::batch::{
    Batch, BatchDefaults, BatchOptions, BatchSummary, DirectOutput, RowStore, run_batch_into,
    write_whole_file,
};
use crate::deliver::TextColumn;
use crate::history::{BatchRecording, HistoryError, HistoryLocation, Via};

/// How often the worker asks the window to redraw the progress bar.
const PROGRESS_INTERVAL: Duration = Duration::from_millis(50);

/// Rows between two looks at the clock: reading it for every row would cost more than
/// building the row.
const ROWS_PER_CLOCK_CHECK: u64 = 1024;

/// Where the rows come from.
#[derive(Clone, Debug)]
pub enum BatchSource {
    Pasted(String),
    File(PathBuf),
}

/// Every row of a finished (or cancelled) batch, ready to show and export.
#[derive(Debug)]
pub struct BatchTable {
    pub rows: RowStore,
    pub summary: BatchSummary,
    /// Lines about the shared values, e.g. a redirect URI left out.
    pub shared_warnings: Vec<String>,
    pub cancelled: bool,
}

/// What the worker has done so far.
#[derive(Debug, Default)]
pub struct Progress {
    /// The input's size, once the worker has opened it (0 until then).
    pub total_bytes: AtomicU64,
    pub bytes_read: AtomicU64,
    pub rows: AtomicU64,
}

/// A batch running on its own thread.
pub struct BatchJob {
    pub progress: Arc<Progress>,
    cancel: Arc<AtomicBool>,
    outcome: Receiver<Result<BatchTable, String>>,
}

impl BatchJob {
    /// Starts the worker; `ctx` is asked to redraw as rows come in and once at the end.
    pub fn start(
        source: BatchSource,
        defaults: BatchDefaults,
        options: BatchOptions,
        ctx: egui::Context,
    ) -> Self {
        let progress = Arc::new(Progress::default());
        let cancel = Arc::new(AtomicBool::new(false));
        let (sender, outcome) = channel();
        let worker = Worker {
            progress: Arc::clone(&progress),
            cancel: Arc::clone(&cancel),
            ctx: ctx.clone(),
        };
        std::thread::spawn(move || {
            let result = worker.run(source, &defaults, options);
            // The panel may be gone; then nobody needs the rows.
            let _ = sender.send(result);
            worker.ctx.request_repaint();
        });
        Self {
            progress,
            cancel,
            outcome,
        }
    }

    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelling(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// The outcome once the worker is done; `None` while it still runs.
    pub fn poll(&self) -> Option<Result<BatchTable, String>> {
        match self.outcome.try_recv() {
            Ok(outcome) => Some(outcome),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                Some(Err("the batch stopped unexpectedly: try again".to_owned()))
            }
        }
    }

    /// Share of the input read, 0 to 1.
    pub fn fraction(&self) -> f32 {
        let total = self.progress.total_bytes.load(Ordering::Relaxed);
        if total == 0 {
            return 0.0;
        }
        let read = self.progress.bytes_read.load(Ordering::Relaxed);
        (read as f64 / total as f64).clamp(0.0, 1.0) as f32
    }
}

struct Worker {
    progress: Arc<Progress>,
    cancel: Arc<AtomicBool>,
    ctx: egui::Context,
}

impl Worker {
    fn run(
        &self,
        source: BatchSource,
        defaults: &BatchDefaults,
        options: BatchOptions,
    ) -> Result<BatchTable, String> {
        // On this thread, not the window's: a file on a slow drive may take its time.
        let (input, total_bytes) = open_source(source)?;
        self.progress
            .total_bytes
            .store(total_bytes, Ordering::Relaxed);
        let counted = Counted {
            inner: input,
            progress: Arc::clone(&self.progress),
        };
        let batch = Batch::open(counted, defaults, options)
            .map_err(|e| e.to_string())?
            .with_input_bytes(total_bytes);
        let contract = defaults.link_options.contract;
        let shared_warnings = batch
            .shared_warnings()
            .iter()
            .map(|warning| warning.line(contract))
            .collect();
        let store = RowStore::for_batch(&batch);
        let mut cancelled = false;
        let mut last_redraw = Instant::now();
        // The command line's pipeline: the rows are built and kept on its two threads.
        let (summary, rows) = run_batch_into(batch, store, |_| {
            let rows = self.progress.rows.fetch_add(1, Ordering::Relaxed) + 1;
            if rows.is_multiple_of(ROWS_PER_CLOCK_CHECK) {
                if self.cancel.load(Ordering::Relaxed) {
                    cancelled = true;
                    return ControlFlow::Break(());
                }
                if last_redraw.elapsed() >= PROGRESS_INTERVAL {
                    last_redraw = Instant::now();
                    self.ctx.request_repaint();
                }
            }
            ControlFlow::Continue(())
        })
        .map_err(|e| e.to_string())?;
        Ok(BatchTable {
            rows,
            summary,
            shared_warnings,
            cancelled,
        })
    }
}

/// The input, opened, and its size in bytes for the progress bar.
fn open_source(source: BatchSource) -> Result<(Box<dyn Read + Send>, u64), String> {
    match source {
        BatchSource::Pasted(text) => {
            let length = text.len() as u64;
            Ok((Box::new(std::io::Cursor::new(text.into_bytes())), length))
        }
        BatchSource::File(path) => {
            let file = std::fs::File::open(&path).map_err(|e| {
                format!(
                    "Cannot read {}: {e}. Check the path, or choose the file with Choose file….",
                    path.display()
                )
            })?;
            let length = file.metadata().map_or(0, |meta| meta.len());
            Ok((Box::new(file), length))
        }
    }
}

/// Counts the bytes the batch has read, for the progress bar.
struct Counted<R> {
    inner: R,
    progress: Arc<Progress>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buffer)?;
        self.progress
            .bytes_read
            .fetch_add(read as u64, Ordering::Relaxed);
        Ok(read)
    }
}

/// Where an export records its links: the history file, and what each entry names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportRecording {
    pub history: HistoryLocation,
    /// Where the entries wait while the shared history cannot be reached; `None` records
    /// only where the history is.
    pub outbox: Option<PathBuf>,
    pub agent: String,
    pub profile: Option<String>,
    pub ticket: String,
}

/// Writes the table as the command line would have, on a worker thread (`message` adds
/// the `message` column as `batch --message-column` does); then, when asked, records its
/// good rows' links in the history (a second thread: the window never waits).
pub fn start_export(
    table: Arc<BatchTable>,
    path: PathBuf,
    message: Option<TextColumn>,
    recording: Option<ExportRecording>,
    ctx: egui::Context,
) -> Receiver<Result<String, String>> {
    let (sender, outcome) = channel();
    std::thread::spawn(move || {
        let written = export(&table, &path, message);
        let outcome = match (written, recording) {
            (Ok(message), Some(recording)) => record_export(&table, &recording)
                .map(|recorded| format!("{message} {recorded}"))
                .map_err(|error| format!("{message} The links were not recorded: {error}")),
            (written, _) => written,
        };
        let _ = sender.send(outcome);
        ctx.request_repaint();
    });
    outcome
}

/// The whole export or none of it, as the command line writes its `--output`.
fn export(
    table: &BatchTable,
    path: &std::path::Path,
    message: Option<TextColumn>,
) -> Result<String, String> {
    let shown = path.display();
    write_whole_file(path, |file| {
        let output = DirectOutput::new(file);
        table
            .rows
            .write_csv_with_message(output, message)?
            .flush()?;
        Ok::<(), csv::Error>(())
    })
    .map_err(|error| format!("cannot write {shown}: {error}"))?;
    Ok(format!("Exported {} rows to {shown}.", table.rows.len()))
}

/// One entry per good row, in one transaction, as `batch --ticket` records; while the
/// shared history cannot be reached, in the outbox, sent the next time it answers.
fn record_export(table: &BatchTable, recording: &ExportRecording) -> Result<String, HistoryError> {
    let (mut store, away) = match &recording.outbox {
        Some(outbox) => {
            let opened = recording.history.open_for_recording(outbox)?;
            (opened.store, opened.away)
        }
        None => (recording.history.open()?, None),
    };
    let mut entries = BatchRecording::new(
        store.as_mut(),
        recording.profile.as_deref(),
        &recording.ticket,
        Via::BatchExported,
        &recording.agent,
    )?;
    entries.add_rows(&table.rows)?;
    let recorded = entries.commit()?;
    Ok(match away {
        None => format!(
            "Recorded {recorded} links under ticket {} in the history.",
            recording.ticket
        ),
        Some(away) => format!(
            "Kept {recorded} links under ticket {} to record: {away}; they are sent to the shared history the next time it answers.",
            recording.ticket
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finished(job: &BatchJob) -> BatchTable {
        for _ in 0..3000 {
            if let Some(outcome) = job.poll() {
                return outcome.expect("the batch runs");
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!("the batch did not finish within 30 s");
    }

    #[test]
    fn progress_measures_the_file_the_worker_opened() {
        let folder = tempfile::tempdir().expect("temp dir");
        let path = folder.path().join("fleet.txt");
        let ids: String = (0..1000)
            .map(|n| format!("00000000-0000-4000-8000-{n:012}\n"))
            .collect();
        std::fs::write(&path, &ids).expect("writes");
        let defaults = BatchDefaults {
            client_id: "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07".into(),
            redirect_uri: Some("https://example.com/home".into()),
            ..BatchDefaults::default()
        };
        let job = BatchJob::start(
            BatchSource::File(path),
            defaults,
            BatchOptions::default(),
            egui::Context::default(),
        );
        let table = finished(&job);
        assert_eq!(table.rows.len(), 1000);
        assert_eq!(
            job.progress.total_bytes.load(Ordering::Relaxed),
            ids.len() as u64
        );
        assert_eq!(job.fraction(), 1.0);
    }
}
