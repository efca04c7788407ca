//! What can go wrong with the history database, always naming the file and what to do.
//! Nothing here deletes or recreates a file: a damaged history is the owner's to keep.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error(
        "history: {path} is damaged or not a history database; it was left as it is: move it aside (or restore a backup) and a new history starts"
    )]
    Damaged { path: PathBuf },
    #[error(
        "history: {path} is locked by another program for too long; close other reauth-link windows or whatever holds it, then try again"
    )]
    Locked { path: PathBuf },
    #[error(
        "history: {path} is not a reauth-link history but {what}; it was left as it is: move it aside (a new history then starts there) or give reauth-link another --config-dir"
    )]
    Foreign { path: PathBuf, what: String },
    #[error(
        "history: {path} was written by a newer reauth-link (schema version {found}, this one knows up to {known}); it was left as it is: use the newer version"
    )]
    Newer {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("history: cannot use {path}: {reason}; check that the folder exists and is yours")]
    Other { path: PathBuf, reason: String },
    /// The shared history; `location` is the URL with its password masked.
    #[error(
        "history: the shared history at {location} cannot be used: {reason}; check the URL (REAUTH_LINK_HISTORY_URL or history_url in settings.toml), the password (in the URL, PGPASSWORD or ~/.pgpass) and that the server is reachable"
    )]
    Server { location: String, reason: String },
    #[error(
        "history: the shared history at {location} was laid out by a newer reauth-link (schema version {found}, this one knows up to {known}); it was left as it is: use the newer version"
    )]
    ServerNewer {
        location: String,
        found: i64,
        known: i64,
    },
}

impl HistoryError {
    /// Sorts SQLite's error into the cases a person can act on.
    pub fn from_sqlite(path: &std::path::Path, error: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        let path = path.to_owned();
        match error.sqlite_error_code() {
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
                HistoryError::Damaged { path }
            }
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
                HistoryError::Locked { path }
            }
            _ => HistoryError::Other {
                path,
                reason: error.to_string(),
            },
        }
    }

    pub fn io(path: &std::path::Path, error: &std::io::Error) -> Self {
        HistoryError::Other {
            path: path.to_owned(),
            reason: error.to_string(),
        }
    }
}
