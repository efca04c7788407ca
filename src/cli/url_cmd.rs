//! `reauth-link url`: one link on stdout, warnings on stderr.

use super::input::read_file_or_stdin;
use super::link_naming::{link_json, resolve_options};
use super::profile_lookup::find_profile;
use super::recording::{history_failure, open_for_recording, url_entry};
use super::{Cli, CommandError, Streams, UrlArgs, write_out};
use crate::link::{ReauthForm, check_with_options, generate_state, parse_paste};
use crate::profiles::Profile;

pub fn run(cli: &Cli, args: &UrlArgs, streams: &mut Streams<'_>) -> Result<(), CommandError> {
    let profile = match &args.profile {
        Some(name) => Some(find_profile(cli, name)?),
        None => None,
    };
    let options = resolve_options(&args.naming.link_form, profile.as_ref())?;
    let contract = options.contract;
    let form = compose_form(args, profile.as_ref(), streams)?;
    let registered = profile.map(|p| p.redirect_uris).unwrap_or_default();
    let checked = check_with_options(&form, &registered, options);
    let Some(request) = checked.request else {
        return Err(CommandError::Invalid(
            checked
                .findings
                .iter()
                .map(|finding| finding.line(contract))
                .collect(),
        ));
    };
    let warnings: Vec<_> = checked.findings.warnings().collect();
    for warning in &warnings {
        let _ = writeln!(streams.stderr, "{}", warning.line(contract));
    }
    let output = if args.json {
        link_json(
            &request.url_string(),
            &request.params(),
            warnings
                .iter()
                .map(|w| (contract.param_name(w.field), w.message())),
        )?
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
    override_with(&mut form.user, &args.naming.external_id);
    Ok(form)
}

fn override_with(slot: &mut String, flag: &Option<String>) {
    if let Some(value) = flag {
        slot.clone_from(value);
    }
}
