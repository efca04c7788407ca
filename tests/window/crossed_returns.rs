//! Crossed returns pasted into the window's paste box: the window ties a return to its
//! link as `callback` does, so a return naming another vehicle, a state of several
//! vehicles, a return without a state and one that contradicts itself set no outcome
//! and say why. Each test keeps its history in a temporary config folder.

use crate::ui_support;

use std::path::Path;
use std::time::Duration;

use egui_kittest::kittest::Queryable;

use reauth_link::history::{Entry, HistoryStore, NewEntry, Outcome, Via, history_path};
use reauth_link::ui::AppSetup;
use reauth_link::ui::history::worker_handle::HistorySetup;
use reauth_link::ui::link::paste_box::PASTE_LABEL;
use ui_support::{VEHICLE, Window, window_with};

const OTHER_VEHICLE: &str = "4bb5b2a3-0c36-4a6d-9b87-0a1d58ad6f10";

fn history_window(config: &Path) -> Window {
    let setup = AppSetup {
        history: Some(HistorySetup::read(config.to_owned(), None)),
        ..AppSetup::default()
    };
    window_with(setup, Ok(()))
}

fn seeded(config: &Path, links: &[(&str, &str, &str)]) {
    let entries: Vec<NewEntry> = links
        .iter()
        .map(|(ticket, vehicle_id, state)| NewEntry {
            time_ms: 1_795_512_600_000,
            kind: reauth_link::history::EntryKind::REAUTHENTICATE,
            profile: "Fleet North".into(),
            vehicle_id: (*vehicle_id).into(),
            state: (*state).into(),
            owner_id: String::new(),
            ticket: (*ticket).into(),
            via: Via::Copied,
            link: format!(
                "https://connect.smartcar.com/oauth/reauthenticate?vehicle_id={vehicle_id}&state={state}"
            ),
            agent: "kim".to_owned(),
        })
        .collect();
    let mut store = HistoryStore::open(&history_path(config)).expect("creates");
    store.record_all(&entries).expect("records");
}

fn paste(window: &mut Window, text: &str) {
    window.harness.get_by_label(PASTE_LABEL).focus();
    window.harness.run();
    window.harness.event(egui::Event::Paste(text.to_owned()));
    window.harness.run();
}

/// Steps frames until `text` shows; bounded so a stuck worker fails the test.
fn wait_for(window: &mut Window, text: &str) {
    for _ in 0..1000 {
        window.harness.step();
        if window.has_text(text) {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("`{text}` did not appear within 10 s");
}

/// Each ticket's outcome once the window is closed (which waits for its worker).
fn outcomes_after_closing(window: Window, config: &Path) -> Vec<(String, Option<Outcome>)> {
    drop(window);
    let store = HistoryStore::open(&history_path(config)).expect("the history opens");
    let mut entries: Vec<Entry> = store.search("", 0, 100).expect("reads");
    entries.reverse();
    entries.into_iter().map(|e| (e.ticket, e.outcome)).collect()
}

#[test]
fn a_pasted_return_naming_another_vehicle_sets_nothing_and_says_so() {
    let config = tempfile::tempdir().expect("temp dir");
    seeded(config.path(), &[("SUP-1", VEHICLE, "state-a")]);
    let mut window = history_window(config.path());
    paste(
        &mut window,
        &format!("https://fleet.example.com/cb?vehicle_id={OTHER_VEHICLE}&state=state-a."),
    );
    wait_for(
        &mut window,
        "the vehicles differ, so no outcome was recorded",
    );
    assert!(window.has_text(&format!("the return names vehicle {OTHER_VEHICLE}")));
    assert_eq!(
        outcomes_after_closing(window, config.path()),
        [("SUP-1".to_owned(), None)]
    );
}

#[test]
fn a_pasted_return_marks_only_the_returned_vehicle_among_links_sharing_its_state() {
    let config = tempfile::tempdir().expect("temp dir");
    seeded(
        config.path(),
        &[
            ("SUP-1", VEHICLE, "shared"),
            ("SUP-2", OTHER_VEHICLE, "shared"),
        ],
    );
    let mut window = history_window(config.path());
    paste(
        &mut window,
        &format!("?vehicle_id={OTHER_VEHICLE}&state=shared"),
    );
    wait_for(&mut window, "1 link in the history had this state");
    assert_eq!(
        outcomes_after_closing(window, config.path()),
        [
            ("SUP-1".to_owned(), None),
            ("SUP-2".to_owned(), Some(Outcome::Success))
        ]
    );

    let mut window = history_window(config.path());
    paste(&mut window, "?error=access_denied&state=shared");
    wait_for(
        &mut window,
        "so it is ambiguous and no outcome was recorded",
    );
    assert_eq!(
        outcomes_after_closing(window, config.path()),
        [
            ("SUP-1".to_owned(), None),
            ("SUP-2".to_owned(), Some(Outcome::Success))
        ],
        "an ambiguous return changes nothing"
    );
}

#[test]
fn a_pasted_return_that_contradicts_itself_or_has_no_state_records_nothing() {
    let config = tempfile::tempdir().expect("temp dir");
    seeded(config.path(), &[("SUP-1", VEHICLE, "state-a")]);
    let mut window = history_window(config.path());
    paste(
        &mut window,
        &format!("?vehicle_id={VEHICLE}&state=state-a&state=state-b"),
    );
    wait_for(&mut window, "this address contradicts itself");
    assert!(window.has_text("`state` appears twice"));
    assert_eq!(window.value_of("Vehicle ID"), "", "nothing fills the form");

    assert_eq!(
        outcomes_after_closing(window, config.path()),
        [("SUP-1".to_owned(), None)]
    );

    let mut window = history_window(config.path());
    paste(&mut window, &format!("?vehicle_id={VEHICLE}"));
    wait_for(
        &mut window,
        "the return has no state, so it cannot be matched",
    );
    assert_eq!(
        outcomes_after_closing(window, config.path()),
        [("SUP-1".to_owned(), None)]
    );
}
