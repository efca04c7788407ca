//! Every kind's link read back gives the fields that built it: `read_link` (what `parse`
//! shows) on the re-authentication link under both contracts, the Tesla permissions link
//! and the new-connection link.

use proptest::prelude::*;
use reauth_link_core::link::scopes::PERMISSIONS;
use reauth_link_core::link::{
    ConnectForm, Contract, Field, LinkKind, ReauthForm, ReauthOptions, ResponseType,
    TeslaPermissionsForm, check_connect, check_tesla_permissions, check_with_options, read_link,
};

fn contract() -> impl Strategy<Value = Contract> {
    prop_oneof![Just(Contract::Classic), Just(Contract::Current)]
}

fn uuid() -> impl Strategy<Value = String> {
    "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
}

fn redirect() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("https://example.com/home".to_owned()),
        Just("http://localhost:3000/cb?x=1&y=2".to_owned()),
        "https://[a-z]{1,10}\\.example/[a-zA-Z0-9_.~-]{0,12}",
    ]
}

/// Values people type: no control characters, no space at either end.
fn value() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9_.:/&=+%?#é漢🚗-][a-zA-Z0-9 _.:/&=+%?#é漢🚗-]{6,20}[a-zA-Z0-9]"
}

fn scopes() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::btree_set((0..PERMISSIONS.len(), any::<bool>()), 1..5).prop_map(
        |picked| {
            let mut seen = Vec::new();
            picked
                .into_iter()
                .filter(|(index, _)| {
                    let new = !seen.contains(index);
                    seen.push(*index);
                    new
                })
                .map(|(index, required)| {
                    let name = PERMISSIONS[index];
                    if required {
                        format!("required:{name}")
                    } else {
                        name.to_owned()
                    }
                })
                .collect()
        },
    )
}

fn vin() -> impl Strategy<Value = String> {
    "[A-HJ-NPR-Z0-9]{17}"
}

fn optional(strategy: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), strategy]
}

fn assert_field(read: &reauth_link_core::link::ReadLink, field: Field, expected: &str) {
    let got = read.get(field).unwrap_or_default();
    assert_eq!(got, expected, "{field:?} in {read:?}");
}

proptest! {
    #[test]
    fn reauth_links_read_back(
        client_id in uuid(),
        vehicle_id in uuid(),
        redirect in optional(redirect()),
        state in optional(value()),
        user in optional(value()),
        contract in contract(),
        none in any::<bool>(),
    ) {
        let response_type = if none { ResponseType::None } else { ResponseType::VehicleId };
        let form = ReauthForm {
            client_id,
            vehicle_id,
            omit_redirect_uri: redirect.is_empty(),
            redirect_uri: redirect,
            state,
            user,
        };
        let options = ReauthOptions { contract, response_type };
        let request = check_with_options(&form, &[], options).link.expect("valid");
        let read = read_link(&request.url).expect("reads");
        prop_assert_eq!(read.kind, LinkKind::Reauth);
        prop_assert_eq!(read.contract, contract);
        assert_field(&read, Field::ResponseType, response_type.name());
        assert_field(&read, Field::ClientId, &form.client_id);
        assert_field(&read, Field::VehicleId, &form.vehicle_id);
        assert_field(&read, Field::RedirectUri, &form.redirect_uri);
        assert_field(&read, Field::State, &form.state);
        assert_field(&read, Field::User, &form.user);
    }

    #[test]
    fn tesla_links_read_back(client_id in uuid(), scopes in scopes(), contract in contract()) {
        let form = TeslaPermissionsForm { client_id, scopes, contract };
        let link = check_tesla_permissions(&form).link.expect("valid");
        let read = read_link(&link.url).expect("reads");
        prop_assert_eq!(read.kind, LinkKind::TeslaPermissions);
        prop_assert_eq!(read.contract, contract);
        assert_field(&read, Field::ClientId, &form.client_id);
        assert_field(&read, Field::Make, "TESLA");
        assert_field(&read, Field::Scope, &form.scopes.join(" "));
    }

    #[test]
    fn connect_links_read_back(
        client_id in uuid(),
        redirect in optional(redirect()),
        scopes in prop_oneof![Just(Vec::new()), scopes()],
        state in optional(value()),
        user in optional(value()),
        force_prompt in any::<bool>(),
        mode in prop_oneof![Just(""), Just("live"), Just("simulated"), Just("test")],
        make in optional("[A-Z][A-Z0-9_]{1,12}"),
        vin in optional(vin()),
        single_select in any::<bool>(),
        country in optional(prop_oneof![Just("DE".to_owned()), Just("US".to_owned()), Just("JP".to_owned())]),
        contract in contract(),
    ) {
        let form = ConnectForm {
            client_id,
            omit_redirect_uri: redirect.is_empty(),
            redirect_uri: redirect,
            scopes,
            state,
            force_prompt,
            mode: mode.to_owned(),
            make,
            vin,
            single_select,
            country,
            user,
            response_type: String::new(),
            contract,
        };
        let checked = check_connect(&form, &[]);
        let link = checked.link.expect("valid");
        let read = read_link(&link.url).expect("reads");
        prop_assert_eq!(read.kind, LinkKind::Connect);
        prop_assert_eq!(read.contract, contract);
        assert_field(&read, Field::ResponseType, "code");
        assert_field(&read, Field::ClientId, &form.client_id);
        assert_field(&read, Field::RedirectUri, &form.redirect_uri);
        assert_field(&read, Field::Scope, &form.scopes.join(" "));
        assert_field(&read, Field::State, &form.state);
        assert_field(&read, Field::User, &form.user);
        assert_field(&read, Field::ForcePrompt, if force_prompt { "force" } else { "" });
        assert_field(&read, Field::Mode, if mode.is_empty() { "live" } else { mode });
        assert_field(&read, Field::Make, &form.make);
        assert_field(&read, Field::Vin, &form.vin);
        let single = single_select || !form.vin.is_empty();
        assert_field(&read, Field::SingleSelect, if single { "true" } else { "" });
        assert_field(&read, Field::Country, &form.country);
    }
}
