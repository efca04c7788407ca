//! Hot paths: checking and building one link, and reading one pasted error body.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use reauth_link_core::link::{Reading, ReauthForm, check, read_paste};

fn typical_form() -> ReauthForm {
    ReauthForm {
        client_id: "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07".into(),
        vehicle_id: "36ab27d0-fd9d-4455-823a-ce30af709ffc".into(),
        redirect_uri: "https://example.com/home".into(),
        omit_redirect_uri: false,
        state: "Vq3nFfR2b9n8o1xYz0aB-Q".into(),
        user: "owner-000042".into(),
    }
}

fn check_and_build(c: &mut Criterion) {
    let form = typical_form();
    let registered = vec![
        "https://example.com/home".to_owned(),
        "https://example.com/other".to_owned(),
    ];
    c.bench_function("check + build one link", |b| {
        b.iter(|| {
            let checked = check(black_box(&form), black_box(&registered));
            checked.link.map(|link| link.url)
        })
    });
}

fn paste_error_body(c: &mut Criterion) {
    let body = serde_json::json!({
        "type": "CONNECTED_SERVICES_ACCOUNT",
        "code": "AUTHENTICATION_FAILED",
        "description": "The vehicle owner's credentials changed.",
        "docURL": "https://smartcar.com/docs/errors/api-errors/connected-services-account-errors#authentication-failed",
        "statusCode": 400,
        "requestId": "5dea93a1-3f79-4246-90c5-4f0b0a4e4a9b",
        "resolution": {
            "type": "REAUTHENTICATE",
            "url": "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&client_id=8229df9f-91a0-4ff0-a1ae-a1f38ee24d07&vehicle_id=36ab27d0-fd9d-4455-823a-ce30af709ffc"
        },
        "suggestedUserMessage": "Please reconnect your vehicle."
    })
    .to_string();
    c.bench_function("paste one API error body", |b| {
        b.iter(|| read_paste(black_box(&body)).and_then(Reading::into_single))
    });
}

criterion_group!(benches, check_and_build, paste_error_body);
criterion_main!(benches);
