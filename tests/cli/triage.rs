//! Triage: every documented Smartcar error, in every envelope it arrives in (v2 body,
//! legacy `resolution` string, v3 `errors` envelope, `VEHICLE_ERROR` webhook with one or
//! several errors, a resolved one), says what helps and fills the link that does. The
//! command line end to end: `parse` prints the advice.

use assert_cmd::Command;
use predicates::prelude::*;
use reauth_link::link::advice::ErrorReport;
use reauth_link::link::triage::Filled;
use reauth_link::link::{Action, Level, LinkKind, Reading, Triage, TriagedPaste, read_paste};
use serde_json::{Value, json};

const APP: &str = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";
const VEHICLE: &str = "36ab27d0-fd9d-4455-823a-ce30af709ffc";
const VIRTUAL_KEY_URL: &str = "https://www.tesla.com/_ak/smartcar.com";

fn resolution_url() -> String {
    format!(
        "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&client_id={APP}&vehicle_id={VEHICLE}"
    )
}

/// One documented error: what Smartcar sends and what helps, for a Tesla and any other make.
struct Case {
    what: &'static str,
    error_type: Option<&'static str>,
    code: Option<&'static str>,
    status: u16,
    resolution: Value,
    other_make: Action,
    tesla: Action,
    /// The action depends on `resolution`, which v3's envelope does not carry.
    needs_v2_resolution: bool,
}

fn cases() -> Vec<Case> {
    let reauth = json!({"type": "REAUTHENTICATE", "url": resolution_url()});
    let case = |what, error_type, code, status, resolution: Value, action| Case {
        what,
        error_type,
        code,
        status,
        resolution,
        other_make: action,
        tesla: action,
        needs_v2_resolution: false,
    };
    let csa = Some("CONNECTED_SERVICES_ACCOUNT");
    vec![
        case(
            "authentication failed",
            csa,
            Some("AUTHENTICATION_FAILED"),
            400,
            reauth,
            Action::Reauthenticate,
        ),
        case(
            "legacy string resolution",
            csa,
            Some("AUTHENTICATION_FAILED"),
            400,
            json!("REAUTHENTICATE"),
            Action::Reauthenticate,
        ),
        Case {
            tesla: Action::TeslaPermissions,
            ..case(
                "account permission",
                csa,
                Some("PERMISSION"),
                403,
                json!({"type": "REAUTHENTICATE"}),
                Action::Connect,
            )
        },
        Case {
            tesla: Action::TeslaPermissions,
            ..case(
                "permission 403",
                Some("PERMISSION"),
                None,
                403,
                json!("REAUTHENTICATE"),
                Action::Connect,
            )
        },
        case(
            "no vehicles",
            csa,
            Some("NO_VEHICLES"),
            400,
            json!(null),
            Action::Connect,
        ),
        case(
            "vehicle missing",
            csa,
            Some("VEHICLE_MISSING"),
            400,
            json!(null),
            Action::Connect,
        ),
        case(
            "virtual key",
            csa,
            Some("VIRTUAL_KEY_REQUIRED"),
            400,
            json!({"type": "VIRTUAL_KEY", "url": VIRTUAL_KEY_URL}),
            Action::VirtualKey,
        ),
        case(
            "subscription",
            csa,
            Some("SUBSCRIPTION"),
            400,
            json!(null),
            Action::OwnerAction,
        ),
        case(
            "account issue",
            csa,
            Some("ACCOUNT_ISSUE"),
            400,
            json!(null),
            Action::OwnerAction,
        ),
        case(
            "token expired",
            Some("AUTHENTICATION"),
            None,
            401,
            json!(null),
            Action::RefreshToken,
        ),
        case(
            "v3 unauthorized",
            Some("UNAUTHORIZED"),
            Some("INVALID_TOKEN"),
            401,
            json!(null),
            Action::RefreshToken,
        ),
        case(
            "rate limit, vehicle",
            Some("RATE_LIMIT"),
            Some("VEHICLE"),
            429,
            json!({"type": "RETRY_LATER"}),
            Action::RetryLater,
        ),
        case(
            "rate limit, api",
            Some("RATE_LIMIT"),
            Some("SMARTCAR_API"),
            429,
            json!(null),
            Action::RetryLater,
        ),
        case(
            "server internal",
            Some("SERVER"),
            Some("INTERNAL"),
            500,
            json!(null),
            Action::RetryLater,
        ),
        case(
            "vehicle asleep",
            Some("VEHICLE_STATE"),
            Some("ASLEEP"),
            409,
            json!({"type": "RETRY_LATER"}),
            Action::RetryLater,
        ),
        case(
            "record not found",
            Some("SERVER"),
            Some("RECORD_NOT_FOUND"),
            500,
            json!(null),
            Action::ContactSupport,
        ),
        Case {
            needs_v2_resolution: true,
            ..case(
                "contact support",
                Some("COMPATIBILITY"),
                Some("PLATFORM_CHANGED"),
                409,
                json!({"type": "CONTACT_SUPPORT"}),
                Action::ContactSupport,
            )
        },
        case(
            "unknown error",
            Some("SOMETHING_NEW"),
            Some("NEVER_SEEN"),
            400,
            json!(null),
            Action::ContactSupport,
        ),
    ]
}

fn v2_body(case: &Case) -> Value {
    json!({
        "type": case.error_type,
        "code": case.code,
        "description": "Smartcar's description.",
        "docURL": "https://smartcar.com/docs/errors/api-errors",
        "statusCode": case.status,
        "requestId": "5dea93a1-3f79-4246-90c5-4f0b0a4e4a9b",
        "resolution": case.resolution,
        "suggestedUserMessage": "Please reconnect your vehicle."
    })
}

fn v3_envelope(case: &Case) -> Value {
    let mut links = json!({"about": "https://smartcar.com/docs/errors/api-errors"});
    if let Some(url) = case.resolution["url"].as_str() {
        links["resolution"] = json!(url);
    }
    json!({"errors": [{
        "status": case.status,
        "type": case.error_type,
        "code": case.code,
        "title": "A title",
        "detail": "A detail.",
        "links": links
    }]})
}

fn webhook(errors: Vec<Value>, make: &str) -> Value {
    json!({
        "eventId": "0c5b7f4e-1111-4222-8333-444455556666",
        "eventType": "VEHICLE_ERROR",
        "vehicleId": VEHICLE,
        "data": {
            "user": {"id": "a7b8c9d0-1111-4222-8333-444455556666"},
            "vehicle": {"id": VEHICLE, "make": make, "model": "Model 3", "year": 2022},
            "errors": errors
        },
        "meta": {"version": "4.0", "deliveryId": "d1", "deliveredAt": 1764000000000u64,
                 "webhookId": "w1", "webhookName": "fleet", "mode": "LIVE"}
    })
}

fn triage_of(input: &str) -> Triage {
    match read_paste(input).map(Reading::triage) {
        Ok(TriagedPaste::One { triage, .. }) => triage,
        other => panic!("expected one reading of {input}, got {other:?}"),
    }
}

fn filled(triage: &Triage, name: &str) -> Option<String> {
    triage
        .filled
        .iter()
        .find(|filled| filled.name() == name)
        .map(|filled: &Filled| filled.value.clone())
}

/// What every triage of a case must say, whatever the envelope.
fn assert_advice(triage: &Triage, case: &Case, expected: Action, envelope: &str) {
    let context = format!("{} in {envelope}: {triage:?}", case.what);
    assert_eq!(triage.advice.action, expected, "{context}");
    assert_eq!(triage.level, expected.level(), "{context}");
    assert_eq!(triage.link, expected.link_kind(), "{context}");
    assert!(!triage.advice.message.contains('\n'), "one line: {context}");
    let fill = triage.fill_sentence();
    let without_fill = if fill.is_empty() {
        triage.advice.message.clone()
    } else {
        triage.advice.message.replacen(&format!(" {fill}"), "", 1)
    };
    assert_eq!(
        triage.headline, without_fill,
        "the headline is the message without what it filled: {context}"
    );
    let name = ErrorReport {
        error_type: case.error_type.map(str::to_owned),
        code: case.code.map(str::to_owned),
        ..ErrorReport::default()
    }
    .name();
    assert!(
        triage.advice.message.starts_with(&name),
        "names the error: {context}"
    );
    if expected == Action::VirtualKey {
        assert!(triage.advice.message.contains(VIRTUAL_KEY_URL), "{context}");
        assert_eq!(
            filled(triage, "url").as_deref(),
            Some(VIRTUAL_KEY_URL),
            "{context}"
        );
    }
    if expected == Action::Reauthenticate && case.resolution["url"].is_string() {
        assert_eq!(
            filled(triage, "client_id").as_deref(),
            Some(APP),
            "{context}"
        );
        assert_eq!(
            filled(triage, "vehicle_id").as_deref(),
            Some(VEHICLE),
            "{context}"
        );
        assert_eq!(triage.still_needed, vec!["redirect_uri"], "{context}");
    }
}

#[test]
fn every_documented_error_in_a_v2_body() {
    for case in cases() {
        let triage = triage_of(&v2_body(&case).to_string());
        assert_advice(&triage, &case, case.other_make, "a v2 body");
    }
}

#[test]
fn every_documented_error_in_a_v3_envelope() {
    for case in cases().into_iter().filter(|case| !case.needs_v2_resolution) {
        let triage = triage_of(&v3_envelope(&case).to_string());
        assert_advice(&triage, &case, case.other_make, "a v3 envelope");
    }
}

#[test]
fn every_documented_error_in_a_webhook_for_a_tesla_and_another_make() {
    for case in cases() {
        for (make, expected) in [
            ("TESLA", case.tesla),
            ("Tesla", case.tesla),
            ("FORD", case.other_make),
        ] {
            let event = webhook(vec![v2_body(&case)], make);
            let triage = triage_of(&event.to_string());
            assert_advice(&triage, &case, expected, &format!("a {make} webhook"));
            if expected == Action::TeslaPermissions {
                assert_eq!(filled(&triage, "make").as_deref(), Some("TESLA"));
                assert!(triage.still_needed.contains(&"scope"), "{triage:?}");
            }
        }
    }
}

#[test]
fn a_resolved_webhook_error_needs_nothing() {
    for case in cases() {
        let mut error = v2_body(&case);
        error["state"] = json!("RESOLVED");
        let triage = triage_of(&webhook(vec![error], "FORD").to_string());
        assert_eq!(triage.advice.action, Action::None, "{}", case.what);
        assert_eq!(triage.level, Level::Info);
        assert!(triage.advice.message.contains("cleared"), "{triage:?}");
        assert!(triage.link.is_none());
    }
    let mut event = webhook(vec![v2_body(&cases()[0])], "FORD");
    event["data"]["state"] = json!("RESOLVED");
    assert_eq!(triage_of(&event.to_string()).advice.action, Action::None);
}

#[test]
fn with_several_errors_it_acts_on_the_one_a_link_fixes_and_says_which() {
    let table: &[(&[usize], Action, usize)] = &[
        // (indexes into cases(), the action taken, the 1-based error acted on)
        (&[14, 0], Action::Reauthenticate, 2),
        (&[0, 14], Action::Reauthenticate, 1),
        (&[12, 7, 13], Action::OwnerAction, 2),
        (&[13, 6, 0], Action::Reauthenticate, 3),
        (&[6, 14], Action::VirtualKey, 1),
        (&[14, 12], Action::RetryLater, 1),
    ];
    let all = cases();
    for (picks, action, acted_on) in table {
        let errors = picks.iter().map(|&index| v2_body(&all[index])).collect();
        let triage = triage_of(&webhook(errors, "FORD").to_string());
        assert_eq!(triage.advice.action, *action, "{picks:?}: {triage:?}");
        let says = format!("Acted on error {acted_on} of {}", picks.len());
        assert!(triage.advice.message.contains(&says), "{says}: {triage:?}");
        assert!(triage.headline.contains(&says), "{says}: {triage:?}");
    }
    let mut resolved = v2_body(&all[0]);
    resolved["state"] = json!("RESOLVED");
    let triage = triage_of(&webhook(vec![resolved, v2_body(&all[14])], "FORD").to_string());
    assert_eq!(
        triage.advice.action,
        Action::RetryLater,
        "a cleared error ranks last"
    );
}

#[test]
fn a_v3_envelope_with_several_errors_says_which_it_acted_on() {
    let all = cases();
    let mut envelope = v3_envelope(&all[13]);
    let second = v3_envelope(&all[0])["errors"][0].clone();
    envelope["errors"]
        .as_array_mut()
        .expect("array")
        .push(second);
    let triage = triage_of(&envelope.to_string());
    assert_eq!(triage.advice.action, Action::Reauthenticate);
    assert_eq!(filled(&triage, "vehicle_id").as_deref(), Some(VEHICLE));
    assert!(
        triage.advice.message.contains("Acted on error 2 of 2"),
        "{triage:?}"
    );
}

#[test]
fn a_webhook_without_errors_has_nothing_to_act_on() {
    let triage = triage_of(&webhook(vec![], "FORD").to_string());
    assert_eq!(triage.advice.action, Action::None);
    assert!(
        triage.advice.message.contains("lists no errors"),
        "{triage:?}"
    );
}

#[test]
fn a_pasted_link_is_triaged_by_its_kind() {
    let tesla = format!(
        "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&make=TESLA&client_id={APP}&scope=read_odometer%20control_security"
    );
    let authorize = format!(
        "https://connect.smartcar.com/oauth/authorize?response_type=code&client_id={APP}&redirect_uri=https%3A%2F%2Fexample.com%2Fhome&scope=read_vin"
    );
    let table = [
        (
            resolution_url(),
            Action::Reauthenticate,
            LinkKind::Reauth,
            vec!["redirect_uri"],
        ),
        (
            tesla,
            Action::TeslaPermissions,
            LinkKind::TeslaPermissions,
            vec![],
        ),
        (authorize, Action::Connect, LinkKind::Connect, vec![]),
    ];
    for (link, action, kind, needed) in table {
        let triage = triage_of(&link);
        assert_eq!(triage.advice.action, action, "{link}");
        assert_eq!(triage.link, Some(kind), "{link}");
        assert_eq!(triage.level, Level::Info, "a link is not an error: {link}");
        assert_eq!(triage.still_needed, needed, "{link}");
        assert_eq!(filled(&triage, "client_id").as_deref(), Some(APP), "{link}");
        assert!(
            triage
                .advice
                .message
                .starts_with(&format!("A {}", kind.describe()))
        );
    }
}

#[test]
fn every_action_has_a_name_a_level_and_at_most_one_link_kind() {
    let names: Vec<&str> = Action::ALL.iter().map(|action| action.name()).collect();
    assert_eq!(
        names,
        [
            "reauthenticate",
            "tesla_permissions",
            "connect",
            "virtual_key",
            "owner_action",
            "refresh_token",
            "retry_later",
            "contact_support",
            "none"
        ]
    );
    for action in Action::ALL {
        assert_eq!(
            serde_json::to_value(action).expect("serialises"),
            json!(action.name())
        );
    }
    let with_links: Vec<Action> = Action::ALL
        .into_iter()
        .filter(|action| action.link_kind().is_some())
        .collect();
    assert_eq!(
        with_links,
        [
            Action::Reauthenticate,
            Action::TeslaPermissions,
            Action::Connect
        ]
    );
}

fn reauth_link() -> Command {
    let mut command = Command::cargo_bin("reauth-link").expect("binary built");
    command.env("REAUTH_LINK_CONFIG_DIR", "/nonexistent-config-dir");
    command
}

fn parse_json_output(input: &str) -> Value {
    let output = reauth_link()
        .args(["parse", "-"])
        .write_stdin(input)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    serde_json::from_slice(&output.stdout).expect("JSON")
}

#[test]
fn parse_prints_the_advice_beside_the_contract_keys() {
    let all = cases();
    let value = parse_json_output(&v2_body(&all[0]).to_string());
    for key in ["source", "fields", "missing", "error", "notes", "advice"] {
        assert!(value.get(key).is_some(), "{key} in {value}");
    }
    assert_eq!(value["advice"]["action"], "reauthenticate");
    assert_eq!(value["fields"]["vehicle_id"], VEHICLE);

    let value = parse_json_output(&webhook(vec![v2_body(&all[6])], "TESLA").to_string());
    assert_eq!(value["advice"]["action"], "virtual_key");
    let message = value["advice"]["message"].as_str().expect("message");
    assert!(message.contains(VIRTUAL_KEY_URL), "{message}");

    let value = parse_json_output(&webhook(vec![v2_body(&all[3])], "TESLA").to_string());
    assert_eq!(value["advice"]["action"], "tesla_permissions");
}

#[test]
fn parse_reads_a_ticket_and_refuses_two_different_candidates() {
    let ticket = format!(
        "Hi team,\n\nthe owner says this link fails: <{}|link>.\nThanks!\n",
        resolution_url()
    );
    let value = parse_json_output(&ticket);
    assert_eq!(value["fields"]["client_id"], APP);
    assert_eq!(value["fields"]["vehicle_id"], VEHICLE);

    let other = resolution_url().replace(VEHICLE, "11111111-2222-4333-8444-555555555555");
    reauth_link()
        .args(["parse", "-"])
        .write_stdin(format!("first {} then {other} ?", resolution_url()))
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("2 different candidates"))
        .stderr(predicate::str::contains("candidate 1:"))
        .stderr(predicate::str::contains(format!("vehicle_id={VEHICLE}")))
        .stderr(predicate::str::contains(
            "candidate 2: re-authentication link `https://connect.smartcar.com",
        ))
        .stderr(predicate::str::contains(
            "vehicle_id=11111111-2222-4333-8444-555555555555",
        ));
}

#[test]
fn contact_support_quotes_the_request_id_the_error_carries() {
    let contact_support: Vec<Case> = cases()
        .into_iter()
        .filter(|case| case.other_make == Action::ContactSupport)
        .collect();
    assert!(
        contact_support.len() >= 2,
        "the table has contact-support cases"
    );
    for case in &contact_support {
        let from_body = triage_of(&v2_body(case).to_string());
        assert!(
            from_body
                .headline
                .contains("support with request id 5dea93a1-3f79-4246-90c5-4f0b0a4e4a9b."),
            "{}: {}",
            case.what,
            from_body.headline
        );
        let mut without_id = v2_body(case);
        without_id["requestId"] = json!("  ");
        let headline = triage_of(&without_id.to_string()).headline;
        assert!(
            headline.contains("the request id of the failed call (not in this paste)"),
            "{}: {headline}",
            case.what
        );
    }
}
