//! The changes a person can make to the profiles, as values: the window's panels return
//! them, the command line builds them, and the store applies them (validate, then save).

use super::Profile;
use super::error::StoreError;
use super::validate::{check_profile, same_name};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProfileEdit {
    /// Adds `profile` (`original: None`) or replaces the profile named `original`; a
    /// different name renames it.
    Save {
        original: Option<String>,
        profile: Profile,
    },
    /// Removes the named profile.
    Delete { name: String },
    /// Puts a deleted profile back where it was (undo of `Delete`).
    Restore { profile: Profile, index: usize },
    /// Adds every profile; with `replace`, one named like an existing profile takes its
    /// place, otherwise any such clash refuses the whole import.
    Import {
        profiles: Vec<Profile>,
        replace: bool,
    },
}

impl ProfileEdit {
    /// The list after this edit, or why the edit cannot be made. Nothing is half-applied:
    /// every profile is checked before the list changes.
    pub fn apply_to(&self, profiles: &[Profile]) -> Result<Vec<Profile>, StoreError> {
        match self {
            ProfileEdit::Save { original, profile } => save(profiles, original.as_deref(), profile),
            ProfileEdit::Delete { name } => delete(profiles, name),
            ProfileEdit::Restore { profile, index } => {
                let mut list = save(profiles, None, profile)?;
                if let Some(restored) = list.pop() {
                    list.insert((*index).min(list.len()), restored);
                }
                Ok(list)
            }
            ProfileEdit::Import {
                profiles: incoming,
                replace,
            } => import(profiles, incoming, *replace),
        }
    }
}

/// The index of the profile called `name`: the exact name first, then without regard to case.
pub fn position(profiles: &[Profile], name: &str) -> Option<usize> {
    profiles
        .iter()
        .position(|p| p.name == name)
        .or_else(|| profiles.iter().position(|p| same_name(&p.name, name)))
}

fn unknown(profiles: &[Profile], name: &str) -> StoreError {
    StoreError::UnknownProfile {
        name: name.to_owned(),
        known: profiles.iter().map(|p| p.name.clone()).collect(),
    }
}

fn save(
    profiles: &[Profile],
    original: Option<&str>,
    profile: &Profile,
) -> Result<Vec<Profile>, StoreError> {
    let index = match original {
        Some(name) => Some(position(profiles, name).ok_or_else(|| unknown(profiles, name))?),
        None => None,
    };
    let original_name = index.map(|i| profiles[i].name.as_str());
    let check = check_profile(profile, profiles, original_name);
    if check.has_errors() {
        return Err(StoreError::InvalidProfile {
            name: profile.name.clone(),
            findings: check.errors().cloned().collect(),
        });
    }
    let mut list = profiles.to_vec();
    match index {
        Some(i) => list[i] = profile.clone(),
        None => list.push(profile.clone()),
    }
    Ok(list)
}

fn delete(profiles: &[Profile], name: &str) -> Result<Vec<Profile>, StoreError> {
    let index = position(profiles, name).ok_or_else(|| unknown(profiles, name))?;
    let mut list = profiles.to_vec();
    list.remove(index);
    Ok(list)
}

fn import(
    profiles: &[Profile],
    incoming: &[Profile],
    replace: bool,
) -> Result<Vec<Profile>, StoreError> {
    let mut problems = Vec::new();
    for (index, profile) in incoming.iter().enumerate() {
        // Checked against the others being imported, so duplicates inside the file show.
        let check = check_profile(profile, &incoming[..index], None);
        problems.extend(check.errors().map(|f| {
            format!(
                "{}: profile `{}`: {}",
                f.field.key(),
                profile.name,
                f.located_message()
            )
        }));
        if !replace && position(profiles, &profile.name).is_some() {
            problems.push(format!(
                "name: profile `{}` already exists: pass --replace to overwrite it, or rename it in the file",
                profile.name
            ));
        }
    }
    if !problems.is_empty() {
        return Err(StoreError::ImportRejected { problems });
    }
    let mut list = profiles.to_vec();
    for profile in incoming {
        match position(&list, &profile.name) {
            Some(i) => list[i] = profile.clone(),
            None => list.push(profile.clone()),
        }
    }
    Ok(list)
}
