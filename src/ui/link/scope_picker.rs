//! The scope picker: a search box over Connect's documented permissions (the core's list),
//! a tick per permission and, once ticked, a `required:` toggle (the owner cannot untick
//! it). Scopes that are not documented (typed elsewhere) are listed to remove; the core's
//! findings on them show under the picker.

use egui::{RichText, Ui};

use crate::link::Field;
use crate::link::scopes::{REQUIRED_PREFIX, search_permissions};
use crate::ui::link::kind_form::{KindForm, KindFormState};
use crate::ui::widgets::{field_width, labelled_text_field};

pub const SEARCH_PERMISSIONS: &str = "Search permissions";
/// Starts the line that lists the ticked permissions.
pub const CHOSEN: &str = "Chosen:";
/// Room for about eight permissions; the list scrolls beyond that.
const LIST_HEIGHT: f32 = 190.0;

/// The accessible name of a permission's `required:` toggle.
pub fn required_label(permission: &str) -> String {
    format!("{REQUIRED_PREFIX} {permission}")
}

/// The accessible name of the button that drops an undocumented scope.
pub fn remove_label(typed: &str) -> String {
    format!("Remove {typed}")
}

/// The picker for `kinds`' permissions, with the search box's text in `search`.
pub fn scope_picker_ui<F: KindForm>(
    ui: &mut Ui,
    kinds: &mut KindFormState<F>,
    search: &mut String,
) {
    ui.label(Field::Scope.label(kinds.contract()));
    labelled_text_field(
        ui,
        SEARCH_PERMISSIONS,
        search,
        "part of a name, like charge or location",
        false,
    );
    // The ticked ones stay in sight however far the list is scrolled or narrowed.
    let chosen = kinds.chosen_scopes().join(" ");
    if !chosen.is_empty() {
        let line = RichText::new(format!("{CHOSEN} {chosen}")).weak();
        ui.add(egui::Label::new(line).wrap());
    }
    let matching: Vec<&'static str> = search_permissions(search).collect();
    if matching.is_empty() {
        ui.weak(format!(
            "No documented permission matches “{}”.",
            search.trim()
        ));
    }
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(field_width(ui));
        egui::ScrollArea::vertical()
            .id_salt("permissions")
            .max_height(LIST_HEIGHT)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                for permission in matching {
                    permission_row_ui(ui, kinds, permission);
                }
            });
    });
    undocumented_ui(ui, kinds);
}

fn permission_row_ui<F: KindForm>(
    ui: &mut Ui,
    kinds: &mut KindFormState<F>,
    permission: &'static str,
) {
    let state = kinds.scope_ticked(permission);
    ui.horizontal(|ui| {
        let mut ticked = state.is_some();
        if ui
            .checkbox(&mut ticked, RichText::new(permission).monospace())
            .changed()
        {
            kinds.tick_scope(permission, ticked);
        }
        if let Some(mut required) = state {
            let toggle = ui
                .checkbox(&mut required, REQUIRED_PREFIX)
                .on_hover_text("The owner cannot untick this permission")
                .accessible_name(required_label(permission));
            if toggle.changed() {
                kinds.set_scope_required(permission, required);
            }
        }
    });
}

fn undocumented_ui<F: KindForm>(ui: &mut Ui, kinds: &mut KindFormState<F>) {
    for typed in kinds.undocumented_scopes() {
        ui.horizontal(|ui| {
            ui.label(RichText::new(&typed).monospace());
            if ui
                .small_button("Remove")
                .accessible_name(remove_label(&typed))
                .clicked()
            {
                kinds.remove_typed_scope(&typed);
            }
        });
    }
}
