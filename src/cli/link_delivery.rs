//! What every link command (`url`, `tesla-permissions`, `connect`) does once its link is
//! checked: the customer message instead of the bare link, the QR code, the PNG, and the
//! record in the history with the ticket. One path, so the three kinds can never differ.

use super::recording::{agent, history_failure, open_for_recording};
use super::{Cli, CommandError, DeliveryArgs, MessageForm, Streams, write_out};
use crate::deliver::{
    MessageTemplates, MessageValues, QrImageFormat, TemplateError, TemplateKind, qr, render_email,
    render_text, save_qr,
};
use crate::history::time::now_ms;
use crate::history::{
    EARLIER_LINKS_LOOKED_AT, EntryKind, NewEntry, Via, already_sent_warning, shared_state_warning,
};
use crate::link::LinkKind;
use crate::profiles::Profile;

/// A checked link about to leave, with what its message and history entry need.
pub struct LeavingLink<'a> {
    pub link: &'a str,
    /// What is printed when no message is asked for: the bare link or its JSON.
    pub printed: String,
    /// `warning: <field>: <message>` lines for stderr, written once the link is sure to
    /// leave.
    pub warning_lines: Vec<String>,
    pub profile: Option<&'a Profile>,
    pub kind: LinkKind,
    /// Empty for the kinds that name no vehicle.
    pub vehicle_id: &'a str,
    /// For the message's `{make}`: what a paste or a flag told, if anything.
    pub make: Option<&'a str>,
    pub state: &'a str,
    pub owner_id: &'a str,
}

/// Prints the link (or its message), then its QR code; writes the PNG; records it when a
/// ticket is given. Everything that can fail on the input (the QR code, the templates) is
/// done before anything is written, and the record is made before the link is printed:
/// a link that leaves is always in the history.
pub fn deliver(
    cli: &Cli,
    delivery: &DeliveryArgs,
    leaving: LeavingLink<'_>,
    streams: &mut Streams<'_>,
) -> Result<(), CommandError> {
    let code = if delivery.qr || delivery.qr_png.is_some() {
        Some(qr::matrix(leaving.link).map_err(|e| CommandError::invalid("qr", e))?)
    } else {
        None
    };
    for line in &leaving.warning_lines {
        let _ = writeln!(streams.stderr, "{line}");
    }
    let mut output = match delivery.message {
        Some(form) => message_output(form, &leaving, delivery.ticket.as_deref())?,
        None => leaving.printed.clone(),
    };
    if let Some(code) = &code {
        if delivery.qr {
            output.push_str(&code.terminal());
        }
        if let Some(path) = &delivery.qr_png {
            save_qr(code, path, QrImageFormat::Png).map_err(|e| {
                CommandError::failure(format!("cannot write {}: {e}", path.display()))
            })?;
        }
    }
    if let Some(ticket) = &delivery.ticket {
        record(cli, &leaving, ticket, streams)?;
    }
    write_out(streams.stdout, &output)
}

/// The customer message in the form asked for; without a profile, the default templates.
fn message_output(
    form: MessageForm,
    leaving: &LeavingLink<'_>,
    ticket: Option<&str>,
) -> Result<String, CommandError> {
    let values = MessageValues {
        link: leaving.link,
        app: leaving.profile.map(|p| p.name.as_str()),
        make: leaving.make,
        vehicle_id: leaving.vehicle_id,
        ticket,
    };
    let defaults = MessageTemplates::default();
    let templates = leaving.profile.map_or(&defaults, |p| &*p.messages);
    let rendered = match form {
        MessageForm::Email => render_email(templates, &values).map(|email| email.to_text()),
        MessageForm::Text => render_text(templates, &values).map(|text| format!("{text}\n")),
    };
    rendered.map_err(|(kind, error)| template_error(kind, error))
}

/// A hand-edited profiles file can hold a template the editor would have refused: exit 2
/// naming the template and saying where to fix it.
pub fn template_error(kind: TemplateKind, error: TemplateError) -> CommandError {
    CommandError::invalid(
        kind.key(),
        format!("the profile's template: {error}; fix it in the profile"),
    )
}

/// The link's entry in the history, after a warning when its state already went out
/// for another vehicle, and one when a link went to the same vehicle lately.
fn record(
    cli: &Cli,
    leaving: &LeavingLink<'_>,
    ticket: &str,
    streams: &mut Streams<'_>,
) -> Result<(), CommandError> {
    let Some(mut store) = open_for_recording(cli, &mut *streams.stderr)? else {
        return Ok(());
    };
    let entry = NewEntry {
        time_ms: now_ms(),
        kind: EntryKind::Link(leaving.kind),
        profile: leaving.profile.map(|p| p.name.clone()).unwrap_or_default(),
        vehicle_id: leaving.vehicle_id.to_owned(),
        state: leaving.state.to_owned(),
        owner_id: leaving.owner_id.to_owned(),
        ticket: ticket.to_owned(),
        via: Via::CommandLine,
        link: leaving.link.to_owned(),
        agent: agent(cli)?,
    };
    if !entry.state.is_empty() {
        let earlier = store.with_state(&entry.state).map_err(history_failure)?;
        if let Some(warning) = shared_state_warning(&earlier, &entry.vehicle_id) {
            let _ = writeln!(streams.stderr, "warning: state: {warning}");
        }
    }
    if !entry.vehicle_id.is_empty() {
        let to_vehicle = store
            .search(&entry.vehicle_id, 0, EARLIER_LINKS_LOOKED_AT)
            .map_err(history_failure)?;
        if let Some(warning) = already_sent_warning(&to_vehicle, &entry) {
            let _ = writeln!(streams.stderr, "warning: vehicle_id: {warning}");
        }
    }
    store.record(&entry).map_err(history_failure)?;
    Ok(())
}
