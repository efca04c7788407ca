//! The kind picker, each kind's fields, the scope picker and the contract and response-type
//! choices, through their accessible labels. Every expected link and message comes from
//! the core's checks, so the window and the command line cannot disagree.

use crate::ui_support;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT, Queryable};
use reauth_link::history::{HistoryStore, history_path};
use reauth_link::link::scopes::search_permissions;
use reauth_link::link::{
    Checked, ConnectForm, Contract, Field, Finding, LinkKind, ReauthForm, ReauthOptions,
    ResponseType, Severity, TeslaPermissionsForm, check_connect, check_tesla_permissions,
    check_with_options,
};
use reauth_link::ui::history::worker_handle::HistorySetup;
use reauth_link::ui::link::inputs::CONTRACT_LABEL;
use reauth_link::ui::link::link_view::{COPY, OPEN};
use reauth_link::ui::link::paste_box::{FILL, PASTE_LABEL};
use reauth_link::ui::link::scope_picker::{CHOSEN, SEARCH_PERMISSIONS, required_label};
use reauth_link::ui::link::ticket_field::TICKET_LABEL;
use reauth_link::ui::profiles::store_handle::WindowProfiles;
use reauth_link::ui::{AppSetup, PersistedState};
use ui_support::{CLIENT, REDIRECT, VEHICLE, Window, profile, window, window_sized, window_with};

const VIN: &str = "5YJ3E1EA7KF317000";

/// Tall enough for the whole new-connection form: pick lists open where they are seen.
const TALL: [f32; 2] = [1000.0, 1500.0];

fn window_showing(kind: LinkKind) -> Window {
    let mut window = window_sized(AppSetup::default(), Ok(()), TALL);
    window.click_button(kind.label());
    window
}

/// A window whose only profile names things under `contract`.
fn window_with_profile(contract: Contract) -> Window {
    let mut fleet = profile("Fleet", &[REDIRECT], Some(REDIRECT), Some("owner-7"));
    fleet.contract = contract;
    let setup = AppSetup {
        profiles: WindowProfiles::from(vec![fleet]),
        ..AppSetup::default()
    };
    let mut window = window_sized(setup, Ok(()), TALL);
    window.pick("Profile", "Fleet");
    window
}

fn tesla_link(form: &TeslaPermissionsForm) -> String {
    link_of(check_tesla_permissions(form))
}

fn connect_link(form: &ConnectForm) -> String {
    link_of(check_connect(form, &[]))
}

fn link_of(checked: Checked) -> String {
    checked.link.expect("the form makes a link").url
}

/// What the window must show for a kind's findings: each message after its severity.
fn expected_lines(checked: &Checked) -> Vec<String> {
    checked.findings.iter().map(expected_line).collect()
}

fn expected_line(finding: &Finding) -> String {
    let prefix = match finding.severity() {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
    };
    format!("{prefix}: {}", finding.message())
}

fn tesla_form(scopes: &[&str]) -> TeslaPermissionsForm {
    TeslaPermissionsForm {
        client_id: CLIENT.into(),
        scopes: scopes.iter().map(|scope| (*scope).to_owned()).collect(),
        contract: Contract::Classic,
    }
}

fn connect_form() -> ConnectForm {
    ConnectForm {
        client_id: CLIENT.into(),
        redirect_uri: REDIRECT.into(),
        ..ConnectForm::default()
    }
}

/// Whether an input (not only a line of text) is named `label`.
fn has_input(window: &Window, label: &str) -> bool {
    window
        .harness
        .query_all_by_label(label)
        .any(|node| node.accesskit_node().role() != Role::Label)
}

/// The new-connection form's two required fields.
fn fill_connect(window: &mut Window) {
    window.type_into("Client ID", CLIENT);
    window.type_into("Redirect URI", REDIRECT);
}

#[test]
fn each_kind_shows_only_its_own_fields() {
    let every_field: Vec<Field> = LinkKind::ALL
        .iter()
        .flat_map(|kind| kind.fields().iter().copied())
        .collect();
    for kind in LinkKind::ALL {
        let window = window_showing(kind);
        for field in &every_field {
            let label = field.label(Contract::Classic);
            let expected = kind.fields().contains(field);
            assert_eq!(
                window.harness.query_by_label(label).is_some(),
                expected,
                "{}: {label}",
                kind.label()
            );
        }
        assert_eq!(
            window.harness.query_by_label(SEARCH_PERMISSIONS).is_some(),
            kind.takes_scopes(),
            "{}: the scope picker",
            kind.label()
        );
        assert!(window.has_text(kind.purpose()), "{}", kind.label());
    }
}

#[test]
fn the_chosen_kind_is_remembered_and_shown_again_at_start() {
    let mut window = window();
    assert_eq!(window.harness.state().persisted().kind, LinkKind::Reauth);
    window.click_button(LinkKind::Connect.label());
    assert_eq!(window.harness.state().persisted().kind, LinkKind::Connect);

    let setup = AppSetup {
        persisted: PersistedState {
            kind: LinkKind::TeslaPermissions,
            ..PersistedState::default()
        },
        ..AppSetup::default()
    };
    let window = window_with(setup, Ok(()));
    assert!(window.harness.query_by_label(SEARCH_PERMISSIONS).is_some());
    assert!(window.harness.query_by_label("Vehicle ID").is_none());
}

#[test]
fn each_kind_keeps_what_was_typed_into_it() {
    let mut window = window_showing(LinkKind::Connect);
    window.type_into("VIN", VIN);
    window.click_button(LinkKind::TeslaPermissions.label());
    window.type_into("Client ID", "typed-for-tesla");
    window.click_button(LinkKind::Reauth.label());
    window.type_into("Vehicle ID", VEHICLE);
    window.click_button(LinkKind::Connect.label());
    assert_eq!(window.value_of("VIN"), VIN);
    assert_eq!(
        window.value_of("Client ID"),
        "",
        "each kind has its own form"
    );
    window.click_button(LinkKind::TeslaPermissions.label());
    assert_eq!(window.value_of("Client ID"), "typed-for-tesla");
    window.click_button(LinkKind::Reauth.label());
    assert_eq!(window.value_of("Vehicle ID"), VEHICLE);
}

#[test]
fn ticking_permissions_builds_the_tesla_link_and_required_marks_them() {
    let mut window = window_showing(LinkKind::TeslaPermissions);
    window.type_into("Client ID", CLIENT);
    assert_eq!(window.shown_link(), None, "no permission yet");

    window.tick("read_vin");
    assert_eq!(
        window.shown_link(),
        Some(tesla_link(&tesla_form(&["read_vin"])))
    );
    assert!(
        window
            .harness
            .query_by_label(&required_label("read_odometer"))
            .is_none(),
        "the toggle comes with the tick"
    );

    window.tick("read_odometer");
    window.tick(&required_label("read_odometer"));
    let form = tesla_form(&["read_vin", "required:read_odometer"]);
    assert_eq!(window.shown_link(), Some(tesla_link(&form)));
    let chosen = format!("{CHOSEN} read_vin required:read_odometer");
    assert!(window.has_text(&chosen), "the ticked ones, in view");

    window.tick(&required_label("read_odometer"));
    let form = tesla_form(&["read_vin", "read_odometer"]);
    assert_eq!(window.shown_link(), Some(tesla_link(&form)));

    window.tick("read_vin");
    window.tick("read_odometer");
    assert_eq!(window.shown_link(), None);
    let empty = check_tesla_permissions(&tesla_form(&[]));
    for line in expected_lines(&empty) {
        assert!(window.has_text(&line), "unticked by hand: {line:?}");
    }
}

#[test]
fn the_search_box_narrows_the_permissions_to_the_core_s_matches() {
    let mut window = window_showing(LinkKind::Connect);
    window.type_into(SEARCH_PERMISSIONS, "charge");
    let matching: Vec<&str> = search_permissions("charge").collect();
    assert!(matching.len() > 1 && !matching.contains(&"read_vin"));
    for permission in reauth_link::link::scopes::PERMISSIONS {
        assert_eq!(
            has_input(&window, permission),
            matching.contains(&permission),
            "{permission}"
        );
    }

    window.type_into(SEARCH_PERMISSIONS, "zzz");
    assert_eq!(search_permissions("zzz").count(), 0);
    assert!(window.has_text("No documented permission matches “zzz”."));

    window.type_into(SEARCH_PERMISSIONS, "");
    assert!(
        has_input(&window, "read_vin"),
        "an empty search lists them all"
    );
}

#[test]
fn a_ticked_permission_stays_ticked_while_the_search_hides_it() {
    let mut window = window_showing(LinkKind::Connect);
    fill_connect(&mut window);
    window.tick("control_trunk");
    window.type_into(SEARCH_PERMISSIONS, "location");
    let form = ConnectForm {
        scopes: vec!["control_trunk".into()],
        ..connect_form()
    };
    assert!(!has_input(&window, "control_trunk"));
    assert!(window.has_text(&format!("{CHOSEN} control_trunk")));
    assert_eq!(window.shown_link(), Some(connect_link(&form)));
}

#[test]
fn the_new_connection_link_follows_every_field_as_it_is_typed() {
    let mut window = window_showing(LinkKind::Connect);
    fill_connect(&mut window);
    let mut form = connect_form();
    assert_eq!(window.shown_link(), Some(connect_link(&form)));

    window.type_into("Make", "bmw");
    form.make = "bmw".into();
    assert_eq!(window.shown_link(), Some(connect_link(&form)));

    window.type_into("Country", "de");
    form.country = "de".into();
    assert_eq!(window.shown_link(), Some(connect_link(&form)));

    window.type_into("VIN", VIN);
    form.vin = VIN.into();
    assert_eq!(window.shown_link(), Some(connect_link(&form)));

    window.tick(Field::ForcePrompt.label(Contract::Classic));
    form.force_prompt = true;
    assert_eq!(window.shown_link(), Some(connect_link(&form)));

    window.pick("Mode", "test");
    form.mode = "test".into();
    assert_eq!(window.shown_link(), Some(connect_link(&form)));

    window.pick("Response type", "none");
    form.response_type = "none".into();
    assert_eq!(window.shown_link(), Some(connect_link(&form)));

    window.type_into("User", "owner-42");
    form.user = "owner-42".into();
    let link = connect_link(&form);
    assert_eq!(window.shown_link(), Some(link.clone()));
    for (name, value) in check_connect(&form, &[]).link.expect("valid").params {
        assert!(window.has_text(name), "parameter {name} listed");
        assert!(window.has_text(&value), "decoded value {value} listed");
    }
}

#[test]
fn every_new_connection_error_shows_under_its_field_and_goes_away_when_fixed() {
    // (field, bad input, good input)
    let cases = [
        (Field::ClientId, "client_abc", CLIENT),
        (Field::RedirectUri, "ftp://fleet.example.com/cb", REDIRECT),
        (Field::Make, "B M W", "BMW"),
        (Field::Vin, "5YJ3E1EA7KF31700", VIN),
        (Field::Vin, "5YJ3E1EA7KF31700O", VIN),
        (Field::Country, "Germany", "DE"),
        (Field::State, "a state with spaces", "long-enough-state"),
        (Field::User, "owner@example.com", "owner-42"),
    ];
    for (field, bad, good) in cases {
        let label = field.label(Contract::Classic);
        let mut window = window_showing(LinkKind::Connect);
        fill_connect(&mut window);
        window.type_into(label, bad);
        let mut form = connect_form();
        set_text(&mut form, field, bad);
        let checked = check_connect(&form, &[]);
        let lines = expected_lines(&checked);
        assert!(!lines.is_empty(), "{label}={bad:?} must earn a finding");
        for line in &lines {
            assert!(window.has_text(line), "{label}={bad:?}: shows {line:?}");
        }
        let own: Vec<&Finding> = checked.findings.for_field(field).collect();
        assert!(!own.is_empty(), "{label}={bad:?}: a finding of its own");
        for finding in own {
            let line = expected_line(finding);
            assert!(
                window.shows_under(label, &line),
                "{label}={bad:?}: {line:?} under the field"
            );
        }
        let blocked = checked.findings.has_errors();
        assert_eq!(window.shown_link().is_none(), blocked, "{label}={bad:?}");
        if let Some(summary) = checked.findings.blocking_summary(Contract::Classic) {
            assert!(window.has_text(&summary), "{summary}");
        }

        window.type_into(label, good);
        assert!(
            !window.has_text("Error: "),
            "{label}={good:?}: no error left"
        );
        set_text(&mut form, field, good);
        assert_eq!(window.shown_link(), Some(connect_link(&form)), "{label}");
    }
}

fn set_text(form: &mut ConnectForm, field: Field, value: &str) {
    let slot = match field {
        Field::ClientId => &mut form.client_id,
        Field::RedirectUri => &mut form.redirect_uri,
        Field::Make => &mut form.make,
        Field::Vin => &mut form.vin,
        Field::Country => &mut form.country,
        Field::State => &mut form.state,
        Field::User => &mut form.user,
        other => panic!("not a text field: {other:?}"),
    };
    *slot = value.to_owned();
}

#[test]
fn a_fresh_tesla_form_hints_until_copy_is_tried() {
    let mut window = window_showing(LinkKind::TeslaPermissions);
    let checked = check_tesla_permissions(&TeslaPermissionsForm::default());
    assert!(!window.has_text("Error: "), "nothing typed yet");
    assert!(window.has_text("No link yet: fill in Client ID, Permissions."));
    window.click_button(COPY);
    assert!(window.recorded.copied().is_empty());
    for line in expected_lines(&checked) {
        assert!(window.has_text(&line), "after Copy: {line:?}");
    }
    let summary = checked
        .findings
        .blocking_summary(Contract::Classic)
        .expect("blocked");
    assert!(window.has_text(&summary));
    assert!(window.button(COPY).accesskit_node().is_disabled());
}

#[test]
fn copy_open_and_their_shortcuts_act_on_the_shown_kind_s_link() {
    let mut window = window_showing(LinkKind::TeslaPermissions);
    window.type_into("Client ID", CLIENT);
    window.tick("control_charge");
    let tesla = tesla_link(&tesla_form(&["control_charge"]));
    window.click_button(COPY);
    window.click_button(OPEN);
    assert_eq!(window.recorded.copied(), vec![tesla.clone()]);
    assert_eq!(window.opened.urls(), vec![tesla.clone()]);

    window.click_button(LinkKind::Connect.label());
    fill_connect(&mut window);
    let connect = connect_link(&connect_form());
    window.press(Modifiers::COMMAND | Modifiers::SHIFT, Key::C);
    window.press(Modifiers::COMMAND, Key::Enter);
    assert_eq!(
        window.recorded.copied(),
        vec![tesla.clone(), connect.clone()]
    );
    assert_eq!(window.opened.urls(), vec![tesla, connect]);
}

#[test]
fn generate_fills_the_new_connection_state_only() {
    let mut window = window_showing(LinkKind::Connect);
    fill_connect(&mut window);
    window.press(Modifiers::COMMAND, Key::G);
    let state = window.value_of("State");
    assert_eq!(state.len(), 22, "{state:?}");
    let form = ConnectForm {
        state,
        ..connect_form()
    };
    assert_eq!(window.shown_link(), Some(connect_link(&form)));
    window.click_button(LinkKind::Reauth.label());
    assert_eq!(
        window.value_of("State"),
        "",
        "the re-authentication form's own"
    );
}

#[test]
fn the_owner_id_and_app_fields_are_named_after_the_profile_s_contract() {
    for contract in Contract::ALL {
        let mut window = window_with_profile(contract);
        let user = Field::User.label(contract);
        let client = Field::ClientId.label(contract);
        for kind in LinkKind::ALL {
            window.click_button(kind.label());
            assert!(has_input(&window, client), "{contract:?} {}", kind.label());
            assert_eq!(
                has_input(&window, user),
                kind.fields().contains(&Field::User),
                "{contract:?} {}",
                kind.label()
            );
        }
        window.click_button(LinkKind::Reauth.label());
        assert_eq!(window.value_of(user), "owner-7", "the profile's owner id");
    }
    let window = window_with_profile(Contract::Current);
    assert!(!has_input(&window, "User") && !has_input(&window, "Client ID"));
}

#[test]
fn picking_the_other_contract_renames_the_fields_and_the_link_s_parameters() {
    let mut window = window_with_profile(Contract::Current);
    window.click_button(LinkKind::TeslaPermissions.label());
    window.tick("read_battery");
    let mut form = tesla_form(&["read_battery"]);
    form.contract = Contract::Current;
    let current = tesla_link(&form);
    assert!(current.contains("application_id="), "{current}");
    assert_eq!(window.shown_link(), Some(current));

    window.pick(CONTRACT_LABEL, "classic: client_id, user");
    form.contract = Contract::Classic;
    assert_eq!(window.shown_link(), Some(tesla_link(&form)));
    window.click_button(LinkKind::Reauth.label());
    assert!(has_input(&window, "Client ID") && has_input(&window, "User"));
    window.type_into("Vehicle ID", VEHICLE);
    let reauth = ReauthForm {
        client_id: CLIENT.into(),
        vehicle_id: VEHICLE.into(),
        redirect_uri: REDIRECT.into(),
        user: "owner-7".into(),
        ..ReauthForm::default()
    };
    let classic = check_with_options(&reauth, &[REDIRECT.to_owned()], ReauthOptions::default());
    let link = classic.link.expect("valid").url;
    assert!(link.contains("client_id=") && link.contains("user=owner-7"));
    assert_eq!(window.shown_link(), Some(link));
}

#[test]
fn the_blocking_line_names_fields_as_the_contract_labels_them() {
    let mut window = window_with_profile(Contract::Current);
    window.type_into("Application ID", "client_abc");
    let form = ReauthForm {
        client_id: "client_abc".into(),
        redirect_uri: REDIRECT.into(),
        user: "owner-7".into(),
        ..ReauthForm::default()
    };
    let options = ReauthOptions {
        contract: Contract::Current,
        ..ReauthOptions::default()
    };
    let checked = check_with_options(&form, &[REDIRECT.to_owned()], options);
    let summary = checked
        .findings
        .blocking_summary(Contract::Current)
        .expect("blocked");
    assert!(summary.contains("Application ID"), "{summary}");
    assert!(window.has_text(&summary), "{summary}");
}

#[test]
fn response_type_none_lets_the_re_authentication_link_leave_the_redirect_uri_out() {
    let mut window = window();
    window.type_into("Client ID", CLIENT);
    window.type_into("Vehicle ID", VEHICLE);
    window.tick(reauth_link::ui::link::reauth_fields::LEAVE_OUT_URI);
    let form = ReauthForm {
        client_id: CLIENT.into(),
        vehicle_id: VEHICLE.into(),
        omit_redirect_uri: true,
        ..ReauthForm::default()
    };
    let vehicle_id = check_with_options(&form, &[], ReauthOptions::default());
    assert!(
        vehicle_id.findings.warnings().count() > 0,
        "left out under vehicle_id: a warning"
    );
    assert!(window.has_text("Warning: "));

    window.pick("Response type", ResponseType::None.name());
    let options = ReauthOptions {
        response_type: ResponseType::None,
        ..ReauthOptions::default()
    };
    let none = check_with_options(&form, &[], options);
    assert!(none.findings.is_empty(), "nothing to say under none");
    assert!(!window.has_text("Warning: "));
    let link = none.link.expect("valid").url;
    assert!(link.contains("response_type=none"), "{link}");
    assert_eq!(window.shown_link(), Some(link));
}

#[test]
fn a_paste_shows_the_re_authentication_form_it_fills() {
    let mut window = window_showing(LinkKind::Connect);
    let link = format!(
        "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&client_id={CLIENT}&vehicle_id={VEHICLE}"
    );
    window.type_into(PASTE_LABEL, &link);
    window.click_button(FILL);
    assert_eq!(window.harness.state().persisted().kind, LinkKind::Reauth);
    assert_eq!(window.value_of("Vehicle ID"), VEHICLE);
}

#[test]
fn the_history_records_the_shown_kind_s_link_with_its_own_values() {
    let config = tempfile::tempdir().expect("temp dir");
    let setup = AppSetup {
        history: Some(HistorySetup::read(config.path().to_owned(), None)),
        ..AppSetup::default()
    };
    let mut window = window_sized(setup, Ok(()), TALL);
    window.click_button(LinkKind::Connect.label());
    fill_connect(&mut window);
    window.type_into("State", "ticket-state-1");
    window.type_into("User", "owner-42");
    window.click_button(COPY);
    let connect = window.shown_link().expect("a new-connection link");
    window.click_button(LinkKind::TeslaPermissions.label());
    window.type_into("Client ID", CLIENT);
    window.tick("read_vin");
    window.click_button(OPEN);
    let tesla = window.shown_link().expect("a Tesla permissions link");

    // Closing the window lets the history's worker finish writing.
    drop(window);
    let store = HistoryStore::open(&history_path(config.path())).expect("the history opens");
    let entries = store.search("", 0, 10).expect("reads");
    let recorded: Vec<[&str; 6]> = entries
        .iter()
        .map(|e| {
            let via = e.via.as_str();
            [
                e.kind.as_str(),
                via,
                &e.link,
                &e.state,
                &e.owner_id,
                &e.vehicle_id,
            ]
        })
        .collect();
    assert_eq!(
        recorded,
        [
            [
                LinkKind::TeslaPermissions.name(),
                "opened",
                &tesla,
                "",
                "",
                ""
            ],
            [
                LinkKind::Connect.name(),
                "copied",
                &connect,
                "ticket-state-1",
                "owner-42",
                ""
            ],
        ],
        "newest first"
    );
}

/// The window's size on first start: a laptop's screen.
const FIRST_START: [f32; 2] = reauth_link::ui::DEFAULT_SIZE;

#[test]
fn the_link_stays_in_view_while_a_long_form_is_filled_to_its_end() {
    let mut window = window_sized(AppSetup::default(), Ok(()), FIRST_START);
    window.click_button(LinkKind::Connect.label());
    window.type_into("Client ID", CLIENT);
    window.type_into("Redirect URI", REDIRECT);
    let height = FIRST_START[1];
    let ticket = window.harness.get_by_label(TICKET_LABEL).rect();
    assert!(
        ticket.top() > height,
        "the form is longer than the window: {ticket:?}"
    );
    window.harness.get_by_label(TICKET_LABEL).scroll_to_me();
    window.harness.run();
    window.type_into(TICKET_LABEL, "SUP-4821");
    let ticket = window.harness.get_by_label(TICKET_LABEL).rect();
    assert!(
        ticket.bottom() <= height,
        "the form scrolled to its last field: {ticket:?}"
    );
    let copy = window.button(COPY).rect();
    assert!(
        copy.top() >= 0.0 && copy.bottom() <= height,
        "the Copy button stays in view: {copy:?}"
    );
    assert!(
        window
            .shown_link()
            .is_some_and(|link| link.contains(CLIENT))
    );
}
