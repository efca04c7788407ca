//! What every row of a batch shares: the app's values, from a profile or from flags.

/// The values a batch starts from; each row adds its vehicle id and may override
/// `state` and `user`. Filled from the chosen profile or from `--client-id`/`--redirect-uri`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BatchDefaults {
    /// The Application ID, as typed.
    pub client_id: String,
    /// `None` leaves redirect_uri out of every link, so Connect uses the dashboard default.
    pub redirect_uri: Option<String>,
    /// The profile's registered redirect URIs, for the "not registered" warning.
    pub registered_redirect_uris: Vec<String>,
    /// The owner id used when a row has no `user` of its own.
    pub user: Option<String>,
    /// The contract's names and the response type every link is written with.
    pub link_options: crate::link::ReauthOptions,
}

/// How a batch fills what the rows leave empty.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BatchOptions {
    /// A fresh random state for every row that has none of its own, so each owner's link
    /// is unique. A row's own `state` is always kept.
    pub random_state: bool,
}

impl From<&crate::profiles::Profile> for BatchDefaults {
    /// A saved profile's app: its client id, default redirect URI (none: left out),
    /// registered URIs and owner id.
    fn from(profile: &crate::profiles::Profile) -> Self {
        Self {
            client_id: profile.client_id.clone(),
            redirect_uri: profile.default_redirect_uri.clone(),
            registered_redirect_uris: profile.redirect_uris.clone(),
            user: profile.user.clone(),
            link_options: crate::link::ReauthOptions {
                contract: profile.contract,
                ..Default::default()
            },
        }
    }
}
