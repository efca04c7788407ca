//! The profile editor: list the profiles, add, edit, duplicate, delete (with undo). Every
//! field shows what the core's rules say about it; Save stays disabled while any of them is
//! an error. The editor changes nothing itself: it returns a `ProfileEdit` for the app to
//! apply to its `WindowProfiles`.

use egui::{ComboBox, RichText, TextEdit, Ui};

use crate::link::Field;
use crate::profiles::{Profile, ProfileCheck, ProfileEdit, ProfileField};
use crate::ui::link::inputs::contract_list_ui;
use crate::ui::profiles::template_fields::template_fields_ui;
use crate::ui::profiles::typed_profile::TypedProfile;
use crate::ui::widgets;

/// The field for the client id of the API credentials, which v3 connections are asked
/// with (its secret is kept in the credential store, set on the line below the editor).
pub const API_CLIENT_ID_LABEL: &str = "API client ID (optional: v3 connections)";

/// From this width the list and the editor stand side by side.
const SIDE_BY_SIDE_FROM: f32 = 640.0;
/// The list's column: room for a long profile name and the three list buttons.
const LIST_WIDTH: f32 = 240.0;

#[derive(Debug, Default)]
pub struct ProfileEditor {
    editing: Option<Editing>,
    /// The last deleted profile and where it was, until undone or replaced by another delete.
    deleted: Option<(Profile, usize)>,
}

#[derive(Debug)]
struct Editing {
    draft: TypedProfile,
    /// The draft as it was opened, to tell whether anything was typed since.
    opened: TypedProfile,
}

impl Editing {
    fn new(draft: TypedProfile) -> Self {
        Editing {
            opened: draft.clone(),
            draft,
        }
    }

    /// Once the app has saved the draft, "Discard changes" goes back to what was saved.
    fn follow_saved(&mut self, profiles: &[Profile]) {
        self.draft.follow_saved(profiles);
        if self.draft.is_saved(profiles) {
            self.opened = self.draft.clone();
        }
    }

    fn has_unsaved_changes(&self, profiles: &[Profile]) -> bool {
        self.draft != self.opened && !self.draft.is_saved(profiles)
    }
}

impl ProfileEditor {
    /// Opens the named profile in the editor (e.g. the one chosen in the form).
    pub fn select(&mut self, profile: &Profile) {
        self.editing = Some(Editing::new(TypedProfile::editing(profile)));
    }

    /// The profile being edited, as typed.
    pub fn draft(&self) -> Option<&TypedProfile> {
        self.editing.as_ref().map(|e| &e.draft)
    }

    pub fn ui(&mut self, ui: &mut Ui, profiles: &[Profile]) -> Option<ProfileEdit> {
        if let Some(editing) = &mut self.editing {
            editing.follow_saved(profiles);
        }
        let mut command = None;
        ui.heading("Profiles");
        self.undo_ui(ui, profiles, &mut command);
        if ui.available_width() >= SIDE_BY_SIDE_FROM {
            ui.horizontal_top(|ui| {
                ui.vertical(|ui| {
                    ui.set_width(LIST_WIDTH);
                    self.list_column_ui(ui, profiles, &mut command);
                });
                ui.separator();
                ui.vertical(|ui| self.editor_column_ui(ui, profiles, &mut command));
            });
        } else {
            self.list_column_ui(ui, profiles, &mut command);
            ui.separator();
            self.editor_column_ui(ui, profiles, &mut command);
        }
        command
    }

    fn list_column_ui(
        &mut self,
        ui: &mut Ui,
        profiles: &[Profile],
        command: &mut Option<ProfileEdit>,
    ) {
        let locked = self
            .editing
            .as_ref()
            .is_some_and(|e| e.has_unsaved_changes(profiles));
        ui.add_enabled_ui(!locked, |ui| {
            self.list_ui(ui, profiles);
            self.list_actions_ui(ui, profiles, command);
        });
        if locked {
            ui.add(egui::Label::new("Save or discard the changes to switch profiles.").wrap());
        }
    }

    fn editor_column_ui(
        &mut self,
        ui: &mut Ui,
        profiles: &[Profile],
        command: &mut Option<ProfileEdit>,
    ) {
        match &mut self.editing {
            Some(editing) => {
                if let Some(edit) = editor_ui(ui, editing, profiles) {
                    match edit {
                        EditorOutcome::Save(save) => *command = Some(*save),
                        EditorOutcome::Discard => self.discard(),
                    }
                }
            }
            None => {
                ui.label("Choose a profile to edit, or add a new one.");
            }
        }
    }

    fn discard(&mut self) {
        if let Some(editing) = &mut self.editing {
            if editing.opened.original.is_some() {
                editing.draft = editing.opened.clone();
            } else {
                self.editing = None;
            }
        }
    }

    fn undo_ui(&mut self, ui: &mut Ui, profiles: &[Profile], command: &mut Option<ProfileEdit>) {
        // A delete the app could not apply (or a profile re-added since) has nothing to undo.
        if let Some((deleted, _)) = &self.deleted
            && profiles.iter().any(|p| p.name == deleted.name)
        {
            self.deleted = None;
        }
        let Some((profile, index)) = &self.deleted else {
            return;
        };
        let mut undo = false;
        ui.horizontal(|ui| {
            ui.label(format!("Deleted “{}”.", profile.name));
            undo = ui.button("Undo delete").clicked();
        });
        if undo {
            *command = Some(ProfileEdit::Restore {
                profile: profile.clone(),
                index: *index,
            });
            self.editing = Some(Editing::new(TypedProfile::editing(profile)));
            self.deleted = None;
        }
    }

    fn list_ui(&mut self, ui: &mut Ui, profiles: &[Profile]) {
        if profiles.is_empty() {
            ui.label("No profiles yet.");
        }
        let selected = self.draft().and_then(|d| d.original.clone());
        for profile in profiles {
            let is_selected = selected.as_deref() == Some(profile.name.as_str());
            if ui.selectable_label(is_selected, &profile.name).clicked() {
                self.select(profile);
            }
        }
    }

    fn list_actions_ui(
        &mut self,
        ui: &mut Ui,
        profiles: &[Profile],
        command: &mut Option<ProfileEdit>,
    ) {
        let selected = self
            .draft()
            .and_then(|d| d.original.as_ref())
            .and_then(|name| profiles.iter().position(|p| &p.name == name));
        ui.horizontal(|ui| {
            if ui.button("New profile").clicked() {
                self.editing = Some(Editing::new(TypedProfile::default()));
            }
            let duplicate = ui.add_enabled(selected.is_some(), egui::Button::new("Duplicate"));
            if let Some(index) = selected
                && duplicate.clicked()
            {
                let draft = TypedProfile::duplicate(&profiles[index], profiles);
                self.editing = Some(Editing::new(draft));
            }
            let delete = ui.add_enabled(selected.is_some(), egui::Button::new("Delete"));
            if let Some(index) = selected
                && delete.clicked()
            {
                let profile = profiles[index].clone();
                *command = Some(ProfileEdit::Delete {
                    name: profile.name.clone(),
                });
                self.deleted = Some((profile, index));
                self.editing = None;
            }
        });
    }
}

/// The edit is boxed: a profile is far larger than a discard.
enum EditorOutcome {
    Save(Box<ProfileEdit>),
    Discard,
}

fn editor_ui(ui: &mut Ui, editing: &mut Editing, profiles: &[Profile]) -> Option<EditorOutcome> {
    let check = editing.draft.check(profiles);
    let draft = &mut editing.draft;
    ui.label(RichText::new(match &draft.original {
        Some(name) => format!("Editing “{name}”"),
        None => "New profile".to_owned(),
    }));
    text_field(ui, "Name", &mut draft.name, &check, ProfileField::Name);
    contract_list_ui(ui, "profile_contract", &mut draft.contract);
    text_field(
        ui,
        Field::ClientId.label(draft.contract),
        &mut draft.client_id,
        &check,
        ProfileField::ClientId,
    );
    redirect_uris_ui(ui, draft, &check);
    default_redirect_ui(ui, draft, &check);
    let user_label = format!("{} (optional)", Field::User.label(draft.contract));
    text_field(ui, &user_label, &mut draft.user, &check, ProfileField::User);
    text_field(
        ui,
        API_CLIENT_ID_LABEL,
        &mut draft.api_client_id,
        &check,
        ProfileField::ApiClientId,
    );
    let note_label = ui.label("Note");
    ui.add(TextEdit::multiline(&mut draft.note).desired_rows(2))
        .labelled_by(note_label.id);
    template_fields_ui(ui, draft, &check);
    ui.add_space(4.0);
    save_row_ui(ui, editing, profiles, &check)
}

fn save_row_ui(
    ui: &mut Ui,
    editing: &Editing,
    profiles: &[Profile],
    check: &ProfileCheck,
) -> Option<EditorOutcome> {
    let unsaved = editing.has_unsaved_changes(profiles);
    let mut outcome = None;
    ui.horizontal(|ui| {
        let save = ui.add_enabled(!check.has_errors(), egui::Button::new("Save profile"));
        if save.clicked() {
            outcome = Some(EditorOutcome::Save(Box::new(ProfileEdit::Save {
                original: editing.draft.original.clone(),
                profile: editing.draft.to_profile(),
            })));
        }
        if ui
            .add_enabled(unsaved, egui::Button::new("Discard changes"))
            .clicked()
        {
            outcome = Some(EditorOutcome::Discard);
        }
    });
    if check.has_errors() {
        ui.colored_label(
            ui.visuals().error_fg_color,
            "Fix the fields marked above to save.",
        );
    } else if unsaved {
        ui.label("Unsaved changes.");
    }
    outcome
}

fn text_field(
    ui: &mut Ui,
    label: &str,
    value: &mut String,
    check: &ProfileCheck,
    field: ProfileField,
) {
    let label = ui.label(label);
    ui.add(TextEdit::singleline(value).desired_width(f32::INFINITY))
        .labelled_by(label.id);
    findings_ui(ui, check, field);
}

fn redirect_uris_ui(ui: &mut Ui, draft: &mut TypedProfile, check: &ProfileCheck) {
    ui.label("Redirect URIs (as registered in the dashboard)");
    let mut remove = None;
    for index in 0..draft.redirect_uris.len() {
        ui.push_id(index, |ui| {
            let number = index + 1;
            ui.horizontal(|ui| {
                let label = ui.label(format!("Redirect URI {number}"));
                ui.add(TextEdit::singleline(&mut draft.redirect_uris[index]).desired_width(320.0))
                    .labelled_by(label.id);
                let button = ui.button("Remove");
                // Several rows each have a Remove button; the name says which one.
                ui.ctx().accesskit_node_builder(button.id, |node| {
                    node.set_label(format!("Remove redirect URI {number}"));
                });
                if button.clicked() {
                    remove = Some(index);
                }
            });
            findings_ui(ui, check, ProfileField::RedirectUri(index));
        });
    }
    if let Some(index) = remove {
        draft.remove_redirect_uri(index);
    }
    if ui.button("Add redirect URI").clicked() {
        draft.add_redirect_uri();
    }
}

const NO_DEFAULT: &str = "None: leave redirect_uri out";

fn default_redirect_ui(ui: &mut Ui, draft: &mut TypedProfile, check: &ProfileCheck) {
    let shown = |index: Option<usize>| match index.and_then(|i| draft.redirect_uris.get(i)) {
        Some(uri) if uri.is_empty() => format!("Redirect URI {} (empty)", index.unwrap_or(0) + 1),
        Some(uri) => uri.clone(),
        None => NO_DEFAULT.to_owned(),
    };
    let current = shown(draft.default_index);
    let mut chosen = draft.default_index;
    let options: Vec<(Option<usize>, String)> = std::iter::once(None)
        .chain((0..draft.redirect_uris.len()).map(Some))
        .map(|index| (index, shown(index)))
        .collect();
    ComboBox::from_label("Default redirect URI")
        .selected_text(current)
        .show_ui(ui, |ui| {
            for (index, text) in options {
                ui.selectable_value(&mut chosen, index, text);
            }
        });
    draft.default_index = chosen;
    findings_ui(ui, check, ProfileField::DefaultRedirectUri);
}

/// The core's findings for one field, under it, as the Link tab shows its own.
fn findings_ui(ui: &mut Ui, check: &ProfileCheck, field: ProfileField) {
    let findings = check.for_field(field);
    widgets::findings_ui(ui, findings.map(|f| (f.severity, f.message.clone())));
}
