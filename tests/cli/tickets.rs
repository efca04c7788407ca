//! The ticket corpus in `tests/fixtures/tickets`: pastes written after real tickets (a
//! wrapped e-mail, HTML mail, quoted-printable source, look-alike hosts, Safe Links and
//! URL Defense wrappers, a log line with escaped JSON, an empty file), each with what it
//! must give in `expected.json`. Every file is read through the binary (`parse FILE`) and
//! through the core, and both must say the same.

use crate::cli_support;

use std::path::{Path, PathBuf};

use cli_support::{Config, assert_exit, file_names};
use reauth_link::link::{Contract, Reading, ReauthForm, TriagedPaste, read_paste};
use serde_json::Value;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tickets")
}

fn expectations() -> serde_json::Map<String, Value> {
    let text = std::fs::read_to_string(corpus_dir().join("expected.json")).expect("expected.json");
    match serde_json::from_str(&text).expect("expected.json is JSON") {
        Value::Object(map) => map,
        other => panic!("expected.json is not an object: {other}"),
    }
}

#[test]
fn every_ticket_in_the_corpus_gives_its_expected_fields_or_refusal() {
    let expected = expectations();
    let files: Vec<String> = file_names(&corpus_dir())
        .into_iter()
        .filter(|name| name != "expected.json")
        .collect();
    assert!(files.len() >= 30, "{files:?}");
    for name in &files {
        assert!(expected.contains_key(name), "{name} has no expectation");
    }
    let config = Config::new();
    for (name, want) in &expected {
        let path = corpus_dir().join(name);
        let run = config.run(&["parse", path.to_str().expect("UTF-8 path")]);
        let context = format!("{name}\nstdout: {}\nstderr: {}", run.stdout, run.stderr);
        let exit = want["exit"].as_i64().expect("exit") as i32;
        assert_exit(&run, exit);
        if let Some(stderr) = want["stderr"].as_str() {
            assert!(run.stderr.contains(stderr), "{context}");
        }
        if exit != 0 {
            assert!(run.stdout.is_empty(), "{context}");
            continue;
        }
        let printed: Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
        let text = std::fs::read_to_string(&path).expect("fixture");
        let TriagedPaste::One { pasted, triage } = read_paste(&text)
            .map(Reading::triage)
            .expect("core reads it")
        else {
            panic!("{context}: ambiguous in the core");
        };
        if let Some(fields) = want["fields"].as_object() {
            for (key, value) in fields {
                assert_eq!(&printed["fields"][key], value, "{key}: {context}");
                let field = ReauthForm::FIELDS
                    .into_iter()
                    .find(|field| field.key(Contract::Classic) == key)
                    .expect("a field");
                assert_eq!(
                    pasted.fields.get(field),
                    value.as_str(),
                    "core {key}: {context}"
                );
                // The link's own fields say the same as the form's.
                if let Some(in_link) = printed["link"].get(key) {
                    assert_eq!(in_link, value, "link.{key}: {context}");
                }
            }
        }
        if let Some(kind) = want["kind"].as_str() {
            assert_eq!(printed["kind"], kind, "{context}");
        }
        if let Some(source) = want["source"].as_str() {
            assert_eq!(printed["source"], source, "{context}");
        }
        if let Some(warning) = want["warning"].as_str() {
            assert!(
                run.stderr.contains(&format!("warning: {warning}")),
                "{context}"
            );
            let warnings = printed["warnings"].as_array().expect("warnings");
            assert!(
                warnings
                    .iter()
                    .any(|line| line.as_str().is_some_and(|line| line.starts_with(warning))),
                "{context}"
            );
            assert!(
                pasted.notes.iter().any(|note| note.starts_with(warning)),
                "{context}"
            );
        } else {
            assert!(printed.get("warnings").is_none(), "{context}");
        }
        if let Some(advice) = want["advice"].as_str() {
            assert!(triage.advice.message.contains(advice), "{context}");
            let printed_advice = printed["advice"]["message"].as_str().unwrap_or_default();
            assert!(printed_advice.contains(advice), "{context}");
        }
    }
}

#[test]
fn an_empty_or_blank_argument_says_there_is_nothing_to_read() {
    let config = Config::new();
    for input in ["", "   ", " \n\t "] {
        let run = config.run(&["parse", input]);
        assert_exit(&run, 2);
        assert!(
            run.stderr.starts_with("error: input: nothing to read"),
            "{input:?}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("cannot read"), "{}", run.stderr);
        let from = config.run(&["url", "--from", input]);
        assert_exit(&from, 2);
        assert!(
            from.stderr.starts_with("error: input: nothing to read"),
            "{}",
            from.stderr
        );
        let piped = config.run_with_stdin(&["parse", "-"], input);
        assert_exit(&piped, 2);
        assert!(
            piped.stderr.starts_with("error: input: nothing to read"),
            "{}",
            piped.stderr
        );
    }
}

#[test]
fn a_link_inside_text_prints_kind_contract_and_link_as_a_bare_link_does() {
    let link = "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&application_id=8229df9f-91a0-4ff0-a1ae-a1f38ee24d07&vehicle_id=36ab27d0-fd9d-4455-823a-ce30af709ffc&state=0facda3319";
    let config = Config::new();
    let bare = config.run(&["parse", link]);
    assert_exit(&bare, 0);
    let bare: Value = serde_json::from_str(&bare.stdout).expect("JSON");
    for text in [
        format!("see {link} thanks"),
        format!("Hi,\n\n{link}\n\n-- \nDana"),
        format!("<p>{}</p>", link.replace('&', "&amp;")),
    ] {
        let run = config.run_with_stdin(&["parse"], &text);
        assert_exit(&run, 0);
        let printed: Value = serde_json::from_str(&run.stdout).expect("JSON");
        for key in ["kind", "contract", "link", "fields"] {
            assert_eq!(printed[key], bare[key], "{key}: {text}");
        }
        assert_eq!(printed["contract"], "current", "{text}");
    }
}

#[test]
fn url_from_a_wrapped_ticket_builds_the_exact_link_and_warns_of_a_doubt() {
    let link = "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&client_id=8229df9f-91a0-4ff0-a1ae-a1f38ee24d07&vehicle_id=36ab27d0-fd9d-4455-823a-ce30af709ffc&redirect_uri=https%3A%2F%2Fexample.com%2Fhome&state=0facda3319Xy";
    let wrapped: String = link
        .as_bytes()
        .chunks(67)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join("\n");
    let dir = tempfile::tempdir().expect("temp dir");
    let ticket = dir.path().join("ticket.txt");
    std::fs::write(&ticket, format!("Hello,\n{wrapped}\nThanks\n")).expect("write");
    let config = Config::new();
    let run = config.run(&["url", "--from", ticket.to_str().expect("path")]);
    assert_exit(&run, 0);
    assert_eq!(run.stdout.trim(), link, "{}", run.stderr);

    let doubtful = dir.path().join("doubtful.txt");
    std::fs::write(
        &doubtful,
        "Hi,\nhttps://connect.smartcar.com/oauth/reauthenticate?user=owner-7&state=0fac\nda33\n",
    )
    .expect("write");
    let run = config.run(&[
        "url",
        "--from",
        doubtful.to_str().expect("path"),
        "--client-id",
        "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07",
        "--vehicle-id",
        "36ab27d0-fd9d-4455-823a-ce30af709ffc",
        "--no-redirect-uri",
    ]);
    assert!(
        run.stderr
            .contains("warning: state: the link ends at a line break"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("state=0fac"), "{}", run.stdout);
}
