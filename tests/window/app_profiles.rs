//! The window with a real profiles file: the editor saves to disk, the form follows the
//! edits, and an unreadable file is shown, never overwritten, until the person acts.

use crate::ui_support;

use reauth_link::profiles::{FILE_NAME, ProfileEdit, ProfileStore};
use reauth_link::ui::AppSetup;
use reauth_link::ui::profiles::store_handle::WindowProfiles;
use ui_support::{CLIENT, Window, profile, window_with};

const URI: &str = "https://fleet.example.com/cb";
const OTHER_CLIENT: &str = "11111111-2222-4333-8444-555555555555";

fn window_on(dir: &std::path::Path) -> Window {
    window_with(
        AppSetup {
            profiles: WindowProfiles::open(Some(dir)),
            ..AppSetup::default()
        },
        Ok(()),
    )
}

fn save_profiles(dir: &std::path::Path) {
    let mut store = ProfileStore::open(Some(dir)).expect("opens");
    store
        .apply(&ProfileEdit::Import {
            profiles: vec![profile("Fleet North", &[URI], Some(URI), None)],
            replace: false,
        })
        .expect("saved");
}

#[test]
fn a_profile_added_in_the_editor_is_saved_and_offered_in_the_form() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut window = window_on(dir.path());
    window.click_button("Profiles");
    window.click_button("New profile");
    window.type_into("Name", "Fleet East");
    window.type_into("Client ID", CLIENT);
    window.click_button("Add redirect URI");
    window.type_into("Redirect URI 1", URI);
    window.click_button("Save profile");

    let saved = ProfileStore::open(Some(dir.path())).expect("the file reads");
    assert_eq!(saved.names(), ["Fleet East"]);

    window.click_button("Link");
    window.pick("Profile", "Fleet East");
    assert_eq!(window.value_of("Client ID"), CLIENT);
}

#[test]
fn editing_the_chosen_profile_updates_the_form() {
    let dir = tempfile::tempdir().expect("temp dir");
    save_profiles(dir.path());
    let mut window = window_on(dir.path());
    window.pick("Profile", "Fleet North");
    assert_eq!(window.value_of("Client ID"), CLIENT);

    window.click_button("Profiles");
    window.click_button("Fleet North");
    window.type_into("Client ID", OTHER_CLIENT);
    window.type_into("Redirect URI 1", &format!("sc{OTHER_CLIENT}://callback"));
    window.click_button("Save profile");
    window.click_button("Link");
    assert_eq!(window.value_of("Client ID"), OTHER_CLIENT);
}

#[test]
fn an_unreadable_file_is_shown_kept_and_moved_aside_only_on_request() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join(FILE_NAME);
    std::fs::write(&file, "version = 1\n[[profile]]\nname = 3\n").expect("write");
    let mut window = window_on(dir.path());
    assert!(window.has_text("Saved profiles are unavailable"));

    window.click_button("Profiles");
    assert!(window.has_text("The profiles file cannot be used"));
    assert_eq!(
        std::fs::read_to_string(&file).expect("still there"),
        "version = 1\n[[profile]]\nname = 3\n"
    );

    window.click_button("Move aside and start fresh");
    assert!(window.has_text("was moved to"));
    assert!(!file.exists(), "the bad file is out of the way");
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().contains(".bad"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(
        std::fs::read_to_string(aside[0].path()).expect("kept"),
        "version = 1\n[[profile]]\nname = 3\n"
    );
    window.click_button("Link");
    assert!(!window.has_text("Saved profiles are unavailable"));
}

#[test]
fn a_save_from_another_window_is_read_when_this_one_gets_focus() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut window = window_on(dir.path());
    save_profiles(dir.path());
    window.harness.event(egui::Event::WindowFocused(true));
    window.harness.run();
    window.pick("Profile", "Fleet North");
    assert_eq!(window.value_of("Client ID"), CLIENT);
}
