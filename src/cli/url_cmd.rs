//! `reauth-link url`: one link on stdout, warnings on stderr.

use serde_json::json;

use super::input::read_file_or_stdin;
use super::profile_lookup::find_profile;
use super::{Cli, CommandError, MessageForm, Streams, UrlArgs, write_out};
use crate::deliver::{
    MessageTemplates, MessageValues, QrImageFormat, qr, render_email, render_text, save_qr,
};
use crate::link::{ReauthForm, ReauthRequest, check, generate_state, parse_paste};
use crate::profiles::Profile;

pub fn run(cli: &Cli, args: &UrlArgs, streams: &mut Streams<'_>) -> Result<(), CommandError> {
    let profile = match &args.profile {
        Some(name) => Some(find_profile(cli, name)?),
        None => None,
    };
    let form = compose_form(args, profile.as_ref(), streams)?;
    let registered = profile
        .as_ref()
        .map(|p| p.redirect_uris.clone())
        .unwrap_or_default();
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
    let link = request.url_string();
    // Everything that can fail on the input is done before anything is written.
    let code = if args.qr || args.qr_png.is_some() {
        Some(qr::matrix(&link).map_err(|e| CommandError::invalid("qr", e))?)
    } else {
        None
    };
    let mut output = if args.json {
        json_output(&request, &warnings)?
    } else if let Some(form) = args.message {
        let values = MessageValues {
            link: &link,
            app: profile.as_ref().map(|p| p.name.as_str()),
            make: None,
            vehicle_id: request.vehicle_id.as_str(),
            ticket: args.ticket.as_deref(),
        };
        let templates = profile.as_ref().map(|p| &*p.messages);
        message_output(form, templates, &values)?
    } else {
        format!("{link}\n")
    };
    if let Some(code) = &code {
        if args.qr {
            output.push_str(&code.terminal());
        }
        if let Some(path) = &args.qr_png {
            save_qr(code, path, QrImageFormat::Png).map_err(|e| {
                CommandError::failure(format!("cannot write {}: {e}", path.display()))
            })?;
        }
    }
    write_out(streams.stdout, &output)
}

/// The customer message in the form asked for; without a profile, the default templates.
fn message_output(
    form: MessageForm,
    templates: Option<&MessageTemplates>,
    values: &MessageValues<'_>,
) -> Result<String, CommandError> {
    let defaults = MessageTemplates::default();
    let templates = templates.unwrap_or(&defaults);
    let rendered = match form {
        MessageForm::Email => render_email(templates, values).map(|email| email.to_text()),
        MessageForm::Text => render_text(templates, values).map(|text| format!("{text}\n")),
    };
    // A hand-edited profiles file can hold a template the editor would have refused.
    rendered.map_err(|(kind, error)| {
        CommandError::invalid(
            kind.key(),
            format!("the profile's template: {error}; fix it in the profile"),
        )
    })
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
