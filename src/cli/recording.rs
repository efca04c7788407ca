//! The command line's way into the history: where it is, whether recording is on, and
//! the entries `batch --ticket` records.

use std::path::PathBuf;

use super::{Cli, CommandError};
use std::ops::ControlFlow;

use crate::batch::BatchRow;
use crate::history::{
    BatchRecording, HistoryError, HistoryStore, RECORDING_ENV, Via, history_path, recording_enabled,
};
use crate::profiles::config_dir;

/// The history file's path in the config folder.
pub fn history_file(cli: &Cli) -> Result<PathBuf, CommandError> {
    let folder = config_dir(cli.config_dir.as_deref()).map_err(CommandError::failure)?;
    Ok(history_path(&folder))
}

/// Whether this run records, from the environment and the settings file.
pub fn recording_on(cli: &Cli) -> Result<bool, CommandError> {
    let folder = config_dir(cli.config_dir.as_deref()).map_err(CommandError::failure)?;
    let env = std::env::var(RECORDING_ENV).ok();
    recording_enabled(&folder, env.as_deref()).map_err(CommandError::failure)
}

/// The history opened for recording, or `None` (with a warning) when recording is off.
pub fn open_for_recording(
    cli: &Cli,
    stderr: &mut dyn std::io::Write,
) -> Result<Option<HistoryStore>, CommandError> {
    if !recording_on(cli)? {
        let _ = writeln!(
            stderr,
            "warning: ticket: recording is off (settings.toml or {RECORDING_ENV}); nothing was recorded"
        );
        return Ok(None);
    }
    open_history(cli).map(Some)
}

pub fn open_history(cli: &Cli) -> Result<HistoryStore, CommandError> {
    HistoryStore::open(&history_file(cli)?).map_err(history_failure)
}

/// A history problem is never the input's fault: exit 1, the message names the file.
pub fn history_failure(error: HistoryError) -> CommandError {
    CommandError::failure(error)
}

/// `batch --ticket`: one entry per good row, all committed in one transaction once the
/// output is written. A failure to record stops the batch: its links would be untracked.
pub struct BatchCommandRecording<'s> {
    recording: BatchRecording<'s>,
    failed: Option<HistoryError>,
}

impl<'s> BatchCommandRecording<'s> {
    pub fn new(
        store: &'s mut HistoryStore,
        profile: Option<&str>,
        ticket: &str,
    ) -> Result<Self, CommandError> {
        let recording = BatchRecording::new(store, profile, ticket, Via::BatchCommandLine)
            .map_err(history_failure)?;
        Ok(Self {
            recording,
            failed: None,
        })
    }

    pub fn add(&mut self, row: &BatchRow) -> ControlFlow<()> {
        if !row.is_good() {
            return ControlFlow::Continue(());
        }
        match self
            .recording
            .add(&row.vehicle_id, &row.state, &row.user, &row.url)
        {
            Ok(()) => ControlFlow::Continue(()),
            Err(error) => {
                self.failed = Some(error);
                ControlFlow::Break(())
            }
        }
    }

    pub fn commit(self) -> Result<usize, CommandError> {
        if let Some(error) = self.failed {
            return Err(history_failure(error));
        }
        self.recording.commit().map_err(history_failure)
    }
}
