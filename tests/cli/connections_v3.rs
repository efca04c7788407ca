//! `connections` and `disconnect` for a profile with API credentials, end to end: the
//! binary signs in at the IAM with the client-credentials grant and asks the v3
//! connections endpoint; a profile without them still asks v2. The client secret comes
//! from the environment here (the binary has no in-memory store) and shows nowhere.

use crate::management_support;

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use management_support::{MockApi, Reply, V3_TOKEN_ANSWER, v2_page, v3_page};
use reauth_link::history::{EntryKind, HistoryStore, NewEntry, Via, history_path};

const SECRET: &str = "csec-Zq81xW-4d7e";
const TOKEN: &str = "amt-9f8e7d6c5b4a";
const API_CLIENT_ID: &str = "client_5f1e0c7a9b";
const VEHICLE: &str = "bcf1b859-4bd1-41c5-80bc-b8abfe3623fc";
const USER: &str = "d2f64075-d0e1-45d4-aee0-72bd39088947";
const CREATED: &str = "2024-01-01T00:00:00Z";

/// `V3 Fleet` has API credentials; `V2 Fleet` has none.
const PROFILES: &str = r#"version = 1

[[profile]]
name = "V3 Fleet"
client_id = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07"
contract = "classic"
redirect_uris = ["https://acme.example/cb"]
api_client_id = "client_5f1e0c7a9b"

[[profile]]
name = "V2 Fleet"
client_id = "0b2c1f5e-2d1a-4c59-9c1e-6f3a3b8d9e10"
contract = "classic"
redirect_uris = []
"#;

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Every origin points at the stand-in, and both secrets are in the environment, so the
/// profile alone decides which version is asked.
fn run(config: &Path, mock: &MockApi, args: &[&str]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_reauth-link"));
    command
        .env("REAUTH_LINK_CONFIG_DIR", config)
        .env("REAUTH_LINK_MANAGEMENT_TOKEN", TOKEN)
        .env("REAUTH_LINK_CLIENT_SECRET", SECRET)
        .env("SMARTCAR_MANAGEMENT_API_ORIGIN", &mock.origin)
        .env("SMARTCAR_IAM_ORIGIN", &mock.origin)
        .env("SMARTCAR_API_ORIGIN", &mock.origin)
        .env_remove("HTTPS_PROXY")
        .env_remove("https_proxy")
        .env_remove("ALL_PROXY")
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .args(args)
        .write_stdin("");
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

fn config_with_profiles() -> tempfile::TempDir {
    let config = tempfile::tempdir().expect("dir");
    std::fs::write(config.path().join("profiles.toml"), PROFILES).expect("writes");
    config
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

/// The secret in no output and no file of the config folder (history included).
fn assert_secret_nowhere(config: &Path, runs: &[&Run]) {
    for run in runs {
        assert!(!run.stdout.contains(SECRET), "stdout: {}", run.stdout);
        assert!(!run.stderr.contains(SECRET), "stderr: {}", run.stderr);
    }
    let mut folders = vec![config.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("lists").flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let bytes = std::fs::read(&path).expect("reads");
            assert!(
                !String::from_utf8_lossy(&bytes).contains(SECRET),
                "{} holds the secret",
                path.display()
            );
        }
    }
}

/// Answers as the IAM and the v3 endpoint do: a bearer for the POST, the vehicle's one
/// connection for a GET, 204 for a DELETE.
fn v3_mock() -> MockApi {
    MockApi::start(|request, _| match request.method.as_str() {
        "POST" => Reply::json(200, V3_TOKEN_ANSWER),
        "GET" => Reply::json(200, &v3_page(&[("conn-1", VEHICLE, USER, CREATED)])),
        _ => Reply::json(204, ""),
    })
}

#[test]
fn a_profile_with_api_credentials_signs_in_then_asks_v3_for_the_vehicle() {
    let config = config_with_profiles();
    let mock = v3_mock();
    let listed = run(
        config.path(),
        &mock,
        &[
            "connections",
            "--profile",
            "V3 Fleet",
            "--vehicle-id",
            VEHICLE,
        ],
    );
    assert_code(&listed, 0);
    assert_eq!(
        listed.stdout,
        format!("{VEHICLE}\t{USER}\t{CREATED}\tlive\n")
    );
    let sent = mock.requests();
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert_eq!(
        (sent[0].method.as_str(), sent[0].path()),
        ("POST", "/oauth2/token")
    );
    assert_eq!(
        sent[0].header("Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        sent[0].body,
        format!("grant_type=client_credentials&client_id={API_CLIENT_ID}&client_secret={SECRET}")
    );
    assert_eq!(
        (sent[1].method.as_str(), sent[1].path()),
        ("GET", "/v3/connections")
    );
    assert_eq!(
        sent[1].header("Authorization"),
        Some("Bearer bearer-7a6b5c")
    );
    assert_eq!(sent[1].query("filter[vehicleId]").as_deref(), Some(VEHICLE));
    assert!(
        sent.iter()
            .all(|r| r.header("Authorization") != Some(SECRET))
    );
    assert_secret_nowhere(config.path(), &[&listed]);
}

#[test]
fn disconnect_through_v3_removes_the_listed_connection_by_id_and_records_it() {
    let config = config_with_profiles();
    let mock = v3_mock();
    let removed = run(
        config.path(),
        &mock,
        &[
            "disconnect",
            "--profile",
            "V3 Fleet",
            "--vehicle-id",
            VEHICLE,
            "--yes",
            "--ticket",
            "T-v3",
        ],
    );
    assert_code(&removed, 0);
    assert_eq!(
        removed.stdout,
        format!("to remove:\n{VEHICLE}\t{USER}\t{CREATED}\tlive\nremoved 1 connection\n")
    );
    let deletes: Vec<_> = mock
        .requests()
        .iter()
        .filter(|r| r.method == "DELETE")
        .map(|r| {
            (
                r.path().to_owned(),
                r.header("Authorization").map(str::to_owned),
            )
        })
        .collect();
    assert_eq!(
        deletes,
        [(
            "/v3/connections/conn-1".to_owned(),
            Some("Bearer bearer-7a6b5c".to_owned())
        )]
    );
    let posts = mock
        .requests()
        .iter()
        .filter(|r| r.method == "POST")
        .count();
    assert_eq!(posts, 1, "one bearer serves the listing and the removal");
    let history = HistoryStore::open(&history_path(config.path())).expect("history");
    let entries = history.search("T-v3", 0, 10).expect("search");
    assert_eq!(entries.len(), 1);
    assert_eq!(
        (entries[0].vehicle_id.as_str(), entries[0].owner_id.as_str()),
        (VEHICLE, USER)
    );
    assert_secret_nowhere(config.path(), &[&removed]);
}

#[test]
fn a_profile_without_api_credentials_still_asks_v2() {
    let config = config_with_profiles();
    let mock = MockApi::start(|_, _| Reply::json(200, &v2_page(&[], None)));
    let listed = run(
        config.path(),
        &mock,
        &[
            "connections",
            "--profile",
            "V2 Fleet",
            "--vehicle-id",
            VEHICLE,
        ],
    );
    assert_code(&listed, 0);
    assert_eq!(listed.stdout, "not connected to this app\n");
    let sent = mock.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].path(), "/v2.0/management/connections");
    assert_eq!(sent[0].query("vehicle_id").as_deref(), Some(VEHICLE));
    assert!(
        sent[0]
            .header("Authorization")
            .is_some_and(|value| value.starts_with("Basic "))
    );
    assert_secret_nowhere(config.path(), &[&listed]);
}

#[test]
fn refused_api_credentials_are_exit_1_naming_the_dashboard_and_never_the_secret() {
    let config = config_with_profiles();
    let mock = MockApi::start(|_, _| Reply::json(401, r#"{"error":"invalid_client"}"#));
    let refused = run(
        config.path(),
        &mock,
        &[
            "connections",
            "--profile",
            "V3 Fleet",
            "--vehicle-id",
            VEHICLE,
        ],
    );
    assert_code(&refused, 1);
    assert_eq!(
        refused.stderr,
        "error: client secret: Smartcar refused the v3 client id or secret; copy them from the dashboard's API credentials page\n"
    );
    assert_eq!(
        mock.requests().len(),
        1,
        "nothing after the refused sign-in"
    );
    assert_secret_nowhere(config.path(), &[&refused]);
}

#[test]
fn a_bearer_refused_by_the_v3_endpoint_names_the_client_secret_not_a_management_token() {
    let config = config_with_profiles();
    let mock = MockApi::start(|request, _| match request.method.as_str() {
        "POST" => Reply::json(200, V3_TOKEN_ANSWER),
        _ => Reply::json(
            401,
            r#"{"errors":[{"status":"401","type":"UNAUTHORIZED","code":null,"title":"Unauthorized","detail":"invalid token"}]}"#,
        ),
    });
    let refused = run(
        config.path(),
        &mock,
        &[
            "connections",
            "--profile",
            "V3 Fleet",
            "--vehicle-id",
            VEHICLE,
        ],
    );
    assert_code(&refused, 1);
    assert_eq!(
        refused.stderr,
        "error: client secret: Smartcar refused the v3 client id or secret; copy them from the dashboard's API credentials page\n"
    );
    assert!(!refused.stderr.contains("management token"));
    assert_secret_nowhere(config.path(), &[&refused]);
}

#[test]
fn a_v3_origin_in_plain_http_to_another_machine_is_refused_before_sending() {
    let config = config_with_profiles();
    let mock = v3_mock();
    let mut command = Command::new(env!("CARGO_BIN_EXE_reauth-link"));
    let output = command
        .env("REAUTH_LINK_CONFIG_DIR", config.path())
        .env("REAUTH_LINK_CLIENT_SECRET", SECRET)
        .env("SMARTCAR_IAM_ORIGIN", "http://iam.example.com")
        .env("SMARTCAR_API_ORIGIN", &mock.origin)
        .args([
            "connections",
            "--profile",
            "V3 Fleet",
            "--vehicle-id",
            VEHICLE,
        ])
        .write_stdin("")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    assert!(
        stderr.starts_with("error: SMARTCAR_IAM_ORIGIN: `http://iam.example.com` uses plain http"),
        "{stderr}"
    );
    assert!(mock.requests().is_empty());
}

#[test]
fn verify_through_v3_marks_the_vehicle_that_came_back() {
    let config = config_with_profiles();
    let sent_ms = 1_700_000_000_000; // 2023-11-14, before CREATED
    {
        let mut history = HistoryStore::open(&history_path(config.path())).expect("history");
        history
            .record(&NewEntry {
                time_ms: sent_ms,
                kind: EntryKind::REAUTHENTICATE,
                profile: "V3 Fleet".into(),
                vehicle_id: VEHICLE.into(),
                state: "state-v3".into(),
                owner_id: String::new(),
                ticket: "T-v3".into(),
                via: Via::Copied,
                link: format!(
                    "https://connect.smartcar.com/oauth/reauthenticate?vehicle_id={VEHICLE}"
                ),
                agent: "kim".to_owned(),
            })
            .expect("records");
    }
    let mock = v3_mock();
    let verified = run(
        config.path(),
        &mock,
        &["verify", "--profile", "V3 Fleet", "--json"],
    );
    assert_code(&verified, 0);
    let counts: serde_json::Value = serde_json::from_str(&verified.stdout).expect("JSON");
    assert_eq!(counts["verified"], 1, "{counts}");
    let gets: Vec<_> = mock
        .requests()
        .iter()
        .filter(|r| r.method == "GET")
        .map(|r| (r.path().to_owned(), r.query("filter[vehicleId]")))
        .collect();
    assert_eq!(
        gets,
        [("/v3/connections".to_owned(), Some(VEHICLE.to_owned()))]
    );
    let history = HistoryStore::open(&history_path(config.path())).expect("history");
    assert_eq!(
        history.with_state("state-v3").expect("entry")[0]
            .outcome
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("reconnected (verified)")
    );
    assert_secret_nowhere(config.path(), &[&verified]);
}
