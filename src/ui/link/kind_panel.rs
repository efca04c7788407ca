//! The kind picker and each kind's fields: re-authentication (drawn by `reauth_fields`),
//! Tesla permissions and new connection, under the contract picked (the chosen profile's
//! unless changed). Labels follow the contract; the core's findings show under each field
//! with the same first look as the re-authentication form.

use egui::{RichText, Ui};

use crate::link::connect::{CONNECT_RESPONSE_TYPES, MODES};
use crate::link::{ConnectForm, Field, LinkKind, TeslaPermissionsForm};
use crate::ui::command::WindowCommand;
use crate::ui::link::connect_form::{connect_text, connect_text_mut};
use crate::ui::link::connection_job::LookupState;
use crate::ui::link::field_findings::field_findings_ui;
use crate::ui::link::inputs::{
    choice_list_ui, contract_list_ui, redirect_input_ui, state_input_ui,
};
use crate::ui::link::kind_form::KindFormState;
use crate::ui::link::link_forms::LinkForms;
use crate::ui::link::reauth_fields::{FormChoices, form_fields_ui};
use crate::ui::link::scope_picker::scope_picker_ui;
use crate::ui::shortcuts::Shortcuts;
use crate::ui::widgets::labelled_text_field;

type TeslaState = KindFormState<TeslaPermissionsForm>;
type ConnectState = KindFormState<ConnectForm>;

pub const KIND_LABEL: &str = "Kind of link";
const CLIENT_ID_HINT: &str = "a UUID from the dashboard";

/// The three kinds side by side, each with its purpose on hover; the chosen one's purpose
/// in a line under them.
pub fn kind_picker_ui(ui: &mut Ui, current: LinkKind, commands: &mut Vec<WindowCommand>) {
    ui.label(KIND_LABEL);
    ui.horizontal_wrapped(|ui| {
        for kind in LinkKind::ALL {
            let clicked = ui
                .selectable_label(kind == current, kind.label())
                .on_hover_text(kind.purpose())
                .clicked();
            if clicked && kind != current {
                commands.push(WindowCommand::ChooseKind {
                    kind,
                    values: Vec::new(),
                });
            }
        }
    });
    ui.add(egui::Label::new(RichText::new(current.purpose()).weak()).wrap());
    ui.add_space(6.0);
}

/// The contract picker, then the shown kind's fields.
pub fn kind_fields_ui(
    ui: &mut Ui,
    forms: &mut LinkForms,
    profile_chosen: bool,
    connection: Option<&LookupState>,
    shortcuts: &Shortcuts,
    commands: &mut Vec<WindowCommand>,
) {
    // The chosen profile's contract; a pick here changes it for this window's links only.
    let mut contract = forms.contract();
    if contract_list_ui(ui, "contract", &mut contract) {
        forms.set_contract(contract);
    }
    match forms.kind() {
        LinkKind::Reauth => {
            let chosen = FormChoices {
                profile_chosen,
                connection,
            };
            form_fields_ui(ui, &mut forms.reauth, &chosen, shortcuts, commands);
        }
        LinkKind::TeslaPermissions => {
            tesla_fields_ui(ui, &mut forms.tesla, &mut forms.scope_search);
        }
        LinkKind::Connect => connect_fields_ui(
            ui,
            &mut forms.connect,
            &mut forms.scope_search,
            shortcuts,
            commands,
        ),
    }
}

fn tesla_fields_ui(ui: &mut Ui, tesla: &mut TeslaState, scope_search: &mut String) {
    let label = Field::ClientId.label(tesla.contract());
    let mut client_id = tesla.form().client_id.clone();
    if labelled_text_field(ui, label, &mut client_id, CLIENT_ID_HINT, true).changed() {
        tesla.edit(Field::ClientId, |form| form.client_id = client_id);
    }
    field_findings_ui(ui, tesla, Field::ClientId);
    scope_picker_ui(ui, tesla, scope_search);
    field_findings_ui(ui, tesla, Field::Scope);
}

/// What a support case fills first (the app, the permissions, which vehicle), then the
/// optional values, then the ones that rarely change.
fn connect_fields_ui(
    ui: &mut Ui,
    connect: &mut ConnectState,
    scope_search: &mut String,
    shortcuts: &Shortcuts,
    commands: &mut Vec<WindowCommand>,
) {
    connect_text_ui(ui, connect, Field::ClientId, CLIENT_ID_HINT);
    connect_redirect_ui(ui, connect);
    scope_picker_ui(ui, connect, scope_search);
    field_findings_ui(ui, connect, Field::Scope);
    connect_text_ui(
        ui,
        connect,
        Field::Make,
        "optional: skip the brand list, like TESLA or BMW",
    );
    connect_text_ui(
        ui,
        connect,
        Field::Vin,
        "optional: 17 characters; connects only this vehicle",
    );
    connect_tick_ui(
        ui,
        connect,
        Field::SingleSelect,
        "The owner picks one vehicle (a VIN implies it)",
    );
    connect_text_ui(
        ui,
        connect,
        Field::Country,
        "optional: two letters, like DE or US",
    );
    connect_state_ui(ui, connect, shortcuts, commands);
    connect_text_ui(
        ui,
        connect,
        Field::User,
        "optional: your own id for the owner",
    );
    connect_choice_ui(ui, connect, Field::Mode, &MODES);
    connect_tick_ui(
        ui,
        connect,
        Field::ForcePrompt,
        "Ask for approval even when the owner approved before",
    );
    connect_choice_ui(ui, connect, Field::ResponseType, &CONNECT_RESPONSE_TYPES);
}

fn connect_text_ui(ui: &mut Ui, connect: &mut ConnectState, field: Field, hint: &str) {
    let label = field.label(connect.contract());
    let mut value = connect_text(connect.form(), field)
        .unwrap_or_default()
        .to_owned();
    if labelled_text_field(ui, label, &mut value, hint, true).changed() {
        connect.edit(field, |form| {
            if let Some(slot) = connect_text_mut(form, field) {
                *slot = value;
            }
        });
    }
    field_findings_ui(ui, connect, field);
}

/// Typed by hand, or left out; a profile fills in its default.
fn connect_redirect_ui(ui: &mut Ui, connect: &mut ConnectState) {
    let field = Field::RedirectUri;
    let mut leave_out = connect.form().omit_redirect_uri;
    let mut uri = connect.form().redirect_uri.clone();
    if redirect_input_ui(
        ui,
        field.label(connect.contract()),
        &mut uri,
        &mut leave_out,
    ) {
        connect.edit(field, |form| {
            form.redirect_uri = uri;
            form.omit_redirect_uri = leave_out;
        });
    }
    field_findings_ui(ui, connect, field);
}

fn connect_state_ui(
    ui: &mut Ui,
    connect: &mut ConnectState,
    shortcuts: &Shortcuts,
    commands: &mut Vec<WindowCommand>,
) {
    let field = Field::State;
    let mut value = connect.form().state.clone();
    let input = state_input_ui(ui, field.label(connect.contract()), &mut value, shortcuts);
    if input.changed {
        connect.edit(field, |form| form.state = value);
    }
    if input.generate {
        commands.push(WindowCommand::GenerateState);
    }
    field_findings_ui(ui, connect, field);
}

fn connect_tick_ui(ui: &mut Ui, connect: &mut ConnectState, field: Field, hover: &str) {
    let form = connect.form();
    let mut ticked = match field {
        Field::ForcePrompt => form.force_prompt,
        _ => form.single_select,
    };
    let label = field.label(connect.contract());
    if ui
        .checkbox(&mut ticked, label)
        .on_hover_text(hover)
        .changed()
    {
        connect.edit(field, |form| match field {
            Field::ForcePrompt => form.force_prompt = ticked,
            _ => form.single_select = ticked,
        });
    }
    field_findings_ui(ui, connect, field);
}

/// One of the core's accepted values; an empty value shows as the first (the default).
fn connect_choice_ui(
    ui: &mut Ui,
    connect: &mut ConnectState,
    field: Field,
    accepted: &[&'static str],
) {
    let typed = connect_text(connect.form(), field).unwrap_or_default();
    let current = accepted
        .iter()
        .copied()
        .find(|value| *value == typed.trim())
        .or_else(|| accepted.first().copied())
        .unwrap_or_default();
    let mut choice = current;
    let choices: Vec<_> = accepted
        .iter()
        .map(|value| (*value, *value, choice_hover(field, value)))
        .collect();
    let contract = connect.contract();
    choice_list_ui(
        ui,
        field.label(contract),
        field.key(contract),
        &mut choice,
        &choices,
    );
    if choice != current {
        connect.edit(field, |form| {
            if let Some(slot) = connect_text_mut(form, field) {
                *slot = choice.to_owned();
            }
        });
    }
    field_findings_ui(ui, connect, field);
}

fn choice_hover(field: Field, value: &str) -> &'static str {
    match (field, value) {
        (Field::Mode, "simulated") => "Smartcar's simulated vehicles",
        (Field::Mode, "test") => "Test vehicles with made-up data",
        (Field::Mode, _) => "Real vehicles",
        (_, "none") => "Nothing comes back: the flow ends on Smartcar's page",
        (_, _) => "Connect returns a code to the redirect URI for your back end",
    }
}
