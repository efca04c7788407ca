//! The binary end to end: `url` and `parse`, every exit code path of the contract.

use assert_cmd::Command;
use predicates::prelude::*;

const APP: &str = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";
const VEHICLE: &str = "36ab27d0-fd9d-4455-823a-ce30af709ffc";
const SEED_EXAMPLE: &str = include_str!("../../crates/core/tests/fixtures/seed-example.txt");

fn reauth_link() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_reauth-link"));
    // Never touch the real profile file of whoever runs the tests.
    let config = tempfile::tempdir().expect("temp dir");
    command.env("REAUTH_LINK_CONFIG_DIR", config.keep());
    command
}

fn pairs(link: &str) -> Vec<(String, String)> {
    url::Url::parse(link.trim())
        .expect("a URL")
        .query_pairs()
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
        .collect()
}

fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

#[test]
fn url_prints_one_line_with_the_documented_order() {
    let output = reauth_link()
        .args(["url", "--client-id", APP, "--vehicle-id", VEHICLE])
        .args([
            "--redirect-uri",
            "https://example.com/home",
            "--state",
            "0facda3319",
        ])
        .args(["--user", "owner-7"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    assert_eq!(stdout.lines().count(), 1);
    assert!(stdout.starts_with("https://connect.smartcar.com/oauth/reauthenticate?"));
    assert_eq!(
        pairs(&stdout),
        owned(&[
            ("response_type", "vehicle_id"),
            ("client_id", APP),
            ("vehicle_id", VEHICLE),
            ("redirect_uri", "https://example.com/home"),
            ("state", "0facda3319"),
            ("user", "owner-7"),
        ])
    );
}

#[test]
fn url_from_the_seed_example_reproduces_it() {
    let output = reauth_link()
        .args(["url", "--from", "-"])
        .write_stdin(SEED_EXAMPLE)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let compact: String = SEED_EXAMPLE
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert_eq!(
        pairs(&String::from_utf8_lossy(&output.stdout)),
        pairs(&compact)
    );
    // The example's `sc`-prefixed vehicle id earns a warning on stderr, nothing else.
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("warning: vehicle_id: "), "{stderr}");
}

#[test]
fn url_from_an_api_error_file_takes_the_rest_from_flags() {
    let dir = tempfile::tempdir().expect("temp dir");
    let body = dir.path().join("error.json");
    let link = format!(
        "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&client_id={APP}&vehicle_id={VEHICLE}"
    );
    let json = serde_json::json!({"type": "CONNECTED_SERVICES_ACCOUNT", "code": "AUTHENTICATION_FAILED",
        "resolution": {"type": "REAUTHENTICATE", "url": link}});
    std::fs::write(&body, json.to_string()).expect("write");
    let output = reauth_link()
        .args(["url", "--from"])
        .arg(&body)
        .args(["--redirect-uri", "https://example.com/cb", "--random-state"])
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let got = pairs(&String::from_utf8_lossy(&output.stdout));
    let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "response_type",
            "client_id",
            "vehicle_id",
            "redirect_uri",
            "state"
        ]
    );
    assert_eq!(got[2].1, VEHICLE);
    assert_eq!(got[4].1.len(), 22, "a generated state");
}

#[test]
fn flags_override_the_paste() {
    let output = reauth_link()
        .args([
            "url",
            "--from",
            "-",
            "--vehicle-id",
            "v_override",
            "--no-redirect-uri",
        ])
        .write_stdin(SEED_EXAMPLE)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let got = pairs(&String::from_utf8_lossy(&output.stdout));
    assert!(got.contains(&("vehicle_id".into(), "v_override".into())));
    assert!(got.iter().all(|(n, _)| n != "redirect_uri"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("warning: redirect_uri: left out"),
        "{stderr}"
    );
}

#[test]
fn url_json_gives_url_params_and_warnings() {
    let output = reauth_link()
        .args(["url", "--json", "--client-id", APP, "--vehicle-id", "v_1"])
        .args([
            "--redirect-uri",
            "https://example.com/home",
            "--state",
            "short",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let link = value["url"].as_str().expect("url");
    let params: Vec<(String, String)> =
        serde_json::from_value(value["params"].clone()).expect("params as pairs");
    assert_eq!(params, pairs(link));
    let fields: Vec<&str> = value["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .map(|w| w["field"].as_str().expect("field"))
        .collect();
    assert_eq!(fields, ["vehicle_id", "state"]);
    assert!(
        value["warnings"][1]["message"]
            .as_str()
            .expect("message")
            .contains("8")
    );
}

#[test]
fn invalid_input_exits_2_with_one_line_per_problem_and_nothing_on_stdout() {
    reauth_link()
        .args(["url", "--client-id", "client_abc", "--vehicle-id", ""])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::contains("error: client_id: this looks like an API credential id")
                .and(predicate::str::contains("error: vehicle_id: required"))
                .and(predicate::str::contains("error: redirect_uri: required")),
        );
}

#[test]
fn an_unreadable_paste_exits_2_and_says_what_was_expected() {
    reauth_link()
        .args(["url", "--from", "-"])
        .write_stdin("hello")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "error: input: not a link or JSON",
        ));
}

#[test]
fn a_missing_from_file_is_an_io_failure_exit_1() {
    reauth_link()
        .args(["url", "--from", "/nonexistent/error.json"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "error: cannot read /nonexistent/error.json",
        ));
}

#[test]
fn unknown_flags_and_conflicts_are_usage_errors_exit_2() {
    reauth_link().args(["url", "--bogus"]).assert().code(2);
    reauth_link()
        .args(["url", "--state", "x", "--random-state"])
        .assert()
        .code(2);
    reauth_link()
        .args([
            "url",
            "--redirect-uri",
            "https://a.example",
            "--no-redirect-uri",
        ])
        .assert()
        .code(2);
}

#[test]
fn parse_prints_the_contract_json() {
    let output = reauth_link()
        .args(["parse", "-"])
        .write_stdin(SEED_EXAMPLE)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(value["source"], "url");
    assert_eq!(value["fields"]["client_id"], APP);
    assert_eq!(value["fields"]["redirect_uri"], "https://example.com/home");
    assert_eq!(value["fields"]["user"], serde_json::Value::Null);
    assert_eq!(value["missing"], serde_json::json!([]));
    assert_eq!(value["error"], serde_json::Value::Null);
}

#[test]
fn parse_takes_the_text_as_argument_or_a_file() {
    let body =
        serde_json::json!({"type": "PERMISSION", "code": null, "resolution": "REAUTHENTICATE"})
            .to_string();
    let output = reauth_link().args(["parse", &body]).output().expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(value["source"], "api_error");
    assert_eq!(
        value["error"],
        serde_json::json!({"type": "PERMISSION", "code": null})
    );
    assert_eq!(
        value["missing"],
        serde_json::json!(["client_id", "vehicle_id", "redirect_uri"])
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("paste.txt");
    std::fs::write(&file, SEED_EXAMPLE).expect("write");
    reauth_link()
        .arg("parse")
        .arg(&file)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("\"source\": \"url\""));
}

#[test]
fn parse_errors_exit_2_or_1() {
    reauth_link()
        .arg("parse")
        .write_stdin("{\"eventType\": \"VEHICLE_STATE\"}")
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "error: input: webhook event `VEHICLE_STATE`",
        ));
    reauth_link()
        .arg("parse")
        .write_stdin(vec![0xffu8, 0xfe, 0x00])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not UTF-8"));
    reauth_link()
        .args(["parse", "no-such-file.txt"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(
            "error: cannot read no-such-file.txt",
        ));
}
