//! The Link tab's hand-offs to the owner, through their accessible labels: "Copy message",
//! "E-mail…" with the customer's address, and the QR code with "Save QR…". The clipboard
//! is egui's `CopyText`, the mail program an injected opener, the file dialog an injected
//! chooser; the saved code is decoded back to the link.

use crate::qr_support;
use crate::ui_support;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use qr_support::decode_png;
use reauth_link::deliver::{
    EmailAddress, MAILTO_SAFE_LENGTH, Mailto, MessageTemplates, MessageValues, qr, render_email,
    render_text,
};
use reauth_link::ui::AppSetup;
use reauth_link::ui::app::QR_FILE_NAME;
use reauth_link::ui::file_dialog::{Answer, FileChooser, FileQuestion};
use reauth_link::ui::link::qr_view::{MIN_MODULE_PIXELS, QR_LABEL, SAVE_QR};
use reauth_link::ui::link::ticket_field::TICKET_LABEL;
use reauth_link::ui::link::to_the_owner::{
    COPY_EMAIL_INSTEAD, COPY_MESSAGE, CUSTOMER_EMAIL, EMAIL, EMAIL_ANYWAY,
};
use reauth_link::ui::profiles::store_handle::WindowProfiles;
use ui_support::{REDIRECT, VEHICLE, Window, profile, window_with};

const FLEET: &str = "Fleet North";
const OWNER: &str = "owner@example.com";

fn fleet() -> reauth_link::profiles::Profile {
    profile(FLEET, &[REDIRECT], Some(REDIRECT), None)
}

/// A window with one profile whose file dialog answers `answer` and records each question.
fn window_choosing(
    profile: reauth_link::profiles::Profile,
    mail_answer: Result<(), String>,
    answer: Answer,
) -> (Window, Arc<Mutex<Vec<FileQuestion>>>) {
    let asked = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&asked);
    let chooser = FileChooser::Custom(Box::new(move |question: &FileQuestion| {
        record.lock().expect("not poisoned").push(question.clone());
        answer.clone()
    }));
    let setup = AppSetup {
        profiles: WindowProfiles::from(vec![profile]),
        profile: Some(FLEET.to_owned()),
        vehicle_id: Some(VEHICLE.to_owned()),
        file_chooser: chooser,
        ..AppSetup::default()
    };
    (window_with(setup, mail_answer), asked)
}

/// The fleet's link on screen, the mail program answering `mail_answer`.
fn fleet_window(mail_answer: Result<(), String>) -> Window {
    window_choosing(fleet(), mail_answer, Ok(None)).0
}

/// The same window with a profile of its own (its templates).
fn window_for(profile: reauth_link::profiles::Profile) -> Window {
    window_choosing(profile, Ok(()), Ok(None)).0
}

fn shown_link(window: &Window) -> String {
    window
        .shown_link()
        .expect("the profile and vehicle make a link")
}

fn values(link: &str) -> MessageValues<'_> {
    MessageValues {
        link,
        app: Some(FLEET),
        vehicle_id: VEHICLE,
        ..MessageValues::default()
    }
}

fn default_email(link: &str) -> reauth_link::deliver::EmailMessage {
    render_email(&MessageTemplates::default(), &values(link)).expect("the defaults render")
}

fn is_disabled(window: &Window, button: &str) -> bool {
    window.button(button).accesskit_node().is_disabled()
}

// ---- Copy message ----

#[test]
fn copy_message_copies_the_profiles_text_message_with_the_link() {
    let mut window = fleet_window(Ok(()));
    let link = shown_link(&window);
    window.click_button(COPY_MESSAGE);
    let expected = render_text(&MessageTemplates::default(), &values(&link)).expect("renders");
    assert_eq!(window.recorded.copied(), vec![expected.clone()]);
    assert!(
        expected.contains(&link) && expected.contains(FLEET),
        "{expected}"
    );
    assert!(window.has_text("Text message copied."));
}

/// A webhook for `vehicle` whose make is `make`: its owner must sign in again.
fn auth_failed_webhook(vehicle: &str, make: &str) -> String {
    serde_json::json!({
        "eventType": "VEHICLE_ERROR",
        "vehicleId": vehicle,
        "data": {
            "vehicle": {"id": vehicle, "make": make},
            "errors": [{"type": "CONNECTED_SERVICES_ACCOUNT", "code": "AUTHENTICATION_FAILED"}]
        }
    })
    .to_string()
}

fn paste(window: &mut Window, text: &str) {
    window
        .harness
        .get_by_label(reauth_link::ui::link::paste_box::PASTE_LABEL)
        .focus();
    window.harness.run();
    window.harness.event(egui::Event::Paste(text.to_owned()));
    window.harness.run();
}

#[test]
fn the_message_names_the_make_a_pasted_webhook_told_while_its_vehicle_stays() {
    let mut window = fleet_window(Ok(()));
    paste(&mut window, &auth_failed_webhook(VEHICLE, "MERCEDES_BENZ"));
    let link = shown_link(&window);
    window.click_button(COPY_MESSAGE);
    let with_make = MessageValues {
        make: Some("Mercedes-Benz"),
        ..values(&link)
    };
    let expected = render_text(&MessageTemplates::default(), &with_make).expect("renders");
    assert_eq!(window.recorded.copied(), vec![expected]);

    // Another vehicle may be another make: the message goes back to the neutral word.
    let other = "4bb5b2a3-0c36-4a6d-9b87-0a1d58ad6f10";
    window.type_into("Vehicle ID", other);
    let link = shown_link(&window);
    window.click_button(COPY_MESSAGE);
    let neutral = MessageValues {
        vehicle_id: other,
        ..values(&link)
    };
    let expected = render_text(&MessageTemplates::default(), &neutral).expect("renders");
    assert_eq!(window.recorded.copied().last(), Some(&expected));
}

#[test]
fn copy_message_as_e_mail_copies_the_subject_line_then_the_body() {
    let mut window = fleet_window(Ok(()));
    let link = shown_link(&window);
    window.harness.get_by_label("E-mail").click();
    window.harness.run();
    window.click_button(COPY_MESSAGE);
    let copied = window.recorded.copied();
    assert_eq!(copied, vec![default_email(&link).to_text()]);
    assert!(copied[0].starts_with("Subject: "), "{copied:?}");
}

#[test]
fn the_profiles_own_template_is_used() {
    let mut own = fleet();
    own.messages.text_message = Some("Hi from {app}: {link} ({vehicle_id})".into());
    let mut window = window_for(own);
    let link = shown_link(&window);
    window.click_button(COPY_MESSAGE);
    assert_eq!(
        window.recorded.copied(),
        vec![format!("Hi from {FLEET}: {link} ({VEHICLE})")]
    );
}

#[test]
fn without_a_profile_the_default_text_names_no_app() {
    let mut window = window_with(AppSetup::default(), Ok(()));
    window.fill_valid();
    let link = shown_link(&window);
    window.click_button(COPY_MESSAGE);
    let values = MessageValues {
        link: &link,
        vehicle_id: VEHICLE,
        ..MessageValues::default()
    };
    let expected = render_text(&MessageTemplates::default(), &values).expect("renders");
    assert_eq!(window.recorded.copied(), vec![expected]);
}

#[test]
fn a_hand_edited_template_the_editor_would_refuse_is_reported_not_copied() {
    let mut broken = fleet();
    broken.messages.text_message = Some("Open {link} for {owner}".into());
    let mut window = window_for(broken);
    window.click_button(COPY_MESSAGE);
    assert!(window.recorded.copied().is_empty());
    assert!(window.has_text("The profile's “Text message (SMS, chat)” template cannot be used"));
    assert!(window.has_text("Fix it on the Profiles tab."));
}

#[test]
fn copy_message_waits_for_a_link() {
    let mut window = window_with(AppSetup::default(), Ok(()));
    window.type_into("Vehicle ID", VEHICLE);
    window.click_button(COPY_MESSAGE);
    assert!(window.recorded.copied().is_empty());
    assert!(
        is_disabled(&window, COPY_MESSAGE),
        "the missing fields now block it"
    );
    assert!(is_disabled(&window, EMAIL));
}

// ---- E-mail ----

#[test]
fn e_mail_hands_the_mailto_link_with_subject_and_body_to_the_mail_program() {
    let mut window = fleet_window(Ok(()));
    let link = shown_link(&window);
    window.type_into(CUSTOMER_EMAIL, OWNER);
    window.click_button(EMAIL);
    let address = EmailAddress::parse(OWNER).expect("an address");
    let expected = Mailto::new(address.as_ref(), &default_email(&link));
    assert_eq!(window.opened.urls(), vec![expected.as_str().to_owned()]);
    assert!(
        expected
            .as_str()
            .starts_with("mailto:owner@example.com?subject=")
    );
    assert!(window.has_text("The e-mail is open in the mail program."));
}

#[test]
fn without_an_address_the_mail_program_asks_for_one() {
    let mut window = fleet_window(Ok(()));
    let link = shown_link(&window);
    window.click_button(EMAIL);
    let expected = Mailto::new(None, &default_email(&link));
    assert_eq!(window.opened.urls(), vec![expected.as_str().to_owned()]);
    assert!(expected.as_str().starts_with("mailto:?subject="));
}

#[test]
fn a_mail_program_that_cannot_start_is_reported_and_the_e_mail_can_be_copied() {
    let mut window = fleet_window(Err("no mail program is set up".into()));
    let link = shown_link(&window);
    window.click_button(EMAIL);
    assert!(window.has_text("Could not start a mail program: no mail program is set up."));
    window.click_button(COPY_EMAIL_INSTEAD);
    assert_eq!(
        window.recorded.copied(),
        vec![default_email(&link).to_text()]
    );
    assert_eq!(window.shown_link(), Some(link), "the link stays");
}

/// A state long enough that the e-mail's `mailto:` link passes what mail programs take.
fn long_state() -> String {
    "s".repeat(MAILTO_SAFE_LENGTH / 2)
}

#[test]
fn a_long_e_mail_warns_and_offers_the_copy_instead_or_the_mail_program_anyway() {
    let mut window = fleet_window(Ok(()));
    window.type_into("State", &long_state());
    let link = shown_link(&window);
    let mailto = Mailto::new(None, &default_email(&link));
    assert!(!mailto.fits_mail_programs());

    window.press(Modifiers::COMMAND | Modifiers::SHIFT, Key::E);
    assert!(window.opened.urls().is_empty(), "nothing opened yet");
    assert!(window.has_text(&format!(
        "This e-mail makes a mail link of {} characters",
        mailto.len()
    )));

    window.click_button(COPY_EMAIL_INSTEAD);
    assert_eq!(
        window.recorded.copied(),
        vec![default_email(&link).to_text()]
    );

    window.press(Modifiers::COMMAND | Modifiers::SHIFT, Key::E);
    window.click_button(EMAIL_ANYWAY);
    assert_eq!(window.opened.urls(), vec![mailto.as_str().to_owned()]);
}

#[test]
fn the_customer_address_is_checked_as_typed_and_blocks_e_mail_while_wrong() {
    let mut window = fleet_window(Ok(()));
    for (typed, problem) in [
        ("owner.example.com", "there is no `@`"),
        ("owner@example", "the part after the `@` has no dot"),
        (
            "a@example.com, b@example.com",
            "holds more than one address",
        ),
    ] {
        window.type_into(CUSTOMER_EMAIL, typed);
        let shown = EmailAddress::parse(typed).expect_err("a wrong address");
        assert!(shown.to_string().starts_with(problem), "{shown}");
        assert!(
            window.has_text(&format!("Customer e-mail: {shown}")),
            "{typed}"
        );
        assert!(is_disabled(&window, EMAIL), "{typed}");
        window.press(Modifiers::COMMAND | Modifiers::SHIFT, Key::E);
        assert!(window.opened.urls().is_empty(), "{typed}");
    }
    window.type_into(CUSTOMER_EMAIL, OWNER);
    assert!(!window.has_text("Customer e-mail: "));
    assert!(!is_disabled(&window, EMAIL));
}

#[test]
fn both_buttons_show_their_shortcuts_and_the_shortcuts_act() {
    let mut window = fleet_window(Ok(()));
    for (button, keys) in [(COPY_MESSAGE, "Ctrl+Shift+M"), (EMAIL, "Ctrl+Shift+E")] {
        let label = window.button_name(button);
        assert!(label.ends_with(keys), "{button}: {label:?}");
    }
    window.harness.get_by_label(CUSTOMER_EMAIL);
    window.press(Modifiers::COMMAND | Modifiers::SHIFT, Key::M);
    assert_eq!(window.recorded.copied().len(), 1);
    window.press(Modifiers::COMMAND | Modifiers::SHIFT, Key::E);
    assert_eq!(window.opened.urls().len(), 1);
}

// ---- QR code ----

#[test]
fn the_qr_code_is_shown_large_enough_to_scan() {
    let window = fleet_window(Ok(()));
    let matrix = qr::matrix(&shown_link(&window)).expect("fits");
    let code = window
        .harness
        .get_by(|node| node.role() == Role::Image && node.label().as_deref() == Some(QR_LABEL));
    let side = code.rect().width();
    assert!(
        side >= MIN_MODULE_PIXELS * matrix.size() as f32,
        "{side} for {} modules",
        matrix.size()
    );
    assert_eq!(code.rect().width(), code.rect().height());
}

fn save_qr_to(path: PathBuf) -> (Window, Vec<FileQuestion>) {
    let (mut window, asked) = window_choosing(fleet(), Ok(()), Ok(Some(path)));
    window.click_button(SAVE_QR);
    wait_for_text(&mut window, "QR code saved to");
    let asked = asked.lock().expect("not poisoned").clone();
    (window, asked)
}

/// Steps frames until `text` shows; bounded so a hung writer fails the test.
fn wait_for_text(window: &mut Window, text: &str) {
    for _ in 0..1000 {
        window.harness.step();
        if window.has_text(text) {
            window.harness.run();
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("`{text}` did not appear within 10 s");
}

#[test]
fn save_qr_writes_a_png_that_decodes_back_to_the_link() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("owner.png");
    let (window, asked) = save_qr_to(path.clone());
    assert_eq!(
        asked,
        [FileQuestion::SaveQr {
            file_name: QR_FILE_NAME.to_owned()
        }]
    );
    assert_eq!(
        decode_png(&std::fs::read(&path).expect("the file exists")),
        shown_link(&window)
    );
    assert!(window.has_text(&format!("QR code saved to {}.", path.display())));
}

#[test]
fn save_qr_writes_an_svg_when_the_name_ends_in_svg() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("owner.svg");
    let (window, _) = save_qr_to(path.clone());
    let matrix = qr::matrix(&shown_link(&window)).expect("fits");
    let saved = std::fs::read_to_string(&path).expect("the file exists");
    assert_eq!(saved, matrix.svg(), "the link's code, as SVG");
}

#[test]
fn a_qr_file_that_cannot_be_written_says_why_and_leaves_no_file() {
    let folder = tempfile::tempdir().expect("temp dir");
    let not_a_folder = folder.path().join("a-file");
    std::fs::write(&not_a_folder, "").expect("writes");
    let path = not_a_folder.join("owner.png");
    let (mut window, _) = window_choosing(fleet(), Ok(()), Ok(Some(path.clone())));
    window.click_button(SAVE_QR);
    wait_for_text(&mut window, "Cannot save the QR code to");
    assert!(window.has_text(&format!("Cannot save the QR code to {}: ", path.display())));
    assert!(!path.exists());
}

#[test]
fn a_desktop_without_a_file_dialog_is_told_so() {
    let (mut window, _) = window_choosing(fleet(), Ok(()), Err("no portal and no zenity".into()));
    window.click_button(SAVE_QR);
    assert!(window.has_text("No file dialog could be shown (no portal and no zenity)."));
}

#[test]
fn a_dialog_closed_without_a_file_writes_nothing_and_says_nothing() {
    let (mut window, asked) = window_choosing(fleet(), Ok(()), Ok(None));
    window.click_button(SAVE_QR);
    assert_eq!(asked.lock().expect("not poisoned").len(), 1);
    assert!(!window.has_text("QR code saved"));
    assert!(!is_disabled(&window, SAVE_QR), "ready for another try");
}

#[test]
fn the_ticket_field_fills_the_ticket_placeholder() {
    let mut own = fleet();
    own.messages.text_message = Some("About {ticket}: {link}".into());
    let mut window = window_for(own);
    let link = shown_link(&window);
    window.type_into(TICKET_LABEL, " SUP-4711 ");
    window.click_button(COPY_MESSAGE);
    assert_eq!(
        window.recorded.copied(),
        vec![format!("About SUP-4711: {link}")]
    );
}
