//! `tesla-permissions` and `connect` get their link to the owner as `url` does:
//! `--message email|text`, `--qr`, `--qr-png` and `--ticket`, through the same code. Every
//! expectation comes from the core (its templates, its QR code, its make names) and from
//! the command's own bare link, never a copy of them.

use crate::cli_support;
use crate::qr_support;

use reauth_link::deliver::qr;
use reauth_link::deliver::{
    MessageTemplates, MessageValues, make_for_owner, render_email, render_text,
};
use reauth_link::history::Via;
use serde_json::Value;

use cli_support::{Config, assert_exit};

const APP: &str = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";
const REDIRECT: &str = "https://acme.example/cb";
const MAKE_CODE: &str = "MERCEDES_BENZ";

/// A kind of link other than re-authentication: its history name, the command that makes
/// it, and the make its message names.
struct Kind {
    name: &'static str,
    args: &'static [&'static str],
    make: Option<String>,
}

fn kinds() -> [Kind; 2] {
    [
        Kind {
            name: "tesla_permissions",
            args: &[
                "tesla-permissions",
                "--client-id",
                APP,
                "--scope",
                "read_odometer",
            ],
            make: Some("Tesla".to_owned()),
        },
        Kind {
            name: "connect",
            args: &[
                "connect",
                "--client-id",
                APP,
                "--redirect-uri",
                REDIRECT,
                "--state",
                "st-1",
                "--make",
                MAKE_CODE,
            ],
            make: make_for_owner(MAKE_CODE),
        },
    ]
}

impl Kind {
    fn run(&self, config: &Config, extra: &[&str]) -> cli_support::Run {
        let mut args = self.args.to_vec();
        args.extend_from_slice(extra);
        config.run(&args)
    }

    /// The command's own bare link, without any of the delivery flags.
    fn bare_link(&self) -> String {
        let run = self.run(&Config::new(), &[]);
        assert_exit(&run, 0);
        run.stdout.trim_end().to_owned()
    }

    fn values<'a>(&'a self, link: &'a str, ticket: Option<&'a str>) -> MessageValues<'a> {
        MessageValues {
            link,
            app: None,
            make: self.make.as_deref(),
            vehicle_id: "",
            ticket,
        }
    }
}

#[test]
fn message_text_is_the_default_text_around_the_kinds_own_link() {
    for kind in kinds() {
        let link = kind.bare_link();
        let run = kind.run(&Config::new(), &["--message", "text"]);
        assert_exit(&run, 0);
        let expected = render_text(&MessageTemplates::default(), &kind.values(&link, None))
            .expect("the default text renders");
        assert_eq!(run.stdout, format!("{expected}\n"), "{}", kind.name);
        assert!(run.stdout.contains(&link), "{}", kind.name);
    }
}

#[test]
fn message_email_names_the_make_and_the_ticket() {
    for kind in kinds() {
        let link = kind.bare_link();
        let run = kind.run(&Config::new(), &["--message", "email", "--ticket", "T-7"]);
        assert_exit(&run, 0);
        let expected = render_email(
            &MessageTemplates::default(),
            &kind.values(&link, Some("T-7")),
        )
        .expect("the default e-mail renders");
        assert_eq!(run.stdout, expected.to_text(), "{}", kind.name);
        let make = kind.make.as_deref().expect("each kind here names its make");
        assert!(run.stdout.contains(make), "{}: {}", kind.name, run.stdout);
    }
}

#[test]
fn qr_prints_the_links_code_after_the_link() {
    for kind in kinds() {
        let link = kind.bare_link();
        let run = kind.run(&Config::new(), &["--qr"]);
        assert_exit(&run, 0);
        let code = qr::matrix(&link).expect("the link fits a QR code");
        assert_eq!(
            run.stdout,
            format!("{link}\n{}", code.terminal()),
            "{}",
            kind.name
        );
    }
}

#[test]
fn qr_png_writes_a_picture_that_reads_back_as_the_link() {
    for kind in kinds() {
        let link = kind.bare_link();
        let config = Config::new();
        let png = config.dir.path().join("link.png");
        let png_arg = png.to_str().expect("a UTF-8 path");
        let run = kind.run(&config, &["--qr-png", png_arg]);
        assert_exit(&run, 0);
        assert_eq!(run.stdout, format!("{link}\n"), "{}", kind.name);
        let bytes = std::fs::read(&png).expect("the PNG was written");
        assert_eq!(qr_support::decode_png(&bytes), link, "{}", kind.name);
    }
}

#[test]
fn a_ticket_records_the_link_under_its_kind() {
    for kind in kinds() {
        let link = kind.bare_link();
        let config = Config::new();
        let run = kind.run(&config, &["--ticket", "SUP-88"]);
        assert_exit(&run, 0);
        assert_eq!(run.stdout, format!("{link}\n"), "{}", kind.name);
        let found = config.run(&["history", "SUP-88", "--json"]);
        assert_exit(&found, 0);
        let entries: Value = serde_json::from_str(&found.stdout).expect("JSON");
        let entries = entries.as_array().expect("an array");
        assert_eq!(entries.len(), 1, "{}: {}", kind.name, found.stdout);
        let entry = &entries[0];
        assert_eq!(entry["kind"], kind.name);
        assert_eq!(entry["link"], link.as_str());
        assert_eq!(entry["ticket"], "SUP-88");
        assert_eq!(entry["via"], Via::CommandLine.as_str());
        let state = if kind.name == "connect" { "st-1" } else { "" };
        assert_eq!(entry["state"], state, "{}", kind.name);
    }
}

#[test]
fn message_and_qr_do_not_mix_with_json_for_any_kind() {
    for kind in kinds() {
        for flag in [["--message", "text"].as_slice(), ["--qr"].as_slice()] {
            let mut extra = vec!["--json"];
            extra.extend_from_slice(flag);
            let run = kind.run(&Config::new(), &extra);
            assert_exit(&run, 2);
            assert!(run.stderr.contains("cannot be used with"), "{}", run.stderr);
        }
    }
}

#[test]
fn a_refused_link_writes_no_picture_and_records_nothing() {
    for kind in kinds() {
        let config = Config::new();
        let png = config.dir.path().join("link.png");
        let png_arg = png.to_str().expect("a UTF-8 path");
        let mut args: Vec<&str> = kind.args.to_vec();
        let app = args.iter().position(|arg| *arg == APP).expect("the app id");
        args[app] = "client_not-a-uuid";
        args.extend(["--qr-png", png_arg, "--ticket", "SUP-9"]);
        let run = config.run(&args);
        assert_exit(&run, 2);
        assert_eq!(run.stdout, "", "{}", kind.name);
        assert!(!png.exists(), "{}: a picture of a refused link", kind.name);
        let found = config.run(&["history", "SUP-9", "--json"]);
        assert_exit(&found, 0);
        assert_eq!(found.stdout.trim(), "[]", "{}", kind.name);
    }
}

#[test]
fn links_without_a_state_or_vehicle_raise_no_shared_state_or_already_sent_warning() {
    let config = Config::new();
    let tesla = &kinds()[0];
    for ticket in ["SUP-1", "SUP-2"] {
        let run = tesla.run(&config, &["--ticket", ticket]);
        assert_exit(&run, 0);
        assert_eq!(
            run.stderr, "",
            "{ticket}: nothing shared, nothing already sent"
        );
    }
    let found = config.run(&["history", "SUP-", "--json"]);
    let entries: Value = serde_json::from_str(&found.stdout).expect("JSON");
    assert_eq!(entries.as_array().map(Vec::len), Some(2), "both recorded");
}
