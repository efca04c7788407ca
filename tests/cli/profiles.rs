//! The binary end to end: `profiles …` and `url --profile`, every exit-code path.

use crate::cli_support;

use std::fs;
use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::json;

use cli_support::{Config, assert_exit, link_pairs};

const ACME_APP: &str = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";
const ZETA_APP: &str = "0b2c1f5e-2d1a-4c59-9c1e-6f3a3b8d9e10";
const VEHICLE: &str = "36ab27d0-fd9d-4455-823a-ce30af709ffc";
/// A file written before profiles had a contract.
const FIXTURE_V1: &str = include_str!("../../crates/core/tests/fixtures/profiles-v1.toml");
/// The same profiles as written today: a `contract` line each.
const FIXTURE_V1_CONTRACT: &str =
    include_str!("../../crates/core/tests/fixtures/profiles-v1-contract.toml");

impl Config {
    fn with_file(text: &str) -> Self {
        let config = Config::new();
        fs::write(config.file(), text).expect("write profiles");
        config
    }

    fn file(&self) -> PathBuf {
        self.dir.path().join("profiles.toml")
    }

    fn bytes(&self) -> Vec<u8> {
        fs::read(self.file()).expect("the profiles file")
    }

    fn add_acme(&self) {
        let run = self.run(&[
            "profiles",
            "add",
            "--name",
            "Acme Fleet",
            "--client-id",
            ACME_APP,
            "--redirect-uri",
            "https://acme.example/cb",
            "--redirect-uri",
            "https://acme.example/other",
        ]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
    }
}

fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

// ---- list, add, show, remove ----

#[test]
fn list_with_no_file_prints_nothing_and_creates_nothing() {
    let config = Config::new();
    let run = config.run(&["profiles", "list"]);
    assert_exit(&run, 0);
    assert_eq!(run.stdout, "");
    let json = config.run(&["profiles", "list", "--json"]);
    assert_exit(&json, 0);
    assert_eq!(json.stdout, "[]\n");
    assert!(!config.file().exists());
}

#[test]
fn add_then_list_as_lines_and_as_json() {
    let config = Config::new();
    config.add_acme();
    let run = config.run(&[
        "profiles",
        "add",
        "--name",
        "Zeta",
        "--client-id",
        ZETA_APP,
        "--redirect-uri",
        "https://zeta.example/a",
        "--redirect-uri",
        "https://zeta.example/b",
        "--default-redirect",
        "https://zeta.example/b",
        "--note",
        "night shift",
        "--text-message",
        "Zeta: {link}",
    ]);
    assert_exit(&run, 0);
    assert_eq!(
        run.stdout,
        format!("added `Zeta` to {}\n", config.file().display())
    );

    let lines = config.run(&["profiles", "list"]);
    assert_exit(&lines, 0);
    assert_eq!(
        lines.stdout,
        format!(
            "Acme Fleet\t{ACME_APP}\thttps://acme.example/cb\nZeta\t{ZETA_APP}\thttps://zeta.example/b\n"
        )
    );

    let listed = config.run(&["profiles", "list", "--json"]);
    assert_exit(&listed, 0);
    let value: serde_json::Value = serde_json::from_str(&listed.stdout).expect("JSON");
    assert_eq!(
        value,
        json!([
            {
                "name": "Acme Fleet",
                "client_id": ACME_APP,
                "api_client_id": null,
                "redirect_uris": ["https://acme.example/cb", "https://acme.example/other"],
                "default_redirect_uri": "https://acme.example/cb",
                "user": null,
                "note": "",
                "contract": "classic",
                "email_subject": null,
                "email_body": null,
                "text_message": null,
            },
            {
                "name": "Zeta",
                "client_id": ZETA_APP,
                "api_client_id": null,
                "redirect_uris": ["https://zeta.example/a", "https://zeta.example/b"],
                "default_redirect_uri": "https://zeta.example/b",
                "user": null,
                "note": "night shift",
                "contract": "classic",
                "email_subject": null,
                "email_body": null,
                "text_message": "Zeta: {link}",
            },
        ])
    );
}

#[cfg(unix)]
#[test]
fn the_saved_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let config = Config::new();
    config.add_acme();
    let mode = fs::metadata(config.file())
        .expect("file")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn config_dir_flag_wins_over_the_environment() {
    let config = Config::new();
    let other = tempfile::tempdir().expect("temp dir");
    let run = config.run(&[
        "--config-dir",
        &other.path().display().to_string(),
        "profiles",
        "add",
        "--name",
        "A",
        "--client-id",
        ACME_APP,
        "--redirect-uri",
        "https://a.example/",
    ]);
    assert_exit(&run, 0);
    assert!(other.path().join("profiles.toml").is_file());
    assert!(!config.file().exists());
}

#[test]
fn add_refuses_a_value_the_form_would_refuse_and_writes_nothing() {
    let config = Config::new();
    let run = config.run(&[
        "profiles",
        "add",
        "--name",
        "Bad",
        "--client-id",
        "client_abc",
        "--redirect-uri",
        "http://bad.example/cb",
    ]);
    assert_exit(&run, 2);
    let lines: Vec<_> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stderr);
    assert!(lines[0].starts_with("error: client_id: this looks like an API credential id"));
    assert!(
        lines[1]
            .starts_with("error: redirect_uri: redirect URI 1: uses http with host `bad.example`")
    );
    assert_eq!(run.stdout, "");
    assert!(!config.file().exists());
}

#[test]
fn add_refuses_a_default_outside_the_list_and_a_taken_name() {
    let config = Config::new();
    config.add_acme();
    let before = config.bytes();
    let outside = config.run(&[
        "profiles",
        "add",
        "--name",
        "Zeta",
        "--client-id",
        ZETA_APP,
        "--redirect-uri",
        "https://zeta.example/a",
        "--default-redirect",
        "https://zeta.example/b",
    ]);
    assert_exit(&outside, 2);
    assert!(
        outside
            .stderr
            .starts_with("error: default_redirect_uri: `https://zeta.example/b` is not in this profile's redirect URIs")
    );
    let taken = config.run(&[
        "profiles",
        "add",
        "--name",
        "acme fleet",
        "--client-id",
        ZETA_APP,
        "--redirect-uri",
        "https://zeta.example/a",
    ]);
    assert_exit(&taken, 2);
    assert_eq!(
        taken.stderr,
        "error: name: a profile named `Acme Fleet` already exists: choose another name\n"
    );
    assert_eq!(config.bytes(), before);
}

#[test]
fn add_without_a_redirect_uri_is_a_usage_error() {
    let config = Config::new();
    let run = config.run(&["profiles", "add", "--name", "A", "--client-id", ACME_APP]);
    assert_exit(&run, 2);
    assert!(run.stderr.contains("--redirect-uri"), "{}", run.stderr);
}

#[test]
fn show_prints_every_field() {
    let config = Config::with_file(FIXTURE_V1);
    let run = config.run(&["profiles", "show", "Acme Fleet"]);
    assert_exit(&run, 0);
    assert_eq!(
        without_token_line(&run.stdout),
        format!(
            "name: Acme Fleet\nclient_id: {ACME_APP}\ncontract: classic\nredirect_uris:\n  https://acme.example/cb (default)\n  sc{ACME_APP}://callback\nuser: support-desk\nnote: Call Dana first.\nSecond line with \"quotes\" and a tab:\t.\n"
        )
    );
    let zeta = config.run(&["profiles", "show", "zeta rentals"]);
    assert_exit(&zeta, 0);
    assert_eq!(
        without_token_line(&zeta.stdout),
        format!(
            "name: Zeta Rentals\nclient_id: {ZETA_APP}\ncontract: classic\nredirect_uris:\ndefault_redirect_uri: none (left out: Connect uses the dashboard's)\nuser: none\n"
        )
    );
}

/// `show` says whether the machine's credential store holds a management token, which
/// depends on the machine; the other lines do not. Returns the other lines.
fn without_token_line(stdout: &str) -> String {
    let (token, others): (Vec<&str>, Vec<&str>) = stdout
        .split_inclusive('\n')
        .partition(|line| line.starts_with("management_token: "));
    assert_eq!(token.len(), 1, "{stdout}");
    others.concat()
}

#[test]
fn show_and_remove_of_an_unknown_name_list_the_known_ones() {
    let config = Config::with_file(FIXTURE_V1);
    for command in ["show", "remove"] {
        let run = config.run(&["profiles", command, "Nobody"]);
        assert_exit(&run, 2);
        assert_eq!(
            run.stderr,
            "error: profile: no profile is named `Nobody`; saved profiles: Acme Fleet, Zeta Rentals\n"
        );
    }
    assert_eq!(config.bytes(), FIXTURE_V1.as_bytes());
}

#[test]
fn remove_deletes_and_keeps_the_previous_file_as_backup() {
    let config = Config::with_file(FIXTURE_V1);
    let run = config.run(&["profiles", "remove", "Zeta Rentals"]);
    assert_exit(&run, 0);
    assert_eq!(
        run.stdout,
        format!("removed `Zeta Rentals` from {}\n", config.file().display())
    );
    let listed = config.run(&["profiles", "list"]);
    assert_eq!(listed.stdout.lines().count(), 1);
    assert_eq!(
        fs::read_to_string(config.dir.path().join("profiles.toml.bak")).expect("backup"),
        FIXTURE_V1
    );
}

// ---- export and import ----

#[test]
fn export_to_stdout_and_to_a_file_gives_the_files_format() {
    let config = Config::with_file(FIXTURE_V1);
    let run = config.run(&["profiles", "export"]);
    assert_exit(&run, 0);
    assert_eq!(run.stdout, FIXTURE_V1_CONTRACT);
    let dash = config.run(&["profiles", "export", "-"]);
    assert_eq!(dash.stdout, FIXTURE_V1_CONTRACT);
    let target = config.dir.path().join("out.toml");
    let to_file = config.run(&["profiles", "export", &target.display().to_string()]);
    assert_exit(&to_file, 0);
    assert_eq!(
        fs::read_to_string(&target).expect("exported"),
        FIXTURE_V1_CONTRACT
    );
}

#[test]
fn export_to_a_folder_that_does_not_exist_creates_it() {
    let config = Config::with_file(FIXTURE_V1);
    let target = config.dir.path().join("missing").join("out.toml");
    let run = config.run(&["profiles", "export", &target.display().to_string()]);
    assert_exit(&run, 0);
    let written = fs::read_to_string(&target).expect("the export");
    let to_stdout = config.run(&["profiles", "export"]);
    assert_eq!(
        written, to_stdout.stdout,
        "the same text as on standard output"
    );
    assert!(written.contains("[[profile]]"));
}

#[test]
fn export_where_a_folder_cannot_be_made_is_exit_1_and_names_the_step() {
    let config = Config::with_file(FIXTURE_V1);
    let blocker = config.dir.path().join("a-file");
    fs::write(&blocker, "").expect("writes");
    let target = blocker.join("out.toml");
    let run = config.run(&["profiles", "export", &target.display().to_string()]);
    assert_exit(&run, 1);
    assert!(
        run.stderr.starts_with(&format!(
            "error: cannot write {}: cannot create its folder: ",
            target.display()
        )),
        "{}",
        run.stderr
    );
}

fn write_import(config: &Config, text: &str) -> String {
    let path = config.dir.path().join("import.toml");
    fs::write(&path, text).expect("write import");
    path.display().to_string()
}

#[test]
fn import_adds_every_profile_from_an_export() {
    let config = Config::new();
    config.add_acme();
    let source = Config::with_file(FIXTURE_V1);
    fs::write(
        source.file(),
        FIXTURE_V1.replace("Acme Fleet", "Acme Imported"),
    )
    .expect("write");
    let exported = source.run(&["profiles", "export"]).stdout;
    let file = write_import(&config, &exported);
    let run = config.run(&["profiles", "import", &file]);
    assert_exit(&run, 0);
    assert_eq!(
        run.stdout,
        format!("imported 2 profile(s) into {}\n", config.file().display())
    );
    let names: Vec<String> = config
        .run(&["profiles", "list"])
        .stdout
        .lines()
        .map(|l| l.split('\t').next().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(names, ["Acme Fleet", "Acme Imported", "Zeta Rentals"]);
}

#[test]
fn import_reports_every_clash_and_problem_and_changes_nothing() {
    let config = Config::with_file(FIXTURE_V1);
    let incoming = FIXTURE_V1.replace(
        "client_id = \"0b2c1f5e-2d1a-4c59-9c1e-6f3a3b8d9e10\"",
        "client_id = \"client_0b2c\"",
    );
    let file = write_import(&config, &incoming);
    let run = config.run(&["profiles", "import", &file]);
    assert_exit(&run, 2);
    let lines: Vec<_> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stderr);
    assert_eq!(
        lines[0],
        "error: name: profile `Acme Fleet` already exists: pass --replace to overwrite it, or rename it in the file"
    );
    assert!(lines[1].starts_with(
        "error: client_id: profile `Zeta Rentals`: this looks like an API credential id"
    ));
    assert_eq!(
        lines[2],
        "error: name: profile `Zeta Rentals` already exists: pass --replace to overwrite it, or rename it in the file"
    );
    assert_eq!(config.bytes(), FIXTURE_V1.as_bytes());
}

#[test]
fn import_with_replace_overwrites_profiles_of_the_same_name() {
    let config = Config::with_file(FIXTURE_V1);
    let incoming = FIXTURE_V1.replace("support-desk", "night-desk");
    let file = write_import(&config, &incoming);
    let run = config.run(&["profiles", "import", &file, "--replace"]);
    assert_exit(&run, 0);
    let saved = FIXTURE_V1_CONTRACT.replace("support-desk", "night-desk");
    assert_eq!(config.bytes(), saved.as_bytes());
}

#[test]
fn import_of_an_unreadable_file_is_exit_2_with_line_and_column() {
    let config = Config::with_file(FIXTURE_V1);
    let file = write_import(
        &config,
        "version = 1\n[[profile]]\nname = \"A\"\nclient_id = [1]\n",
    );
    let run = config.run(&["profiles", "import", &file]);
    assert_exit(&run, 2);
    assert!(
        run.stderr.starts_with(&format!(
            "error: input: {file} cannot be read at line 4, column 13: invalid type: sequence, expected a string"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with(
            "nothing was imported: give a file written by `reauth-link profiles export`\n"
        )
    );
    assert_eq!(config.bytes(), FIXTURE_V1.as_bytes());
}

#[test]
fn import_of_a_missing_file_is_exit_1() {
    let config = Config::new();
    let missing = config.dir.path().join("nope.toml").display().to_string();
    let run = config.run(&["profiles", "import", &missing]);
    assert_exit(&run, 1);
    assert!(
        run.stderr
            .starts_with(&format!("error: cannot read {missing}"))
    );
}

#[test]
fn import_reads_standard_input() {
    let config = Config::new();
    let run = config.run_with_stdin(&["profiles", "import", "-"], FIXTURE_V1);
    assert_exit(&run, 0);
    assert_eq!(config.bytes(), FIXTURE_V1_CONTRACT.as_bytes());
}

// ---- an unreadable profiles file ----

#[test]
fn every_command_refuses_an_unreadable_file_with_exit_1_naming_it() {
    let broken = "version = 1\n[[profile]]\nname = \"A\"\nclient_id = 5\n";
    let config = Config::with_file(broken);
    let import = write_import(&config, FIXTURE_V1);
    let file = config.file().display().to_string();
    let commands: Vec<Vec<&str>> = vec![
        vec!["profiles", "list"],
        vec!["profiles", "list", "--json"],
        vec!["profiles", "show", "A"],
        vec!["profiles", "remove", "A"],
        vec![
            "profiles",
            "add",
            "--name",
            "B",
            "--client-id",
            ACME_APP,
            "--redirect-uri",
            "https://b.example/",
        ],
        vec!["profiles", "export"],
        vec!["profiles", "import", &import, "--replace"],
        vec!["url", "--profile", "A", "--vehicle-id", VEHICLE],
    ];
    for args in commands {
        let run = config.run(&args);
        assert_exit(&run, 1);
        assert_eq!(
            run.stderr,
            format!(
                "error: the profiles file {file} cannot be read at line 4, column 13: invalid type: integer `5`, expected a string; the file was left as it is: fix it in a text editor, or move it aside and start with a new one\n"
            ),
            "{args:?}"
        );
        assert_eq!(run.stdout, "", "{args:?}");
        assert_eq!(config.bytes(), broken.as_bytes(), "{args:?}");
    }
}

#[test]
fn a_folder_in_place_of_the_file_is_exit_1() {
    let config = Config::new();
    fs::create_dir(config.file()).expect("mkdir");
    let run = config.run(&["profiles", "list"]);
    assert_exit(&run, 1);
    assert_eq!(
        run.stderr,
        format!(
            "error: {} is a folder, not the profiles file: move it away, or use another --config-dir\n",
            config.file().display()
        )
    );
}

// ---- url --profile ----

#[test]
fn url_takes_client_id_and_default_redirect_from_the_profile() {
    let config = Config::new();
    config.add_acme();
    let run = config.run(&["url", "--profile", "Acme Fleet", "--vehicle-id", VEHICLE]);
    assert_exit(&run, 0);
    assert_eq!(run.stderr, "");
    let pairs = link_pairs(&run.stdout);
    assert_eq!(param(&pairs, "client_id"), Some(ACME_APP));
    assert_eq!(
        param(&pairs, "redirect_uri"),
        Some("https://acme.example/cb")
    );
}

#[test]
fn url_flags_override_the_profile_and_unregistered_uris_warn() {
    let config = Config::new();
    config.add_acme();
    let registered = config.run(&[
        "url",
        "--profile",
        "Acme Fleet",
        "--vehicle-id",
        VEHICLE,
        "--redirect-uri",
        "https://acme.example/other",
    ]);
    assert_exit(&registered, 0);
    assert_eq!(registered.stderr, "");
    assert_eq!(
        param(&link_pairs(&registered.stdout), "redirect_uri"),
        Some("https://acme.example/other")
    );

    let unregistered = config.run(&[
        "url",
        "--profile",
        "Acme Fleet",
        "--client-id",
        ZETA_APP,
        "--vehicle-id",
        VEHICLE,
        "--redirect-uri",
        "https://acme.example/CB",
    ]);
    assert_exit(&unregistered, 0);
    assert_eq!(
        param(&link_pairs(&unregistered.stdout), "client_id"),
        Some(ZETA_APP)
    );
    assert!(
        unregistered.stderr.starts_with(
            "warning: redirect_uri: is not one of this profile's registered redirect URIs"
        ),
        "{}",
        unregistered.stderr
    );
}

#[test]
fn url_with_a_profile_without_default_leaves_redirect_uri_out() {
    let config = Config::with_file(FIXTURE_V1);
    let run = config.run(&["url", "--profile", "Zeta Rentals", "--vehicle-id", VEHICLE]);
    assert_exit(&run, 0);
    let pairs = link_pairs(&run.stdout);
    assert_eq!(param(&pairs, "client_id"), Some(ZETA_APP));
    assert_eq!(param(&pairs, "redirect_uri"), None);
    assert!(run.stderr.starts_with("warning: redirect_uri: left out"));
}

#[test]
fn url_with_the_profiles_user_template() {
    let config = Config::with_file(FIXTURE_V1);
    let run = config.run(&["url", "--profile", "Acme Fleet", "--vehicle-id", VEHICLE]);
    assert_exit(&run, 0);
    assert_eq!(
        param(&link_pairs(&run.stdout), "user"),
        Some("support-desk")
    );
}

#[test]
fn url_with_an_unknown_profile_is_exit_2_listing_the_names() {
    let config = Config::with_file(FIXTURE_V1);
    let run = config.run(&["url", "--profile", "Nobody", "--vehicle-id", VEHICLE]);
    assert_exit(&run, 2);
    assert_eq!(
        run.stderr,
        "error: profile: no profile is named `Nobody`; saved profiles: Acme Fleet, Zeta Rentals\n"
    );
    let empty = Config::new();
    let run = empty.run(&["url", "--profile", "Nobody", "--vehicle-id", VEHICLE]);
    assert_exit(&run, 2);
    assert_eq!(
        run.stderr,
        "error: profile: no profile is named `Nobody`; there are no saved profiles yet: add one with `reauth-link profiles add`\n"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn without_a_config_dir_the_platform_config_folder_is_used() {
    let home = tempfile::tempdir().expect("temp dir");
    let xdg = home.path().join("xdg-config");
    let output = Command::new(env!("CARGO_BIN_EXE_reauth-link"))
        .env_remove("REAUTH_LINK_CONFIG_DIR")
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", &xdg)
        .args([
            "profiles",
            "add",
            "--name",
            "A",
            "--client-id",
            ACME_APP,
            "--redirect-uri",
            "https://a.example/",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    assert!(xdg.join("reauth-link").join("profiles.toml").is_file());
}
