//! Several processes writing the history at once while some are killed (SIGKILL) at any
//! moment: every entry of a process that finished is there, a batch killed half way
//! leaves none of its rows (one transaction), and the file stays sound.

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
    let mut child = command(config)
        .args(["batch", "--client-id", APP, "--redirect-uri", REDIRECT])
        .args(["--random-state", "--ticket", ticket])
        .stdin(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut input = child.stdin.take().expect("piped");
    let ids: String = (0..BATCH_ROWS)
        .map(|row| vehicle(process, row) + "\n")
        .collect();
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
