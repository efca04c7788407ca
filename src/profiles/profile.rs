//! A profile: one client app's settings, so nobody retypes a UUID on the phone.

use serde::{Deserialize, Serialize};

/// One client app (fleet customer) as registered in the Smartcar Dashboard.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Profile {
    /// Unique among profiles; what people pick and what `--profile` names.
    pub name: String,
    /// The Application ID, as typed.
    pub client_id: String,
    /// The redirect URIs registered in the dashboard, each exactly as registered.
    pub redirect_uris: Vec<String>,
    /// The one of `redirect_uris` used unless the person picks another; `None` leaves
    /// redirect_uri out of the link so Connect uses the dashboard's own default.
    pub default_redirect_uri: Option<String>,
    /// Pre-fills the form's `user` field; `None` leaves it empty.
    pub user: Option<String>,
    /// Free text for the support team.
    pub note: String,
}
