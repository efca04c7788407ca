//! The three kinds of Connect link a support case needs: what each is for and the fields
//! its form shows. The window shows a kind's `fields()` and the findings under each; the
//! command line prints the same findings as `error: <field>: …` lines.

use serde::{Deserialize, Serialize};

use super::field::Field;

/// Which link the person is making. Serialized: the window remembers the last one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LinkKind {
    /// The seed page's link: the owner signs in again to an existing connection.
    #[default]
    Reauth,
    /// A Tesla owner grants more permissions to an existing connection.
    TeslaPermissions,
    /// The vehicle is gone from the account: the owner connects it anew.
    Connect,
}

impl LinkKind {
    pub const ALL: [LinkKind; 3] = [
        LinkKind::Reauth,
        LinkKind::TeslaPermissions,
        LinkKind::Connect,
    ];

    /// What the kind picker says.
    pub fn label(self) -> &'static str {
        match self {
            LinkKind::Reauth => "Re-authenticate",
            LinkKind::TeslaPermissions => "Tesla permissions",
            LinkKind::Connect => "New connection",
        }
    }

    /// The kind in a sentence ("A re-authentication link.").
    pub fn describe(self) -> &'static str {
        match self {
            LinkKind::Reauth => "re-authentication link",
            LinkKind::TeslaPermissions => "Tesla permissions link",
            LinkKind::Connect => "new-connection link",
        }
    }

    /// The name in JSON (`parse`'s `kind`).
    pub fn name(self) -> &'static str {
        match self {
            LinkKind::Reauth => "reauthenticate",
            LinkKind::TeslaPermissions => "tesla_permissions",
            LinkKind::Connect => "connect",
        }
    }

    /// When to use it, one sentence for the person choosing.
    pub fn purpose(self) -> &'static str {
        match self {
            LinkKind::Reauth => {
                "The owner's sign-in expired (AUTHENTICATION_FAILED): they sign in again and the connection continues."
            }
            LinkKind::TeslaPermissions => {
                "A Tesla connection lacks a permission (PERMISSION): the owner grants the listed ones; nothing else changes."
            }
            LinkKind::Connect => {
                "The vehicle is gone from the account (NO_VEHICLES, VEHICLE_MISSING) or a non-Tesla needs new permissions: the owner connects it anew."
            }
        }
    }

    /// The fields this kind's form shows, in the link's order.
    pub fn fields(self) -> &'static [Field] {
        match self {
            LinkKind::Reauth => &[
                Field::ResponseType,
                Field::ClientId,
                Field::VehicleId,
                Field::RedirectUri,
                Field::State,
                Field::User,
            ],
            LinkKind::TeslaPermissions => &[Field::ClientId, Field::Scope],
            LinkKind::Connect => &[
                Field::ResponseType,
                Field::ClientId,
                Field::ForcePrompt,
                Field::Mode,
                Field::RedirectUri,
                Field::Scope,
                Field::State,
                Field::Make,
                Field::Vin,
                Field::SingleSelect,
                Field::Country,
                Field::User,
            ],
        }
    }

    /// Whether the kind takes permissions, so the window shows the scope picker.
    pub fn takes_scopes(self) -> bool {
        self.fields().contains(&Field::Scope)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kind_is_stored_by_a_stable_name() {
        for kind in LinkKind::ALL {
            let text = serde_json::to_string(&kind).expect("a kind serializes");
            let back: LinkKind = serde_json::from_str(&text).expect("and reads back");
            assert_eq!(back, kind, "{text}");
        }
        let stored: LinkKind =
            serde_json::from_str("\"TeslaPermissions\"").expect("the variant's name");
        assert_eq!(stored, LinkKind::TeslaPermissions);
    }
}
