//! `reauth-link url`: one link on stdout, warnings on stderr.

use super::input::read_file_or_stdin;
use super::link_delivery::{LeavingLink, deliver};
use super::link_naming::{kind_link_output, resolve_options};
use super::profile_lookup::optional_profile;
use super::{Cli, CommandError, Streams, UrlArgs};
use crate::deliver::PastedMake;
use crate::link::{LinkKind, Reading, ReauthForm, check_with_options, generate_state, read_paste};
use crate::profiles::Profile;

pub fn run(cli: &Cli, args: &UrlArgs, streams: &mut Streams<'_>) -> Result<(), CommandError> {
    let profile = optional_profile(cli, args.profile.as_deref())?;
    let options = resolve_options(&args.naming.link_form, profile.as_ref())?;
    let contract = options.contract;
    let (form, pasted_make) = compose_form(args, profile.as_ref(), streams)?;
    let registered = profile
        .as_ref()
        .map(|p| p.redirect_uris.clone())
        .unwrap_or_default();
    let checked = check_with_options(&form, &registered, options);
    let output = kind_link_output(&checked, contract, args.json)?;
    let vehicle_id = output.link.param("vehicle_id").unwrap_or_default();
    let leaving = LeavingLink {
        link: &output.link.url,
        printed: output.printed,
        warning_lines: output.warning_lines,
        profile: profile.as_ref(),
        kind: LinkKind::Reauth,
        vehicle_id,
        make: pasted_make
            .as_ref()
            .and_then(|pasted| pasted.for_vehicle(vehicle_id)),
        state: output.link.param("state").unwrap_or_default(),
        owner_id: output.link.param(contract.user_param()).unwrap_or_default(),
    };
    deliver(cli, &args.delivery, leaving, streams)
}

/// The form from, lowest first: the profile, then the paste, then explicit flags.
/// The form from the profile, the paste and the flags, and the make the paste told (for
/// `{make}` in `--message`).
fn compose_form(
    args: &UrlArgs,
    profile: Option<&Profile>,
    streams: &mut Streams<'_>,
) -> Result<(ReauthForm, Option<PastedMake>), CommandError> {
    let mut form = ReauthForm::default();
    let mut pasted_make = None;
    if let Some(profile) = profile {
        profile.seed_form(&mut form);
    }
    if let Some(source) = &args.from {
        let text = read_file_or_stdin(source, streams)?;
        let pasted = read_paste(&text)
            .and_then(Reading::into_single)
            .map_err(|e| CommandError::invalid("input", e))?;
        for (field, message) in &pasted.facts.doubts {
            let _ = writeln!(streams.stderr, "warning: {field}: {message}");
        }
        pasted.fill(&mut form);
        pasted_make = PastedMake::from_paste(&pasted);
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
    Ok((form, pasted_make))
}

fn override_with(slot: &mut String, flag: &Option<String>) {
    if let Some(value) = flag {
        slot.clone_from(value);
    }
}
