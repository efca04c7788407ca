//! The profile editor and the store-error view, driven through their accessible labels as a
//! screen reader sees them; commands go through a real store on a temporary file.

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use egui_kittest::{Harness, Node};
use reauth_link::deliver::{TemplateKind, check_template};
use reauth_link::link::{Contract, Problem};
use reauth_link::profiles::{Profile, ProfileEdit, ProfileStore, StoreError};
use reauth_link::ui::link::inputs::CONTRACT_LABEL;
use reauth_link::ui::profiles::editor::{API_CLIENT_ID_LABEL, ProfileEditor};
use reauth_link::ui::profiles::template_fields::{start_from_default_label, template_label};
use reauth_link::ui::profiles::unreadable::{StoreErrorAction, store_error_ui};

const APP: &str = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";

struct State {
    panel: ProfileEditor,
    store: ProfileStore,
    commands: Vec<ProfileEdit>,
    _dir: tempfile::TempDir,
}

fn acme() -> Profile {
    Profile {
        name: "Acme".into(),
        client_id: APP.into(),
        redirect_uris: vec!["https://acme.example/cb".into()],
        default_redirect_uri: Some("https://acme.example/cb".into()),
        user: None,
        note: String::new(),
        ..Profile::default()
    }
}

fn zeta() -> Profile {
    Profile {
        name: "Zeta".into(),
        ..acme()
    }
}

fn harness(profiles: Vec<Profile>) -> Harness<'static, State> {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = ProfileStore::open(Some(dir.path())).expect("opens");
    if !profiles.is_empty() {
        store
            .apply(&ProfileEdit::Import {
                profiles,
                replace: false,
            })
            .expect("saved");
    }
    let state = State {
        panel: ProfileEditor::default(),
        store,
        commands: Vec::new(),
        _dir: dir,
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(900.0, 1000.0))
        .build_ui_state(
            |ui, state: &mut State| {
                if let Some(command) = state.panel.ui(ui, state.store.profiles()) {
                    state.store.apply(&command).expect("the store applies it");
                    state.commands.push(command);
                }
            },
            state,
        );
    harness.run();
    harness
}

fn type_into(harness: &mut Harness<'_, State>, label: &str, text: &str) {
    harness.get_by_label(label).click();
    harness.run();
    harness.get_by_label(label).type_text(text);
    harness.run();
}

fn clear(harness: &mut Harness<'_, State>, label: &str) {
    harness.get_by_label(label).click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.key_press(egui::Key::Backspace);
    harness.run();
}

fn click(harness: &mut Harness<'_, State>, label: &str) {
    harness.get_by_label(label).click();
    harness.run();
}

fn value(harness: &Harness<'_, State>, label: &str) -> String {
    harness.get_by_label(label).value().unwrap_or_default()
}

fn is_disabled(node: &Node<'_>) -> bool {
    node.accesskit_node().is_disabled()
}

fn names(harness: &Harness<'_, State>) -> Vec<String> {
    harness
        .state()
        .store
        .profiles()
        .iter()
        .map(|p| p.name.clone())
        .collect()
}

#[test]
fn a_new_profile_is_typed_checked_and_saved_to_the_file() {
    let mut harness = harness(vec![]);
    harness.get_by_label("No profiles yet.");
    click(&mut harness, "New profile");
    type_into(&mut harness, "Name", "Acme");
    type_into(&mut harness, "Client ID", APP);
    click(&mut harness, "Add redirect URI");
    type_into(&mut harness, "Redirect URI 1", "https://acme.example/cb");
    assert!(!is_disabled(&harness.get_by_label("Save profile")));
    click(&mut harness, "Save profile");

    assert_eq!(harness.state().store.profiles(), [acme()]);
    let reread = ProfileStore::open_file(harness.state().store.path()).expect("reads");
    assert_eq!(reread.profiles(), [acme()], "saved to the file");
    harness.get_by_label("Editing “Acme”");
}

#[test]
fn each_field_shows_the_cores_message_and_errors_disable_save() {
    let mut harness = harness(vec![acme()]);
    click(&mut harness, "New profile");
    harness.get_by_label(
        "Error: required: give the profile a name, for example the client app's name",
    );
    harness.get_by_label(&format!("Error: {}", Problem::ClientIdMissing));
    assert!(is_disabled(&harness.get_by_label("Save profile")));
    harness.get_by_label("Fix the fields marked above to save.");

    type_into(&mut harness, "Name", "acme");
    harness.get_by_label("Error: a profile named `Acme` already exists: choose another name");
    type_into(&mut harness, "Client ID", "client_123");
    harness.get_by_label(&format!("Error: {}", Problem::ClientIdIsApiCredential));
    click(&mut harness, "Add redirect URI");
    type_into(&mut harness, "Redirect URI 1", "http://fleet.example/cb");
    harness.get_by_label(&format!(
        "Error: {}",
        Problem::RedirectUriHttpNotLocalhost {
            host: "fleet.example".into(),
        }
    ));
    assert!(is_disabled(&harness.get_by_label("Save profile")));

    clear(&mut harness, "Name");
    type_into(&mut harness, "Name", "Beta");
    clear(&mut harness, "Client ID");
    type_into(&mut harness, "Client ID", APP);
    clear(&mut harness, "Redirect URI 1");
    type_into(&mut harness, "Redirect URI 1", "https://fleet.example/cb");
    type_into(&mut harness, "User (optional)", "owner@example.com");
    // A warning is shown but does not block saving.
    harness.get_by_label(&format!("Warning: {}", Problem::UserLooksLikeEmail));
    assert!(!is_disabled(&harness.get_by_label("Save profile")));
    click(&mut harness, "Save profile");
    assert_eq!(names(&harness), ["Acme", "Beta"]);
    assert!(harness.state().commands.len() == 1);
}

#[test]
fn the_contract_is_picked_per_profile_and_names_its_fields() {
    let mut harness = harness(vec![acme()]);
    click(&mut harness, "Acme");
    assert!(harness.query_by_label("Client ID").is_some());
    click(&mut harness, CONTRACT_LABEL);
    click(&mut harness, "current: application_id, external_id");
    assert_eq!(
        value(&harness, "Application ID"),
        APP,
        "the field keeps its value"
    );
    assert!(harness.query_by_label("External ID (optional)").is_some());
    assert!(harness.query_by_label("Client ID").is_none());
    click(&mut harness, "Save profile");
    assert_eq!(
        harness.state().store.profiles(),
        [Profile {
            contract: Contract::Current,
            ..acme()
        }]
    );
}

#[test]
fn editing_renames_in_place() {
    let mut harness = harness(vec![acme(), zeta()]);
    click(&mut harness, "Acme");
    assert_eq!(value(&harness, "Name"), "Acme");
    assert_eq!(value(&harness, "Redirect URI 1"), "https://acme.example/cb");
    type_into(&mut harness, "Name", " Fleet");
    harness.get_by_label("Unsaved changes.");
    click(&mut harness, "Save profile");
    assert_eq!(names(&harness), ["Acme Fleet", "Zeta"]);
    assert_eq!(
        harness.state().commands,
        [ProfileEdit::Save {
            original: Some("Acme".into()),
            profile: Profile {
                name: "Acme Fleet".into(),
                ..acme()
            },
        }]
    );
    // The editor now edits the renamed profile: a second save updates, never adds.
    type_into(&mut harness, "Note", "call first");
    click(&mut harness, "Save profile");
    assert_eq!(names(&harness), ["Acme Fleet", "Zeta"]);
    assert_eq!(harness.state().store.profiles()[0].note, "call first");
    // Discarding later edits goes back to what was saved, not to what was first opened.
    type_into(&mut harness, "Note", "!");
    click(&mut harness, "Discard changes");
    assert_eq!(value(&harness, "Name"), "Acme Fleet");
    assert_eq!(value(&harness, "Note"), "call first");
}

#[test]
fn the_list_is_locked_while_there_are_unsaved_changes() {
    let mut harness = harness(vec![acme(), zeta()]);
    click(&mut harness, "Acme");
    type_into(&mut harness, "Note", "draft");
    assert!(is_disabled(&harness.get_by_label("Zeta")));
    harness.get_by_label("Save or discard the changes to switch profiles.");
    click(&mut harness, "Discard changes");
    assert_eq!(value(&harness, "Note"), "");
    click(&mut harness, "Zeta");
    assert_eq!(value(&harness, "Name"), "Zeta");
}

#[test]
fn duplicate_opens_a_copy_under_a_free_name() {
    let mut harness = harness(vec![acme()]);
    assert!(is_disabled(&harness.get_by_label("Duplicate")));
    click(&mut harness, "Acme");
    click(&mut harness, "Duplicate");
    assert_eq!(value(&harness, "Name"), "Acme (copy)");
    assert_eq!(value(&harness, "Client ID"), APP);
    click(&mut harness, "Save profile");
    assert_eq!(names(&harness), ["Acme", "Acme (copy)"]);
}

#[test]
fn delete_can_be_undone_to_the_same_place() {
    let mut harness = harness(vec![acme(), zeta()]);
    assert!(is_disabled(&harness.get_by_label("Delete")));
    click(&mut harness, "Acme");
    click(&mut harness, "Delete");
    assert_eq!(names(&harness), ["Zeta"]);
    harness.get_by_label("Deleted “Acme”.");
    click(&mut harness, "Undo delete");
    assert_eq!(names(&harness), ["Acme", "Zeta"]);
    assert_eq!(harness.state().store.profiles()[0], acme());
    assert!(harness.query_by_label("Undo delete").is_none());
}

#[test]
fn the_default_redirect_is_picked_from_the_list_and_removing_a_uri_keeps_it() {
    let mut harness = harness(vec![acme()]);
    click(&mut harness, "Acme");
    click(&mut harness, "Add redirect URI");
    type_into(&mut harness, "Redirect URI 2", "https://acme.example/other");
    harness
        .get_by_role_and_label(Role::ComboBox, "Default redirect URI")
        .click();
    harness.run();
    click(&mut harness, "https://acme.example/other");
    click(&mut harness, "Remove redirect URI 1");
    assert!(harness.query_by_label("Redirect URI 2").is_none());
    click(&mut harness, "Save profile");
    let saved = &harness.state().store.profiles()[0];
    assert_eq!(saved.redirect_uris, ["https://acme.example/other"]);
    assert_eq!(
        saved.default_redirect_uri.as_deref(),
        Some("https://acme.example/other")
    );
}

#[test]
fn no_default_leaves_redirect_uri_out() {
    let mut harness = harness(vec![acme()]);
    click(&mut harness, "Acme");
    harness
        .get_by_role_and_label(Role::ComboBox, "Default redirect URI")
        .click();
    harness.run();
    click(&mut harness, "None: leave redirect_uri out");
    click(&mut harness, "Save profile");
    assert_eq!(
        harness.state().store.profiles()[0].default_redirect_uri,
        None
    );
}

// ---- the store-error view ----

struct ErrorState {
    error: StoreError,
    actions: Vec<StoreErrorAction>,
}

fn error_harness(error: StoreError) -> Harness<'static, ErrorState> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(900.0, 600.0))
        .build_ui_state(
            |ui, state: &mut ErrorState| {
                if let Some(action) = store_error_ui(ui, &state.error) {
                    state.actions.push(action);
                }
            },
            ErrorState {
                error,
                actions: Vec::new(),
            },
        );
    harness.run();
    harness
}

fn unreadable_file() -> (tempfile::TempDir, StoreError) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("profiles.toml");
    std::fs::write(
        &path,
        "version = 1\n[[profile]]\nname = \"A\"\nclient_id = 5\n",
    )
    .expect("write");
    let error = ProfileStore::open_file(&path).expect_err("unreadable");
    (dir, error)
}

#[test]
fn the_store_error_names_the_file_and_where_the_problem_is() {
    let (dir, error) = unreadable_file();
    let message = error.to_string();
    let path = dir.path().join("profiles.toml");
    let mut harness = error_harness(error);
    harness.get_by_label("The profiles file cannot be used");
    harness.get_by_label(&message);
    harness.get_by_label("The problem is at line 4, column 13.");
    harness.get_by_label(&path.display().to_string());

    click_error(&mut harness, "Open folder");
    click_error(&mut harness, "Move aside and start fresh");
    click_error(&mut harness, "Try again");
    assert_eq!(
        harness.state().actions,
        [
            StoreErrorAction::OpenFolder(dir.path().to_owned()),
            StoreErrorAction::MoveAsideAndStartFresh(path.clone()),
            StoreErrorAction::TryAgain,
        ]
    );
    assert_eq!(
        std::fs::read_to_string(&path).expect("kept"),
        "version = 1\n[[profile]]\nname = \"A\"\nclient_id = 5\n",
        "showing the error changes nothing"
    );
}

#[test]
fn a_conflict_offers_no_move_aside_and_no_folder_has_no_open_folder() {
    let harness = error_harness(StoreError::Conflict {
        path: "/some/profiles.toml".into(),
        names: vec!["Acme".into()],
    });
    harness.get_by_label("Open folder");
    assert!(
        harness
            .query_by_label("Move aside and start fresh")
            .is_none()
    );

    let harness = error_harness(StoreError::NoConfigDir);
    assert!(harness.query_by_label("Open folder").is_none());
    harness.get_by_label("Try again");
}

fn click_error(harness: &mut Harness<'_, ErrorState>, label: &str) {
    harness.get_by_label(label).click();
    harness.run();
}

#[test]
fn a_delete_the_app_did_not_apply_offers_no_undo() {
    let profiles = vec![acme()];
    let mut harness = Harness::new_ui_state(
        move |ui, (panel, commands): &mut (ProfileEditor, Vec<ProfileEdit>)| {
            // An app whose store refused the command: the list stays as it was.
            if let Some(command) = panel.ui(ui, &profiles) {
                commands.push(command);
            }
        },
        (ProfileEditor::default(), Vec::new()),
    );
    harness.run();
    harness.get_by_label("Acme").click();
    harness.run();
    harness.get_by_label("Delete").click();
    harness.run();
    assert_eq!(
        harness.state().1,
        [ProfileEdit::Delete {
            name: "Acme".into()
        }]
    );
    assert!(harness.query_by_label("Undo delete").is_none());
}

// ---- The message templates ----

fn template_error(kind: TemplateKind, text: &str) -> String {
    let problem = check_template(kind, text).expect_err("a bad template");
    format!("Error: {problem}")
}

#[test]
fn each_templates_default_is_shown_in_its_empty_field() {
    let mut harness = harness(vec![acme()]);
    click(&mut harness, "Acme");
    for kind in TemplateKind::ALL {
        let field = harness.get_by_label(template_label(kind));
        assert_eq!(field.value().as_deref(), Some(""), "{kind:?} keeps no text");
        assert_eq!(
            field.accesskit_node().placeholder(),
            Some(kind.default_template()),
            "{kind:?}"
        );
    }
}

#[test]
fn a_bad_template_is_an_error_as_you_type_and_blocks_saving() {
    let mut harness = harness(vec![acme()]);
    click(&mut harness, "Acme");
    let cases = [
        (TemplateKind::TextMessage, "Open {link} for {owner}"),
        (TemplateKind::EmailSubject, "Reconnect {make"),
        (TemplateKind::EmailBody, "Hello } {link}"),
        (TemplateKind::EmailBody, "Hello, please reconnect."),
    ];
    for (kind, text) in cases {
        let label = template_label(kind);
        type_into(&mut harness, label, text);
        harness.get_by_label(&template_error(kind, text));
        assert!(is_disabled(&harness.get_by_label("Save profile")), "{text}");
        clear(&mut harness, label);
        assert!(
            harness.query_by_label_contains("Error: ").is_none(),
            "an emptied field is the default again"
        );
    }
    assert!(harness.query_by_label_contains("{owner}").is_none());
}

#[test]
fn a_good_template_is_saved_with_the_profile() {
    let mut harness = harness(vec![acme()]);
    click(&mut harness, "Acme");
    let text = "Hi, {app} here: please reconnect your {make} at {link}";
    type_into(
        &mut harness,
        template_label(TemplateKind::TextMessage),
        text,
    );
    assert!(!is_disabled(&harness.get_by_label("Save profile")));
    click(&mut harness, "Save profile");
    let saved = &harness.state().store.profiles()[0].messages;
    assert_eq!(saved.text_message.as_deref(), Some(text));
    assert_eq!(saved.email_body, None, "untouched fields keep the default");
    let reread = ProfileStore::open_file(harness.state().store.path()).expect("reads");
    assert_eq!(reread.profiles()[0].messages, *saved, "saved to the file");
}

#[test]
fn a_default_can_be_taken_into_the_field_to_change_a_few_words() {
    let mut harness = harness(vec![acme()]);
    click(&mut harness, "Acme");
    let kind = TemplateKind::EmailBody;
    click(&mut harness, start_from_default_label(kind));
    assert_eq!(
        value(&harness, template_label(kind)),
        kind.default_template()
    );
    assert!(
        harness
            .query_by_label(start_from_default_label(kind))
            .is_none(),
        "offered only while the field is empty"
    );
    harness.get_by_label("Unsaved changes.");
    type_into(&mut harness, template_label(kind), "Thanks!");
    click(&mut harness, "Save profile");
    let saved = harness.state().store.profiles()[0]
        .messages
        .email_body
        .clone()
        .expect("the body is the profile's own now");
    assert_eq!(
        saved.replacen("Thanks!", "", 1),
        kind.default_template(),
        "the default with the words typed into it"
    );
}

#[test]
fn a_redirect_uri_with_a_password_is_an_error_under_it_and_blocks_saving() {
    let mut harness = harness(vec![]);
    click(&mut harness, "New profile");
    type_into(&mut harness, "Name", "Acme");
    type_into(&mut harness, "Client ID", APP);
    click(&mut harness, "Add redirect URI");
    type_into(
        &mut harness,
        "Redirect URI 1",
        "https://desk:secret@acme.example/cb",
    );
    harness.get_by_label(&format!("Error: {}", Problem::RedirectUriHasUserinfo));
    assert!(is_disabled(&harness.get_by_label("Save profile")));
}

#[test]
fn the_api_client_id_is_typed_checked_under_its_field_and_saved() {
    let mut harness = harness(vec![acme()]);
    click(&mut harness, "Acme");
    type_into(&mut harness, API_CLIENT_ID_LABEL, APP);
    let refused = "Error: is the Application ID: give the client id on the dashboard's API credentials page (`client_…`) instead";
    let message = harness.get_by_label(refused);
    let field = harness.get_by_label(API_CLIENT_ID_LABEL);
    let (field_rect, message_rect) = (field.rect(), message.rect());
    assert!(
        message_rect.top() >= field_rect.bottom()
            && message_rect.top() - field_rect.bottom() < 30.0,
        "the message sits right under its field: {field_rect:?} / {message_rect:?}"
    );
    assert!(is_disabled(&harness.get_by_label("Save profile")));

    clear(&mut harness, API_CLIENT_ID_LABEL);
    type_into(&mut harness, API_CLIENT_ID_LABEL, "client_5f1e0c7a9b");
    assert!(harness.query_by_label(refused).is_none());
    click(&mut harness, "Save profile");
    let saved = ProfileStore::open_file(harness.state().store.path()).expect("reads");
    assert_eq!(
        saved.profiles()[0].api_client_id.as_deref(),
        Some("client_5f1e0c7a9b")
    );

    clear(&mut harness, API_CLIENT_ID_LABEL);
    click(&mut harness, "Save profile");
    let saved = ProfileStore::open_file(harness.state().store.path()).expect("reads");
    assert_eq!(
        saved.profiles()[0].api_client_id,
        None,
        "an emptied field leaves the profile without API credentials"
    );
}
