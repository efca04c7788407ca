//! A checked request and the one place the re-authentication URL is written.
//!
//! Values here have passed `check`; each is a small newtype so an unchecked string cannot
//! reach the URL by accident. The redirect URI keeps the string exactly as typed next to
//! its parsed form, because Connect compares it character for character with the
//! dashboard and a URL library's normalisation would break that match.

use std::borrow::Cow;

use url::Url;
use url::form_urlencoded;

use super::contract::ReauthOptions;

/// Connect's re-authentication endpoint.
pub const REAUTH_ENDPOINT: &str = "https://connect.smartcar.com/oauth/reauthenticate";

/// The `response_type` the seed page documents for a vehicle (today's docs add `none`).
pub const RESPONSE_TYPE: &str = "vehicle_id";

macro_rules! checked_string {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            pub(crate) fn new_unchecked(value: impl Into<String>) -> Self {
                Self(value.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
    };
}

checked_string!(
    /// The application's id: a UUID, trimmed, case kept.
    ClientId
);
checked_string!(
    /// The connected vehicle's id, trimmed, with no whitespace inside.
    VehicleId
);
checked_string!(
    /// Opaque value echoed back to the redirect URI, kept exactly as typed.
    State
);
checked_string!(
    /// The integrator's own id for the owner, trimmed.
    UserId
);

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

/// Everything a re-authentication link carries, all checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReauthRequest {
    pub client_id: ClientId,
    pub vehicle_id: VehicleId,
    /// `None` when the user chose the dashboard's default redirect URI.
    pub redirect_uri: Option<RedirectUri>,
    pub state: Option<State>,
    pub user: Option<UserId>,
    /// The contract's parameter names and the response type.
    pub options: ReauthOptions,
}

impl ReauthRequest {
    /// The query parameters in the documented order, named after the contract; empty
    /// optional ones are left out.
    pub fn params(&self) -> Vec<(&'static str, &str)> {
        let contract = self.options.contract;
        let mut params = Vec::with_capacity(6);
        params.push(("response_type", self.options.response_type.name()));
        params.push((contract.client_id_param(), self.client_id.as_str()));
        params.push(("vehicle_id", self.vehicle_id.as_str()));
        if let Some(redirect_uri) = &self.redirect_uri {
            params.push(("redirect_uri", redirect_uri.as_str()));
        }
        if let Some(state) = &self.state {
            params.push(("state", state.as_str()));
        }
        if let Some(user) = &self.user {
            params.push((contract.user_param(), user.as_str()));
        }
        params
    }

    /// The link as text, form-urlencoded, in the documented parameter order.
    pub fn url_string(&self) -> String {
        let mut link = String::new();
        LinkTemplate::with_options(&self.client_id, self.redirect_uri.as_ref(), self.options)
            .write_link(
                &CheckedRow {
                    vehicle_id: Cow::Borrowed(self.vehicle_id.as_str()),
                    vehicle_id_is_uuid: false,
                    state: self.state.as_ref().map(State::as_str),
                    user: self.user.as_ref().map(UserId::as_str),
                },
                &mut link,
            );
        link
    }

    /// The link as a parsed URL.
    pub fn url(&self) -> Url {
        // The string is built from a constant https endpoint and encoded pairs, so it
        // always parses; the fallback keeps this total without an unwrap.
        Url::parse(&self.url_string()).unwrap_or_else(|_| endpoint())
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

fn endpoint() -> Url {
    Url::parse(REAUTH_ENDPOINT).expect("the endpoint constant is a valid URL")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(state: Option<&str>, user: Option<&str>) -> ReauthRequest {
        let typed = "https://example.com/home";
        ReauthRequest {
            client_id: ClientId::new_unchecked("8229df9f-91a0-4ff0-a1ae-a1f38ee24d07"),
            vehicle_id: VehicleId::new_unchecked("36ab27d0-fd9d-4455-823a-ce30af709ffc"),
            redirect_uri: Some(RedirectUri::new_unchecked(
                typed,
                Url::parse(typed).expect("test URI parses"),
            )),
            state: state.map(State::new_unchecked),
            user: user.map(UserId::new_unchecked),
            options: ReauthOptions::default(),
        }
    }

    #[test]
    fn url_starts_with_the_endpoint_and_keeps_the_documented_order() {
        let url = request(Some("0facda3319"), Some("owner-7")).url();
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
        let link = request(None, None).url_string();
        assert!(!link.contains("state="), "{link}");
        assert!(!link.contains("user="), "{link}");
    }

    #[test]
    fn redirect_uri_is_encoded_and_decodes_back_exactly() {
        let req = request(None, None);
        let url = req.url();
        let redirect = url
            .query_pairs()
            .find(|(name, _)| name == "redirect_uri")
            .map(|(_, value)| value.into_owned());
        assert_eq!(redirect.as_deref(), Some("https://example.com/home"));
        assert!(
            req.url_string()
                .contains("redirect_uri=https%3A%2F%2Fexample.com%2Fhome")
        );
    }

    #[test]
    fn url_string_and_url_agree() {
        let req = request(Some("a b&c=d"), Some("ü"));
        assert_eq!(req.url().as_str(), req.url_string());
    }
}
