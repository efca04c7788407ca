//! The management API in the window, against a stand-in on this machine: the Link tab's
//! Connection line, the History tab's Verify and the profile editor's token line. The
//! origin and an in-memory credential store come in through the app's setup.

use crate::management_support;
use crate::ui_support;

use std::path::Path;
use std::time::Duration;

use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT as _, Queryable};
use management_support::{MockApi, Reply, v2_page};
use reauth_link::connections::{Origin, SecretKind, SecretStore};
use reauth_link::history::{HistoryStore, NewEntry, Outcome, Via, history_path};
use reauth_link::link::LinkKind;
use reauth_link::ui::AppSetup;
use reauth_link::ui::history::panel::{CANCEL_VERIFY, SEARCH_LABEL, VERIFY};
use reauth_link::ui::history::worker_handle::HistorySetup;
use reauth_link::ui::link::connection_line::{CANCEL_LOOKUP, LOOK_UP, better_link_button};
use reauth_link::ui::link::paste_box::{FILL, PASTE_LABEL};
use reauth_link::ui::management_setup::ManagementSetup;
use reauth_link::ui::persisted::{PersistedState, Tab};
use reauth_link::ui::profiles::store_handle::WindowProfiles;
use reauth_link::ui::profiles::token_line::{
    CLIENT_SECRET_LABEL, FORGET_TOKEN, NEW_CLIENT_SECRET_LABEL, NEW_TOKEN_LABEL, NOT_STORED,
    SAVE_TOKEN, SET_TOKEN, STORED, TOKEN_LABEL,
};
use ui_support::{CLIENT, REDIRECT, VEHICLE, Window, profile, window_with};

const PROFILE: &str = "Acme Fleet";
const TOKEN: &str = "amt-window-7c6b5a49";
const USER: &str = "d2f64075-d0e1-45d4-aee0-72bd39088947";
const OTHER_VEHICLE: &str = "4bb5b2a3-0c36-4a6d-9b87-0a1d58ad6f10";
const GONE_VEHICLE: &str = "0f1e2d3c-4b5a-4968-8776-655443322110";

/// An in-memory store, holding the profile's token when `with_token`.
fn secrets(with_token: bool) -> SecretStore {
    let store = SecretStore::with_credentials(keyring::mock::default_credential_builder());
    if with_token {
        store
            .store(SecretKind::ManagementToken, PROFILE, TOKEN)
            .expect("stores");
    }
    store
}

fn setup(mock: &MockApi, secrets: SecretStore) -> AppSetup {
    let origin = Origin::parse(&mock.origin).expect("a loopback origin");
    AppSetup {
        profiles: WindowProfiles::from(vec![profile(PROFILE, &[REDIRECT], Some(REDIRECT), None)]),
        profile: Some(PROFILE.into()),
        management: Some(ManagementSetup::new(origin, secrets)),
        ..AppSetup::default()
    }
}

/// `VEHICLE` connected since 2024-06-01, `OTHER_VEHICLE` after `delay`; any other not.
fn api(delay: Duration) -> MockApi {
    MockApi::start(
        move |request, _| match request.query("vehicle_id").as_deref() {
            Some(VEHICLE) => Reply::json(
                200,
                &v2_page(&[(VEHICLE, USER, "2024-06-01T08:30:00Z")], None),
            ),
            Some(OTHER_VEHICLE) => Reply::json(
                200,
                &v2_page(&[(OTHER_VEHICLE, USER, "2024-07-01T00:00:00Z")], None),
            )
            .after(delay),
            _ => Reply::json(200, &v2_page(&[], None)),
        },
    )
}

/// Frames with pauses until `text` shows; bounded so a lost answer fails the test.
fn wait_for(window: &mut Window, text: &str) {
    for _ in 0..1000 {
        window.harness.step();
        if window.has_text(text) {
            window.harness.run();
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("`{text}` did not appear within 10 s");
}

fn look_up(window: &mut Window, vehicle: &str) {
    window.type_into("Vehicle ID", vehicle);
    window.click_button(LOOK_UP);
}

/// Everything the window's accessibility tree says, as one text.
fn all_text(window: &Window) -> String {
    window
        .harness
        .query_all_by(|_| true)
        .flat_map(|node| [node.accesskit_node().label(), node.value()])
        .flatten()
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_connected_vehicle_shows_since_when_to_whom_and_the_mode() {
    let mock = api(Duration::ZERO);
    let mut window = window_with(setup(&mock, secrets(true)), Ok(()));
    look_up(&mut window, VEHICLE);
    wait_for(
        &mut window,
        &format!("connected since 2024-06-01 08:30:00 UTC (user {USER}, live)"),
    );
    let sent = mock.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].query("vehicle_id").as_deref(), Some(VEHICLE));
    assert!(!all_text(&window).contains(TOKEN));
}

#[test]
fn a_profile_with_api_credentials_is_looked_up_through_v3() {
    const CLIENT_SECRET: &str = "csec-window-3e2d1c";
    let mock = MockApi::start(|request, _| match request.method.as_str() {
        "POST" => Reply::json(200, management_support::V3_TOKEN_ANSWER),
        _ => Reply::json(
            200,
            &management_support::v3_page(&[("conn-1", VEHICLE, USER, "2024-06-01T08:30:00Z")]),
        ),
    });
    let store = secrets(true);
    store
        .store(SecretKind::ClientSecret, PROFILE, CLIENT_SECRET)
        .expect("stores");
    let mut fleet = profile(PROFILE, &[REDIRECT], Some(REDIRECT), None);
    fleet.api_client_id = Some("client_5f1e0c7a9b".into());
    let app = AppSetup {
        profiles: WindowProfiles::from(vec![fleet]),
        ..setup(&mock, store)
    };
    let mut window = window_with(app, Ok(()));
    look_up(&mut window, VEHICLE);
    wait_for(
        &mut window,
        &format!("connected since 2024-06-01 08:30:00 UTC (user {USER}, live)"),
    );
    let sent = mock.requests();
    assert_eq!(sent.len(), 2);
    assert_eq!(
        sent[0].body,
        format!(
            "grant_type=client_credentials&client_id=client_5f1e0c7a9b&client_secret={CLIENT_SECRET}"
        )
    );
    assert_eq!(sent[1].path(), "/v3/connections");
    assert_eq!(sent[1].query("filter[vehicleId]").as_deref(), Some(VEHICLE));
    assert!(!all_text(&window).contains(CLIENT_SECRET));
}

#[test]
fn a_vehicle_without_a_connection_suggests_a_new_connection_link() {
    let mock = api(Duration::ZERO);
    let mut window = window_with(setup(&mock, secrets(true)), Ok(()));
    look_up(&mut window, GONE_VEHICLE);
    wait_for(&mut window, "not connected to this app");
    assert!(window.has_text("send a new-connection link"));
    window.click_button(&better_link_button(LinkKind::Connect));
    assert_eq!(window.harness.state().chosen_link_kind(), LinkKind::Connect);
}

#[test]
fn a_refused_token_says_where_to_copy_it_from() {
    let mock = MockApi::start(|_, _| Reply::json(401, "{}"));
    let mut window = window_with(setup(&mock, secrets(true)), Ok(()));
    look_up(&mut window, VEHICLE);
    wait_for(
        &mut window,
        "management token: the management token is wrong or revoked; copy it from the dashboard's Configuration page",
    );
}

#[test]
fn without_a_token_the_line_says_how_to_store_one_and_nothing_is_sent() {
    let mock = api(Duration::ZERO);
    let mut window = window_with(setup(&mock, secrets(false)), Ok(()));
    look_up(&mut window, VEHICLE);
    wait_for(&mut window, "profile `Acme Fleet` has no management token");
    assert!(window.has_text("in this window: Profiles, the profile's Management token, Set…"));
    assert!(mock.requests().is_empty());
}

#[test]
fn an_answer_for_a_vehicle_id_since_changed_is_dropped() {
    let mock = api(Duration::from_millis(600));
    let mut window = window_with(setup(&mock, secrets(true)), Ok(()));
    look_up(&mut window, OTHER_VEHICLE);
    assert!(window.has_text(CANCEL_LOOKUP), "the lookup runs");
    window.type_into("Vehicle ID", VEHICLE);
    // Past the stand-in's delay: the old answer has arrived and must not show.
    for _ in 0..100 {
        window.harness.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(mock.requests().len(), 1);
    assert!(
        !window.has_text("connected since"),
        "the stale answer shows"
    );
    assert!(!window.has_text(CANCEL_LOOKUP));
    window.click_button(LOOK_UP);
    wait_for(&mut window, "connected since 2024-06-01 08:30:00 UTC");
}

#[test]
fn cancel_stops_waiting_for_the_answer() {
    let mock = api(Duration::from_millis(400));
    let mut window = window_with(setup(&mock, secrets(true)), Ok(()));
    look_up(&mut window, OTHER_VEHICLE);
    window.click_button(CANCEL_LOOKUP);
    for _ in 0..80 {
        window.harness.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(!window.has_text("connected since"));
    assert!(window.has_text(LOOK_UP));
}

#[test]
fn ctrl_l_looks_the_vehicle_up() {
    let mock = api(Duration::ZERO);
    let mut window = window_with(setup(&mock, secrets(true)), Ok(()));
    window.type_into("Vehicle ID", VEHICLE);
    assert!(window.button_name(LOOK_UP).contains("Ctrl+L"));
    window.press(Modifiers::COMMAND, Key::L);
    wait_for(&mut window, "connected since 2024-06-01 08:30:00 UTC");
}

#[test]
fn a_paste_that_fills_the_vehicle_looks_it_up_when_the_profile_has_a_token() {
    let mock = api(Duration::ZERO);
    let mut window = window_with(setup(&mock, secrets(true)), Ok(()));
    let body = serde_json::json!({
        "type": "CONNECTED_SERVICES_ACCOUNT",
        "code": "AUTHENTICATION_FAILED",
        "statusCode": 400,
        "resolution": {"type": "REAUTHENTICATE", "url": format!(
            "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&client_id={CLIENT}&vehicle_id={VEHICLE}"
        )}
    })
    .to_string();
    window.type_into(PASTE_LABEL, &body);
    window.click_button(FILL);
    wait_for(&mut window, "connected since 2024-06-01 08:30:00 UTC");
}

#[test]
fn a_paste_without_a_token_asks_nothing() {
    let mock = api(Duration::ZERO);
    let mut window = window_with(setup(&mock, secrets(false)), Ok(()));
    let link = format!(
        "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&client_id={CLIENT}&vehicle_id={VEHICLE}"
    );
    window.type_into(PASTE_LABEL, &link);
    window.click_button(FILL);
    assert_eq!(window.value_of("Vehicle ID"), VEHICLE);
    for _ in 0..20 {
        window.harness.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(mock.requests().is_empty());
    assert!(!window.has_text("no management token"));
    assert!(window.has_text(LOOK_UP), "the line is back as it was");
}

/// 2024-05-01 00:00:00 UTC: before `VEHICLE` connected, after `OTHER_VEHICLE` last did
/// in the stand-in used for Verify.
const SENT_AT: i64 = 1_714_521_600_000;

fn waiting(vehicle: &str, ticket: &str) -> NewEntry {
    NewEntry {
        time_ms: SENT_AT,
        kind: reauth_link::history::EntryKind::REAUTHENTICATE,
        profile: PROFILE.into(),
        vehicle_id: vehicle.into(),
        state: String::new(),
        owner_id: String::new(),
        ticket: ticket.into(),
        via: Via::Copied,
        link: format!("https://connect.smartcar.com/oauth/reauthenticate?vehicle_id={vehicle}"),
        agent: "kim".into(),
    }
}

fn verify_api(delay: Duration) -> MockApi {
    MockApi::start(move |request, _| {
        let reply = match request.query("vehicle_id").as_deref() {
            Some(VEHICLE) => Reply::json(
                200,
                &v2_page(&[(VEHICLE, USER, "2024-06-01T08:30:00Z")], None),
            ),
            Some(OTHER_VEHICLE) => Reply::json(
                200,
                &v2_page(&[(OTHER_VEHICLE, USER, "2024-01-01T00:00:00Z")], None),
            ),
            _ => Reply::json(200, &v2_page(&[], None)),
        };
        reply.after(delay)
    })
}

fn history_window(mock: &MockApi, config: &Path) -> Window {
    let mut store = HistoryStore::open(&history_path(config)).expect("creates");
    store
        .record_all(&[
            waiting(VEHICLE, "T-7"),
            waiting(OTHER_VEHICLE, "T-7"),
            waiting(GONE_VEHICLE, "T-7"),
            waiting(GONE_VEHICLE, "T-8"),
        ])
        .expect("records");
    drop(store);
    let setup = AppSetup {
        history: Some(HistorySetup::read(config.to_owned(), None)),
        persisted: PersistedState {
            tab: Tab::History,
            ..PersistedState::default()
        },
        ..setup(mock, secrets(true))
    };
    window_with(setup, Ok(()))
}

#[test]
fn verify_checks_the_shown_entries_and_marks_the_reconnected_ones() {
    let mock = verify_api(Duration::ZERO);
    let config = tempfile::tempdir().expect("dir");
    let mut window = history_window(&mock, config.path());
    wait_for(&mut window, "4 links recorded");
    window.type_into(SEARCH_LABEL, "T-7");
    wait_for(&mut window, "3 links match");
    window.click_button(VERIFY);
    wait_for(
        &mut window,
        "verified: 1, still waiting: 1, not connected: 1 (links made with Acme Fleet)",
    );
    let verified = Outcome::verified(None);
    wait_for(&mut window, &verified.to_string());
    assert_eq!(mock.requests().len(), 3, "one request per shown vehicle");
    let store = HistoryStore::open(&history_path(config.path())).expect("opens");
    let outcomes: Vec<(String, String, Option<Outcome>)> = store
        .search("", 0, 10)
        .expect("reads")
        .into_iter()
        .map(|e| (e.ticket, e.vehicle_id, e.outcome))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("T-8".into(), GONE_VEHICLE.into(), None),
            ("T-7".into(), GONE_VEHICLE.into(), None),
            ("T-7".into(), OTHER_VEHICLE.into(), None),
            ("T-7".into(), VEHICLE.into(), Some(verified)),
        ]
    );
}

#[test]
fn verify_shows_its_progress_while_it_runs() {
    let mock = MockApi::start(|_, before| {
        Reply::json(200, &v2_page(&[], None)).after(Duration::from_millis(if before == 0 {
            0
        } else {
            800
        }))
    });
    let config = tempfile::tempdir().expect("dir");
    let mut window = history_window(&mock, config.path());
    wait_for(&mut window, "4 links recorded");
    window.click_button(VERIFY);
    wait_for(&mut window, "Verifying… 1/3 vehicles");
    wait_for(
        &mut window,
        "verified: 0, still waiting: 0, not connected: 4",
    );
}

#[test]
fn a_verification_cancelled_in_time_marks_nothing() {
    let mock = verify_api(Duration::from_millis(300));
    let config = tempfile::tempdir().expect("dir");
    let mut window = history_window(&mock, config.path());
    wait_for(&mut window, "4 links recorded");
    window.click_button(VERIFY);
    window.click_button(CANCEL_VERIFY);
    assert!(window.has_text("Verification cancelled."));
    // Past the three slow answers: the run ends on its own, having marked nothing.
    std::thread::sleep(Duration::from_millis(1500));
    window.harness.run();
    assert!(window.has_text(VERIFY));
    let store = HistoryStore::open(&history_path(config.path())).expect("opens");
    let entries = store.search("", 0, 10).expect("reads");
    assert!(entries.iter().all(|entry| entry.outcome.is_none()));
}

fn profiles_window(mock: &MockApi, store: SecretStore) -> Window {
    let setup = AppSetup {
        persisted: PersistedState {
            tab: Tab::Profiles,
            ..PersistedState::default()
        },
        ..setup(mock, store)
    };
    let mut window = window_with(setup, Ok(()));
    window.harness.get_by_label(PROFILE).click();
    window.harness.run();
    window
}

/// Frames with pauses until the token line says `status` (the store answers on a
/// thread of its own); bounded.
fn wait_for_status(window: &mut Window, status: &str) {
    for _ in 0..500 {
        window.harness.step();
        if window.harness.query_by_label(status).is_some() {
            window.harness.run();
            assert!(window.has_text(TOKEN_LABEL));
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("the token line never said `{status}`");
}

#[test]
fn a_token_is_set_shown_as_stored_only_and_forgotten() {
    let mock = api(Duration::ZERO);
    let mut window = profiles_window(&mock, secrets(false));
    wait_for_status(&mut window, NOT_STORED);
    window.click_button(SET_TOKEN);
    window.type_into(NEW_TOKEN_LABEL, TOKEN);
    assert!(!all_text(&window).contains(TOKEN), "the field is masked");
    window.click_button(SAVE_TOKEN);
    wait_for_status(&mut window, STORED);
    assert!(window.harness.query_by_label(NEW_TOKEN_LABEL).is_none());
    assert!(!all_text(&window).contains(TOKEN));

    window.click_button(FORGET_TOKEN);
    wait_for_status(&mut window, NOT_STORED);
    assert!(window.harness.query_by_label(STORED).is_none());
}

#[test]
fn a_token_set_in_the_editor_is_what_the_lookup_sends() {
    let mock = api(Duration::ZERO);
    let mut window = profiles_window(&mock, secrets(false));
    wait_for_status(&mut window, NOT_STORED);
    window.click_button(SET_TOKEN);
    window.type_into(NEW_TOKEN_LABEL, TOKEN);
    window.click_button(SAVE_TOKEN);
    wait_for_status(&mut window, STORED);
    window.harness.get_by_label(Tab::Link.label()).click();
    window.harness.run();
    look_up(&mut window, VEHICLE);
    wait_for(&mut window, "connected since");
    let expected = format!(
        "Basic {}",
        base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            format!("default:{TOKEN}")
        )
    );
    assert_eq!(
        mock.requests()[0].header("Authorization"),
        Some(expected.as_str())
    );
}

#[test]
fn a_profile_with_api_credentials_has_a_client_secret_line_whose_secret_the_lookup_sends() {
    const CLIENT_SECRET: &str = "csec-editor-9a8b7c";
    let mock = MockApi::start(|request, _| match request.method.as_str() {
        "POST" => Reply::json(200, management_support::V3_TOKEN_ANSWER),
        _ => Reply::json(200, &management_support::v3_page(&[])),
    });
    let mut fleet = profile(PROFILE, &[REDIRECT], Some(REDIRECT), None);
    fleet.api_client_id = Some("client_5f1e0c7a9b".into());
    let app = AppSetup {
        profiles: WindowProfiles::from(vec![fleet]),
        persisted: PersistedState {
            tab: Tab::Profiles,
            ..PersistedState::default()
        },
        ..setup(&mock, secrets(true))
    };
    let mut window = window_with(app, Ok(()));
    window.harness.get_by_label(PROFILE).click();
    window.harness.run();
    wait_for_status(&mut window, NOT_STORED);
    assert!(window.has_text(CLIENT_SECRET_LABEL));
    wait_for_status(&mut window, STORED);
    window
        .harness
        .query_all_by_label(SET_TOKEN)
        .nth(1)
        .expect("the client secret's Set…")
        .scroll_to_me();
    window.harness.run();
    window
        .harness
        .query_all_by_label(SET_TOKEN)
        .nth(1)
        .expect("the client secret's Set…")
        .click();
    window.harness.run();
    window.type_into(NEW_CLIENT_SECRET_LABEL, CLIENT_SECRET);
    assert!(
        !all_text(&window).contains(CLIENT_SECRET),
        "the field is masked"
    );
    window.click_button(SAVE_TOKEN);
    for _ in 0..500 {
        window.harness.step();
        if window.harness.query_all_by_label(STORED).count() == 2 {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    window.harness.run();
    assert_eq!(window.harness.query_all_by_label(STORED).count(), 2);
    assert!(!all_text(&window).contains(CLIENT_SECRET));

    window.harness.get_by_label(Tab::Link.label()).click();
    window.harness.run();
    look_up(&mut window, VEHICLE);
    wait_for(&mut window, "not connected to this app");
    assert_eq!(
        mock.requests()[0].body,
        format!(
            "grant_type=client_credentials&client_id=client_5f1e0c7a9b&client_secret={CLIENT_SECRET}"
        )
    );
}
