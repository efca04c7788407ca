//! The command line's way into the history: where it is, whether recording is on, and
//! the entries `batch --ticket` records.

use super::{Cli, CommandError};
use std::ops::ControlFlow;

use crate::batch::BatchRow;
use crate::history::{
    BatchRecording, HISTORY_URL_ENV, History, HistoryError, HistoryLocation, RECORDING_ENV, Via,
    agent_name, outbox_path, recording_enabled, user_from_environment,
};
use crate::profiles::config_dir;

/// The history's place: the desk's shared database when one is named, else the file in
/// the config folder.
pub fn history_location(cli: &Cli) -> Result<HistoryLocation, CommandError> {
    let folder = config_dir(cli.config_dir.as_deref()).map_err(CommandError::failure)?;
    let env_url = std::env::var(HISTORY_URL_ENV).ok();
    HistoryLocation::find(&folder, env_url.as_deref()).map_err(CommandError::failure)
}

/// Who this run's links are sent by (see `agent_name`).
pub fn agent(cli: &Cli) -> Result<String, CommandError> {
    let folder = config_dir(cli.config_dir.as_deref()).map_err(CommandError::failure)?;
    agent_name(&folder, user_from_environment().as_deref()).map_err(CommandError::failure)
}

/// Whether this run records, from the environment and the settings file.
pub fn recording_on(cli: &Cli) -> Result<bool, CommandError> {
    let folder = config_dir(cli.config_dir.as_deref()).map_err(CommandError::failure)?;
    let env = std::env::var(RECORDING_ENV).ok();
    recording_enabled(&folder, env.as_deref()).map_err(CommandError::failure)
}

/// The history opened for recording, or `None` (with a warning) when recording is off.
/// A shared history that cannot be reached gives the outbox in the config folder (with a
/// warning naming the server and why): the link still leaves and is sent later.
pub fn open_for_recording(
    cli: &Cli,
    stderr: &mut dyn std::io::Write,
) -> Result<Option<Box<dyn History>>, CommandError> {
    if !recording_on(cli)? {
        let _ = writeln!(
            stderr,
            "warning: ticket: recording is off (settings.toml or {RECORDING_ENV}); nothing was recorded"
        );
        return Ok(None);
    }
    let folder = config_dir(cli.config_dir.as_deref()).map_err(CommandError::failure)?;
    let outbox = outbox_path(&folder);
    let opened = history_location(cli)?
        .open_for_recording(&outbox)
        .map_err(history_failure)?;
    if let Some(away) = &opened.away {
        let _ = writeln!(
            stderr,
            "warning: {away}; meanwhile the link is kept in {} and sent to the shared history the next time it answers",
            outbox.display()
        );
    }
    Ok(Some(opened.store))
}

pub fn open_history(cli: &Cli) -> Result<Box<dyn History>, CommandError> {
    history_location(cli)?.open().map_err(history_failure)
}

/// A history problem is never the input's fault: exit 1, the message names the file or
/// the server (its password masked).
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
        store: &'s mut dyn History,
        profile: Option<&str>,
        ticket: &str,
        agent: &str,
    ) -> Result<Self, CommandError> {
        let recording = BatchRecording::new(store, profile, ticket, Via::BatchCommandLine, agent)
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
