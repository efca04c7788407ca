//! Crossed returns: an owner's return marks only the link it belongs to, or nothing. A
//! return naming another vehicle than the link with its state, a state given to links
//! for several vehicles, a return that contradicts itself and a return without a state
//! set no outcome and say why; sentence punctuation after a pasted return is left out, and
//! so are the invisible characters a chat program put into it.

use crate::cli_support;

use std::path::Path;

use cli_support::{Run, assert_exit, run_in};
use reauth_link::history::{Entry, HistoryStore, NewEntry, ReturnMatch, Via, history_path};
use reauth_link::link::callback::{ReturnReadError, read_return};
use serde_json::Value;

const V1: &str = "36ab27d0-fd9d-4455-823a-ce30af709ffc";
const V2: &str = "4bb5b2a3-0c36-4a6d-9b87-0a1d58ad6f10";
const LANDING: &str = "https://example.com/home";

fn new_entry(ticket: &str, vehicle_id: &str, state: &str) -> NewEntry {
    NewEntry {
        time_ms: 1_795_512_600_000,
        kind: reauth_link::history::EntryKind::REAUTHENTICATE,
        profile: "Fleet".into(),
        vehicle_id: vehicle_id.into(),
        state: state.into(),
        owner_id: String::new(),
        ticket: ticket.into(),
        via: Via::CommandLine,
        link: format!(
            "https://connect.smartcar.com/oauth/reauthenticate?vehicle_id={vehicle_id}&state={state}"
        ),
        agent: "kim".to_owned(),
    }
}

/// A config folder whose history holds these links (ticket, vehicle, state).
fn history_with(links: &[(&str, &str, &str)]) -> tempfile::TempDir {
    let config = tempfile::tempdir().expect("temp dir");
    let mut store = HistoryStore::open(&history_path(config.path())).expect("creates");
    let entries: Vec<NewEntry> = links
        .iter()
        .map(|(ticket, vehicle, state)| new_entry(ticket, vehicle, state))
        .collect();
    store.record_all(&entries).expect("records");
    config
}

/// Each ticket's outcome as stored, in the order recorded.
fn outcomes(config: &Path) -> Vec<(String, Option<String>)> {
    let store = HistoryStore::open(&history_path(config)).expect("opens");
    let mut entries: Vec<Entry> = store.search("", 0, 100).expect("reads");
    entries.reverse();
    entries
        .into_iter()
        .map(|entry| (entry.ticket, entry.outcome.map(|o| o.to_string())))
        .collect()
}

fn callback(config: &Path, address: &str, json: bool) -> Run {
    let mut args = vec!["callback", address];
    if json {
        args.push("--json");
    }
    run_in(config, &args, "")
}

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).expect("JSON on stdout")
}

fn unset(tickets: &[&str]) -> Vec<(String, Option<String>)> {
    tickets.iter().map(|t| ((*t).to_owned(), None)).collect()
}

#[test]
fn a_return_naming_another_vehicle_says_the_vehicles_differ_and_sets_nothing() {
    let config = history_with(&[("SUP-1", V1, "s-a")]);
    for returned in [V2, &V2.to_ascii_uppercase()] {
        let run = callback(
            config.path(),
            &format!("{LANDING}?vehicle_id={returned}&state=s-a"),
            false,
        );
        assert_exit(&run, 2);
        assert!(
            run.stderr.starts_with(&format!(
                "error: vehicle_id: the return names vehicle {returned}, but the link with state s-a was sent to vehicle {V1}: the vehicles differ"
            )),
            "{}",
            run.stderr
        );
        assert!(run.stdout.contains("Not recorded:"), "{}", run.stdout);
        assert_eq!(outcomes(config.path()), unset(&["SUP-1"]));
    }
    let run = callback(config.path(), &format!("vehicle_id={V2}&state=s-a"), true);
    assert_exit(&run, 2);
    let value = json(&run);
    assert_eq!(value["match"], "vehicles_differ");
    assert_eq!(value["matches"], Value::Array(Vec::new()));
}

#[test]
fn one_state_given_to_several_vehicles_marks_only_the_returned_vehicle_s_links() {
    let config = history_with(&[
        ("SUP-1", V1, "shared"),
        ("SUP-2", V2, "shared"),
        ("SUP-3", V2, "shared"),
    ]);
    let run = callback(
        config.path(),
        &format!("vehicle_id={}&state=shared", V2.to_ascii_uppercase()),
        true,
    );
    assert_exit(&run, 0);
    let value = json(&run);
    assert_eq!(value["match"], "matched");
    let tickets: Vec<&str> = value["matches"]
        .as_array()
        .expect("an array")
        .iter()
        .map(|entry| entry["ticket"].as_str().expect("a ticket"))
        .collect();
    assert_eq!(tickets, ["SUP-3", "SUP-2"]);
    assert_eq!(
        outcomes(config.path()),
        [
            ("SUP-1".to_owned(), None),
            ("SUP-2".to_owned(), Some("success".to_owned())),
            ("SUP-3".to_owned(), Some("success".to_owned())),
        ]
    );
}

#[test]
fn a_return_naming_no_vehicle_for_a_state_of_several_vehicles_is_ambiguous() {
    for address in [
        "error=access_denied&state=shared",
        "code=abc123&state=shared",
        "error=vehicle_incompatible&vin=5YJ3E1EA7KF317000&state=shared",
    ] {
        let config = history_with(&[("SUP-1", V1, "shared"), ("SUP-2", V2, "shared")]);
        let run = callback(config.path(), address, false);
        assert_exit(&run, 2);
        assert!(
            run.stderr.starts_with(&format!(
                "error: state: state shared was given to links for 2 vehicles ({V2}, {V1}) and the return names no vehicle, so it is ambiguous"
            )),
            "{address}: {}",
            run.stderr
        );
        assert_eq!(outcomes(config.path()), unset(&["SUP-1", "SUP-2"]));
        let run = callback(config.path(), address, true);
        assert_eq!(json(&run)["match"], "ambiguous");
    }
}

#[test]
fn one_link_recorded_several_times_is_one_vehicle_and_all_its_entries_are_marked() {
    let config = history_with(&[("SUP-1", V1, "s-1"), ("SUP-1", V1, "s-1")]);
    let run = callback(config.path(), "error=access_denied&state=s-1", false);
    assert_exit(&run, 0);
    let denied = Some("access_denied".to_owned());
    assert_eq!(
        outcomes(config.path()),
        [
            ("SUP-1".to_owned(), denied.clone()),
            ("SUP-1".to_owned(), denied)
        ]
    );
}

/// Returns that contradict themselves, and what the message names.
const CONTRADICTORY: [(&str, &str); 7] = [
    (
        "vehicle_id=36ab27d0-fd9d-4455-823a-ce30af709ffc&vehicle_id=4bb5b2a3-0c36-4a6d-9b87-0a1d58ad6f10&state=s-1",
        "`vehicle_id` appears twice, as `36ab27d0-fd9d-4455-823a-ce30af709ffc` and as `4bb5b2a3-0c36-4a6d-9b87-0a1d58ad6f10`",
    ),
    (
        "vehicle_id=36ab27d0-fd9d-4455-823a-ce30af709ffc&state=s-1&state=s-2",
        "`state` appears twice, as `s-1` and as `s-2`",
    ),
    ("state=s-1&code=abc&state=s-1", "`state` appears twice"),
    (
        "code=abc&error=access_denied&state=s-1",
        "it holds both `code`, which a success brings, and `error`",
    ),
    (
        "error=server_error&code=abc&state=s-1",
        "it holds both `code`, which a success brings, and `error`",
    ),
    (
        "vehicle_id=36ab27d0-fd9d-4455-823a-ce30af709ffc&error=access_denied&state=s-1",
        "it holds both `vehicle_id`, which a success brings, and `error`",
    ),
    (
        "error=access_denied&error=server_error&state=s-1",
        "`error` appears twice, as `access_denied` and as `server_error`",
    ),
];

#[test]
fn a_return_that_contradicts_itself_is_refused_in_the_core() {
    for (query, named) in CONTRADICTORY {
        for text in [
            query.to_owned(),
            format!("?{query}"),
            format!("{LANDING}?{query}"),
        ] {
            let error = read_return(&text).expect_err(&text);
            assert!(
                matches!(&error, ReturnReadError::Contradictory(what) if what.starts_with(named)),
                "{text}: {error:?}"
            );
            assert!(error.to_string().contains("contradicts itself"), "{error}");
        }
    }
}

#[test]
fn a_return_that_contradicts_itself_exits_2_and_records_nothing() {
    for (query, named) in CONTRADICTORY {
        let config = history_with(&[("SUP-1", V1, "s-1")]);
        let run = callback(config.path(), &format!("{LANDING}?{query}"), false);
        assert_exit(&run, 2);
        assert!(
            run.stderr.starts_with(&format!(
                "error: url: this address contradicts itself ({named}"
            )),
            "{query}: {}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "{}", run.stdout);
        assert_eq!(outcomes(config.path()), unset(&["SUP-1"]));
    }
}

#[test]
fn sentence_punctuation_after_a_pasted_return_is_left_out() {
    for tail in [".", ",", ")", "!", "?", ";", ":", ").", "...", "),"] {
        let address = format!("{LANDING}?vehicle_id={V1}&state=s-p{tail}");
        let read = read_return(&address).expect(&address);
        assert_eq!(read.state.as_deref(), Some("s-p"), "{address}");
        let query = format!("error=access_denied&state=s-p{tail}");
        let read = read_return(&query).expect(&query);
        assert_eq!(read.state.as_deref(), Some("s-p"), "{query}");

        let config = history_with(&[("SUP-1", V1, "s-p")]);
        let run = callback(config.path(), &address, false);
        assert_exit(&run, 0);
        assert_eq!(
            outcomes(config.path()),
            [("SUP-1".to_owned(), Some("success".to_owned()))],
            "{address}"
        );
    }
    let read = read_return(&format!("vehicle_id={V1}&state=s-p(2))")).expect("reads");
    assert_eq!(
        read.state.as_deref(),
        Some("s-p(2)"),
        "a bracket of the value's own stays"
    );
}

/// A zero-width space a chat program put into the pasted state or vehicle id: the return
/// still marks its own link, and stderr says what was taken out.
#[test]
fn a_return_with_invisible_characters_pasted_in_marks_its_own_link() {
    let (head, tail) = V1.split_at(10);
    for address in [
        format!("{LANDING}?vehicle_id={V1}&state=s-\u{200b}z"),
        format!("{LANDING}?vehicle_id={head}\u{200b}{tail}&state=s-z"),
    ] {
        let config = history_with(&[("SUP-1", V1, "s-z")]);
        let run = callback(config.path(), &address, true);
        assert_exit(&run, 0);
        assert_eq!(json(&run)["match"], "matched", "{address}");
        assert!(
            run.stderr
                .contains("warning: url: took 1 invisible character(s)"),
            "{}",
            run.stderr
        );
        assert_eq!(
            outcomes(config.path()),
            [("SUP-1".to_owned(), Some("success".to_owned()))],
            "{address}"
        );
    }
}

#[test]
fn a_return_without_a_state_says_it_cannot_be_matched_and_records_nothing() {
    let config = history_with(&[("SUP-1", V1, "s-1")]);
    for address in [
        format!("{LANDING}?vehicle_id={V1}"),
        format!("{LANDING}?vehicle_id={V1}&state="),
        "error=access_denied".to_owned(),
    ] {
        let run = callback(config.path(), &address, false);
        assert_exit(&run, 2);
        assert!(
            run.stderr.starts_with(
                "error: state: the return has no state, so it cannot be matched to a link sent from here"
            ),
            "{address}: {}",
            run.stderr
        );
        assert!(
            !run.stdout.contains("No recorded link has this state"),
            "{}",
            run.stdout
        );
        assert_eq!(outcomes(config.path()), unset(&["SUP-1"]));
        let run = callback(config.path(), &address, true);
        assert_eq!(json(&run)["match"], "no_state", "{address}");
    }
}

fn entry(id: i64, vehicle_id: &str) -> Entry {
    Entry {
        id,
        time_ms: 0,
        kind: reauth_link::history::EntryKind::REAUTHENTICATE,
        profile: String::new(),
        vehicle_id: vehicle_id.into(),
        state: "s".into(),
        owner_id: String::new(),
        ticket: String::new(),
        via: reauth_link::history::Via::Copied,
        link: String::new(),
        outcome: None,
        agent: String::new(),
    }
}

/// The entries with the return's state, the vehicle it names, the ids it marks and how
/// it is tied to them.
type MatchCase = (Vec<Entry>, Option<&'static str>, Vec<i64>, &'static str);

#[test]
fn which_entries_a_return_belongs_to() {
    let matched = |ids: &[i64]| -> Vec<i64> { ids.to_vec() };
    let ids_of =
        |found: &ReturnMatch| -> Vec<i64> { found.entries().iter().map(|e| e.id).collect() };
    let cases: [MatchCase; 7] = [
        (vec![], Some(V1), matched(&[]), "no_link"),
        (
            vec![entry(2, V1), entry(1, V1)],
            None,
            matched(&[2, 1]),
            "matched",
        ),
        (
            vec![entry(2, V2), entry(1, V1)],
            Some(V1),
            matched(&[1]),
            "matched",
        ),
        (
            vec![entry(1, V1)],
            Some(V2),
            matched(&[]),
            "vehicles_differ",
        ),
        (
            vec![entry(2, V2), entry(1, V1)],
            None,
            matched(&[]),
            "ambiguous",
        ),
        // A new connection's link names no vehicle, so it differs from none.
        (vec![entry(1, "")], Some(V2), matched(&[1]), "matched"),
        (
            vec![entry(2, ""), entry(1, V1)],
            None,
            matched(&[2, 1]),
            "matched",
        ),
    ];
    for (entries, returned, expected, kind) in cases {
        let found = ReturnMatch::of(entries, returned);
        assert_eq!(ids_of(&found), expected, "{found:?}");
        let actual = match found {
            ReturnMatch::Matched(_) => "matched",
            ReturnMatch::NoLink => "no_link",
            ReturnMatch::VehiclesDiffer { .. } => "vehicles_differ",
            ReturnMatch::Ambiguous { .. } => "ambiguous",
        };
        assert_eq!(actual, kind);
    }
}
