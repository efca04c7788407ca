//! The profile being edited in the window: the fields as typed, and which saved profile
//! it came from. No rules here: `check_profile` judges the profile it turns into.

use crate::deliver::MessageTemplates;
use crate::link::Contract;
use crate::profiles::validate::same_name;
use crate::profiles::{Profile, ProfileCheck, check_profile};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TypedProfile {
    /// The saved profile this edits (`None`: a new one); saving replaces that one.
    pub original: Option<String>,
    pub name: String,
    pub client_id: String,
    pub redirect_uris: Vec<String>,
    /// Index into `redirect_uris`; `None` leaves redirect_uri out of links.
    pub default_index: Option<usize>,
    /// Empty means no user template.
    pub user: String,
    pub note: String,
    /// Kept as the profile has it, so an edit never changes the link's names.
    pub contract: Contract,
    /// The customer message's templates, carried through the edit unchanged.
    pub messages: Box<MessageTemplates>,
    /// The API credentials' client id (v3 connections); empty means none.
    pub api_client_id: String,
}

impl TypedProfile {
    pub fn editing(profile: &Profile) -> Self {
        TypedProfile {
            original: Some(profile.name.clone()),
            ..Self::copy_of(profile)
        }
    }

    /// A new profile with the fields of `profile` and a name no other profile has.
    pub fn duplicate(profile: &Profile, profiles: &[Profile]) -> Self {
        TypedProfile {
            original: None,
            name: copy_name(&profile.name, profiles),
            ..Self::copy_of(profile)
        }
    }

    fn copy_of(profile: &Profile) -> Self {
        TypedProfile {
            original: None,
            name: profile.name.clone(),
            client_id: profile.client_id.clone(),
            redirect_uris: profile.redirect_uris.clone(),
            default_index: profile
                .default_redirect_uri
                .as_ref()
                .and_then(|default| profile.redirect_uris.iter().position(|u| u == default)),
            user: profile.user.clone().unwrap_or_default(),
            note: profile.note.clone(),
            contract: profile.contract,
            messages: profile.messages.clone(),
            api_client_id: profile.api_client_id.clone().unwrap_or_default(),
        }
    }

    pub fn to_profile(&self) -> Profile {
        Profile {
            name: self.name.clone(),
            client_id: self.client_id.clone(),
            redirect_uris: self.redirect_uris.clone(),
            default_redirect_uri: self
                .default_index
                .and_then(|i| self.redirect_uris.get(i).cloned()),
            user: (!self.user.is_empty()).then(|| self.user.clone()),
            note: self.note.clone(),
            contract: self.contract,
            messages: self.messages.clone(),
            api_client_id: (!self.api_client_id.is_empty()).then(|| self.api_client_id.clone()),
        }
    }

    pub fn check(&self, profiles: &[Profile]) -> ProfileCheck {
        check_profile(&self.to_profile(), profiles, self.original.as_deref())
    }

    /// True when saving would change nothing.
    pub fn is_saved(&self, profiles: &[Profile]) -> bool {
        self.original.as_ref().is_some_and(|name| {
            profiles
                .iter()
                .any(|p| &p.name == name && *p == self.to_profile())
        })
    }

    /// After the app applied a save (which the panel cannot see), the draft now edits the
    /// saved profile: an added or renamed profile is found by its content.
    pub fn follow_saved(&mut self, profiles: &[Profile]) {
        let still_there = self
            .original
            .as_ref()
            .is_some_and(|name| profiles.iter().any(|p| &p.name == name));
        if still_there {
            return;
        }
        let profile = self.to_profile();
        if profiles.contains(&profile) {
            self.original = Some(profile.name);
        }
    }

    pub fn remove_redirect_uri(&mut self, index: usize) {
        if index >= self.redirect_uris.len() {
            return;
        }
        self.redirect_uris.remove(index);
        self.default_index = match self.default_index {
            Some(d) if d == index => None,
            Some(d) if d > index => Some(d - 1),
            other => other,
        };
    }

    /// The dashboard's rule: the first URI added becomes the default.
    pub fn add_redirect_uri(&mut self) {
        self.redirect_uris.push(String::new());
        if self.redirect_uris.len() == 1 {
            self.default_index = Some(0);
        }
    }
}

/// `Acme (copy)`, or `Acme (copy 2)` and up when that is taken.
fn copy_name(name: &str, profiles: &[Profile]) -> String {
    let taken = |candidate: &str| profiles.iter().any(|p| same_name(&p.name, candidate));
    let first = format!("{name} (copy)");
    if !taken(&first) {
        return first;
    }
    (2..)
        .map(|n| format!("{name} (copy {n})"))
        .find(|candidate| !taken(candidate))
        .unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acme() -> Profile {
        Profile {
            name: "Acme".into(),
            client_id: "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07".into(),
            redirect_uris: vec!["https://a.example/1".into(), "https://a.example/2".into()],
            default_redirect_uri: Some("https://a.example/2".into()),
            user: Some("desk".into()),
            note: "n".into(),
            api_client_id: Some("client_5f1e0c7a9b".into()),
            messages: Box::new(MessageTemplates {
                text_message: Some("Reconnect: {link}".into()),
                ..MessageTemplates::default()
            }),
            ..Profile::default()
        }
    }

    #[test]
    fn editing_and_back_gives_the_same_profile() {
        let draft = TypedProfile::editing(&acme());
        assert_eq!(draft.default_index, Some(1));
        assert_eq!(draft.to_profile(), acme());
        assert!(draft.is_saved(&[acme()]));
    }

    #[test]
    fn duplicate_gets_a_free_name() {
        let copy = Profile {
            name: "Acme (copy)".into(),
            ..acme()
        };
        let draft = TypedProfile::duplicate(&acme(), &[acme(), copy]);
        assert_eq!(draft.name, "Acme (copy 2)");
        assert_eq!(draft.original, None);
    }

    #[test]
    fn removing_a_uri_keeps_the_default_pointing_at_the_same_uri() {
        let mut draft = TypedProfile::editing(&acme());
        draft.remove_redirect_uri(0);
        assert_eq!(
            draft.to_profile().default_redirect_uri.as_deref(),
            Some("https://a.example/2")
        );
        draft.remove_redirect_uri(0);
        assert_eq!(draft.default_index, None);
    }

    #[test]
    fn an_added_profile_is_followed_by_its_content() {
        let mut draft = TypedProfile::duplicate(&acme(), &[acme()]);
        draft.follow_saved(&[acme()]);
        assert_eq!(draft.original, None, "not saved yet");
        let saved = draft.to_profile();
        draft.follow_saved(&[acme(), saved]);
        assert_eq!(draft.original.as_deref(), Some("Acme (copy)"));
    }
}
