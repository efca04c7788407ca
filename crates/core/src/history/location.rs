//! Which store keeps the history: the SQLite file in the config folder, or the desk's
//! shared PostgreSQL database when `REAUTH_LINK_HISTORY_URL` (or `history_url` in
//! `settings.toml`) names one. Both are opened here, behind `History`.

use std::path::{Path, PathBuf};

use super::error::HistoryError;
use super::interface::History;
use super::outbox::Outbox;
use super::outbox_recorder::OutboxRecorder;
use super::postgres::{PostgresHistory, ServerUrl};
use super::settings::{SettingsError, history_path, shared_history_url};
use super::store::HistoryStore;

/// A `postgres://` URL; wins over `history_url` in the settings file.
pub const HISTORY_URL_ENV: &str = "REAUTH_LINK_HISTORY_URL";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HistoryLocation {
    File(PathBuf),
    Server(ServerUrl),
}

impl HistoryLocation {
    /// The shared database if the environment's value (`env_url`, read by the caller from
    /// `HISTORY_URL_ENV`) or the settings file names one, else the file in `config_dir`.
    pub fn find(config_dir: &Path, env_url: Option<&str>) -> Result<Self, SettingsError> {
        match shared_history_url(config_dir, env_url)? {
            Some(url) => Ok(Self::Server(url)),
            None => Ok(Self::File(history_path(config_dir))),
        }
    }

    /// Whether opening would only find an empty history: a file not made yet. Reading
    /// commands then print nothing instead of creating it.
    pub fn holds_nothing_yet(&self) -> bool {
        match self {
            Self::File(path) => !path.exists(),
            Self::Server(_) => false,
        }
    }

    /// Opens the store, laying it out or migrating it first if needed.
    pub fn open(&self) -> Result<Box<dyn History>, HistoryError> {
        Ok(match self {
            Self::File(path) => Box::new(HistoryStore::open(path)?),
            Self::Server(url) => Box::new(PostgresHistory::open(url)?),
        })
    }
}

/// A history opened to record in: the store, and when the shared server could not be
/// reached, why (the links then go to the outbox).
pub struct RecordingHistory {
    pub store: Box<dyn History>,
    pub away: Option<HistoryError>,
}

impl HistoryLocation {
    /// Opens the store to record in. For the shared history, what waits in the outbox at
    /// `outbox` is sent first; a server that cannot be reached (or refuses) gives the
    /// outbox instead, and why.
    pub fn open_for_recording(&self, outbox: &Path) -> Result<RecordingHistory, HistoryError> {
        let Self::Server(url) = self else {
            return Ok(RecordingHistory {
                store: self.open()?,
                away: None,
            });
        };
        let reached = PostgresHistory::open(url).and_then(|mut server| {
            if outbox.exists() {
                Outbox::open(outbox)?.send_to(&mut server)?;
            }
            Ok(server)
        });
        match reached {
            Ok(server) => Ok(RecordingHistory {
                store: Box::new(server),
                away: None,
            }),
            Err(away @ HistoryError::Server { .. }) => Ok(RecordingHistory {
                store: Box::new(OutboxRecorder::new(Outbox::open(outbox)?, &away)),
                away: Some(away),
            }),
            Err(other) => Err(other),
        }
    }
}

impl From<PathBuf> for HistoryLocation {
    fn from(path: PathBuf) -> Self {
        Self::File(path)
    }
}

impl std::fmt::Display for HistoryLocation {
    /// The path, or the URL with its password masked.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::File(path) => write!(f, "{}", path.display()),
            Self::Server(url) => write!(f, "{url}"),
        }
    }
}
