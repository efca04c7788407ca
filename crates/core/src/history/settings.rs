//! Whether links are recorded, and where. Recording is on unless turned off, either in
//! `settings.toml` in the config folder:
//!
//! ```toml
//! [history]
//! record = false
//! ```
//!
//! or for one process by the environment, `REAUTH_LINK_HISTORY=off` (`on` turns it back
//! on whatever the file says). The window and the command line read the same setting.
//!
//! A desk that shares one history names its database at the top of the same file (or in
//! `REAUTH_LINK_HISTORY_URL`, which wins):
//!
//! ```toml
//! history_url = "postgres://kim@db.desk/reauth_link?sslmode=verify-full"
//! agent = "Kim"
//! ```
//!
//! `agent` names who sent each link (the operating system's user name when unset).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::postgres::ServerUrl;

/// The database's name inside the config folder.
pub const HISTORY_FILE: &str = "history.sqlite3";
/// The settings file's name inside the config folder.
pub const SETTINGS_FILE: &str = "settings.toml";
/// `off` or `on`; wins over the settings file.
pub const RECORDING_ENV: &str = "REAUTH_LINK_HISTORY";

pub fn history_path(config_dir: &Path) -> PathBuf {
    config_dir.join(HISTORY_FILE)
}

#[derive(Debug, Default, Deserialize)]
struct SettingsFile {
    #[serde(default)]
    history: HistorySettings,
    history_url: Option<String>,
    agent: Option<String>,
}

#[derive(Debug, Deserialize)]
struct HistorySettings {
    #[serde(default = "recording_default")]
    record: bool,
}

impl Default for HistorySettings {
    fn default() -> Self {
        Self {
            record: recording_default(),
        }
    }
}

fn recording_default() -> bool {
    true
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    #[error("settings: cannot read {path}: {reason}; fix it or remove it (recording is then on)")]
    File { path: PathBuf, reason: String },
    #[error("{RECORDING_ENV}: `{0}` is neither `on` nor `off`; set one of them or unset it")]
    Environment(String),
    #[error("settings: cannot save {path}: {reason}; check that the config folder is yours")]
    Save { path: PathBuf, reason: String },
    #[error("{source_name}: {reason}; give a postgres://user@host/database URL or remove it")]
    HistoryUrl { source_name: String, reason: String },
}

/// Turns recording on or off in `settings.toml` (the window's switch), keeping the file's
/// other settings; the environment variable, when set, still wins for its process.
pub fn save_recording(config_dir: &Path, record: bool) -> Result<(), SettingsError> {
    let path = config_dir.join(SETTINGS_FILE);
    let fail = |reason: String| SettingsError::File {
        path: path.clone(),
        reason,
    };
    let mut settings: toml::Table = match std::fs::read_to_string(&path) {
        Ok(text) => toml::from_str(&text).map_err(|e| fail(e.message().to_owned()))?,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => toml::Table::new(),
        Err(error) => return Err(fail(error.to_string())),
    };
    let history = settings
        .entry("history")
        .or_insert_with(|| toml::Value::Table(toml::Table::new()));
    let toml::Value::Table(history) = history else {
        return Err(fail("`history` is not a section".to_owned()));
    };
    history.insert("record".to_owned(), toml::Value::Boolean(record));
    let save_failed = |reason: String| SettingsError::Save {
        path: path.clone(),
        reason,
    };
    let text = toml::to_string(&settings).map_err(|e| save_failed(e.to_string()))?;
    crate::whole_file::write_whole_file(&path, text.as_bytes())
        .map_err(|e| save_failed(e.to_string()))
}

/// The shared history's URL: the environment's value (`env`, read by the caller from
/// `REAUTH_LINK_HISTORY_URL`) if set, else `history_url` in the settings file, else none.
pub fn shared_history_url(
    config_dir: &Path,
    env: Option<&str>,
) -> Result<Option<ServerUrl>, SettingsError> {
    let invalid = |source_name: &str, reason: String| SettingsError::HistoryUrl {
        source_name: source_name.to_owned(),
        reason,
    };
    if let Some(text) = env.map(str::trim).filter(|v| !v.is_empty()) {
        return ServerUrl::parse(text)
            .map(Some)
            .map_err(|reason| invalid("REAUTH_LINK_HISTORY_URL", reason));
    }
    let Some(settings) = read_settings(config_dir)? else {
        return Ok(None);
    };
    match settings.history_url.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => ServerUrl::parse(text)
            .map(Some)
            .map_err(|reason| invalid("settings: history_url", reason)),
        _ => Ok(None),
    }
}

/// Who this workstation's links are sent by: `agent` in the settings file, else the
/// operating system's user name (`user_env`, the caller's `$USER` or `%USERNAME%`), else
/// nothing.
pub fn agent_name(config_dir: &Path, user_env: Option<&str>) -> Result<String, SettingsError> {
    let configured = read_settings(config_dir)?.and_then(|settings| settings.agent);
    let named = configured
        .as_deref()
        .map(str::trim)
        .filter(|name| !name.is_empty());
    let user = user_env.map(str::trim).filter(|name| !name.is_empty());
    Ok(named.or(user).unwrap_or_default().to_owned())
}

/// The operating system's user name from the environment, as `agent_name` wants it.
pub fn user_from_environment() -> Option<String> {
    ["USER", "USERNAME"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
}

/// The settings file, or `None` when there is none.
fn read_settings(config_dir: &Path) -> Result<Option<SettingsFile>, SettingsError> {
    let path = config_dir.join(SETTINGS_FILE);
    let fail = |reason: String| SettingsError::File {
        path: path.clone(),
        reason,
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(fail(error.to_string())),
    };
    toml::from_str(&text)
        .map(Some)
        .map_err(|e| fail(e.message().to_owned()))
}

/// Whether links leaving the tool are recorded: the environment's value (`env`, read by
/// the caller from `RECORDING_ENV`) if set, else the settings file, else on.
pub fn recording_enabled(config_dir: &Path, env: Option<&str>) -> Result<bool, SettingsError> {
    if let Some(value) = env.map(str::trim).filter(|v| !v.is_empty()) {
        return match value.to_ascii_lowercase().as_str() {
            "off" | "0" | "false" | "no" => Ok(false),
            "on" | "1" | "true" | "yes" => Ok(true),
            _ => Err(SettingsError::Environment(value.to_owned())),
        };
    }
    Ok(read_settings(config_dir)?.is_none_or(|settings| settings.history.record))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder_with(settings: Option<&str>) -> tempfile::TempDir {
        let folder = tempfile::tempdir().expect("temp dir");
        if let Some(text) = settings {
            std::fs::write(folder.path().join(SETTINGS_FILE), text).expect("writes");
        }
        folder
    }

    #[test]
    fn the_environment_wins_then_the_file_then_on() {
        let table: [(Option<&str>, Option<&str>, bool); 7] = [
            (None, None, true),
            (Some("[history]\nrecord = false\n"), None, false),
            (Some("[history]\nrecord = true\n"), None, true),
            (Some("# nothing about history\n"), None, true),
            (Some("[history]\nrecord = false\n"), Some("on"), true),
            (None, Some("OFF"), false),
            (None, Some(""), true),
        ];
        for (file, env, expected) in table {
            let folder = folder_with(file);
            assert_eq!(
                recording_enabled(folder.path(), env),
                Ok(expected),
                "{file:?} {env:?}"
            );
        }
    }

    #[test]
    fn the_switch_is_saved_and_read_back_keeping_other_settings() {
        let folder = folder_with(Some("[window]\nzoom = 2\n"));
        for record in [false, true, false] {
            save_recording(folder.path(), record).expect("saves");
            assert_eq!(recording_enabled(folder.path(), None), Ok(record));
        }
        let text = std::fs::read_to_string(folder.path().join(SETTINGS_FILE)).expect("reads");
        assert!(text.contains("zoom = 2"), "{text}");

        let empty = folder_with(None);
        save_recording(empty.path(), false).expect("creates the file");
        assert_eq!(recording_enabled(empty.path(), None), Ok(false));

        let broken = folder_with(Some("history = 3\n"));
        let error = save_recording(broken.path(), true).expect_err("not a section");
        assert!(error.to_string().contains(SETTINGS_FILE), "{error}");
    }

    #[test]
    fn the_agent_is_the_settings_name_else_the_user_name() {
        let named = folder_with(Some("agent = \" Kim \"\n[history]\nrecord = true\n"));
        assert_eq!(
            agent_name(named.path(), Some("kim.l")),
            Ok("Kim".to_owned())
        );
        let unnamed = folder_with(Some("agent = \"\"\n"));
        assert_eq!(
            agent_name(unnamed.path(), Some("kim.l")),
            Ok("kim.l".to_owned())
        );
        let none = folder_with(None);
        assert_eq!(agent_name(none.path(), None), Ok(String::new()));
    }

    #[test]
    fn a_broken_file_or_value_is_an_error_naming_it() {
        let folder = folder_with(Some("[history]\nrecord = \"sometimes\"\n"));
        let error = recording_enabled(folder.path(), None).expect_err("bad value");
        assert!(error.to_string().contains(SETTINGS_FILE), "{error}");
        let error = recording_enabled(folder.path(), Some("maybe")).expect_err("bad env");
        assert!(
            error
                .to_string()
                .starts_with("REAUTH_LINK_HISTORY: `maybe`"),
            "{error}"
        );
    }
}
