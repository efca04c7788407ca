//! What the link commands share: the contract and response type from flags over the
//! profile, and the `--json` output every link command prints.

use serde_json::json;

use super::args::LinkFormArgs;
use super::{CommandError, Streams, write_out};
use crate::link::length::{LINK_FIELD, long_link_warning};
use crate::link::{Contract, KindChecked, ReauthOptions, ResponseType};
use crate::profiles::Profile;

/// `--contract` over the profile's, else classic; a wrong name is exit 2 naming `contract`.
pub fn resolve_contract(
    flag: Option<&str>,
    profile: Option<&Profile>,
) -> Result<Contract, CommandError> {
    match flag {
        Some(typed) => Contract::parse(typed).map_err(|e| CommandError::invalid("contract", e)),
        None => Ok(profile.map(|p| p.contract).unwrap_or_default()),
    }
}

/// The re-authentication link's names and response type from `--contract` and
/// `--response-type`, over the profile's contract.
pub fn resolve_options(
    args: &LinkFormArgs,
    profile: Option<&Profile>,
) -> Result<ReauthOptions, CommandError> {
    let contract = resolve_contract(args.contract.as_deref(), profile)?;
    let response_type = match &args.response_type {
        Some(typed) => {
            ResponseType::parse(typed).map_err(|e| CommandError::invalid("response_type", e))?
        }
        None => ResponseType::default(),
    };
    Ok(ReauthOptions {
        contract,
        response_type,
    })
}

/// `{"url", "params": [[name, value], …], "warnings": [{"field", "message"}]}`.
pub fn link_json<'a>(
    url: &str,
    params: &[(&str, &str)],
    warnings: impl Iterator<Item = (&'a str, String)>,
) -> Result<String, CommandError> {
    let value = json!({
        "url": url,
        "params": params,
        "warnings": warnings.map(|(field, message)| json!({
            "field": field,
            "message": message,
        })).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&value)
        .map(|mut text| {
            text.push('\n');
            text
        })
        .map_err(|e| CommandError::failure(format!("cannot write JSON: {e}")))
}

/// A checked link of any kind: the link (or JSON) on stdout and its warnings on stderr,
/// or exit 2 with every finding.
pub fn print_kind_link(
    checked: &KindChecked,
    contract: Contract,
    json: bool,
    streams: &mut Streams<'_>,
) -> Result<(), CommandError> {
    let Some(link) = &checked.link else {
        return Err(CommandError::Invalid(
            checked
                .findings
                .iter()
                .map(|finding| finding.line(contract))
                .collect(),
        ));
    };
    for warning in checked.findings.warnings() {
        let _ = writeln!(streams.stderr, "{}", warning.line(contract));
    }
    let too_long = long_link_warning(&link.url);
    if let Some(warning) = &too_long {
        let _ = writeln!(streams.stderr, "warning: {LINK_FIELD}: {warning}");
    }
    let output = if json {
        let params: Vec<(&str, &str)> = link
            .params
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .collect();
        link_json(
            &link.url,
            &params,
            checked
                .findings
                .warnings()
                .map(|w| (w.field.key(contract), w.message.clone()))
                .chain(too_long.map(|warning| (LINK_FIELD, warning))),
        )?
    } else {
        format!("{}\n", link.url)
    };
    write_out(streams.stdout, &output)
}
