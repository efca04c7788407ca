//! `reauth-link url`: one link on stdout, warnings on stderr.

use super::input::read_file_or_stdin;
use super::link_naming::{link_json, resolve_options};
use super::profile_lookup::find_profile;
use super::recording::{agent, history_failure, open_for_recording, url_entry};
use super::{Cli, CommandError, MessageForm, Streams, UrlArgs, write_out};
use crate::deliver::{
    MessageTemplates, MessageValues, PastedMake, QrImageFormat, qr, render_email, render_text,
    save_qr,
};
use crate::history::{already_sent_warning, shared_state_warning};
use crate::link::length::{LINK_FIELD, long_link_warning};
use crate::link::{ReauthForm, check_with_options, generate_state, parse_paste};
use crate::profiles::Profile;

/// Of the entries a search for the vehicle id finds (newest first), how many are looked
/// at for a link already sent to it: the search also matches other fields equal to it.
const EARLIER_LINKS_LOOKED_AT: usize = 20;

pub fn run(cli: &Cli, args: &UrlArgs, streams: &mut Streams<'_>) -> Result<(), CommandError> {
    let profile = match &args.profile {
        Some(name) => Some(find_profile(cli, name)?),
        None => None,
    };
    let options = resolve_options(&args.naming.link_form, profile.as_ref())?;
    let contract = options.contract;
    let (form, pasted_make) = compose_form(args, profile.as_ref(), streams)?;
    let registered = profile
        .as_ref()
        .map(|p| p.redirect_uris.clone())
        .unwrap_or_default();
    let checked = check_with_options(&form, &registered, options);
    let Some(request) = checked.request else {
        return Err(CommandError::from_findings(
            checked.findings.iter(),
            contract,
        ));
    };
    let warnings: Vec<_> = checked.findings.warnings().collect();
    for warning in &warnings {
        let _ = writeln!(streams.stderr, "{}", warning.line(contract));
    }
    let link = request.url_string();
    let too_long = long_link_warning(&link);
    // Everything that can fail on the input is done before anything is written.
    let code = if args.qr || args.qr_png.is_some() {
        Some(qr::matrix(&link).map_err(|e| CommandError::invalid("qr", e))?)
    } else {
        None
    };
    if let Some(warning) = &too_long {
        let _ = writeln!(streams.stderr, "warning: {LINK_FIELD}: {warning}");
    }
    let mut output = if args.json {
        link_json(
            &link,
            &request.params(),
            warnings
                .iter()
                .map(|w| (contract.param_name(w.field), w.message()))
                .chain(too_long.map(|warning| (LINK_FIELD, warning))),
        )?
    } else if let Some(form) = args.message {
        let values = MessageValues {
            link: &link,
            app: profile.as_ref().map(|p| p.name.as_str()),
            make: pasted_make
                .as_ref()
                .and_then(|pasted| pasted.for_vehicle(request.vehicle_id.as_str())),
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
    // Recorded before it is printed: a link that leaves is always in the history.
    if let Some(ticket) = &args.ticket
        && let Some(mut store) = open_for_recording(cli, &mut *streams.stderr)?
    {
        let entry = url_entry(&request, args.profile.as_deref(), ticket, &agent(cli)?);
        let earlier = store.with_state(&entry.state).map_err(history_failure)?;
        if let Some(warning) = shared_state_warning(&earlier, &entry.vehicle_id) {
            let _ = writeln!(streams.stderr, "warning: state: {warning}");
        }
        let to_vehicle = store
            .search(&entry.vehicle_id, 0, EARLIER_LINKS_LOOKED_AT)
            .map_err(history_failure)?;
        if let Some(warning) = already_sent_warning(&to_vehicle, &entry.vehicle_id, entry.time_ms) {
            let _ = writeln!(streams.stderr, "warning: vehicle_id: {warning}");
        }
        store.record(&entry).map_err(history_failure)?;
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
        let pasted = parse_paste(&text).map_err(|e| CommandError::invalid("input", e))?;
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
