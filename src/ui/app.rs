//! The window's app: tabs, the Link panel, and the commands its widgets return, applied
//! once at the end of each frame.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::batch_panel::BatchPanel;
use super::file_dialog::FileChooser;
use super::form_state::FormState;
use super::link_form::{form_fields_ui, profile_picker_ui};
use super::link_view::{LinkViewState, OpenStatus, link_view_ui};
use super::paste_box::PasteBox;
use super::profiles_panel::{ProfileCommand, ProfilesPanel};
use super::profiles_state::ProfilesState;
use super::profiles_store_error::{StoreErrorAction, store_error_ui};
use super::shortcuts::Shortcuts;
use super::theme::{ThemeChoice, theme_picker_ui};
use super::widgets::error_line;
use crate::batch::BatchDefaults;
use crate::link::{ReauthForm, generate_state};
use crate::profiles::edit::position;

/// How long "Copied" stays on the Copy button.
pub const COPIED_FOR: Duration = Duration::from_secs(2);

/// Below this width the link goes under the form instead of beside it (e.g. at 200 % zoom).
const TWO_COLUMNS_FROM: f32 = 860.0;

/// What survives a restart; everything else starts fresh for the next ticket.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PersistedState {
    pub theme: ThemeChoice,
    /// The profile chosen last, by name.
    pub last_profile: Option<String>,
    pub tab: Tab,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tab {
    #[default]
    Link,
    Batch,
    Profiles,
}

impl Tab {
    const ALL: [Tab; 3] = [Tab::Link, Tab::Batch, Tab::Profiles];

    fn label(self) -> &'static str {
        match self {
            Tab::Link => "Link",
            Tab::Batch => "Batch",
            Tab::Profiles => "Profiles",
        }
    }
}

/// Opens a link in the browser and says why when it cannot.
pub type OpenFn = Box<dyn Fn(&str) -> Result<(), String>>;

/// Who opens links: the system browser (on a worker thread, since a launcher may take its
/// time), or a function given by the caller (tests record the URL or simulate failure).
///
/// Not `egui::OutputCommand::OpenUrl`: eframe opens those itself and drops a failure
/// silently, while the window must say why no browser started and keep the link to copy.
#[derive(Default)]
pub enum LinkOpener {
    #[default]
    System,
    Custom(OpenFn),
}

/// Everything the window starts from, as plain values.
#[derive(Default)]
pub struct AppSetup {
    /// The profiles file, or a plain list in tests.
    pub profiles: ProfilesState,
    /// `--profile NAME`: wins over the profile remembered from last time.
    pub profile: Option<String>,
    /// `--vehicle-id ID`.
    pub vehicle_id: Option<String>,
    pub persisted: PersistedState,
    pub opener: LinkOpener,
    /// Who answers the Batch panel's "Choose file…" and "Save as…".
    pub file_chooser: FileChooser,
    /// `--batch FILE`: open on the Batch tab, building links from FILE.
    pub batch_file: Option<PathBuf>,
}

/// What widgets ask for; applied in order at the end of the frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    CopyLink,
    OpenLink,
    GenerateState,
    FillFromPaste,
    ChooseProfile(Option<usize>),
    SetTheme(ThemeChoice),
    ShowTab(Tab),
    EditProfiles(ProfileCommand),
    StoreAction(StoreErrorAction),
}

pub struct ReauthApp {
    persisted: PersistedState,
    profiles: ProfilesState,
    profiles_panel: ProfilesPanel,
    batch_panel: BatchPanel,
    /// The outcome of the last profile edit or file action: `Err` is shown as an error.
    profiles_notice: Option<Result<String, String>>,
    selected_profile: Option<usize>,
    form: FormState,
    paste: PasteBox,
    shortcuts: Shortcuts,
    /// When the link was copied (egui time) and which form generation it was.
    copied: Option<(f64, u64)>,
    /// The last "Open in browser" and the form generation it was for.
    open_status: Option<(OpenStatus, u64)>,
    open_result: Option<Receiver<Result<(), String>>>,
    opener: LinkOpener,
    /// A problem outside any one field (an unknown `--profile`, no randomness).
    notice: Option<String>,
    theme_applied: bool,
}

impl ReauthApp {
    pub fn new(setup: AppSetup) -> Self {
        let mut form = ReauthForm::default();
        if let Some(vehicle_id) = setup.vehicle_id {
            form.vehicle_id = vehicle_id;
        }
        let mut app = Self {
            persisted: setup.persisted,
            profiles: setup.profiles,
            profiles_panel: ProfilesPanel::default(),
            batch_panel: BatchPanel::with_file_chooser(setup.file_chooser),
            profiles_notice: None,
            selected_profile: None,
            form: FormState::new(form),
            paste: PasteBox::default(),
            shortcuts: Shortcuts::default(),
            copied: None,
            open_status: None,
            open_result: None,
            opener: setup.opener,
            notice: None,
            theme_applied: false,
        };
        app.choose_startup_profile(setup.profile);
        if let Some(path) = setup.batch_file {
            app.persisted.tab = Tab::Batch;
            app.batch_panel.read_at_start(path);
        }
        app
    }

    pub fn persisted(&self) -> &PersistedState {
        &self.persisted
    }

    fn choose_startup_profile(&mut self, from_command_line: Option<String>) {
        let remembered = self.persisted.last_profile.clone();
        let wanted = from_command_line.clone().or(remembered);
        let Some(name) = wanted else { return };
        match position(self.profiles.profiles(), &name) {
            Some(index) => self.choose_profile(Some(index)),
            None if from_command_line.is_some() => {
                self.notice = Some(format!(
                    "There is no saved profile named `{name}`: pick one below or fill the fields by hand."
                ));
            }
            // A remembered profile that was deleted since: start without one.
            None => self.persisted.last_profile = None,
        }
    }

    fn choose_profile(&mut self, index: Option<usize>) {
        self.selected_profile = index;
        match index.and_then(|i| self.profiles.profiles().get(i)) {
            Some(profile) => {
                self.persisted.last_profile = Some(profile.name.clone());
                self.form.apply_profile(profile);
            }
            None => {
                self.persisted.last_profile = None;
                self.form.clear_profile();
            }
        }
    }

    fn is_copied(&self, now: f64) -> bool {
        self.copied.is_some_and(|(at, generation)| {
            generation == self.form.generation() && now - at < COPIED_FOR.as_secs_f64()
        })
    }

    fn current_open_status(&self) -> Option<&OpenStatus> {
        self.open_status
            .as_ref()
            .filter(|(_, generation)| *generation == self.form.generation())
            .map(|(status, _)| status)
    }

    fn poll_open_result(&mut self) {
        let Some(receiver) = &self.open_result else {
            return;
        };
        let outcome = match receiver.try_recv() {
            Ok(result) => result,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => {
                Err("the browser launcher stopped without an answer".to_owned())
            }
        };
        self.open_result = None;
        if let Some((status, _)) = &mut self.open_status {
            *status = match outcome {
                Ok(()) => OpenStatus::Opened,
                Err(reason) => OpenStatus::Failed(reason),
            };
        }
    }

    fn top_bar_ui(&self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new("reauth-link").strong().size(16.0));
            ui.separator();
            for tab in Tab::ALL {
                if ui
                    .selectable_label(self.persisted.tab == tab, tab.label())
                    .clicked()
                {
                    commands.push(Command::ShowTab(tab));
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if let Some(theme) = theme_picker_ui(ui, self.persisted.theme) {
                    commands.push(Command::SetTheme(theme));
                }
            });
        });
    }

    fn link_tab_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        if let Some(notice) = &self.notice {
            error_line(ui, notice);
            ui.add_space(6.0);
        }
        if self.profiles.error().is_some() {
            error_line(
                ui,
                "Saved profiles are unavailable: the profiles file cannot be read. See Profiles.",
            );
            ui.add_space(6.0);
        }
        if ui.available_width() >= TWO_COLUMNS_FROM {
            ui.columns(2, |columns| {
                let [form, link] = columns else { return };
                // Left-aligned, not justified: wrapped messages keep even word spacing.
                let layout = egui::Layout::top_down(egui::Align::Min);
                form.with_layout(layout, |ui| self.form_column_ui(ui, commands));
                link.with_layout(layout, |ui| self.link_column_ui(ui, commands));
            });
        } else {
            self.form_column_ui(ui, commands);
            ui.separator();
            self.link_column_ui(ui, commands);
        }
    }

    fn form_column_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        self.paste.ui(ui, commands);
        ui.add_space(6.0);
        ui.separator();
        profile_picker_ui(
            ui,
            self.profiles.profiles(),
            self.selected_profile,
            commands,
        );
        ui.add_space(6.0);
        form_fields_ui(
            ui,
            &mut self.form,
            self.selected_profile.is_some(),
            &self.shortcuts,
            commands,
        );
    }

    fn link_column_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let now = ui.input(|input| input.time);
        let copied = self.is_copied(now);
        if copied && let Some((at, _)) = self.copied {
            // One wake-up to turn "Copied" back; nothing ticks in between.
            let left = (at + COPIED_FOR.as_secs_f64() - now).max(0.0);
            ui.ctx()
                .request_repaint_after(Duration::from_secs_f64(left));
        }
        let view = LinkViewState {
            copied,
            open_status: self.current_open_status(),
            shortcuts: &self.shortcuts,
        };
        link_view_ui(ui, &self.form, &view, commands);
    }

    fn apply(&mut self, commands: Vec<Command>, ctx: &egui::Context) {
        if commands.is_empty() {
            return;
        }
        for command in commands {
            self.apply_one(command, ctx);
        }
        // The frame was drawn before these took effect; draw once more to show them.
        ctx.request_repaint();
    }

    fn apply_one(&mut self, command: Command, ctx: &egui::Context) {
        match command {
            Command::CopyLink => {
                if let Some(link) = self.form.link() {
                    ctx.copy_text(link.to_owned());
                    let now = ctx.input(|input| input.time);
                    self.copied = Some((now, self.form.generation()));
                }
            }
            Command::OpenLink => {
                if let Some(link) = self.form.link().map(str::to_owned) {
                    self.open_link(link, ctx);
                }
            }
            Command::GenerateState => match generate_state() {
                Ok(state) => {
                    self.form.edit(|form| form.state = state);
                }
                Err(error) => self.notice = Some(format!("State: {error}")),
            },
            Command::FillFromPaste => {
                if let Some(pasted) = self.paste.read() {
                    self.form.edit(|form| pasted.fill(form));
                }
            }
            Command::ChooseProfile(index) => {
                // A pick answers "no saved profile named …" from the command line.
                self.notice = None;
                self.choose_profile(index);
            }
            Command::SetTheme(theme) => {
                self.persisted.theme = theme;
                theme.apply(ctx);
            }
            Command::ShowTab(tab) => self.persisted.tab = tab,
            Command::EditProfiles(edit) => self.edit_profiles(&edit),
            Command::StoreAction(action) => self.act_on_store(action),
        }
    }

    fn edit_profiles(&mut self, edit: &ProfileCommand) {
        match self.profiles.apply(edit) {
            Ok(()) => {
                self.profiles_notice = None;
                if let ProfileCommand::Save {
                    original: Some(original),
                    profile,
                } = edit
                    && self.persisted.last_profile.as_ref() == Some(original)
                {
                    // A rename of the chosen profile keeps it chosen.
                    self.persisted.last_profile = Some(profile.name.clone());
                }
                self.follow_profiles();
            }
            Err(message) => self.profiles_notice = Some(Err(message)),
        }
    }

    fn act_on_store(&mut self, action: StoreErrorAction) {
        self.profiles_notice = match action {
            StoreErrorAction::OpenFolder(folder) => open::that_detached(&folder)
                .err()
                .map(|error| Err(format!("Could not open {}: {error}", folder.display()))),
            StoreErrorAction::MoveAsideAndStartFresh(path) => {
                Some(self.profiles.start_fresh(&path).map_err(|e| e.to_string()))
            }
            StoreErrorAction::TryAgain => {
                self.profiles.retry();
                None
            }
        };
        self.follow_profiles();
    }

    /// After the profiles changed (an edit here, a save in another window), the form keeps
    /// the chosen profile by name and takes in its new values.
    fn follow_profiles(&mut self) {
        let chosen = self.persisted.last_profile.clone();
        let index = chosen.and_then(|name| position(self.profiles.profiles(), &name));
        let changed = match (index, self.selected_profile) {
            (Some(now), Some(before)) => {
                now != before || self.form.profile_differs(&self.profiles.profiles()[now])
            }
            (now, before) => now != before,
        };
        if changed {
            self.choose_profile(index);
        }
    }

    fn reload_profiles_on_focus(&mut self, ctx: &egui::Context) {
        let focused = ctx.input(|input| {
            input
                .events
                .iter()
                .any(|event| matches!(event, egui::Event::WindowFocused(true)))
        });
        // Another window may have saved while this one was in the background.
        if focused && self.profiles.reload_if_changed() {
            self.follow_profiles();
        }
    }

    fn batch_tab_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let profiles = self.profiles.profiles();
        profile_picker_ui(ui, profiles, self.selected_profile, commands);
        ui.add_space(6.0);
        let defaults = self
            .selected_profile
            .and_then(|index| profiles.get(index))
            .map(BatchDefaults::from);
        self.batch_panel.ui(ui, defaults.as_ref());
    }

    fn profiles_tab_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
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
                commands.push(Command::StoreAction(action));
            }
            return;
        }
        if let Some(edit) = self.profiles_panel.ui(ui, self.profiles.profiles()) {
            commands.push(Command::EditProfiles(edit));
        }
    }

    fn open_link(&mut self, link: String, ctx: &egui::Context) {
        let generation = self.form.generation();
        match &self.opener {
            LinkOpener::Custom(open) => {
                let status = match open(&link) {
                    Ok(()) => OpenStatus::Opened,
                    Err(reason) => OpenStatus::Failed(reason),
                };
                self.open_status = Some((status, generation));
            }
            LinkOpener::System => {
                let (sender, receiver) = mpsc::channel();
                let repaint = ctx.clone();
                let spawned = std::thread::Builder::new()
                    .name("open-browser".into())
                    .spawn(move || {
                        let outcome = open::that(&link).map_err(|error| error.to_string());
                        // The window may be closed by now; then nobody needs the answer.
                        let _ = sender.send(outcome);
                        repaint.request_repaint();
                    });
                self.open_status = Some(match spawned {
                    Ok(_) => {
                        self.open_result = Some(receiver);
                        (OpenStatus::Opening, generation)
                    }
                    Err(error) => (
                        OpenStatus::Failed(format!("cannot start a thread ({error})")),
                        generation,
                    ),
                });
            }
        }
    }
}

impl eframe::App for ReauthApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        if !self.theme_applied {
            self.persisted.theme.apply(&ctx);
            self.theme_applied = true;
        }
        self.poll_open_result();
        self.reload_profiles_on_focus(&ctx);
        let mut commands = Vec::new();
        if self.persisted.tab == Tab::Link {
            self.shortcuts.read(&ctx, &mut commands);
        }
        egui::Panel::top("top_bar").show(ui, |ui| {
            ui.add_space(4.0);
            self.top_bar_ui(ui, &mut commands);
            ui.add_space(2.0);
        });
        egui::CentralPanel::default_margins().show(ui, |ui| match self.persisted.tab {
            // The batch table scrolls itself and lays out only the rows in view; inside
            // another scroll area it would lay out all of them.
            Tab::Batch => self.batch_tab_ui(ui, &mut commands),
            tab => {
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| match tab {
                        Tab::Profiles => self.profiles_tab_ui(ui, &mut commands),
                        _ => self.link_tab_ui(ui, &mut commands),
                    });
            }
        });
        self.apply(commands, &ctx);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.persisted);
    }
}
