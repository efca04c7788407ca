//! The shared history from the command line: with `REAUTH_LINK_HISTORY_URL` (or
//! `history_url` in settings.toml) the links go to the desk's PostgreSQL database, every
//! workstation sees them, no file is made in the config folder, and a refused connection
//! says so without showing the password.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

use crate::postgres_support::TestDatabase;

const APP: &str = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";
const VEHICLE: &str = "36ab27d0-fd9d-4455-823a-ce30af709ffc";

fn reauth_link(config: &Path, url: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_reauth-link"));
    command
        .env("REAUTH_LINK_CONFIG_DIR", config)
        .env_remove("REAUTH_LINK_HISTORY")
        .env("USER", "kim.l")
        .env("REAUTH_LINK_HISTORY_URL", url);
    command
}

fn url_with_ticket(config: &Path, url: &str, ticket: &str) -> std::process::Output {
    reauth_link(config, url)
        .args([
            "url",
            "--client-id",
            APP,
            "--redirect-uri",
            "https://example.com/home",
        ])
        .args([
            "--vehicle-id",
            VEHICLE,
            "--state",
            "shared-state-1",
            "--ticket",
            ticket,
        ])
        .output()
        .expect("runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_link_recorded_on_one_workstation_is_seen_on_another() {
    let database = TestDatabase::create();
    let first = tempfile::tempdir().expect("temp dir");
    let second = tempfile::tempdir().expect("temp dir");
    let sent = url_with_ticket(first.path(), &database.url, "SUP-88");
    assert_eq!(sent.status.code(), Some(0), "{}", text(&sent.stderr));
    assert!(!first.path().join("history.sqlite3").exists());

    let listed = reauth_link(second.path(), &database.url)
        .args(["history", "sup-8", "--json"])
        .output()
        .expect("runs");
    assert_eq!(listed.status.code(), Some(0), "{}", text(&listed.stderr));
    let entries: Value = serde_json::from_slice(&listed.stdout).expect("JSON");
    let entries = entries.as_array().expect("an array");
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["ticket"], "SUP-88");
    assert_eq!(entries[0]["vehicle_id"], VEHICLE);
    assert_eq!(
        entries[0]["agent"], "kim.l",
        "who sent it, seen by the other desk"
    );

    let again = url_with_ticket(second.path(), &database.url, "SUP-99");
    assert_eq!(again.status.code(), Some(0), "{}", text(&again.stderr));
    assert!(
        text(&again.stderr).contains(
            "warning: vehicle_id: Sent less than a minute ago by kim.l for ticket SUP-88 (state shared-state-1); no return read yet"
        ),
        "{}",
        text(&again.stderr)
    );

    let returned = reauth_link(second.path(), &database.url)
        .args([
            "callback",
            "https://example.com/home?code=c0de&state=shared-state-1",
        ])
        .output()
        .expect("runs");
    assert_eq!(
        returned.status.code(),
        Some(0),
        "{}",
        text(&returned.stderr)
    );
    let outcome: i64 = database
        .connect()
        .query_one(
            "SELECT count(*) FROM entries WHERE outcome = 'success'",
            &[],
        )
        .expect("reads")
        .get(0);
    assert_eq!(outcome, 2, "both links carried the state");
}

#[test]
fn the_settings_file_names_the_shared_history_too() {
    let database = TestDatabase::create();
    let config = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        config.path().join("settings.toml"),
        format!("history_url = \"{}\"\nagent = \"Kim\"\n", database.url),
    )
    .expect("writes");
    let sent = url_with_ticket(config.path(), "", "SUP-89");
    assert_eq!(sent.status.code(), Some(0), "{}", text(&sent.stderr));
    let count: i64 = database
        .connect()
        .query_one(
            "SELECT count(*) FROM entries WHERE ticket = 'SUP-89' AND agent = 'Kim'",
            &[],
        )
        .expect("reads")
        .get(0);
    assert_eq!(count, 1);
}

#[test]
fn a_refused_connection_never_shows_the_password() {
    let database = TestDatabase::create();
    let mut wrong = url::Url::parse(&database.url).expect("parses");
    wrong.set_password(Some("Wrong-Pass-77")).expect("sets");
    let config = tempfile::tempdir().expect("temp dir");
    // Recording: the link leaves, kept in the outbox, with the reason on stderr.
    let sent = url_with_ticket(config.path(), wrong.as_str(), "SUP-90");
    assert_eq!(sent.status.code(), Some(0));
    let stderr = text(&sent.stderr);
    let stdout = text(&sent.stdout);
    assert!(
        !stderr.contains("Wrong-Pass-77") && !stdout.contains("Wrong-Pass-77"),
        "{stderr}"
    );
    assert!(
        stderr.contains(":***@") && stderr.contains("password"),
        "{stderr}"
    );
    // Reading needs the server: exit 1.
    let listed = reauth_link(config.path(), wrong.as_str())
        .arg("history")
        .output()
        .expect("runs");
    assert_eq!(listed.status.code(), Some(1));
    let stderr = text(&listed.stderr);
    assert!(
        stderr.contains(":***@") && !stderr.contains("Wrong-Pass-77"),
        "{stderr}"
    );

    let not_a_url = url_with_ticket(config.path(), "mysql://kim:Wrong-Pass-77@db/h", "SUP-91");
    assert_eq!(not_a_url.status.code(), Some(1));
    let stderr = text(&not_a_url.stderr);
    assert!(
        stderr.contains("REAUTH_LINK_HISTORY_URL") && !stderr.contains("Wrong-Pass-77"),
        "{stderr}"
    );
}

#[test]
fn history_push_copies_the_workstation_s_file_once_however_often_it_runs() {
    let database = TestDatabase::create();
    let config = tempfile::tempdir().expect("temp dir");
    for ticket in ["LOCAL-1", "LOCAL-2"] {
        let sent = url_with_ticket(config.path(), "", ticket);
        assert_eq!(sent.status.code(), Some(0), "{}", text(&sent.stderr));
    }
    assert!(config.path().join("history.sqlite3").exists());
    let push = || {
        let output = reauth_link(config.path(), &database.url)
            .args(["history", "push"])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        text(&output.stdout)
    };
    let first = push();
    assert!(
        first.contains("pushed 2 entries") && first.contains("2 new, 0 already there"),
        "{first}"
    );
    let parsed = url::Url::parse(&database.url).expect("parses");
    let password = parsed
        .password()
        .expect("the test server's URL has a password");
    assert!(
        !first.contains(password) && first.contains(":***@"),
        "{first}"
    );
    let again = push();
    assert!(again.contains("0 new, 2 already there"), "{again}");
    let shared: i64 = database
        .connect()
        .query_one(
            "SELECT count(*) FROM entries WHERE ticket LIKE 'LOCAL-%' AND agent = 'kim.l'",
            &[],
        )
        .expect("reads")
        .get(0);
    assert_eq!(shared, 2);

    let without_server = reauth_link(config.path(), "")
        .args(["history", "push"])
        .output()
        .expect("runs");
    assert_eq!(without_server.status.code(), Some(2));
}

#[test]
fn a_link_leaves_while_the_server_is_away_and_is_recorded_once_it_is_back() {
    let away = "postgres://kim:Away-Pass-1@127.0.0.1:1/reauth_link";
    let config = tempfile::tempdir().expect("temp dir");
    let sent = url_with_ticket(config.path(), away, "AWAY-1");
    assert_eq!(sent.status.code(), Some(0), "{}", text(&sent.stderr));
    assert!(text(&sent.stdout).starts_with("https://"), "the link left");
    let warning = text(&sent.stderr);
    assert!(
        warning.contains("history-outbox.sqlite3") && warning.contains(":***@127.0.0.1:1"),
        "{warning}"
    );
    assert!(!warning.contains("Away-Pass-1"), "{warning}");

    let database = TestDatabase::create();
    let back = url_with_ticket(config.path(), &database.url, "BACK-2");
    assert_eq!(back.status.code(), Some(0), "{}", text(&back.stderr));
    let tickets: Vec<String> = database
        .connect()
        .query("SELECT ticket FROM entries ORDER BY id", &[])
        .expect("reads")
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(tickets, ["AWAY-1", "BACK-2"], "the kept link first");
}

/// Twenty `url --ticket` processes on five workstations (config folders of their own) at
/// once against one server, every third killed at a different moment: each one that
/// finished is in the shared history exactly once, a killed one at most once, and a
/// sixth workstation's search finds them all.
#[test]
fn twenty_writers_on_five_workstations_share_one_server_and_lose_no_finished_link() {
    let database = TestDatabase::create();
    let workstations: Vec<tempfile::TempDir> = (0..5)
        .map(|_| tempfile::tempdir().expect("temp dir"))
        .collect();
    let mut writers = Vec::new();
    for writer in 0..20 {
        let config = workstations[writer % 5].path();
        let ticket = format!("DESK-{writer:02}");
        let vehicle = format!("00000000-0000-4000-8000-{writer:012x}");
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_reauth-link"))
            .env("REAUTH_LINK_CONFIG_DIR", config)
            .env_remove("REAUTH_LINK_HISTORY")
            .env("USER", format!("agent-{}", writer % 5))
            .env("REAUTH_LINK_HISTORY_URL", &database.url)
            .args([
                "url",
                "--client-id",
                APP,
                "--redirect-uri",
                "https://example.com/home",
            ])
            .args([
                "--vehicle-id",
                &vehicle,
                "--random-state",
                "--ticket",
                &ticket,
            ])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("starts");
        if writer % 3 == 0 {
            // Every third, at once (the first before it can have written) or a few
            // milliseconds on: before, during or after its write.
            std::thread::sleep(std::time::Duration::from_millis(writer as u64));
            child.kill().expect("kills a writer");
        }
        writers.push((ticket, child));
    }
    let mut finished = Vec::new();
    let mut killed = Vec::new();
    for (ticket, child) in writers {
        let output = child.wait_with_output().expect("waits");
        match output.status.code() {
            Some(0) => finished.push(ticket),
            None => killed.push(ticket),
            Some(code) => panic!("{ticket} failed with exit {code}: {}", text(&output.stderr)),
        }
    }
    assert!(!finished.is_empty(), "some writers finished");
    assert!(!killed.is_empty(), "some writers were killed");
    let sixth = tempfile::tempdir().expect("temp dir");
    let listed = reauth_link(sixth.path(), &database.url)
        .args(["history", "desk-", "--limit", "100", "--json"])
        .output()
        .expect("runs");
    assert_eq!(listed.status.code(), Some(0), "{}", text(&listed.stderr));
    let entries: Value = serde_json::from_slice(&listed.stdout).expect("JSON");
    let tickets: Vec<&str> = entries
        .as_array()
        .expect("an array")
        .iter()
        .map(|entry| entry["ticket"].as_str().expect("a ticket"))
        .collect();
    for ticket in &finished {
        let times = tickets.iter().filter(|found| *found == ticket).count();
        assert_eq!(times, 1, "{ticket} finished and is there {times} times");
    }
    for ticket in &killed {
        let times = tickets.iter().filter(|found| *found == ticket).count();
        assert!(times <= 1, "{ticket} was killed and is there {times} times");
    }
    assert_eq!(
        tickets.len(),
        finished.len()
            + tickets
                .iter()
                .filter(|t| killed.iter().any(|k| k == *t))
                .count(),
        "nothing else: {tickets:?}"
    );
}
