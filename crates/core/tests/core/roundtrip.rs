//! The URL promise: whatever checks clean, built and pasted back, gives the same fields;
//! and the documented example comes out pair for pair.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use reauth_link_core::link::{
    PasteSource, Reading, ReauthForm, check, check_app, check_with_app, read_paste,
};

const SEED_EXAMPLE: &str = include_str!("../fixtures/seed-example.txt");

fn pairs(url: &url::Url) -> Vec<(String, String)> {
    url.query_pairs()
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect()
}

#[test]
fn the_documented_example_comes_out_pair_for_pair() {
    let documented = read_paste(SEED_EXAMPLE)
        .and_then(Reading::into_single)
        .expect("the example reads");
    let form = ReauthForm {
        client_id: documented.fields.client_id.clone().unwrap_or_default(),
        vehicle_id: documented.fields.vehicle_id.clone().unwrap_or_default(),
        redirect_uri: documented.fields.redirect_uri.clone().unwrap_or_default(),
        state: documented.fields.state.clone().unwrap_or_default(),
        ..ReauthForm::default()
    };
    let request = check(&form, &[]).link.expect("the example is valid");
    let compact: String = SEED_EXAMPLE
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let expected = url::Url::parse(&compact).expect("the example is a URL");
    let built = request.parsed().expect("a built link parses");
    assert_eq!(pairs(&built), pairs(&expected));
    assert_eq!(built.origin(), expected.origin());
    assert_eq!(built.path(), expected.path());
}

/// Text a person might type: letters from several scripts and every character with a
/// meaning in a query string.
fn tricky_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            proptest::char::range('a', 'z'),
            proptest::char::range('A', 'Z'),
            proptest::char::range('0', '9'),
            Just('&'),
            Just('='),
            Just('+'),
            Just('#'),
            Just('%'),
            Just(' '),
            Just('?'),
            Just('/'),
            Just(':'),
            Just(';'),
            Just('ü'),
            Just('名'),
            Just('😀'),
            Just('\u{a0}'),
        ],
        0..40,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

/// Mostly ids that check clean; now and then typed text, which may not.
fn vehicle_id() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => any::<u128>().prop_map(|n| uuid::Uuid::from_u128(n).hyphenated().to_string()),
        4 => any::<u128>().prop_map(|n| format!("sc{}", uuid::Uuid::from_u128(n).hyphenated())),
        4 => "v_[A-Za-z0-9]{1,30}",
        1 => tricky_text(),
    ]
}

/// Mostly addresses that check clean; now and then typed text in a path or query.
fn redirect_uri(client: String) -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[a-z]{1,10}".prop_map(|host| format!("https://{host}.example.com")),
        1 => tricky_text().prop_map(|path| format!("https://example.com/{path}")),
        1 => tricky_text().prop_map(|q| format!(
            "https://javascript-sdk.smartcar.com/v2/redirect?app_origin={q}"
        )),
        6 => (1u16..65535).prop_map(|port| format!("http://localhost:{port}/callback")),
        6 => Just(format!("sc{client}://callback")),
    ]
}

fn form() -> impl Strategy<Value = ReauthForm> {
    any::<u128>()
        .prop_map(|n| uuid::Uuid::from_u128(n).hyphenated().to_string())
        .prop_flat_map(|client| {
            (
                Just(client.clone()),
                vehicle_id(),
                redirect_uri(client),
                any::<bool>(),
                tricky_text(),
                tricky_text(),
            )
        })
        .prop_map(
            |(client_id, vehicle_id, redirect_uri, omit, state, user)| ReauthForm {
                client_id,
                vehicle_id,
                redirect_uri,
                omit_redirect_uri: omit,
                state,
                user,
            },
        )
}

/// The round trip holds for forms that check clean, so the generator must mostly make
/// those, or the properties below would prove little: at least nine in ten of its forms
/// build a link, the rest keep the rules' errors in play.
#[test]
fn most_generated_forms_build_a_link() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = form();
    let total = 2_000;
    let clean = (0..total)
        .filter(|_| {
            let form = strategy.new_tree(&mut runner).expect("a form").current();
            check(&form, &[]).link.is_some()
        })
        .count();
    assert!(
        clean * 10 >= total * 9,
        "{clean} of {total} forms build a link"
    );
}

proptest! {
    // The few forms with an error are rejected by `prop_assume!`, well within proptest's
    // default limit of 1,024 rejects for 2,000 cases.
    #![proptest_config(ProptestConfig {
        cases: 2000,
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_clean_form_built_and_pasted_back_gives_the_same_fields(form in form()) {
        let checked = check(&form, &[]);
        prop_assume!(checked.link.is_some());
        let request = checked.link.expect("assumed");
        let pasted = read_paste(&request.url).and_then(Reading::into_single).expect("our own link reads back");
        let fields = pasted.fields;
        prop_assert_eq!(fields.client_id.as_deref(), request.param("client_id"));
        prop_assert_eq!(fields.vehicle_id.as_deref(), Some(form.vehicle_id.trim()));
        let expected_redirect = (!form.omit_redirect_uri).then(|| form.redirect_uri.trim());
        prop_assert_eq!(fields.redirect_uri.as_deref(), expected_redirect);
        let expected_state = (!form.state.is_empty()).then_some(form.state.as_str());
        prop_assert_eq!(fields.state.as_deref(), expected_state);
        let expected_user = Some(form.user.trim()).filter(|u| !u.is_empty());
        prop_assert_eq!(fields.user.as_deref(), expected_user);
    }

    /// The link is exactly the endpoint, `?` and the url crate's own form-urlencoded
    /// serialisation of the parameters, though it is written from pieces encoded ahead.
    #[test]
    fn the_link_is_the_form_urlencoded_serialisation_of_its_parameters(form in form()) {
        let checked = check(&form, &[]);
        prop_assume!(checked.link.is_some());
        let request = checked.link.expect("assumed");
        let query = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(request.params.iter().map(|(name, value)| (*name, value.as_str())))
            .finish();
        prop_assert_eq!(
            request.url.clone(),
            format!("{}?{query}", reauth_link_core::link::REAUTH_ENDPOINT)
        );
    }

    #[test]
    fn check_never_panics_on_any_text(
        client_id in ".{0,60}", vehicle_id in ".{0,200}", redirect_uri in ".{0,80}",
        state in ".{0,40}", user in ".{0,40}", omit in any::<bool>(),
    ) {
        let form = ReauthForm { client_id, vehicle_id, redirect_uri, omit_redirect_uri: omit, state, user };
        let checked = check(&form, &["https://example.com/".to_owned()]);
        prop_assert_eq!(checked.link.is_some(), !checked.findings.has_errors());
    }

    #[test]
    fn paste_never_panics_and_a_read_link_always_has_a_field(text in ".{0,300}") {
        if let Ok(pasted) = read_paste(&text).and_then(Reading::into_single) {
            prop_assert!(pasted.source != PasteSource::Url || !pasted.found().is_empty());
        }
    }
}

proptest! {
    #[test]
    fn an_app_checked_once_gives_every_row_what_check_gives_it(
        app in form(), row in form(),
    ) {
        let registered = vec![app.redirect_uri.clone(), "https://example.com/".to_owned()];
        let combined = ReauthForm {
            vehicle_id: row.vehicle_id.clone(),
            state: row.state.clone(),
            user: row.user.clone(),
            ..app.clone()
        };
        let once = check_app(&app, &registered);
        prop_assert_eq!(check_with_app(&once, &row), check(&combined, &registered));
    }
}
