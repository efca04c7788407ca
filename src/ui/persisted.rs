//! What the window keeps across restarts (in `window.ron`, beside the profiles file);
//! everything else starts fresh for the next ticket.

use serde::{Deserialize, Serialize};

use crate::link::LinkKind;
use crate::ui::theme::ThemeChoice;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PersistedState {
    pub theme: ThemeChoice,
    /// The profile chosen last, by name.
    pub last_profile: Option<String>,
    pub tab: Tab,
    /// The kind of link shown last on the Link tab.
    pub kind: LinkKind,
}

/// The window's tabs, in the order the top bar shows them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tab {
    #[default]
    Link,
    Batch,
    History,
    Profiles,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Link, Tab::Batch, Tab::History, Tab::Profiles];

    pub fn label(self) -> &'static str {
        match self {
            Tab::Link => "Link",
            Tab::Batch => "Batch",
            Tab::History => "History",
            Tab::Profiles => "Profiles",
        }
    }
}
