//! The management API clients against a stand-in server on this machine: the bytes they
//! send (auth, encoded cursor, filters, pages) and what each kind of answer becomes.

use crate::management_support;

use std::time::{Duration, Instant};

use management_support::{FIXTURE_CURSOR, MockApi, Reply, v2_page};
use reauth_link_core::connections::verify::{WaitingLink, verify, verify_with_progress};
use reauth_link_core::connections::{
    ApiError, ConnectionsV3, Filter, HttpClient, Listing, Lookup, ManagementApi, ManagementV2,
    Origin, RetryPolicy, SecretError, SecretKind, SecretStore, V3Credentials, look_up,
};

const VEHICLE: &str = "bcf1b859-4bd1-41c5-80bc-b8abfe3623fc";
const USER: &str = "d2f64075-d0e1-45d4-aee0-72bd39088947";

fn client(timeout: Duration) -> HttpClient {
    HttpClient::new(
        timeout,
        RetryPolicy {
            max_retries: 2,
            max_total_wait: Duration::from_secs(3),
        },
    )
}

fn v2(mock: &MockApi) -> ManagementV2 {
    let origin = Origin::parse(&mock.origin).expect("loopback origin");
    ManagementV2::new(client(Duration::from_secs(5)), origin, "amt")
}

fn vehicle() -> Listing {
    Listing::Only(Filter::Vehicle(VEHICLE.into()))
}

#[test]
fn v2_sends_the_token_as_basic_auth_of_default_colon_token() {
    let mock = MockApi::start(|_, _| Reply::json(200, &v2_page(&[], None)));
    v2(&mock).list_page(&vehicle(), 10, None).expect("page");
    let request = &mock.requests()[0];
    assert_eq!(
        request.header("Authorization"),
        Some("Basic ZGVmYXVsdDphbXQ=")
    );
    assert_eq!(request.method, "GET");
    assert_eq!(request.path(), "/v2.0/management/connections");
    assert_eq!(request.query("vehicle_id").as_deref(), Some(VEHICLE));
    assert_eq!(request.query("limit").as_deref(), Some("10"));
}

#[test]
fn v2_caps_the_page_size_at_100() {
    let mock = MockApi::start(|_, _| Reply::json(200, &v2_page(&[], None)));
    v2(&mock).list_page(&Listing::All, 500, None).expect("page");
    let request = &mock.requests()[0];
    assert_eq!(request.query("limit").as_deref(), Some("100"));
    assert_eq!(request.query("vehicle_id"), None);
    assert_eq!(request.query("user_id"), None);
}

#[test]
fn v2_follows_every_cursor_percent_encoded_to_the_last_page() {
    let mock = MockApi::start(|_, before| match before {
        0 => Reply::json(
            200,
            &v2_page(
                &[("v1", "u1", "2024-01-03T00:00:00.000Z")],
                Some(FIXTURE_CURSOR),
            ),
        ),
        1 => Reply::json(
            200,
            &v2_page(&[("v2", "u2", "2024-01-02T00:00:00.000Z")], Some("second")),
        ),
        _ => Reply::json(
            200,
            &v2_page(&[("v3", "u3", "2024-01-01T00:00:00.000Z")], None),
        ),
    });
    let mut seen = Vec::new();
    let requests = v2(&mock)
        .list_every(&Listing::All, 100, &mut |page| {
            seen.extend(page.iter().map(|c| c.vehicle_id.clone()))
        })
        .expect("every page");
    assert_eq!(requests, 3);
    assert_eq!(seen, ["v1", "v2", "v3"]);
    let sent = mock.requests();
    assert_eq!(sent[0].query("cursor"), None);
    assert_eq!(sent[1].query("cursor").as_deref(), Some(FIXTURE_CURSOR));
    assert!(
        sent[1].raw_query().contains(
            "cursor=AES-256-CBC%3A%3Abase64%3A%3Autf8%3A%3AzLBj%2Bq8x%2FCCTKr3grfBFNXg%3D%3DOh0pX00AHjxsloC6vHMyKw%3D%3D"
        ),
        "{}",
        sent[1].raw_query()
    );
    assert_eq!(sent[2].query("cursor").as_deref(), Some("second"));
}

#[test]
fn v2_reads_created_at_where_connected_at_is_missing() {
    let body = format!(
        r#"{{"connections":[{{"vehicleId":"{VEHICLE}","userId":"{USER}","createdAt":"2023-08-10T15:00:00.000Z","mode":"live"}}],"paging":{{"cursor":null}}}}"#
    );
    let mock = MockApi::start(move |_, _| Reply::json(200, &body));
    let page = v2(&mock).list_page(&vehicle(), 10, None).expect("page");
    assert_eq!(
        page.connections[0].connected_at.as_deref(),
        Some("2023-08-10T15:00:00.000Z")
    );
}

#[test]
fn v2_disconnect_sends_one_filter_and_reads_every_answer_shape() {
    for (body, removed) in [
        (
            format!(r#"{{"connections":[{{"vehicleId":"{VEHICLE}","userId":"{USER}"}}]}}"#),
            1,
        ),
        (
            format!(r#"[{{"vehicleId":"{VEHICLE}","userId":"{USER}"}}]"#),
            1,
        ),
        (r#"{"connections":[]}"#.to_owned(), 0),
    ] {
        let answer = body.clone();
        let mock = MockApi::start(move |_, _| Reply::json(200, &answer));
        let list = v2(&mock)
            .disconnect(&Filter::User(USER.into()))
            .expect("an empty list is not an error");
        assert_eq!(list.len(), removed, "{body}");
        let request = &mock.requests()[0];
        assert_eq!(request.method, "DELETE");
        assert_eq!(request.query("user_id").as_deref(), Some(USER));
        assert_eq!(request.query("vehicle_id"), None);
        assert_eq!(
            request.header("Authorization"),
            Some("Basic ZGVmYXVsdDphbXQ=")
        );
    }
}

#[test]
fn refused_tokens_name_the_dashboard_page() {
    for status in [401, 403] {
        let mock = MockApi::start(move |_, _| {
            Reply::json(
                status,
                r#"{"type":"AUTHENTICATION","code":null,"description":"Invalid token","statusCode":401,"requestId":"r-1"}"#,
            )
        });
        let error = v2(&mock)
            .list_page(&vehicle(), 10, None)
            .expect_err("refused");
        assert_eq!(error, ApiError::Unauthorized);
        assert_eq!(
            error.to_string(),
            "the management token is wrong or revoked; copy it from the dashboard's Configuration page"
        );
    }
}

#[test]
fn a_rate_limit_is_waited_out_as_retry_after_says() {
    let mock = MockApi::start(|_, before| match before {
        0 => Reply::json(429, r#"{"type":"RATE_LIMIT","code":"VEHICLE"}"#)
            .with_header("Retry-After", "1"),
        _ => Reply::json(
            200,
            &v2_page(&[(VEHICLE, USER, "2024-01-01T00:00:00Z")], None),
        ),
    });
    let started = Instant::now();
    let page = v2(&mock)
        .list_page(&vehicle(), 10, None)
        .expect("second try answers");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited {:?}",
        started.elapsed()
    );
    assert_eq!(page.connections.len(), 1);
    assert_eq!(mock.requests().len(), 2);
}

#[test]
fn a_rate_limit_that_stays_gives_up_within_the_policy() {
    let mock = MockApi::start(|_, _| Reply::json(429, "{}").with_header("Retry-After", "1"));
    let started = Instant::now();
    let error = v2(&mock)
        .list_page(&vehicle(), 10, None)
        .expect_err("limited");
    assert_eq!(error, ApiError::RateLimited { retries: 2 });
    assert_eq!(mock.requests().len(), 3);
    assert!(started.elapsed() < Duration::from_secs(4));
}

#[test]
fn a_retry_after_past_the_total_wait_is_not_waited() {
    let mock = MockApi::start(|_, _| Reply::json(429, "{}").with_header("Retry-After", "3600"));
    let started = Instant::now();
    let error = v2(&mock)
        .list_page(&vehicle(), 10, None)
        .expect_err("limited");
    assert_eq!(error, ApiError::RateLimited { retries: 0 });
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[test]
fn a_server_error_is_one_line_with_smartcars_code_and_request_id() {
    let mock = MockApi::start(|_, _| {
        Reply::json(
            500,
            r#"{"type":"SERVER","code":"INTERNAL","description":"x","statusCode":500,"requestId":"req-500"}"#,
        )
    });
    let error = v2(&mock).list_page(&vehicle(), 10, None).expect_err("500");
    assert_eq!(
        error.to_string(),
        "Smartcar's management API failed (500: SERVER:INTERNAL, request id req-500); try again later"
    );
}

#[test]
fn a_silent_server_times_out_with_the_configured_limit() {
    let mock =
        MockApi::start(|_, _| Reply::json(200, &v2_page(&[], None)).after(Duration::from_secs(3)));
    let origin = Origin::parse(&mock.origin).expect("origin");
    let api = ManagementV2::new(client(Duration::from_millis(300)), origin, "amt");
    let started = Instant::now();
    let error = api.list_page(&vehicle(), 10, None).expect_err("timed out");
    assert!(matches!(error, ApiError::Timeout { .. }), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[test]
fn an_unreachable_origin_is_a_network_error() {
    // Bound and dropped at once: nothing listens there any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let origin = Origin::parse(&format!("http://127.0.0.1:{port}")).expect("origin");
    let api = ManagementV2::new(client(Duration::from_secs(2)), origin, "amt");
    let error = api.list_page(&vehicle(), 10, None).expect_err("refused");
    assert!(matches!(error, ApiError::Network { .. }), "{error:?}");
    assert!(!error.to_string().contains("amt"));
}

fn v3_connection(id: &str, vehicle: &str, user_in_attributes: bool) -> serde_json::Value {
    let mut value = serde_json::json!({
        "id": id, "type": "connection",
        "attributes": {"permissions": ["read_vehicle_info"], "vehicle": {"make": "Tesla", "mode": "live"}},
        "relationships": {"vehicle": {"data": {"id": vehicle, "type": "vehicle"}}},
        "meta": {"createdAt": "2024-01-01T00:00:00Z", "updatedAt": "2024-01-02T00:00:00Z"}
    });
    if user_in_attributes {
        value["attributes"]["user"] = serde_json::json!({"id": USER});
    } else {
        value["relationships"]["user"] = serde_json::json!({"data": {"id": USER, "type": "user"}});
    }
    value
}

fn v3(mock: &MockApi) -> ConnectionsV3 {
    let origin = Origin::parse(&mock.origin).expect("origin");
    ConnectionsV3::new(
        client(Duration::from_secs(5)),
        origin.clone(),
        origin,
        V3Credentials {
            client_id: "client_abc".into(),
            client_secret: "s3cret".into(),
        },
    )
}

#[test]
fn v3_asks_for_a_bearer_once_and_pages_by_number() {
    let mock = MockApi::start(|request, _| {
        if request.path() == "/oauth2/token" {
            return Reply::json(
                200,
                r#"{"access_token":"tok-1","token_type":"Bearer","expires_in":3600}"#,
            );
        }
        let number = request.query("page[number]").unwrap_or_default();
        let body = match number.as_str() {
            "1" => serde_json::json!({"data": [v3_connection("c1", "v1", false)],
                "meta": {"pageNumber": 1, "pageSize": 1, "totalCount": 2},
                "links": {"next": "/v3/connections?page[number]=2"}}),
            _ => serde_json::json!({"data": [v3_connection("c2", "v2", true)],
                "meta": {"pageNumber": 2, "pageSize": 1, "totalCount": 2},
                "links": {"next": null}}),
        };
        Reply::json(200, &body.to_string())
    });
    let mut users = Vec::new();
    let requests = v3(&mock)
        .list_every(&Listing::Only(Filter::User(USER.into())), 1, &mut |page| {
            users.extend(
                page.iter()
                    .map(|c| (c.vehicle_id.clone(), c.user_id.clone())),
            )
        })
        .expect("pages");
    assert_eq!(requests, 2);
    assert_eq!(
        users,
        [("v1".into(), USER.into()), ("v2".into(), USER.to_owned())]
    );
    let sent = mock.requests();
    assert_eq!(sent.len(), 3, "one token, two pages");
    assert_eq!(sent[0].method, "POST");
    assert_eq!(
        sent[0].body,
        "grant_type=client_credentials&client_id=client_abc&client_secret=s3cret"
    );
    assert_eq!(sent[1].header("Authorization"), Some("Bearer tok-1"));
    assert_eq!(sent[1].path(), "/v3/connections");
    assert_eq!(sent[1].query("filter[userId]").as_deref(), Some(USER));
    assert_eq!(sent[1].query("page[size]").as_deref(), Some("1"));
    assert_eq!(sent[2].query("page[number]").as_deref(), Some("2"));
}

#[test]
fn v3_refused_credentials_say_which() {
    let mock = MockApi::start(|_, _| Reply::json(401, r#"{"error":"invalid_client"}"#));
    let error = v3(&mock)
        .list_page(&Listing::All, 10, None)
        .expect_err("refused");
    assert_eq!(error, ApiError::V3CredentialsRejected);
    assert!(!error.to_string().contains("s3cret"));
}

#[test]
fn v3_disconnect_removes_each_listed_connection_by_id() {
    let mock = MockApi::start(|request, _| {
        match (request.method.as_str(), request.path()) {
        ("POST", _) => Reply::json(200, r#"{"access_token":"tok","expires_in":3600}"#),
        ("GET", _) => Reply::json(
            200,
            &serde_json::json!({"data": [v3_connection("c-1", VEHICLE, false)], "links": {"next": null}}).to_string(),
        ),
        _ => Reply::json(204, ""),
    }
    });
    let removed = v3(&mock)
        .disconnect(&Filter::Vehicle(VEHICLE.into()))
        .expect("removed");
    assert_eq!(removed.len(), 1);
    let deletes: Vec<_> = mock
        .requests()
        .into_iter()
        .filter(|r| r.method == "DELETE")
        .map(|r| r.path().to_owned())
        .collect();
    assert_eq!(deletes, ["/v3/connections/c-1"]);
}

#[test]
fn verify_lists_the_whole_app_by_pages_for_many_vehicles() {
    // 250 waiting links on 250 vehicles against 250 connections: 3 pages, not 250 lookups.
    let sent_ms = 1_700_000_000_000;
    let vehicles: Vec<String> = (0..250).map(|n| format!("vehicle-{n:03}")).collect();
    let pages: Vec<String> = vehicles
        .chunks(100)
        .enumerate()
        .map(|(index, chunk)| {
            let rows: Vec<(&str, &str, &str)> = chunk
                .iter()
                .enumerate()
                .map(|(n, v)| {
                    // Every third vehicle connected before the link left.
                    let at = if (index * 100 + n) % 3 == 0 {
                        "2023-01-01T00:00:00Z"
                    } else {
                        "2024-06-01T00:00:00.000Z"
                    };
                    (v.as_str(), USER, at)
                })
                .collect();
            let next = (index < 2).then(|| format!("page-{}", index + 1));
            v2_page(&rows, next.as_deref())
        })
        .collect();
    let mock = MockApi::start(move |request, _| {
        let index = match request.query("cursor").as_deref() {
            Some("page-1") => 1,
            Some("page-2") => 2,
            _ => 0,
        };
        Reply::json(200, &pages[index])
    });
    let mut links: Vec<WaitingLink> = vehicles
        .iter()
        .enumerate()
        .map(|(n, v)| WaitingLink {
            id: n as i64,
            vehicle_id: v.clone(),
            sent_ms,
        })
        .collect();
    links.push(WaitingLink {
        id: 999,
        vehicle_id: "gone".into(),
        sent_ms,
    });
    let verification = verify(&v2(&mock), &links).expect("verified");
    assert_eq!(verification.requests, 3);
    assert_eq!(mock.requests().len(), 3);
    assert!(
        mock.requests()
            .iter()
            .all(|r| r.query("vehicle_id").is_none())
    );
    assert_eq!(verification.verified.len(), 166);
    assert_eq!(verification.still_waiting.len(), 84);
    assert_eq!(verification.not_connected, [999]);
}

#[test]
fn verify_looks_a_few_vehicles_up_one_by_one() {
    let mock = MockApi::start(|request, _| match request.query("vehicle_id").as_deref() {
        Some("back") => Reply::json(
            200,
            &v2_page(&[("back", USER, "2024-06-01T00:00:00Z")], None),
        ),
        Some("old") => Reply::json(
            200,
            &v2_page(&[("old", USER, "2020-06-01T00:00:00Z")], None),
        ),
        _ => Reply::json(200, &v2_page(&[], None)),
    });
    let sent_ms = 1_700_000_000_000;
    let links = [("back", 1), ("old", 2), ("gone", 3)].map(|(vehicle, id)| WaitingLink {
        id,
        vehicle_id: vehicle.into(),
        sent_ms,
    });
    let verification = verify(&v2(&mock), &links).expect("verified");
    assert_eq!(verification.verified, [1]);
    assert_eq!(verification.still_waiting, [2]);
    assert_eq!(verification.not_connected, [3]);
    assert_eq!(mock.requests().len(), 3);

    let mut seen = Vec::new();
    verify_with_progress(&v2(&mock), &links, &mut |done, total| {
        seen.push((done, total))
    })
    .expect("verified");
    assert_eq!(seen, [(0, 3), (1, 3), (2, 3), (3, 3)]);
}

#[test]
fn a_lookup_reads_the_newest_connection_or_none() {
    let mock = MockApi::start(|request, _| match request.query("vehicle_id").as_deref() {
        Some(VEHICLE) => Reply::json(
            200,
            &v2_page(&[(VEHICLE, USER, "2024-06-01T00:00:00Z")], None),
        ),
        _ => Reply::json(200, &v2_page(&[], None)),
    });
    let api = v2(&mock);
    let connected = look_up(&api, VEHICLE).expect("answered");
    assert_eq!(
        connected.describe(),
        format!("connected since 2024-06-01 00:00:00 UTC (user {USER}, live)")
    );
    assert_eq!(
        look_up(&api, "gone").expect("answered"),
        Lookup::NotConnected
    );
    assert_eq!(mock.requests()[0].query("limit").as_deref(), Some("100"));
}

#[test]
fn a_store_of_its_own_keeps_forgets_and_names_a_missing_token() {
    let store = SecretStore::with_credentials(keyring::mock::default_credential_builder());
    let kind = SecretKind::ManagementToken;
    assert_eq!(store.stored(kind, "Acme"), Ok(None));
    assert_eq!(store.store(kind, "Acme", "  "), Err(SecretError::Empty));
    store.store(kind, "Acme", " amt-1 \n").expect("stored");
    assert_eq!(store.token_for(Some("Acme")).as_deref(), Ok("amt-1"));
    assert!(!store.environment_decides());
    assert_eq!(store.forget(kind, "Acme"), Ok(true));
    assert_eq!(store.forget(kind, "Acme"), Ok(false));
    assert_eq!(
        store.token_for(Some("Acme")),
        Err(SecretError::Missing {
            profile: "Acme".into()
        })
    );
}
