//! Where everything sits: the top bar with the tabs and the theme, and each tab's panel,
//! each drawn by its own struct.

use super::ReauthApp;
use crate::batch::BatchDefaults;
use crate::ui::batch::panel::{BatchHistory, BatchProfile};
use crate::ui::command::WindowCommand;
use crate::ui::link::tab::LinkTabView;
use crate::ui::persisted::Tab;
use crate::ui::profile_picker::profile_picker_ui;
use crate::ui::theme::theme_picker_ui;
use crate::ui::widgets::scroll_area;

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
            Tab::Link => {
                let view = LinkTabView {
                    profiles: self.profiles.profiles(),
                    selected_profile: self.selected_profile,
                    profiles_unreadable: self.profiles.error().is_some(),
                    history_failure: self.history.failure(),
                    lookup_offered: self.management.is_some(),
                };
                self.link.ui(ui, &view, commands);
            }
            Tab::Profiles => {
                scroll_area("profiles_tab").show(ui, |ui| {
                    self.profiles_tab
                        .ui(ui, &self.profiles, self.management.as_ref(), commands);
                });
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
                outbox: self.history.outbox(),
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
}
