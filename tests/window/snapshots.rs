//! How the window looks, light and dark, valid and invalid, each kind of link, and at 200 %
//! zoom. Rendered on the software renderer (Mesa llvmpipe) so CI machines without a GPU
//! agree.

use crate::qr_support;
use crate::ui_support;

use egui_kittest::kittest::Queryable;
use qr_support::decode;
use reauth_link::link::{Contract, LinkKind};
use reauth_link::profiles::Profile;
use reauth_link::ui::link::paste_box::PASTE_LABEL;
use reauth_link::ui::link::qr_view::QR_LABEL;
use reauth_link::ui::link::scope_picker::{SEARCH_PERMISSIONS, required_label};
use reauth_link::ui::link::to_the_owner::CUSTOMER_EMAIL;
use reauth_link::ui::profiles::store_handle::WindowProfiles;
use reauth_link::ui::theme::ThemeChoice;
use reauth_link::ui::{AppSetup, PersistedState};
use ui_support::{VEHICLE, Window, profile, window_sized};

const SIZE: [f32; 2] = [1000.0, 760.0];

fn setup(theme: ThemeChoice) -> AppSetup {
    AppSetup {
        profiles: WindowProfiles::from(vec![profile(
            "Fleet North",
            &[
                "https://fleet.example.com/smartcar/callback",
                "https://fleet.example.com/other",
            ],
            Some("https://fleet.example.com/smartcar/callback"),
            Some("north-ops"),
        )]),
        persisted: PersistedState {
            theme,
            ..PersistedState::default()
        },
        ..AppSetup::default()
    }
}

/// Snapshots show the window, not wherever the test's pointer was left.
fn without_pointer(mut window: Window) -> Window {
    window.harness.remove_cursor();
    window.harness.run();
    window
}

fn valid(theme: ThemeChoice, size: [f32; 2]) -> Window {
    let mut window = window_sized(setup(theme), Ok(()), size);
    window.pick("Profile", "Fleet North");
    window.type_into("Vehicle ID", VEHICLE);
    window.type_into("State", "ticket-4711");
    window.harness.get_by_label("Vehicle ID").focus();
    window.harness.run();
    without_pointer(window)
}

fn invalid(theme: ThemeChoice) -> Window {
    let mut window = window_sized(setup(theme), Ok(()), SIZE);
    window.type_into("Client ID", "client_7f3a");
    window.type_into("Redirect URI", "http://fleet.example.com/cb");
    window.type_into("Vehicle ID", "36ab27d0 fd9d");
    window.type_into("State", "abc");
    window.type_into("User", "owner@example.com");
    without_pointer(window)
}

#[test]
fn light_valid() {
    valid(ThemeChoice::Light, SIZE)
        .harness
        .snapshot("light_valid");
}

#[test]
fn dark_valid() {
    valid(ThemeChoice::Dark, SIZE)
        .harness
        .snapshot("dark_valid");
}

#[test]
fn light_invalid() {
    invalid(ThemeChoice::Light)
        .harness
        .snapshot("light_invalid");
}

#[test]
fn dark_invalid() {
    invalid(ThemeChoice::Dark).harness.snapshot("dark_invalid");
}

#[test]
fn zoomed_to_200_percent_the_form_stacks_and_stays_usable() {
    let mut window = window_sized(setup(ThemeChoice::Dark), Ok(()), SIZE);
    window.harness.ctx.set_zoom_factor(2.0);
    window.harness.run();
    window.pick("Profile", "Fleet North");
    window.type_into("Vehicle ID", VEHICLE);
    for label in ["Client ID", "Redirect URI", "Vehicle ID", "State", "User"] {
        assert!(window.harness.query_by_label(label).is_some(), "{label}");
    }
    assert!(window.shown_link().is_some());
    let mut window = without_pointer(window);
    window.harness.snapshot("dark_valid_zoom_200");
}

/// The first look: nothing typed yet, so no error colour, only hints.
fn fresh(theme: ThemeChoice) -> Window {
    without_pointer(window_sized(setup(theme), Ok(()), SIZE))
}

#[test]
fn light_fresh() {
    fresh(ThemeChoice::Light).harness.snapshot("light_fresh");
}

#[test]
fn dark_fresh() {
    fresh(ThemeChoice::Dark).harness.snapshot("dark_fresh");
}

/// The Profiles tab: the list and the editor side by side.
#[test]
fn dark_profiles_tab() {
    let mut setup = setup(ThemeChoice::Dark);
    setup.persisted.tab = reauth_link::ui::Tab::Profiles;
    let mut window = window_sized(setup, Ok(()), SIZE);
    window.harness.get_by_label("Fleet North").click();
    window.harness.run();
    without_pointer(window)
        .harness
        .snapshot("dark_profiles_tab");
}

/// Each kind of link filled in for a profile that uses today's names (application_id,
/// external_id), so the labels that follow the contract show too.
fn kind(theme: ThemeChoice, kind: LinkKind) -> Window {
    let mut setup = setup(theme);
    setup.profiles = WindowProfiles::from(vec![Profile {
        contract: Contract::Current,
        ..profile(
            "Fleet North",
            &["https://fleet.example.com/smartcar/callback"],
            Some("https://fleet.example.com/smartcar/callback"),
            Some("north-ops"),
        )
    }]);
    let mut window = window_sized(setup, Ok(()), SIZE);
    window.pick("Profile", "Fleet North");
    window.click_button(kind.label());
    match kind {
        LinkKind::Reauth => {
            window.type_into("Vehicle ID", VEHICLE);
            window.pick("Response type", "none");
        }
        LinkKind::TeslaPermissions => {
            window.type_into(SEARCH_PERMISSIONS, "charge");
            window.tick("read_charge");
            window.tick("control_charge");
            window.tick(&required_label("control_charge"));
        }
        LinkKind::Connect => {
            window.tick("read_vin");
            window.tick("read_odometer");
            window.type_into("Make", "TESLA");
            window.type_into("VIN", "5YJ3E1EA7KF317000");
            window.type_into("Country", "DE");
        }
    }
    without_pointer(window)
}

#[test]
fn light_kind_reauth() {
    kind(ThemeChoice::Light, LinkKind::Reauth)
        .harness
        .snapshot("light_kind_reauth");
}

#[test]
fn dark_kind_reauth() {
    kind(ThemeChoice::Dark, LinkKind::Reauth)
        .harness
        .snapshot("dark_kind_reauth");
}

#[test]
fn light_kind_tesla() {
    kind(ThemeChoice::Light, LinkKind::TeslaPermissions)
        .harness
        .snapshot("light_kind_tesla");
}

#[test]
fn dark_kind_tesla() {
    kind(ThemeChoice::Dark, LinkKind::TeslaPermissions)
        .harness
        .snapshot("dark_kind_tesla");
}

#[test]
fn light_kind_connect() {
    kind(ThemeChoice::Light, LinkKind::Connect)
        .harness
        .snapshot("light_kind_connect");
}

#[test]
fn dark_kind_connect() {
    kind(ThemeChoice::Dark, LinkKind::Connect)
        .harness
        .snapshot("dark_kind_connect");
}

/// The History tab: the switch, the search, and a table of recorded links with outcomes.
#[test]
fn light_history_tab() {
    use reauth_link::history::{HistoryStore, NewEntry, Outcome, Via, history_path};
    use reauth_link::ui::history::worker_handle::HistorySetup;

    // A relative folder, so the "Kept in" line reads the same on every machine.
    let config = std::path::Path::new("target/snapshot-history");
    let _ = std::fs::remove_dir_all(config);
    let mut store = HistoryStore::open(&history_path(config)).expect("creates");
    let vias = [Via::Copied, Via::Opened, Via::Emailed, Via::QrSaved];
    let entries: Vec<NewEntry> = (0..40)
        .map(|i| NewEntry {
            // From 2026-11-24 09:30 UTC, one every 17 minutes.
            time_ms: 1_795_512_600_000 + i * 17 * 60_000,
            kind: reauth_link::history::EntryKind::REAUTHENTICATE,
            profile: if i % 3 == 0 {
                "Fleet South"
            } else {
                "Fleet North"
            }
            .into(),
            vehicle_id: format!("36ab27d0-fd9d-4455-823a-ce30af70{i:04}"),
            state: format!("state-{i}"),
            owner_id: format!("owner-{}", i % 7),
            ticket: format!("SUP-{}", 4700 + i),
            via: vias[usize::try_from(i).unwrap_or_default() % vias.len()],
            link: format!("https://connect.smartcar.com/oauth/reauthenticate?state=state-{i}"),
            agent: "kim".to_owned(),
        })
        .collect();
    store.record_all(&entries).expect("records");
    for (state, outcome) in [
        ("state-39", Outcome::Success),
        ("state-37", Outcome::failed("vehicle_incompatible")),
        ("state-36", Outcome::failed("access_denied")),
    ] {
        store.set_outcome(state, &outcome).expect("sets");
    }
    drop(store);

    let mut setup = setup(ThemeChoice::Light);
    setup.persisted.tab = reauth_link::ui::Tab::History;
    setup.history = Some(HistorySetup::read(config.to_owned(), None));
    let mut window = window_sized(setup, Ok(()), SIZE);
    for _ in 0..1000 {
        window.harness.step();
        if window.has_text("SUP-4739") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    window.harness.run();
    assert!(window.has_text("40 links recorded"));
    let mut window = without_pointer(window);
    window.harness.snapshot("light_history_tab");
}

/// The link with its QR code on screen: the picture itself must decode back to the link,
/// whatever the theme around the code.
fn qr_on_screen(theme: ThemeChoice, zoom: f32) -> Window {
    let mut window = window_sized(setup(theme), Ok(()), SIZE);
    window.harness.ctx.set_zoom_factor(zoom);
    window.harness.run();
    window.pick("Profile", "Fleet North");
    window.type_into("Vehicle ID", VEHICLE);
    window.type_into(CUSTOMER_EMAIL, "owner@example.com");
    window.harness.get_by_label(QR_LABEL).scroll_to_me();
    window.harness.run();
    let mut window = without_pointer(window);
    let link = window.shown_link().expect("a link");
    let image = window.harness.render().expect("the window renders");
    let luma = |x: usize, y: usize| {
        let [r, g, b, _] = image.get_pixel(x as u32, y as u32).0;
        ((u16::from(r) + u16::from(g) + u16::from(b)) / 3) as u8
    };
    let decoded = decode(image.width() as usize, image.height() as usize, luma);
    assert_eq!(decoded, link, "{theme:?} at {zoom}");
    window
}

#[test]
fn light_qr() {
    qr_on_screen(ThemeChoice::Light, 1.0)
        .harness
        .snapshot("light_qr");
}

#[test]
fn dark_qr() {
    qr_on_screen(ThemeChoice::Dark, 1.0)
        .harness
        .snapshot("dark_qr");
}

#[test]
fn dark_qr_zoom_200() {
    qr_on_screen(ThemeChoice::Dark, 2.0)
        .harness
        .snapshot("dark_qr_zoom_200");
}

/// A webhook with two errors from a ticket: the triage line says which it acted on, in
/// the warning colour, above the form it filled.
const TWO_ERROR_WEBHOOK: &str = r#"Ticket 8812, from the webhook log:
{"eventType": "VEHICLE_ERROR", "vehicleId": "36ab27d0-fd9d-4455-823a-ce30af709ffc",
 "data": {"vehicle": {"make": "FORD"}, "errors": [
  {"type": "RATE_LIMIT", "code": "VEHICLE", "statusCode": 429},
  {"type": "CONNECTED_SERVICES_ACCOUNT", "code": "AUTHENTICATION_FAILED", "statusCode": 400,
   "resolution": {"type": "REAUTHENTICATE", "url": "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&client_id=8229df9f-91a0-4ff0-a1ae-a1f38ee24d07&vehicle_id=36ab27d0-fd9d-4455-823a-ce30af709ffc"}}]}}"#;

fn triaged(theme: ThemeChoice) -> Window {
    let mut window = window_sized(setup(theme), Ok(()), SIZE);
    window.pick("Profile", "Fleet North");
    window.harness.get_by_label(PASTE_LABEL).focus();
    window.harness.run();
    window
        .harness
        .event(egui::Event::Paste(TWO_ERROR_WEBHOOK.to_owned()));
    window.harness.run();
    without_pointer(window)
}

#[test]
fn light_triage_two_errors() {
    triaged(ThemeChoice::Light)
        .harness
        .snapshot("light_triage_two_errors");
}

#[test]
fn dark_triage_two_errors() {
    triaged(ThemeChoice::Dark)
        .harness
        .snapshot("dark_triage_two_errors");
}
