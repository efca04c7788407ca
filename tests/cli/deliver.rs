//! Getting the link to the owner from the command line: `url --message`, `--qr`,
//! `--qr-png`, `batch --message-column`, and templates in `profiles add`.

use crate::cli_support;

use std::path::Path;

use reauth_link::deliver::message::{
    DEFAULT_EMAIL_BODY, DEFAULT_EMAIL_SUBJECT, DEFAULT_TEXT_MESSAGE, NEUTRAL_APP, NEUTRAL_MAKE,
    NEUTRAL_TICKET,
};
use reauth_link::deliver::qr::{self, TERMINAL_COLOURS};

use cli_support::{Config, Run, assert_exit};

const APP: &str = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";
const VEHICLE: &str = "36ab27d0-fd9d-4455-823a-ce30af709ffc";
const REDIRECT: &str = "https://acme.example/cb";
const LINK: &str = "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&client_id=8229df9f-91a0-4ff0-a1ae-a1f38ee24d07&vehicle_id=36ab27d0-fd9d-4455-823a-ce30af709ffc&redirect_uri=https%3A%2F%2Facme.example%2Fcb";

impl Config {
    /// Adds `Acme Fleet` with the templates given as extra `profiles add` flags.
    fn add_acme_with_templates(&self, template_flags: &[&str]) -> Run {
        let mut args = vec![
            "profiles",
            "add",
            "--name",
            "Acme Fleet",
            "--client-id",
            APP,
            "--redirect-uri",
            REDIRECT,
        ];
        args.extend_from_slice(template_flags);
        self.run(&args)
    }

    /// `url` for the test's vehicle under the `Acme Fleet` profile, then `flags`.
    fn url_for_acme(&self, flags: &[&str]) -> Run {
        let mut args = vec!["url", "--profile", "Acme Fleet", "--vehicle-id", VEHICLE];
        args.extend_from_slice(flags);
        self.run(&args)
    }

    fn profiles_file(&self) -> std::path::PathBuf {
        self.dir.path().join("profiles.toml")
    }
}

/// What a default template gives for these values (the test's own plain substitution).
fn fill(template: &str, app: &str, make: &str, ticket: &str) -> String {
    template
        .replace("{link}", LINK)
        .replace("{app}", app)
        .replace("{make}", make)
        .replace("{vehicle_id}", VEHICLE)
        .replace("{ticket}", ticket)
}

const URL_ARGS: [&str; 7] = [
    "url",
    "--client-id",
    APP,
    "--vehicle-id",
    VEHICLE,
    "--redirect-uri",
    REDIRECT,
];

#[test]
fn without_the_new_flags_url_prints_one_line() {
    let run = Config::new().run(&URL_ARGS);
    assert_exit(&run, 0);
    assert_eq!(run.stdout, format!("{LINK}\n"));
}

#[test]
fn message_email_without_a_profile_is_the_default_in_neutral_words() {
    let mut args = URL_ARGS.to_vec();
    args.extend(["--message", "email"]);
    let run = Config::new().run(&args);
    assert_exit(&run, 0);
    let subject = fill(
        DEFAULT_EMAIL_SUBJECT,
        NEUTRAL_APP,
        NEUTRAL_MAKE,
        NEUTRAL_TICKET,
    );
    let body = fill(
        DEFAULT_EMAIL_BODY,
        NEUTRAL_APP,
        NEUTRAL_MAKE,
        NEUTRAL_TICKET,
    );
    assert_eq!(run.stdout, format!("Subject: {subject}\n\n{body}"));
    assert_eq!(run.stderr, "");
}

#[test]
fn message_text_uses_the_profiles_name_and_the_ticket() {
    let config = Config::new();
    assert_exit(&config.add_acme_with_templates(&[]), 0);
    let run = config.url_for_acme(&["--message", "text", "--ticket", "T-9"]);
    assert_exit(&run, 0);
    let text = fill(DEFAULT_TEXT_MESSAGE, "Acme Fleet", NEUTRAL_MAKE, "T-9");
    assert_eq!(run.stdout, format!("{text}\n"));
}

#[test]
fn a_profiles_own_templates_are_used_and_shown() {
    let config = Config::new();
    let added = config.add_acme_with_templates(&[
        "--email-subject",
        "[{ticket}] {app}",
        "--email-body",
        "Car {vehicle_id}:\n{link}\n",
        "--text-message",
        "{{{app}}} {link}",
    ]);
    assert_exit(&added, 0);
    let email = config.url_for_acme(&["--message", "email", "--ticket", "T-9"]);
    assert_exit(&email, 0);
    assert_eq!(
        email.stdout,
        format!("Subject: [T-9] Acme Fleet\n\nCar {VEHICLE}:\n{LINK}\n")
    );
    let text = config.url_for_acme(&["--message", "text"]);
    assert_exit(&text, 0);
    assert_eq!(text.stdout, format!("{{Acme Fleet}} {LINK}\n"));
    let shown = config.run(&["profiles", "show", "Acme Fleet"]);
    assert_exit(&shown, 0);
    assert!(
        shown.stdout.ends_with(
            "email_subject: [{ticket}] {app}\nemail_body: Car {vehicle_id}:\\n{link}\\n\ntext_message: {{{app}}} {link}\n"
        ),
        "{}",
        shown.stdout
    );
}

#[test]
fn profiles_add_refuses_bad_templates_naming_each_field() {
    let config = Config::new();
    let run = config.add_acme_with_templates(&[
        "--email-subject",
        "Hi {name",
        "--email-body",
        "no link",
        "--text-message",
        "{vehicle} {link}",
    ]);
    assert_exit(&run, 2);
    assert_eq!(
        run.stderr,
        "error: email_subject: line 1, column 4: this `{` is never closed: end the placeholder with `}`, or write {{ for a brace of its own\n\
         error: email_body: has no {link}: the owner needs the link; put {link} where it should go\n\
         error: text_message: line 1, column 1: `{vehicle}` is not a placeholder: use one of {link}, {app}, {make}, {vehicle_id}, {ticket}, or write {{ and }} for braces of their own\n"
    );
    assert!(!config.profiles_file().exists(), "nothing was saved");
}

#[test]
fn a_hand_edited_bad_template_stops_url_message_with_exit_2() {
    let config = Config::new();
    std::fs::write(
        config.profiles_file(),
        format!(
            "version = 1\n\n[[profile]]\nname = \"Acme Fleet\"\nclient_id = \"{APP}\"\nredirect_uris = [\"{REDIRECT}\"]\ndefault_redirect_uri = \"{REDIRECT}\"\ntext_message = \"open {{lnk}}\"\n"
        ),
    )
    .expect("writes");
    let run = config.url_for_acme(&["--message", "text"]);
    assert_exit(&run, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.starts_with(
            "error: text_message: the profile's template: line 1, column 6: `{lnk}` is not a placeholder"
        ),
        "{}",
        run.stderr
    );
    // The plain link does not need the template.
    let plain = config.run(&["url", "--profile", "Acme Fleet", "--vehicle-id", VEHICLE]);
    assert_exit(&plain, 0);
}

#[test]
fn a_pasted_webhooks_make_names_the_car_in_the_message() {
    let config = Config::new();
    let webhook = format!(
        r#"{{"eventType": "VEHICLE_ERROR", "vehicleId": "{VEHICLE}",
            "data": {{"vehicle": {{"id": "{VEHICLE}", "make": "LAND_ROVER"}},
            "errors": [{{"type": "CONNECTED_SERVICES_ACCOUNT", "code": "AUTHENTICATION_FAILED"}}]}}}}"#
    );
    let from_paste = [
        "url",
        "--client-id",
        APP,
        "--redirect-uri",
        REDIRECT,
        "--from",
        "-",
        "--message",
        "text",
    ];
    let run = config.run_with_stdin(&from_paste, &webhook);
    assert_exit(&run, 0);
    let text = fill(
        DEFAULT_TEXT_MESSAGE,
        NEUTRAL_APP,
        "Land Rover",
        NEUTRAL_TICKET,
    );
    assert_eq!(run.stdout, format!("{text}\n"));

    // A vehicle id given beside the paste is another car: its make is not known.
    let other = "4bb5b2a3-0c36-4a6d-9b87-0a1d58ad6f10";
    let mut overridden = from_paste.to_vec();
    overridden.extend(["--vehicle-id", other]);
    let run = config.run_with_stdin(&overridden, &webhook);
    assert_exit(&run, 0);
    assert!(run.stdout.contains(NEUTRAL_MAKE), "{}", run.stdout);
    assert!(!run.stdout.contains("Land Rover"), "{}", run.stdout);
}

#[test]
fn an_unknown_message_form_is_refused() {
    let mut args = URL_ARGS.to_vec();
    args.extend(["--message", "sms"]);
    let run = Config::new().run(&args);
    assert_exit(&run, 2);
    assert!(run.stderr.contains("invalid value 'sms'"), "{}", run.stderr);
}

#[test]
fn qr_prints_the_link_then_the_code_for_the_terminal() {
    let mut args = URL_ARGS.to_vec();
    args.push("--qr");
    let run = Config::new().run(&args);
    assert_exit(&run, 0);
    let expected = qr::matrix(LINK).expect("fits").terminal();
    assert_eq!(run.stdout, format!("{LINK}\n{expected}"));
    assert!(expected.starts_with(TERMINAL_COLOURS));
}

#[test]
fn qr_png_writes_the_code_and_prints_the_link() {
    let config = Config::new();
    let path = config.dir.path().join("link.png");
    std::fs::write(&path, "an older image").expect("writes");
    let mut args = URL_ARGS.to_vec();
    let path_text = path.to_str().expect("UTF-8 path").to_owned();
    args.extend(["--qr-png", &path_text]);
    let run = config.run(&args);
    assert_exit(&run, 0);
    assert_eq!(run.stdout, format!("{LINK}\n"));
    let bytes = std::fs::read(&path).expect("the PNG");
    assert_eq!(bytes, qr::matrix(LINK).expect("fits").png_bytes());
    let leftovers: Vec<_> = std::fs::read_dir(config.dir.path())
        .expect("lists")
        .map(|entry| entry.expect("entry").file_name())
        .filter(|name| name != "link.png")
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary file stays: {leftovers:?}"
    );
}

#[test]
fn qr_png_where_no_folder_can_be_made_is_exit_1_and_prints_nothing() {
    let config = Config::new();
    // A file stands where the folder would have to be created.
    let blocker = config.dir.path().join("not-a-folder");
    std::fs::write(&blocker, "a file").expect("writes");
    let path = blocker.join("link.png");
    let mut args = URL_ARGS.to_vec();
    let path_text = path.to_str().expect("UTF-8 path").to_owned();
    args.extend(["--qr-png", &path_text]);
    let run = config.run(&args);
    assert_exit(&run, 1);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .starts_with(&format!("error: cannot write {path_text}: ")),
        "{}",
        run.stderr
    );
    assert!(!Path::new(&path).exists());
}

#[test]
fn qr_png_into_a_missing_folder_creates_it_as_every_file_the_tool_writes() {
    let config = Config::new();
    let path = config.dir.path().join("missing").join("link.png");
    let mut args = URL_ARGS.to_vec();
    let path_text = path.to_str().expect("UTF-8 path").to_owned();
    args.extend(["--qr-png", &path_text]);
    let run = config.run(&args);
    assert_exit(&run, 0);
    let png = std::fs::read(&path).expect("the PNG is written");
    assert!(png.starts_with(b"\x89PNG"), "a PNG file");
}

#[test]
fn a_link_too_long_for_a_qr_code_is_exit_2() {
    let mut args = URL_ARGS.to_vec();
    let state = "s".repeat(3000);
    args.extend(["--state", &state, "--qr"]);
    let run = Config::new().run(&args);
    assert_exit(&run, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.starts_with("error: qr: the link is ")
            && run.stderr.contains("send it as text instead"),
        "{}",
        run.stderr
    );
}

#[test]
fn message_and_qr_do_not_mix_with_json() {
    for flag in [["--message", "text"].as_slice(), ["--qr"].as_slice()] {
        let mut args = URL_ARGS.to_vec();
        args.push("--json");
        args.extend_from_slice(flag);
        let run = Config::new().run(&args);
        assert_exit(&run, 2);
        assert!(run.stderr.contains("cannot be used with"), "{}", run.stderr);
    }
}

#[test]
fn batch_message_column_holds_each_good_rows_text() {
    let config = Config::new();
    assert_exit(
        &config.add_acme_with_templates(&["--text-message", "{app} {vehicle_id}: {link}"]),
        0,
    );
    let second = "4bb5b2a3-0c36-4a6d-9b87-0a1d58ad6f10";
    let input = format!("vehicle_id,note\n{VEHICLE},a\n,b\n{second},c\n");
    let run = config.run_with_stdin(
        &["batch", "--profile", "Acme Fleet", "--message-column"],
        &input,
    );
    assert_exit(&run, 2);
    let rows: Vec<_> = run.stdout.lines().collect();
    assert_eq!(rows[0], "vehicle_id,state,user,url,error,message,note");
    let second_link = LINK.replace(VEHICLE, second);
    assert_eq!(
        rows[1],
        format!("{VEHICLE},,,{LINK},,Acme Fleet {VEHICLE}: {LINK},a")
    );
    assert!(rows[2].starts_with(",,,,"), "{}", rows[2]);
    assert!(
        rows[2].ends_with(",,b"),
        "a bad row has no message: {}",
        rows[2]
    );
    assert_eq!(
        rows[3],
        format!("{second},,,{second_link},,Acme Fleet {second}: {second_link},c")
    );
}

#[test]
fn batch_without_the_flag_has_no_message_column() {
    let config = Config::new();
    let run = config.run_with_stdin(
        &["batch", "--client-id", APP, "--redirect-uri", REDIRECT],
        &format!("{VEHICLE}\n"),
    );
    assert_exit(&run, 0);
    assert_eq!(
        run.stdout.lines().next(),
        Some("vehicle_id,state,user,url,error")
    );
}

#[test]
fn batch_message_column_without_a_profile_uses_the_default_text() {
    let config = Config::new();
    let run = config.run_with_stdin(
        &[
            "batch",
            "--client-id",
            APP,
            "--redirect-uri",
            REDIRECT,
            "--message-column",
        ],
        &format!("{VEHICLE}\n"),
    );
    assert_exit(&run, 0);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let record = reader.records().next().expect("a row").expect("CSV");
    assert_eq!(
        &record[5],
        fill(
            DEFAULT_TEXT_MESSAGE,
            NEUTRAL_APP,
            NEUTRAL_MAKE,
            NEUTRAL_TICKET
        )
    );
}
