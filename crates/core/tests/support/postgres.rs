//! A PostgreSQL database of the test's own, on the server `scripts/test` starts (see
//! scripts/throwaway-postgres), created empty and dropped when the test ends: tests run
//! in parallel, each in its own process, and never see each other's entries.

use postgres::{Client, NoTls};

/// Where the tests find the server: a URL whose user may create databases.
pub const TEST_SERVER_ENV: &str = "REAUTH_LINK_TEST_POSTGRES_URL";

/// A database that exists until this is dropped.
pub struct TestDatabase {
    server: String,
    name: String,
    pub url: String,
}

impl TestDatabase {
    /// Creates the database; fails the test (never skips it) when no server is named.
    pub fn create() -> Self {
        let server = std::env::var(TEST_SERVER_ENV).unwrap_or_else(|_| {
            panic!(
                "{TEST_SERVER_ENV} is not set: the shared history's tests need a PostgreSQL server; run them through scripts/test (or scripts/throwaway-postgres cargo nextest run …)"
            )
        });
        let name = format!("reauth_link_test_{}", random_hex());
        admin(&server)
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("the test server creates a database");
        let mut url = url::Url::parse(&server).expect("the test server's URL parses");
        url.set_path(&format!("/{name}"));
        Self {
            server,
            name,
            url: url.to_string(),
        }
    }

    /// A plain connection to the database, for looking at what the tool wrote.
    pub fn connect(&self) -> Client {
        Client::connect(&self.url, NoTls).expect("connects to the test database")
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        // The whole server is thrown away after the run: a database left behind by a
        // failed drop costs nothing.
        if let Ok(mut client) = Client::connect(&self.server, NoTls) {
            let _ = client.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

fn admin(server: &str) -> Client {
    Client::connect(server, NoTls).unwrap_or_else(|error| {
        panic!("cannot reach the test server named by {TEST_SERVER_ENV}: {error}")
    })
}

fn random_hex() -> String {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).expect("random bytes");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
