//! The smaller refusals: a redirect URI with a user name or password, a link too long for
//! mail and SMS, a misspelt `required:`, a permission given plain and `required:`, and a
//! state given to two vehicles (in a batch, or against the history).

use crate::cli_support;

use cli_support::{Config, assert_exit, link_pairs};
use reauth_link::link::scopes::{ScopeProblem, parse_scope};
use reauth_link::link::{
    ConnectForm, Field, Problem, ReauthForm, Severity, TeslaPermissionsForm, check, check_connect,
    check_tesla_permissions,
};

const APP: &str = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";
const V1: &str = "36ab27d0-fd9d-4455-823a-ce30af709ffc";
const V2: &str = "4bb5b2a3-0c36-4a6d-9b87-0a1d58ad6f10";
const REDIRECT: &str = "https://example.com/home";

#[test]
fn a_redirect_uri_with_a_user_name_or_password_is_an_error() {
    for typed in [
        "https://user:secret@example.com/home",
        "https://user@example.com/home",
        "https://:secret@example.com/home",
        "http://user:pw@localhost:3000/cb",
    ] {
        let form = ReauthForm {
            client_id: APP.to_owned(),
            vehicle_id: V1.to_owned(),
            redirect_uri: typed.to_owned(),
            ..ReauthForm::default()
        };
        let checked = check(&form, &[]);
        assert!(checked.link.is_none(), "{typed}");
        let found: Vec<_> = checked
            .findings
            .for_field(Field::RedirectUri)
            .map(|finding| finding.problem.clone())
            .collect();
        assert_eq!(found, vec![Problem::RedirectUriHasUserinfo], "{typed}");
    }
    let config = Config::new();
    let run = config.run(&[
        "url",
        "--client-id",
        APP,
        "--vehicle-id",
        V1,
        "--redirect-uri",
        "https://user:secret@example.com/home",
    ]);
    assert_exit(&run, 2);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr
            .contains("error: redirect_uri: carries a user name or password"),
        "{}",
        run.stderr
    );

    let added = config.run(&[
        "profiles",
        "add",
        "--name",
        "Acme",
        "--client-id",
        APP,
        "--redirect-uri",
        "https://user:secret@example.com/home",
    ]);
    assert_exit(&added, 2);
    assert!(added.stderr.contains("redirect_uri"), "{}", added.stderr);
    assert!(
        added.stderr.contains("user name or password"),
        "{}",
        added.stderr
    );
    assert!(
        !config.dir.path().join("profiles.toml").exists(),
        "nothing saved"
    );
}

#[test]
fn a_link_past_2000_bytes_earns_a_warning_and_a_shorter_one_does_not() {
    let config = Config::new();
    let long_state = "s".repeat(2_000);
    let run = config.run(&[
        "url",
        "--client-id",
        APP,
        "--vehicle-id",
        V1,
        "--redirect-uri",
        REDIRECT,
        "--state",
        &long_state,
    ]);
    assert_exit(&run, 0);
    let length = run.stdout.trim_end().len();
    assert!(length > 2_000);
    assert!(
        run.stderr.contains(&format!(
            "warning: link: is {length} bytes long; mail programs and SMS may cut"
        )),
        "{}",
        run.stderr
    );
    let json = config.run(&[
        "url",
        "--client-id",
        APP,
        "--vehicle-id",
        V1,
        "--redirect-uri",
        REDIRECT,
        "--state",
        &long_state,
        "--json",
    ]);
    assert_exit(&json, 0);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(value["warnings"][0]["field"], "link");

    let connect = config.run(&[
        "connect",
        "--client-id",
        APP,
        "--redirect-uri",
        REDIRECT,
        "--state",
        &long_state,
    ]);
    assert_exit(&connect, 0);
    assert!(
        connect.stderr.contains("warning: link: is "),
        "{}",
        connect.stderr
    );

    let short = config.run(&[
        "url",
        "--client-id",
        APP,
        "--vehicle-id",
        V1,
        "--redirect-uri",
        REDIRECT,
        "--state",
        "state-12345",
    ]);
    assert_exit(&short, 0);
    assert!(short.stderr.is_empty(), "{}", short.stderr);
}

#[test]
fn a_misspelt_required_prefix_is_named() {
    for typed in [
        "requried:read_odometer",
        "reqired:read_odometer",
        "require:read_odometer",
        "Required:read_odometer",
        "REQUIRED:read_odometer",
        "requred:read_odometr",
    ] {
        let problem = parse_scope(typed).expect_err(typed);
        assert!(
            matches!(problem, ScopeProblem::RequiredMisspelt { .. }),
            "{typed}: {problem:?}"
        );
        let message = problem.to_string();
        assert!(message.ends_with("did you mean `required:`?"), "{message}");
        assert!(message.contains(typed), "{message}");
    }
    assert!(parse_scope("required:read_odometer").is_ok());
    assert!(matches!(
        parse_scope("foo:read_odometer"),
        Err(ScopeProblem::Unknown { .. } | ScopeProblem::Typo { .. })
    ));
    let run = Config::new().run(&[
        "tesla-permissions",
        "--client-id",
        APP,
        "--scope",
        "requried:control_security",
    ]);
    assert_exit(&run, 2);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains(
            "error: scope: `requried:control_security`: `requried:` is not a prefix Connect knows: did you mean `required:`?"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_permission_given_plain_and_required_is_asked_once_as_required() {
    let scopes = vec![
        "read_odometer control_security".to_owned(),
        "required:read_odometer".to_owned(),
    ];
    let tesla = check_tesla_permissions(&TeslaPermissionsForm {
        client_id: APP.to_owned(),
        scopes: scopes.clone(),
        ..TeslaPermissionsForm::default()
    });
    let connect = check_connect(
        &ConnectForm {
            client_id: APP.to_owned(),
            redirect_uri: REDIRECT.to_owned(),
            scopes,
            ..ConnectForm::default()
        },
        &[],
    );
    for checked in [tesla, connect] {
        let link = checked.link.expect("a note does not block the link");
        let scope = link
            .params
            .iter()
            .find(|(name, _)| *name == "scope")
            .map(|(_, value)| value.as_str());
        assert_eq!(scope, Some("required:read_odometer control_security"));
        let notes: Vec<_> = checked.findings.warnings().collect();
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert_eq!(notes[0].severity(), Severity::Warning);
        assert_eq!(
            notes[0].problem,
            Problem::ScopeGivenTwice {
                permission: "read_odometer"
            }
        );
        assert!(
            notes[0]
                .message()
                .contains("`read_odometer` is given both plain and as `required:read_odometer`"),
            "{}",
            notes[0].message()
        );
    }
    let run = Config::new().run(&[
        "tesla-permissions",
        "--client-id",
        APP,
        "--scope",
        "required:read_vin",
        "--scope",
        "read_vin",
    ]);
    assert_exit(&run, 0);
    let pairs = link_pairs(&run.stdout);
    assert!(
        pairs.contains(&("scope".to_owned(), "required:read_vin".to_owned())),
        "{pairs:?}"
    );
    assert!(
        run.stderr
            .starts_with("warning: scope: `read_vin` is given both plain"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_batch_state_given_to_two_vehicles_names_the_other_row() {
    let config = Config::new();
    let input = format!(
        "vehicle_id,state\n{V1},shared-state-1\n{V1},shared-state-1\n{V2},shared-state-1\n{V2},own-state-22\n"
    );
    let run = config.run_with_stdin(
        &["batch", "--client-id", APP, "--redirect-uri", REDIRECT],
        &input,
    );
    assert_exit(&run, 0);
    let state_warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|line| line.contains(": state: "))
        .collect();
    assert_eq!(
        state_warnings,
        [
            "warning: row 3: state: the same state as row 1, which is another vehicle: the owner's return would match both links; give each row its own state, or leave the column empty and use --random-state"
        ],
        "{}",
        run.stderr
    );
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert!(
        rows.iter().all(|row| !row[3].is_empty()),
        "a warning keeps the link"
    );
}

#[test]
fn a_link_leaving_with_a_state_the_history_has_for_another_vehicle_is_warned() {
    let config = Config::new();
    let url = |vehicle: &str, ticket: &str| {
        config.run(&[
            "url",
            "--client-id",
            APP,
            "--vehicle-id",
            vehicle,
            "--redirect-uri",
            REDIRECT,
            "--state",
            "reused-state-1",
            "--ticket",
            ticket,
        ])
    };
    let first = url(V1, "SUP-1");
    assert_exit(&first, 0);
    assert!(first.stderr.is_empty(), "{}", first.stderr);
    let again = url(V1, "SUP-2");
    assert_exit(&again, 0);
    // Only the link already sent is named (by whoever runs the tests), no shared state.
    let lines: Vec<&str> = again.stderr.lines().collect();
    assert!(
        matches!(lines.as_slice(), [line] if line.starts_with("warning: vehicle_id: Sent less than a minute ago")
            && line.ends_with("for ticket SUP-1 (state reused-state-1); no return read yet")),
        "the same vehicle again: {}",
        again.stderr
    );
    let other = url(V2, "SUP-3");
    assert_exit(&other, 0);
    assert!(
        other.stderr.contains(&format!(
            "warning: state: the history already has this state for vehicle {V1}, ticket SUP-"
        )),
        "{}",
        other.stderr
    );
}

#[test]
fn history_finds_a_vehicle_id_in_any_case() {
    let config = Config::new();
    let recorded = config.run(&[
        "url",
        "--client-id",
        APP,
        "--vehicle-id",
        &V1.to_uppercase(),
        "--redirect-uri",
        REDIRECT,
        "--ticket",
        "SUP-7",
    ]);
    assert_exit(&recorded, 0);
    for query in [V1.to_owned(), V1.to_uppercase()] {
        let found = config.run(&["history", &query, "--json"]);
        assert_exit(&found, 0);
        let entries: serde_json::Value = serde_json::from_str(&found.stdout).expect("JSON");
        assert_eq!(entries.as_array().map(Vec::len), Some(1), "{query}");
        assert_eq!(entries[0]["vehicle_id"], V1, "stored in lower case");
    }
}
