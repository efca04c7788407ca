//! The window's app: what it holds and one frame from start to end. The parts live beside
//! it: `layout` draws the tabs, `dispatch` applies the commands the widgets return,
//! `profile_choice` keeps the chosen profile in step with the profiles, `history` hands
//! the history worker's answers to the tabs. Each tab is a struct of its own with its `ui` (and
//! `apply` where it has commands): `LinkTab`, `BatchPanel`, `HistoryPanel`, `ProfilesTab`.

mod dispatch;
mod history;
mod layout;
mod profile_choice;

use std::path::PathBuf;

pub use crate::ui::link::opener::{LinkOpener, OpenFn};
pub use crate::ui::link::tab::copied::COPIED_FOR;
pub use crate::ui::link::tab::qr_save::QR_FILE_NAME;

use super::file_dialog::FileChooser;
use super::management_setup::ManagementSetup;
use super::persisted::{PersistedState, Tab};
use crate::link::{LinkKind, ReauthForm};
use crate::profiles::Profile;
use crate::ui::batch::panel::BatchPanel;
use crate::ui::history::panel::HistoryPanel;
use crate::ui::history::worker_handle::{HistorySetup, WindowHistory};
use crate::ui::link::tab::LinkTab;
use crate::ui::link::tab::services::LinkServices;
use crate::ui::profiles::store_handle::WindowProfiles;
use crate::ui::profiles::tab::ProfilesTab;

/// Everything the window starts from, as plain values.
#[derive(Default)]
pub struct AppSetup {
    /// The profiles file, or a plain list in tests.
    pub profiles: WindowProfiles,
    /// `--profile NAME`: wins over the profile remembered from last time.
    pub profile: Option<String>,
    /// `--vehicle-id ID`.
    pub vehicle_id: Option<String>,
    pub persisted: PersistedState,
    pub opener: LinkOpener,
    /// Who answers the Batch panel's "Choose file…" and "Save as…".
    pub file_chooser: FileChooser,
    /// Where the history is kept and whether links are recorded; `None` keeps none.
    pub history: Option<HistorySetup>,
    /// Who answers the History tab's "Export CSV…".
    pub history_file_chooser: FileChooser,
    /// `--batch FILE`: open on the Batch tab, building links from FILE.
    pub batch_file: Option<PathBuf>,
    /// Smartcar's management API and the token store; `None` offers no lookup, no
    /// verification and no token line.
    pub management: Option<ManagementSetup>,
}

pub struct ReauthApp {
    persisted: PersistedState,
    /// The profiles file: the Profiles tab edits it, the Link and Batch tabs pick from it.
    profiles: WindowProfiles,
    /// The profile picked on the Link or Batch tab (one choice for both).
    selected_profile: Option<usize>,
    link: LinkTab,
    batch_panel: BatchPanel,
    history_panel: HistoryPanel,
    profiles_tab: ProfilesTab,
    opener: LinkOpener,
    theme_applied: bool,
    history: WindowHistory,
    management: Option<ManagementSetup>,
}

impl ReauthApp {
    pub fn new(setup: AppSetup) -> Self {
        let mut form = ReauthForm::default();
        if let Some(vehicle_id) = setup.vehicle_id {
            form.vehicle_id = vehicle_id;
        }
        let kind = setup.persisted.kind;
        let mut app = Self {
            persisted: setup.persisted,
            profiles: setup.profiles,
            selected_profile: None,
            link: LinkTab::new(form, kind),
            batch_panel: BatchPanel::with_file_chooser(setup.file_chooser),
            history_panel: HistoryPanel::with_file_chooser(setup.history_file_chooser),
            profiles_tab: ProfilesTab::default(),
            opener: setup.opener,
            theme_applied: false,
            history: WindowHistory::new(setup.history),
            management: setup.management,
        };
        if app.management.is_some() {
            app.history_panel.offer_verify();
        }
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

    /// The kind of link the window was last asked to make (`WindowCommand::ChooseKind`).
    pub fn chosen_link_kind(&self) -> LinkKind {
        self.link.kind()
    }

    /// The profile picked on the Link or Batch tab, from the fields that hold it, so the
    /// rest of the window can be lent beside it.
    fn chosen_profile(profiles: &WindowProfiles, selected: Option<usize>) -> Option<&Profile> {
        selected.and_then(|index| profiles.profiles().get(index))
    }

    /// The Link tab, and what the window lends it for one frame.
    fn link_tab<'a>(&'a mut self, ctx: &'a egui::Context) -> (&'a mut LinkTab, LinkServices<'a>) {
        let profile = Self::chosen_profile(&self.profiles, self.selected_profile);
        let services = LinkServices {
            ctx,
            profile,
            history: &mut self.history,
            opener: &self.opener,
            file_chooser: self.batch_panel.file_chooser(),
            management: self.management.as_ref(),
        };
        (&mut self.link, services)
    }
}

impl eframe::App for ReauthApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        if !self.theme_applied {
            self.persisted.theme.apply(&ctx);
            self.theme_applied = true;
        }
        let (link, mut services) = self.link_tab(&ctx);
        link.poll(&mut services);
        self.poll_history();
        self.reload_profiles_on_focus(&ctx);
        let mut commands = Vec::new();
        if self.persisted.tab == Tab::Link {
            self.link.read_shortcuts(&ctx, &mut commands);
        }
        self.window_ui(ui, &mut commands);
        self.apply(commands, &ctx);
        // After the first frame is drawn, so opening the database never delays it.
        self.history.start(&ctx);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.persisted);
    }
}
