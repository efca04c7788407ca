//! The shared history over TLS, against the test server's TLS listener: its certificate
//! names `localhost` only and is signed by a CA made for the run
//! (`REAUTH_LINK_TEST_POSTGRES_CA`, see scripts/throwaway-postgres). A desk that names its
//! CA with `sslrootcert` connects encrypted; a server its CA did not sign, a name the
//! certificate does not hold, or a CA only the desk's file holds while the system store
//! is asked, are refused before anything is read or written.

use reauth_link_core::history::{EntryKind, HistoryError};
use reauth_link_core::history::{History, HistoryLocation, NewEntry, ServerUrl, Via};
use reauth_link_core::link::LinkKind;

use crate::postgres_support::TestDatabase;

const TEST_CA_ENV: &str = "REAUTH_LINK_TEST_POSTGRES_CA";

fn test_ca() -> String {
    std::env::var(TEST_CA_ENV).unwrap_or_else(|_| {
        panic!("{TEST_CA_ENV} is not set: run the tests through scripts/test (or scripts/throwaway-postgres)")
    })
}

/// The test database's URL, reached by `host`, with these TLS parameters.
fn url_with(database: &TestDatabase, host: &str, tls: &str) -> ServerUrl {
    let mut url = url::Url::parse(&database.url).expect("the test URL parses");
    url.set_host(Some(host)).expect("a host");
    url.set_query(Some(tls));
    ServerUrl::parse(url.as_str()).expect("a server URL")
}

fn open(url: ServerUrl) -> Result<Box<dyn History>, HistoryError> {
    HistoryLocation::Server(url).open()
}

fn entry() -> NewEntry {
    NewEntry {
        time_ms: 1_764_806_400_000,
        kind: EntryKind::Link(LinkKind::Reauth),
        profile: "Fleet".into(),
        vehicle_id: "36ab27d0-fd9d-4455-823a-ce30af709ffc".into(),
        state: "tls-state".into(),
        owner_id: String::new(),
        ticket: "TLS-1".into(),
        via: Via::Copied,
        link: "https://connect.smartcar.com/oauth/reauthenticate?x".into(),
        agent: "Kim".into(),
    }
}

#[test]
fn a_desk_naming_its_ca_records_over_an_encrypted_connection() {
    let database = TestDatabase::create();
    let tls = format!("sslmode=verify-full&sslrootcert={}", test_ca());
    let mut store = open(url_with(&database, "localhost", &tls)).expect("connects over TLS");
    store.record(&entry()).expect("records");
    // The store's own connection is open while the server is asked how it came in.
    let encrypted: Vec<bool> = database
        .connect()
        .query(
            "SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
             WHERE a.application_name = 'reauth-link' AND a.datname = current_database()",
            &[],
        )
        .expect("reads")
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(encrypted, [true], "the tool's connection is TLS");
    drop(store);
    let mut again = open(url_with(&database, "localhost", &tls)).expect("connects again");
    assert_eq!(again.count_matching("TLS-1").expect("counts"), 1);
}

#[test]
fn require_with_the_desk_ca_checks_the_server_as_verify_full_does() {
    let database = TestDatabase::create();
    let tls = format!("sslmode=require&sslrootcert={}", test_ca());
    open(url_with(&database, "localhost", &tls)).expect("connects over TLS");
    let by_address = open(url_with(&database, "127.0.0.1", &tls)).map(drop);
    let error = by_address.expect_err("the certificate names localhost only");
    assert!(
        error.to_string().to_lowercase().contains("certificate"),
        "{error}"
    );
}

#[test]
fn a_name_the_certificate_does_not_hold_is_refused() {
    let database = TestDatabase::create();
    let tls = format!("sslmode=verify-full&sslrootcert={}", test_ca());
    let error = open(url_with(&database, "127.0.0.1", &tls))
        .map(drop)
        .expect_err("the certificate names localhost only");
    let text = error.to_string();
    assert!(text.to_lowercase().contains("certificate"), "{text}");
    assert!(
        !text.contains(password_of(&database)),
        "never the password: {text}"
    );
}

#[test]
fn a_server_signed_by_another_ca_is_refused() {
    let database = TestDatabase::create();
    // A CA certificate that signed nothing the test server has.
    let other_ca =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/another-desk-ca.pem");
    let tls = format!("sslmode=verify-full&sslrootcert={}", other_ca.display());
    let error = open(url_with(&database, "localhost", &tls))
        .map(drop)
        .expect_err("not the CA that signed the server");
    assert!(
        error.to_string().to_lowercase().contains("certificate"),
        "{error}"
    );
}

#[test]
fn the_system_store_does_not_trust_a_ca_only_the_desk_holds() {
    let database = TestDatabase::create();
    for tls in ["sslmode=require", "sslmode=verify-full&sslrootcert=system"] {
        let error = open(url_with(&database, "localhost", tls))
            .map(drop)
            .expect_err("the run's CA is in no system store");
        assert!(
            error
                .to_string()
                .contains("signed by a CA this workstation does not trust"),
            "{tls}: {error}"
        );
    }
}

fn password_of(database: &TestDatabase) -> &str {
    let start = database.url.find("://").map_or(0, |at| at + 3);
    let credentials = &database.url[start..database.url.find('@').unwrap_or(start)];
    credentials
        .split_once(':')
        .map_or("", |(_, password)| password)
}
