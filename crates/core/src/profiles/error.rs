//! Why the profile store could not read or save. Every message names the file and says
//! what to do; the window and the command line show the same text.

use std::path::{Path, PathBuf};

use super::validate::ProfileFinding;

/// Where in the file a problem is, both 1-based; the column counts characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

const FIX_OR_MOVE: &str = "the file was left as it is: fix it in a text editor, or move it aside and start with a new one";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "no config folder could be found for this user: pass --config-dir DIR or set REAUTH_LINK_CONFIG_DIR"
    )]
    NoConfigDir,

    #[error("cannot read the profiles file {}: {source}; check its permissions", path.display())]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error(
        "{} is a folder, not the profiles file: move it away, or use another --config-dir",
        path.display()
    )]
    IsFolder { path: PathBuf },

    #[error(
        "the profiles file {} is empty (a file cut short, perhaps by a full disk); {FIX_OR_MOVE}",
        path.display()
    )]
    Empty { path: PathBuf },

    #[error(
        "the profiles file {} is not text: it holds a byte that is not UTF-8 at {location}; {FIX_OR_MOVE}",
        path.display()
    )]
    NotText { path: PathBuf, location: Location },

    #[error("the profiles file {} cannot be read at {location}: {message}; {FIX_OR_MOVE}", path.display())]
    Invalid {
        path: PathBuf,
        location: Location,
        message: String,
    },

    #[error(
        "the profiles file {} has format version {found} (at {location}), which this reauth-link cannot read (it reads version {readable}): use a newer reauth-link; the file was left as it is",
        path.display()
    )]
    UnknownVersion {
        path: PathBuf,
        location: Location,
        found: String,
        /// The one version this build reads; the format's reader fills it in, so this
        /// file needs to know nothing of the format.
        readable: i64,
    },

    #[error(
        "the profiles file {} changed since it was read, and both changed the profile(s) {}: nothing was saved; reload the profiles to see the other edits, then make yours again",
        path.display(),
        names.join(", ")
    )]
    Conflict { path: PathBuf, names: Vec<String> },

    #[error(
        "cannot save the profiles file {}: the folder {} is read-only; make it writable or use another --config-dir; nothing was changed",
        path.display(),
        folder.display()
    )]
    ReadOnlyFolder { path: PathBuf, folder: PathBuf },

    #[error(
        "cannot save the profiles file {}: {step}: {source}; nothing was changed",
        path.display()
    )]
    Write {
        path: PathBuf,
        step: &'static str,
        #[source]
        source: std::io::Error,
    },

    #[error(
        "cannot move {} aside: {source}; move or rename it by hand",
        path.display()
    )]
    MoveAside {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("profile `{name}` cannot be saved: {}", list_findings(findings))]
    InvalidProfile {
        name: String,
        findings: Vec<ProfileFinding>,
    },

    #[error("nothing was imported: {}", problems.join("; "))]
    ImportRejected { problems: Vec<String> },

    #[error("no profile is named `{name}`{}", known_names(known))]
    UnknownProfile { name: String, known: Vec<String> },
}

fn list_findings(findings: &[ProfileFinding]) -> String {
    findings
        .iter()
        .map(|f| format!("{}: {}", f.field.key(), f.located_message()))
        .collect::<Vec<_>>()
        .join("; ")
}

fn known_names(known: &[String]) -> String {
    if known.is_empty() {
        "; there are no saved profiles yet: add one with `reauth-link profiles add`".to_owned()
    } else {
        format!("; saved profiles: {}", known.join(", "))
    }
}

impl StoreError {
    /// The file (or folder) the error is about, when there is one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            StoreError::Unreadable { path, .. }
            | StoreError::IsFolder { path }
            | StoreError::Empty { path }
            | StoreError::NotText { path, .. }
            | StoreError::Invalid { path, .. }
            | StoreError::UnknownVersion { path, .. }
            | StoreError::Conflict { path, .. }
            | StoreError::ReadOnlyFolder { path, .. }
            | StoreError::Write { path, .. }
            | StoreError::MoveAside { path, .. } => Some(path),
            StoreError::NoConfigDir
            | StoreError::InvalidProfile { .. }
            | StoreError::ImportRejected { .. }
            | StoreError::UnknownProfile { .. } => None,
        }
    }

    /// Line and column of the problem inside the file, when the file was read but not
    /// understood.
    pub fn location(&self) -> Option<Location> {
        match self {
            StoreError::NotText { location, .. }
            | StoreError::Invalid { location, .. }
            | StoreError::UnknownVersion { location, .. } => Some(*location),
            _ => None,
        }
    }

    /// True when the file exists but cannot be used as it is, so moving it aside and
    /// starting fresh is a way forward (the file itself is never overwritten).
    pub fn file_is_unusable(&self) -> bool {
        matches!(
            self,
            StoreError::IsFolder { .. }
                | StoreError::Empty { .. }
                | StoreError::NotText { .. }
                | StoreError::Invalid { .. }
                | StoreError::UnknownVersion { .. }
        )
    }
}
