//! Where the management API is: Smartcar's host, or one the environment names (as
//! Smartcar's SDKs allow, for tests). Plain `http` only reaches this machine, so the
//! token never crosses a network in clear text.

use std::net::IpAddr;

use url::{Host, Url};

pub const DEFAULT_ORIGIN: &str = "https://management.smartcar.com";

/// Smartcar's SDKs read the origin from this variable.
pub const ORIGIN_ENV: &str = "SMARTCAR_MANAGEMENT_API_ORIGIN";

/// A checked origin: `https://host[:port]`, or `http://` to a loopback host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin(Url);

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum OriginError {
    #[error("`{0}` is not an address; give e.g. https://management.smartcar.com")]
    NotAnAddress(String),
    #[error(
        "`{0}` uses plain http to another machine, which would send the token in clear text; use https"
    )]
    PlainHttpAway(String),
    #[error("`{0}` is neither https nor http; give e.g. https://management.smartcar.com")]
    Scheme(String),
}

impl Origin {
    pub fn parse(text: &str) -> Result<Self, OriginError> {
        let trimmed = text.trim().trim_end_matches('/');
        let url = Url::parse(trimmed).map_err(|_| OriginError::NotAnAddress(text.to_owned()))?;
        if url.host().is_none() {
            return Err(OriginError::NotAnAddress(text.to_owned()));
        }
        match url.scheme() {
            "https" => Ok(Origin(url)),
            "http" if is_loopback(url.host()) => Ok(Origin(url)),
            "http" => Err(OriginError::PlainHttpAway(text.to_owned())),
            _ => Err(OriginError::Scheme(text.to_owned())),
        }
    }

    /// The environment's origin, else Smartcar's.
    pub fn from_env() -> Result<Self, OriginError> {
        Self::from_env_or(ORIGIN_ENV, DEFAULT_ORIGIN)
    }

    /// The origin `variable` names, else `default`; the same rules either way.
    pub fn from_env_or(variable: &str, default: &str) -> Result<Self, OriginError> {
        match std::env::var(variable) {
            Ok(text) if !text.trim().is_empty() => Self::parse(&text),
            _ => Self::parse(default),
        }
    }

    /// `path` (starting with `/`) on this origin, keeping a path prefix the origin has.
    pub fn join(&self, path: &str) -> Url {
        let mut url = self.0.clone();
        let prefix = url.path().trim_end_matches('/').to_owned();
        url.set_path(&format!("{prefix}{path}"));
        url
    }

    /// For messages: scheme, host and port.
    pub fn shown(&self) -> String {
        self.0.origin().ascii_serialization()
    }
}

fn is_loopback(host: Option<Host<&str>>) -> bool {
    match host {
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(address)) => IpAddr::V4(address).is_loopback(),
        Some(Host::Ipv6(address)) => IpAddr::V6(address).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_anywhere_and_http_only_to_this_machine() {
        for accepted in [
            "https://management.smartcar.com",
            "https://management.smartcar.com/",
            "http://127.0.0.1:8080",
            "http://127.3.4.5",
            "http://[::1]:9000",
            "http://localhost:1234",
        ] {
            assert!(Origin::parse(accepted).is_ok(), "{accepted}");
        }
        for (refused, expected) in [
            (
                "http://management.smartcar.com",
                OriginError::PlainHttpAway("http://management.smartcar.com".into()),
            ),
            (
                "http://10.0.0.1",
                OriginError::PlainHttpAway("http://10.0.0.1".into()),
            ),
            (
                "ftp://127.0.0.1",
                OriginError::Scheme("ftp://127.0.0.1".into()),
            ),
            ("management", OriginError::NotAnAddress("management".into())),
        ] {
            assert_eq!(Origin::parse(refused), Err(expected), "{refused}");
        }
    }

    #[test]
    fn paths_join_after_an_origin_prefix() {
        let origin = Origin::parse("http://127.0.0.1:1/prefix/").expect("origin");
        assert_eq!(
            origin.join("/v2.0/management/connections").as_str(),
            "http://127.0.0.1:1/prefix/v2.0/management/connections"
        );
    }
}
