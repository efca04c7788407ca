//! `connections`, `disconnect` and `verify` end to end: the binary, its token and origin
//! from the environment, against a stand-in API on this machine.

use crate::management_support;

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use management_support::{FIXTURE_CURSOR, MockApi, Reply, v2_page};
use reauth_link::history::{EntryKind, HistoryStore, NewEntry, Outcome, Via, history_path};
use serde_json::Value;

const TOKEN: &str = "amt-9f8e7d6c5b4a";
const VEHICLE: &str = "bcf1b859-4bd1-41c5-80bc-b8abfe3623fc";
const USER: &str = "d2f64075-d0e1-45d4-aee0-72bd39088947";

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(config: &Path, mock: Option<&MockApi>, token: Option<&str>, args: &[&str]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_reauth-link"));
    command
        .env("REAUTH_LINK_CONFIG_DIR", config)
        .env_remove("REAUTH_LINK_MANAGEMENT_TOKEN")
        .env_remove("SMARTCAR_MANAGEMENT_API_ORIGIN")
        .env_remove("HTTPS_PROXY")
        .env_remove("https_proxy")
        .env_remove("ALL_PROXY")
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .args(args)
        .write_stdin("");
    if let Some(mock) = mock {
        command.env("SMARTCAR_MANAGEMENT_API_ORIGIN", &mock.origin);
    }
    if let Some(token) = token {
        command.env("REAUTH_LINK_MANAGEMENT_TOKEN", token);
    }
    let Output {
        status,
        stdout,
        stderr,
    } = command.output().expect("runs");
    Run {
        code: status.code(),
        stdout: String::from_utf8(stdout).expect("utf-8"),
        stderr: String::from_utf8(stderr).expect("utf-8"),
    }
}

fn assert_code(run: &Run, code: i32) {
    assert_eq!(
        run.code,
        Some(code),
        "stdout: {}\nstderr: {}",
        run.stdout,
        run.stderr
    );
}

/// No file in the config folder holds the token, in any form a reader could decode.
fn assert_token_nowhere(config: &Path, runs: &[&Run]) {
    for run in runs {
        assert!(!run.stdout.contains(TOKEN), "stdout: {}", run.stdout);
        assert!(!run.stderr.contains(TOKEN), "stderr: {}", run.stderr);
    }
    for entry in walk(config) {
        let bytes = std::fs::read(&entry).expect("reads");
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(TOKEN), "{} holds the token", entry.display());
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("lists").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn a_connected_vehicle_prints_its_user_date_and_mode() {
    let config = tempfile::tempdir().expect("dir");
    let mock = MockApi::start(|_, _| {
        Reply::json(
            200,
            &v2_page(&[(VEHICLE, USER, "2023-08-10T15:00:00.000Z")], None),
        )
    });
    let json = run(
        config.path(),
        Some(&mock),
        Some(TOKEN),
        &["connections", "--vehicle-id", VEHICLE, "--json"],
    );
    assert_code(&json, 0);
    let printed: Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(
        printed,
        serde_json::json!([{"vehicle_id": VEHICLE, "user_id": USER,
            "connected_at": "2023-08-10T15:00:00.000Z", "mode": "live"}])
    );
    let plain = run(
        config.path(),
        Some(&mock),
        Some(TOKEN),
        &["connections", "--vehicle-id", VEHICLE],
    );
    assert_code(&plain, 0);
    assert_eq!(
        plain.stdout,
        format!("{VEHICLE}\t{USER}\t2023-08-10T15:00:00.000Z\tlive\n")
    );
    let sent = mock.requests();
    assert_eq!(
        sent[0].header("Authorization").map(str::to_owned),
        Some(format!("Basic {}", base64_default(TOKEN)))
    );
    assert_token_nowhere(config.path(), &[&json, &plain]);
}

fn base64_default(token: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(format!("default:{token}"))
}

#[test]
fn a_vehicle_with_no_connection_is_not_an_error() {
    let config = tempfile::tempdir().expect("dir");
    let mock = MockApi::start(|_, _| Reply::json(200, &v2_page(&[], None)));
    let json = run(
        config.path(),
        Some(&mock),
        Some(TOKEN),
        &["connections", "--vehicle-id", VEHICLE, "--json"],
    );
    assert_code(&json, 0);
    assert_eq!(
        serde_json::from_str::<Value>(&json.stdout).expect("JSON"),
        serde_json::json!([])
    );
    let plain = run(
        config.path(),
        Some(&mock),
        Some(TOKEN),
        &["connections", "--user-id", USER],
    );
    assert_code(&plain, 0);
    assert_eq!(plain.stdout, "not connected to this app\n");
    assert_eq!(mock.requests()[1].query("user_id").as_deref(), Some(USER));
}

#[test]
fn all_follows_every_cursor() {
    let config = tempfile::tempdir().expect("dir");
    let mock = MockApi::start(|request, _| match request.query("cursor") {
        None => Reply::json(
            200,
            &v2_page(
                &[("v1", "u1", "2024-01-02T00:00:00Z")],
                Some(FIXTURE_CURSOR),
            ),
        ),
        Some(_) => Reply::json(200, &v2_page(&[("v2", "u2", "2024-01-01T00:00:00Z")], None)),
    });
    let listed = run(
        config.path(),
        Some(&mock),
        Some(TOKEN),
        &["connections", "--all", "--limit", "1", "--json"],
    );
    assert_code(&listed, 0);
    let printed: Vec<Value> = serde_json::from_str(&listed.stdout).expect("JSON");
    assert_eq!(printed.len(), 2);
    let sent = mock.requests();
    assert_eq!(sent[1].query("cursor").as_deref(), Some(FIXTURE_CURSOR));
    assert_eq!(sent[1].query("limit").as_deref(), Some("1"));
}

#[test]
fn without_a_token_nothing_is_sent_and_the_message_says_where_to_put_one() {
    let config = tempfile::tempdir().expect("dir");
    let mock = MockApi::start(|_, _| Reply::json(200, &v2_page(&[], None)));
    let listed = run(
        config.path(),
        Some(&mock),
        None,
        &["connections", "--vehicle-id", VEHICLE],
    );
    assert_code(&listed, 2);
    assert!(
        listed.stderr.starts_with("error: management token: "),
        "{}",
        listed.stderr
    );
    assert!(
        listed.stderr.contains("REAUTH_LINK_MANAGEMENT_TOKEN"),
        "{}",
        listed.stderr
    );
    assert!(
        listed.stderr.contains("profiles set-token"),
        "{}",
        listed.stderr
    );
    assert!(mock.requests().is_empty());
}

#[test]
fn a_refused_token_is_exit_1_naming_the_dashboard_and_never_the_token() {
    let config = tempfile::tempdir().expect("dir");
    let mock =
        MockApi::start(|_, _| Reply::json(401, r#"{"type":"AUTHENTICATION","statusCode":401}"#));
    let listed = run(
        config.path(),
        Some(&mock),
        Some(TOKEN),
        &["connections", "--vehicle-id", VEHICLE],
    );
    assert_code(&listed, 1);
    assert_eq!(
        listed.stderr,
        "error: management token: the management token is wrong or revoked; copy it from the dashboard's Configuration page\n"
    );
    assert_eq!(listed.stdout, "");
    assert_token_nowhere(config.path(), &[&listed]);
}

#[test]
fn a_server_failure_is_one_plain_line() {
    let config = tempfile::tempdir().expect("dir");
    let mock = MockApi::start(|_, _| Reply::json(503, "upstream unavailable"));
    let listed = run(
        config.path(),
        Some(&mock),
        Some(TOKEN),
        &["connections", "--vehicle-id", VEHICLE],
    );
    assert_code(&listed, 1);
    assert_eq!(
        listed.stderr,
        "error: management API: Smartcar's management API failed (503: upstream unavailable); try again later\n"
    );
}

#[test]
fn plain_http_to_another_machine_is_refused_before_sending() {
    let config = tempfile::tempdir().expect("dir");
    let mut command = Command::new(env!("CARGO_BIN_EXE_reauth-link"));
    let output = command
        .env("REAUTH_LINK_CONFIG_DIR", config.path())
        .env("REAUTH_LINK_MANAGEMENT_TOKEN", TOKEN)
        .env(
            "SMARTCAR_MANAGEMENT_API_ORIGIN",
            "http://management.example.com",
        )
        .args(["connections", "--vehicle-id", VEHICLE])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("error: SMARTCAR_MANAGEMENT_API_ORIGIN: "),
        "{stderr}"
    );
    assert!(stderr.contains("use https"), "{stderr}");
}

#[test]
fn disconnect_without_yes_and_without_a_terminal_sends_nothing() {
    let config = tempfile::tempdir().expect("dir");
    let mock = MockApi::start(|_, _| Reply::json(200, r#"{"connections":[]}"#));
    let refused = run(
        config.path(),
        Some(&mock),
        Some(TOKEN),
        &["disconnect", "--vehicle-id", VEHICLE],
    );
    assert_code(&refused, 2);
    assert!(
        refused.stderr.starts_with("error: yes: "),
        "{}",
        refused.stderr
    );
    assert!(mock.requests().is_empty());
}

#[test]
fn disconnect_needs_exactly_one_filter_and_sends_nothing_without() {
    let config = tempfile::tempdir().expect("dir");
    let mock = MockApi::start(|_, _| Reply::json(200, r#"{"connections":[]}"#));
    for args in [
        vec!["disconnect", "--yes"],
        vec![
            "disconnect",
            "--yes",
            "--vehicle-id",
            VEHICLE,
            "--user-id",
            USER,
        ],
        vec!["disconnect", "--yes", "--vehicle-id", " "],
    ] {
        let refused = run(config.path(), Some(&mock), Some(TOKEN), &args);
        assert_code(&refused, 2);
    }
    assert!(mock.requests().is_empty());
}

#[test]
fn disconnect_lists_first_removes_and_records_the_ticket() {
    let config = tempfile::tempdir().expect("dir");
    let mock = MockApi::start(|request, _| match request.method.as_str() {
        "GET" => Reply::json(
            200,
            &v2_page(&[(VEHICLE, USER, "2023-08-10T15:00:00.000Z")], None),
        ),
        _ => Reply::json(
            200,
            &format!(r#"[{{"vehicleId":"{VEHICLE}","userId":"{USER}"}}]"#),
        ),
    });
    let removed = run(
        config.path(),
        Some(&mock),
        Some(TOKEN),
        &[
            "disconnect",
            "--vehicle-id",
            VEHICLE,
            "--yes",
            "--ticket",
            "T-77",
        ],
    );
    assert_code(&removed, 0);
    assert_eq!(
        removed.stdout,
        format!(
            "to remove:\n{VEHICLE}\t{USER}\t2023-08-10T15:00:00.000Z\tlive\nremoved 1 connection\n"
        )
    );
    let methods: Vec<_> = mock.requests().iter().map(|r| r.method.clone()).collect();
    assert_eq!(methods, ["GET", "DELETE"]);
    assert_eq!(
        mock.requests()[1].query("vehicle_id").as_deref(),
        Some(VEHICLE)
    );
    let history = HistoryStore::open(&history_path(config.path())).expect("history");
    let entries = history.search("T-77", 0, 10).expect("search");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].kind.as_str(), "disconnect");
    assert_eq!(entries[0].vehicle_id, VEHICLE);
    assert_eq!(entries[0].owner_id, USER);
    assert_eq!(entries[0].via.as_str(), "disconnected");
    assert_token_nowhere(config.path(), &[&removed]);
}

#[test]
fn disconnect_of_a_vehicle_already_gone_is_not_an_error() {
    let config = tempfile::tempdir().expect("dir");
    let mock = MockApi::start(|request, _| match request.method.as_str() {
        "GET" => Reply::json(200, &v2_page(&[], None)),
        _ => Reply::json(200, r#"{"connections":[]}"#),
    });
    let removed = run(
        config.path(),
        Some(&mock),
        Some(TOKEN),
        &["disconnect", "--user-id", USER, "--yes"],
    );
    assert_code(&removed, 0);
    assert_eq!(
        removed.stdout,
        "to remove:\nnot connected to this app; nothing removed\n"
    );
}

fn waiting_link(history: &mut HistoryStore, vehicle: &str, ticket: &str, time_ms: i64) {
    history
        .record(&NewEntry {
            time_ms,
            kind: EntryKind::REAUTHENTICATE,
            profile: String::new(),
            vehicle_id: vehicle.into(),
            state: format!("state-{vehicle}"),
            owner_id: String::new(),
            ticket: ticket.into(),
            via: Via::Copied,
            link: format!("https://connect.smartcar.com/oauth/reauthenticate?vehicle_id={vehicle}"),
            agent: "kim".to_owned(),
        })
        .expect("records");
}

#[test]
fn verify_marks_the_vehicles_that_came_back_and_counts_the_rest() {
    let config = tempfile::tempdir().expect("dir");
    let sent = 1_700_000_000_000; // 2023-11-14
    {
        let mut history = HistoryStore::open(&history_path(config.path())).expect("history");
        waiting_link(&mut history, "back", "T-1", sent);
        waiting_link(&mut history, "old", "T-1", sent);
        waiting_link(&mut history, "gone", "T-1", sent);
        waiting_link(&mut history, "other-ticket", "T-2", sent);
        history
            .set_outcome("state-old", &Outcome::failed("access_denied"))
            .expect("callback");
    }
    let mock = MockApi::start(|request, _| match request.query("vehicle_id").as_deref() {
        Some("back") => Reply::json(
            200,
            &v2_page(&[("back", USER, "2024-06-01T00:00:00.000Z")], None),
        ),
        Some("old") => Reply::json(
            200,
            &v2_page(&[("old", USER, "2020-06-01T00:00:00Z")], None),
        ),
        _ => Reply::json(200, &v2_page(&[], None)),
    });
    let verified = run(
        config.path(),
        Some(&mock),
        Some(TOKEN),
        &["verify", "--ticket", "T-1", "--json"],
    );
    assert_code(&verified, 0);
    let counts: Value = serde_json::from_str(&verified.stdout).expect("JSON");
    assert_eq!(
        counts,
        serde_json::json!({"verified": 1, "still_waiting": 1, "not_connected": 1, "requests": 3})
    );
    let history = HistoryStore::open(&history_path(config.path())).expect("history");
    // As stored: the text earlier versions wrote and the export shows.
    let outcome = |state: &str| {
        history.with_state(state).expect("entry")[0]
            .outcome
            .as_ref()
            .map(Outcome::to_string)
    };
    assert_eq!(
        outcome("state-back").as_deref(),
        Some("reconnected (verified)")
    );
    assert_eq!(outcome("state-old").as_deref(), Some("access_denied"));
    assert_eq!(outcome("state-other-ticket"), None);

    // A verified link no longer waits: the second run asks about the other two only.
    let again = run(
        config.path(),
        Some(&mock),
        Some(TOKEN),
        &["verify", "--ticket", "T-1"],
    );
    assert_code(&again, 0);
    assert_eq!(
        again.stdout,
        "verified: 0\nstill waiting: 1\nnot connected: 1\n"
    );
    assert_token_nowhere(config.path(), &[&verified, &again]);
}

#[test]
fn verify_since_takes_only_the_newer_links_and_a_bad_date_is_exit_2() {
    let config = tempfile::tempdir().expect("dir");
    {
        let mut history = HistoryStore::open(&history_path(config.path())).expect("history");
        waiting_link(&mut history, "early", "", 1_600_000_000_000);
        waiting_link(&mut history, "late", "", 1_700_000_000_000);
    }
    let mock = MockApi::start(|_, _| {
        Reply::json(
            200,
            &v2_page(&[("late", USER, "2024-01-01T00:00:00Z")], None),
        )
    });
    let verified = run(
        config.path(),
        Some(&mock),
        Some(TOKEN),
        &["verify", "--since", "2023-01-01"],
    );
    assert_code(&verified, 0);
    assert_eq!(
        verified.stdout,
        "verified: 1\nstill waiting: 0\nnot connected: 0\n"
    );
    assert_eq!(mock.requests().len(), 1);
    let bad = run(
        config.path(),
        Some(&mock),
        Some(TOKEN),
        &["verify", "--since", "last week"],
    );
    assert_code(&bad, 2);
    assert!(bad.stderr.starts_with("error: since: "), "{}", bad.stderr);
    assert_eq!(mock.requests().len(), 1);
}

#[test]
fn help_shows_no_token() {
    let config = tempfile::tempdir().expect("dir");
    for command in ["connections", "disconnect", "verify"] {
        let help = run(config.path(), None, Some(TOKEN), &[command, "--help"]);
        assert_code(&help, 0);
        assert!(!help.stdout.contains(TOKEN));
    }
}

#[test]
fn an_id_copied_with_hidden_characters_is_looked_up_clean_with_a_warning() {
    let config = tempfile::tempdir().expect("dir");
    let mock = MockApi::start(|_, _| {
        Reply::json(
            200,
            &v2_page(&[(VEHICLE, USER, "2023-08-10T15:00:00.000Z")], None),
        )
    });
    let copied = format!("{{\u{200B}{}}}", VEHICLE.to_uppercase());
    let run = run(
        config.path(),
        Some(&mock),
        Some(TOKEN),
        &["connections", "--vehicle-id", &copied, "--json"],
    );
    assert_code(&run, 0);
    let requests = mock.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].query("vehicle_id").as_deref(), Some(VEHICLE));
    assert!(
        run.stderr.starts_with("warning: vehicle_id: ") && run.stderr.contains("U+200B"),
        "stderr: {}",
        run.stderr
    );
}

#[test]
fn an_id_with_hidden_characters_that_is_no_uuid_is_exit_2_and_nothing_is_sent() {
    let config = tempfile::tempdir().expect("dir");
    let mock = MockApi::start(|_, _| Reply::json(200, &v2_page(&[], None)));
    let runs: [&[&str]; 2] = [
        &["connections", "--user-id", "abc\u{200B}def"],
        &["disconnect", "--vehicle-id", "abc\u{200B}def", "--yes"],
    ];
    for args in runs {
        let run = run(config.path(), Some(&mock), Some(TOKEN), args);
        assert_code(&run, 2);
        assert!(run.stderr.contains("U+200B"), "stderr: {}", run.stderr);
    }
    assert!(mock.requests().is_empty(), "nothing sent");
}
