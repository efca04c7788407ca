//! Which hosts a pasted link may come from. A ticket can carry a phishing link dressed as a
//! Smartcar one (`connect.smartcar.com.evil.example`, `connect.smartcar.com@evil.example`,
//! Cyrillic letters that look Latin): only the exact Connect host over https is read as a
//! Connect link, and a virtual-key page is passed on only from Tesla or Smartcar. The url
//! crate has already applied IDNA, so a look-alike host arrives here as `xn--…` and never
//! compares equal.

use url::Url;

/// The one host Connect links live on.
pub const CONNECT_HOST: &str = "connect.smartcar.com";

/// Why `url` is not a Connect link, as the words after "not a Smartcar link": the host it
/// really goes to, or what else is wrong. `None` for a Connect link.
pub fn not_connect_host(url: &Url) -> Option<String> {
    let host = url.host_str().unwrap_or_default();
    if !url.username().is_empty() || url.password().is_some() {
        return Some(format!(
            "host {host}; the part before `@` only pretends to be the host"
        ));
    }
    if host != CONNECT_HOST {
        return Some(format!(
            "host {}",
            if host.is_empty() { "none" } else { host }
        ));
    }
    if url.scheme() != "https" {
        return Some(format!("host {host} over {}, not https", url.scheme()));
    }
    if url.port().is_some() {
        return Some(format!("host {host} on another port"));
    }
    None
}

/// A virtual-key page worth sending to an owner: https, no userinfo, and the host is
/// Tesla's (`tesla.com` and its subdomains) or Smartcar's (`smartcar.com` and its
/// subdomains).
pub fn is_virtual_key_host(link: &str) -> bool {
    let Ok(url) = Url::parse(link.trim()) else {
        return false;
    };
    let host = url.host_str().unwrap_or_default();
    let under = |domain: &str| {
        host == domain
            || host
                .strip_suffix(domain)
                .is_some_and(|rest| rest.ends_with('.'))
    };
    url.scheme() == "https"
        && url.username().is_empty()
        && url.password().is_none()
        && (under("tesla.com") || under("smartcar.com"))
}

/// The host of a link as written, for messages; the text itself when it does not parse.
pub fn host_of(link: &str) -> Option<String> {
    Url::parse(link.trim())
        .ok()
        .and_then(|url| url.host_str().map(str::to_owned))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_exact_connect_host_over_https_without_userinfo_is_connect() {
        let table = [
            ("https://connect.smartcar.com/oauth/reauthenticate", None),
            ("https://CONNECT.smartcar.com/oauth/reauthenticate", None),
            (
                "https://connect.smartcar.com.evil.example/oauth/reauthenticate",
                Some("host connect.smartcar.com.evil.example"),
            ),
            (
                "https://smartcar.com.phish.io/oauth/reauthenticate",
                Some("host smartcar.com.phish.io"),
            ),
            (
                "https://connect.smartcar.com@evil.example/oauth/reauthenticate",
                Some("host evil.example; the part before `@` only pretends to be the host"),
            ),
            (
                "https://\u{441}onnect.smartcar.com/oauth/reauthenticate",
                Some("host xn--onnect-hrf.smartcar.com"),
            ),
            (
                "http://connect.smartcar.com/oauth/reauthenticate",
                Some("host connect.smartcar.com over http, not https"),
            ),
            (
                "https://connect.smartcar.com:8443/oauth/reauthenticate",
                Some("host connect.smartcar.com on another port"),
            ),
        ];
        for (link, expected) in table {
            let url = Url::parse(link).expect("parses");
            assert_eq!(not_connect_host(&url).as_deref(), expected, "{link}");
        }
    }

    #[test]
    fn a_virtual_key_page_is_tesla_s_or_smartcar_s() {
        let table = [
            ("https://www.tesla.com/_ak/smartcar.com", true),
            ("https://tesla.com/_ak/smartcar.com", true),
            ("https://connect.smartcar.com/virtual-key", true),
            ("https://www.tesla.com.evil.example/_ak/smartcar.com", false),
            ("https://notesla.com/_ak/smartcar.com", false),
            ("https://www.tesla.com@evil.example/_ak", false),
            ("http://www.tesla.com/_ak/smartcar.com", false),
            ("not a link", false),
        ];
        for (link, expected) in table {
            assert_eq!(is_virtual_key_host(link), expected, "{link}");
        }
    }
}
