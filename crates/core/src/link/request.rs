//! The checked values of a re-authentication link and the one place its URL is written,
//! for a single link and every row of a batch alike.
//!
//! The application's id and redirect URI here have passed `check`, as small types an
//! unchecked string cannot pass for; a row's own values are a `CheckedRow`. The redirect
//! URI keeps the string exactly as typed next to its parsed form, because Connect
//! compares it character for character with the dashboard and a URL library's
//! normalisation would break that match.

use std::borrow::Cow;

use url::Url;
use url::form_urlencoded;

use super::contract::ReauthOptions;

/// Connect's re-authentication endpoint.
pub const REAUTH_ENDPOINT: &str = "https://connect.smartcar.com/oauth/reauthenticate";

/// The `response_type` the seed page documents for a vehicle (today's docs add `none`).
pub const RESPONSE_TYPE: &str = "vehicle_id";

/// The application's id: a UUID, trimmed, case kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientId(String);

impl ClientId {
    pub(crate) fn new_unchecked(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A redirect URI as typed, with the parse that proved it absolute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RedirectUri {
    typed: String,
    parsed: Url,
}

impl RedirectUri {
    pub(crate) fn new_unchecked(typed: impl Into<String>, parsed: Url) -> Self {
        Self {
            typed: typed.into(),
            parsed,
        }
    }

    /// Exactly what was typed (surrounding whitespace removed): what goes into the link.
    pub fn as_str(&self) -> &str {
        &self.typed
    }

    pub fn parsed(&self) -> &Url {
        &self.parsed
    }
}

/// A vehicle's own values after `check` (vehicle_id, state, user), borrowed from what
/// was checked: the batch checks a row and writes its link without copying a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedRow<'a> {
    /// Borrowed unless cleaning changed it (a UUID with a zero-width space, in braces…).
    pub(crate) vehicle_id: Cow<'a, str>,
    /// `check` found the vehicle id to be a hyphenated UUID.
    pub(crate) vehicle_id_is_uuid: bool,
    pub(crate) state: Option<&'a str>,
    pub(crate) user: Option<&'a str>,
}

impl CheckedRow<'_> {
    pub fn vehicle_id(&self) -> &str {
        &self.vehicle_id
    }

    pub fn state(&self) -> Option<&str> {
        self.state
    }

    pub fn user(&self) -> Option<&str> {
        self.user
    }
}

/// The app's part of every link, encoded once: the endpoint, `response_type` and the
/// application's id before the vehicle, the `redirect_uri` pair after it, and the
/// contract's name for the owner id. Every link, single or one of a batch's million, is
/// written by `write_link`; a batch makes the template once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkTemplate {
    /// Up to and including `vehicle_id=`.
    head: String,
    /// `&redirect_uri=…`, or empty when the redirect URI is left out.
    redirect: String,
    /// `user` or `external_id`, after the contract.
    user_param: &'static str,
}

impl LinkTemplate {
    /// The seed page's link: `client_id`, `user`, `response_type=vehicle_id`.
    pub fn new(client_id: &ClientId, redirect_uri: Option<&RedirectUri>) -> Self {
        Self::with_options(client_id, redirect_uri, ReauthOptions::default())
    }

    /// The link under a contract's names and a response type.
    pub fn with_options(
        client_id: &ClientId,
        redirect_uri: Option<&RedirectUri>,
        options: ReauthOptions,
    ) -> Self {
        let mut head = String::with_capacity(REAUTH_ENDPOINT.len() + 96);
        head.push_str(REAUTH_ENDPOINT);
        push_pair(
            &mut head,
            '?',
            "response_type",
            options.response_type.name(),
        );
        push_pair(
            &mut head,
            '&',
            options.contract.client_id_param(),
            client_id.as_str(),
        );
        push_pair(&mut head, '&', "vehicle_id", "");
        let mut redirect = String::new();
        if let Some(uri) = redirect_uri {
            push_pair(&mut redirect, '&', "redirect_uri", uri.as_str());
        }
        Self {
            head,
            redirect,
            user_param: options.contract.user_param(),
        }
    }

    /// Appends the row's link to `link`: empty optional values are left out.
    pub fn write_link(&self, row: &CheckedRow<'_>, link: &mut String) {
        link.reserve(self.head.len() + self.redirect.len() + row.vehicle_id.len() + 64);
        link.push_str(&self.head);
        if row.vehicle_id_is_uuid {
            // Hex digits and hyphens, which form-urlencoding leaves as they are: copied
            // whole instead of walked byte by byte, the most common case of a batch.
            link.push_str(&row.vehicle_id);
        } else {
            push_encoded(link, &row.vehicle_id);
        }
        link.push_str(&self.redirect);
        if let Some(state) = row.state {
            push_pair(link, '&', "state", state);
        }
        if let Some(user) = row.user {
            push_pair(link, '&', self.user_param, user);
        }
    }
}

/// `<separator><name>=<value>`, form-urlencoded as `application/x-www-form-urlencoded`.
pub(crate) fn push_pair(link: &mut String, separator: char, name: &str, value: &str) {
    link.push(separator);
    push_encoded(link, name);
    link.push('=');
    push_encoded(link, value);
}

fn push_encoded(link: &mut String, value: &str) {
    link.extend(form_urlencoded::byte_serialize(value.as_bytes()));
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLIENT_ID: &str = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";
    const REDIRECT: &str = "https://example.com/home";

    fn link(state: Option<&str>, user: Option<&str>) -> String {
        let redirect_uri = RedirectUri::new_unchecked(
            REDIRECT,
            Url::parse(REDIRECT).expect("the test URI parses"),
        );
        let template = LinkTemplate::new(&ClientId::new_unchecked(CLIENT_ID), Some(&redirect_uri));
        let mut link = String::new();
        template.write_link(
            &CheckedRow {
                vehicle_id: Cow::Borrowed("36ab27d0-fd9d-4455-823a-ce30af709ffc"),
                vehicle_id_is_uuid: true,
                state,
                user,
            },
            &mut link,
        );
        link
    }

    #[test]
    fn the_link_starts_with_the_endpoint_and_keeps_the_documented_order() {
        let url = Url::parse(&link(Some("0facda3319"), Some("owner-7"))).expect("parses");
        assert_eq!(
            url.origin().ascii_serialization(),
            "https://connect.smartcar.com"
        );
        assert_eq!(url.path(), "/oauth/reauthenticate");
        let names: Vec<String> = url
            .query_pairs()
            .map(|(name, _)| name.into_owned())
            .collect();
        assert_eq!(
            names,
            [
                "response_type",
                "client_id",
                "vehicle_id",
                "redirect_uri",
                "state",
                "user"
            ]
        );
    }

    #[test]
    fn absent_optional_values_are_left_out_not_sent_empty() {
        let link = link(None, None);
        assert!(!link.contains("state="), "{link}");
        assert!(!link.contains("user="), "{link}");
    }

    #[test]
    fn the_redirect_uri_is_encoded_and_decodes_back_exactly() {
        let link = link(None, None);
        assert!(
            link.contains("redirect_uri=https%3A%2F%2Fexample.com%2Fhome"),
            "{link}"
        );
        let url = Url::parse(&link).expect("parses");
        let redirect = url
            .query_pairs()
            .find(|(name, _)| name == "redirect_uri")
            .map(|(_, value)| value.into_owned());
        assert_eq!(redirect.as_deref(), Some(REDIRECT));
    }

    #[test]
    fn the_url_library_keeps_every_byte_of_the_written_link() {
        let link = link(Some("a b&c=d"), Some("ü"));
        assert_eq!(Url::parse(&link).expect("parses").as_str(), link);
    }
}
