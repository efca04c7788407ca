//! The profile store on disk: every saved byte, the version-1 format, permissions, the
//! backup, two stores on one file, and every kind of unreadable file left as it was.

use std::fs;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use reauth_link_core::deliver::MessageTemplates;
use reauth_link_core::link::Contract;
use reauth_link_core::profiles::format::{parse, render};
use reauth_link_core::profiles::{
    FILE_NAME, Profile, ProfileEdit, ProfileStore, StoreError, backup_path,
};

/// A file written before profiles had a contract.
const FIXTURE_V1: &str = include_str!("../fixtures/profiles-v1.toml");
/// The same profiles as saved today: the same bytes with a `contract` line each.
const FIXTURE_V1_CONTRACT: &str = include_str!("../fixtures/profiles-v1-contract.toml");
const ACME_APP: &str = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";
const ZETA_APP: &str = "0b2c1f5e-2d1a-4c59-9c1e-6f3a3b8d9e10";

/// The profiles written in `fixtures/profiles-v1.toml`.
fn fixture_profiles() -> Vec<Profile> {
    vec![
        Profile {
            name: "Acme Fleet".into(),
            client_id: ACME_APP.into(),
            redirect_uris: vec![
                "https://acme.example/cb".into(),
                format!("sc{ACME_APP}://callback"),
            ],
            default_redirect_uri: Some("https://acme.example/cb".into()),
            user: Some("support-desk".into()),
            note: "Call Dana first.\nSecond line with \"quotes\" and a tab:\t.".into(),
            contract: Contract::Classic,
            ..Profile::default()
        },
        Profile {
            name: "Zeta Rentals".into(),
            client_id: ZETA_APP.into(),
            redirect_uris: vec![],
            default_redirect_uri: None,
            user: None,
            note: String::new(),
            contract: Contract::Classic,
            ..Profile::default()
        },
    ]
}

fn simple(name: &str) -> Profile {
    Profile {
        name: name.into(),
        client_id: ACME_APP.into(),
        redirect_uris: vec![format!("https://{}.example/cb", name.to_lowercase())],
        default_redirect_uri: Some(format!("https://{}.example/cb", name.to_lowercase())),
        user: None,
        note: String::new(),
        contract: Contract::Classic,
        ..Profile::default()
    }
}

fn add(name: &str) -> ProfileEdit {
    ProfileEdit::Save {
        original: None,
        profile: simple(name),
    }
}

struct Folder {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl Folder {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(FILE_NAME);
        Folder { _dir: dir, path }
    }

    fn with_file(bytes: &[u8]) -> Self {
        let folder = Folder::new();
        fs::write(&folder.path, bytes).expect("write the file");
        folder
    }

    fn bytes(&self) -> Vec<u8> {
        fs::read(&self.path).expect("the file is there")
    }

    fn folder(&self) -> &Path {
        self.path.parent().expect("has a folder")
    }
}

fn names(store: &ProfileStore) -> Vec<&str> {
    store.profiles().iter().map(|p| p.name.as_str()).collect()
}

// ---- the format ----

#[test]
fn version_1_file_as_written_today_reads() {
    let profiles = parse(Path::new("profiles-v1.toml"), FIXTURE_V1.as_bytes()).expect("reads");
    assert_eq!(profiles, fixture_profiles());
}

#[test]
fn saved_file_is_exactly_the_version_1_format() {
    let folder = Folder::new();
    let mut store = ProfileStore::open_file(&folder.path).expect("no file yet");
    store
        .apply(&ProfileEdit::Import {
            profiles: fixture_profiles(),
            replace: false,
        })
        .expect("saves");
    assert_eq!(
        String::from_utf8(folder.bytes()).expect("text"),
        FIXTURE_V1_CONTRACT
    );
}

#[test]
fn a_file_from_before_contracts_reads_and_gains_only_the_contract_lines_when_saved() {
    let folder = Folder::new();
    fs::write(&folder.path, FIXTURE_V1).expect("writes the old file");
    let mut store = ProfileStore::open_file(&folder.path).expect("the old file reads");
    assert_eq!(store.profiles(), fixture_profiles().as_slice());
    assert!(
        store
            .profiles()
            .iter()
            .all(|p| p.contract == Contract::Classic)
    );
    store
        .apply(&ProfileEdit::Import {
            profiles: vec![simple("Added")],
            replace: false,
        })
        .expect("saves");
    let saved = String::from_utf8(folder.bytes()).expect("text");
    assert!(saved.starts_with(FIXTURE_V1_CONTRACT), "{saved}");
    assert!(saved[FIXTURE_V1_CONTRACT.len()..].contains("name = \"Added\""));
    // Every byte the user wrote is still there; only the contract lines are new.
    let without_contract: String = saved
        .lines()
        .filter(|line| *line != "contract = \"classic\"")
        .map(|line| format!("{line}\n"))
        .collect();
    assert!(
        without_contract.starts_with(FIXTURE_V1),
        "{without_contract}"
    );
    assert_eq!(saved.matches("contract = \"classic\"\n").count(), 3);
}

#[test]
fn a_current_contract_is_saved_and_read_back() {
    let current = Profile {
        contract: Contract::Current,
        ..simple("Today")
    };
    let text = render(std::slice::from_ref(&current));
    assert!(text.contains("\ncontract = \"current\"\n"), "{text}");
    assert_eq!(
        parse(Path::new("p"), text.as_bytes()).expect("reads"),
        [current]
    );
}

#[test]
fn an_unknown_contract_is_refused_with_its_line() {
    let text = "version = 1\n[[profile]]\nname = \"A\"\nclient_id = \"x\"\ncontract = \"newest\"\n";
    let error = parse(Path::new("p"), text.as_bytes()).expect_err("refused");
    let message = error.to_string();
    assert!(message.contains("line 5"), "{message}");
    assert!(message.contains("classic"), "{message}");
}

#[test]
fn an_empty_store_saves_a_file_that_reads_back_empty() {
    let bytes = render(&[]);
    assert!(bytes.contains("version = 1"), "{bytes}");
    assert_eq!(parse(Path::new("p"), bytes.as_bytes()).expect("reads"), []);
}

fn any_text() -> impl Strategy<Value = String> {
    // Quotes, backslashes, newlines, tabs, control characters and non-ASCII: everything
    // TOML must escape.
    proptest::string::string_regex(
        "[a-zA-Z0-9 \"'\\\\\n\r\t\u{0}-\u{1f}\u{7f}é漢🚗#=\\[\\]{}]{0,24}",
    )
    .expect("valid regex")
}

fn any_profile() -> impl Strategy<Value = Profile> {
    (
        any_text(),
        any_text(),
        proptest::collection::vec(any_text(), 0..4),
        proptest::option::of(any_text()),
        proptest::option::of(any_text()),
        any_text(),
        proptest::bool::ANY,
        any_messages(),
    )
        .prop_map(
            |(
                name,
                client_id,
                redirect_uris,
                default_redirect_uri,
                user,
                note,
                current,
                messages,
            )| {
                Profile {
                    api_client_id: (client_id.len() % 2 == 1)
                        .then(|| format!("client_{client_id}")),
                    name,
                    client_id,
                    redirect_uris,
                    default_redirect_uri,
                    user,
                    note,
                    contract: if current {
                        Contract::Current
                    } else {
                        Contract::Classic
                    },
                    messages: Box::new(messages),
                }
            },
        )
}

fn any_messages() -> impl Strategy<Value = MessageTemplates> {
    (
        proptest::option::of(any_text()),
        proptest::option::of(any_text()),
        proptest::option::of(any_text()),
    )
        .prop_map(
            |(email_subject, email_body, text_message)| MessageTemplates {
                email_subject,
                email_body,
                text_message,
            },
        )
}

/// A profile with its own message templates, as the file holds them: multi-line strings
/// and braces survive, and a file written before templates existed still reads the same.
const WITH_TEMPLATES: &str = r#"# reauth-link profiles: one [[profile]] table per client app.
# Saved by reauth-link; the previous version is kept beside it as profiles.toml.bak.

version = 1

[[profile]]
name = "Acme Fleet"
client_id = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07"
contract = "classic"
redirect_uris = ["https://acme.example/cb"]
email_subject = "Ticket {ticket}: reconnect your {make}"
email_body = """
Hello,

open {link} ({{not a placeholder}}).
"""
text_message = "{app}: {link}"
"#;

#[test]
fn templates_read_from_the_file_and_save_back_byte_for_byte() {
    let profiles = parse(Path::new("p"), WITH_TEMPLATES.as_bytes()).expect("reads");
    assert_eq!(
        *profiles[0].messages,
        MessageTemplates {
            email_subject: Some("Ticket {ticket}: reconnect your {make}".into()),
            email_body: Some("Hello,\n\nopen {link} ({{not a placeholder}}).\n".into()),
            text_message: Some("{app}: {link}".into()),
        }
    );
    assert_eq!(render(&profiles), WITH_TEMPLATES);
    let older = parse(Path::new("p"), FIXTURE_V1.as_bytes()).expect("reads");
    assert!(
        older
            .iter()
            .all(|p| *p.messages == MessageTemplates::default())
    );
}

#[test]
fn a_bad_template_is_refused_naming_its_field() {
    let folder = Folder::new();
    let mut store = ProfileStore::open_file(&folder.path).expect("no file yet");
    let mut bad = simple("Acme");
    bad.messages.text_message = Some("Reconnect: {lnk}".into());
    let error = store
        .apply(&ProfileEdit::Import {
            profiles: vec![bad],
            replace: false,
        })
        .expect_err("refused");
    assert!(
        error.to_string().contains(
            "text_message: profile `Acme`: line 1, column 12: `{lnk}` is not a placeholder"
        ),
        "{error}"
    );
    assert!(!folder.path.exists(), "nothing was saved");
}

proptest! {
    #[test]
    fn every_field_round_trips_exactly(mut profiles in proptest::collection::vec(any_profile(), 0..4)) {
        // Names are unique in a file; the index keeps them so.
        for (index, profile) in profiles.iter_mut().enumerate() {
            profile.name.push_str(&format!("#{index}"));
        }
        let text = render(&profiles);
        let back = parse(Path::new("p"), text.as_bytes()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back, profiles);
    }
}

/// A profile with API credentials for the v3 connections endpoint: one line more, after
/// the note; the secret is never in the file.
const WITH_API_CLIENT_ID: &str = r#"# reauth-link profiles: one [[profile]] table per client app.
# Saved by reauth-link; the previous version is kept beside it as profiles.toml.bak.

version = 1

[[profile]]
name = "Acme Fleet"
client_id = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07"
contract = "classic"
redirect_uris = ["https://acme.example/cb"]
note = "v3 account"
api_client_id = "client_5f1e0c7a9b"
"#;

#[test]
fn an_api_client_id_reads_and_saves_back_byte_for_byte() {
    let profiles = parse(Path::new("p"), WITH_API_CLIENT_ID.as_bytes()).expect("reads");
    assert_eq!(
        profiles[0].api_client_id.as_deref(),
        Some("client_5f1e0c7a9b")
    );
    assert_eq!(render(&profiles), WITH_API_CLIENT_ID);
}

#[test]
fn a_file_without_api_client_ids_reads_as_before_and_saves_byte_identical() {
    for file in [FIXTURE_V1_CONTRACT, WITH_TEMPLATES] {
        let profiles = parse(Path::new("p"), file.as_bytes()).expect("reads");
        assert!(profiles.iter().all(|p| p.api_client_id.is_none()));
        assert_eq!(render(&profiles), file);
    }
    let folder = Folder::with_file(FIXTURE_V1_CONTRACT.as_bytes());
    let mut store = ProfileStore::open_file(&folder.path).expect("reads");
    let mut edited = store.profiles()[1].clone();
    edited.note = "night shift".into();
    store
        .apply(&ProfileEdit::Save {
            original: Some(edited.name.clone()),
            profile: edited,
        })
        .expect("saves");
    assert!(
        !String::from_utf8(folder.bytes())
            .expect("text")
            .contains("api_client_id")
    );
}

// ---- saving ----

#[test]
fn opening_a_missing_file_creates_nothing() {
    let folder = Folder::new();
    let store = ProfileStore::open_file(&folder.path).expect("empty store");
    assert!(store.profiles().is_empty());
    assert_eq!(
        fs::read_dir(folder.folder()).expect("list").count(),
        0,
        "nothing written by opening"
    );
}

#[test]
fn open_uses_the_given_config_folder() {
    let folder = Folder::new();
    let mut store = ProfileStore::open(Some(folder.folder())).expect("opens");
    assert_eq!(store.path(), folder.path);
    store.apply(&add("Acme")).expect("saves");
    assert!(folder.path.is_file());
}

#[test]
fn the_config_folder_is_created_on_first_save() {
    let folder = Folder::new();
    let nested = folder.folder().join("a").join("b").join(FILE_NAME);
    let mut store = ProfileStore::open_file(&nested).expect("opens");
    store.apply(&add("Acme")).expect("saves");
    assert_eq!(
        ProfileStore::open_file(&nested).expect("reads").profiles(),
        [simple("Acme")]
    );
}

#[test]
fn every_save_keeps_the_previous_version_as_backup() {
    let folder = Folder::new();
    let mut store = ProfileStore::open_file(&folder.path).expect("opens");
    store.apply(&add("Acme")).expect("first save");
    assert!(
        !backup_path(&folder.path).exists(),
        "no previous version on the first save"
    );
    let first = folder.bytes();
    store.apply(&add("Zeta")).expect("second save");
    assert_eq!(fs::read(backup_path(&folder.path)).expect("backup"), first);
    assert_eq!(
        folder.bytes(),
        render(&[simple("Acme"), simple("Zeta")]).into_bytes()
    );
}

#[test]
fn a_save_that_changes_nothing_leaves_file_and_backup_alone() {
    let folder = Folder::new();
    let mut store = ProfileStore::open_file(&folder.path).expect("opens");
    store.apply(&add("Acme")).expect("saves");
    store.save().expect("saves again");
    assert!(!backup_path(&folder.path).exists());
}

#[cfg(unix)]
#[test]
fn file_backup_and_lock_are_readable_by_the_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let folder = Folder::new();
    let mut store = ProfileStore::open_file(&folder.path).expect("opens");
    store.apply(&add("Acme")).expect("saves");
    store.apply(&add("Zeta")).expect("saves");
    let mut lock = folder.path.clone().into_os_string();
    lock.push(".lock");
    for path in [folder.path.clone(), backup_path(&folder.path), lock.into()] {
        let mode = fs::metadata(&path).expect("exists").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", path.display());
    }
}

#[test]
fn a_temp_file_left_by_a_killed_save_is_cleaned_up() {
    let folder = Folder::new();
    let stale = folder.folder().join(".profiles.toml.abc123.tmp");
    fs::write(&stale, "half a save").expect("write");
    let mut store = ProfileStore::open_file(&folder.path).expect("opens");
    store.apply(&add("Acme")).expect("saves");
    assert!(!stale.exists());
}

#[test]
fn an_invalid_profile_is_refused_and_nothing_changes() {
    let folder = Folder::new();
    let mut store = ProfileStore::open_file(&folder.path).expect("opens");
    store.apply(&add("Acme")).expect("saves");
    let before = folder.bytes();
    let bad = Profile {
        client_id: "client_123".into(),
        ..simple("Bad")
    };
    let error = store
        .apply(&ProfileEdit::Save {
            original: None,
            profile: bad,
        })
        .expect_err("refused");
    assert!(
        matches!(&error, StoreError::InvalidProfile { name, findings } if name == "Bad" && findings.len() == 1),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .contains("client_id: this looks like an API credential id")
    );
    assert_eq!(names(&store), ["Acme"]);
    assert_eq!(folder.bytes(), before);
}

#[test]
fn rename_edit_delete_and_undo() {
    let folder = Folder::new();
    let mut store = ProfileStore::open_file(&folder.path).expect("opens");
    for name in ["Acme", "Beta", "Zeta"] {
        store.apply(&add(name)).expect("adds");
    }
    let renamed = Profile {
        name: "Beta Cars".into(),
        ..simple("Beta")
    };
    store
        .apply(&ProfileEdit::Save {
            original: Some("Beta".into()),
            profile: renamed.clone(),
        })
        .expect("renames");
    assert_eq!(names(&store), ["Acme", "Beta Cars", "Zeta"]);
    store
        .apply(&ProfileEdit::Delete {
            name: "Beta Cars".into(),
        })
        .expect("deletes");
    assert_eq!(names(&store), ["Acme", "Zeta"]);
    store
        .apply(&ProfileEdit::Restore {
            profile: renamed,
            index: 1,
        })
        .expect("undoes");
    assert_eq!(names(&store), ["Acme", "Beta Cars", "Zeta"]);
    let reread = ProfileStore::open_file(&folder.path).expect("reads");
    assert_eq!(reread.profiles(), store.profiles());
}

#[test]
fn deleting_an_unknown_profile_names_the_known_ones() {
    let folder = Folder::new();
    let mut store = ProfileStore::open_file(&folder.path).expect("opens");
    store.apply(&add("Acme")).expect("adds");
    let error = store
        .apply(&ProfileEdit::Delete {
            name: "Nope".into(),
        })
        .expect_err("unknown");
    assert_eq!(
        error.to_string(),
        "no profile is named `Nope`; saved profiles: Acme"
    );
}

#[test]
fn import_checks_everything_before_changing_anything() {
    let folder = Folder::new();
    let mut store = ProfileStore::open_file(&folder.path).expect("opens");
    store.apply(&add("Acme")).expect("adds");
    let before = folder.bytes();
    let incoming = vec![
        simple("Beta"),
        simple("Acme"),
        Profile {
            client_id: "nope".into(),
            ..simple("Gamma")
        },
        simple("beta"),
    ];
    let error = store
        .apply(&ProfileEdit::Import {
            profiles: incoming.clone(),
            replace: false,
        })
        .expect_err("refused");
    let StoreError::ImportRejected { problems } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(problems[0].starts_with("name: profile `Acme` already exists: pass --replace"));
    assert!(problems[1].starts_with("client_id: profile `Gamma`: must be a UUID"));
    assert!(problems[2].starts_with("name: profile `beta`: a profile named `Beta` already exists"));
    assert_eq!(names(&store), ["Acme"]);
    assert_eq!(folder.bytes(), before);
}

#[test]
fn import_with_replace_overwrites_same_names_and_keeps_the_rest() {
    let folder = Folder::new();
    let mut store = ProfileStore::open_file(&folder.path).expect("opens");
    store.apply(&add("Acme")).expect("adds");
    store.apply(&add("Zeta")).expect("adds");
    let new_acme = Profile {
        note: "imported".into(),
        ..simple("Acme")
    };
    store
        .apply(&ProfileEdit::Import {
            profiles: vec![new_acme.clone(), simple("Beta")],
            replace: true,
        })
        .expect("imports");
    assert_eq!(store.profiles(), [new_acme, simple("Zeta"), simple("Beta")]);
}

// ---- two stores on one file ----

#[test]
fn edits_to_different_profiles_from_two_stores_are_both_kept() {
    let folder = Folder::new();
    let mut setup = ProfileStore::open_file(&folder.path).expect("opens");
    setup.apply(&add("Acme")).expect("adds");
    setup.apply(&add("Zeta")).expect("adds");

    let mut first = ProfileStore::open_file(&folder.path).expect("first window");
    let mut second = ProfileStore::open_file(&folder.path).expect("second window");
    let acme_edit = Profile {
        note: "edited in the first window".into(),
        ..simple("Acme")
    };
    first
        .apply(&ProfileEdit::Save {
            original: Some("Acme".into()),
            profile: acme_edit.clone(),
        })
        .expect("first saves");
    second.apply(&add("Beta")).expect("second saves");
    second
        .apply(&ProfileEdit::Delete {
            name: "Zeta".into(),
        })
        .expect("second deletes");

    let expected = [acme_edit, simple("Beta")];
    assert_eq!(
        second.profiles(),
        expected,
        "the second sees the first's edit"
    );
    assert_eq!(
        ProfileStore::open_file(&folder.path)
            .expect("reads")
            .profiles(),
        expected
    );
}

#[test]
fn both_stores_changing_one_profile_refuses_the_second_save() {
    let folder = Folder::new();
    ProfileStore::open_file(&folder.path)
        .expect("opens")
        .apply(&add("Acme"))
        .expect("adds");
    let mut first = ProfileStore::open_file(&folder.path).expect("first window");
    let mut second = ProfileStore::open_file(&folder.path).expect("second window");
    let edit = |note: &str| ProfileEdit::Save {
        original: Some("Acme".into()),
        profile: Profile {
            note: note.into(),
            ..simple("Acme")
        },
    };
    first.apply(&edit("first")).expect("first saves");
    let after_first = folder.bytes();
    let error = second.apply(&edit("second")).expect_err("refused");
    let message = error.to_string();
    assert!(matches!(error, StoreError::Conflict { .. }), "{error:?}");
    assert!(
        message.contains(&folder.path.display().to_string()),
        "{message}"
    );
    assert!(
        message.contains("both changed the profile(s) Acme"),
        "{message}"
    );
    assert!(message.contains("reload"), "{message}");
    assert_eq!(folder.bytes(), after_first, "the first's edit is kept");
    assert!(second.changed_on_disk());
    assert!(!first.changed_on_disk());
    assert_eq!(
        second.profiles()[0].note,
        "",
        "the refused edit is not kept in memory"
    );
    second.reload().expect("reloads");
    assert!(!second.changed_on_disk());
    assert_eq!(second.profiles()[0].note, "first");
    second
        .apply(&edit("second"))
        .expect("after a reload it saves");
}

#[test]
fn two_stores_saving_at_once_from_two_threads_lose_nothing() {
    let folder = Folder::new();
    let path = folder.path.clone();
    let writers: Vec<_> = ["a", "b"]
        .into_iter()
        .map(|side| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut store = ProfileStore::open_file(&path).expect("opens");
                for index in 0..25 {
                    store.apply(&add(&format!("{side}{index}"))).expect("saves");
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().expect("no panic");
    }
    let store = ProfileStore::open_file(&path).expect("reads");
    let mut saved = names(&store);
    saved.sort_unstable();
    let mut expected: Vec<String> = ["a", "b"]
        .iter()
        .flat_map(|side| (0..25).map(move |i| format!("{side}{i}")))
        .collect();
    expected.sort_unstable();
    assert_eq!(saved, expected);
}

// ---- unreadable files are never overwritten ----

/// Opens the bad file, expects a refusal, then checks a store opened earlier cannot save
/// over it either; the bytes are unchanged throughout. Returns the message.
fn refused_and_untouched(bad: &[u8]) -> (StoreError, String) {
    let folder = Folder::new();
    let mut earlier = ProfileStore::open_file(&folder.path).expect("no file yet");
    fs::write(&folder.path, bad).expect("write the bad file");

    let error = ProfileStore::open_file(&folder.path).expect_err("refused");
    let message = error.to_string();
    assert!(
        message.contains(&folder.path.display().to_string()),
        "names the file: {message}"
    );
    assert!(error.file_is_unusable(), "{error:?}");
    let save_error = earlier.apply(&add("Acme")).expect_err("not saved over it");
    assert_eq!(save_error.to_string(), message, "the same message on save");
    assert_eq!(folder.bytes(), bad, "the file is as it was");
    assert!(!backup_path(&folder.path).exists());
    (error, message)
}

fn location(error: &StoreError) -> (usize, usize) {
    let location = error.location().expect("has a location");
    (location.line, location.column)
}

#[test]
fn truncated_file_is_refused_with_line_and_column() {
    let cut = &FIXTURE_V1.as_bytes()[..FIXTURE_V1.find("\"https://acme").expect("in fixture") + 10];
    let (error, message) = refused_and_untouched(cut);
    assert_eq!(location(&error), (10, 15), "where the text stops");
    assert!(
        message.contains("cannot be read at line 10, column 15: "),
        "{message}"
    );
    assert!(
        message.contains("fix it in a text editor, or move it aside"),
        "{message}"
    );
}

#[test]
fn binary_garbage_is_refused_with_where_the_text_stops() {
    let mut garbage = b"version = 1\n# ok\nna".to_vec();
    garbage.extend_from_slice(&[0xff, 0xfe, 0x00, 0x9c, 0x13]);
    let (error, message) = refused_and_untouched(&garbage);
    assert_eq!(location(&error), (3, 3));
    assert!(message.contains("is not text"), "{message}");
}

#[test]
fn wrong_types_are_refused_at_the_value() {
    let text = "version = 1\n\n[[profile]]\nname = \"Acme\"\nclient_id = 42\n";
    let (error, message) = refused_and_untouched(text.as_bytes());
    assert_eq!(location(&error), (5, 13));
    assert!(
        message.contains("invalid type: integer `42`, expected a string"),
        "{message}"
    );
}

#[test]
fn redirect_uris_as_a_string_instead_of_a_list_is_refused() {
    let text = "version = 1\n[[profile]]\nname = \"A\"\nclient_id = \"x\"\nredirect_uris = \"https://a.example\"\n";
    let (error, _) = refused_and_untouched(text.as_bytes());
    assert_eq!(location(&error), (5, 17));
}

#[test]
fn an_empty_file_is_refused() {
    let (error, message) = refused_and_untouched(b"");
    assert!(matches!(error, StoreError::Empty { .. }));
    assert!(message.contains("is empty"), "{message}");
    refused_and_untouched(b"\n  \n");
}

#[test]
fn an_unknown_version_is_named() {
    let text = "version = 2\n[[profile]]\nname = 7\nnew_field = true\n";
    let (error, message) = refused_and_untouched(text.as_bytes());
    assert_eq!(location(&error), (1, 11));
    assert!(
        message.contains("has format version 2 (at line 1, column 11), which this reauth-link cannot read (it reads version 1): use a newer reauth-link"),
        "{message}"
    );
}

#[test]
fn a_missing_or_mistyped_version_is_refused() {
    let (error, message) = refused_and_untouched(b"[[profile]]\nname = \"A\"\nclient_id = \"x\"\n");
    assert_eq!(location(&error), (1, 1));
    assert!(
        message.contains("there is no `version = 1` line"),
        "{message}"
    );
    let (error, message) = refused_and_untouched(b"version = \"1\"\n");
    assert_eq!(location(&error), (1, 11));
    assert!(
        message.contains("`version` must be a whole number like 1, not a string"),
        "{message}"
    );
}

#[test]
fn an_unknown_key_is_refused_rather_than_dropped_on_the_next_save() {
    let text = "version = 1\n[[profile]]\nname = \"A\"\nclient_id = \"x\"\nclientid = \"typo\"\n";
    let (error, message) = refused_and_untouched(text.as_bytes());
    assert_eq!(location(&error), (5, 1));
    assert!(message.contains("unknown field `clientid`"), "{message}");
}

#[test]
fn two_profiles_with_one_name_are_refused_at_the_second() {
    let text = "version = 1\n[[profile]]\nname = \"Acme\"\nclient_id = \"x\"\n[[profile]]\nname = \"ACME\"\nclient_id = \"y\"\n";
    let (error, message) = refused_and_untouched(text.as_bytes());
    assert_eq!(location(&error), (6, 8));
    assert!(
        message.contains("a second profile is named `ACME` (the first is `Acme`)"),
        "{message}"
    );
}

#[test]
fn a_folder_where_the_file_should_be_is_refused() {
    let folder = Folder::new();
    let mut earlier = ProfileStore::open_file(&folder.path).expect("no file yet");
    fs::create_dir(&folder.path).expect("mkdir");
    fs::write(folder.path.join("inside"), "kept").expect("write");
    let error = ProfileStore::open_file(&folder.path).expect_err("refused");
    assert_eq!(
        error.to_string(),
        format!(
            "{} is a folder, not the profiles file: move it away, or use another --config-dir",
            folder.path.display()
        )
    );
    let save_error = earlier.apply(&add("Acme")).expect_err("refused");
    assert_eq!(save_error.to_string(), error.to_string());
    assert_eq!(fs::read(folder.path.join("inside")).expect("kept"), b"kept");
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_refuses_the_save_and_keeps_the_file() {
    use std::os::unix::fs::PermissionsExt;
    let folder = Folder::new();
    let mut store = ProfileStore::open_file(&folder.path).expect("opens");
    store.apply(&add("Acme")).expect("saves");
    let before = folder.bytes();
    fs::set_permissions(folder.folder(), fs::Permissions::from_mode(0o555)).expect("chmod");
    let mut reopened = ProfileStore::open_file(&folder.path).expect("still reads");
    let error = reopened.apply(&add("Zeta")).expect_err("refused");
    fs::set_permissions(folder.folder(), fs::Permissions::from_mode(0o755)).expect("chmod back");
    assert_eq!(
        error.to_string(),
        format!(
            "cannot save the profiles file {}: the folder {} is read-only; make it writable or use another --config-dir; nothing was changed",
            folder.path.display(),
            folder.folder().display()
        )
    );
    assert_eq!(names(&reopened), ["Acme"]);
    assert_eq!(folder.bytes(), before);
}

// ---- moving a bad file aside ----

#[test]
fn start_fresh_moves_the_bad_file_aside_under_a_new_name() {
    let folder = Folder::with_file(b"version = 1\n[[profile]\n");
    let taken = folder.folder().join("profiles.toml.bad-1");
    fs::write(&taken, "an older bad file").expect("write");

    let (mut store, moved_to) = ProfileStore::start_fresh(&folder.path).expect("moved");
    assert_eq!(moved_to, folder.folder().join("profiles.toml.bad-2"));
    assert_eq!(
        fs::read(&moved_to).expect("moved"),
        b"version = 1\n[[profile]\n"
    );
    assert_eq!(fs::read(&taken).expect("kept"), b"an older bad file");
    assert!(!folder.path.exists());
    assert!(store.profiles().is_empty());
    store.apply(&add("Acme")).expect("a fresh file");
    assert_eq!(
        names(&ProfileStore::open_file(&folder.path).expect("reads")),
        ["Acme"]
    );
}

#[test]
fn start_fresh_moves_a_folder_aside_too() {
    let folder = Folder::new();
    fs::create_dir(&folder.path).expect("mkdir");
    let (_, moved_to) = ProfileStore::start_fresh(&folder.path).expect("moved");
    assert!(moved_to.is_dir());
    assert!(!folder.path.exists());
}
