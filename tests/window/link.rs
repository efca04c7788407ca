//! The Link panel through its accessible labels: typing, findings, the link, copy, open,
//! shortcuts and paste to fill. Every expectation comes from the core, never a copy of it.

use crate::ui_support;

use std::time::Duration;

use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT, Queryable};
use reauth_link::link::{Contract, Reading, ReauthForm, Severity, check, read_paste};
use reauth_link::ui::AppSetup;
use reauth_link::ui::app::COPIED_FOR;
use reauth_link::ui::link::link_view::{COPIED, COPY, OPEN};
use reauth_link::ui::link::paste_box::{FILL, PASTE_LABEL};
use ui_support::{CLIENT, REDIRECT, VEHICLE, window, window_with};

fn valid_form() -> ReauthForm {
    ReauthForm {
        client_id: CLIENT.into(),
        vehicle_id: VEHICLE.into(),
        redirect_uri: REDIRECT.into(),
        ..ReauthForm::default()
    }
}

fn core_link(form: &ReauthForm) -> String {
    check(form, &[])
        .link
        .expect("the form is valid")
        .url
        .clone()
}

/// What the window must show for `form`: each finding's message, prefixed by its severity.
fn expected_lines(form: &ReauthForm) -> Vec<String> {
    check(form, &[])
        .findings
        .iter()
        .map(expected_line)
        .collect()
}

fn expected_line(finding: &reauth_link::link::Finding) -> String {
    let prefix = match finding.severity() {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
    };
    format!("{prefix}: {}", finding.message())
}

#[test]
fn typing_each_field_updates_the_link_on_every_keystroke() {
    let mut window = window();
    assert_eq!(window.shown_link(), None, "an empty form has no link");
    window.fill_valid();
    let mut form = valid_form();
    assert_eq!(window.shown_link(), Some(core_link(&form)));

    window.type_into("State", "ticket-4711-x");
    form.state = "ticket-4711-x".into();
    assert_eq!(window.shown_link(), Some(core_link(&form)));

    window.type_into("User", "owner-42");
    form.user = "owner-42".into();
    assert_eq!(window.shown_link(), Some(core_link(&form)));

    // One more character, no submit: the link follows.
    window.harness.get_by_label("User").type_text("9");
    window.harness.run();
    form.user = "owner-429".into();
    assert_eq!(window.shown_link(), Some(core_link(&form)));
}

#[test]
fn the_decoded_parameters_are_listed_beside_the_link() {
    let mut window = window();
    window.fill_valid();
    window.type_into("User", "owner & co");
    let mut form = valid_form();
    form.user = "owner & co".into();
    let request = check(&form, &[]).link.expect("valid");
    let params = &request.params;
    assert!(params.len() >= 4, "the link has its parameters");
    for (name, value) in params {
        assert!(window.has_text(name), "parameter {name} listed");
        assert!(window.has_text(value), "decoded value {value} listed");
    }
}

#[test]
fn every_error_and_warning_appears_under_its_field_and_goes_away_when_fixed() {
    // (field label, bad input that earns a finding, good input)
    let cases = [
        ("Client ID", "client_abc", CLIENT),
        ("Client ID", "not-a-uuid", CLIENT),
        ("Vehicle ID", "has a space", VEHICLE),
        ("Vehicle ID", "https://connect.smartcar.com/x", VEHICLE),
        ("Vehicle ID", "abc123", VEHICLE),
        ("Redirect URI", "ftp://fleet.example.com/cb", REDIRECT),
        ("Redirect URI", "http://fleet.example.com/cb", REDIRECT),
        ("Redirect URI", "fleet.example.com/cb", REDIRECT),
        ("Redirect URI", "https://fleet.example.com/cb#x", REDIRECT),
        ("State", "abc", "long-enough-state"),
        ("State", "a state with spaces", "long-enough-state"),
        ("User", "owner@example.com", "owner-42"),
    ];
    for (label, bad, good) in cases {
        let mut window = window();
        window.fill_valid();
        let mut form = valid_form();
        let field = ReauthForm::FIELDS
            .into_iter()
            .find(|field| field.label(Contract::Classic) == label)
            .expect("a form field");

        window.type_into(label, bad);
        *form.get_mut(field).expect("a re-authentication field") = bad.to_owned();
        let lines = expected_lines(&form);
        assert!(!lines.is_empty(), "{label}={bad:?} must earn a finding");
        for line in &lines {
            assert!(window.has_text(line), "{label}={bad:?}: shows {line:?}");
        }
        let checked = check(&form, &[]);
        let own: Vec<String> = checked
            .findings
            .for_field(field)
            .map(expected_line)
            .collect();
        assert!(!own.is_empty(), "{label}={bad:?}: a finding of its own");
        for line in &own {
            assert!(
                window.shows_under(label, line),
                "{label}={bad:?}: {line:?} under the field"
            );
            // Not under another field: the first one when this is the last, else the last.
            let other = if label == "User" { "Client ID" } else { "User" };
            assert!(
                !window.shows_under(other, line),
                "{label}={bad:?}: {line:?} not under {other}"
            );
        }
        let blocks = checked.findings.has_errors();
        assert_eq!(window.shown_link().is_none(), blocks, "{label}={bad:?}");

        window.type_into(label, good);
        for line in &lines {
            assert!(!window.has_text(line), "{label}={good:?}: {line:?} gone");
        }
        assert!(!window.has_text("Error: "), "no error left");
        assert!(!window.has_text("Warning: "), "no warning left");
        *form.get_mut(field).expect("a re-authentication field") = good.to_owned();
        assert_eq!(window.shown_link(), Some(core_link(&form)));
    }
}

#[test]
fn a_fresh_window_hints_at_what_is_needed_without_error_colour_until_copy_is_tried() {
    let mut window = window();
    let form = ReauthForm::default();
    let findings = check(&form, &[]).findings;
    assert_eq!(findings.errors().count(), 3, "three required fields");
    assert!(
        !window.has_text("Error: "),
        "no error before anything was typed"
    );
    for finding in findings.iter() {
        assert!(
            window.has_text(&finding.message()),
            "hints {:?}",
            finding.message()
        );
    }
    assert!(window.has_text("No link yet: fill in Client ID, Vehicle ID, Redirect URI."));
    let summary = findings
        .blocking_summary(Contract::Classic)
        .expect("an empty form is blocked");
    assert!(!window.has_text(&summary));

    window.click_button(COPY);
    assert!(window.recorded.copied().is_empty(), "nothing to copy");
    for line in expected_lines(&form) {
        assert!(window.has_text(&line), "after Copy: shows {line:?}");
    }
    assert!(window.has_text(&summary));
    assert_eq!(window.shown_link(), None);
}

#[test]
fn a_field_emptied_by_hand_shows_its_error_while_the_untouched_ones_stay_quiet() {
    let mut window = window();
    window.type_into("Client ID", "x");
    window.type_into("Client ID", "");
    let errors = expected_lines(&ReauthForm::default());
    assert!(window.has_text(&errors[0]), "Client ID says it is required");
    assert_eq!(
        window.count_text("Error: "),
        1,
        "only the field that was edited"
    );
}

#[test]
fn leaving_the_redirect_uri_out_is_a_warning_and_drops_it_from_the_link() {
    let mut window = window();
    window.fill_valid();
    window
        .harness
        .get_by_label("Leave out (use dashboard default)")
        .click();
    window.harness.run();
    let form = ReauthForm {
        omit_redirect_uri: true,
        ..valid_form()
    };
    for line in expected_lines(&form) {
        assert!(window.has_text(&line), "shows {line:?}");
    }
    assert_eq!(window.shown_link(), Some(core_link(&form)));
}

#[test]
fn copy_puts_exactly_the_link_on_the_clipboard_and_says_copied_for_two_seconds() {
    let mut window = window();
    window.fill_valid();
    let link = core_link(&valid_form());
    // The clock from here on is the test's: each frame without a time of its own is one
    // step later, so the copy happens at `clicked` or a few steps after it.
    let clicked = window.harness.ctx.input(|input| input.time) + 1.0;
    window.harness.input_mut().time = Some(clicked);
    window.click_button(COPY);
    assert_eq!(window.recorded.copied(), vec![link]);
    assert!(!window.button(COPIED).accesskit_node().is_disabled());
    let now = window.harness.ctx.input(|input| input.time);

    // Nothing ticks while "Copied" shows: one wake-up, two seconds after the copy, turns it
    // back; the copy was made between the click and now.
    assert_eq!(
        COPIED_FOR,
        Duration::from_secs(2),
        "as the test's name says"
    );
    let wake = window.repaint_delay();
    assert!(wake > Duration::ZERO && wake <= COPIED_FOR, "{wake:?}");
    let copied_at = now + wake.as_secs_f64() - COPIED_FOR.as_secs_f64();
    assert!(
        copied_at >= clicked - 1e-6 && copied_at <= now + 1e-6,
        "the wake-up is two seconds after the copy: copied at {copied_at}, clicked at {clicked}, now {now}"
    );

    window.harness.input_mut().time = Some(copied_at + 1.9);
    window.harness.run();
    assert!(
        window.harness.query_by_label_contains(COPIED).is_some(),
        "still says Copied at 1.9 s"
    );
    window.harness.input_mut().time = Some(copied_at + 2.0 + 1e-3);
    window.harness.run();
    assert!(
        window.harness.query_by_label_contains(COPIED).is_none(),
        "gone at 2 s"
    );
    window.button(COPY);
    assert_eq!(window.repaint_delay(), Duration::MAX, "back to rest");
}

#[test]
fn open_asks_the_browser_for_exactly_the_link() {
    let mut window = window();
    window.fill_valid();
    window.click_button(OPEN);
    assert_eq!(window.opened.urls(), vec![core_link(&valid_form())]);
    assert!(window.has_text("Opened in the system browser."));
}

#[test]
fn a_browser_that_cannot_start_is_reported_and_the_link_stays() {
    let mut window = window_with(
        AppSetup::default(),
        Err("no launcher found (xdg-open is not installed)".into()),
    );
    window.fill_valid();
    window.click_button(OPEN);
    assert!(
        window.has_text("Could not start a browser: no launcher found (xdg-open is not installed)")
    );
    assert_eq!(window.shown_link(), Some(core_link(&valid_form())));
    assert!(!window.button(COPY).accesskit_node().is_disabled());
}

#[test]
fn copy_and_open_are_disabled_while_invalid_and_say_why_on_hover() {
    let mut window = window();
    window.type_into("Vehicle ID", VEHICLE);
    // The empty fields keep quiet until a copy is tried; from then on the buttons say why.
    window.click_button(COPY);
    assert!(window.recorded.copied().is_empty());
    let form = ReauthForm {
        vehicle_id: VEHICLE.into(),
        ..ReauthForm::default()
    };
    let why = check(&form, &[])
        .findings
        .blocking_summary(Contract::Classic)
        .expect("blocked");
    let shown_before = window.count_text(&why);
    assert_eq!(shown_before, 1, "the blocking line");
    for button in [COPY, OPEN] {
        assert!(
            window.button(button).accesskit_node().is_disabled(),
            "{button}"
        );
        window.button(button).hover();
        window.harness.run();
        assert_eq!(
            window.count_text(&why),
            shown_before + 1,
            "{button} hover says why"
        );
    }
    window.click_button(COPY);
    window.click_button(OPEN);
    assert!(window.recorded.copied().is_empty());
    assert!(window.opened.urls().is_empty());
}

#[test]
fn shortcuts_copy_open_and_generate() {
    let mut window = window();
    window.fill_valid();

    window.press(Modifiers::COMMAND, Key::G);
    let state = window.value_of("State");
    assert_eq!(state.len(), 22, "a generated state: {state:?}");
    let form = ReauthForm {
        state: state.clone(),
        ..valid_form()
    };
    let link = core_link(&form);
    assert_eq!(window.shown_link(), Some(link.clone()));

    window.press(Modifiers::COMMAND | Modifiers::SHIFT, Key::C);
    assert_eq!(window.recorded.copied(), vec![link.clone()]);

    window.press(Modifiers::COMMAND, Key::Enter);
    assert_eq!(window.opened.urls(), vec![link]);

    window.press(Modifiers::COMMAND, Key::G);
    assert_ne!(
        window.value_of("State"),
        state,
        "each press makes a new state"
    );
}

#[test]
fn shortcuts_work_while_typing_in_a_field() {
    let mut window = window();
    window.fill_valid();
    window.harness.get_by_label("User").focus();
    window.harness.run();
    window.press(Modifiers::COMMAND | Modifiers::SHIFT, Key::C);
    assert_eq!(window.recorded.copied(), vec![core_link(&valid_form())]);
    assert_eq!(window.value_of("User"), "", "the shortcut typed nothing");
}

#[test]
fn shortcuts_do_nothing_while_the_link_is_blocked() {
    let mut window = window();
    window.press(Modifiers::COMMAND | Modifiers::SHIFT, Key::C);
    window.press(Modifiers::COMMAND, Key::Enter);
    assert!(window.recorded.copied().is_empty());
    assert!(window.opened.urls().is_empty());
}

#[test]
fn buttons_show_their_shortcuts() {
    let window = window();
    for (button, keys) in [
        (COPY, "Ctrl+Shift+C"),
        (OPEN, "Ctrl+Enter"),
        ("Generate", "Ctrl+G"),
    ] {
        let label = window.button_name(button);
        assert!(label.ends_with(keys), "{button}: {label:?}");
    }
}

#[test]
fn the_generate_button_fills_a_fresh_state() {
    let mut window = window();
    window.click_button("Generate");
    let state = window.value_of("State");
    assert_eq!(state.len(), 22);
    assert!(
        !window.has_text("Warning: "),
        "a generated state earns no warning"
    );
}

#[test]
fn pasting_an_api_error_fills_the_form_and_says_what_is_missing() {
    let mut window = window();
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
    let pasted = read_paste(&body)
        .and_then(Reading::into_single)
        .expect("a valid API error");
    assert_eq!(window.value_of("Client ID"), CLIENT);
    assert_eq!(window.value_of("Vehicle ID"), VEHICLE);
    assert!(
        window.has_text(&pasted.summary()),
        "says {:?}",
        pasted.summary()
    );
    assert!(
        pasted.summary().contains("Redirect URI"),
        "names what is missing"
    );
}

#[test]
fn pasting_a_link_with_a_real_paste_fills_at_once() {
    let mut window = window();
    let mut form = valid_form();
    form.state = "from-the-link-1".into();
    let link = core_link(&form);
    window.harness.get_by_label(PASTE_LABEL).focus();
    window.harness.run();
    window.harness.event(egui::Event::Paste(link.clone()));
    window.harness.run();
    assert_eq!(window.value_of("Redirect URI"), REDIRECT);
    assert_eq!(window.value_of("State"), "from-the-link-1");
    assert_eq!(window.shown_link(), Some(link.clone()));
    let pasted = read_paste(&link)
        .and_then(Reading::into_single)
        .expect("a link");
    assert!(window.has_text(&pasted.summary()));
}

#[test]
fn a_paste_it_cannot_read_says_what_it_expected_and_fills_nothing() {
    let mut window = window();
    window.type_into("Vehicle ID", VEHICLE);
    window.type_into(PASTE_LABEL, "hello there");
    window.click_button(FILL);
    let error = read_paste("hello there")
        .and_then(Reading::into_single)
        .expect_err("not a paste");
    assert!(window.has_text(&error.to_string()));
    assert_eq!(window.value_of("Vehicle ID"), VEHICLE);
}

#[test]
fn pasted_notes_are_shown() {
    let mut window = window();
    let link = format!(
        "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&client_id={CLIENT}&vehicle_id={VEHICLE}&mode=test&flag=x"
    );
    let pasted = read_paste(&link)
        .and_then(Reading::into_single)
        .expect("a link");
    window.type_into(PASTE_LABEL, &link);
    window.click_button(FILL);
    assert!(!pasted.notes.is_empty(), "the link has parameters to note");
    for note in &pasted.notes {
        assert!(window.has_text(note), "note {note:?}");
    }
}

#[test]
fn vehicle_id_from_the_command_line_is_filled_in() {
    let window = window_with(
        AppSetup {
            vehicle_id: Some(VEHICLE.into()),
            ..AppSetup::default()
        },
        Ok(()),
    );
    assert_eq!(window.value_of("Vehicle ID"), VEHICLE);
}

#[test]
fn idle_window_requests_no_repaint() {
    let mut window = window();
    window.fill_valid();
    assert_eq!(window.repaint_delay(), Duration::MAX, "nothing scheduled");
    assert_eq!(window.harness.run(), 1, "one frame, then it rests");
    assert_eq!(window.repaint_delay(), Duration::MAX);
}

#[test]
fn tab_follows_the_form_from_top_to_bottom() {
    let mut window = window();
    window.harness.get_by_label(PASTE_LABEL).focus();
    window.harness.run();
    let mut visited = Vec::new();
    for _ in 0..20 {
        window.harness.key_press(Key::Tab);
        window.harness.run();
        if let Some(focused) = window.harness.query_by(|node| node.is_focused()) {
            let label = focused.accesskit_node().label().unwrap_or_default();
            if visited.last() != Some(&label) {
                visited.push(label);
            }
        }
    }
    let fields = ["Client ID", "Redirect URI", "Vehicle ID", "State", "User"];
    let order: Vec<usize> = fields
        .iter()
        .map(|field| {
            visited
                .iter()
                .position(|label| label == field)
                .unwrap_or_else(|| panic!("{field} reached by Tab: {visited:?}"))
        })
        .collect();
    assert!(order.is_sorted(), "form order: {visited:?}");
}
