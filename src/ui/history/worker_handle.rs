//! The window's side of the history: the worker thread that owns the database (the file
//! or the desk's shared server), started once the first frame is drawn, and the
//! recording switch (`settings.toml`, or the
//! environment, which wins). Nothing here waits for the disk: requests go to the worker,
//! the switch is saved on a thread of its own, and answers are picked up by later frames.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, TryRecvError};

use crate::history::{
    HISTORY_URL_ENV, HistoryEvent, HistoryLocation, HistoryWorker, NewEntry, RECORDING_ENV,
    agent_name, history_path, outbox_path, recording_enabled, save_recording,
    user_from_environment,
};

/// Where the history lives and what the recording switch said when the window opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistorySetup {
    pub config_dir: PathBuf,
    /// The file in `config_dir`, or the shared database `REAUTH_LINK_HISTORY_URL` or the
    /// settings file names.
    pub location: HistoryLocation,
    /// Who this window's links are sent by: `agent` in settings.toml, else the user name.
    pub agent: String,
    /// `Err` when `settings.toml` or the environment cannot be read: nothing is recorded
    /// until the switch is set again, and the History tab says why.
    pub recording: Result<bool, String>,
    /// `REAUTH_LINK_HISTORY` is set: it decides, and the switch cannot change it.
    pub environment_decides: bool,
}

impl HistorySetup {
    /// Reads the switch the way the command line does: `environment` is the value of
    /// `REAUTH_LINK_HISTORY`, if set.
    pub fn read(config_dir: PathBuf, environment: Option<&str>) -> Self {
        Self::read_with_url(config_dir, environment, None)
    }

    /// As `read`, with `url` the value of `REAUTH_LINK_HISTORY_URL`, if set. A URL that
    /// cannot be read stops recording (the History tab says why) rather than letting the
    /// links go to this workstation's file unnoticed.
    pub fn read_with_url(
        config_dir: PathBuf,
        environment: Option<&str>,
        url: Option<&str>,
    ) -> Self {
        let mut recording = recording_enabled(&config_dir, environment).map_err(|e| e.to_string());
        let location = HistoryLocation::find(&config_dir, url).unwrap_or_else(|error| {
            recording = Err(error.to_string());
            HistoryLocation::File(history_path(&config_dir))
        });
        let environment_decides = environment.is_some_and(|value| !value.trim().is_empty());
        let agent =
            agent_name(&config_dir, user_from_environment().as_deref()).unwrap_or_else(|error| {
                recording = Err(error.to_string());
                String::new()
            });
        Self {
            config_dir,
            location,
            agent,
            recording,
            environment_decides,
        }
    }

    /// The window's own: the config folder and this process's environment.
    pub fn from_environment(config_dir: PathBuf) -> Self {
        let environment = std::env::var(RECORDING_ENV).ok();
        let url = std::env::var(HISTORY_URL_ENV).ok();
        Self::read_with_url(config_dir, environment.as_deref(), url.as_deref())
    }
}

/// The history as the window sees it. Without a setup (no config folder, or tests that
/// need no disk) nothing is recorded and the History tab says so.
#[derive(Default)]
pub struct WindowHistory {
    setup: Option<HistorySetup>,
    worker: Option<HistoryWorker>,
    /// The last failure reported by the worker or the switch, shown until a later success.
    failure: Option<String>,
    saving_switch: Option<Receiver<Result<bool, String>>>,
}

impl WindowHistory {
    pub fn new(setup: Option<HistorySetup>) -> Self {
        Self {
            setup,
            ..Self::default()
        }
    }

    /// Starts the worker (which opens the database on its own thread); called after the
    /// first frame is drawn, so opening never delays it.
    pub fn start(&mut self, ctx: &egui::Context) {
        let Some(setup) = &self.setup else { return };
        if self.worker.is_some() {
            return;
        }
        let wake = ctx.clone();
        let outbox = outbox_path(&setup.config_dir);
        self.worker = Some(HistoryWorker::spawn_with_outbox(
            setup.location.clone(),
            Some(outbox),
            move || wake.request_repaint(),
        ));
    }

    pub fn is_available(&self) -> bool {
        self.setup.is_some()
    }

    /// Who the window's links are sent by; empty without a setup.
    pub fn agent(&self) -> &str {
        self.setup.as_ref().map_or("", |setup| setup.agent.as_str())
    }

    pub fn location(&self) -> Option<HistoryLocation> {
        self.setup.as_ref().map(|setup| setup.location.clone())
    }

    /// Where links wait while the shared history cannot be reached.
    pub fn outbox(&self) -> Option<PathBuf> {
        self.setup
            .as_ref()
            .map(|setup| outbox_path(&setup.config_dir))
    }

    pub fn recording(&self) -> Result<bool, &str> {
        match &self.setup {
            None => Ok(false),
            Some(setup) => setup.recording.as_ref().copied().map_err(String::as_str),
        }
    }

    pub fn environment_decides(&self) -> bool {
        self.setup
            .as_ref()
            .is_some_and(|setup| setup.environment_decides)
    }

    pub fn failure(&self) -> Option<&str> {
        self.failure.as_deref()
    }

    pub fn worker(&mut self) -> Option<&mut HistoryWorker> {
        self.worker.as_mut()
    }

    /// Hands entries to the worker when recording is on; all in one transaction.
    pub fn record(&self, entries: Vec<NewEntry>) {
        if entries.is_empty() || self.recording() != Ok(true) {
            return;
        }
        if let Some(worker) = &self.worker {
            worker.record_all(entries);
        }
    }

    /// Saves the switch to `settings.toml` on a thread of its own; the new value holds
    /// once saved.
    pub fn save_switch(&mut self, record: bool, ctx: &egui::Context) {
        let Some(setup) = &self.setup else { return };
        let config_dir = setup.config_dir.clone();
        let (sender, receiver) = mpsc::channel();
        let repaint = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("history-settings".into())
            .spawn(move || {
                let saved = save_recording(&config_dir, record).map(|()| record);
                // The window may be closed by now; then nobody needs the answer.
                let _ = sender.send(saved.map_err(|e| e.to_string()));
                repaint.request_repaint();
            });
        match spawned {
            Ok(_) => self.saving_switch = Some(receiver),
            Err(error) => {
                self.failure = Some(format!(
                    "settings: cannot start a thread to save the switch ({error}); try again"
                ));
            }
        }
    }

    /// What arrived since the last frame; the switch's answer is applied here.
    pub fn poll(&mut self) -> Vec<HistoryEvent> {
        self.poll_switch();
        let events = self.worker.as_ref().map(HistoryWorker::poll);
        let events = events.unwrap_or_default();
        for event in &events {
            match event {
                HistoryEvent::Failed(message) => self.failure = Some(message.clone()),
                HistoryEvent::Opened { .. } | HistoryEvent::Recorded { .. } => self.failure = None,
                _ => {}
            }
        }
        events
    }

    fn poll_switch(&mut self) {
        let Some(receiver) = &self.saving_switch else {
            return;
        };
        let saved = match receiver.try_recv() {
            Ok(saved) => saved,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => {
                Err("settings: saving the switch stopped without an answer; try again".to_owned())
            }
        };
        self.saving_switch = None;
        match (saved, self.setup.as_mut()) {
            (Ok(record), Some(setup)) => {
                setup.recording = Ok(record);
                self.failure = None;
            }
            (Err(message), _) => self.failure = Some(message),
            (Ok(_), None) => {}
        }
    }
}
