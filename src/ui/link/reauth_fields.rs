//! The re-authentication form's fields: Client ID, Redirect URI, Vehicle ID, State, User,
//! each with the core's findings right under it. Edits apply at once; buttons return commands.

use egui::{ComboBox, Ui};

use crate::link::{Contract, Field, ResponseType};
use crate::ui::command::WindowCommand;
use crate::ui::link::connection_job::LookupState;
use crate::ui::link::connection_line::connection_line_ui;
use crate::ui::link::field_findings::field_findings_ui;
pub use crate::ui::link::inputs::{GENERATE, LEAVE_OUT_URI};
use crate::ui::link::inputs::{StateInput, choice_list_ui, redirect_input_ui, state_input_ui};
use crate::ui::link::reauth_form::{ReauthFormState, RedirectChoice};
use crate::ui::shortcuts::Shortcuts;
use crate::ui::widgets::{field_width, findings_ui, labelled_text_field};

pub const OTHER_URI: &str = "Other…";
pub const OTHER_URI_LABEL: &str = "Other redirect URI";

/// What the form shows beside its fields: whether a profile is chosen, and the
/// vehicle's Connection line when the management API is set up.
pub struct FormChoices<'a> {
    pub profile_chosen: bool,
    pub connection: Option<&'a LookupState>,
}

pub fn form_fields_ui(
    ui: &mut Ui,
    state: &mut ReauthFormState,
    chosen: &FormChoices<'_>,
    shortcuts: &Shortcuts,
    commands: &mut Vec<WindowCommand>,
) {
    text_field_ui(
        ui,
        state,
        Field::ClientId,
        "Application ID: a UUID from the dashboard",
    );
    if chosen.profile_chosen {
        redirect_pick_ui(ui, state);
    } else {
        redirect_free_ui(ui, state);
    }
    text_field_ui(
        ui,
        state,
        Field::VehicleId,
        "from the API error, the webhook or your records",
    );
    if let Some(connection) = chosen.connection {
        connection_line_ui(ui, connection, shortcuts, commands);
    }
    state_field_ui(ui, state, shortcuts, commands);
    text_field_ui(
        ui,
        state,
        Field::User,
        "optional: your own id for the owner",
    );
    response_type_ui(ui, state);
}

fn text_field_ui(ui: &mut Ui, state: &mut ReauthFormState, field: Field, hint: &str) {
    let label = field.label(state.options().contract);
    state.edit_field(field, |value| {
        labelled_text_field(ui, label, value, hint, true).changed()
    });
    field_findings_ui(ui, state, field);
}

/// No profile: the URI is free text, and leaving it out is a deliberate tick.
fn redirect_free_ui(ui: &mut Ui, state: &mut ReauthFormState) {
    let mut leave_out = state.form().omit_redirect_uri;
    let mut uri = state.form().redirect_uri.clone();
    if redirect_input_ui(
        ui,
        Field::RedirectUri.label(Contract::Classic),
        &mut uri,
        &mut leave_out,
    ) {
        state.edit(|form| {
            form.redirect_uri = uri;
            form.omit_redirect_uri = leave_out;
        });
    }
    field_findings_ui(ui, state, Field::RedirectUri);
}

/// A profile is chosen: pick one of its registered URIs, type another, or leave it out.
fn redirect_pick_ui(ui: &mut Ui, state: &mut ReauthFormState) {
    let label = ui.label(Field::RedirectUri.label(Contract::Classic));
    let current = state.redirect_choice();
    let shown = match &current {
        RedirectChoice::Registered(uri) => uri.as_str(),
        RedirectChoice::Other => OTHER_URI,
        RedirectChoice::LeaveOut => LEAVE_OUT_URI,
    };
    let mut choice = current.clone();
    let registered = state.registered_uris().to_vec();
    ComboBox::from_id_salt("redirect_uri_choice")
        .selected_text(shown)
        .width(field_width(ui))
        .show_ui(ui, |ui| {
            for uri in &registered {
                ui.selectable_value(&mut choice, RedirectChoice::Registered(uri.clone()), uri);
            }
            ui.selectable_value(&mut choice, RedirectChoice::Other, OTHER_URI);
            ui.selectable_value(&mut choice, RedirectChoice::LeaveOut, LEAVE_OUT_URI);
        })
        .response
        .labelled_by(label.id);
    if choice != current {
        state.choose_redirect(choice.clone());
    }
    if choice == RedirectChoice::Other {
        state.edit_field(Field::RedirectUri, |value| {
            labelled_text_field(
                ui,
                OTHER_URI_LABEL,
                value,
                "https://… exactly as registered in the dashboard",
                true,
            )
            .changed()
        });
    }
    field_findings_ui(ui, state, Field::RedirectUri);
}

fn state_field_ui(
    ui: &mut Ui,
    state: &mut ReauthFormState,
    shortcuts: &Shortcuts,
    commands: &mut Vec<WindowCommand>,
) {
    let mut input = StateInput::default();
    state.edit_field(Field::State, |value| {
        input = state_input_ui(ui, Field::State.label(Contract::Classic), value, shortcuts);
        input.changed
    });
    if input.generate {
        commands.push(WindowCommand::GenerateState);
    }
    if let Some(warning) = state.state_warning() {
        let message = warning
            .strip_prefix("state: ")
            .unwrap_or(&warning)
            .to_owned();
        findings_ui(ui, [(crate::link::Severity::Warning, message)]);
    }
    field_findings_ui(ui, state, Field::State);
}

/// What Connect sends back to the redirect URI after re-authentication.
fn response_type_ui(ui: &mut Ui, state: &mut ReauthFormState) {
    let current = state.options().response_type;
    let mut choice = current;
    let choices = ResponseType::ALL.map(|kind| (kind, kind.name(), response_type_hover(kind)));
    choice_list_ui(
        ui,
        Field::ResponseType.label(state.options().contract),
        "reauth_response_type",
        &mut choice,
        &choices,
    );
    if choice != current {
        state.set_response_type(choice);
    }
}

fn response_type_hover(kind: ResponseType) -> &'static str {
    match kind {
        ResponseType::VehicleId => "Connect returns the vehicle to the redirect URI",
        ResponseType::None => {
            "Nothing comes back: the flow ends on Smartcar's page (the redirect URI may be left out)"
        }
    }
}
