//! The rules of every link kind, table by table: the contract's names, the response type,
//! the Tesla permissions link, the new connection, scopes, VIN, country and make.

use reauth_link_core::link::scopes::{
    PERMISSIONS, closest_permission, parse_scope, search_permissions,
};
use reauth_link_core::link::vin::{check_country, check_make, check_vin};
use reauth_link_core::link::{
    ConnectForm, Contract, Field, LinkKind, ReauthForm, ReauthOptions, ResponseType, Severity,
    TeslaPermissionsForm, check, check_connect, check_tesla_permissions, check_with_options,
};

const APP: &str = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";
const VEHICLE: &str = "36ab27d0-fd9d-4455-823a-ce30af709ffc";
const REDIRECT: &str = "https://example.com/home";

fn pairs(link: &str) -> Vec<(String, String)> {
    url::Url::parse(link)
        .expect("a URL")
        .query_pairs()
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
        .collect()
}

fn names(link: &str) -> Vec<String> {
    pairs(link).into_iter().map(|(name, _)| name).collect()
}

fn reauth_form() -> ReauthForm {
    ReauthForm {
        client_id: APP.into(),
        vehicle_id: VEHICLE.into(),
        redirect_uri: REDIRECT.into(),
        state: "0facda3319".into(),
        user: "owner-7".into(),
        ..ReauthForm::default()
    }
}

fn options(contract: Contract, response_type: ResponseType) -> ReauthOptions {
    ReauthOptions {
        contract,
        response_type,
    }
}

#[test]
fn reauth_link_names_follow_the_contract_in_the_classic_order() {
    let table = [
        (
            Contract::Classic,
            [
                "response_type",
                "client_id",
                "vehicle_id",
                "redirect_uri",
                "state",
                "user",
            ],
        ),
        (
            Contract::Current,
            [
                "response_type",
                "application_id",
                "vehicle_id",
                "redirect_uri",
                "state",
                "external_id",
            ],
        ),
    ];
    for (contract, expected) in table {
        let checked = check_with_options(
            &reauth_form(),
            &[],
            options(contract, ResponseType::VehicleId),
        );
        let request = checked.link.expect("valid");
        assert_eq!(names(&request.url), expected, "{contract:?}");
        let params: Vec<&str> = request.params.iter().map(|(n, _)| *n).collect();
        assert_eq!(params, expected);
        assert_eq!(
            request.parsed().expect("a built link parses").as_str(),
            request.url
        );
    }
}

#[test]
fn the_classic_contract_is_todays_check_byte_for_byte() {
    let classic = check_with_options(&reauth_form(), &[], ReauthOptions::default());
    assert_eq!(classic, check(&reauth_form(), &[]));
}

#[test]
fn response_type_none_lets_the_redirect_uri_go_without_a_word() {
    // (response type, redirect typed, left out on purpose, errors, warnings, has redirect)
    let table = [
        (ResponseType::None, "", false, 0, 0, false),
        (ResponseType::None, "", true, 0, 0, false),
        (ResponseType::None, REDIRECT, false, 0, 0, true),
        (
            ResponseType::None,
            "http://example.com/cb",
            false,
            1,
            0,
            false,
        ),
        (ResponseType::VehicleId, "", false, 1, 0, false),
        (ResponseType::VehicleId, "", true, 0, 1, false),
        (ResponseType::VehicleId, REDIRECT, false, 0, 0, true),
    ];
    for (response_type, redirect, omit, errors, warnings, has_redirect) in table {
        let form = ReauthForm {
            redirect_uri: redirect.into(),
            omit_redirect_uri: omit,
            ..reauth_form()
        };
        let checked = check_with_options(&form, &[], options(Contract::Classic, response_type));
        let case = format!("{response_type:?} {redirect:?} omit={omit}");
        let field = checked.findings.for_field(Field::RedirectUri);
        let (e, w): (Vec<_>, Vec<_>) = field.partition(|f| f.severity() == Severity::Error);
        assert_eq!((e.len(), w.len()), (errors, warnings), "{case}");
        if errors == 0 {
            let link = checked.link.expect("valid").url;
            assert_eq!(link.contains("redirect_uri="), has_redirect, "{case}");
            assert_eq!(
                pairs(&link)[0],
                ("response_type".into(), response_type.name().into())
            );
        }
    }
}

#[test]
fn findings_are_named_and_labelled_after_the_contract() {
    let form = ReauthForm {
        client_id: "client_abc".into(),
        user: "someone@example.com".into(),
        ..reauth_form()
    };
    let table = [
        (
            Contract::Classic,
            "error: client_id: ",
            "warning: user: ",
            "Client ID",
            "User",
        ),
        (
            Contract::Current,
            "error: application_id: ",
            "warning: external_id: ",
            "Application ID",
            "External ID",
        ),
    ];
    for (contract, error, warning, id_label, user_label) in table {
        let checked = check_with_options(&form, &[], options(contract, ResponseType::VehicleId));
        let lines: Vec<String> = checked.findings.iter().map(|f| f.line(contract)).collect();
        assert!(lines[0].starts_with(error), "{lines:?}");
        assert!(lines.iter().any(|l| l.starts_with(warning)), "{lines:?}");
        assert_eq!(Field::ClientId.label(contract), id_label);
        assert_eq!(Field::User.label(contract), user_label);
    }
}

fn tesla(scopes: &[&str], contract: Contract) -> TeslaPermissionsForm {
    TeslaPermissionsForm {
        client_id: APP.into(),
        scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
        contract,
    }
}

#[test]
fn tesla_link_carries_exactly_its_four_pairs_in_order() {
    let table = [
        (
            Contract::Classic,
            vec!["read_odometer", "control_security"],
            "client_id",
            "read_odometer control_security",
        ),
        (
            Contract::Current,
            vec!["required:read_vin"],
            "application_id",
            "required:read_vin",
        ),
        (
            Contract::Classic,
            vec!["read_odometer control_security", "read_odometer"],
            "client_id",
            "read_odometer control_security",
        ),
    ];
    for (contract, scopes, id_name, scope) in table {
        let checked = check_tesla_permissions(&tesla(&scopes, contract));
        assert!(checked.findings.is_empty(), "{:?}", checked.findings);
        let link = checked.link.expect("valid");
        assert!(
            link.url
                .starts_with("https://connect.smartcar.com/oauth/reauthenticate?")
        );
        let expected: Vec<(String, String)> = [
            ("response_type", "vehicle_id"),
            ("make", "TESLA"),
            (id_name, APP),
            ("scope", scope),
        ]
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
        assert_eq!(pairs(&link.url), expected);
    }
}

#[test]
fn tesla_link_refuses_what_connect_would() {
    // (scopes, client id, the field with the error, words in the message)
    let table = [
        (vec![], APP, Field::Scope, "at least one permission"),
        (vec!["  "], APP, Field::Scope, "at least one permission"),
        (
            vec!["read_odometr"],
            APP,
            Field::Scope,
            "did you mean `read_odometer`",
        ),
        (
            vec!["required:contrl_security"],
            APP,
            Field::Scope,
            "did you mean `control_security`",
        ),
        (vec!["required:"], APP, Field::Scope, "needs a permission"),
        (
            vec!["fly_to_the_moon_please"],
            APP,
            Field::Scope,
            "names like read_odometer",
        ),
        (
            vec!["read_vin"],
            "client_123",
            Field::ClientId,
            "Application ID",
        ),
    ];
    for (scopes, client_id, field, words) in table {
        let form = TeslaPermissionsForm {
            client_id: client_id.into(),
            ..tesla(&scopes, Contract::Classic)
        };
        let checked = check_tesla_permissions(&form);
        assert!(checked.link.is_none(), "{scopes:?}");
        let finding = checked.findings.errors().next().expect("an error");
        assert_eq!(finding.field, field, "{scopes:?}");
        assert!(finding.message().contains(words), "{}", finding.message());
    }
}

#[test]
fn scope_names_are_exact_and_typos_get_the_closest_name() {
    let table = [
        ("read_vin", Some(("read_vin", false))),
        ("required:read_vin", Some(("read_vin", true))),
        ("  control_pin ", Some(("control_pin", false))),
        ("READ_VIN", None),
        ("read_vim", None),
    ];
    for (typed, expected) in table {
        let parsed = parse_scope(typed).ok().map(|s| (s.permission, s.required));
        assert_eq!(parsed, expected, "{typed}");
    }
    let closest = [
        ("READ_VIN", Some("read_vin")),
        ("read_odometr", Some("read_odometer")),
        ("controll_climate", Some("control_climate")),
        ("read_batery", Some("read_battery")),
        ("something_else_entirely", None),
    ];
    for (typed, expected) in closest {
        assert_eq!(closest_permission(typed), expected, "{typed}");
    }
}

#[test]
fn the_picker_search_finds_permissions_by_words() {
    let table: [(&str, &[&str]); 4] = [
        ("odo", &["read_odometer"]),
        ("control clim", &["control_climate"]),
        (
            "charge read",
            &[
                "read_charge",
                "read_charge_locations",
                "read_charge_records",
                "read_charge_events",
            ],
        ),
        ("", &PERMISSIONS),
    ];
    for (query, expected) in table {
        let found: Vec<&str> = search_permissions(query).collect();
        assert_eq!(found, expected, "{query}");
    }
}

#[test]
fn vins_are_checked_in_full() {
    // (typed, link value or the words of the error, a check-digit doubt)
    let table = [
        ("1M8GDM9AXKP042788", Ok("1M8GDM9AXKP042788"), false),
        (" 1m8gdm9axkp042788 ", Ok("1M8GDM9AXKP042788"), false),
        ("1M8GDM9A1KP042788", Ok("1M8GDM9A1KP042788"), true),
        ("1M8GDM9AXKP04278", Err("is 16 characters long"), false),
        ("1M8GDM9AXKP0427888", Err("is 18 characters long"), false),
        (
            "1M8GDM9AXKP04278O",
            Err("letter `O` at character 17"),
            false,
        ),
        ("IM8GDM9AXKP042788", Err("probably the digit `1`"), false),
        (
            "1M8GDM9AXKQ042788",
            Err("letter `Q` at character 11"),
            false,
        ),
        ("1M8GDM9-XKP042788", Err("has `-` at character 8"), false),
    ];
    for (typed, expected, doubt) in table {
        match (check_vin(typed), expected) {
            (Ok(vin), Ok(value)) => {
                assert_eq!(vin.vin, value);
                assert_eq!(vin.doubt.is_some(), doubt, "{typed}");
            }
            (Err(problem), Err(words)) => assert!(problem.to_string().contains(words), "{problem}"),
            (got, want) => panic!("{typed}: got {got:?}, want {want:?}"),
        }
    }
}

#[test]
fn countries_are_assigned_iso_codes_in_upper_case() {
    let table = [
        ("DE", Ok("DE")),
        ("de", Ok("DE")),
        (" us ", Ok("US")),
        ("UK", Err("use `GB`")),
        ("XX", Err("not an assigned ISO 3166-1")),
        ("DEU", Err("two-letter")),
        ("D1", Err("two-letter")),
    ];
    for (typed, expected) in table {
        match (check_country(typed), expected) {
            (Ok(code), Ok(value)) => assert_eq!(code, value),
            (Err(problem), Err(words)) => assert!(problem.to_string().contains(words), "{problem}"),
            (got, want) => panic!("{typed}: got {got:?}, want {want:?}"),
        }
    }
}

#[test]
fn makes_are_letters_digits_and_underscores_upper_cased() {
    let table = [
        ("TESLA", Ok("TESLA")),
        ("tesla", Ok("TESLA")),
        ("land_rover", Ok("LAND_ROVER")),
        ("Mercedes-Benz", Err("like `MERCEDES_BENZ`")),
        ("Land Rover", Err("like `LAND_ROVER`")),
    ];
    for (typed, expected) in table {
        match (check_make(typed), expected) {
            (Ok(make), Ok(value)) => assert_eq!(make, value),
            (Err(problem), Err(words)) => assert!(problem.to_string().contains(words), "{problem}"),
            (got, want) => panic!("{typed}: got {got:?}, want {want:?}"),
        }
    }
}

fn connect_form() -> ConnectForm {
    ConnectForm {
        client_id: APP.into(),
        redirect_uri: REDIRECT.into(),
        ..ConnectForm::default()
    }
}

#[test]
fn connect_writes_the_sdks_pairs_in_the_sdks_order() {
    let form = ConnectForm {
        scopes: vec!["read_vin".into(), "required:read_odometer".into()],
        state: "0facda3319".into(),
        force_prompt: true,
        mode: "test".into(),
        make: "tesla".into(),
        vin: "1M8GDM9AXKP042788".into(),
        country: "de".into(),
        user: "owner-7".into(),
        ..connect_form()
    };
    let link = check_connect(&form, &[]).link.expect("valid");
    assert!(
        link.url
            .starts_with("https://connect.smartcar.com/oauth/authorize?")
    );
    assert_eq!(
        names(&link.url),
        [
            "response_type",
            "client_id",
            "approval_prompt",
            "mode",
            "redirect_uri",
            "scope",
            "state",
            "make",
            "single_select_vin",
            "single_select",
            "flags",
            "user"
        ]
    );
    let values: Vec<String> = pairs(&link.url).into_iter().map(|(_, v)| v).collect();
    assert_eq!(
        values,
        [
            "code",
            APP,
            "force",
            "test",
            REDIRECT,
            "read_vin required:read_odometer",
            "0facda3319",
            "TESLA",
            "1M8GDM9AXKP042788",
            "true",
            "country:DE",
            "owner-7"
        ]
    );
}

#[test]
fn connect_defaults_and_choices() {
    // (change, the pairs expected beyond response_type and client_id)
    type Change = fn(&mut ConnectForm);
    let table: [(Change, &[(&str, &str)]); 5] = [
        (
            |_| {},
            &[
                ("approval_prompt", "auto"),
                ("mode", "live"),
                ("redirect_uri", REDIRECT),
            ],
        ),
        (
            |f| f.single_select = true,
            &[
                ("approval_prompt", "auto"),
                ("mode", "live"),
                ("redirect_uri", REDIRECT),
                ("single_select", "true"),
            ],
        ),
        (
            |f| {
                f.response_type = "none".into();
                f.redirect_uri.clear();
            },
            &[("approval_prompt", "auto"), ("mode", "live")],
        ),
        (
            |f| f.mode = "simulated".into(),
            &[
                ("approval_prompt", "auto"),
                ("mode", "simulated"),
                ("redirect_uri", REDIRECT),
            ],
        ),
        (
            |f| {
                f.contract = Contract::Current;
                f.user = "o-1".into();
            },
            &[
                ("approval_prompt", "auto"),
                ("mode", "live"),
                ("redirect_uri", REDIRECT),
                ("external_id", "o-1"),
            ],
        ),
    ];
    for (index, (change, expected)) in table.iter().enumerate() {
        let mut form = connect_form();
        change(&mut form);
        let checked = check_connect(&form, &[]);
        assert!(
            checked.findings.is_empty(),
            "{index}: {:?}",
            checked.findings
        );
        let got = pairs(&checked.link.expect("valid").url);
        let first = if form.contract == Contract::Current {
            "application_id"
        } else {
            "client_id"
        };
        let mut want = vec![
            ("response_type".to_owned(), form.response_type_or_default()),
            (first.to_owned(), APP.to_owned()),
        ];
        want.extend(
            expected
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned())),
        );
        assert_eq!(got, want, "case {index}");
    }
}

trait ResponseTypeOrDefault {
    fn response_type_or_default(&self) -> String;
}

impl ResponseTypeOrDefault for ConnectForm {
    fn response_type_or_default(&self) -> String {
        if self.response_type.is_empty() {
            "code".into()
        } else {
            self.response_type.clone()
        }
    }
}

#[test]
fn connect_refuses_each_bad_field_by_name() {
    type Change = fn(&mut ConnectForm);
    // (change, the field in error, words in its message)
    let table: [(Change, Field, &str); 9] = [
        (
            |f| f.mode = "production".into(),
            Field::Mode,
            "`production` is not accepted",
        ),
        (
            |f| f.response_type = "vehicle_id".into(),
            Field::ResponseType,
            "`code`",
        ),
        (|f| f.vin = "123".into(), Field::Vin, "exactly 17"),
        (|f| f.country = "UK".into(), Field::Country, "use `GB`"),
        (
            |f| f.make = "Rolls Royce".into(),
            Field::Make,
            "ROLLS_ROYCE",
        ),
        (
            |f| f.scopes = vec!["read_speedometr".into()],
            Field::Scope,
            "did you mean",
        ),
        (|f| f.redirect_uri.clear(), Field::RedirectUri, "required"),
        (|f| f.client_id = "nope".into(), Field::ClientId, "UUID"),
        (
            |f| f.state = "a\u{7}bcdefgh".into(),
            Field::State,
            "control character",
        ),
    ];
    for (change, field, words) in table {
        let mut form = connect_form();
        change(&mut form);
        let checked = check_connect(&form, &[]);
        assert!(checked.link.is_none(), "{field:?}");
        let errors: Vec<_> = checked.findings.errors().collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].field, field);
        assert!(
            errors[0].message().contains(words),
            "{}",
            errors[0].message()
        );
        assert!(
            errors[0]
                .line(Contract::Classic)
                .starts_with(&format!("error: {}: ", field.key(Contract::Classic)))
        );
    }
}

#[test]
fn connect_warns_without_blocking() {
    type Change = fn(&mut ConnectForm);
    let table: [(Change, Field, &str); 3] = [
        (
            |f| f.vin = "1M8GDM9A1KP042788".into(),
            Field::Vin,
            "check digit",
        ),
        (
            |f| f.omit_redirect_uri = true,
            Field::RedirectUri,
            "default redirect URI",
        ),
        (
            |f| f.state = "short".into(),
            Field::State,
            "only 5 characters",
        ),
    ];
    for (change, field, words) in table {
        let mut form = connect_form();
        change(&mut form);
        let checked = check_connect(&form, &[]);
        assert!(checked.link.is_some(), "{field:?}");
        let warning = checked.findings.warnings().next().expect("a warning");
        assert_eq!(warning.field, field);
        assert!(warning.message().contains(words), "{}", warning.message());
    }
}

#[test]
fn each_kind_lists_its_fields_and_whether_it_takes_scopes() {
    let table = [
        (LinkKind::Reauth, "Re-authenticate", false, 6),
        (LinkKind::TeslaPermissions, "Tesla permissions", true, 2),
        (LinkKind::Connect, "New connection", true, 12),
    ];
    for (kind, label, scopes, fields) in table {
        assert_eq!(kind.label(), label);
        assert_eq!(kind.takes_scopes(), scopes);
        assert_eq!(kind.fields().len(), fields);
        assert!(!kind.purpose().is_empty());
    }
    assert_eq!(LinkKind::ALL.len(), 3);
}
