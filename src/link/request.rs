//! A checked request and the one place the re-authentication URL is written.
//!
//! Values here have passed `check`; each is a small newtype so an unchecked string cannot
//! reach the URL by accident. The redirect URI keeps the string exactly as typed next to
//! its parsed form, because Connect compares it character for character with the
//! dashboard and a URL library's normalisation would break that match.

use url::Url;
use url::form_urlencoded;

/// Connect's re-authentication endpoint.
pub const REAUTH_ENDPOINT: &str = "https://connect.smartcar.com/oauth/reauthenticate";

/// The only `response_type` the re-authentication flow documents for a vehicle.
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
}

impl ReauthRequest {
    /// The query parameters in the documented order; empty optional ones are left out.
    pub fn params(&self) -> Vec<(&'static str, &str)> {
        let mut params = Vec::with_capacity(6);
        params.push(("response_type", RESPONSE_TYPE));
        params.push(("client_id", self.client_id.as_str()));
        params.push(("vehicle_id", self.vehicle_id.as_str()));
        if let Some(redirect_uri) = &self.redirect_uri {
            params.push(("redirect_uri", redirect_uri.as_str()));
        }
        if let Some(state) = &self.state {
            params.push(("state", state.as_str()));
        }
        if let Some(user) = &self.user {
            params.push(("user", user.as_str()));
        }
        params
    }

    /// The link as text, form-urlencoded. Written straight into one string: this runs once
    /// per row of a batch, and parsing the endpoint every time would cost more than the rest.
    pub fn url_string(&self) -> String {
        let mut link = String::with_capacity(REAUTH_ENDPOINT.len() + 256);
        link.push_str(REAUTH_ENDPOINT);
        link.push('?');
        let query_start = link.len();
        let mut query = form_urlencoded::Serializer::for_suffix(link, query_start);
        query.extend_pairs(self.params());
        query.finish()
    }

    /// The link as a parsed URL.
    pub fn url(&self) -> Url {
        // The string is built from a constant https endpoint and encoded pairs, so it
        // always parses; the fallback keeps this total without an unwrap.
        Url::parse(&self.url_string()).unwrap_or_else(|_| endpoint())
    }
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
