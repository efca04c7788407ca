//! `link::paste`: every shape a support agent pastes, and every way it can be wrong.

use reauth_link_core::link::paste::PasteSource;
use reauth_link_core::link::{Field, PasteError, Reading, ReauthForm, read_paste};

const APP: &str = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";
const VEHICLE: &str = "36ab27d0-fd9d-4455-823a-ce30af709ffc";

fn resolution_url() -> String {
    format!(
        "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&client_id={APP}&vehicle_id={VEHICLE}"
    )
}

fn api_error(resolution: serde_json::Value) -> String {
    serde_json::json!({
        "type": "CONNECTED_SERVICES_ACCOUNT",
        "code": "AUTHENTICATION_FAILED",
        "description": "The vehicle owner's credentials changed.",
        "docURL": "https://smartcar.com/docs/errors/api-errors/connected-services-account-errors#authentication-failed",
        "statusCode": 400,
        "requestId": "5dea93a1-3f79-4246-90c5-4f0b0a4e4a9b",
        "resolution": resolution,
        "suggestedUserMessage": "Please reconnect your vehicle."
    })
    .to_string()
}

fn webhook(errors: serde_json::Value, vehicle: &str) -> serde_json::Value {
    serde_json::json!({
        "eventId": "0c5b7f4e-1111-4222-8333-444455556666",
        "eventType": "VEHICLE_ERROR",
        "vehicleId": vehicle,
        "data": {
            "user": {"id": "a7b8c9d0-1111-4222-8333-444455556666"},
            "vehicle": {"id": vehicle, "make": "TESLA", "model": "Model 3", "year": 2022},
            "errors": errors
        },
        "meta": {"version": "4.0", "deliveryId": "d1", "deliveredAt": 1764000000000u64,
                 "webhookId": "w1", "webhookName": "fleet", "mode": "LIVE"}
    })
}

#[test]
fn a_full_link_gives_every_field() {
    let link = format!(
        "{}&redirect_uri=https%3A%2F%2Fexample.com%2Fhome&state=0facda3319&user=owner-7",
        resolution_url()
    );
    let pasted = read_paste(&link)
        .and_then(Reading::into_single)
        .expect("a link");
    assert_eq!(pasted.source, PasteSource::Url);
    assert_eq!(pasted.fields.client_id.as_deref(), Some(APP));
    assert_eq!(pasted.fields.vehicle_id.as_deref(), Some(VEHICLE));
    assert_eq!(
        pasted.fields.redirect_uri.as_deref(),
        Some("https://example.com/home")
    );
    assert_eq!(pasted.fields.state.as_deref(), Some("0facda3319"));
    assert_eq!(pasted.fields.user.as_deref(), Some("owner-7"));
    assert!(pasted.missing().is_empty());
    assert!(pasted.notes.is_empty(), "{:?}", pasted.notes);
}

#[test]
fn application_id_is_read_as_client_id() {
    let link = format!(
        "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&application_id={APP}&vehicle_id={VEHICLE}"
    );
    let pasted = read_paste(&link)
        .and_then(Reading::into_single)
        .expect("a link");
    assert_eq!(pasted.fields.client_id.as_deref(), Some(APP));
    assert_eq!(pasted.missing(), vec![Field::RedirectUri]);
}

#[test]
fn a_link_broken_over_lines_and_wrapped_in_quotes_still_reads() {
    let text = format!(
        "  \"https://connect.smartcar.com/oauth/reauthenticate?\n    response_type=vehicle_id\n    &client_id={APP}\n    &vehicle_id={VEHICLE}\"\n"
    );
    let pasted = read_paste(&text)
        .and_then(Reading::into_single)
        .expect("a link");
    assert_eq!(pasted.fields.vehicle_id.as_deref(), Some(VEHICLE));
}

#[test]
fn link_notes_say_what_was_ignored_or_odd() {
    let link = format!(
        "https://connect.smartcar.com/oauth/reauthenticate?response_type=none&make=TESLA&scope=read_odometer&client_id={APP}&client_id=other&external_id=owner-9"
    );
    let pasted = read_paste(&link)
        .and_then(Reading::into_single)
        .expect("a link");
    assert_eq!(
        pasted.fields.client_id.as_deref(),
        Some(APP),
        "first value kept"
    );
    assert_eq!(
        pasted.fields.user.as_deref(),
        Some("owner-9"),
        "external_id is the owner id"
    );
    let notes = pasted.notes.join("\n");
    assert!(notes.contains("response_type=none"), "{notes}");
    assert!(
        notes.contains("client_id` appears more than once"),
        "{notes}"
    );
    assert!(notes.contains("make, scope"), "{notes}");
}

#[test]
fn api_error_with_resolution_url() {
    let body = api_error(serde_json::json!({"type": "REAUTHENTICATE", "url": resolution_url()}));
    let pasted = read_paste(&body)
        .and_then(Reading::into_single)
        .expect("an API error");
    assert_eq!(pasted.source, PasteSource::ApiError);
    assert_eq!(pasted.fields.client_id.as_deref(), Some(APP));
    assert_eq!(pasted.fields.vehicle_id.as_deref(), Some(VEHICLE));
    assert_eq!(pasted.missing(), vec![Field::RedirectUri]);
    let error = pasted.error.expect("error kind");
    assert_eq!(
        error.error_type.as_deref(),
        Some("CONNECTED_SERVICES_ACCOUNT")
    );
    assert_eq!(error.code.as_deref(), Some("AUTHENTICATION_FAILED"));
}

#[test]
fn api_error_without_url_and_legacy_string_resolution() {
    for resolution in [
        serde_json::json!({"type": "REAUTHENTICATE"}),
        serde_json::json!("REAUTHENTICATE"),
    ] {
        let pasted = read_paste(&api_error(resolution.clone()))
            .and_then(Reading::into_single)
            .expect("an API error");
        assert_eq!(
            pasted.missing(),
            vec![Field::ClientId, Field::VehicleId, Field::RedirectUri],
            "{resolution}"
        );
        assert!(
            pasted.notes.iter().any(|n| n.contains("carries no link")),
            "{:?}",
            pasted.notes
        );
    }
}

#[test]
fn an_error_that_does_not_ask_for_reauthentication_says_so() {
    let body = serde_json::json!({"type": "RATE_LIMIT", "code": "VEHICLE", "resolution": {"type": "RETRY_LATER"}});
    let pasted = read_paste(&body.to_string())
        .and_then(Reading::into_single)
        .expect("an API error");
    assert!(
        pasted.notes.iter().any(|n| n.contains("RETRY_LATER")),
        "{:?}",
        pasted.notes
    );
}

#[test]
fn webhook_vehicle_error_takes_the_reauthenticating_error() {
    let errors = serde_json::json!([
        {"type": "VEHICLE_STATE", "code": "ASLEEP", "resolution": {"type": "RETRY_LATER"}},
        {"type": "CONNECTED_SERVICES_ACCOUNT", "code": "AUTHENTICATION_FAILED",
         "resolution": {"type": "REAUTHENTICATE", "url": resolution_url()}}
    ]);
    let pasted = read_one(&webhook(errors, VEHICLE).to_string()).expect("a webhook");
    assert_eq!(pasted.source, PasteSource::Webhook);
    assert_eq!(pasted.fields.client_id.as_deref(), Some(APP));
    assert_eq!(pasted.fields.vehicle_id.as_deref(), Some(VEHICLE));
    assert_eq!(
        pasted.error.and_then(|e| e.code).as_deref(),
        Some("AUTHENTICATION_FAILED")
    );
}

#[test]
fn webhook_without_a_link_still_gives_the_vehicle() {
    let errors = serde_json::json!([{"type": "PERMISSION", "code": null, "resolution": {"type": "REAUTHENTICATE"}}]);
    let pasted = read_one(&webhook(errors, VEHICLE).to_string()).expect("a webhook");
    assert_eq!(pasted.fields.vehicle_id.as_deref(), Some(VEHICLE));
    assert_eq!(pasted.missing(), vec![Field::ClientId, Field::RedirectUri]);
}

#[test]
fn webhook_notes_a_resolved_event_and_a_vehicle_mismatch() {
    let mut event = webhook(
        serde_json::json!([{"type": "CONNECTED_SERVICES_ACCOUNT", "code": "AUTHENTICATION_FAILED",
            "state": "RESOLVED", "resolution": {"type": "REAUTHENTICATE", "url": resolution_url()}}]),
        "11111111-2222-4333-8444-555555555555",
    );
    event["data"]["state"] = serde_json::json!("RESOLVED");
    let pasted = read_one(&event.to_string()).expect("a webhook");
    assert_eq!(
        pasted.fields.vehicle_id.as_deref(),
        Some(VEHICLE),
        "the link's id is kept"
    );
    let notes = pasted.notes.join("\n");
    assert!(notes.contains("RESOLVED"), "{notes}");
    assert!(notes.contains("differs"), "{notes}");
}

#[test]
fn fill_writes_only_what_the_paste_has() {
    let mut form = ReauthForm {
        redirect_uri: "https://kept.example.com".into(),
        state: "kept-state".into(),
        omit_redirect_uri: false,
        ..ReauthForm::default()
    };
    let pasted = read_paste(&resolution_url())
        .and_then(Reading::into_single)
        .expect("a link");
    pasted.fill(&mut form);
    assert_eq!(form.client_id, APP);
    assert_eq!(form.vehicle_id, VEHICLE);
    assert_eq!(form.redirect_uri, "https://kept.example.com");
    assert_eq!(form.state, "kept-state");
    assert_eq!(
        pasted.summary(),
        "Filled Client ID, Vehicle ID from the re-authentication link; still needed: Redirect URI."
    );
    assert_eq!(
        pasted.summary_after_fill(&form),
        "Filled Client ID, Vehicle ID from the re-authentication link; already in the form: Redirect URI."
    );
}

#[test]
fn after_a_fill_only_what_the_form_still_lacks_is_needed() {
    let pasted = read_paste(&format!(
        "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&vehicle_id={VEHICLE}"
    )).and_then(Reading::into_single)
    .expect("a link");
    let from_link = "Filled Vehicle ID from the re-authentication link";
    let table = [
        (
            ReauthForm::default(),
            format!("{from_link}; still needed: Client ID, Redirect URI."),
        ),
        (
            ReauthForm {
                client_id: APP.into(),
                omit_redirect_uri: true,
                ..ReauthForm::default()
            },
            format!("{from_link}; already in the form: Client ID, Redirect URI."),
        ),
        (
            ReauthForm {
                client_id: APP.into(),
                ..ReauthForm::default()
            },
            format!("{from_link}; already in the form: Client ID; still needed: Redirect URI."),
        ),
    ];
    for (mut form, expected) in table {
        pasted.fill(&mut form);
        assert_eq!(pasted.summary_after_fill(&form), expected);
    }
}

#[test]
fn every_unreadable_input_is_an_error_that_says_what_was_expected() {
    let table: &[(&str, PasteError)] = &[
        ("", PasteError::Empty),
        ("   \n ", PasteError::Empty),
        ("hello there", PasteError::Unrecognised),
        (
            "https://connect.smartcar.com/oauth/reauthenticate",
            PasteError::LinkWithoutFields,
        ),
        (
            "https://connect.smartcar.com/oauth/reauthenticate?foo=bar",
            PasteError::LinkWithoutFields,
        ),
        ("[1, 2]", PasteError::JsonList),
        ("{\"hello\": 1}", PasteError::JsonNotRecognised),
        (
            "{\"eventType\": \"VEHICLE_STATE\"}",
            PasteError::WebhookNotVehicleError("VEHICLE_STATE".into()),
        ),
    ];
    for (input, expected) in table {
        assert_eq!(
            read_paste(input)
                .and_then(Reading::into_single)
                .as_ref()
                .err(),
            Some(expected),
            "{input:?}"
        );
        assert!(expected.to_string().len() > 30);
    }
    assert!(matches!(
        read_paste("{\"code\": ").and_then(Reading::into_single),
        Err(PasteError::BadJson(_))
    ));
    assert!(matches!(
        read_paste("https://exa mple.com:99999/?client_id=x").and_then(Reading::into_single),
        Err(PasteError::BadLink(_))
    ));
}

/// The one reading of a JSON value pasted as text.
fn read_one(text: &str) -> Result<reauth_link_core::link::Pasted, PasteError> {
    read_paste(text).and_then(Reading::into_single)
}

/// An event whose `vehicleId` and `data.vehicle.id` name two vehicles (pieced together
/// from two events) gives neither: taking the first filled the other owner's vehicle with
/// no word. It is named as left out, so `url --from` asks for the vehicle; the error's own
/// link still decides when it names one. One id, or the same id twice, is taken.
#[test]
fn an_event_naming_two_vehicles_fills_neither_and_names_it() {
    struct Case {
        what: &'static str,
        link: bool,
        top: Option<&'static str>,
        nested: Option<&'static str>,
        filled: Option<&'static str>,
        named: bool,
    }
    const OTHER: &str = "11111111-2222-4333-8444-555555555555";
    let case = |what, link, top, nested, filled, named| Case {
        what,
        link,
        top,
        nested,
        filled,
        named,
    };
    let table = [
        case(
            "two vehicles",
            false,
            Some(VEHICLE),
            Some(OTHER),
            None,
            true,
        ),
        case("swapped", false, Some(OTHER), Some(VEHICLE), None, true),
        case(
            "and a link",
            true,
            Some(OTHER),
            Some(VEHICLE),
            Some(VEHICLE),
            false,
        ),
        case(
            "one twice",
            false,
            Some(VEHICLE),
            Some(VEHICLE),
            Some(VEHICLE),
            false,
        ),
        case(
            "only vehicleId",
            false,
            Some(VEHICLE),
            None,
            Some(VEHICLE),
            false,
        ),
        case(
            "only data.vehicle.id",
            false,
            None,
            Some(VEHICLE),
            Some(VEHICLE),
            false,
        ),
        case("neither", false, None, None, None, false),
    ];
    for Case {
        what,
        link,
        top,
        nested,
        filled,
        named,
    } in table
    {
        let resolution = match link {
            true => serde_json::json!({"type": "REAUTHENTICATE", "url": resolution_url()}),
            false => serde_json::json!({"type": "REAUTHENTICATE"}),
        };
        let errors = serde_json::json!([{"type": "CONNECTED_SERVICES_ACCOUNT",
            "code": "AUTHENTICATION_FAILED", "resolution": resolution}]);
        let mut event = webhook(errors, VEHICLE);
        event["vehicleId"] = serde_json::json!(top);
        event["data"]["vehicle"]["id"] = serde_json::json!(nested);
        let pasted = read_one(&event.to_string()).unwrap_or_else(|e| panic!("{what}: {e}"));
        let context = format!("{what}: {pasted:?}");
        assert_eq!(pasted.fields.vehicle_id.as_deref(), filled, "{context}");
        let doubted = pasted
            .facts
            .doubts
            .iter()
            .any(|(name, _)| name == "vehicle_id");
        assert_eq!(doubted, named, "{context}");
        let two = pasted
            .notes
            .iter()
            .any(|note| note.contains("names two vehicles"));
        assert_eq!(
            two,
            top.is_some() && nested.is_some() && top != nested,
            "{context}"
        );
    }
}
