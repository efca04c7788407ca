//! The Batch tab inside the window: the profile chosen there supplies every link's client
//! id and redirect URI, and the table lays out only the rows in view.

use crate::cli_support;
use crate::ui_support;

use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;

use egui_kittest::kittest::Queryable;

use cli_support::{assert_exit, run_in};
use reauth_link::cli::Cli;
use reauth_link::deliver::Template;
use reauth_link::profiles::{ProfileEdit, ProfileStore};
use reauth_link::ui::AppSetup;
use reauth_link::ui::batch::panel::MESSAGE_COLUMN_OPTION;
use reauth_link::ui::profiles::store_handle::WindowProfiles;
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

// ---- `--batch FILE` ----

fn window_reading(batch_file: PathBuf, profile: Option<&str>) -> Window {
    window_with(
        AppSetup {
            profiles: WindowProfiles::from(vec![profile_of_fleet()]),
            profile: profile.map(str::to_owned),
            batch_file: Some(batch_file),
            ..AppSetup::default()
        },
        Ok(()),
    )
}

fn profile_of_fleet() -> reauth_link::profiles::Profile {
    profile("Fleet North", &[URI], Some(URI), None)
}

#[test]
fn a_file_given_at_start_opens_the_batch_tab_and_builds_its_links() {
    let folder = tempfile::tempdir().expect("temp dir");
    let input = folder.path().join("fleet.csv");
    std::fs::write(&input, format!("vehicle_id\n{VEHICLE}\nnot an id\n")).expect("writes");
    let mut window = window_reading(input.clone(), Some("Fleet North"));
    wait_for(&mut window, "2 rows: 1 good, 1 bad");
    assert!(window.has_text("contains a space"), "the bad row's error");
    let field = window.harness.get_by_label("File to read");
    assert_eq!(field.value(), Some(input.display().to_string()));
}

#[test]
fn a_file_given_at_start_waits_for_a_profile() {
    let folder = tempfile::tempdir().expect("temp dir");
    let input = folder.path().join("fleet.txt");
    std::fs::write(&input, format!("{VEHICLE}\n")).expect("writes");
    let mut window = window_reading(input.clone(), None);
    assert!(window.has_text("Choose a profile first"));
    assert!(window.has_text(&format!(
        "{} is read as soon as one is chosen.",
        input.display()
    )));
    window.pick("Profile", "Fleet North");
    wait_for(&mut window, "1 row: 1 good, 0 bad");
}

#[test]
fn a_missing_file_given_at_start_is_a_message_in_the_panel() {
    let folder = tempfile::tempdir().expect("temp dir");
    let missing = folder.path().join("no-such-file.csv");
    let mut window = window_reading(missing.clone(), Some("Fleet North"));
    wait_for(&mut window, &format!("Cannot read {}: ", missing.display()));
    assert!(window.has_text("Check the path, or choose the file with Choose file…"));
    window.harness.get_by_label("Build links from the file");
}

#[test]
fn the_command_line_passes_the_batch_file_and_a_bare_flag_passes_none() {
    let table: [(&[&str], Option<Option<PathBuf>>); 4] = [
        (&["reauth-link"], None),
        (
            &["reauth-link", "--batch", "fleet.csv"],
            Some(Some("fleet.csv".into())),
        ),
        (
            &["reauth-link", "--profile", "North", "--batch"],
            Some(None),
        ),
        (
            &["reauth-link", "--batch", "--profile", "North"],
            Some(None),
        ),
    ];
    for (args, expected) in table {
        let cli = Cli::try_parse_from(args).expect("parses");
        assert_eq!(cli.batch, expected, "{args:?}");
        assert!(cli.command.is_none(), "{args:?} opens the window");
    }
}

#[test]
fn the_desktop_entry_opens_csv_and_text_files_as_a_batch() {
    let entry = include_str!("../../assets/reauth-link.desktop");
    assert!(
        entry
            .lines()
            .any(|line| line == "Exec=reauth-link --batch %f"),
        "{entry}"
    );
    assert!(
        entry
            .lines()
            .any(|line| line == "MimeType=text/csv;text/plain;"),
        "{entry}"
    );
}

// ---- The text message as a column ----

/// The fleet's profile with a text template of its own, saved in a config folder the
/// window and the command line both read.
fn fleet_with_text_message(folder: &std::path::Path) -> WindowProfiles {
    let mut fleet = profile_of_fleet();
    fleet.messages.text_message = Some("{app}, {vehicle_id}: {link}".into());
    let mut store = ProfileStore::open(Some(folder)).expect("opens");
    store
        .apply(&ProfileEdit::Save {
            original: None,
            profile: fleet,
        })
        .expect("saved");
    WindowProfiles::open(Some(folder))
}

fn build_pasted(window: &mut Window, input: &str) {
    window.harness.get_by_label(PASTE_LABEL).focus();
    window.harness.run();
    window.harness.event(egui::Event::Paste(input.to_owned()));
    window.harness.run();
    window.button("Build links from the pasted text").click();
    window.harness.step();
}

#[test]
fn the_message_column_exports_what_batch_message_column_writes() {
    let folder = tempfile::tempdir().expect("temp dir");
    let profiles = fleet_with_text_message(folder.path());
    let mut window = window_with(
        AppSetup {
            profiles,
            ..AppSetup::default()
        },
        Ok(()),
    );
    window.pick("Profile", "Fleet North");
    window.click_button("Batch");
    let input = format!("vehicle_id,note\n{VEHICLE},a\nnot an id,b\n");
    build_pasted(&mut window, &input);
    wait_for(&mut window, "2 rows: 1 good, 1 bad");
    // An option of the export: ticked after the rows are built, it still applies.
    window.harness.get_by_label(MESSAGE_COLUMN_OPTION).click();
    window.harness.run();

    let export = folder.path().join("links.csv");
    window.type_into("Export to file", &export.display().to_string());
    window.button("Export CSV").click();
    window.harness.step();
    wait_for(&mut window, "Exported 2 rows to");

    let batch = ["batch", "--profile", "Fleet North", "--message-column"];
    let cli = run_in(folder.path(), &batch, &input);
    assert_exit(&cli, 2);
    let exported = std::fs::read_to_string(&export).expect("the export exists");
    assert_eq!(exported, cli.stdout);
    assert!(
        exported.starts_with("vehicle_id,state,user,url,error,message,note\n"),
        "{exported}"
    );
    assert!(exported.contains(&format!("Fleet North, {VEHICLE}: https://")));
}

#[test]
fn a_profile_text_template_that_cannot_be_used_stops_the_export_and_says_why() {
    let template = "Open {link} for {owner}";
    let error = Template::parse(template).expect_err("an unknown placeholder");
    let mut broken = profile_of_fleet();
    broken.messages.text_message = Some(template.into());
    let mut window = window_with(
        AppSetup {
            profiles: WindowProfiles::from(vec![broken]),
            profile: Some("Fleet North".into()),
            ..AppSetup::default()
        },
        Ok(()),
    );
    window.click_button("Batch");
    build_pasted(&mut window, &format!("{VEHICLE}\n"));
    wait_for(&mut window, "1 row: 1 good, 0 bad");
    window.harness.get_by_label(MESSAGE_COLUMN_OPTION).click();
    window.harness.run();
    let folder = tempfile::tempdir().expect("temp dir");
    let export = folder.path().join("links.csv");
    window.type_into("Export to file", &export.display().to_string());
    window.button("Export CSV").click();
    window.harness.run();
    assert!(window.has_text(&format!(
        "The profile's text message cannot be used: {error}."
    )));
    assert!(window.has_text("Fix it on the Profiles tab, or export without the message column."));
    assert!(!export.exists(), "nothing written");
}
