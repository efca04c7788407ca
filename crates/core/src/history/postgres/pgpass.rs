//! The password file libpq reads (`~/.pgpass`, or the file `PGPASSFILE` names): lines of
//! `host:port:database:user:password`, `*` matching anything, `\:` and `\\` standing for
//! themselves. As libpq does, a file others may read is ignored: it would hand a password
//! to anyone on the machine.

use std::path::{Path, PathBuf};

/// What a password is looked up for.
pub struct Lookup<'a> {
    pub host: &'a str,
    pub port: u16,
    pub database: &'a str,
    pub user: &'a str,
}

/// The file's place: `PGPASSFILE` if set, else `.pgpass` in the home folder (on Windows
/// `%APPDATA%\postgresql\pgpass.conf`).
pub fn password_file() -> Option<PathBuf> {
    if let Some(file) = std::env::var_os("PGPASSFILE").filter(|f| !f.is_empty()) {
        return Some(PathBuf::from(file));
    }
    if cfg!(windows) {
        let app_data = std::env::var_os("APPDATA")?;
        return Some(
            PathBuf::from(app_data)
                .join("postgresql")
                .join("pgpass.conf"),
        );
    }
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty())?;
    Some(PathBuf::from(home).join(".pgpass"))
}

/// The password of the first line that matches, if the file exists and only its owner
/// can read it.
pub fn password_from_file(path: &Path, lookup: &Lookup<'_>) -> Option<String> {
    if !private(path) {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    text.lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .find_map(|line| matching_password(line, lookup))
}

fn matching_password(line: &str, lookup: &Lookup<'_>) -> Option<String> {
    let fields = split_fields(line);
    let [host, port, database, user, password] = fields.as_slice() else {
        return None;
    };
    let port_text = lookup.port.to_string();
    let wanted = [
        (host, lookup.host),
        (port, port_text.as_str()),
        (database, lookup.database),
        (user, lookup.user),
    ];
    wanted
        .iter()
        .all(|(field, value)| field.as_str() == "*" || field.as_str() == *value)
        .then(|| password.clone())
}

fn split_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut characters = line.chars();
    while let Some(character) = characters.next() {
        match character {
            '\\' => {
                if let (Some(next), Some(field)) = (characters.next(), fields.last_mut()) {
                    field.push(next);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            other => {
                if let Some(field) = fields.last_mut() {
                    field.push(other);
                }
            }
        }
    }
    fields
}

#[cfg(unix)]
fn private(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o077 == 0)
}

#[cfg(not(unix))]
fn private(path: &Path) -> bool {
    path.is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOOKUP: Lookup<'static> = Lookup {
        host: "db.desk",
        port: 5432,
        database: "history",
        user: "kim",
    };

    fn file_with(text: &str, mode: u32) -> (tempfile::TempDir, PathBuf) {
        let folder = tempfile::tempdir().expect("temp dir");
        let path = folder.path().join(".pgpass");
        std::fs::write(&path, text).expect("writes");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
        }
        #[cfg(not(unix))]
        let _ = mode;
        (folder, path)
    }

    #[test]
    fn the_first_matching_line_gives_the_password() {
        let text =
            "# desk\nother:5432:history:kim:no\ndb.desk:*:history:kim:pa\\:ss\\\\1\n*:*:*:*:last\n";
        let (_folder, path) = file_with(text, 0o600);
        assert_eq!(
            password_from_file(&path, &LOOKUP).as_deref(),
            Some("pa:ss\\1")
        );
        let elsewhere = Lookup {
            host: "db.other",
            ..LOOKUP
        };
        assert_eq!(
            password_from_file(&path, &elsewhere).as_deref(),
            Some("last")
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_file_others_can_read_is_ignored() {
        let (_folder, path) = file_with("*:*:*:*:secret\n", 0o644);
        assert_eq!(password_from_file(&path, &LOOKUP), None);
    }
}
