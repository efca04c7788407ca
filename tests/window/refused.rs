//! The window says what the core refused or cleaned, under the field or beside the link:
//! a disguised vehicle id, one that is no id at all, a link too long for mail and SMS.

use crate::ui_support;

use reauth_link::link::length::long_link_warning;
use reauth_link::link::{ReauthForm, check};
use ui_support::{CLIENT, REDIRECT, VEHICLE, window};

fn form_with(vehicle_id: &str, state: &str) -> ReauthForm {
    ReauthForm {
        client_id: CLIENT.into(),
        vehicle_id: vehicle_id.into(),
        redirect_uri: REDIRECT.into(),
        state: state.into(),
        ..ReauthForm::default()
    }
}

#[test]
fn a_disguised_vehicle_id_is_linked_clean_with_a_note_under_the_field() {
    let mut window = window();
    window.fill_valid();
    let typed = format!("{{{VEHICLE}\u{200B}}}");
    window.type_into("Vehicle ID", &typed);
    let checked = check(&form_with(&typed, ""), &[]);
    let note = checked
        .findings
        .warnings()
        .next()
        .expect("the core notes what it removed")
        .message();
    assert!(
        note.starts_with("removed a zero-width space (U+200B) and braces"),
        "{note}"
    );
    assert!(
        window.has_text(&format!("Warning: {note}")),
        "shows {note:?}"
    );
    let link = window.shown_link().expect("a link");
    assert_eq!(link, checked.link.expect("a request").url);
    assert!(link.contains(&format!("vehicle_id={VEHICLE}&")), "{link}");
}

#[test]
fn a_vehicle_id_that_is_no_uuid_without_its_hidden_characters_is_an_error_under_the_field() {
    let mut window = window();
    window.fill_valid();
    window.type_into("Vehicle ID", "v_1a2b\u{200B}");
    assert!(
        window.has_text("Error: contains a zero-width space (U+200B), which no id has"),
        "the error shows under the field"
    );
    assert_eq!(window.shown_link(), None);
}

#[test]
fn a_link_past_2000_bytes_is_warned_beside_the_link() {
    let mut window = window();
    window.fill_valid();
    let state = "s".repeat(2_000);
    window.type_into("State", &state);
    let link = window.shown_link().expect("a long link is still built");
    let warning = long_link_warning(&link).expect("the core warns of it");
    assert!(
        window.has_text(&format!("Warning: The link {warning}")),
        "{warning}"
    );

    window.type_into("State", "state-12345");
    assert!(!window.has_text("mail programs and SMS may cut"));
}
