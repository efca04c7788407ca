//! Profiles in the Link panel, the theme and what the window remembers, by accessible label.

use crate::ui_support;

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use reauth_link::link::{Field, LinkKind, ReauthForm, Severity, check};
use reauth_link::ui::link::paste_box::{FILL, PASTE_LABEL, SHOW_PASTE};
use reauth_link::ui::link::reauth_fields::{LEAVE_OUT_URI, OTHER_URI, OTHER_URI_LABEL};
use reauth_link::ui::profile_picker::{NO_PROFILE, PROFILE_NOTE};
use reauth_link::ui::profiles::store_handle::WindowProfiles;
use reauth_link::ui::theme::ThemeChoice;
use reauth_link::ui::{AppSetup, PersistedState};
use ui_support::{CLIENT, VEHICLE, Window, profile, window_with};

const FIRST_URI: &str = "https://fleet.example.com/callback";
const SECOND_URI: &str = "https://fleet.example.com/other";

fn registered() -> Vec<String> {
    vec![FIRST_URI.to_owned(), SECOND_URI.to_owned()]
}

fn setup() -> AppSetup {
    AppSetup {
        profiles: WindowProfiles::from(vec![
            profile(
                "Fleet North",
                &[FIRST_URI, SECOND_URI],
                Some(SECOND_URI),
                Some("north-ops"),
            ),
            profile("Fleet South", &[FIRST_URI], None, None),
        ]),
        vehicle_id: Some(VEHICLE.into()),
        ..AppSetup::default()
    }
}

fn open_window(setup: AppSetup) -> Window {
    window_with(setup, Ok(()))
}

fn north_form() -> ReauthForm {
    ReauthForm {
        client_id: CLIENT.into(),
        vehicle_id: VEHICLE.into(),
        redirect_uri: SECOND_URI.into(),
        user: "north-ops".into(),
        ..ReauthForm::default()
    }
}

fn link_for(form: &ReauthForm, registered: &[String]) -> String {
    check(form, registered)
        .link
        .expect("a valid form")
        .url
        .clone()
}

fn combo_shows(window: &Window, label: &str) -> String {
    let node = window.harness.get_by_label(label);
    assert_eq!(node.accesskit_node().role(), Role::ComboBox, "{label}");
    node.value().unwrap_or_default()
}

#[test]
fn choosing_a_profile_fills_client_id_default_uri_and_user() {
    let mut window = open_window(setup());
    window.pick("Profile", "Fleet North");
    assert_eq!(window.value_of("Client ID"), CLIENT);
    assert_eq!(window.value_of("User"), "north-ops");
    assert_eq!(combo_shows(&window, "Redirect URI"), SECOND_URI);
    assert_eq!(
        window.shown_link(),
        Some(link_for(&north_form(), &registered()))
    );
    assert_eq!(
        window.harness.state().persisted().last_profile.as_deref(),
        Some("Fleet North")
    );
}

#[test]
fn another_registered_uri_can_be_picked() {
    let mut window = open_window(setup());
    window.pick("Profile", "Fleet North");
    window.pick("Redirect URI", FIRST_URI);
    let form = ReauthForm {
        redirect_uri: FIRST_URI.into(),
        ..north_form()
    };
    assert_eq!(window.shown_link(), Some(link_for(&form, &registered())));
}

#[test]
fn other_shows_a_labelled_field_and_warns_when_the_uri_is_not_registered() {
    let mut window = open_window(setup());
    window.pick("Profile", "Fleet North");
    assert!(window.harness.query_by_label(OTHER_URI_LABEL).is_none());
    window.pick("Redirect URI", OTHER_URI);
    let typed = "https://fleet.example.com/callbak";
    window.type_into(OTHER_URI_LABEL, typed);
    let form = ReauthForm {
        redirect_uri: typed.into(),
        ..north_form()
    };
    let checked = check(&form, &registered());
    let warning = checked
        .findings
        .for_field(Field::RedirectUri)
        .find(|finding| finding.severity() == Severity::Warning)
        .expect("not registered");
    assert!(window.has_text(&warning.message()), "{}", warning.message());
    assert_eq!(window.shown_link(), Some(link_for(&form, &registered())));
}

#[test]
fn leave_out_drops_the_redirect_uri_with_a_warning() {
    let mut window = open_window(setup());
    window.pick("Profile", "Fleet North");
    window.pick("Redirect URI", LEAVE_OUT_URI);
    let form = ReauthForm {
        omit_redirect_uri: true,
        ..north_form()
    };
    let findings = check(&form, &registered()).findings;
    assert!(!findings.is_empty(), "leaving it out earns a warning");
    for finding in findings.iter() {
        assert!(window.has_text(&finding.message()));
    }
    assert_eq!(window.shown_link(), Some(link_for(&form, &registered())));
}

#[test]
fn a_profile_without_a_default_uri_starts_with_it_left_out() {
    let mut window = open_window(setup());
    window.pick("Profile", "Fleet South");
    assert_eq!(combo_shows(&window, "Redirect URI"), LEAVE_OUT_URI);
    assert_eq!(window.value_of("User"), "");
}

#[test]
fn no_profile_makes_every_field_free_text_again() {
    let mut window = open_window(setup());
    window.pick("Profile", "Fleet North");
    window.pick("Profile", NO_PROFILE);
    let redirect = window.harness.get_by_label("Redirect URI");
    assert_eq!(redirect.accesskit_node().role(), Role::TextInput);
    assert_eq!(redirect.value().as_deref(), Some(SECOND_URI), "values stay");
    assert_eq!(window.harness.state().persisted().last_profile, None);
    // Nothing counts as registered any more: no "not registered" warning for a new URI.
    window.type_into("Redirect URI", "https://elsewhere.example.com/cb");
    assert!(!window.has_text("registered redirect URIs"));
}

#[test]
fn profile_from_the_command_line_is_chosen_at_start() {
    let window = open_window(AppSetup {
        profile: Some("Fleet North".into()),
        ..setup()
    });
    assert_eq!(combo_shows(&window, "Profile"), "Fleet North");
    assert_eq!(
        window.shown_link(),
        Some(link_for(&north_form(), &registered()))
    );
}

#[test]
fn an_unknown_profile_from_the_command_line_is_said_plainly() {
    let window = open_window(AppSetup {
        profile: Some("Fleet West".into()),
        ..setup()
    });
    let notice = "There is no saved profile named `Fleet West`";
    assert!(window.has_text(notice));
    assert_eq!(combo_shows(&window, "Profile"), NO_PROFILE);
    let mut window = window;
    window.pick("Profile", "Fleet South");
    assert!(!window.has_text(notice), "picking a profile answers it");
}

#[test]
fn the_last_used_profile_comes_back() {
    let window = open_window(AppSetup {
        persisted: PersistedState {
            last_profile: Some("Fleet North".into()),
            ..PersistedState::default()
        },
        ..setup()
    });
    assert_eq!(combo_shows(&window, "Profile"), "Fleet North");
    assert_eq!(window.value_of("Client ID"), CLIENT);
}

#[test]
fn a_remembered_profile_that_is_gone_is_forgotten_quietly() {
    let window = open_window(AppSetup {
        persisted: PersistedState {
            last_profile: Some("Deleted".into()),
            ..PersistedState::default()
        },
        ..setup()
    });
    assert_eq!(combo_shows(&window, "Profile"), NO_PROFILE);
    assert!(!window.has_text("Deleted"));
    assert_eq!(window.harness.state().persisted().last_profile, None);
}

#[test]
fn the_theme_can_be_light_dark_or_the_systems_and_is_remembered() {
    let mut window = open_window(setup());
    window.pick("Theme", ThemeChoice::Dark.label());
    assert_eq!(window.harness.ctx.theme(), egui::Theme::Dark);
    assert_eq!(window.harness.state().persisted().theme, ThemeChoice::Dark);
    window.pick("Theme", ThemeChoice::Light.label());
    assert_eq!(window.harness.ctx.theme(), egui::Theme::Light);
    window.pick("Theme", ThemeChoice::System.label());
    assert_eq!(
        window.harness.state().persisted().theme,
        ThemeChoice::System
    );
    assert_eq!(
        window.harness.ctx.options(|o| o.theme_preference),
        egui::ThemePreference::System
    );
}

#[test]
fn a_remembered_theme_is_applied_at_start() {
    let window = open_window(AppSetup {
        persisted: PersistedState {
            theme: ThemeChoice::Dark,
            ..PersistedState::default()
        },
        ..setup()
    });
    assert_eq!(window.harness.ctx.theme(), egui::Theme::Dark);
    assert_eq!(combo_shows(&window, "Theme"), ThemeChoice::Dark.label());
}

#[test]
fn the_other_tabs_are_reachable_and_remembered() {
    let mut window = open_window(setup());
    window.harness.get_by_label("Batch").click();
    window.harness.run();
    assert!(window.has_text("Choose a profile first"));
    assert!(window.harness.query_by_label("Vehicle ID").is_none());
    assert_eq!(
        window.harness.state().persisted().tab,
        reauth_link::ui::Tab::Batch
    );
}

#[test]
fn remembered_state_reads_back_and_tolerates_missing_fields() {
    let state = PersistedState {
        theme: ThemeChoice::Light,
        last_profile: Some("Fleet North".into()),
        tab: reauth_link::ui::Tab::Profiles,
        kind: LinkKind::TeslaPermissions,
    };
    let text = serde_json::to_string(&state).expect("serialises");
    let back: PersistedState = serde_json::from_str(&text).expect("reads back");
    assert_eq!(back, state);
    let partial: PersistedState =
        serde_json::from_str(r#"{"theme":"Dark"}"#).expect("missing fields default");
    assert_eq!(partial.theme, ThemeChoice::Dark);
    assert_eq!(partial.last_profile, None);
    assert_eq!(partial.kind, LinkKind::Reauth);
}

#[derive(Default)]
struct MemoryStorage(std::collections::HashMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }

    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }

    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }

    fn flush(&mut self) {}
}

#[test]
fn saving_stores_theme_profile_tab_and_kind_for_the_next_start() {
    let mut window = open_window(setup());
    window.pick("Profile", "Fleet North");
    window.pick("Theme", ThemeChoice::Dark.label());
    window.click_button(LinkKind::Connect.label());
    let mut storage = MemoryStorage::default();
    eframe::App::save(window.harness.state_mut(), &mut storage);
    let saved: PersistedState =
        eframe::get_value(&storage, eframe::APP_KEY).expect("the window saved its state");
    assert_eq!(
        saved,
        PersistedState {
            theme: ThemeChoice::Dark,
            last_profile: Some("Fleet North".into()),
            tab: reauth_link::ui::Tab::Link,
            kind: LinkKind::Connect,
        }
    );
    let next = open_window(AppSetup {
        persisted: saved,
        ..setup()
    });
    assert_eq!(combo_shows(&next, "Profile"), "Fleet North");
    assert_eq!(next.harness.ctx.theme(), egui::Theme::Dark);
    assert!(
        next.harness.query_by_label("VIN").is_some(),
        "the new-connection form again"
    );
}

#[test]
fn the_chosen_profiles_note_is_shown_on_the_link_tab() {
    let note = "Call Dana at the depot first; the owner knows the app as FleetGo.";
    let mut north = profile("Fleet North", &[FIRST_URI], Some(FIRST_URI), None);
    north.note = note.into();
    let mut window = open_window(AppSetup {
        profiles: WindowProfiles::from(vec![
            north,
            profile("Fleet South", &[FIRST_URI], None, None),
        ]),
        ..AppSetup::default()
    });
    assert!(!window.has_text(note));
    window.pick("Profile", "Fleet North");
    assert!(window.has_text(PROFILE_NOTE));
    assert!(window.has_text(note));
    window.pick("Profile", "Fleet South");
    assert!(
        !window.has_text(note),
        "a profile without a note shows none"
    );
    assert!(!window.has_text(PROFILE_NOTE));
}

#[test]
fn a_paste_counts_what_the_profile_supplies_and_folds_away_once_the_link_is_built() {
    let mut window = open_window(AppSetup {
        vehicle_id: None,
        ..setup()
    });
    window.pick("Profile", "Fleet North");
    let link = format!(
        "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&vehicle_id={VEHICLE}"
    );
    window.type_into(PASTE_LABEL, &link);
    window.click_button(FILL);
    assert!(
        window.has_text(
            "Filled Vehicle ID from the re-authentication link; already in the form: Client ID, Redirect URI."
        ),
        "counts what the profile supplies"
    );
    assert!(!window.has_text("still needed"));
    assert_eq!(
        window.shown_link(),
        Some(link_for(&north_form(), &registered()))
    );
    assert!(
        window.harness.query_by_label(PASTE_LABEL).is_some(),
        "the label stays as a heading"
    );
    assert!(
        window
            .harness
            .query_all_by_label(PASTE_LABEL)
            .all(|node| node.accesskit_node().role() != Role::MultilineTextInput),
        "the pasted text is folded away"
    );
    window.click_button(SHOW_PASTE);
    assert!(
        window
            .harness
            .query_all_by_label(PASTE_LABEL)
            .any(|node| node.accesskit_node().role() == Role::MultilineTextInput),
        "and comes back on request"
    );
}
