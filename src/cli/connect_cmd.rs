//! `reauth-link connect`: a new-connection link, for a vehicle gone from the account.

use super::link_delivery::{LeavingLink, deliver};
use super::link_naming::{kind_link_output, resolve_contract};
use super::profile_lookup::optional_profile;
use super::{Cli, CommandError, ConnectArgs, Streams};
use crate::deliver::make_for_owner;
use crate::link::{ConnectForm, LinkKind, check_connect, generate_state};

pub fn run(cli: &Cli, args: &ConnectArgs, streams: &mut Streams<'_>) -> Result<(), CommandError> {
    let profile = optional_profile(cli, args.profile.as_deref())?;
    let contract = resolve_contract(args.contract.as_deref(), profile.as_ref())?;
    let mut form = ConnectForm::default();
    if let Some(profile) = &profile {
        profile.seed_connect_form(&mut form);
    }
    form.contract = contract;
    form.scopes.clone_from(&args.scopes);
    form.force_prompt = args.force_prompt;
    form.single_select = args.single_select;
    // --user and --external-id are one owner id under two names (clap refuses both).
    let owner = args.external_id.as_ref().or(args.user.as_ref());
    let flags = [
        (&mut form.client_id, args.client_id.as_ref()),
        (&mut form.state, args.state.as_ref()),
        (&mut form.mode, args.mode.as_ref()),
        (&mut form.make, args.make.as_ref()),
        (&mut form.vin, args.vin.as_ref()),
        (&mut form.country, args.country.as_ref()),
        (&mut form.user, owner),
        (&mut form.response_type, args.response_type.as_ref()),
    ];
    for (slot, flag) in flags {
        if let Some(value) = flag {
            slot.clone_from(value);
        }
    }
    if let Some(uri) = &args.redirect_uri {
        form.redirect_uri.clone_from(uri);
        form.omit_redirect_uri = false;
    }
    if args.no_redirect_uri {
        form.redirect_uri.clear();
        form.omit_redirect_uri = true;
    }
    if args.random_state {
        form.state = generate_state().map_err(CommandError::failure)?;
    }
    let registered = profile
        .as_ref()
        .map(|p| p.redirect_uris.clone())
        .unwrap_or_default();
    let checked = check_connect(&form, &registered);
    let output = kind_link_output(&checked, contract, args.json)?;
    let make = make_for_owner(&form.make);
    let leaving = LeavingLink {
        link: &output.link.url,
        printed: output.printed,
        warning_lines: output.warning_lines,
        profile: profile.as_ref(),
        kind: LinkKind::Connect,
        vehicle_id: "",
        make: make.as_deref(),
        state: form.state.trim(),
        owner_id: form.user.trim(),
    };
    deliver(cli, &args.delivery, leaving, streams)
}
