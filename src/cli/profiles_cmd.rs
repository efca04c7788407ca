//! `reauth-link profiles …`: the saved profiles from scripts.

use std::path::Path;

use serde_json::json;

use super::input::read_file_or_stdin;
use super::profile_lookup::{open_store, to_command_error};
use super::token_cmd;
use super::{AddProfileArgs, Cli, CommandError, ProfilesCommand, Streams, write_out};
use crate::connections::SecretKind;
use crate::deliver::{MessageTemplates, TemplateKind};
use crate::link::Contract;
use crate::profiles::format::{parse, render};
use crate::profiles::{Profile, ProfileEdit, ProfileStore, StoreError};
use crate::whole_file::write_whole_file;

pub fn run(
    cli: &Cli,
    command: &ProfilesCommand,
    streams: &mut Streams<'_>,
) -> Result<(), CommandError> {
    let mut store = open_store(cli)?;
    match command {
        ProfilesCommand::List { json } => list(&store, *json, streams),
        ProfilesCommand::Show { name } => show(&store, name, streams),
        ProfilesCommand::Remove { name } => {
            let edit = ProfileEdit::Delete { name: name.clone() };
            apply(&mut store, &edit)?;
            let line = format!("removed `{name}` from {}\n", store.path().display());
            write_out(streams.stdout, &line)
        }
        ProfilesCommand::Add(args) => {
            let profile = profile_from(args)?;
            let edit = ProfileEdit::Save {
                original: None,
                profile: profile.clone(),
            };
            apply(&mut store, &edit)?;
            let line = format!("added `{}` to {}\n", profile.name, store.path().display());
            write_out(streams.stdout, &line)
        }
        ProfilesCommand::Export { file } => export(&store, file.as_deref(), streams),
        ProfilesCommand::Import { file, replace } => import(&mut store, file, *replace, streams),
        ProfilesCommand::SetToken {
            name,
            client_secret,
        } => token_cmd::set(cli, name, token_cmd::kind_of(*client_secret), streams),
        ProfilesCommand::ForgetToken {
            name,
            client_secret,
        } => token_cmd::forget_token(cli, name, token_cmd::kind_of(*client_secret), streams),
    }
}

fn apply(store: &mut ProfileStore, edit: &ProfileEdit) -> Result<(), CommandError> {
    store.apply(edit).map_err(to_command_error)
}

/// The dashboard's rule: without a chosen default, the first registered URI is the default.
fn profile_from(args: &AddProfileArgs) -> Result<Profile, CommandError> {
    let contract = match &args.contract {
        Some(typed) => Contract::parse(typed).map_err(|e| CommandError::invalid("contract", e))?,
        None => Contract::default(),
    };
    Ok(Profile {
        name: args.name.clone(),
        client_id: args.client_id.clone(),
        api_client_id: args.api_client_id.clone(),
        redirect_uris: args.redirect_uris.clone(),
        default_redirect_uri: args
            .default_redirect
            .clone()
            .or_else(|| args.redirect_uris.first().cloned()),
        user: None,
        note: args.note.clone().unwrap_or_default(),
        contract,
        messages: Box::new(MessageTemplates {
            email_subject: args.email_subject.clone(),
            email_body: args.email_body.clone(),
            text_message: args.text_message.clone(),
        }),
    })
}

fn list(store: &ProfileStore, json: bool, streams: &mut Streams<'_>) -> Result<(), CommandError> {
    let text = if json {
        let profiles: Vec<_> = store.profiles().iter().map(profile_json).collect();
        pretty_json(&serde_json::Value::Array(profiles))?
    } else {
        store
            .profiles()
            .iter()
            .map(|p| {
                format!(
                    "{}\t{}\t{}\n",
                    p.name,
                    p.client_id,
                    p.default_redirect_uri.as_deref().unwrap_or("-")
                )
            })
            .collect()
    };
    write_out(streams.stdout, &text)
}

/// The contract's shape: every field, absent optional ones as null.
pub fn profile_json(profile: &Profile) -> serde_json::Value {
    json!({
        "name": profile.name,
        "client_id": profile.client_id,
        "api_client_id": profile.api_client_id,
        "redirect_uris": profile.redirect_uris,
        "default_redirect_uri": profile.default_redirect_uri,
        "user": profile.user,
        "note": profile.note,
        "contract": profile.contract.name(),
        "email_subject": profile.messages.email_subject,
        "email_body": profile.messages.email_body,
        "text_message": profile.messages.text_message,
    })
}

fn show(store: &ProfileStore, name: &str, streams: &mut Streams<'_>) -> Result<(), CommandError> {
    let profile = store.find(name).ok_or_else(|| {
        to_command_error(StoreError::UnknownProfile {
            name: name.to_owned(),
            known: store.names(),
        })
    })?;
    write_out(streams.stdout, &describe(profile))
}

fn describe(profile: &Profile) -> String {
    let mut text = format!(
        "name: {}\nclient_id: {}\ncontract: {}\nredirect_uris:\n",
        profile.name,
        profile.client_id,
        profile.contract.name()
    );
    for uri in &profile.redirect_uris {
        let marker = if profile.default_redirect_uri.as_ref() == Some(uri) {
            " (default)"
        } else {
            ""
        };
        text.push_str(&format!("  {uri}{marker}\n"));
    }
    if profile.default_redirect_uri.is_none() {
        text.push_str("default_redirect_uri: none (left out: Connect uses the dashboard's)\n");
    }
    text.push_str(&format!(
        "user: {}\n",
        profile.user.as_deref().unwrap_or("none")
    ));
    text.push_str(&token_cmd::token_line(
        SecretKind::ManagementToken,
        &profile.name,
    ));
    if let Some(api_client_id) = &profile.api_client_id {
        text.push_str(&format!(
            "api_client_id: {api_client_id}
"
        ));
        text.push_str(&token_cmd::token_line(
            SecretKind::ClientSecret,
            &profile.name,
        ));
    }
    if !profile.note.is_empty() {
        text.push_str(&format!("note: {}\n", profile.note));
    }
    for kind in TemplateKind::ALL {
        if let Some(template) = profile.messages.own(kind) {
            text.push_str(&format!("{}: {}\n", kind.key(), template.escape_debug()));
        }
    }
    text
}

fn export(
    store: &ProfileStore,
    file: Option<&str>,
    streams: &mut Streams<'_>,
) -> Result<(), CommandError> {
    let text = render(store.profiles());
    match file {
        None | Some("-") => write_out(streams.stdout, &text),
        Some(path) => write_whole_file(Path::new(path), text.as_bytes())
            .map_err(|e| CommandError::failure(format!("cannot write {path}: {e}"))),
    }
}

fn import(
    store: &mut ProfileStore,
    file: &str,
    replace: bool,
    streams: &mut Streams<'_>,
) -> Result<(), CommandError> {
    let text = read_file_or_stdin(file, streams)?;
    let name = if file == "-" { "standard input" } else { file };
    // The file to import is input, so what is wrong with it is exit 2, unlike the store's.
    let profiles = parse(Path::new(name), text.as_bytes())
        .map_err(|error| CommandError::invalid("input", unreadable_import(name, &error)))?;
    let count = profiles.len();
    apply(store, &ProfileEdit::Import { profiles, replace })?;
    let line = format!(
        "imported {count} profile(s) into {}\n",
        store.path().display()
    );
    write_out(streams.stdout, &line)
}

/// The store's reading errors speak of the profiles file; an import file is the person's
/// input, so the message says what is wrong with it and that nothing was imported.
fn unreadable_import(name: &str, error: &StoreError) -> String {
    let what = match error {
        StoreError::Empty { .. } => "is empty".to_owned(),
        StoreError::NotText { location, .. } => {
            format!("is not text: a byte that is not UTF-8 at {location}")
        }
        StoreError::UnknownVersion {
            found, location, ..
        } => format!(
            "has format version {found} (at {location}), which this reauth-link cannot read"
        ),
        StoreError::Invalid {
            location, message, ..
        } => format!("cannot be read at {location}: {message}"),
        other => other.to_string(),
    };
    format!(
        "{name} {what}; nothing was imported: give a file written by `reauth-link profiles export`"
    )
}

fn pretty_json(value: &serde_json::Value) -> Result<String, CommandError> {
    serde_json::to_string_pretty(value)
        .map(|mut text| {
            text.push('\n');
            text
        })
        .map_err(|e| CommandError::failure(format!("cannot write JSON: {e}")))
}
