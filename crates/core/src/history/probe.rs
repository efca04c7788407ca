//! What a history file is, found before anything writes to it. Opening for writing
//! narrows the file's mode, switches it to WAL and migrates it; a file that is not ours,
//! or is from a newer version, must be refused before any of that, byte for byte as it
//! was. So the file is first read through a read-only connection: its application id,
//! its schema version and its tables say whose it is.

use std::io::Read;
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::error::HistoryError;
use super::schema::{APPLICATION_ID, CURRENT_VERSION, ENTRIES_TABLE};

/// Reads the file at `path` without changing it, and refuses what is not ours to open.
/// Ours to open: no file, an empty one (created a moment ago by this or another opener,
/// nothing in it to lose), or a history of ours at this version or an older one.
pub fn probe(path: &Path, busy_timeout: Duration) -> Result<(), HistoryError> {
    match std::fs::metadata(path) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(HistoryError::io(path, &error)),
        Ok(metadata) if metadata.is_file() && metadata.len() == 0 => return Ok(()),
        Ok(_) => {}
    }
    let mut attempt = 1;
    loop {
        let unlocked = at_rest_in_wal_mode(path);
        let verdict =
            read_header(path, unlocked, busy_timeout).and_then(|header| header.judge(path));
        // A read without locks can meet another of our processes checkpointing its
        // `-wal` into the file, and see pages half old, half new: read again before
        // refusing. A refusal that stands is the same on every read.
        if verdict.is_ok() || !unlocked || attempt == UNLOCKED_READS {
            return verdict;
        }
        attempt += 1;
        std::thread::sleep(UNLOCKED_READ_PAUSE);
    }
}

/// How many times a file read without locks is read before it is refused, and the pause
/// between: a checkpoint of the history's `-wal` takes milliseconds.
const UNLOCKED_READS: u32 = 5;
const UNLOCKED_READ_PAUSE: Duration = Duration::from_millis(25);

fn read_header(
    path: &Path,
    unlocked: bool,
    busy_timeout: Duration,
) -> Result<Header, HistoryError> {
    let sqlite = |error| HistoryError::from_sqlite(path, error);
    let connection = if unlocked {
        // Even read-only, SQLite would create `-wal` and `-shm` files beside a WAL file
        // with none: read the file as it lies, which is all of it when no `-wal` exists.
        let uri = url::Url::from_file_path(path).map_or_else(
            |()| format!("file:{}", path.display()),
            |url| url.to_string(),
        );
        Connection::open_with_flags(
            format!("{uri}?immutable=1"),
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
        )
    } else {
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
    }
    .map_err(sqlite)?;
    // Another opener may be laying the file out right now; its transaction is short.
    connection.busy_timeout(busy_timeout).map_err(sqlite)?;
    Header::read(&connection).map_err(sqlite)
}

/// Whether the file's header says WAL mode (offset 18 is 2) and no `-wal` file is beside
/// it: no process has it open, and the file alone holds the whole database. The tool
/// switches a file of its own to WAL only once it is laid out, so a file being laid out
/// right now is never read this way, without locks.
fn at_rest_in_wal_mode(path: &Path) -> bool {
    let mut header = [0u8; 20];
    let read = std::fs::File::open(path).and_then(|mut file| file.read_exact(&mut header));
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    read.is_ok()
        && header.starts_with(b"SQLite format 3\0")
        && header[18] == 2
        && !Path::new(&wal).exists()
}

/// The three things that tell whose a database is.
struct Header {
    application_id: i64,
    version: i64,
    tables: Vec<String>,
}

impl Header {
    fn read(connection: &Connection) -> rusqlite::Result<Self> {
        let pragma = |name: &str| connection.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0));
        let application_id: i64 = pragma("application_id")?;
        let version: i64 = pragma("user_version")?;
        let mut statement = connection.prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             ORDER BY name",
        )?;
        let tables = statement
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(Self {
            application_id,
            version,
            tables,
        })
    }

    fn judge(self, path: &Path) -> Result<(), HistoryError> {
        if self.application_id == i64::from(APPLICATION_ID) {
            if self.version > CURRENT_VERSION {
                return Err(HistoryError::Newer {
                    path: path.to_owned(),
                    found: self.version,
                    known: CURRENT_VERSION,
                });
            }
            return Ok(());
        }
        // Versions before the application id: an entries table and a version this build
        // wrote too.
        let an_older_history = self.application_id == 0
            && (1..=CURRENT_VERSION).contains(&self.version)
            && self.tables.iter().any(|table| table == ENTRIES_TABLE);
        if an_older_history {
            return Ok(());
        }
        Err(HistoryError::Foreign {
            path: path.to_owned(),
            what: self.describe(),
        })
    }

    /// The file as its owner might recognise it.
    fn describe(&self) -> String {
        let owner = if self.application_id == 0 {
            "another program's SQLite database".to_owned()
        } else {
            format!(
                "the SQLite database of another program (application id {:#010x})",
                self.application_id & 0xffff_ffff
            )
        };
        let tables = match self.tables.as_slice() {
            [] => "no tables".to_owned(),
            [one] => format!("table {one}"),
            many => format!("tables {}", many.join(", ")),
        };
        format!("{owner}, with {tables} and schema version {}", self.version)
    }
}
