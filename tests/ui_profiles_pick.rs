//! The form's pick lists: the profile chooser and the redirect URI list with "Other…".

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use reauth_link::profiles::Profile;
use reauth_link::ui::profiles_pick::{RedirectPick, profile_pick_ui, redirect_pick_ui};

fn profile(name: &str) -> Profile {
    Profile {
        name: name.into(),
        client_id: "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07".into(),
        ..Profile::default()
    }
}

#[derive(Default)]
struct ProfileState {
    chosen: Option<String>,
    changes: Vec<Option<String>>,
}

#[test]
fn the_profile_pick_list_offers_every_profile_and_none() {
    let profiles = vec![profile("Acme"), profile("Zeta")];
    let mut harness = Harness::new_ui_state(
        move |ui, state: &mut ProfileState| {
            if let Some(choice) = profile_pick_ui(ui, &profiles, &state.chosen) {
                state.chosen = choice.clone();
                state.changes.push(choice);
            }
        },
        ProfileState::default(),
    );
    harness.run();
    assert_eq!(
        harness.get_by_label("Profile").value().as_deref(),
        Some("No profile")
    );
    harness.get_by_label("Profile").click();
    harness.run();
    harness.get_by_label("Zeta").click();
    harness.run();
    assert_eq!(harness.state().chosen.as_deref(), Some("Zeta"));
    assert_eq!(
        harness.get_by_label("Profile").value().as_deref(),
        Some("Zeta")
    );
    harness.get_by_label("Profile").click();
    harness.run();
    harness.get_by_label("No profile").click();
    harness.run();
    assert_eq!(harness.state().changes, [Some("Zeta".to_owned()), None]);
}

struct RedirectState {
    registered: Vec<String>,
    value: String,
    pick: RedirectPick,
    changed: usize,
}

fn redirect_harness(value: &str) -> Harness<'static, RedirectState> {
    let registered = vec![
        "https://acme.example/cb".to_owned(),
        "https://acme.example/other".to_owned(),
    ];
    let pick = RedirectPick::for_value(&registered, value);
    let mut harness = Harness::new_ui_state(
        |ui, state: &mut RedirectState| {
            if redirect_pick_ui(ui, &state.registered, &mut state.value, &mut state.pick) {
                state.changed += 1;
            }
        },
        RedirectState {
            registered,
            value: value.to_owned(),
            pick,
            changed: 0,
        },
    );
    harness.run();
    harness
}

#[test]
fn a_registered_uri_is_picked_from_the_list() {
    let mut harness = redirect_harness("https://acme.example/cb");
    assert!(harness.query_by_label("Other redirect URI").is_none());
    harness.get_by_label("Redirect URI").click();
    harness.run();
    harness.get_by_label("https://acme.example/other").click();
    harness.run();
    assert_eq!(harness.state().value, "https://acme.example/other");
    assert_eq!(harness.state().changed, 1);
}

#[test]
fn other_opens_a_field_for_a_uri_typed_by_hand() {
    let mut harness = redirect_harness("https://acme.example/cb");
    harness.get_by_label("Redirect URI").click();
    harness.run();
    harness.get_by_label("Other…").click();
    harness.run();
    let field = harness.get_by_label("Other redirect URI");
    field.click();
    harness.run();
    harness.get_by_label("Other redirect URI").type_text("/x");
    harness.run();
    assert_eq!(harness.state().value, "https://acme.example/cb/x");
    assert!(harness.state().pick.other);
    assert_eq!(
        harness.get_by_label("Redirect URI").value().as_deref(),
        Some("Other…")
    );
}

#[test]
fn a_value_outside_the_list_starts_on_other() {
    let harness = redirect_harness("https://typed.example/cb");
    assert_eq!(
        harness
            .get_by_label("Other redirect URI")
            .value()
            .as_deref(),
        Some("https://typed.example/cb")
    );
    assert_eq!(
        RedirectPick::for_value(&[], ""),
        RedirectPick { other: false }
    );
}
