//! The kind picker and each kind's fields: re-authentication (its form is `link_form`'s),
//! Tesla permissions and new connection, under the contract picked (the chosen profile's
//! unless changed). Labels follow the contract; the core's findings show under each field
//! with the same first look as the re-authentication form.

use egui::{RichText, Ui};

use crate::link::connect::{CONNECT_RESPONSE_TYPES, MODES};
use crate::link::{Field, LinkKind};
use crate::ui::command::WindowCommand;
use crate::ui::link::connection_job::LookupState;
use crate::ui::link::inputs::{
    choice_list_ui, contract_list_ui, redirect_input_ui, state_input_ui,
};
use crate::ui::link::kind_forms::{KindForms, connect_text, connect_text_mut};
use crate::ui::link::reauth_fields::{FormChoices, form_fields_ui};
use crate::ui::link::reauth_form::ReauthFormState;
use crate::ui::link::scope_picker::scope_picker_ui;
use crate::ui::shortcuts::Shortcuts;
use crate::ui::widgets::{findings_ui, labelled_text_field};

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
    kinds: &mut KindForms,
    reauth: &mut ReauthFormState,
    profile_chosen: bool,
    connection: Option<&LookupState>,
    shortcuts: &Shortcuts,
    commands: &mut Vec<WindowCommand>,
) {
    // The chosen profile's contract; a pick here changes it for this window's links only.
    let mut contract = kinds.contract();
    if contract_list_ui(ui, "contract", &mut contract) {
        reauth.set_contract(contract);
        kinds.set_contract(contract);
    }
    match kinds.kind() {
        LinkKind::Reauth => {
            let chosen = FormChoices {
                profile_chosen,
                connection,
            };
            form_fields_ui(ui, reauth, &chosen, shortcuts, commands);
        }
        LinkKind::TeslaPermissions => tesla_fields_ui(ui, kinds),
        LinkKind::Connect => connect_fields_ui(ui, kinds, shortcuts, commands),
    }
}

fn tesla_fields_ui(ui: &mut Ui, kinds: &mut KindForms) {
    let label = Field::ClientId.label(kinds.contract());
    let mut client_id = kinds.tesla().client_id.clone();
    if labelled_text_field(ui, label, &mut client_id, CLIENT_ID_HINT, true).changed() {
        kinds.edit_tesla(Field::ClientId, |form| form.client_id = client_id);
    }
    kind_findings_ui(ui, kinds, Field::ClientId);
    scope_picker_ui(ui, kinds);
    kind_findings_ui(ui, kinds, Field::Scope);
}

/// What a support case fills first (the app, the permissions, which vehicle), then the
/// optional values, then the ones that rarely change.
fn connect_fields_ui(
    ui: &mut Ui,
    kinds: &mut KindForms,
    shortcuts: &Shortcuts,
    commands: &mut Vec<WindowCommand>,
) {
    connect_text_ui(ui, kinds, Field::ClientId, CLIENT_ID_HINT);
    connect_redirect_ui(ui, kinds);
    scope_picker_ui(ui, kinds);
    kind_findings_ui(ui, kinds, Field::Scope);
    connect_text_ui(
        ui,
        kinds,
        Field::Make,
        "optional: skip the brand list, like TESLA or BMW",
    );
    connect_text_ui(
        ui,
        kinds,
        Field::Vin,
        "optional: 17 characters; connects only this vehicle",
    );
    connect_tick_ui(
        ui,
        kinds,
        Field::SingleSelect,
        "The owner picks one vehicle (a VIN implies it)",
    );
    connect_text_ui(
        ui,
        kinds,
        Field::Country,
        "optional: two letters, like DE or US",
    );
    connect_state_ui(ui, kinds, shortcuts, commands);
    connect_text_ui(
        ui,
        kinds,
        Field::User,
        "optional: your own id for the owner",
    );
    connect_choice_ui(ui, kinds, Field::Mode, &MODES);
    connect_tick_ui(
        ui,
        kinds,
        Field::ForcePrompt,
        "Ask for approval even when the owner approved before",
    );
    connect_choice_ui(ui, kinds, Field::ResponseType, &CONNECT_RESPONSE_TYPES);
}

fn connect_text_ui(ui: &mut Ui, kinds: &mut KindForms, field: Field, hint: &str) {
    let label = field.label(kinds.contract());
    let mut value = connect_text(kinds.connect(), field)
        .unwrap_or_default()
        .to_owned();
    if labelled_text_field(ui, label, &mut value, hint, true).changed() {
        kinds.edit_connect(field, |form| {
            if let Some(slot) = connect_text_mut(form, field) {
                *slot = value;
            }
        });
    }
    kind_findings_ui(ui, kinds, field);
}

/// Typed by hand, or left out; a profile fills in its default.
fn connect_redirect_ui(ui: &mut Ui, kinds: &mut KindForms) {
    let field = Field::RedirectUri;
    let mut leave_out = kinds.connect().omit_redirect_uri;
    let mut uri = kinds.connect().redirect_uri.clone();
    if redirect_input_ui(ui, field.label(kinds.contract()), &mut uri, &mut leave_out) {
        kinds.edit_connect(field, |form| {
            form.redirect_uri = uri;
            form.omit_redirect_uri = leave_out;
        });
    }
    kind_findings_ui(ui, kinds, field);
}

fn connect_state_ui(
    ui: &mut Ui,
    kinds: &mut KindForms,
    shortcuts: &Shortcuts,
    commands: &mut Vec<WindowCommand>,
) {
    let field = Field::State;
    let mut value = kinds.connect().state.clone();
    let input = state_input_ui(ui, field.label(kinds.contract()), &mut value, shortcuts);
    if input.changed {
        kinds.edit_connect(field, |form| form.state = value);
    }
    if input.generate {
        commands.push(WindowCommand::GenerateState);
    }
    kind_findings_ui(ui, kinds, field);
}

fn connect_tick_ui(ui: &mut Ui, kinds: &mut KindForms, field: Field, hover: &str) {
    let form = kinds.connect();
    let mut ticked = match field {
        Field::ForcePrompt => form.force_prompt,
        _ => form.single_select,
    };
    let label = field.label(kinds.contract());
    if ui
        .checkbox(&mut ticked, label)
        .on_hover_text(hover)
        .changed()
    {
        kinds.edit_connect(field, |form| match field {
            Field::ForcePrompt => form.force_prompt = ticked,
            _ => form.single_select = ticked,
        });
    }
    kind_findings_ui(ui, kinds, field);
}

/// One of the core's accepted values; an empty value shows as the first (the default).
fn connect_choice_ui(ui: &mut Ui, kinds: &mut KindForms, field: Field, accepted: &[&'static str]) {
    let typed = connect_text(kinds.connect(), field).unwrap_or_default();
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
    let contract = kinds.contract();
    choice_list_ui(
        ui,
        field.label(contract),
        field.key(contract),
        &mut choice,
        &choices,
    );
    if choice != current {
        kinds.edit_connect(field, |form| {
            if let Some(slot) = connect_text_mut(form, field) {
                *slot = choice.to_owned();
            }
        });
    }
    kind_findings_ui(ui, kinds, field);
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

/// The field's findings; while the field keeps quiet (empty, untouched) only a neutral hint.
fn kind_findings_ui(ui: &mut Ui, kinds: &KindForms, field: Field) {
    let Some(checked) = kinds.checked(kinds.kind()) else {
        return;
    };
    let findings = checked.findings.for_field(field);
    if kinds.speaks(field) {
        findings_ui(
            ui,
            findings.map(|finding| (finding.severity(), finding.message())),
        );
    } else {
        for finding in findings {
            ui.add(egui::Label::new(RichText::new(finding.message()).weak()).wrap());
        }
    }
    ui.add_space(6.0);
}
