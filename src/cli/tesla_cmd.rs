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
    let client_id = args
        .client_id
        .clone()
        .or_else(|| profile.as_ref().map(|p| p.client_id.clone()))
        .unwrap_or_default();
    let form = TeslaPermissionsForm {
        client_id,
        scopes: args.scopes.clone(),
        contract,
    };
    let checked = check_tesla_permissions(&form);
    let output = kind_link_output(&checked, contract, args.json)?;
    let leaving = LeavingLink {
        link: &output.link.url,
        printed: output.printed,
        warning_lines: output.warning_lines,
        profile: profile.as_ref(),
        kind: LinkKind::TeslaPermissions.name(),
        vehicle_id: "",
        // The permissions link is for a Tesla by definition.
        make: Some("Tesla"),
        state: "",
        owner_id: "",
    };
    deliver(cli, &args.delivery, leaving, streams)
}
