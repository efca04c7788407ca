//! The triage line through its accessible labels: after a paste it says what helps in the
//! theme's colour for its level, picks the kind of link, fills the form with exactly the
//! values in the ticket, says which of several errors it acted on, offers the virtual-key
//! URL to copy, and shows both candidates of an ambiguous paste. Every expected text comes
//! from the core's triage, never a copy of it.

use crate::ui_support;

use egui::{Color32, Key, Modifiers, Visuals};
use egui_kittest::kittest::Queryable;
use reauth_link::link::{
    Action, Level, LinkKind, Pasted, Reading, Triage, TriagedPaste, read_paste,
};
use reauth_link::ui::link::link_view::NO_LINK_HELPS;
use reauth_link::ui::link::paste_box::{FILL, PASTE_LABEL, SHOW_PASTE};
use reauth_link::ui::link::triage_line::{
    COPY_URL, NOTHING_FILLED, URL_COPIED, VIRTUAL_KEY_URL_LABEL, level_colour, level_word,
    use_candidate_label,
};
use reauth_link::ui::profiles::store_handle::WindowProfiles;
use reauth_link::ui::theme::ThemeChoice;
use reauth_link::ui::{AppSetup, PersistedState};
use serde_json::{Value, json};
use ui_support::{CLIENT, REDIRECT, VEHICLE, Window, profile, window, window_with};

const OTHER_VEHICLE: &str = "11111111-2222-4333-8444-555555555555";
const VIRTUAL_KEY_URL: &str = "https://www.tesla.com/_ak/smartcar.com";
const STATE: &str = "0facda3319";

fn resolution_link(vehicle: &str) -> String {
    format!(
        "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&client_id={CLIENT}&vehicle_id={vehicle}"
    )
}

/// A link with every field, in the order the window builds it.
fn full_link() -> String {
    format!(
        "{}&redirect_uri=https%3A%2F%2Ffleet.example.com%2Fsmartcar%2Fcallback&state={STATE}",
        resolution_link(VEHICLE)
    )
}

fn v2_body(error_type: &str, code: Option<&str>, status: u16, resolution: Value) -> Value {
    json!({
        "type": error_type,
        "code": code,
        "description": "Smartcar's description.",
        "statusCode": status,
        "requestId": "5dea93a1-3f79-4246-90c5-4f0b0a4e4a9b",
        "resolution": resolution,
    })
}

fn auth_failed() -> Value {
    v2_body(
        "CONNECTED_SERVICES_ACCOUNT",
        Some("AUTHENTICATION_FAILED"),
        400,
        json!({"type": "REAUTHENTICATE", "url": resolution_link(VEHICLE)}),
    )
}

fn webhook(errors: Vec<Value>, make: &str) -> Value {
    json!({
        "eventId": "0c5b7f4e-1111-4222-8333-444455556666",
        "eventType": "VEHICLE_ERROR",
        "vehicleId": VEHICLE,
        "data": {
            "vehicle": {"id": VEHICLE, "make": make, "model": "Model 3", "year": 2022},
            "errors": errors
        },
        "meta": {"version": "4.0", "mode": "LIVE"}
    })
}

/// One representative error for each of the nine actions, with the action it must get.
fn one_error_per_action() -> Vec<(Action, String)> {
    let mut resolved = auth_failed();
    resolved["state"] = json!("RESOLVED");
    let none = json!(null);
    vec![
        (Action::Reauthenticate, auth_failed().to_string()),
        (
            Action::TeslaPermissions,
            webhook(
                vec![v2_body("PERMISSION", None, 403, json!("REAUTHENTICATE"))],
                "TESLA",
            )
            .to_string(),
        ),
        (
            Action::Connect,
            v2_body(
                "CONNECTED_SERVICES_ACCOUNT",
                Some("NO_VEHICLES"),
                400,
                none.clone(),
            )
            .to_string(),
        ),
        (
            Action::VirtualKey,
            v2_body(
                "CONNECTED_SERVICES_ACCOUNT",
                Some("VIRTUAL_KEY_REQUIRED"),
                409,
                json!({"type": "VIRTUAL_KEY", "url": VIRTUAL_KEY_URL}),
            )
            .to_string(),
        ),
        (
            Action::OwnerAction,
            v2_body(
                "CONNECTED_SERVICES_ACCOUNT",
                Some("SUBSCRIPTION"),
                400,
                none.clone(),
            )
            .to_string(),
        ),
        (
            Action::RefreshToken,
            v2_body("AUTHENTICATION", None, 401, none.clone()).to_string(),
        ),
        (
            Action::RetryLater,
            v2_body("RATE_LIMIT", Some("VEHICLE"), 429, none.clone()).to_string(),
        ),
        (
            Action::ContactSupport,
            v2_body("SERVER", Some("RECORD_NOT_FOUND"), 500, none).to_string(),
        ),
        (Action::None, webhook(vec![resolved], "FORD").to_string()),
    ]
}

fn themed(theme: ThemeChoice) -> AppSetup {
    AppSetup {
        persisted: PersistedState {
            theme,
            ..PersistedState::default()
        },
        ..AppSetup::default()
    }
}

/// A real paste into the paste box, over whatever it held: it fills at once.
fn paste(window: &mut Window, text: &str) {
    if window.harness.query_by_label(SHOW_PASTE).is_some() {
        window.click_button(SHOW_PASTE);
    }
    window.harness.get_by_label(PASTE_LABEL).focus();
    window.harness.run();
    window.press(Modifiers::COMMAND, Key::A);
    window.harness.event(egui::Event::Paste(text.to_owned()));
    window.harness.run();
}

fn one_reading(text: &str) -> (Pasted, Triage) {
    match read_paste(text).map(Reading::triage) {
        Ok(TriagedPaste::One { pasted, triage }) => (pasted, triage),
        other => panic!("expected one reading: {other:?}"),
    }
}

fn one_triage(text: &str) -> Triage {
    one_reading(text).1
}

/// A window whose profile gives client_id and the redirect URI, in `theme`.
fn window_with_profile(theme: ThemeChoice) -> Window {
    let setup = AppSetup {
        profiles: WindowProfiles::from(vec![profile(
            "Fleet North",
            &[REDIRECT],
            Some(REDIRECT),
            None,
        )]),
        ..themed(theme)
    };
    let mut window = window_with(setup, Ok(()));
    window.pick("Profile", "Fleet North");
    window
}

/// The colour the window painted `text` in, when it painted it as one piece of text.
fn painted_colour(window: &Window, text: &str) -> Option<Color32> {
    window
        .harness
        .output()
        .shapes
        .iter()
        .find_map(|clipped| match &clipped.shape {
            egui::Shape::Text(shape) if shape.galley.text() == text => shape
                .galley
                .job
                .sections
                .first()
                .map(|section| section.format.color),
            _ => None,
        })
}

/// Every text the window painted in `colour`.
fn painted_in(window: &Window, colour: Color32) -> Vec<String> {
    window
        .harness
        .output()
        .shapes
        .iter()
        .filter_map(|clipped| match &clipped.shape {
            egui::Shape::Text(shape)
                if shape
                    .galley
                    .job
                    .sections
                    .iter()
                    .any(|section| section.format.color == colour) =>
            {
                Some(shape.galley.text().to_owned())
            }
            _ => None,
        })
        .collect()
}

/// The colour of `level` in `theme` (light or dark).
fn theme_colour(theme: ThemeChoice, level: Level) -> Color32 {
    let visuals = match theme {
        ThemeChoice::Dark => Visuals::dark(),
        _ => Visuals::light(),
    };
    level_colour(&visuals, level)
}

#[test]
fn nothing_is_shown_before_a_paste_is_read() {
    let mut window = window_with(themed(ThemeChoice::Light), Ok(()));
    let silent = |window: &Window| {
        for (action, text) in one_error_per_action() {
            let headline = one_triage(&text).headline;
            assert!(!window.has_text(&headline), "{action:?} before a paste");
        }
        for text in [NOTHING_FILLED, VIRTUAL_KEY_URL_LABEL, "Acted on error"] {
            assert!(!window.has_text(text), "{text:?} before a paste");
        }
        assert!(
            window
                .harness
                .query_by_label(&use_candidate_label(0))
                .is_none()
        );
        for level in [Level::Warning, Level::Error] {
            let colour = theme_colour(ThemeChoice::Light, level);
            assert_eq!(
                painted_in(window, colour),
                Vec::<String>::new(),
                "{level:?}"
            );
        }
    };
    silent(&window);
    // Typed, not pasted: nothing is read until "Fill form".
    window.type_into(PASTE_LABEL, &auth_failed().to_string());
    silent(&window);
    window.click_button(FILL);
    assert!(window.has_text(&one_triage(&auth_failed().to_string()).headline));
}

#[test]
fn each_action_shows_its_line_in_its_levels_colour_in_both_themes_and_picks_its_link() {
    let mut levels_seen = Vec::new();
    for theme in [ThemeChoice::Light, ThemeChoice::Dark] {
        for (action, text) in one_error_per_action() {
            let triage = one_triage(&text);
            assert_eq!(
                triage.advice.action, action,
                "the representative of {action:?}"
            );
            let mut window = window_with(themed(theme), Ok(()));
            paste(&mut window, &text);
            let context = format!("{action:?} in {theme:?}");
            assert!(
                window.has_text(&triage.headline),
                "{context}: shows {:?}",
                triage.headline
            );
            assert_eq!(
                painted_colour(&window, &triage.headline),
                Some(theme_colour(theme, action.level())),
                "{context}: painted in the colour of {:?}",
                action.level()
            );
            let spoken = format!("{}: {}", level_word(action.level()), triage.headline);
            assert!(
                window.harness.query_by_label(&spoken).is_some(),
                "{context}: a screen reader hears {spoken:?}"
            );
            assert_eq!(
                window.harness.state().chosen_link_kind(),
                action.link_kind().unwrap_or_default(),
                "{context}: the kind of link"
            );
            let says_nothing_filled = window.has_text(NOTHING_FILLED);
            let expect_nothing_filled =
                action.link_kind().is_none() && action != Action::VirtualKey;
            assert_eq!(says_nothing_filled, expect_nothing_filled, "{context}");
            levels_seen.push(action.level());
        }
    }
    for level in [Level::Info, Level::Warning, Level::Error] {
        assert!(levels_seen.contains(&level), "{level:?} is covered");
    }
}

#[test]
fn the_three_levels_have_three_colours_in_each_theme() {
    for theme in [ThemeChoice::Light, ThemeChoice::Dark] {
        let colours = [Level::Info, Level::Warning, Level::Error].map(|l| theme_colour(theme, l));
        assert_ne!(colours[0], colours[1], "{theme:?}");
        assert_ne!(colours[0], colours[2], "{theme:?}");
        assert_ne!(colours[1], colours[2], "{theme:?}");
    }
    assert_eq!(
        theme_colour(ThemeChoice::Dark, Level::Error),
        Visuals::dark().error_fg_color
    );
    assert_eq!(
        theme_colour(ThemeChoice::Light, Level::Warning),
        Visuals::light().warn_fg_color
    );
}

fn tesla_permission_error() -> String {
    webhook(
        vec![v2_body(
            "CONNECTED_SERVICES_ACCOUNT",
            Some("PERMISSION"),
            403,
            json!({"type": "REAUTHENTICATE", "url": resolution_link(VEHICLE)}),
        )],
        "Tesla",
    )
    .to_string()
}

#[test]
fn a_tesla_permission_error_moves_to_the_permissions_link_and_shows_its_values() {
    let text = tesla_permission_error();
    let triage = one_triage(&text);
    assert_eq!(triage.link, Some(LinkKind::TeslaPermissions));
    let mut window = window_with_profile(ThemeChoice::Light);
    window.type_into("Vehicle ID", OTHER_VEHICLE);
    paste(&mut window, &text);
    assert_eq!(
        window.harness.state().chosen_link_kind(),
        LinkKind::TeslaPermissions
    );
    let summary = format!(
        "{}: {}",
        LinkKind::TeslaPermissions.label(),
        triage.fill_sentence()
    );
    assert!(window.has_text(&summary), "says {summary:?}");
    assert!(summary.contains("scope"), "names what is still needed");
    assert!(!triage.filled.is_empty());
    for filled in &triage.filled {
        assert!(window.has_text(filled.name()), "{}", filled.name());
        assert!(window.has_text(&filled.value), "{}", filled.value);
    }
    // The permissions form shows, started from the profile and the paste; the scope it
    // still needs keeps the link back.
    assert_eq!(window.value_of("Client ID"), CLIENT);
    assert!(window.harness.query_by_label("Vehicle ID").is_none());
    assert_eq!(window.shown_link(), None);
}

#[test]
fn advice_without_a_link_leaves_no_earlier_case_in_the_form() {
    let mut window = window_with_profile(ThemeChoice::Light);
    paste(&mut window, &full_link());
    assert_eq!(window.shown_link(), Some(full_link()));
    for (action, text) in one_error_per_action() {
        if action.link_kind().is_some() {
            continue;
        }
        paste(&mut window, &auth_failed().to_string());
        assert_eq!(window.value_of("Vehicle ID"), VEHICLE, "{action:?}");
        paste(&mut window, &text);
        let headline = one_triage(&text).headline;
        assert!(window.has_text(&headline), "{action:?}");
        assert_eq!(window.value_of("Vehicle ID"), "", "{action:?}");
        assert_eq!(window.value_of("State"), "", "{action:?}");
        assert_eq!(window.shown_link(), None, "{action:?}: no link beside it");
        assert_eq!(
            window.value_of("Client ID"),
            CLIENT,
            "{action:?}: the profile stays"
        );
        assert_eq!(window.value_of("Redirect URI"), REDIRECT, "{action:?}");
        // Only the triage line may say "Error:" (to a screen reader, for an error-level
        // case); no field of the emptied form does.
        let headline_says_error = usize::from(level_word(action.level()) == "Error");
        assert_eq!(
            window.count_text("Error:"),
            headline_says_error,
            "{action:?}: the emptied form keeps quiet"
        );
        assert!(
            window.has_text(NO_LINK_HELPS),
            "{action:?}: the link column says no link helps"
        );
        assert!(!window.has_text("No link yet"), "{action:?}");
    }
    // A paste where a link helps: the column asks for what the link needs again.
    paste(&mut window, &auth_failed().to_string());
    assert!(!window.has_text(NO_LINK_HELPS));
}

#[test]
fn with_several_errors_the_line_says_which_it_acted_on_and_fills_from_that_one() {
    let rate_limit = v2_body("RATE_LIMIT", Some("VEHICLE"), 429, json!(null));
    let mut other_auth = auth_failed();
    other_auth["resolution"]["url"] = json!(resolution_link(OTHER_VEHICLE));
    let text = webhook(vec![rate_limit, other_auth], "FORD").to_string();
    let triage = one_triage(&text);
    let mut window = window();
    paste(&mut window, &text);
    assert!(
        triage.headline.contains("Acted on error 2 of 2"),
        "{triage:?}"
    );
    assert!(
        triage.headline.contains("RATE_LIMIT:VEHICLE"),
        "names the other"
    );
    assert!(window.has_text(&triage.headline));
    assert_eq!(window.value_of("Vehicle ID"), OTHER_VEHICLE);
    assert_eq!(window.harness.state().chosen_link_kind(), LinkKind::Reauth);
}

#[test]
fn an_ambiguous_paste_shows_both_candidates_fills_nothing_until_one_is_used() {
    let first = full_link();
    let second = full_link().replace(VEHICLE, OTHER_VEHICLE);
    let text = format!("Sent last week: {first}\nand today: {second}");
    let Ok(TriagedPaste::Ambiguous {
        message,
        candidates,
    }) = read_paste(&text).map(Reading::triage)
    else {
        panic!("two different links are ambiguous");
    };
    assert_eq!(candidates.len(), 2);
    let mut window = window_with(themed(ThemeChoice::Dark), Ok(()));
    paste(&mut window, &text);
    assert!(window.has_text(&message), "says {message:?}");
    assert_eq!(
        painted_colour(&window, &message),
        Some(theme_colour(ThemeChoice::Dark, Level::Warning))
    );
    for (index, (candidate, triage)) in candidates.iter().enumerate() {
        assert!(window.has_text(&candidate.describe()), "candidate {index}");
        assert!(window.has_text(&triage.advice.message), "candidate {index}");
        assert!(
            window
                .harness
                .query_by_label(&use_candidate_label(index))
                .is_some(),
            "a button for candidate {index}"
        );
    }
    assert_eq!(window.value_of("Vehicle ID"), "", "nothing guessed");
    assert_eq!(window.shown_link(), None);

    window.click_button(&use_candidate_label(1));
    assert_eq!(window.value_of("Vehicle ID"), OTHER_VEHICLE);
    assert_eq!(window.value_of("Client ID"), CLIENT);
    assert_eq!(window.value_of("State"), STATE);
    assert_eq!(window.shown_link(), Some(second));
    assert!(window.has_text(&candidates[1].1.headline));
    assert!(!window.has_text(&message), "the choice is made");
    assert!(
        window
            .harness
            .query_by_label(&use_candidate_label(0))
            .is_none()
    );
}

#[test]
fn a_link_inside_ticket_text_fills_exactly_its_values() {
    let link = full_link();
    let tickets = [
        format!("Hi, the owner clicked the link ({link}). It fails, can you help?"),
        format!("> On Monday the desk wrote:\n> Please use {link}.\n> Thanks"),
        format!(
            "Slack: <{}|reconnect here>, sent \"today\"",
            link.replace('&', "&amp;")
        ),
        format!("See [the link]({link})."),
    ];
    for text in tickets {
        let mut window = window();
        paste(&mut window, &text);
        assert_eq!(window.value_of("Client ID"), CLIENT, "{text}");
        assert_eq!(window.value_of("Vehicle ID"), VEHICLE, "{text}");
        assert_eq!(window.value_of("Redirect URI"), REDIRECT, "{text}");
        assert_eq!(window.value_of("State"), STATE, "{text}");
        assert_eq!(window.value_of("User"), "", "{text}");
        assert_eq!(window.shown_link(), Some(link.clone()), "{text}");
        let (pasted, triage) = one_reading(&text);
        assert!(window.has_text(&triage.headline), "{text}");
        assert!(window.has_text(&pasted.summary()), "{text}: what it filled");
    }
}

#[test]
fn the_virtual_key_url_is_shown_and_copied_exactly_and_fills_no_link() {
    let text = format!(
        "Customer forwarded: {}",
        v2_body(
            "CONNECTED_SERVICES_ACCOUNT",
            Some("VIRTUAL_KEY_REQUIRED"),
            409,
            json!({"type": "VIRTUAL_KEY", "url": VIRTUAL_KEY_URL}),
        )
    );
    let triage = one_triage(&text);
    assert!(
        triage.headline.contains(VIRTUAL_KEY_URL),
        "the message carries it"
    );
    let mut window = window();
    paste(&mut window, &text);
    assert!(window.has_text(&triage.headline));
    assert_eq!(window.value_of(VIRTUAL_KEY_URL_LABEL), VIRTUAL_KEY_URL);
    assert_eq!(window.shown_link(), None);
    assert!(!window.has_text(URL_COPIED));
    window.click_button(COPY_URL);
    assert_eq!(window.recorded.copied(), vec![VIRTUAL_KEY_URL.to_owned()]);
    assert!(window.has_text(URL_COPIED));
}

#[test]
fn a_new_paste_replaces_the_line() {
    let mut window = window();
    let first = auth_failed().to_string();
    paste(&mut window, &first);
    let retry = v2_body("SERVER", Some("INTERNAL"), 500, json!(null)).to_string();
    window.type_into(PASTE_LABEL, &retry);
    window.click_button(FILL);
    assert!(window.has_text(&one_triage(&retry).headline));
    assert!(!window.has_text(&one_triage(&first).headline));
}

#[test]
fn a_value_a_line_break_leaves_in_doubt_is_named_on_the_line_and_not_filled() {
    let text = "Hi,\nhttps://connect.smartcar.com/oauth/reauthenticate?user=owner-7&state=0facda\n3319 is on the next line\n";
    let (pasted, _) = one_reading(text);
    let note = pasted
        .notes
        .iter()
        .find(|note| note.starts_with("state: "))
        .expect("a note naming the state")
        .clone();
    let mut window = window();
    paste(&mut window, text);
    assert!(window.has_text(&note), "{note}");
    assert_eq!(window.value_of("User"), "owner-7");
    assert_eq!(window.value_of("State"), "");
}

#[test]
fn a_look_alike_host_fills_nothing_and_says_it_is_not_a_smartcar_link() {
    let text = format!(
        "Please use https://connect.smartcar.com.evil.example/oauth/reauthenticate?response_type=vehicle_id&client_id={CLIENT}&vehicle_id={VEHICLE} today"
    );
    let message = match read_paste(&text).map(Reading::triage) {
        Err(error) => error.to_string(),
        other => panic!("read a look-alike host: {other:?}"),
    };
    assert!(
        message.starts_with("not a Smartcar link (host connect.smartcar.com.evil.example"),
        "{message}"
    );
    let mut window = window();
    paste(&mut window, &text);
    assert!(window.has_text(&message), "{message}");
    assert_eq!(window.value_of("Client ID"), "");
    assert_eq!(window.value_of("Vehicle ID"), "");
}

#[test]
fn a_virtual_key_url_on_another_host_is_not_offered_to_send() {
    let foreign = "https://www.tesla.com.evil.example/_ak/smartcar.com";
    let text = v2_body(
        "CONNECTED_SERVICES_ACCOUNT",
        Some("VIRTUAL_KEY_REQUIRED"),
        409,
        json!({"type": "VIRTUAL_KEY", "url": foreign}),
    )
    .to_string();
    let triage = one_triage(&text);
    assert!(
        triage.headline.contains("is not one to send"),
        "{}",
        triage.headline
    );
    let mut window = window();
    paste(&mut window, &text);
    assert!(window.has_text(&triage.headline));
    assert!(
        window
            .harness
            .query_by_label(VIRTUAL_KEY_URL_LABEL)
            .is_none()
    );
    assert!(window.harness.query_by_label(COPY_URL).is_none());
}
