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
    /// A saved profile's app: the values `Profile::seed_form` puts in a single link's form
    /// (so the window, `url` and `batch` read a profile the same way), plus its registered
    /// URIs for the "not registered" warning.
    fn from(profile: &crate::profiles::Profile) -> Self {
        let mut form = crate::link::ReauthForm::default();
        profile.seed_form(&mut form);
        Self {
            client_id: form.client_id,
            redirect_uri: (!form.omit_redirect_uri).then_some(form.redirect_uri),
            registered_redirect_uris: profile.redirect_uris.clone(),
            user: (!form.user.is_empty()).then_some(form.user),
            link_options: crate::link::ReauthOptions {
                contract: profile.contract,
                ..Default::default()
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profiles::Profile;

    #[test]
    fn a_profile_gives_the_batch_the_values_it_gives_a_single_form() {
        let profile = Profile {
            name: "Fleet".into(),
            client_id: "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07".into(),
            redirect_uris: vec!["https://a.example/cb".into(), "https://b.example/cb".into()],
            default_redirect_uri: Some("https://b.example/cb".into()),
            user: Some("desk".into()),
            note: "n".into(),
            contract: crate::link::Contract::Current,
            ..Profile::default()
        };
        let expected = BatchDefaults {
            client_id: profile.client_id.clone(),
            redirect_uri: Some("https://b.example/cb".into()),
            registered_redirect_uris: profile.redirect_uris.clone(),
            user: Some("desk".into()),
            link_options: crate::link::ReauthOptions {
                contract: crate::link::Contract::Current,
                ..Default::default()
            },
        };
        assert_eq!(BatchDefaults::from(&profile), expected);
        let bare = Profile {
            default_redirect_uri: None,
            user: None,
            ..profile
        };
        let defaults = BatchDefaults::from(&bare);
        assert_eq!((defaults.redirect_uri, defaults.user), (None, None));
    }
}
