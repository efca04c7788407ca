//! Where everything sits: the top bar with the tabs and the theme, and each tab's panel.
//! The Link tab puts the form and the link side by side when there is room.

use super::ReauthApp;
use crate::batch::BatchDefaults;
use crate::link::Severity;
use crate::ui::batch::panel::{BatchHistory, BatchProfile};
use crate::ui::command::WindowCommand;
use crate::ui::link::kind_panel::{kind_fields_ui, kind_picker_ui};
use crate::ui::link::kind_view::kind_link_view_ui;
use crate::ui::link::link_view::LinkViewState;
use crate::ui::link::reauth_fields::{profile_note_ui, profile_picker_ui};
use crate::ui::link::ticket_field::ticket_field_ui;
use crate::ui::persisted::Tab;
use crate::ui::profiles::unreadable::store_error_ui;
use crate::ui::theme::theme_picker_ui;
use crate::ui::widgets::{error_line, findings_ui};

/// Below this width the link goes under the form instead of beside it (e.g. at 200 % zoom).
const TWO_COLUMNS_FROM: f32 = 860.0;

impl ReauthApp {
    pub(super) fn window_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<WindowCommand>) {
        egui::Panel::top("top_bar").show(ui, |ui| {
            ui.add_space(4.0);
            self.top_bar_ui(ui, commands);
            ui.add_space(2.0);
        });
        egui::CentralPanel::default_margins().show(ui, |ui| match self.persisted.tab {
            // The batch table scrolls itself and lays out only the rows in view; inside
            // another scroll area it would lay out all of them.
            Tab::Batch => self.batch_tab_ui(ui, commands),
            // The history table scrolls itself too, fetching only the rows in view.
            Tab::History => self.history_panel.ui(ui, &mut self.history, commands),
            // The Link tab's columns scroll each on their own.
            Tab::Link => self.link_tab_ui(ui, commands),
            Tab::Profiles => {
                scroll_area("profiles_tab").show(ui, |ui| self.profiles_tab_ui(ui, commands));
            }
        });
    }

    fn top_bar_ui(&self, ui: &mut egui::Ui, commands: &mut Vec<WindowCommand>) {
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new("reauth-link").strong().size(16.0));
            ui.separator();
            for tab in Tab::ALL {
                if ui
                    .selectable_label(self.persisted.tab == tab, tab.label())
                    .clicked()
                {
                    commands.push(WindowCommand::ShowTab(tab));
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if let Some(theme) = theme_picker_ui(ui, self.persisted.theme) {
                    commands.push(WindowCommand::SetTheme(theme));
                }
            });
        });
    }

    fn link_tab_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<WindowCommand>) {
        if let Some(notice) = &self.notice {
            error_line(ui, notice);
            ui.add_space(6.0);
        }
        if let Some(warning) = &self.shared_state_warning {
            findings_ui(ui, [(Severity::Warning, format!("State: {warning}"))]);
            ui.add_space(6.0);
        }
        if let Some(warning) = &self.already_sent_warning {
            findings_ui(ui, [(Severity::Warning, format!("Vehicle ID: {warning}"))]);
            ui.add_space(6.0);
        }
        if self.profiles.error().is_some() {
            error_line(
                ui,
                "Saved profiles are unavailable: the profiles file cannot be read. See Profiles.",
            );
            ui.add_space(6.0);
        }
        if let Some(failure) = self.history.failure() {
            // Links may be going unrecorded: never only on the History tab.
            error_line(ui, failure);
            ui.add_space(6.0);
        }
        if ui.available_width() >= TWO_COLUMNS_FROM {
            ui.columns(2, |columns| {
                let [form, link] = columns else { return };
                // Left-aligned, not justified: wrapped messages keep even word spacing.
                let layout = egui::Layout::top_down(egui::Align::Min);
                // Each column scrolls on its own: while a long form (a new connection's)
                // is filled further down, the link and its buttons stay in view.
                scroll_area("form_column").show(form, |ui| {
                    ui.with_layout(layout, |ui| self.form_column_ui(ui, commands));
                });
                scroll_area("link_column").show(link, |ui| {
                    ui.with_layout(layout, |ui| self.link_column_ui(ui, commands));
                });
            });
        } else {
            scroll_area("link_tab").show(ui, |ui| {
                self.form_column_ui(ui, commands);
                ui.separator();
                self.link_column_ui(ui, commands);
            });
        }
    }

    fn form_column_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<WindowCommand>) {
        self.paste.ui(ui, commands);
        self.return_view.ui(ui, self.history.failure());
        ui.add_space(6.0);
        ui.separator();
        kind_picker_ui(ui, self.kinds.kind(), commands);
        let profiles = self.profiles.profiles();
        profile_picker_ui(ui, profiles, self.selected_profile, commands);
        if let Some(profile) = self.selected_profile.and_then(|index| profiles.get(index)) {
            profile_note_ui(ui, profile);
        }
        ui.add_space(6.0);
        let connection = self.management.as_ref().map(|_| self.connection.state());
        kind_fields_ui(
            ui,
            &mut self.kinds,
            &mut self.reauth_form,
            self.selected_profile.is_some(),
            connection,
            &self.shortcuts,
            commands,
        );
        ticket_field_ui(ui, &mut self.ticket);
    }

    fn link_column_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<WindowCommand>) {
        let open_status = self.current_open_status().cloned();
        let view = LinkViewState {
            copied: self.show_copied(ui.ctx()),
            open_status: open_status.as_ref(),
            shortcuts: &self.shortcuts,
            generation: self.link_generation(),
            advice_without_link: self.paste.advises_no_link(),
        };
        let delivery = &mut self.to_the_owner;
        kind_link_view_ui(
            ui,
            &self.reauth_form,
            &self.kinds,
            &view,
            delivery,
            commands,
        );
    }

    fn batch_tab_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<WindowCommand>) {
        let profiles = self.profiles.profiles();
        profile_picker_ui(ui, profiles, self.selected_profile, commands);
        ui.add_space(6.0);
        let profile = self.selected_profile.and_then(|index| profiles.get(index));
        let defaults = profile.map(BatchDefaults::from);
        let history = self
            .history
            .location()
            .filter(|_| self.history.recording() == Ok(true))
            .map(|location| BatchHistory {
                location,
                agent: self.history.agent().to_owned(),
                profile: profile.map(|profile| profile.name.clone()),
            });
        let source = profile
            .zip(defaults.as_ref())
            .map(|(profile, defaults)| BatchProfile {
                defaults,
                templates: Some(&profile.messages),
                app: Some(&profile.name),
            });
        self.batch_panel.ui(ui, source.as_ref(), history);
    }

    fn profiles_tab_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<WindowCommand>) {
        match &self.profiles_notice {
            Some(Ok(message)) => {
                ui.label(message);
            }
            Some(Err(message)) => {
                error_line(ui, message);
            }
            None => {}
        }
        if let Some(error) = self.profiles.error() {
            if let Some(action) = store_error_ui(ui, error) {
                commands.push(WindowCommand::ActOnUnreadableProfiles(action));
            }
            return;
        }
        if let Some(edit) = self.profile_editor.ui(ui, self.profiles.profiles()) {
            commands.push(WindowCommand::EditProfiles(edit));
        }
        let saved = self.profile_editor.draft().and_then(|draft| {
            let name = draft.original.clone()?;
            Some((name, draft.api_client_id.is_some()))
        });
        if let (Some(setup), Some((name, has_api_client_id))) = (&self.management, saved) {
            ui.separator();
            self.token_line.ui(ui, &name, &setup.secrets);
            if has_api_client_id {
                self.client_secret_line.ui(ui, &name, &setup.secrets);
            }
        }
    }
}

/// A vertical scroll area that fills the space it is given.
fn scroll_area(id: &'static str) -> egui::ScrollArea {
    egui::ScrollArea::vertical()
        .id_salt(id)
        .auto_shrink([false, false])
}
