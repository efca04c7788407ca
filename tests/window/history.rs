//! The window's history: every way a link leaves records an entry (with the Ticket field's
//! value), the History tab (search, copy again, export, errors with the path, the
//! recording switch), the owner's return pasted into the paste box, and the rule that a
//! state belongs to one link. Each test keeps its history in a temporary config folder.

use crate::postgres_support::TestDatabase;
use crate::ui_support;

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use egui_kittest::kittest::{NodeT, Queryable};
use reauth_link::history::{
    Entry, HistoryLocation, HistoryStore, NewEntry, Outbox, Outcome, ServerUrl, Via, history_path,
    outbox_path, recording_enabled,
};
use reauth_link::link::callback::read_return;
use reauth_link::link::state_binding::StateBinding;
use reauth_link::ui::AppSetup;
use reauth_link::ui::file_dialog::{FileChooser, FileQuestion};
use reauth_link::ui::history::panel::{COPY_AGAIN, EXPORT, RECORD_SWITCH, SEARCH_LABEL};
use reauth_link::ui::history::worker_handle::HistorySetup;
use reauth_link::ui::link::link_view::{COPY, OPEN};
use reauth_link::ui::link::paste_box::PASTE_LABEL;
use reauth_link::ui::link::qr_view::SAVE_QR;
use reauth_link::ui::link::return_view::NEXT_STEP;
use reauth_link::ui::link::ticket_field::TICKET_LABEL;
use reauth_link::ui::link::to_the_owner::{COPY_MESSAGE, EMAIL};
use ui_support::{VEHICLE, Window, window_with};

const OTHER_VEHICLE: &str = "4bb5b2a3-0c36-4a6d-9b87-0a1d58ad6f10";
/// 2026-11-24 09:30:00 UTC.
const RECORDED_AT: i64 = 1_795_512_600_000;

fn setup(config: &Path) -> AppSetup {
    AppSetup {
        history: Some(HistorySetup::read(config.to_owned(), None)),
        ..AppSetup::default()
    }
}

fn history_window(config: &Path) -> Window {
    window_with(setup(config), Ok(()))
}

/// Steps frames until `text` shows; bounded so a stuck worker fails the test.
fn wait_for(window: &mut Window, text: &str) {
    for _ in 0..1000 {
        window.harness.step();
        if window.has_text(text) {
            settle(window);
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("`{text}` did not appear within 10 s");
}

/// A few frames with pauses: while the worker answers, each answer asks for a frame, so
/// `Harness::run` (which insists the window comes to rest within a few frames) would not do.
fn settle(window: &mut Window) {
    for _ in 0..8 {
        window.harness.step();
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Types into the History tab's search while the worker may be answering.
fn search(window: &mut Window, text: &str) {
    window.harness.get_by_label(SEARCH_LABEL).focus();
    settle(window);
    window
        .harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    settle(window);
    window.harness.get_by_label(SEARCH_LABEL).type_text(text);
    settle(window);
}

fn click(window: &mut Window, button: &str) {
    window.button(button).click();
    settle(window);
}

/// The history as the window left it: the window is closed first, which waits for its
/// worker to write what it was handed.
fn entries_after_closing(window: Window, config: &Path) -> Vec<Entry> {
    drop(window);
    let store = HistoryStore::open(&history_path(config)).expect("the history opens");
    store.search("", 0, 1000).expect("reads")
}

fn seeded(config: &Path, entries: &[NewEntry]) {
    let mut store = HistoryStore::open(&history_path(config)).expect("creates");
    store.record_all(entries).expect("records");
}

fn entry(ticket: &str, vehicle_id: &str, state: &str, minutes: i64) -> NewEntry {
    NewEntry {
        time_ms: RECORDED_AT + minutes * 60_000,
        kind: reauth_link::history::EntryKind::REAUTHENTICATE,
        profile: "Fleet North".into(),
        vehicle_id: vehicle_id.into(),
        state: state.into(),
        owner_id: "owner-7".into(),
        ticket: ticket.into(),
        via: Via::Copied,
        link: format!(
            "https://connect.smartcar.com/oauth/reauthenticate?vehicle_id={vehicle_id}&state={state}"
        ),
        agent: "kim".to_owned(),
    }
}

#[test]
fn copy_and_open_record_the_link_with_the_ticket() {
    let config = tempfile::tempdir().expect("temp dir");
    let mut window = history_window(config.path());
    window.fill_valid();
    window.type_into("User", "owner-42");
    window.type_into(TICKET_LABEL, "  SUP-1234 ");
    window.click_button(COPY);
    window.click_button(OPEN);
    let link = window.shown_link().expect("a link");

    let entries = entries_after_closing(window, config.path());
    let vias: Vec<&str> = entries.iter().map(|e| e.via.as_str()).collect();
    assert_eq!(vias, ["opened", "copied"], "newest first");
    for entry in &entries {
        assert_eq!(entry.link, link);
        assert_eq!(entry.ticket, "SUP-1234", "trimmed");
        assert_eq!(entry.vehicle_id, VEHICLE);
        assert_eq!(entry.owner_id, "owner-42");
        assert_eq!(entry.kind.as_str(), "reauthenticate");
        assert_eq!(entry.outcome, None);
    }
}

#[test]
fn nothing_is_recorded_while_the_link_is_blocked_or_the_browser_fails() {
    let config = tempfile::tempdir().expect("temp dir");
    let mut window = window_with(setup(config.path()), Err("no browser here".into()));
    window.click_button(COPY);
    window.fill_valid();
    window.click_button(OPEN);
    assert!(window.has_text("no browser here"));
    assert!(entries_after_closing(window, config.path()).is_empty());
}

#[test]
fn with_recording_off_nothing_is_recorded_and_the_switch_turns_it_back_on() {
    let config = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        config.path().join("settings.toml"),
        "[history]\nrecord = false\n",
    )
    .expect("writes");
    let mut window = history_window(config.path());
    window.fill_valid();
    window.click_button(COPY);

    click(&mut window, "History");
    let switch = window.harness.get_by_label(RECORD_SWITCH);
    assert_eq!(
        switch.accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::False),
        "shows the setting"
    );
    switch.click();
    settle(&mut window);
    for _ in 0..500 {
        if recording_enabled(config.path(), None) == Ok(true) {
            break;
        }
        window.harness.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(
        recording_enabled(config.path(), None),
        Ok(true),
        "saved where the command line reads it"
    );
    settle(&mut window);
    click(&mut window, "Link");
    window.click_button(COPY);
    let entries = entries_after_closing(window, config.path());
    assert_eq!(entries.len(), 1, "only the copy made after turning it on");
}

#[test]
fn the_history_tab_searches_newest_first_and_copies_a_link_again() {
    let config = tempfile::tempdir().expect("temp dir");
    let mut seed: Vec<NewEntry> = (0..300)
        .map(|i| entry(&format!("SUP-{i}"), &format!("vehicle-{i}"), "", i))
        .collect();
    seed.push(entry("OPS-77", VEHICLE, "state-77", 400));
    seeded(config.path(), &seed);

    let mut window = history_window(config.path());
    click(&mut window, "History");
    wait_for(&mut window, "301 links recorded");
    assert!(window.has_text("OPS-77"), "the newest is on top");
    assert!(
        window.has_text("Agent") && window.has_text("kim"),
        "each row names who sent its link"
    );
    assert!(
        !window.has_text("SUP-0"),
        "rows out of view are neither fetched nor laid out"
    );

    search(&mut window, "sup-29");
    wait_for(&mut window, "11 links match");
    wait_for(&mut window, "SUP-299");
    assert!(window.has_text("SUP-299") && window.has_text("SUP-29"));
    assert!(!window.has_text("SUP-28"));

    search(&mut window, VEHICLE);
    wait_for(&mut window, "1 link matches");
    wait_for(&mut window, "OPS-77");
    click(&mut window, COPY_AGAIN);
    let link = &seed[300].link;
    assert_eq!(window.recorded.copied().last(), Some(link));
    wait_for(&mut window, "2 links match");

    let entries = entries_after_closing(window, config.path());
    let again = &entries[0];
    assert_eq!(
        (again.via.as_str(), again.ticket.as_str(), &again.link),
        ("copied", "OPS-77", link),
        "copying again is recorded anew"
    );
    assert!(again.time_ms > RECORDED_AT, "at the time of the copy");
}

#[test]
fn export_writes_the_matches_to_the_chosen_file() {
    let config = tempfile::tempdir().expect("temp dir");
    seeded(
        config.path(),
        &[
            entry("SUP-1", VEHICLE, "s1", 0),
            entry("OPS-2", OTHER_VEHICLE, "s2", 1),
            entry("SUP-3", OTHER_VEHICLE, "s3", 2),
        ],
    );
    let target = config.path().join("out").join("history.csv");
    let asked: Arc<Mutex<Vec<FileQuestion>>> = Arc::default();
    let chooser_target = target.clone();
    let chooser_asked = asked.clone();
    let mut window = window_with(
        AppSetup {
            history_file_chooser: FileChooser::Custom(Box::new(move |question| {
                chooser_asked.lock().expect("lock").push(question.clone());
                Ok(Some(chooser_target.clone()))
            })),
            ..setup(config.path())
        },
        Ok(()),
    );
    click(&mut window, "History");
    search(&mut window, "sup");
    wait_for(&mut window, "2 links match");
    click(&mut window, EXPORT);
    wait_for(&mut window, "Exported 2 entries to");
    assert!(window.has_text(&target.display().to_string()));
    assert!(matches!(
        asked.lock().expect("lock").as_slice(),
        [FileQuestion::Save { file_name }] if file_name.ends_with(".csv")
    ));
    let csv = std::fs::read_to_string(&target).expect("written");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[0].starts_with("time,kind,profile,vehicle_id,state"));
    assert!(lines[1].contains("SUP-3") && lines[2].contains("SUP-1"));
}

#[test]
fn a_damaged_history_is_shown_with_its_path_and_left_alone() {
    let config = tempfile::tempdir().expect("temp dir");
    let path = history_path(config.path());
    let garbage = vec![b'x'; 8192];
    std::fs::write(&path, &garbage).expect("writes");
    let mut window = history_window(config.path());
    let shown_path = path.display().to_string();
    wait_for(&mut window, &shown_path);
    assert!(window.has_text("is damaged"), "said on the Link tab too");
    click(&mut window, "History");
    assert!(window.has_text(&shown_path) && window.has_text("move it aside"));
    drop(window);
    assert_eq!(std::fs::read(&path).expect("still there"), garbage);
}

#[test]
fn without_a_config_folder_the_history_tab_says_none_is_kept() {
    let mut window = window_with(AppSetup::default(), Ok(()));
    click(&mut window, "History");
    assert!(window.has_text("No history is kept"));
}

fn paste(window: &mut Window, text: &str) {
    window.harness.get_by_label(PASTE_LABEL).focus();
    window.harness.run();
    window.harness.event(egui::Event::Paste(text.to_owned()));
    window.harness.run();
}

#[test]
fn a_pasted_successful_return_says_so_and_sets_the_outcome_of_its_links() {
    let config = tempfile::tempdir().expect("temp dir");
    seeded(
        config.path(),
        &[
            entry("SUP-1", VEHICLE, "state-a", 0),
            entry("SUP-2", VEHICLE, "state-a", 1),
            entry("SUP-3", OTHER_VEHICLE, "state-b", 2),
        ],
    );
    let mut window = history_window(config.path());
    let landing =
        format!("https://fleet.example.com/smartcar/callback?vehicle_id={VEHICLE}&state=state-a");
    paste(&mut window, &landing);
    let read = read_return(&landing).expect("a return");
    assert!(window.has_text(&read.summary()));
    assert!(window.has_text(&format!("{NEXT_STEP} {}", read.next_step())));
    wait_for(&mut window, "2 links in the history had this state");
    assert!(window.has_text("ticket SUP-1") && window.has_text("ticket SUP-2"));
    assert_eq!(window.value_of("Vehicle ID"), "", "a return fills no form");

    let entries = entries_after_closing(window, config.path());
    let outcomes: Vec<(&str, Option<&Outcome>)> = entries
        .iter()
        .map(|e| (e.ticket.as_str(), e.outcome.as_ref()))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("SUP-3", None),
            ("SUP-2", Some(&Outcome::Success)),
            ("SUP-1", Some(&Outcome::Success))
        ]
    );
}

#[test]
fn a_pasted_error_return_shows_its_fields_and_what_to_do() {
    let config = tempfile::tempdir().expect("temp dir");
    seeded(config.path(), &[entry("SUP-9", VEHICLE, "state-z", 0)]);
    let mut window = history_window(config.path());
    let query = "?error=vehicle_incompatible&error_description=The+vehicle+is+not+supported&vin=5YJ3E1EA7KF317000&make=TESLA&model=Model+3&year=2019&state=state-z";
    paste(&mut window, query);
    let read = read_return(query).expect("a return");
    assert!(window.has_text(&read.summary()));
    assert!(read.summary().contains("2019 TESLA Model 3"));
    for value in [
        "5YJ3E1EA7KF317000",
        "TESLA",
        "Model 3",
        "2019",
        "vehicle_incompatible",
    ] {
        assert!(window.has_text(value), "{value}");
    }
    assert!(window.has_text(&format!("{NEXT_STEP} {}", read.next_step())));
    wait_for(&mut window, "1 link in the history had this state");
    let entries = entries_after_closing(window, config.path());
    assert_eq!(
        entries[0].outcome,
        Some(Outcome::failed("vehicle_incompatible"))
    );
}

#[test]
fn a_return_no_link_matches_says_so() {
    let config = tempfile::tempdir().expect("temp dir");
    let mut window = history_window(config.path());
    paste(&mut window, "?error=access_denied&state=unknown-state");
    wait_for(
        &mut window,
        "No link in the history has state unknown-state",
    );
}

#[test]
fn a_generated_state_is_made_afresh_when_the_vehicle_changes() {
    let mut window = history_window(tempfile::tempdir().expect("temp dir").path());
    window.fill_valid();
    window.click_button("Generate");
    let first = window.value_of("State");
    window.type_into("Vehicle ID", OTHER_VEHICLE);
    let second = window.value_of("State");
    assert_eq!(second.len(), 22);
    assert_ne!(first, second, "the other vehicle's link gets its own state");
    assert!(!window.has_text("Warning: this state"));
}

#[test]
fn a_typed_state_stays_with_a_warning_under_the_state_field() {
    let mut window = history_window(tempfile::tempdir().expect("temp dir").path());
    window.fill_valid();
    window.type_into("State", "ticket-4711");
    assert!(!window.has_text("Warning: this state"));
    window.type_into("Vehicle ID", OTHER_VEHICLE);
    assert_eq!(window.value_of("State"), "ticket-4711");
    let expected = StateBinding::typed(VEHICLE)
        .warning_for("ticket-4711", OTHER_VEHICLE)
        .expect("a warning");
    let shown = format!("Warning: {}", expected.trim_start_matches("state: "));
    assert!(window.has_text(&shown), "{shown}");

    window.type_into("Vehicle ID", VEHICLE);
    assert!(
        !window.has_text("Warning: this state"),
        "back to its vehicle"
    );
}

// ---- the Batch panel's export ----

const BATCH_PASTE_LABEL: &str = "Vehicle ids, a CSV or JSON events to paste";

/// A window with a profile, on the Batch tab, with two good ids and a bad one built.
fn built_batch(config: &Path) -> Window {
    built_batch_with(setup(config))
}

/// The same, with the history `setup` names.
fn built_batch_with(setup: AppSetup) -> Window {
    let uri = "https://fleet.example.com/cb";
    let mut window = window_with(
        AppSetup {
            profiles: reauth_link::ui::profiles::store_handle::WindowProfiles::from(vec![
                ui_support::profile("Fleet North", &[uri], Some(uri), None),
            ]),
            ..setup
        },
        Ok(()),
    );
    click(&mut window, "Batch");
    window.pick("Profile", "Fleet North");
    window.type_into(
        BATCH_PASTE_LABEL,
        &format!("{VEHICLE}\nnot an id\n{OTHER_VEHICLE}\n"),
    );
    click(&mut window, "Build links from the pasted text");
    wait_for(&mut window, "3 rows: 2 good, 1 bad");
    window
}

fn export_batch(window: &mut Window, file: &Path) {
    window.type_into("Export to file", &file.display().to_string());
    click(window, "Export CSV");
    wait_for(window, "Exported 3 rows");
}

#[test]
fn a_batch_exported_with_a_ticket_records_each_good_row_in_one_go() {
    let config = tempfile::tempdir().expect("temp dir");
    let mut window = built_batch(config.path());
    window.type_into(TICKET_LABEL, " MIG-2026 ");
    let file = config.path().join("links.csv");
    export_batch(&mut window, &file);
    assert!(
        window.has_text("Recorded 2 links under ticket MIG-2026"),
        "says what was recorded"
    );
    let exported = std::fs::read_to_string(&file).expect("the export is written");

    let entries = entries_after_closing(window, config.path());
    assert_eq!(
        entries.len(),
        2,
        "one entry per good row, none for the bad one"
    );
    for entry in &entries {
        assert_eq!(entry.ticket, "MIG-2026");
        assert_eq!(entry.via.as_str(), "batch_exported");
        assert_eq!(entry.profile, "Fleet North");
        assert!(
            exported.contains(&entry.link),
            "the recorded link is the exported one: {}",
            entry.link
        );
    }
    let vehicles: Vec<&str> = entries.iter().map(|e| e.vehicle_id.as_str()).collect();
    assert_eq!(
        vehicles,
        [OTHER_VEHICLE, VEHICLE],
        "newest first, input order kept"
    );
}

#[test]
fn a_batch_exported_without_a_ticket_records_nothing() {
    let config = tempfile::tempdir().expect("temp dir");
    let mut window = built_batch(config.path());
    export_batch(&mut window, &config.path().join("links.csv"));
    assert!(!window.has_text("Recorded"));
    assert!(entries_after_closing(window, config.path()).is_empty());
}

#[test]
fn with_recording_off_a_batch_ticket_warns_and_the_export_records_nothing() {
    let config = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        config.path().join("settings.toml"),
        "[history]\nrecord = false\n",
    )
    .expect("writes");
    let mut window = built_batch(config.path());
    window.type_into(TICKET_LABEL, "MIG-2026");
    assert!(window.has_text("Recording is off (see History): an export will not be recorded."));
    export_batch(&mut window, &config.path().join("links.csv"));
    assert!(!window.has_text("Recorded"));
    assert!(entries_after_closing(window, config.path()).is_empty());
}

#[test]
fn a_batch_export_whose_recording_fails_says_the_file_was_written_and_why_not_recorded() {
    let config = tempfile::tempdir().expect("temp dir");
    let mut window = built_batch(config.path());
    // A folder where the history file should be: the export's recording cannot open it.
    let history = history_path(config.path());
    std::fs::remove_file(&history).ok();
    std::fs::create_dir_all(&history).ok();
    window.type_into(TICKET_LABEL, "MIG-2026");
    let file = config.path().join("links.csv");
    export_batch(&mut window, &file);
    assert!(file.exists(), "the export itself is written");
    assert!(
        window.has_text("The links were not recorded"),
        "the failure is shown, not swallowed"
    );
    assert!(
        window.has_text(&history.display().to_string()),
        "names the file"
    );
}

#[test]
fn a_copied_message_an_e_mail_and_a_saved_qr_code_record_the_link_with_the_ticket() {
    let config = tempfile::tempdir().expect("temp dir");
    let qr_file = config.path().join("owner.png");
    let chosen = qr_file.clone();
    let mut setup = setup(config.path());
    setup.file_chooser =
        FileChooser::Custom(Box::new(move |_: &FileQuestion| Ok(Some(chosen.clone()))));
    let mut window = window_with(setup, Ok(()));
    window.fill_valid();
    window.type_into(TICKET_LABEL, "SUP-77");
    click(&mut window, COPY_MESSAGE);
    click(&mut window, EMAIL);
    click(&mut window, SAVE_QR);
    wait_for(&mut window, "QR code saved to");
    let link = window.shown_link().expect("a link");

    let entries = entries_after_closing(window, config.path());
    let vias: Vec<&str> = entries.iter().map(|e| e.via.as_str()).collect();
    assert_eq!(
        vias,
        ["qr_saved", "emailed", "message_copied"],
        "newest first"
    );
    for entry in &entries {
        assert_eq!(entry.link, link);
        assert_eq!(entry.ticket, "SUP-77");
    }
}

#[test]
fn an_e_mail_the_mail_program_did_not_take_records_nothing() {
    let config = tempfile::tempdir().expect("temp dir");
    let mut window = window_with(setup(config.path()), Err("no mail program".into()));
    window.fill_valid();
    click(&mut window, EMAIL);
    assert!(window.has_text("no mail program"));
    assert!(entries_after_closing(window, config.path()).is_empty());
}

#[test]
fn a_link_leaving_with_a_state_the_history_has_for_another_vehicle_is_warned() {
    let config = tempfile::tempdir().expect("temp dir");
    seeded(
        config.path(),
        &[entry("SUP-1", OTHER_VEHICLE, "reused-state-1", 0)],
    );
    let mut window = history_window(config.path());
    window.fill_valid();
    window.type_into("State", "reused-state-1");
    window.click_button(COPY);
    wait_for(
        &mut window,
        &format!(
            "Warning: State: the history already has this state for vehicle {OTHER_VEHICLE}, ticket SUP-1"
        ),
    );
    window.type_into("State", "another-state-2");
    window.click_button(COPY);
    for _ in 0..100 {
        settle(&mut window);
        if !window.has_text("the history already has this state") {
            return;
        }
    }
    panic!("the warning stays after a link with a state of its own");
}

#[test]
fn a_link_to_a_vehicle_another_agent_sent_one_to_today_is_warned_and_still_leaves() {
    let config = tempfile::tempdir().expect("temp dir");
    let now_ms = i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("after 1970")
            .as_millis(),
    )
    .expect("fits");
    let mut earlier = entry("SUP-88", VEHICLE, "state-of-kim", 0);
    earlier.time_ms = now_ms - 52 * 60_000;
    let mut long_ago = entry("SUP-7", OTHER_VEHICLE, "state-of-old", 0);
    long_ago.time_ms = now_ms - 25 * 60 * 60_000;
    seeded(config.path(), &[long_ago, earlier]);
    let mut window = history_window(config.path());
    window.fill_valid();
    window.type_into(TICKET_LABEL, "SUP-99");
    assert!(!window.has_text("Vehicle ID: Sent"), "nothing left yet");
    window.click_button(COPY);
    wait_for(
        &mut window,
        "min ago by kim for ticket SUP-88 (state state-of-kim); no return read yet",
    );
    assert!(window.has_text("Warning: Vehicle ID: Sent 5"));
    assert!(
        window
            .recorded
            .copied()
            .iter()
            .any(|link| link.contains(VEHICLE)),
        "the warning does not hold the link back"
    );
    // A day and more ago is another matter: that vehicle's link leaves without a word.
    window.type_into("Vehicle ID", OTHER_VEHICLE);
    window.click_button(COPY);
    for _ in 0..100 {
        settle(&mut window);
        if !window.has_text("Vehicle ID: Sent") {
            return;
        }
    }
    panic!("a link sent 25 hours ago was named");
}

#[test]
fn a_batch_exported_while_the_shared_history_is_away_waits_in_the_outbox_and_is_sent_later() {
    let config = tempfile::tempdir().expect("temp dir");
    // Nothing listens on port 1: the shared history is away.
    let away = "postgres://desk:s3cret@127.0.0.1:1/reauth_link";
    let setup = AppSetup {
        history: Some(HistorySetup::read_with_url(
            config.path().to_owned(),
            None,
            Some(away),
        )),
        ..AppSetup::default()
    };
    let mut window = built_batch_with(setup);
    window.type_into(TICKET_LABEL, "MIG-2026");
    let file = config.path().join("links.csv");
    export_batch(&mut window, &file);
    wait_for(&mut window, "Kept 2 links under ticket MIG-2026 to record");
    assert!(
        window.has_text("sent to the shared history the next time it answers"),
        "says where they went and when they leave"
    );
    assert!(!window.has_text("s3cret"), "never the password");
    drop(window);

    let outbox = outbox_path(config.path());
    assert_eq!(
        Outbox::open(&outbox).expect("opens").len().expect("counts"),
        2
    );
    let database = TestDatabase::create();
    let server = HistoryLocation::Server(ServerUrl::parse(&database.url).expect("a URL"));
    let reached = server
        .open_for_recording(&outbox)
        .expect("the server answers");
    assert!(reached.away.is_none());
    drop(reached);
    let vias: Vec<(String, String)> = database
        .connect()
        .query("SELECT ticket, via FROM entries ORDER BY time_ms, id", &[])
        .expect("reads")
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect();
    assert_eq!(
        vias,
        vec![("MIG-2026".to_owned(), "batch_exported".to_owned()); 2],
        "both exported links reached the desk's history once"
    );
    assert!(
        Outbox::open(&outbox)
            .expect("opens")
            .is_empty()
            .expect("counts")
    );
}
