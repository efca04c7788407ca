//! `url --ticket`, `batch --ticket`, `history`, `history forget` and `callback` end to
//! end: what is recorded, what is found, the setting that turns recording off, and every
//! exit code.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

const APP: &str = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";
const REDIRECT: &str = "https://example.com/home";
const V1: &str = "36ab27d0-fd9d-4455-823a-ce30af709ffc";
const V2: &str = "4bb5b2a3-0c36-4a6d-9b87-0a1d58ad6f10";

fn config_dir() -> PathBuf {
    tempfile::tempdir().expect("temp dir").keep()
}

fn reauth_link(config: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_reauth-link"));
    command.env("REAUTH_LINK_CONFIG_DIR", config);
    command.env_remove("REAUTH_LINK_HISTORY");
    command.env_remove("REAUTH_LINK_HISTORY_URL");
    command
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

fn run_ok(command: &mut Command) -> String {
    let output = command.output().expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    text(&output.stdout)
}

fn url_with_ticket(config: &Path, vehicle: &str, state: &str, ticket: &str) -> String {
    run_ok(reauth_link(config).args([
        "url",
        "--client-id",
        APP,
        "--redirect-uri",
        REDIRECT,
        "--vehicle-id",
        vehicle,
        "--state",
        state,
        "--user",
        "owner-7",
        "--ticket",
        ticket,
    ]))
    .trim_end()
    .to_owned()
}

fn history_json(config: &Path, args: &[&str]) -> Vec<Value> {
    let stdout = run_ok(reauth_link(config).arg("history").args(args).arg("--json"));
    let value: Value = serde_json::from_str(&stdout).expect("JSON");
    value.as_array().expect("an array").clone()
}

fn field<'v>(entry: &'v Value, name: &str) -> &'v Value {
    entry
        .get(name)
        .unwrap_or_else(|| panic!("{entry} lacks {name}"))
}

#[test]
fn url_with_a_ticket_is_recorded_with_every_field_and_found_by_each_of_them() {
    let config = config_dir();
    let link = url_with_ticket(&config, V1, "state-one", "SUP-1234");
    let entries = history_json(&config, &[]);
    assert_eq!(entries.len(), 1);
    let entry = &entries[0];
    for (name, expected) in [
        ("kind", "reauthenticate"),
        ("profile", ""),
        ("vehicle_id", V1),
        ("state", "state-one"),
        ("owner_id", "owner-7"),
        ("ticket", "SUP-1234"),
        ("via", "command_line"),
        ("link", link.as_str()),
    ] {
        assert_eq!(field(entry, name), expected, "{name}");
    }
    assert_eq!(field(entry, "outcome"), &Value::Null);
    let time = field(entry, "time").as_str().expect("text");
    assert!(time.len() == 20 && time.ends_with('Z'), "{time}");
    for query in ["sup-12", V1, "state-one", "owner-7"] {
        assert_eq!(history_json(&config, &[query]).len(), 1, "{query}");
    }
    assert_eq!(
        history_json(&config, &["state-o"]).len(),
        0,
        "a state matches whole"
    );
}

#[test]
fn url_without_a_ticket_records_nothing_and_creates_no_file() {
    let config = config_dir();
    run_ok(reauth_link(&config).args([
        "url",
        "--client-id",
        APP,
        "--vehicle-id",
        V1,
        "--no-redirect-uri",
    ]));
    assert!(!config.join("history.sqlite3").exists());
    assert_eq!(history_json(&config, &[]), Vec::<Value>::new());
}

/// A run with recording off: it succeeded, said on stderr that nothing was recorded, and
/// left no history file.
fn assert_recorded_nothing_and_said_so(output: &std::process::Output, config: &Path) {
    assert_eq!(output.status.code(), Some(0));
    assert!(
        text(&output.stderr)
            .lines()
            .any(|line| line.starts_with("warning: ticket: recording is off")),
        "{}",
        text(&output.stderr)
    );
    assert!(!config.join("history.sqlite3").exists());
}

#[test]
fn recording_off_in_the_settings_file_or_the_environment_records_nothing_and_says_so() {
    let config = config_dir();
    std::fs::write(config.join("settings.toml"), "[history]\nrecord = false\n").expect("writes");
    let output = reauth_link(&config)
        .args([
            "url",
            "--client-id",
            APP,
            "--vehicle-id",
            V1,
            "--no-redirect-uri",
        ])
        .args(["--ticket", "T-off"])
        .output()
        .expect("runs");
    assert_recorded_nothing_and_said_so(&output, &config);

    let config = config_dir();
    let output = reauth_link(&config)
        .env("REAUTH_LINK_HISTORY", "off")
        .args(["batch", "--client-id", APP, "--redirect-uri", REDIRECT])
        .args(["--ticket", "T-off"])
        .write_stdin(format!("{V1}\n"))
        .output()
        .expect("runs");
    assert_recorded_nothing_and_said_so(&output, &config);
}

#[test]
fn batch_with_a_ticket_records_every_good_row_in_order_and_no_bad_one() {
    let config = config_dir();
    let output = reauth_link(&config)
        .args(["batch", "--client-id", APP, "--redirect-uri", REDIRECT])
        .args(["--random-state", "--ticket", "MIGRATION-9"])
        .write_stdin(format!("{V1}\nnot a vehicle\n{V2}\n"))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2), "one row is bad");
    let rows: Vec<String> = text(&output.stdout)
        .lines()
        .skip(1)
        .map(str::to_owned)
        .collect();
    let entries = history_json(&config, &["MIGRATION"]);
    let vehicles: Vec<&Value> = entries.iter().map(|e| field(e, "vehicle_id")).collect();
    assert_eq!(vehicles, [V2, V1], "newest first, good rows only");
    for entry in &entries {
        assert_eq!(field(entry, "via"), "batch_command_line");
        let link = field(entry, "link").as_str().expect("text");
        let state = field(entry, "state").as_str().expect("text");
        assert_eq!(state.len(), 22);
        assert!(
            rows.iter()
                .any(|row| row.contains(link) && row.contains(state))
        );
    }
}

#[test]
fn history_limit_and_the_plain_table() {
    let config = config_dir();
    for n in 0..3 {
        url_with_ticket(&config, V1, &format!("s{n}"), &format!("T-{n}"));
    }
    let entries = history_json(&config, &["--limit", "2"]);
    let tickets: Vec<&Value> = entries.iter().map(|e| field(e, "ticket")).collect();
    assert_eq!(tickets, ["T-2", "T-1"]);
    let table = run_ok(reauth_link(&config).args(["history", "T-0"]));
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(
        lines[0],
        "time\tkind\tprofile\tvehicle_id\tstate\towner_id\tticket\tvia\tlink\toutcome\tagent"
    );
    assert_eq!(lines.len(), 2);
    assert!(lines[1].contains("\tT-0\tcommand_line\t"), "{}", lines[1]);
    let output = reauth_link(&config)
        .args(["history", "--limit", "0"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn forget_before_a_date_removes_older_entries_and_a_bad_date_is_exit_2() {
    let config = config_dir();
    url_with_ticket(&config, V1, "s", "T-now");
    let stdout = run_ok(reauth_link(&config).args(["history", "forget", "--before", "2000-01-01"]));
    assert_eq!(
        stdout,
        "forgot 0 entries recorded before 2000-01-01T00:00:00Z\n"
    );
    let stdout = run_ok(reauth_link(&config).args(["history", "forget", "--before", "2999-12-31"]));
    assert_eq!(
        stdout,
        "forgot 1 entry recorded before 2999-12-31T00:00:00Z\n"
    );
    assert_eq!(history_json(&config, &[]), Vec::<Value>::new());
    let output = reauth_link(&config)
        .args(["history", "forget", "--before", "last week"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).starts_with("error: before: `last week` is not a date"));
}

#[test]
fn a_damaged_history_is_exit_1_naming_the_file_and_is_left_alone() {
    let config = config_dir();
    let path = config.join("history.sqlite3");
    let bytes = b"definitely not sqlite ".repeat(100);
    std::fs::write(&path, &bytes).expect("writes");
    let output = reauth_link(&config).arg("history").output().expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.starts_with("error: history: "), "{stderr}");
    assert!(stderr.contains(&path.display().to_string()), "{stderr}");
    assert_eq!(std::fs::read(&path).expect("kept"), bytes);
}

#[test]
fn callback_json_reads_the_error_its_extra_fields_and_sets_the_matching_outcome() {
    let config = config_dir();
    url_with_ticket(&config, V1, "shared-state", "SUP-1");
    url_with_ticket(&config, V2, "other-state", "SUP-2");
    let stdout = run_ok(reauth_link(&config).args([
        "callback",
        "https://example.com/home?error=vehicle_incompatible&error_description=Not+compatible&vin=5YJ3E1EA7KF317000&make=TESLA&model=Model+3&year=2019&state=shared-state",
        "--json",
    ]));
    let value: Value = serde_json::from_str(&stdout).expect("JSON");
    for (name, expected) in [
        ("outcome", "error"),
        ("error", "vehicle_incompatible"),
        ("description", "Not compatible"),
        ("state", "shared-state"),
        ("vin", "5YJ3E1EA7KF317000"),
        ("make", "TESLA"),
        ("model", "Model 3"),
        ("year", "2019"),
    ] {
        assert_eq!(field(&value, name), expected, "{name}");
    }
    assert_eq!(field(&value, "status_code"), &Value::Null);
    let matches = field(&value, "matches").as_array().expect("array");
    assert_eq!(matches.len(), 1);
    assert_eq!(field(&matches[0], "ticket"), "SUP-1");
    assert_eq!(field(&matches[0], "outcome"), "vehicle_incompatible");
    let entries = history_json(&config, &["SUP-2"]);
    assert_eq!(
        field(&entries[0], "outcome"),
        &Value::Null,
        "another state is untouched"
    );
}

#[test]
fn callback_in_plain_words_for_a_success_with_the_bare_query() {
    let config = config_dir();
    url_with_ticket(&config, V1, "s-ok", "SUP-9");
    let stdout =
        run_ok(reauth_link(&config).args(["callback", &format!("vehicle_id={V1}&state=s-ok")]));
    assert!(
        stdout.starts_with(&format!("The owner re-connected vehicle {V1}")),
        "{stdout}"
    );
    assert!(stdout.contains("Next: Nothing more"), "{stdout}");
    assert!(stdout.contains("for ticket SUP-9"), "{stdout}");
    assert!(stdout.contains("outcome now success"), "{stdout}");
    let entries = history_json(&config, &["SUP-9"]);
    assert_eq!(field(&entries[0], "outcome"), "success");
}

#[test]
fn callback_with_no_history_finds_nothing_and_creates_no_file() {
    let config = config_dir();
    let stdout = run_ok(reauth_link(&config).args(["callback", "code=abc&state=s", "--json"]));
    let value: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(field(&value, "outcome"), "success");
    assert_eq!(field(&value, "code"), "abc");
    assert_eq!(field(&value, "matches"), &Value::Array(Vec::new()));
    assert!(!config.join("history.sqlite3").exists());
}

#[test]
fn callback_of_something_that_is_not_a_return_is_exit_2_with_a_clear_message() {
    let config = config_dir();
    for (input, start) in [
        (
            "hello there",
            "error: url: this is neither a URL nor a query string",
        ),
        (
            "https://example.com/?page=2",
            "error: url: this address has none of Connect's return parameters",
        ),
    ] {
        let output = reauth_link(&config)
            .args(["callback", input])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(2), "{input}");
        assert!(
            text(&output.stderr).starts_with(start),
            "{}",
            text(&output.stderr)
        );
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn each_entry_names_its_agent_from_the_settings_else_the_user_name() {
    let config = config_dir();
    run_ok(
        reauth_link(&config)
            .env("USER", "kim.l")
            .args(["url", "--client-id", APP, "--redirect-uri", REDIRECT])
            .args(["--vehicle-id", V1, "--ticket", "AG-1"]),
    );
    std::fs::write(config.join("settings.toml"), "agent = \"Kim Lee\"\n").expect("writes");
    run_ok(
        reauth_link(&config)
            .env("USER", "kim.l")
            .args(["url", "--client-id", APP, "--redirect-uri", REDIRECT])
            .args(["--vehicle-id", V2, "--ticket", "AG-2"]),
    );
    let entries = history_json(&config, &["AG-"]);
    let agents: Vec<&Value> = entries.iter().map(|e| field(e, "agent")).collect();
    assert_eq!(agents, ["Kim Lee", "kim.l"]);
    let table = run_ok(reauth_link(&config).args(["history", "AG-2"]));
    assert!(
        table
            .lines()
            .nth(1)
            .is_some_and(|line| line.ends_with("\tKim Lee")),
        "{table}"
    );
}
