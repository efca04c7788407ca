//! The history database on its own: schema versions and forward migration, files it must
//! refuse without touching, locks, owner-only permissions, search, outcomes and
//! forgetting, and the worker thread the window talks to.

use std::path::PathBuf;
use std::time::Duration;

use reauth_link_core::history::schema::{CURRENT_VERSION, migrate_to};
use reauth_link_core::history::{
    Entry, HistoryError, HistoryEvent, HistoryStore, HistoryWorker, NewEntry, Outcome, Via,
};
use rusqlite::Connection;

fn temp_history() -> (tempfile::TempDir, PathBuf) {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("history.sqlite3");
    (folder, path)
}

fn entry(ticket: &str, vehicle_id: &str, state: &str) -> NewEntry {
    NewEntry {
        time_ms: 1_780_000_000_000,
        kind: reauth_link_core::history::EntryKind::REAUTHENTICATE,
        profile: "Fleet".to_owned(),
        vehicle_id: vehicle_id.to_owned(),
        state: state.to_owned(),
        owner_id: format!("owner-of-{vehicle_id}"),
        ticket: ticket.to_owned(),
        via: Via::Copied,
        link: format!("https://connect.smartcar.com/oauth/reauthenticate?vehicle_id={vehicle_id}"),
        agent: "kim".to_owned(),
    }
}

fn tickets(entries: &[Entry]) -> Vec<&str> {
    entries.iter().map(|e| e.ticket.as_str()).collect()
}

#[test]
fn a_new_file_is_at_the_current_version_in_wal_mode() {
    let (_folder, path) = temp_history();
    drop(HistoryStore::open(&path).expect("opens"));
    let connection = Connection::open(&path).expect("opens");
    let version: i64 = connection
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .expect("reads");
    let mode: String = connection
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .expect("reads");
    assert_eq!(version, CURRENT_VERSION);
    assert_eq!(mode, "wal");
}

/// A history written by an older version: the schema up to `version` and one entry of
/// vehicle `v-old` under `ticket`, written as that version did.
fn old_file_with_one_entry(path: &std::path::Path, version: i64, ticket: &str) {
    let old = Connection::open(path).and_then(|mut old| {
        migrate_to(&mut old, version)?;
        old.execute(
            "INSERT INTO entries (time_ms, kind, profile, vehicle_id, state, owner_id, ticket, via, link)
             VALUES (1, 'reauthenticate', 'Fleet', 'v-old', 's-old', '', ?1, 'copied', 'https://x')",
            [ticket],
        )?;
        Ok(old)
    });
    drop(old.expect("writes the old file"));
}

#[test]
fn a_version_1_file_migrates_forward_keeping_its_entries_and_their_tickets() {
    let (_folder, path) = temp_history();
    old_file_with_one_entry(&path, 1, "SUP-1");

    let store = HistoryStore::open(&path).expect("migrates");
    let found = store.search("sup-", 0, 10).expect("searches");
    assert_eq!(
        tickets(&found),
        ["SUP-1"],
        "the ticket search knows the old entry"
    );
    assert_eq!(found[0].vehicle_id, "v-old");
    assert_eq!(found[0].outcome, None);
    let connection = Connection::open(&path).expect("opens");
    let version: i64 = connection
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .expect("reads");
    assert_eq!(version, CURRENT_VERSION);
}

/// Everything a refused open must leave as it was: the file's bytes, its mode, and the
/// names in its folder (no journal, WAL or shared-memory file left beside it).
struct Untouched {
    bytes: Vec<u8>,
    mode: u32,
    names: Vec<String>,
}

impl Untouched {
    fn of(path: &std::path::Path) -> Self {
        let mut names: Vec<String> = std::fs::read_dir(path.parent().expect("a folder"))
            .expect("lists")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        Self {
            bytes: std::fs::read(path).expect("the file"),
            mode: file_mode(path),
            names,
        }
    }
}

#[cfg(unix)]
fn file_mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .expect("exists")
        .permissions()
        .mode()
        & 0o777
}

#[cfg(not(unix))]
fn file_mode(_path: &std::path::Path) -> u32 {
    0
}

/// Readable by others, as a file another program wrote may be: opening must not narrow it.
#[cfg(unix)]
fn readable_by_all(path: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
}

#[cfg(not(unix))]
fn readable_by_all(_path: &std::path::Path) {}

fn another_programs_database(path: &std::path::Path, sql: &str) {
    let connection = Connection::open(path).expect("creates");
    connection.execute_batch(sql).expect("writes");
    drop(connection);
    readable_by_all(path);
}

fn a_newer_history_of_ours(path: &std::path::Path) {
    drop(HistoryStore::open(path).expect("opens"));
    Connection::open(path)
        .and_then(|c| c.pragma_update(None, "user_version", CURRENT_VERSION + 1))
        .expect("sets version");
    readable_by_all(path);
}

/// Files that are not ours to open, each refused with what it is and what to do, and
/// left byte for byte as they were.
#[test]
fn a_file_that_is_not_ours_or_is_newer_is_refused_before_anything_writes_to_it() {
    type Make = fn(&std::path::Path);
    let table: [(&str, Make, &[&str]); 6] = [
        (
            "a foreign database with tables of its own",
            |path| {
                another_programs_database(
                    path,
                    "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);
                     CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER);
                     INSERT INTO customers (name) VALUES ('Ada');",
                )
            },
            &[
                "is not a reauth-link history but another program's SQLite database",
                "tables customers, orders",
                "move it aside",
            ],
        ),
        (
            "another program's empty database at version 0",
            |path| another_programs_database(path, "CREATE TABLE t (x); DROP TABLE t;"),
            &["another program's SQLite database, with no tables and schema version 0"],
        ),
        (
            "an empty database carrying another program's application id",
            |path| another_programs_database(path, "PRAGMA application_id = 1598903118; VACUUM;"),
            &["(application id 0x5f4d534e), with no tables"],
        ),
        (
            "a foreign database in WAL mode",
            |path| {
                another_programs_database(
                    path,
                    "PRAGMA journal_mode = WAL; CREATE TABLE notes (body TEXT);",
                )
            },
            &["with table notes and schema version 0"],
        ),
        (
            "a history from a newer version",
            a_newer_history_of_ours,
            &["newer reauth-link", "use the newer version"],
        ),
        (
            "a file that is not SQLite",
            |path| {
                std::fs::write(path, b"these are notes, not a database\n".repeat(200))
                    .expect("writes");
                readable_by_all(path);
            },
            &["is damaged or not a history database", "move it aside"],
        ),
    ];
    for (case, make, said) in table {
        let (_folder, path) = temp_history();
        make(&path);
        let before = Untouched::of(&path);
        let error = HistoryStore::open(&path).err().expect(case);
        let message = error.to_string();
        assert!(
            message.contains(&path.display().to_string()),
            "{case}: {message}"
        );
        assert!(message.contains("left as it is"), "{case}: {message}");
        for words in said {
            assert!(message.contains(words), "{case}: {message}");
        }
        let after = Untouched::of(&path);
        // Compared field by field: a failure must not print every byte of the file.
        assert!(after.bytes == before.bytes, "{case}: the bytes changed");
        assert_eq!(after.mode, before.mode, "{case}: the mode changed");
        assert_eq!(after.names, before.names, "{case}: files beside it");
    }
}

/// The application id sits at offset 68 of the file's header, big-endian.
fn application_id_in_header(path: &std::path::Path) -> [u8; 4] {
    let bytes = std::fs::read(path).expect("the file");
    bytes[68..72].try_into().expect("four bytes")
}

#[test]
fn a_new_file_carries_the_application_id_from_its_first_write() {
    let (_folder, path) = temp_history();
    drop(HistoryStore::open(&path).expect("opens"));
    assert_eq!(&application_id_in_header(&path), b"RLHi");
}

#[test]
fn a_file_from_a_newer_version_says_which_versions() {
    let (_folder, path) = temp_history();
    a_newer_history_of_ours(&path);
    let error = HistoryStore::open(&path).err().expect("refused");
    assert!(
        matches!(error, HistoryError::Newer { found, known, .. } if found == CURRENT_VERSION + 1 && known == CURRENT_VERSION),
        "{error:?}"
    );
}

#[test]
fn an_older_file_of_ours_gains_the_application_id_when_it_is_opened() {
    for version in 1..=CURRENT_VERSION {
        let (_folder, path) = temp_history();
        old_file_with_one_entry(&path, version, "SUP-1");
        assert_eq!(application_id_in_header(&path), [0; 4], "written as before");
        let store = HistoryStore::open(&path).expect("opens");
        assert_eq!(store.count().expect("counts"), 1, "version {version}");
        drop(store);
        assert_eq!(
            &application_id_in_header(&path),
            b"RLHi",
            "version {version}"
        );
    }
}

#[test]
fn a_damaged_file_is_reported_with_its_path_and_never_replaced() {
    for bytes in [
        b"these are notes, not a database\n".repeat(200),
        // A real header followed by garbage: a database cut short or overwritten.
        [b"SQLite format 3\0".as_slice(), &[0xAB; 4096]].concat(),
    ] {
        let (_folder, path) = temp_history();
        std::fs::write(&path, &bytes).expect("writes");
        let error = HistoryStore::open(&path).err().expect("refused");
        assert!(matches!(error, HistoryError::Damaged { .. }), "{error:?}");
        let message = error.to_string();
        assert!(message.contains(&path.display().to_string()), "{message}");
        assert!(message.contains("left as it is"), "{message}");
        assert_eq!(std::fs::read(&path).expect("still there"), bytes);
    }
}

#[test]
fn a_write_while_another_process_holds_the_lock_too_long_says_locked_with_the_path() {
    let (_folder, path) = temp_history();
    drop(HistoryStore::open(&path).expect("creates"));
    let holder = Connection::open(&path).expect("opens");
    holder
        .execute_batch("BEGIN IMMEDIATE; INSERT INTO tickets VALUES ('held');")
        .expect("takes the write lock");
    let mut store =
        HistoryStore::open_with_timeout(&path, Duration::from_millis(200)).expect("opens");
    let error = store.record(&entry("T", "v", "s")).expect_err("locked");
    assert!(matches!(error, HistoryError::Locked { .. }), "{error:?}");
    assert!(
        error.to_string().contains(&path.display().to_string()),
        "{error}"
    );
    holder.execute_batch("ROLLBACK").expect("releases");
    store
        .record(&entry("T", "v", "s"))
        .expect("records once free");
}

#[cfg(unix)]
#[test]
fn the_file_and_its_journal_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let (_folder, path) = temp_history();
    let mut store = HistoryStore::open(&path).expect("opens");
    store.record(&entry("T", "v", "s")).expect("records");
    for suffix in ["", "-wal", "-shm"] {
        let file = PathBuf::from(format!("{}{suffix}", path.display()));
        let mode = std::fs::metadata(&file)
            .expect("exists")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{}", file.display());
    }
}

#[test]
fn search_matches_a_ticket_in_part_and_other_fields_whole_newest_first() {
    let (_folder, path) = temp_history();
    let mut store = HistoryStore::open(&path).expect("opens");
    for new in [
        entry("SUP-100", "vehicle-a", "state-1"),
        entry("SUP-200", "vehicle-b", "state-2"),
        entry("OPS-7", "vehicle-a", "state-3"),
        entry("100%_off", "vehicle-c", "state-4"),
    ] {
        store.record(&new).expect("records");
    }
    let table: [(&str, &[&str]); 9] = [
        ("sup", &["SUP-200", "SUP-100"]),
        ("P-10", &["SUP-100"]),
        ("vehicle-a", &["OPS-7", "SUP-100"]),
        ("vehicle", &[]),
        ("state-2", &["SUP-200"]),
        ("owner-of-vehicle-c", &["100%_off"]),
        ("Fleet", &["100%_off", "OPS-7", "SUP-200", "SUP-100"]),
        ("%_", &["100%_off"]),
        ("", &["100%_off", "OPS-7", "SUP-200", "SUP-100"]),
    ];
    for (query, expected) in table {
        let found = store.search(query, 0, 10).expect("searches");
        assert_eq!(tickets(&found), expected, "query {query:?}");
    }
    let page = store.search("", 1, 2).expect("searches");
    assert_eq!(tickets(&page), ["OPS-7", "SUP-200"], "offset and limit");
}

#[test]
fn an_outcome_is_set_on_every_entry_with_the_state_and_only_those() {
    let (_folder, path) = temp_history();
    let mut store = HistoryStore::open(&path).expect("opens");
    store.record(&entry("T1", "v1", "shared")).expect("records");
    store.record(&entry("T2", "v2", "shared")).expect("records");
    store.record(&entry("T3", "v3", "other")).expect("records");
    store.record(&entry("T4", "v4", "")).expect("records");
    let denied = Outcome::failed("access_denied");
    let updated = store.set_outcome("shared", &denied).expect("sets");
    assert_eq!(tickets(&updated), ["T2", "T1"]);
    assert!(updated.iter().all(|e| e.outcome.as_ref() == Some(&denied)));
    assert_eq!(
        store.set_outcome("", &Outcome::Success).expect("nothing"),
        []
    );
    let all = store.search("", 0, 10).expect("searches");
    let outcomes: Vec<_> = all.iter().map(|e| e.outcome.as_ref()).collect();
    assert_eq!(outcomes, [None, None, Some(&denied), Some(&denied)]);
}

#[test]
fn forgetting_removes_entries_before_the_date_and_their_tickets_from_search() {
    let (_folder, path) = temp_history();
    let mut store = HistoryStore::open(&path).expect("opens");
    for (time_ms, ticket) in [(1_000, "OLD-1"), (2_000, "OLD-2"), (3_000, "NEW-3")] {
        let mut new = entry(ticket, "v", "s");
        new.time_ms = time_ms;
        store.record(&new).expect("records");
    }
    assert_eq!(store.forget_before(3_000).expect("forgets"), 2);
    assert_eq!(store.count().expect("counts"), 1);
    assert_eq!(store.search("OLD", 0, 10).expect("searches"), []);
    let tickets_left: i64 = Connection::open(&path)
        .and_then(|c| c.query_row("SELECT count(*) FROM tickets", [], |r| r.get(0)))
        .expect("counts");
    assert_eq!(tickets_left, 1);
    let indexed: i64 = Connection::open(&path)
        .and_then(|c| c.query_row("SELECT count(*) FROM ticket_text", [], |r| r.get(0)))
        .expect("counts");
    assert_eq!(indexed, 1, "the part index forgets them too");
    let mut again = entry("OLD-1", "v", "s");
    again.time_ms = 4_000;
    store.record(&again).expect("records");
    assert_eq!(
        tickets(&store.search("old-", 0, 10).expect("searches")),
        ["OLD-1"],
        "a forgotten ticket used again is found again"
    );
}

#[test]
fn a_version_2_file_gains_the_part_index_for_its_tickets() {
    let (_folder, path) = temp_history();
    old_file_with_one_entry(&path, 2, "MIG-2026-A");

    let mut store = HistoryStore::open(&path).expect("migrates");
    assert_eq!(
        tickets(&store.search("2026-a", 0, 10).expect("searches")),
        ["MIG-2026-A"]
    );
    store
        .record(&entry("MIG-2026-A", "v-new", "s-new"))
        .expect("records");
    let found = store.search("mig-2026", 0, 10).expect("searches");
    assert_eq!(found.len(), 2, "the old ticket's new entry joins it");
}

#[test]
fn pending_entries_reach_the_history_only_on_commit_in_their_order() {
    let (_folder, path) = temp_history();
    let mut store = HistoryStore::open(&path).expect("opens");
    let mut pending = store.pending().expect("starts");
    for n in 0..3 {
        pending
            .add(&entry(&format!("B-{n}"), "v", "s"))
            .expect("adds");
    }
    let reader = HistoryStore::open(&path).expect("a second connection");
    assert_eq!(reader.count().expect("counts"), 0, "nothing before commit");
    assert_eq!(pending.commit().expect("commits"), 3);
    let found = reader.search("B-", 0, 10).expect("searches");
    assert_eq!(tickets(&found), ["B-2", "B-1", "B-0"]);
    {
        // Never committed: gone with the scope, as in a batch whose output failed.
        let mut uncommitted = store.pending().expect("starts again");
        uncommitted.add(&entry("LOST", "v", "s")).expect("adds");
    }
    assert_eq!(reader.search("LOST", 0, 10).expect("searches"), []);
}

fn wait_for(worker: &HistoryWorker, accept: impl Fn(&HistoryEvent) -> bool) -> HistoryEvent {
    loop {
        let event = worker.wait().expect("the worker answers");
        if accept(&event) {
            return event;
        }
        assert!(
            !matches!(event, HistoryEvent::Failed(_)),
            "unexpected {event:?}"
        );
    }
}

#[test]
fn the_worker_records_searches_sets_outcomes_and_exports_without_blocking_its_caller() {
    let (folder, path) = temp_history();
    drop(HistoryStore::open(&path).expect("creates"));
    // Another process's write transaction holds the worker at its first write for as
    // long as the test likes (up to the busy timeout): the caller must not wait for it.
    let holder = Connection::open(&path).expect("opens");
    holder
        .execute_batch("BEGIN IMMEDIATE")
        .expect("takes the write lock");
    let woken = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = woken.clone();
    let asked = std::time::Instant::now();
    let mut worker = HistoryWorker::spawn(path.clone(), move || {
        counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    });
    worker.record(entry("W-1", "v1", "s1"));
    worker.record_all(vec![entry("W-2", "v2", "s2"), entry("W-3", "v3", "s3")]);
    let request = worker.search("W-", 0, 10);
    let returned_after = asked.elapsed();
    std::thread::sleep(Duration::from_millis(200));
    let while_held = worker.poll();
    assert!(
        while_held
            .iter()
            .all(|event| matches!(event, HistoryEvent::Opened { .. })),
        "the worker is held at its first write: {while_held:?}"
    );
    assert!(
        returned_after < reauth_link_core::history::store::BUSY_TIMEOUT / 4,
        "the caller waited {returned_after:?} for a worker held by the lock"
    );
    holder.execute_batch("ROLLBACK").expect("releases the lock");
    let HistoryEvent::Found {
        request: answered,
        entries,
        ..
    } = wait_for(&worker, |e| matches!(e, HistoryEvent::Found { .. }))
    else {
        unreachable!()
    };
    assert_eq!(answered, request);
    assert_eq!(tickets(&entries), ["W-3", "W-2", "W-1"]);
    worker.set_outcome("s2", &Outcome::Success);
    let HistoryEvent::OutcomeSet { entries, .. } =
        wait_for(&worker, |e| matches!(e, HistoryEvent::OutcomeSet { .. }))
    else {
        unreachable!()
    };
    assert_eq!(tickets(&entries), ["W-2"]);
    let export = folder.path().join("history.csv");
    worker.export_csv("W-", export.clone());
    let HistoryEvent::Exported { count, .. } =
        wait_for(&worker, |e| matches!(e, HistoryEvent::Exported { .. }))
    else {
        unreachable!()
    };
    assert_eq!(count, 3);
    let csv = std::fs::read_to_string(&export).expect("exported");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "time,kind,profile,vehicle_id,state,owner_id,ticket,via,link,outcome,agent"
    );
    assert_eq!(
        lines[2],
        "2026-05-28T20:26:40Z,reauthenticate,Fleet,v2,s2,owner-of-v2,W-2,copied,https://connect.smartcar.com/oauth/reauthenticate?vehicle_id=v2,success,kim"
    );
    assert_eq!(lines.len(), 4);
    drop(worker);
    assert!(woken.load(std::sync::atomic::Ordering::SeqCst) >= 5);
}

#[test]
fn the_number_of_matches_counts_what_the_search_pages_through() {
    let (_folder, path) = temp_history();
    let mut store = HistoryStore::open(&path).expect("opens");
    let entries: Vec<NewEntry> = (0..250)
        .map(|i| entry(&format!("C-{i}"), &format!("v{}", i % 5), &format!("s{i}")))
        .collect();
    store.record_all(&entries).expect("records");
    let table = [
        ("", 250),
        ("C-1", 111),
        ("v3", 50),
        ("s7", 1),
        ("nothing", 0),
    ];
    for (query, expected) in table {
        assert_eq!(
            store.count_matching(query).expect("counts"),
            expected,
            "{query:?}"
        );
        let all = store.search(query, 0, 1000).expect("searches");
        assert_eq!(all.len() as u64, expected, "{query:?}");
    }
    let mut worker = HistoryWorker::spawn(path, || {});
    let request = worker.count("C-1");
    let HistoryEvent::Counted {
        request: answered,
        total,
        ..
    } = wait_for(&worker, |e| matches!(e, HistoryEvent::Counted { .. }))
    else {
        unreachable!()
    };
    assert_eq!((answered, total), (request, 111));
}

#[test]
fn the_worker_reports_a_damaged_file_and_opens_it_once_it_is_moved_aside() {
    let (_folder, path) = temp_history();
    std::fs::write(
        &path,
        b"not a database at all, and long enough to be read as one. ".repeat(100),
    )
    .expect("writes");
    let worker = HistoryWorker::spawn(path.clone(), || {});
    let Some(HistoryEvent::Failed(message)) = worker.wait() else {
        panic!("expected a failure first");
    };
    assert!(message.contains(&path.display().to_string()), "{message}");
    std::fs::rename(&path, path.with_extension("damaged")).expect("moves aside");
    worker.record(entry("AFTER", "v", "s"));
    assert!(matches!(
        worker.wait(),
        Some(HistoryEvent::Opened { entries: 0, .. })
    ));
    assert!(matches!(
        worker.wait(),
        Some(HistoryEvent::Recorded { count: 1, .. })
    ));
}

#[test]
fn an_older_file_s_entries_get_ids_that_new_entries_never_share() {
    let (_folder, path) = temp_history();
    old_file_with_one_entry(&path, 4, "OLD-ID");
    let mut store = HistoryStore::open(&path).expect("migrates");
    store.record(&entry("NEW-ID", "v", "s")).expect("records");
    let mut pending = store.pending().expect("starts");
    pending.add(&entry("BATCH-ID", "v", "s")).expect("adds");
    pending.commit().expect("commits");
    let entries = store.portable_after(0, 10).expect("reads");
    let ids: Vec<&str> = entries.iter().map(|p| p.entry_id.as_str()).collect();
    assert_eq!(ids.len(), 3);
    for id in &ids {
        let parsed = uuid::Uuid::try_parse(id).unwrap_or_else(|_| panic!("{id} is a UUID"));
        assert_eq!(parsed.get_version_num(), 4, "{id}");
    }
    let mut distinct = ids.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), 3, "{ids:?}");
    assert_eq!(entries[0].entry.ticket, "OLD-ID");
}
