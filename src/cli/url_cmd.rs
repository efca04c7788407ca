//! `reauth-link url`: one link on stdout, warnings on stderr.

use serde_json::json;

use super::input::read_file_or_stdin;
use super::profile_lookup::find_profile;
use super::recording::{history_failure, open_for_recording, url_entry};
use super::{Cli, CommandError, Streams, UrlArgs, write_out};
use crate::link::{ReauthForm, ReauthRequest, check, generate_state, parse_paste};
use crate::profiles::Profile;

pub fn run(cli: &Cli, args: &UrlArgs, streams: &mut Streams<'_>) -> Result<(), CommandError> {
    let profile = match &args.profile {
        Some(name) => Some(find_profile(cli, name)?),
        None => None,
    };
    let form = compose_form(args, profile.as_ref(), streams)?;
    let registered = profile.map(|p| p.redirect_uris).unwrap_or_default();
    let checked = check(&form, &registered);
    let Some(request) = checked.request else {
        return Err(CommandError::Invalid(
            checked.findings.iter().map(ToString::to_string).collect(),
        ));
    };
    let warnings: Vec<_> = checked.findings.warnings().collect();
    for warning in &warnings {
        let _ = writeln!(streams.stderr, "{warning}");
    }
    let output = if args.json {
        json_output(&request, &warnings)?
    } else {
        format!("{}\n", request.url_string())
    };
    // Recorded before it is printed: a link that leaves is always in the history.
    if let Some(ticket) = &args.ticket
        && let Some(mut store) = open_for_recording(cli, &mut *streams.stderr)?
    {
        let entry = url_entry(&request, args.profile.as_deref(), ticket);
        store.record(&entry).map_err(history_failure)?;
    }
    write_out(streams.stdout, &output)
}

/// The form from, lowest first: the profile, then the paste, then explicit flags.
fn compose_form(
    args: &UrlArgs,
    profile: Option<&Profile>,
    streams: &mut Streams<'_>,
) -> Result<ReauthForm, CommandError> {
    let mut form = ReauthForm::default();
    if let Some(profile) = profile {
        profile.seed_form(&mut form);
    }
    if let Some(source) = &args.from {
        let text = read_file_or_stdin(source, streams)?;
        let pasted = parse_paste(&text).map_err(|e| CommandError::invalid("input", e))?;
        pasted.fill(&mut form);
    }
    override_with(&mut form.client_id, &args.client_id);
    override_with(&mut form.vehicle_id, &args.vehicle_id);
    if args.redirect_uri.is_some() {
        form.omit_redirect_uri = false;
        override_with(&mut form.redirect_uri, &args.redirect_uri);
    }
    if args.no_redirect_uri {
        form.omit_redirect_uri = true;
        form.redirect_uri.clear();
    }
    override_with(&mut form.state, &args.state);
    if args.random_state {
        form.state = generate_state().map_err(CommandError::failure)?;
    }
    override_with(&mut form.user, &args.user);
    Ok(form)
}

fn override_with(slot: &mut String, flag: &Option<String>) {
    if let Some(value) = flag {
        slot.clone_from(value);
    }
}

fn json_output(
    request: &ReauthRequest,
    warnings: &[&crate::link::Finding],
) -> Result<String, CommandError> {
    let value = json!({
        "url": request.url_string(),
        "params": request.params(),
        "warnings": warnings.iter().map(|w| json!({
            "field": w.field.param_name(),
            "message": w.message(),
        })).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&value)
        .map(|mut text| {
            text.push('\n');
            text
        })
        .map_err(|e| CommandError::failure(format!("cannot write JSON: {e}")))
}
