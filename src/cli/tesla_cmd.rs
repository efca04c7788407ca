//! `reauth-link tesla-permissions`: the link that asks a Tesla owner for more permissions.

use super::link_delivery::{LeavingLink, deliver};
use super::link_naming::{kind_link_output, resolve_contract};
use super::profile_lookup::optional_profile;
use super::{Cli, CommandError, Streams, TeslaPermissionsArgs};
use crate::link::{LinkKind, TeslaPermissionsForm, check_tesla_permissions};

pub fn run(
    cli: &Cli,
    args: &TeslaPermissionsArgs,
    streams: &mut Streams<'_>,
) -> Result<(), CommandError> {
    let profile = optional_profile(cli, args.profile.as_deref())?;
    let contract = resolve_contract(args.contract.as_deref(), profile.as_ref())?;
    let mut form = TeslaPermissionsForm::default();
    if let Some(profile) = &profile {
        profile.seed_tesla_form(&mut form);
    }
    if let Some(client_id) = &args.client_id {
        form.client_id.clone_from(client_id);
    }
    form.contract = contract;
    form.scopes.clone_from(&args.scopes);
    let checked = check_tesla_permissions(&form);
    let output = kind_link_output(&checked, contract, args.json)?;
    let leaving = LeavingLink {
        link: &output.link.url,
        printed: output.printed,
        warning_lines: output.warning_lines,
        profile: profile.as_ref(),
        kind: LinkKind::TeslaPermissions,
        vehicle_id: "",
        // The permissions link is for a Tesla by definition.
        make: Some("Tesla"),
        state: "",
        owner_id: "",
    };
    deliver(cli, &args.delivery, leaving, streams)
}
