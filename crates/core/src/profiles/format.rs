//! The profiles file, format version 1: human-readable TOML.
//!
//! ```toml
//! version = 1
//!
//! [[profile]]
//! name = "Acme Fleet"
//! client_id = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07"
//! contract = "classic"    # or "current"; files written before it read as "classic"
//! redirect_uris = ["https://acme.example/cb"]
//! default_redirect_uri = "https://acme.example/cb"
//! user = "support"        # optional
//! note = "free text"      # optional
//! api_client_id = "client_…"  # optional: API credentials for the v3 connections
//!                             # endpoint; the secret is never in this file
//! email_subject = "…"     # optional, each: the customer message's templates;
//! email_body = "…"        # left out, the built-in default applies
//! text_message = "…"
//! ```
//!
//! Unknown keys are refused rather than dropped: a later save would otherwise lose them.

use std::ops::Range;
use std::path::Path;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::link::Contract;

use super::Profile;
use super::error::{Location, StoreError};
use super::validate::same_name;
use crate::deliver::MessageTemplates;

/// The version this build writes and reads. A later version adds a migration from this one.
pub const FORMAT_VERSION: i64 = 1;

const HEADER: &str = "\
# reauth-link profiles: one [[profile]] table per client app.
# Saved by reauth-link; the previous version is kept beside it as profiles.toml.bak.

";

#[derive(Serialize)]
struct FileOut<'a> {
    version: i64,
    #[serde(rename = "profile")]
    profiles: Vec<ProfileOut<'a>>,
}

#[derive(Serialize)]
struct ProfileOut<'a> {
    name: &'a str,
    client_id: &'a str,
    contract: &'static str,
    redirect_uris: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    default_redirect_uri: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user: Option<&'a str>,
    #[serde(skip_serializing_if = "str::is_empty")]
    note: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    api_client_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email_subject: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email_body: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text_message: Option<&'a str>,
}

/// Only the version, read first so that a newer file is named as such instead of failing
/// on whatever it added.
#[derive(Deserialize)]
struct VersionProbe {
    version: Option<Spanned<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileIn {
    #[allow(dead_code)]
    version: i64,
    #[serde(default, rename = "profile")]
    profiles: Vec<ProfileIn>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileIn {
    name: Spanned<String>,
    client_id: String,
    #[serde(default)]
    contract: Contract,
    #[serde(default)]
    redirect_uris: Vec<String>,
    default_redirect_uri: Option<String>,
    user: Option<String>,
    #[serde(default)]
    note: String,
    api_client_id: Option<String>,
    email_subject: Option<String>,
    email_body: Option<String>,
    text_message: Option<String>,
}

impl From<ProfileIn> for Profile {
    fn from(input: ProfileIn) -> Self {
        Profile {
            name: input.name.into_inner(),
            client_id: input.client_id,
            api_client_id: input.api_client_id,
            redirect_uris: input.redirect_uris,
            default_redirect_uri: input.default_redirect_uri,
            user: input.user,
            note: input.note,
            contract: input.contract,
            messages: Box::new(MessageTemplates {
                email_subject: input.email_subject,
                email_body: input.email_body,
                text_message: input.text_message,
            }),
        }
    }
}

/// The file's bytes for these profiles, in their order.
pub fn render(profiles: &[Profile]) -> String {
    let file = FileOut {
        version: FORMAT_VERSION,
        profiles: profiles
            .iter()
            .map(|p| ProfileOut {
                name: &p.name,
                client_id: &p.client_id,
                contract: p.contract.name(),
                redirect_uris: &p.redirect_uris,
                default_redirect_uri: p.default_redirect_uri.as_deref(),
                user: p.user.as_deref(),
                note: &p.note,
                api_client_id: p.api_client_id.as_deref(),
                email_subject: p.messages.email_subject.as_deref(),
                email_body: p.messages.email_body.as_deref(),
                text_message: p.messages.text_message.as_deref(),
            })
            .collect(),
    };
    // Strings, lists of strings and tables always serialise; a failure here is a bug.
    let body = toml::to_string_pretty(&file).unwrap_or_else(|e| {
        unreachable!("profiles always serialise to TOML: {e}");
    });
    format!("{HEADER}{body}")
}

/// Reads a profiles file's bytes; `path` is only for the messages.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Vec<Profile>, StoreError> {
    let text = std::str::from_utf8(bytes).map_err(|error| {
        let valid = &bytes[..error.valid_up_to()];
        // The valid prefix is UTF-8 by definition.
        let prefix = String::from_utf8_lossy(valid);
        StoreError::NotText {
            path: path.to_owned(),
            location: location_at(&prefix, prefix.len()),
        }
    })?;
    if text.trim().is_empty() {
        return Err(StoreError::Empty {
            path: path.to_owned(),
        });
    }
    check_version(path, text)?;
    let file: FileIn =
        toml::from_str(text).map_err(|error| invalid(path, text, error.span(), error.message()))?;
    let profiles: Vec<_> = file.profiles;
    check_unique_names(path, text, &profiles)?;
    Ok(profiles.into_iter().map(Profile::from).collect())
}

fn check_version(path: &Path, text: &str) -> Result<(), StoreError> {
    let probe: VersionProbe =
        toml::from_str(text).map_err(|error| invalid(path, text, error.span(), error.message()))?;
    let Some(version) = probe.version else {
        return Err(invalid(
            path,
            text,
            Some(0..0),
            "there is no `version = 1` line; a profiles file starts with one",
        ));
    };
    match version.get_ref() {
        toml::Value::Integer(FORMAT_VERSION) => Ok(()),
        toml::Value::Integer(other) => Err(StoreError::UnknownVersion {
            path: path.to_owned(),
            location: location_at(text, version.span().start),
            found: other.to_string(),
            readable: FORMAT_VERSION,
        }),
        other => Err(invalid(
            path,
            text,
            Some(version.span()),
            &format!(
                "`version` must be a whole number like 1, not a {}",
                other.type_str()
            ),
        )),
    }
}

fn check_unique_names(path: &Path, text: &str, profiles: &[ProfileIn]) -> Result<(), StoreError> {
    for (index, profile) in profiles.iter().enumerate() {
        let name = profile.name.get_ref();
        if let Some(first) = profiles[..index]
            .iter()
            .find(|earlier| same_name(earlier.name.get_ref(), name))
        {
            return Err(invalid(
                path,
                text,
                Some(profile.name.span()),
                &format!(
                    "a second profile is named `{name}` (the first is `{}`); profile names must differ",
                    first.name.get_ref()
                ),
            ));
        }
    }
    Ok(())
}

fn invalid(path: &Path, text: &str, span: Option<Range<usize>>, message: &str) -> StoreError {
    let offset = span.map_or(0, |s| s.start);
    StoreError::Invalid {
        path: path.to_owned(),
        location: location_at(text, offset),
        message: message.trim().to_owned(),
    }
}

/// 1-based line and character column of a byte offset.
pub fn location_at(text: &str, offset: usize) -> Location {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Location {
        line: before.matches('\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_counts_lines_and_characters_from_one() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(location_at(text, 0), Location { line: 1, column: 1 });
        assert_eq!(location_at(text, 6), Location { line: 2, column: 1 });
        // `=` after `bé ` is the 4th character but the 5th byte of the line.
        assert_eq!(location_at(text, 6 + 4), Location { line: 2, column: 4 });
    }
}
