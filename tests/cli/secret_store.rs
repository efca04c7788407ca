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
