//! `reauth-link batch`: many links at once, CSV in, CSV out, streaming.
//!
//! stderr carries the shared values' warnings once, then per-row messages as
//! `error: row N: <field>: …` / `warning: row N: <field>: …` (the first
//! `MAX_ROW_MESSAGES` of them, then a count), and a last line when rows were bad (exit 2).
//! The output CSV's `error` column holds only what kept a row from its link; a good
//! row's warnings live on stderr, never in that column.

use std::fs::File;
use std::io::{Read, Write};
use std::ops::ControlFlow;
use std::path::Path;

use super::interrupt::abandon_writes_on_interrupt;
use super::link_delivery::template_error;
use super::link_naming::resolve_options;
use super::profile_lookup::optional_profile;
use super::recording::{BatchCommandRecording, agent, open_for_recording};
use super::{BatchArgs, Cli, CommandError, Streams};
use crate::batch::{
    Batch, BatchDefaults, BatchError, BatchOptions, BatchRow, BatchSummary, DirectOutput,
    WholeFileError, forget_cached, run_batch, write_whole_file,
};
use crate::deliver::TextColumn;
use crate::link::Contract;
use crate::profiles::Profile;

/// Beyond this many per-row lines, stderr only counts: a migration of 100,000 vehicles
/// whose ids all earn the same warning must not bury the one line that matters.
pub const MAX_ROW_MESSAGES: usize = 20;

pub fn run(cli: &Cli, args: &BatchArgs, streams: &mut Streams<'_>) -> Result<(), CommandError> {
    let profile = optional_profile(cli, args.profile.as_deref())?;
    let defaults = batch_defaults(profile.as_ref(), args)?;
    let contract = defaults.link_options.contract;
    let message_column = if args.message_column {
        let templates = profile.as_ref().map(|p| &*p.messages);
        let app = profile.as_ref().map(|p| p.name.as_str());
        Some(TextColumn::new(templates, app).map_err(|(kind, error)| template_error(kind, error))?)
    } else {
        None
    };
    let options = BatchOptions {
        random_state: args.random_state,
    };
    let (input, input_bytes): (Box<dyn Read + '_>, _) = if args.input == "-" {
        (Box::new(&mut *streams.stdin), None)
    } else {
        let file = File::open(&args.input)
            .map_err(|e| CommandError::failure(format!("cannot read {}: {e}", args.input)))?;
        let bytes = file.metadata().ok().map(|metadata| metadata.len());
        (Box::new(file), bytes)
    };
    let mut batch =
        Batch::open(input, &defaults, options).map_err(|e| command_error(e, contract))?;
    if let Some(bytes) = input_bytes {
        batch = batch.with_input_bytes(bytes);
    }
    if let Some(column) = message_column {
        batch = batch.with_message_column(column);
    }
    for warning in batch.shared_warnings() {
        let _ = writeln!(streams.stderr, "{}", warning.line(contract));
    }
    if args.output != "-"
        && let Err(error) = abandon_writes_on_interrupt()
    {
        let _ = writeln!(
            streams.stderr,
            "warning: output: cannot watch for Ctrl+C ({error}): stopping the batch may leave a temporary file beside the output"
        );
    }
    let mut messages = RowMessages::default();
    let mut history = match &args.ticket {
        Some(_) => open_for_recording(cli, &mut *streams.stderr)?,
        None => None,
    };
    let mut recording = match (&mut history, &args.ticket) {
        (Some(store), Some(ticket)) => Some(BatchCommandRecording::new(
            store.as_mut(),
            args.profile.as_deref(),
            ticket,
            &agent(cli)?,
        )?),
        _ => None,
    };
    let mut on_row = |row: &BatchRow| {
        messages.report(row, &mut *streams.stderr)?;
        match &mut recording {
            Some(recording) => recording.add(row),
            None => ControlFlow::Continue(()),
        }
    };
    let summary = if args.output == "-" {
        // The CSV output gathers 256 KiB before each write, so stdout sees few large writes.
        let (summary, _) = run_batch(batch, &mut *streams.stdout, &mut on_row)
            .map_err(|e| command_error(e, contract))?;
        streams
            .stdout
            .flush()
            .map_err(|e| CommandError::failure(format!("cannot write the output: {e}")))?;
        summary
    } else {
        write_file(batch, Path::new(&args.output), contract, &mut on_row)?
    };
    if let Some(recording) = recording {
        recording.commit()?;
    }
    messages.finish(&mut *streams.stderr);
    bad_rows_result(&summary)
}

/// The profile's values, then explicit flags over them.
fn batch_defaults(
    profile: Option<&Profile>,
    args: &BatchArgs,
) -> Result<BatchDefaults, CommandError> {
    let mut defaults = profile.map(BatchDefaults::from).unwrap_or_default();
    defaults.link_options = resolve_options(&args.link_form, profile)?;
    if let Some(client_id) = &args.client_id {
        defaults.client_id.clone_from(client_id);
    }
    if let Some(redirect_uri) = &args.redirect_uri {
        defaults.redirect_uri = Some(redirect_uri.clone());
    }
    Ok(defaults)
}

/// The whole output or none of it: see `write_whole_file`.
fn write_file<R: Read>(
    batch: Batch<R>,
    path: &Path,
    contract: Contract,
    on_row: impl FnMut(&BatchRow) -> ControlFlow<()>,
) -> Result<BatchSummary, CommandError> {
    let _old_output = forget_cached(path);
    write_whole_file(path, |file| {
        run_batch(batch, DirectOutput::new(file), on_row).map(|(summary, _)| summary)
    })
    .map_err(|error| match error {
        WholeFileError::File(e) => {
            CommandError::failure(format!("cannot write {}: {e}", path.display()))
        }
        WholeFileError::Write(e) => command_error(e, contract),
    })
}

fn command_error(error: BatchError, contract: Contract) -> CommandError {
    match error {
        BatchError::Shared { findings, .. } => CommandError::from_findings(&findings, contract),
        BatchError::Input(error) if !error.is_io() => CommandError::invalid("input", error),
        other => CommandError::failure(other),
    }
}

fn bad_rows_result(summary: &BatchSummary) -> Result<(), CommandError> {
    match summary.first_bad {
        None => Ok(()),
        Some(first) => Err(CommandError::invalid(
            "vehicle_id",
            format!(
                "{} of {} rows have no link (the first is row {first}): the error column says why; fix those rows and run them again",
                summary.bad, summary.rows
            ),
        )),
    }
}

/// Per-row stderr lines, the first few in full, the rest counted.
#[derive(Default)]
struct RowMessages {
    shown: usize,
    hidden: usize,
}

impl RowMessages {
    fn report(&mut self, row: &BatchRow, stderr: &mut dyn Write) -> ControlFlow<()> {
        let errors = row.errors.iter().map(|error| ("error", error.as_str()));
        let warnings = row
            .warnings
            .iter()
            .map(|warning| ("warning", warning.as_str()));
        for (severity, message) in errors.chain(warnings) {
            if self.shown < MAX_ROW_MESSAGES {
                self.shown += 1;
                let _ = writeln!(stderr, "{severity}: row {}: {message}", row.number);
            } else {
                self.hidden += 1;
            }
        }
        ControlFlow::Continue(())
    }

    fn finish(&self, stderr: &mut dyn Write) {
        if self.hidden > 0 {
            let _ = writeln!(
                stderr,
                "warning: rows: {} more row messages not shown; the error column of the output lists every bad row",
                self.hidden
            );
        }
    }
}
