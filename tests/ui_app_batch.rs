//! The Batch tab inside the window: the profile chosen there supplies every link's client
//! id and redirect URI, and the table lays out only the rows in view.

mod ui_support;

use std::time::Duration;

use egui_kittest::kittest::Queryable;

use reauth_link::ui::AppSetup;
use reauth_link::ui::window_profiles::WindowProfiles;
use ui_support::{VEHICLE, Window, profile, window_with};

const URI: &str = "https://fleet.example.com/cb";
const PASTE_LABEL: &str = "Vehicle ids, a CSV or JSON events to paste";

fn window() -> Window {
    window_with(
        AppSetup {
            profiles: WindowProfiles::from(vec![profile("Fleet North", &[URI], Some(URI), None)]),
            ..AppSetup::default()
        },
        Ok(()),
    )
}

/// Steps frames until `text` shows; bounded so a hung worker fails the test.
fn wait_for(window: &mut Window, text: &str) {
    for _ in 0..3000 {
        window.harness.step();
        if window.has_text(text) {
            window.harness.run();
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("`{text}` did not appear within 30 s");
}

#[test]
fn the_batch_tab_asks_for_a_profile_then_builds_with_it() {
    let mut window = window();
    window.click_button("Batch");
    assert!(window.has_text("Choose a profile first"));

    window.pick("Profile", "Fleet North");
    window.harness.get_by_label(PASTE_LABEL).focus();
    window.harness.run();
    let ids: String = (0..5000).map(|i| format!("v_{i:06}\n")).collect();
    window
        .harness
        .event(egui::Event::Paste(format!("{VEHICLE}\nnot an id\n{ids}")));
    window.harness.run();
    // Thousands of pasted lines must not push the button off screen.
    window.button("Build links from the pasted text").click();
    window.harness.step();
    wait_for(&mut window, "5002 rows");

    let expected = format!(
        "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&client_id={}&vehicle_id={VEHICLE}&redirect_uri=https%3A%2F%2Ffleet.example.com%2Fcb",
        ui_support::CLIENT
    );
    assert!(
        window.has_text(&expected),
        "the first row's link, from the profile"
    );
    assert!(window.has_text("contains a space"), "the bad row's error");
    assert!(
        !window.has_text("v_004999"),
        "rows out of view are not laid out, even inside the window"
    );
}

#[test]
fn the_profile_chosen_on_one_tab_is_chosen_on_the_other() {
    let mut window = window();
    window.pick("Profile", "Fleet North");
    window.click_button("Batch");
    assert!(!window.has_text("Choose a profile first"));
    let picker = window.harness.get_by_label("Profile");
    assert_eq!(picker.value().as_deref(), Some("Fleet North"));
}
