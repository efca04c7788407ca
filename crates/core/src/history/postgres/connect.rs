//! Connecting to the shared history. The password comes from the URL, else `PGPASSWORD`,
//! else the password file (see `pgpass`), as with PostgreSQL's own tools.
//!
//! TLS: `sslmode=require`, `verify-ca` and `verify-full` all connect over TLS that checks
//! the server's certificate and name against the operating system's trust store (rustls
//! with the platform verifier, as the management API's client does), so a desk's own CA
//! installed on the workstation is trusted. `require` is therefore stricter than libpq's,
//! which encrypts without checking: a server the desk cannot verify is refused rather
//! than trusted blindly. No `sslmode`, `disable`, `allow` or `prefer` connect without TLS.

use std::str::FromStr;
use std::time::Duration;

use postgres::config::{Host, SslMode};
use postgres::{Client, Config, NoTls};
use url::Url;

use super::pgpass::{Lookup, password_file, password_from_file};
use super::reason::reason;
use super::server_url::ServerUrl;

/// How long connecting may take before the desk is told the server is away.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The port PostgreSQL listens on unless told otherwise.
const DEFAULT_PORT: u16 = 5432;

/// Connects, with messages that never hold the password.
pub fn connect(url: &ServerUrl) -> Result<Client, String> {
    let (mut config, verified_tls) = config_for(url)?;
    if config.get_password().is_none()
        && let Some(password) = password_from_environment(&config)
    {
        config.password(password);
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    if config.get_application_name().is_none() {
        config.application_name("reauth-link");
    }
    let connected = if verified_tls {
        config.ssl_mode(SslMode::Require);
        config.connect(tls_connector()?)
    } else {
        config.ssl_mode(SslMode::Disable);
        config.connect(NoTls)
    };
    connected.map_err(|error| reason(&error))
}

/// The driver's configuration from the URL, and whether TLS is asked for; `sslmode`
/// values the driver does not know are read here (see the module's note on TLS).
fn config_for(url: &ServerUrl) -> Result<(Config, bool), String> {
    let mut parsed = Url::parse(url.secret_text()).map_err(|e| e.to_string())?;
    let mut verified_tls = false;
    let mut pairs = Vec::new();
    for (name, value) in parsed.query_pairs() {
        if name == "sslmode" {
            verified_tls = match value.as_ref() {
                "disable" | "allow" | "prefer" => false,
                "require" | "verify-ca" | "verify-full" => true,
                other => {
                    return Err(format!(
                        "sslmode `{other}` is none of disable, prefer, require, verify-ca, verify-full"
                    ));
                }
            };
        } else {
            pairs.push((name.into_owned(), value.into_owned()));
        }
    }
    if pairs.is_empty() {
        parsed.set_query(None);
    } else {
        parsed.query_pairs_mut().clear().extend_pairs(pairs);
    }
    let config =
        Config::from_str(parsed.as_str()).map_err(|e| format!("the URL cannot be read ({e})"))?;
    Ok((config, verified_tls))
}

fn password_from_environment(config: &Config) -> Option<String> {
    if let Some(password) = std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty()) {
        return Some(password);
    }
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(name)) => name.clone(),
        _ => "localhost".to_owned(),
    };
    let user = config.get_user().map(str::to_owned).unwrap_or_default();
    let lookup = Lookup {
        host: &host,
        port: config.get_ports().first().copied().unwrap_or(DEFAULT_PORT),
        database: config.get_dbname().unwrap_or(&user),
        user: &user,
    };
    password_from_file(&password_file()?, &lookup)
}

fn tls_connector() -> Result<tokio_postgres_rustls::MakeRustlsConnect, String> {
    use rustls_platform_verifier::ConfigVerifierExt;
    let config = rustls::ClientConfig::with_platform_verifier()
        .map_err(|e| format!("the system's certificates cannot be read ({e})"))?;
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_libpq_sslmode_is_read_and_verify_full_means_verified_tls() {
        let read = |mode: &str| {
            let url = ServerUrl::parse(&format!(
                "postgres://kim@db/h?sslmode={mode}&connect_timeout=3"
            ))
            .expect("parses");
            config_for(&url).map(|(config, tls)| (tls, config.get_connect_timeout().copied()))
        };
        assert_eq!(
            read("verify-full"),
            Ok((true, Some(Duration::from_secs(3))))
        );
        assert_eq!(read("require").map(|r| r.0), Ok(true));
        assert_eq!(read("prefer").map(|r| r.0), Ok(false));
        assert!(read("sometimes").is_err());
    }
}
