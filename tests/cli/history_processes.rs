//! Several processes writing the history at once while some are killed (SIGKILL) at any
//! moment: every entry of a process that finished is there, a batch killed half way
//! leaves none of its rows (one transaction), and the file stays sound. A batch is also
//! killed while it holds the main file's write lock, so the kill lands inside its
//! transaction there, not only while its rows wait in its own temporary table.

#![cfg(unix)]

use std::io::Write;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::Duration;

use reauth_link::history::HistoryStore;

const APP: &str = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";
const REDIRECT: &str = "https://example.com/home";
const BATCH_ROWS: usize = 500;

fn vehicle(process: usize, row: usize) -> String {
    format!("{process:08x}-0000-4000-8000-{row:012x}")
}

fn command(config: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_reauth-link"));
    command
        .env("REAUTH_LINK_CONFIG_DIR", config)
        .env_remove("REAUTH_LINK_HISTORY")
        .env_remove("REAUTH_LINK_HISTORY_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

fn spawn_url(config: &Path, process: usize, ticket: &str) -> Child {
    command(config)
        .args([
            "url",
            "--client-id",
            APP,
            "--no-redirect-uri",
            "--random-state",
        ])
        .args(["--vehicle-id", &vehicle(process, 0), "--ticket", ticket])
        .spawn()
        .expect("starts")
}

/// A batch reading its ids from a pipe; the pipe is closed only when `finish` is true,
/// otherwise it is returned, open, and the batch waits for more rows.
fn spawn_batch(
    config: &Path,
    process: usize,
    ticket: &str,
    finish: bool,
) -> (Child, Option<ChildStdin>) {
    spawn_batch_of(config, process, ticket, finish, BATCH_ROWS)
}

fn spawn_batch_of(
    config: &Path,
    process: usize,
    ticket: &str,
    finish: bool,
    rows: usize,
) -> (Child, Option<ChildStdin>) {
    let mut child = command(config)
        .args(["batch", "--client-id", APP, "--redirect-uri", REDIRECT])
        .args(["--random-state", "--ticket", ticket])
        .stdin(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut input = child.stdin.take().expect("piped");
    let ids: String = (0..rows).map(|row| vehicle(process, row) + "\n").collect();
    input.write_all(ids.as_bytes()).expect("writes the ids");
    (child, (!finish).then_some(input))
}

fn count(store: &HistoryStore, ticket: &str) -> usize {
    store
        .search(ticket, 0, BATCH_ROWS * 2)
        .expect("searches")
        .iter()
        .filter(|entry| entry.ticket == ticket)
        .count()
}

#[test]
fn processes_writing_at_once_and_killed_at_any_moment_lose_no_finished_entry() {
    let config = tempfile::tempdir().expect("temp dir");
    let config = config.path();
    let mut finished_links = Vec::new();
    let mut finished_batches = Vec::new();
    let mut killed = 0;
    for round in 0..4 {
        let mut links: Vec<(String, Child)> = (0..8)
            .map(|i| {
                let ticket = format!("LINK-{round}-{i}");
                let child = spawn_url(config, round * 100 + i, &ticket);
                (ticket, child)
            })
            .collect();
        let batch_ticket = format!("BATCH-{round}");
        let (mut batch, _) = spawn_batch(config, round * 100 + 50, &batch_ticket, true);
        let stalled_ticket = format!("STALLED-{round}");
        let (mut stalled, _open_input) =
            spawn_batch(config, round * 100 + 60, &stalled_ticket, false);
        // Different moments each round: some links are killed before, during or after
        // their write.
        std::thread::sleep(Duration::from_millis(5 + 20 * round as u64));
        for (_, child) in links.iter_mut().step_by(3) {
            let _ = child.kill();
        }
        std::thread::sleep(Duration::from_millis(300));
        stalled.kill().expect("kills the stalled batch");
        assert_eq!(stalled.wait().expect("waits").signal(), Some(9));
        for (ticket, mut child) in links.drain(..) {
            let status = child.wait().expect("waits");
            match status.code() {
                Some(0) => finished_links.push(ticket),
                None => killed += 1,
                Some(code) => panic!("{ticket} failed with exit {code}"),
            }
        }
        let status = batch.wait().expect("waits");
        assert_eq!(status.code(), Some(0), "the finished batch");
        finished_batches.push(batch_ticket);
        let store = HistoryStore::open(&config.join("history.sqlite3")).expect("opens");
        assert_eq!(
            count(&store, &stalled_ticket),
            0,
            "a killed batch records nothing"
        );
    }
    let store = HistoryStore::open(&config.join("history.sqlite3")).expect("opens");
    assert!(!finished_links.is_empty(), "some links finished");
    for ticket in &finished_links {
        assert_eq!(count(&store, ticket), 1, "{ticket}");
    }
    for ticket in &finished_batches {
        assert_eq!(count(&store, ticket), BATCH_ROWS, "{ticket}");
    }
    let total = store.count().expect("counts") as usize;
    let recorded_by_killed = total - finished_links.len() - finished_batches.len() * BATCH_ROWS;
    assert!(
        recorded_by_killed <= killed,
        "only killed links may add to what finished"
    );
    let check: String = rusqlite::Connection::open(config.join("history.sqlite3"))
        .and_then(|c| c.query_row("PRAGMA integrity_check", [], |row| row.get(0)))
        .expect("checks");
    assert_eq!(check, "ok");
}

/// Rows enough that moving them into the history takes a while in one transaction.
const LARGE_BATCH_ROWS: usize = 20_000;
/// Kills that must land inside a transaction of the main file.
const KILLS_INSIDE: usize = 3;

/// Whether another connection holds the main file's write lock right now: a write
/// transaction of ours that cannot begin at once.
fn write_lock_held(watcher: &rusqlite::Connection) -> bool {
    match watcher.execute_batch("BEGIN IMMEDIATE") {
        Ok(()) => {
            watcher.execute_batch("ROLLBACK").expect("ends the probe");
            false
        }
        Err(error) => {
            assert_eq!(
                error.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy),
                "{error}"
            );
            true
        }
    }
}

#[test]
fn a_batch_killed_inside_its_transaction_of_the_main_file_leaves_none_of_its_rows() {
    let config = tempfile::tempdir().expect("temp dir");
    let config = config.path();
    let path = config.join("history.sqlite3");
    drop(HistoryStore::open(&path).expect("creates"));
    let watcher = rusqlite::Connection::open(&path).expect("opens");
    watcher
        .busy_timeout(Duration::ZERO)
        .expect("asks without waiting");
    let mut inside = 0;
    for attempt in 0..KILLS_INSIDE * 4 {
        let ticket = format!("HELD-{attempt}");
        let (mut batch, _) = spawn_batch_of(config, 700 + attempt, &ticket, true, LARGE_BATCH_ROWS);
        // The batch is the only writer: the lock held means its transaction is open.
        let held = loop {
            if write_lock_held(&watcher) {
                break true;
            }
            if batch.try_wait().expect("asks").is_some() {
                break false;
            }
            // The lock is free most of the time, so the batch's own commit can take it.
            std::thread::sleep(Duration::from_micros(200));
        };
        let _ = batch.kill();
        let status = batch.wait().expect("waits");
        let store = HistoryStore::open(&path).expect("opens after the kill");
        let recorded = count_up_to(&store, &ticket, LARGE_BATCH_ROWS);
        if held && status.signal() == Some(9) && recorded == 0 {
            inside += 1;
        } else {
            assert!(
                recorded == 0 || recorded == LARGE_BATCH_ROWS,
                "attempt {attempt}: {recorded} of {LARGE_BATCH_ROWS} rows"
            );
        }
        if inside == KILLS_INSIDE {
            break;
        }
    }
    assert_eq!(
        inside, KILLS_INSIDE,
        "kills that landed inside a transaction of the main file"
    );
    let check: String = watcher
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .expect("checks");
    assert_eq!(check, "ok");
}

fn count_up_to(store: &HistoryStore, ticket: &str, rows: usize) -> usize {
    store
        .search(ticket, 0, rows * 2)
        .expect("searches")
        .iter()
        .filter(|entry| entry.ticket == ticket)
        .count()
}
