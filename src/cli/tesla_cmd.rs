//! `reauth-link tesla-permissions`: the link that asks a Tesla owner for more permissions.

use super::link_naming::{print_kind_link, resolve_contract};
use super::profile_lookup::find_profile;
use super::{Cli, CommandError, Streams, TeslaPermissionsArgs};
use crate::link::{TeslaPermissionsForm, check_tesla_permissions};

pub fn run(
    cli: &Cli,
    args: &TeslaPermissionsArgs,
    streams: &mut Streams<'_>,
) -> Result<(), CommandError> {
    let profile = match &args.profile {
        Some(name) => Some(find_profile(cli, name)?),
        None => None,
    };
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
    print_kind_link(
        &check_tesla_permissions(&form),
        contract,
        args.json,
        streams,
    )
}
