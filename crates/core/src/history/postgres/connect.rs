//! Connecting to the shared history. The password comes from the URL, else `PGPASSWORD`,
//! else the password file (see `pgpass`), as with PostgreSQL's own tools.
//!
//! TLS: `sslmode=require`, `verify-ca` and `verify-full` all connect over TLS that checks
//! the server's certificate and name: against the operating system's trust store (rustls
//! with the platform verifier, as the management API's client does), so a desk's own CA
//! installed on the workstation is trusted, or against the CA certificates in the file
//! `sslrootcert` names, as with libpq (`sslrootcert=system` is the trust store). `require`
//! is therefore stricter than libpq's without a root file, which encrypts without
//! checking: a server the desk cannot verify is refused rather than trusted blindly, and
//! `verify-ca` checks the name too. No `sslmode`, `disable`, `allow` or `prefer` connect
//! without TLS; `sslrootcert` with one of them is refused, as it would check nothing.

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;
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

/// Which certificates the server's must chain to.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Trust {
    /// The operating system's trust store.
    System,
    /// The CA certificates (PEM) in this file, and no others.
    File(PathBuf),
}

/// Connects, with messages that never hold the password.
pub fn connect(url: &ServerUrl) -> Result<Client, String> {
    let (mut config, tls) = config_for(url)?;
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
    let connected = match tls {
        Some(trust) => {
            config.ssl_mode(SslMode::Require);
            config.connect(tls_connector(&trust)?)
        }
        None => {
            config.ssl_mode(SslMode::Disable);
            config.connect(NoTls)
        }
    };
    connected.map_err(|error| match certificate_hint(&error) {
        Some(hint) => format!("{}: {hint}", reason(&error)),
        None => reason(&error),
    })
}

/// What to do about a certificate TLS refused, in the desk's words; `None` for any other
/// failure.
fn certificate_hint(error: &postgres::Error) -> Option<&'static str> {
    use rustls::CertificateError;
    let problem = certificate_problem(error)?;
    Some(match problem {
        CertificateError::UnknownIssuer => {
            "the server's certificate is signed by a CA this workstation does not trust: name the desk's CA file with sslrootcert=PATH in the URL, or install the CA in the system's trust store"
        }
        CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
            "the server's certificate does not name the host in the URL: use the name it was issued for"
        }
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
            "the server's certificate has expired: ask whoever keeps the server to renew it"
        }
        _ => return None,
    })
}

/// The certificate problem somewhere in the error's causes: the TLS library's error sits
/// inside an I/O error, whose own `source` skips it.
fn certificate_problem(error: &postgres::Error) -> Option<&rustls::CertificateError> {
    let mut cause = std::error::Error::source(error);
    while let Some(inner) = cause {
        let tls = inner.downcast_ref::<rustls::Error>().or_else(|| {
            inner
                .downcast_ref::<std::io::Error>()
                .and_then(std::io::Error::get_ref)
                .and_then(|wrapped| wrapped.downcast_ref::<rustls::Error>())
        });
        if let Some(rustls::Error::InvalidCertificate(problem)) = tls {
            return Some(problem);
        }
        cause = inner.source();
    }
    None
}

/// The driver's configuration from the URL, and the trust TLS checks the server with
/// (`None`: no TLS). `sslmode` and `sslrootcert` are read here, not by the driver (see
/// the module's note on TLS).
fn config_for(url: &ServerUrl) -> Result<(Config, Option<Trust>), String> {
    let mut parsed = Url::parse(url.secret_text()).map_err(|e| e.to_string())?;
    let mut tls = false;
    let mut root_file = None;
    let mut pairs = Vec::new();
    for (name, value) in parsed.query_pairs() {
        match name.as_ref() {
            "sslmode" => tls = tls_asked(&value)?,
            "sslrootcert" => root_file = Some(value.into_owned()),
            _ => pairs.push((name.into_owned(), value.into_owned())),
        }
    }
    let trust = match (tls, root_file) {
        (false, None) => None,
        (false, Some(_)) => {
            return Err(
                "sslrootcert is given without a checking sslmode: add sslmode=verify-full"
                    .to_owned(),
            );
        }
        (true, None) => Some(Trust::System),
        (true, Some(file)) if file == "system" => Some(Trust::System),
        (true, Some(file)) => Some(Trust::File(PathBuf::from(file))),
    };
    if pairs.is_empty() {
        parsed.set_query(None);
    } else {
        parsed.query_pairs_mut().clear().extend_pairs(pairs);
    }
    let config =
        Config::from_str(parsed.as_str()).map_err(|e| format!("the URL cannot be read ({e})"))?;
    Ok((config, trust))
}

/// Whether an `sslmode` asks for TLS; libpq's every mode is known.
fn tls_asked(mode: &str) -> Result<bool, String> {
    match mode {
        "disable" | "allow" | "prefer" => Ok(false),
        "require" | "verify-ca" | "verify-full" => Ok(true),
        other => Err(format!(
            "sslmode `{other}` is none of disable, prefer, require, verify-ca, verify-full"
        )),
    }
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

fn tls_connector(trust: &Trust) -> Result<tokio_postgres_rustls::MakeRustlsConnect, String> {
    let config = match trust {
        Trust::System => {
            use rustls_platform_verifier::ConfigVerifierExt;
            rustls::ClientConfig::with_platform_verifier()
                .map_err(|e| format!("the system's certificates cannot be read ({e})"))?
        }
        Trust::File(path) => {
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .map_err(|e| format!("TLS cannot be set up ({e})"))?
                .with_root_certificates(roots_from(path)?)
                .with_no_client_auth()
        }
    };
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// The CA certificates in a PEM file; a file without one is refused, as it would trust
/// nothing and every server would be refused for a reason the desk could not see.
fn roots_from(path: &std::path::Path) -> Result<rustls::RootCertStore, String> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let unreadable =
        |e: &dyn std::fmt::Display| format!("sslrootcert: {} cannot be read ({e})", path.display());
    let mut roots = rustls::RootCertStore::empty();
    for certificate in CertificateDer::pem_file_iter(path).map_err(|e| unreadable(&e))? {
        let certificate = certificate.map_err(|e| unreadable(&e))?;
        roots.add(certificate).map_err(|e| unreadable(&e))?;
    }
    if roots.is_empty() {
        return Err(format!(
            "sslrootcert: {} holds no certificate: name the file of the desk's CA (PEM)",
            path.display()
        ));
    }
    Ok(roots)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(query: &str) -> Result<(Option<Trust>, Option<Duration>), String> {
        let url = ServerUrl::parse(&format!("postgres://kim@db/h?{query}&connect_timeout=3"))
            .expect("parses");
        config_for(&url).map(|(config, tls)| (tls, config.get_connect_timeout().copied()))
    }

    #[test]
    fn every_libpq_sslmode_is_read_and_a_checking_one_trusts_the_system_store() {
        assert_eq!(
            read("sslmode=verify-full"),
            Ok((Some(Trust::System), Some(Duration::from_secs(3))))
        );
        assert_eq!(
            read("sslmode=require").map(|r| r.0),
            Ok(Some(Trust::System))
        );
        assert_eq!(
            read("sslmode=verify-ca").map(|r| r.0),
            Ok(Some(Trust::System))
        );
        assert_eq!(read("sslmode=prefer").map(|r| r.0), Ok(None));
        assert_eq!(read("sslmode=disable").map(|r| r.0), Ok(None));
        assert!(read("sslmode=sometimes").is_err());
    }

    #[test]
    fn sslrootcert_names_the_only_cas_trusted_or_the_system_store() {
        assert_eq!(
            read("sslmode=verify-full&sslrootcert=/etc/desk/ca.pem").map(|r| r.0),
            Ok(Some(Trust::File(PathBuf::from("/etc/desk/ca.pem"))))
        );
        assert_eq!(
            read("sslrootcert=system&sslmode=require").map(|r| r.0),
            Ok(Some(Trust::System))
        );
        let unchecked = read("sslrootcert=/etc/desk/ca.pem").expect_err("checks nothing");
        assert!(unchecked.contains("sslmode=verify-full"), "{unchecked}");
        let prefer = read("sslmode=prefer&sslrootcert=/etc/desk/ca.pem");
        assert!(prefer.is_err(), "{prefer:?}");
    }

    #[test]
    fn a_root_file_that_is_missing_or_holds_no_certificate_is_refused_by_name() {
        let folder = tempfile::tempdir().expect("a folder");
        let missing = folder.path().join("missing.pem");
        let error = roots_from(&missing).expect_err("no file");
        assert!(
            error.contains("missing.pem") && error.contains("cannot be read"),
            "{error}"
        );
        let empty = folder.path().join("empty.pem");
        std::fs::write(&empty, "not a certificate\n").expect("writes");
        let error = roots_from(&empty).expect_err("no certificate");
        assert!(error.contains("holds no certificate"), "{error}");
    }
}
