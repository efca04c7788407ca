//! What the link commands share: the contract and response type from flags over the
//! profile, and the `--json` output every link command prints.

use serde_json::json;

use super::CommandError;
use super::args::LinkFormArgs;
use crate::link::length::{LINK_FIELD, long_link_warning};
use crate::link::{BuiltLink, Checked, Contract, ReauthOptions, ResponseType};
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

/// A checked link of any kind with what is printed for it, before it is printed.
pub struct KindLinkOutput<'c> {
    pub link: &'c BuiltLink,
    /// The bare link, or its JSON.
    pub printed: String,
    /// `warning: <field>: <message>` for stderr.
    pub warning_lines: Vec<String>,
}

/// The link of a checked link of any kind, what is printed for it and its warnings; or
/// exit 2 with every finding.
pub fn kind_link_output(
    checked: &Checked,
    contract: Contract,
    json: bool,
) -> Result<KindLinkOutput<'_>, CommandError> {
    let Some(link) = &checked.link else {
        return Err(CommandError::Invalid(
            checked
                .findings
                .iter()
                .map(|finding| finding.line(contract))
                .collect(),
        ));
    };
    let params: Vec<(&str, &str)> = link
        .params
        .iter()
        .map(|(name, value)| (*name, value.as_str()))
        .collect();
    let warnings = checked
        .findings
        .warnings()
        .map(|warning| (warning.field.key(contract), warning.message()))
        .collect();
    let PrintedLink {
        printed,
        warning_lines,
    } = printed_link(&link.url, &params, warnings, json)?;
    Ok(KindLinkOutput {
        link,
        printed,
        warning_lines,
    })
}

/// What a link command prints for its link, and the warnings it writes to stderr.
pub struct PrintedLink {
    /// The bare link, or its JSON.
    pub printed: String,
    /// `warning: <field>: <message>`, the link's length last.
    pub warning_lines: Vec<String>,
}

/// The bare link (or its JSON, warnings inside) for any kind, and the warning lines:
/// the findings' `(field, message)` and, for a link mail programs may cut, its length.
pub fn printed_link(
    url: &str,
    params: &[(&str, &str)],
    mut warnings: Vec<(&str, String)>,
    json: bool,
) -> Result<PrintedLink, CommandError> {
    if let Some(warning) = long_link_warning(url) {
        warnings.push((LINK_FIELD, warning));
    }
    let warning_lines = warnings
        .iter()
        .map(|(field, message)| format!("warning: {field}: {message}"))
        .collect();
    let printed = if json {
        link_json(url, params, warnings.into_iter())?
    } else {
        format!("{url}\n")
    };
    Ok(PrintedLink {
        printed,
        warning_lines,
    })
}
