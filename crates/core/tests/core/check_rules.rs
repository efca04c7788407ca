//! Every rule of `link::check`, as a table: the form, the field, the problem expected.

use reauth_link_core::link::scopes::ScopeProblem;
use reauth_link_core::link::{Field, Problem, ReauthForm, Severity, check};

const APP: &str = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";
const VEHICLE: &str = "36ab27d0-fd9d-4455-823a-ce30af709ffc";
const REDIRECT: &str = "https://example.com/home";

fn valid_form() -> ReauthForm {
    ReauthForm {
        client_id: APP.into(),
        vehicle_id: VEHICLE.into(),
        redirect_uri: REDIRECT.into(),
        omit_redirect_uri: false,
        state: "0facda3319".into(),
        user: "owner-42".into(),
    }
}

fn with(field: Field, value: &str) -> ReauthForm {
    let mut form = valid_form();
    *form.get_mut(field).expect("a re-authentication field") = value.to_owned();
    form
}

/// The problems `check` reports for one field.
fn problems(form: &ReauthForm, field: Field) -> Vec<Problem> {
    problems_with_registered(form, field, &[])
}

fn problems_with_registered(form: &ReauthForm, field: Field, registered: &[&str]) -> Vec<Problem> {
    let registered: Vec<String> = registered.iter().map(|s| s.to_string()).collect();
    check(form, &registered)
        .findings
        .for_field(field)
        .map(|finding| finding.problem.clone())
        .collect()
}

#[test]
fn a_valid_form_has_no_findings_and_a_request() {
    let checked = check(&valid_form(), &[]);
    assert!(checked.findings.is_empty(), "{:?}", checked.findings);
    assert!(checked.link.is_some());
}

#[test]
fn every_field_is_reported_at_once() {
    let form = ReauthForm {
        client_id: "client_abc".into(),
        vehicle_id: "".into(),
        redirect_uri: "ftp://example.com".into(),
        omit_redirect_uri: false,
        state: "a\u{7}".into(),
        user: "x\u{1}".into(),
    };
    let checked = check(&form, &[]);
    let fields: Vec<Field> = checked.findings.iter().map(|f| f.field).collect();
    assert_eq!(fields, ReauthForm::FIELDS);
    assert!(checked.link.is_none());
}

#[test]
fn client_id_rules() {
    let table: &[(&str, Option<Problem>)] = &[
        ("", Some(Problem::ClientIdMissing)),
        ("   ", Some(Problem::ClientIdMissing)),
        (
            "client_8229df9f91a04ff0",
            Some(Problem::ClientIdIsApiCredential),
        ),
        ("8229df9f", Some(Problem::ClientIdNotUuid)),
        (
            "8229df9f91a04ff0a1aea1f38ee24d07",
            Some(Problem::ClientIdNotUuid),
        ),
        (
            "{8229df9f-91a0-4ff0-a1ae-a1f38ee24d07}",
            Some(Problem::IdCleaned {
                done: "removed braces".into(),
                id: APP.into(),
            }),
        ),
        (
            "8229df9f-91a0-4ff0-a1ae-a1f38ee24d0z",
            Some(Problem::ClientIdNotUuid),
        ),
        (APP, None),
        (
            "8229DF9F-91A0-4FF0-A1AE-A1F38EE24D07",
            Some(Problem::IdCleaned {
                done: "wrote it in lower case".into(),
                id: APP.into(),
            }),
        ),
        ("  8229df9f-91a0-4ff0-a1ae-a1f38ee24d07\t", None),
    ];
    for (typed, expected) in table {
        assert_eq!(
            problems(&with(Field::ClientId, typed), Field::ClientId),
            expected.iter().cloned().collect::<Vec<_>>(),
            "client_id {typed:?}"
        );
    }
}

#[test]
fn client_id_is_trimmed_in_the_link() {
    let checked = check(
        &with(Field::ClientId, "  8229df9f-91a0-4ff0-a1ae-a1f38ee24d07 "),
        &[],
    );
    let request = checked.link.expect("valid after trimming");
    assert_eq!(request.param("client_id"), Some(APP));
}

#[test]
fn api_credential_message_points_to_the_application_id() {
    let checked = check(&with(Field::ClientId, "client_123"), &[]);
    let message = checked
        .findings
        .iter()
        .next()
        .expect("one finding")
        .message();
    assert!(message.contains("API credential"), "{message}");
    assert!(message.contains("Application ID"), "{message}");
}

#[test]
fn vehicle_id_errors() {
    let long = "a".repeat(129);
    let table: &[(&str, Problem)] = &[
        ("", Problem::VehicleIdMissing),
        (" \t", Problem::VehicleIdMissing),
        (
            "36ab27d0 fd9d",
            Problem::VehicleIdHasSpace {
                what: "a space".into(),
                position: 9,
            },
        ),
        (
            "36ab\n27d0",
            Problem::VehicleIdHasSpace {
                what: "a line break".into(),
                position: 5,
            },
        ),
        (
            "36ab\u{0}",
            Problem::VehicleIdHasSpace {
                what: "the control character U+0000".into(),
                position: 5,
            },
        ),
        (&long, Problem::VehicleIdTooLong { length: 129 }),
        (
            "#36ab27d0-fd9d-4455-823a-ce30af709ffc",
            Problem::VehicleIdWithExtra {
                id: VEHICLE.into(),
                extra: "#".into(),
            },
        ),
        (
            "36AB27D0-FD9D-4455-823A-CE30AF709FFC;",
            Problem::VehicleIdWithExtra {
                id: VEHICLE.into(),
                extra: ";".into(),
            },
        ),
        (
            "vehicle:36ab27d0-fd9d-4455-823a-ce30af709ffc/x",
            Problem::VehicleIdWithExtra {
                id: VEHICLE.into(),
                extra: "vehicle:…/x".into(),
            },
        ),
        (
            "36ab27d0-fd9d-4455-823a-ce30af709ffc;4bb5b2a3-0c36-4a6d-9b87-0a1d58ad6f10",
            Problem::VehicleIdHoldsSeveral {
                count: 2,
                first: VEHICLE.into(),
            },
        ),
        ("1.23457E+19", Problem::VehicleIdScientific),
        ("3e-7", Problem::VehicleIdScientific),
        (
            "https://connect.smartcar.com/oauth/reauthenticate?vehicle_id=x",
            Problem::VehicleIdIsLink,
        ),
    ];
    for (typed, expected) in table {
        let found = problems(&with(Field::VehicleId, typed), Field::VehicleId);
        assert_eq!(found, vec![expected.clone()], "vehicle_id {typed:?}");
        assert_eq!(expected.severity(), Severity::Error);
    }
}

#[test]
fn vehicle_id_formats_that_pass() {
    let longest = "a".repeat(128);
    let table: &[(&str, Option<Problem>)] = &[
        (VEHICLE, None),
        (
            "36AB27D0-FD9D-4455-823A-CE30AF709FFC",
            Some(Problem::IdCleaned {
                done: "wrote it in lower case".into(),
                id: VEHICLE.into(),
            }),
        ),
        ("  36ab27d0-fd9d-4455-823a-ce30af709ffc  ", None),
        (
            "sc4a1b01e5-0497-417c-a30e-6df6ba33ba46",
            Some(Problem::VehicleIdScPrefixed),
        ),
        ("v_1a2b3c", Some(Problem::VehicleIdNotUuid)),
        (&longest, Some(Problem::VehicleIdNotUuid)),
        (
            "abc/def",
            Some(Problem::VehicleIdOddCharacter { character: '/' }),
        ),
        (
            "abc&vehicle_id=x",
            Some(Problem::VehicleIdOddCharacter { character: '&' }),
        ),
    ];
    for (typed, expected) in table {
        let form = with(Field::VehicleId, typed);
        let found = problems(&form, Field::VehicleId);
        assert_eq!(
            found,
            expected.iter().cloned().collect::<Vec<_>>(),
            "vehicle_id {typed:?}"
        );
        let request = check(&form, &[])
            .link
            .expect("warnings do not block the link");
        // An upper-case UUID is written in lower case; every other id as typed.
        let linked = match expected {
            Some(Problem::IdCleaned { id, .. }) => id.clone(),
            _ => typed.trim().to_owned(),
        };
        assert_eq!(request.param("vehicle_id"), Some(linked.as_str()));
    }
}

#[test]
fn redirect_uri_accepted_forms_are_kept_exactly_as_typed() {
    let mobile = format!("sc{APP}://callback");
    let mobile_upper = format!("SC{}://callback/path", APP.to_uppercase());
    let accepted = [
        "https://example.com",
        "https://EXAMPLE.com:443/Home/",
        "https://javascript-sdk.smartcar.com/v2/redirect?app_origin=https://app.example.com",
        "http://localhost",
        "http://localhost:8000/callback",
        mobile.as_str(),
        mobile_upper.as_str(),
    ];
    for typed in accepted {
        let form = with(Field::RedirectUri, typed);
        assert_eq!(problems(&form, Field::RedirectUri), vec![], "{typed}");
        let request = check(&form, &[]).link.expect("accepted");
        assert_eq!(
            request.param("redirect_uri"),
            Some(typed),
            "never normalised"
        );
        let decoded = request
            .parsed()
            .expect("a built link parses")
            .query_pairs()
            .find(|(name, _)| name == "redirect_uri")
            .map(|(_, value)| value.into_owned());
        assert_eq!(decoded.as_deref(), Some(typed));
    }
}

#[test]
fn redirect_uri_errors() {
    let other_app = "sc11111111-2222-4333-8444-555555555555://callback";
    let table: &[(&str, Problem)] = &[
        ("", Problem::RedirectUriMissing),
        ("  ", Problem::RedirectUriMissing),
        ("example.com/home", Problem::RedirectUriNotAbsolute),
        ("/home", Problem::RedirectUriNotAbsolute),
        ("localhost:3000/callback", Problem::RedirectUriNotAbsolute),
        ("https:example.com", Problem::RedirectUriNotAbsolute),
        (
            "https://exa mple.com",
            Problem::RedirectUriHasSpace {
                what: "a space".into(),
            },
        ),
        (
            "https://example.com/\tx",
            Problem::RedirectUriHasSpace {
                what: "a tab".into(),
            },
        ),
        ("https://example.com/#done", Problem::RedirectUriHasFragment),
        (
            "http://example.com/cb",
            Problem::RedirectUriHttpNotLocalhost {
                host: "example.com".into(),
            },
        ),
        (
            "http://127.0.0.1:8000/cb",
            Problem::RedirectUriHttpNotLocalhost {
                host: "127.0.0.1".into(),
            },
        ),
        (
            "ftp://example.com",
            Problem::RedirectUriBadScheme {
                scheme: "ftp".into(),
            },
        ),
        (
            "myapp://callback",
            Problem::RedirectUriBadScheme {
                scheme: "myapp".into(),
            },
        ),
        (
            "https://",
            Problem::RedirectUriInvalid {
                reason: "empty host".into(),
            },
        ),
        (
            other_app,
            Problem::RedirectUriSchemeNotThisApp {
                scheme: "sc11111111-2222-4333-8444-555555555555".into(),
                expected: format!("this Application ID ({APP})"),
            },
        ),
    ];
    for (typed, expected) in table {
        let found = problems(&with(Field::RedirectUri, typed), Field::RedirectUri);
        assert_eq!(found, vec![expected.clone()], "redirect_uri {typed:?}");
        assert_eq!(expected.severity(), Severity::Error);
    }
}

#[test]
fn mobile_scheme_needs_a_host() {
    let typed = format!("sc{APP}:callback");
    assert_eq!(
        problems(&with(Field::RedirectUri, &typed), Field::RedirectUri),
        vec![Problem::RedirectUriSchemeWithoutHost {
            scheme: format!("sc{APP}")
        }]
    );
}

#[test]
fn mobile_scheme_without_a_valid_client_id_is_checked_for_shape_only() {
    let mut form = with(Field::RedirectUri, &format!("sc{APP}://callback"));
    form.client_id = "nope".into();
    assert_eq!(problems(&form, Field::RedirectUri), vec![]);
    form.redirect_uri = "scnot-a-uuid-but-long-enough-to-be-meant://callback".into();
    assert_eq!(
        problems(&form, Field::RedirectUri),
        vec![Problem::RedirectUriSchemeNotThisApp {
            scheme: "scnot-a-uuid-but-long-enough-to-be-meant".into(),
            expected: "the Application ID".into(),
        }]
    );
}

#[test]
fn leaving_redirect_uri_out_on_purpose_warns_and_omits_it() {
    let mut form = with(Field::RedirectUri, "");
    form.omit_redirect_uri = true;
    let checked = check(&form, &[]);
    assert_eq!(
        problems(&form, Field::RedirectUri),
        vec![Problem::RedirectUriOmitted]
    );
    assert_eq!(Problem::RedirectUriOmitted.severity(), Severity::Warning);
    let url = checked
        .link
        .expect("a warning only")
        .parsed()
        .expect("a built link parses");
    assert!(url.query_pairs().all(|(name, _)| name != "redirect_uri"));
}

#[test]
fn redirect_uri_outside_the_profile_list_warns_and_names_the_near_miss() {
    let registered = ["https://example.com/home/", "https://other.example.com/cb"];
    let exact = with(Field::RedirectUri, "https://example.com/home/");
    assert_eq!(
        problems_with_registered(&exact, Field::RedirectUri, &registered),
        vec![]
    );

    let near = with(Field::RedirectUri, "https://example.com/home");
    assert_eq!(
        problems_with_registered(&near, Field::RedirectUri, &registered),
        vec![Problem::RedirectUriNotRegistered {
            closest: Some("https://example.com/home/".into())
        }]
    );
    let normalised_twin = with(Field::RedirectUri, "https://EXAMPLE.com:443/home/");
    assert_eq!(
        problems_with_registered(&normalised_twin, Field::RedirectUri, &registered),
        vec![Problem::RedirectUriNotRegistered {
            closest: Some("https://example.com/home/".into())
        }]
    );
    let stranger = with(Field::RedirectUri, "https://unknown.example.org/");
    assert_eq!(
        problems_with_registered(&stranger, Field::RedirectUri, &registered),
        vec![Problem::RedirectUriNotRegistered { closest: None }]
    );
    assert!(
        check(&stranger, &["https://x.example/".to_owned()])
            .link
            .is_some()
    );
}

#[test]
fn state_rules() {
    let table: &[(&str, Vec<Problem>)] = &[
        ("", vec![]),
        ("0facda3319", vec![]),
        ("12345678", vec![]),
        ("1234567", vec![Problem::StateTooShort { length: 7 }]),
        ("ü", vec![Problem::StateTooShort { length: 1 }]),
        ("has a space", vec![Problem::StateHasWhitespace]),
        (
            "a b",
            vec![
                Problem::StateHasWhitespace,
                Problem::StateTooShort { length: 3 },
            ],
        ),
        ("abcdefgh\u{7}", vec![Problem::ControlCharacter { code: 7 }]),
    ];
    for (typed, expected) in table {
        assert_eq!(
            &problems(&with(Field::State, typed), Field::State),
            expected,
            "state {typed:?}"
        );
    }
}

#[test]
fn state_is_kept_exactly_and_left_out_when_empty() {
    let kept = check(&with(Field::State, " spaced out "), &[])
        .link
        .expect("warning only");
    assert_eq!(kept.param("state").expect("present"), " spaced out ");
    let empty = check(&with(Field::State, ""), &[]).link.expect("valid");
    assert!(empty.url.contains("redirect_uri="));
    assert!(!empty.url.contains("state"));
}

#[test]
fn user_rules() {
    let table: &[(&str, Vec<Problem>)] = &[
        ("", vec![]),
        ("   ", vec![]),
        ("owner-42", vec![]),
        ("jane@example.com", vec![Problem::UserLooksLikeEmail]),
        (
            " Jane.Doe+fleet@mail.example.co.uk ",
            vec![Problem::UserLooksLikeEmail],
        ),
        ("team@local", vec![]),
        ("@handle", vec![]),
        ("x\u{1b}y", vec![Problem::ControlCharacter { code: 0x1b }]),
    ];
    for (typed, expected) in table {
        assert_eq!(
            &problems(&with(Field::User, typed), Field::User),
            expected,
            "user {typed:?}"
        );
    }
}

#[test]
fn user_is_trimmed_and_left_out_when_blank() {
    let trimmed = check(&with(Field::User, "  owner-42 "), &[])
        .link
        .expect("valid");
    assert_eq!(trimmed.param("user").expect("present"), "owner-42");
    let blank = check(&with(Field::User, "  "), &[]).link.expect("valid");
    assert!(blank.param("user").is_none());
    assert!(!blank.url.contains("user="));
}

#[test]
fn warnings_never_block_and_errors_always_do() {
    let mut warned = valid_form();
    warned.state = "short".into();
    warned.user = "a@b.co".into();
    warned.vehicle_id = "v_123".into();
    let checked = check(&warned, &[]);
    assert_eq!(checked.findings.warnings().count(), 3);
    assert!(!checked.findings.has_errors());
    assert!(checked.link.is_some());

    let broken = with(Field::ClientId, "nope");
    let checked = check(&broken, &[]);
    assert!(checked.findings.has_errors());
    assert!(checked.link.is_none());
}

/// One example of every `Problem`, by construction: the patterns below together make an
/// exhaustive `match` (a new variant does not compile until it is listed), and each example
/// must match its own pattern.
macro_rules! one_of_each {
    ($($pattern:pat => $example:expr),+ $(,)?) => {{
        fn listed(problem: &Problem) {
            match problem {
                $($pattern => {})+
            }
        }
        let examples = vec![$($example),+];
        $(assert!(matches!($example, $pattern), "{} is not an example of its own pattern", stringify!($example));)+
        examples.iter().for_each(listed);
        examples
    }};
}

#[test]
fn every_message_names_a_fix() {
    // Each message is a sentence the person can act on: never empty, never a bare code.
    let all = one_of_each![
        Problem::ClientIdMissing => Problem::ClientIdMissing,
        Problem::ClientIdIsApiCredential => Problem::ClientIdIsApiCredential,
        Problem::ClientIdNotUuid => Problem::ClientIdNotUuid,
        Problem::VehicleIdMissing => Problem::VehicleIdMissing,
        Problem::VehicleIdIsLink => Problem::VehicleIdIsLink,
        Problem::VehicleIdHasSpace { .. } => Problem::VehicleIdHasSpace {
            what: "a space".into(),
            position: 3,
        },
        Problem::VehicleIdTooLong { .. } => Problem::VehicleIdTooLong { length: 200 },
        Problem::VehicleIdHoldsSeveral { .. } => Problem::VehicleIdHoldsSeveral {
            count: 2,
            first: VEHICLE.into(),
        },
        Problem::VehicleIdWithExtra { .. } => Problem::VehicleIdWithExtra {
            id: VEHICLE.into(),
            extra: "#".into(),
        },
        Problem::VehicleIdScientific => Problem::VehicleIdScientific,
        Problem::VehicleIdScPrefixed => Problem::VehicleIdScPrefixed,
        Problem::VehicleIdOddCharacter { .. } => Problem::VehicleIdOddCharacter { character: '/' },
        Problem::VehicleIdNotUuid => Problem::VehicleIdNotUuid,
        Problem::IdCleaned { .. } => Problem::IdCleaned {
            done: "removed braces".into(),
            id: VEHICLE.into(),
        },
        Problem::IdHasHiddenCharacters { .. } => Problem::IdHasHiddenCharacters {
            found: "braces".into(),
        },
        Problem::RedirectUriMissing => Problem::RedirectUriMissing,
        Problem::RedirectUriOmitted => Problem::RedirectUriOmitted,
        Problem::RedirectUriHasSpace { .. } => Problem::RedirectUriHasSpace {
            what: "a space".into(),
        },
        Problem::RedirectUriNotAbsolute => Problem::RedirectUriNotAbsolute,
        Problem::RedirectUriInvalid { .. } => Problem::RedirectUriInvalid {
            reason: "empty host".into(),
        },
        Problem::RedirectUriHasUserinfo => Problem::RedirectUriHasUserinfo,
        Problem::RedirectUriHasFragment => Problem::RedirectUriHasFragment,
        Problem::RedirectUriHttpNotLocalhost { .. } => Problem::RedirectUriHttpNotLocalhost {
            host: "example.com".into(),
        },
        Problem::RedirectUriSchemeNotThisApp { .. } => Problem::RedirectUriSchemeNotThisApp {
            scheme: "scx".into(),
            expected: "the Application ID".into(),
        },
        Problem::RedirectUriSchemeWithoutHost { .. } => Problem::RedirectUriSchemeWithoutHost {
            scheme: "scx".into(),
        },
        Problem::RedirectUriBadScheme { .. } => Problem::RedirectUriBadScheme {
            scheme: "ftp".into(),
        },
        Problem::RedirectUriNotRegistered { .. } => Problem::RedirectUriNotRegistered { closest: None },
        Problem::StateHasWhitespace => Problem::StateHasWhitespace,
        Problem::StateTooShort { .. } => Problem::StateTooShort { length: 3 },
        Problem::UserLooksLikeEmail => Problem::UserLooksLikeEmail,
        Problem::ControlCharacter { .. } => Problem::ControlCharacter { code: 7 },
        Problem::ScopeNotDocumented(_) => Problem::ScopeNotDocumented(ScopeProblem::Unknown {
            typed: "read_everything".into(),
        }),
        Problem::ScopesMissing => Problem::ScopesMissing,
        Problem::ScopeGivenTwice { .. } => Problem::ScopeGivenTwice {
            permission: "read_odometer",
        },
        Problem::VinOddCharacter { .. } => Problem::VinOddCharacter {
            character: '-',
            position: 4,
        },
        Problem::VinWrongLength { .. } => Problem::VinWrongLength { length: 16 },
        Problem::VinLetterNeverUsed { .. } => Problem::VinLetterNeverUsed {
            character: 'O',
            position: 2,
            fix: '0',
        },
        Problem::VinCheckDigit { .. } => Problem::VinCheckDigit {
            found: '1',
            expected: 'X',
        },
        Problem::CountryNotTwoLetters { .. } => Problem::CountryNotTwoLetters {
            typed: "DEU".into(),
        },
        Problem::CountryMixedUp { .. } => Problem::CountryMixedUp {
            code: "UK".into(),
            iso: "GB",
        },
        Problem::CountryNotAssigned { .. } => Problem::CountryNotAssigned { code: "XX".into() },
        Problem::MakeHasOddCharacters { .. } => Problem::MakeHasOddCharacters {
            typed: "land rover".into(),
            fixed: "LAND_ROVER".into(),
        },
        Problem::NotOneOfTheChoices { .. } => Problem::NotOneOfTheChoices {
            typed: "demo".into(),
            accepted: "`live`, `simulated` or `test`",
        },
    ];
    assert!(!all.is_empty());
    for problem in all {
        let message = problem.to_string();
        assert!(message.len() > 30, "{message}");
        assert!(
            message.contains(':') || message.contains(';'),
            "says what to do: {message}"
        );
    }
}
