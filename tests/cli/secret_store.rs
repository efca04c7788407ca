//! The management token in the credential store (here the keyring crate's in-memory
//! store): `profiles set-token`, `show`, `forget-token`, and the commands using it. The
//! token shows in no output and no file.

use crate::management_support;

use std::io::Cursor;
use std::path::Path;

use clap::Parser;
use management_support::{MockApi, Reply, v2_page};
use reauth_link::cli::{Cli, Exit, Streams, run};

const TOKEN: &str = "amt-stored-5e4d3c2b";
const PROFILES: &str = include_str!("../../crates/core/tests/fixtures/profiles-v1.toml");

struct Ran {
    exit: Exit,
    stdout: String,
    stderr: String,
}

fn reauth_link(config: &Path, args: &[&str], stdin: &str) -> Ran {
    let mut argv = vec![
        "reauth-link",
        "--config-dir",
        config.to_str().expect("utf-8 path"),
    ];
    argv.extend_from_slice(args);
    let cli = Cli::parse_from(argv);
    let command = cli.command.as_ref().expect("a subcommand");
    let mut input = Cursor::new(stdin.as_bytes().to_vec());
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    let exit = run(
        &cli,
        command,
        &mut Streams {
            stdin: &mut input,
            stdout: &mut stdout,
            stderr: &mut stderr,
        },
    );
    Ran {
        exit,
        stdout: String::from_utf8(stdout).expect("utf-8"),
        stderr: String::from_utf8(stderr).expect("utf-8"),
    }
}

/// Each test runs in a process of its own (nextest), so the environment and the
/// credential store set here are this test's alone.
fn setup(mock: &MockApi) -> tempfile::TempDir {
    keyring::set_default_credential_builder(keyring::mock::default_credential_builder());
    // SAFETY: set before any thread of this test reads the environment.
    unsafe {
        std::env::remove_var("REAUTH_LINK_MANAGEMENT_TOKEN");
        std::env::set_var("SMARTCAR_MANAGEMENT_API_ORIGIN", &mock.origin);
    }
    let config = tempfile::tempdir().expect("dir");
    std::fs::write(config.path().join("profiles.toml"), PROFILES).expect("writes");
    config
}

fn token_line(shown: &str) -> &str {
    shown
        .lines()
        .find(|line| line.starts_with("management_token: "))
        .expect("a token line")
}

#[test]
fn a_stored_token_is_used_shown_as_stored_only_and_forgotten() {
    let mock = MockApi::start(|_, _| Reply::json(200, &v2_page(&[], None)));
    let config = setup(&mock);
    let dir = config.path();

    let before = reauth_link(dir, &["profiles", "show", "Acme Fleet"], "");
    assert_eq!(token_line(&before.stdout), "management_token: not stored");

    let set = reauth_link(
        dir,
        &["profiles", "set-token", "Acme Fleet"],
        &format!("{TOKEN}\n"),
    );
    assert_eq!(set.exit, Exit::Success, "{}", set.stderr);
    let shown = reauth_link(dir, &["profiles", "show", "Acme Fleet"], "");
    assert_eq!(token_line(&shown.stdout), "management_token: stored");

    let listed = reauth_link(
        dir,
        &[
            "connections",
            "--profile",
            "Acme Fleet",
            "--vehicle-id",
            "v-1",
        ],
        "",
    );
    assert_eq!(listed.exit, Exit::Success, "{}", listed.stderr);
    assert_eq!(listed.stdout, "not connected to this app\n");
    let sent = mock.requests();
    assert_eq!(
        sent[0].header("Authorization"),
        Some("Basic ZGVmYXVsdDphbXQtc3RvcmVkLTVlNGQzYzJi")
    );

    let exported = reauth_link(dir, &["profiles", "export"], "");
    for ran in [&before, &set, &shown, &listed, &exported] {
        assert!(!ran.stdout.contains(TOKEN) && !ran.stderr.contains(TOKEN));
    }
    for file in std::fs::read_dir(dir).expect("lists").flatten() {
        let bytes = std::fs::read(file.path()).expect("reads");
        assert!(
            !String::from_utf8_lossy(&bytes).contains(TOKEN),
            "{}",
            file.path().display()
        );
    }

    let forgot = reauth_link(dir, &["profiles", "forget-token", "Acme Fleet"], "");
    assert_eq!(
        forgot.stdout,
        "removed the management token of `Acme Fleet`\n"
    );
    let again = reauth_link(dir, &["profiles", "forget-token", "Acme Fleet"], "");
    assert_eq!(
        again.stdout,
        "`Acme Fleet` had no management token stored\n"
    );
    let refused = reauth_link(
        dir,
        &[
            "connections",
            "--profile",
            "Acme Fleet",
            "--vehicle-id",
            "v-1",
        ],
        "",
    );
    assert_eq!(refused.exit, Exit::Invalid);
    assert_eq!(
        refused.stderr,
        "error: management token: profile `Acme Fleet` has no management token; store one with `reauth-link profiles set-token Acme Fleet` or set REAUTH_LINK_MANAGEMENT_TOKEN\n"
    );
    assert_eq!(mock.requests().len(), 1);
}

#[test]
fn an_empty_token_or_an_unknown_profile_is_refused() {
    let mock = MockApi::start(|_, _| Reply::json(200, &v2_page(&[], None)));
    let config = setup(&mock);
    let empty = reauth_link(
        config.path(),
        &["profiles", "set-token", "Acme Fleet"],
        "  \n",
    );
    assert_eq!(empty.exit, Exit::Invalid);
    assert!(
        empty
            .stderr
            .starts_with("error: management token: the token is empty"),
        "{}",
        empty.stderr
    );
    let unknown = reauth_link(config.path(), &["profiles", "set-token", "Nobody"], TOKEN);
    assert_eq!(unknown.exit, Exit::Invalid);
    assert!(
        unknown.stderr.starts_with("error: profile: "),
        "{}",
        unknown.stderr
    );
}

#[test]
fn the_environment_overrides_the_store() {
    let mock = MockApi::start(|_, _| Reply::json(200, &v2_page(&[], None)));
    let config = setup(&mock);
    let set = reauth_link(
        config.path(),
        &["profiles", "set-token", "Acme Fleet"],
        TOKEN,
    );
    assert_eq!(set.exit, Exit::Success);
    // SAFETY: as in setup, this test's own process.
    unsafe { std::env::set_var("REAUTH_LINK_MANAGEMENT_TOKEN", "amt") };
    let listed = reauth_link(
        config.path(),
        &[
            "connections",
            "--profile",
            "Acme Fleet",
            "--vehicle-id",
            "v-1",
        ],
        "",
    );
    assert_eq!(listed.exit, Exit::Success, "{}", listed.stderr);
    assert_eq!(
        mock.requests()[0].header("Authorization"),
        Some("Basic ZGVmYXVsdDphbXQ=")
    );
}

const CLIENT_SECRET: &str = "csec-stored-81f0a2";
const API_CLIENT_ID: &str = "client_5f1e0c7a9b";

fn add_v3_profile(dir: &Path) -> Ran {
    reauth_link(
        dir,
        &[
            "profiles",
            "add",
            "--name",
            "V3 Fleet",
            "--client-id",
            "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07",
            "--redirect-uri",
            "https://acme.example/cb",
            "--api-client-id",
            API_CLIENT_ID,
        ],
        "",
    )
}

fn line_starting<'a>(shown: &'a str, key: &str) -> Option<&'a str> {
    shown.lines().find(|line| line.starts_with(key))
}

#[test]
fn an_api_client_id_is_saved_shown_and_listed_and_its_secret_stored_used_and_forgotten() {
    let mock = MockApi::start(|request, _| match request.method.as_str() {
        "POST" => Reply::json(200, management_support::V3_TOKEN_ANSWER),
        _ if request.path().starts_with("/v3/") => {
            Reply::json(200, &management_support::v3_page(&[]))
        }
        _ => Reply::json(200, &v2_page(&[], None)),
    });
    let config = setup(&mock);
    let dir = config.path();
    // SAFETY: as in setup, this test's own process.
    unsafe {
        std::env::remove_var("REAUTH_LINK_CLIENT_SECRET");
        std::env::set_var("SMARTCAR_IAM_ORIGIN", &mock.origin);
        std::env::set_var("SMARTCAR_API_ORIGIN", &mock.origin);
    }
    let added = add_v3_profile(dir);
    assert_eq!(added.exit, Exit::Success, "{}", added.stderr);
    let file = std::fs::read_to_string(dir.join("profiles.toml")).expect("reads");
    assert!(
        file.contains(&format!("\napi_client_id = \"{API_CLIENT_ID}\"\n")),
        "{file}"
    );
    let listed = reauth_link(dir, &["profiles", "list", "--json"], "");
    let value: serde_json::Value = serde_json::from_str(&listed.stdout).expect("JSON");
    assert_eq!(value[2]["api_client_id"], API_CLIENT_ID);
    assert_eq!(value[0]["api_client_id"], serde_json::Value::Null);

    let before = reauth_link(dir, &["profiles", "show", "V3 Fleet"], "");
    assert_eq!(
        line_starting(&before.stdout, "api_client_id: "),
        Some(format!("api_client_id: {API_CLIENT_ID}").as_str())
    );
    assert_eq!(
        line_starting(&before.stdout, "client_secret: "),
        Some("client_secret: not stored")
    );
    let v2_shown = reauth_link(dir, &["profiles", "show", "Acme Fleet"], "");
    assert_eq!(line_starting(&v2_shown.stdout, "client_secret: "), None);

    let set = reauth_link(
        dir,
        &["profiles", "set-token", "V3 Fleet", "--client-secret"],
        &format!("{CLIENT_SECRET}\n"),
    );
    assert_eq!(set.exit, Exit::Success, "{}", set.stderr);
    assert_eq!(
        set.stdout,
        "stored the client secret of `V3 Fleet` in the system's credential store\n"
    );
    let shown = reauth_link(dir, &["profiles", "show", "V3 Fleet"], "");
    assert_eq!(
        line_starting(&shown.stdout, "client_secret: "),
        Some("client_secret: stored")
    );
    assert_eq!(
        line_starting(&shown.stdout, "management_token: "),
        Some("management_token: not stored")
    );

    let looked_up = reauth_link(
        dir,
        &[
            "connections",
            "--profile",
            "V3 Fleet",
            "--vehicle-id",
            "v-1",
        ],
        "",
    );
    assert_eq!(looked_up.exit, Exit::Success, "{}", looked_up.stderr);
    let sent = mock.requests();
    assert_eq!(
        sent[0].body,
        format!(
            "grant_type=client_credentials&client_id={API_CLIENT_ID}&client_secret={CLIENT_SECRET}"
        )
    );
    assert_eq!(sent[1].path(), "/v3/connections");

    let exported = reauth_link(dir, &["profiles", "export"], "");
    assert!(exported.stdout.contains(API_CLIENT_ID));
    for ran in [
        &added, &listed, &before, &set, &shown, &looked_up, &exported,
    ] {
        assert!(!ran.stdout.contains(CLIENT_SECRET) && !ran.stderr.contains(CLIENT_SECRET));
    }
    for file in std::fs::read_dir(dir).expect("lists").flatten() {
        let bytes = std::fs::read(file.path()).expect("reads");
        assert!(
            !String::from_utf8_lossy(&bytes).contains(CLIENT_SECRET),
            "{}",
            file.path().display()
        );
    }

    let forgot = reauth_link(
        dir,
        &["profiles", "forget-token", "V3 Fleet", "--client-secret"],
        "",
    );
    assert_eq!(forgot.stdout, "removed the client secret of `V3 Fleet`\n");
    // Without its secret the profile falls back to v2, where it has no token either.
    let refused = reauth_link(
        dir,
        &[
            "connections",
            "--profile",
            "V3 Fleet",
            "--vehicle-id",
            "v-1",
        ],
        "",
    );
    assert_eq!(refused.exit, Exit::Invalid);
    assert_eq!(
        refused.stderr,
        "error: client secret: profile `V3 Fleet` has an API client id but no client secret; store it with `reauth-link profiles set-token V3 Fleet --client-secret` or set REAUTH_LINK_CLIENT_SECRET\n"
    );
    assert_eq!(mock.requests().len(), 2, "nothing sent without credentials");
}

#[test]
fn the_api_client_id_must_not_be_the_application_id_and_an_empty_secret_is_refused() {
    let mock = MockApi::start(|_, _| Reply::json(200, &v2_page(&[], None)));
    let config = setup(&mock);
    let dir = config.path();
    let same = reauth_link(
        dir,
        &[
            "profiles",
            "add",
            "--name",
            "Mixed Up",
            "--client-id",
            "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07",
            "--redirect-uri",
            "https://acme.example/cb",
            "--api-client-id",
            "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07",
        ],
        "",
    );
    assert_eq!(same.exit, Exit::Invalid);
    assert!(
        same.stderr
            .starts_with("error: api_client_id: is the Application ID"),
        "{}",
        same.stderr
    );
    assert_eq!(add_v3_profile(dir).exit, Exit::Success);
    let empty = reauth_link(
        dir,
        &["profiles", "set-token", "V3 Fleet", "--client-secret"],
        " \n",
    );
    assert_eq!(empty.exit, Exit::Invalid);
    assert!(
        empty
            .stderr
            .starts_with("error: client secret: the secret is empty"),
        "{}",
        empty.stderr
    );
}
