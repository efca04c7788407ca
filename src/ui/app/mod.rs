//! The window's app: what it holds and one frame from start to end. The parts live beside
//! it: `layout` draws the tabs, `dispatch` applies the commands the widgets return,
//! `browser` opens links off the UI thread, `profile_choice` keeps the chosen profile in
//! step with the profiles, `unreadable` carries out the ways forward from a broken file.

mod browser;
mod connection;
mod copied;
mod dispatch;
mod history;
mod kinds;
mod layout;
mod profile_choice;
mod qr_save;
mod sending;
mod unreadable;

use std::path::PathBuf;
use std::sync::mpsc::Receiver;

pub use browser::{LinkOpener, OpenFn};
pub use copied::COPIED_FOR;
pub use qr_save::QR_FILE_NAME;

use super::file_dialog::FileChooser;
use super::management_setup::ManagementSetup;
use super::persisted::{PersistedState, Tab};
use super::shortcuts::Shortcuts;
use crate::connections::SecretKind;
use crate::history::NewEntry;
use crate::link::{LinkKind, ReauthForm};
use crate::ui::batch::panel::BatchPanel;
use crate::ui::history::panel::HistoryPanel;
use crate::ui::history::worker_handle::{HistorySetup, WindowHistory};
use crate::ui::link::connection_job::ConnectionLookup;
use crate::ui::link::kind_forms::KindForms;
use crate::ui::link::link_view::OpenStatus;
use crate::ui::link::paste_box::PasteBox;
use crate::ui::link::reauth_form::ReauthFormState;
use crate::ui::link::return_view::ReturnView;
use crate::ui::link::to_the_owner::ToTheOwnerPanel;
use crate::ui::profiles::editor::ProfileEditor;
use crate::ui::profiles::store_handle::WindowProfiles;
use crate::ui::profiles::token_line::TokenLine;

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
    profiles: WindowProfiles,
    profile_editor: ProfileEditor,
    batch_panel: BatchPanel,
    /// The outcome of the last profile edit or file action: `Err` is shown as an error.
    profiles_notice: Option<Result<String, String>>,
    selected_profile: Option<usize>,
    reauth_form: ReauthFormState,
    /// The kind of link being made (a paste sets it where a link helps) and the forms of
    /// the kinds other than re-authentication.
    kinds: KindForms,
    paste: PasteBox,
    shortcuts: Shortcuts,
    /// When the link was copied (egui time) and which form generation it was.
    copied: Option<(f64, u64)>,
    /// The last "Open in browser" and the form generation it was for.
    open_status: Option<(OpenStatus, u64)>,
    open_result: Option<Receiver<Result<(), String>>>,
    /// The history entry for the link being opened, recorded once the browser started.
    open_entry: Option<NewEntry>,
    opener: LinkOpener,
    /// The customer's address, the message choice and the last hand-off to the owner.
    to_the_owner: ToTheOwnerPanel,
    pending_mail: Option<sending::PendingMail>,
    /// The make the last paste told, for `{make}` in the message.
    pasted_make: Option<crate::deliver::PastedMake>,
    qr_save: Option<qr_save::QrSave>,
    /// A problem outside any one field (an unknown `--profile`, no randomness).
    notice: Option<String>,
    theme_applied: bool,
    /// The support ticket the window's links answer (the Link tab's Ticket field).
    ticket: String,
    history: WindowHistory,
    /// The last link recorded had a state the history holds for another vehicle.
    shared_state_warning: Option<String>,
    /// The last link recorded went to a vehicle another link went to in the last day.
    already_sent_warning: Option<String>,
    history_panel: HistoryPanel,
    return_view: ReturnView,
    management: Option<ManagementSetup>,
    /// The Link tab's Connection line.
    connection: ConnectionLookup,
    /// The profile editor's Management token line.
    token_line: TokenLine,
    /// The same for the client secret of a profile with API credentials.
    client_secret_line: TokenLine,
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
            profile_editor: ProfileEditor::default(),
            batch_panel: BatchPanel::with_file_chooser(setup.file_chooser),
            profiles_notice: None,
            selected_profile: None,
            reauth_form: ReauthFormState::new(form),
            kinds: KindForms::new(kind),
            paste: PasteBox::default(),
            shortcuts: Shortcuts::default(),
            copied: None,
            open_status: None,
            open_result: None,
            open_entry: None,
            opener: setup.opener,
            to_the_owner: ToTheOwnerPanel::default(),
            pending_mail: None,
            pasted_make: None,
            qr_save: None,
            notice: None,
            theme_applied: false,
            ticket: String::new(),
            history: WindowHistory::new(setup.history),
            shared_state_warning: None,
            already_sent_warning: None,
            history_panel: HistoryPanel::with_file_chooser(setup.history_file_chooser),
            return_view: ReturnView::default(),
            management: setup.management,
            connection: ConnectionLookup::default(),
            token_line: TokenLine::default(),
            client_secret_line: TokenLine::for_secret(SecretKind::ClientSecret),
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
        self.kinds.kind()
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
        self.poll_mail_result();
        self.poll_qr_save(&ctx);
        self.poll_history();
        self.poll_connection();
        self.reload_profiles_on_focus(&ctx);
        let mut commands = Vec::new();
        if self.persisted.tab == Tab::Link {
            self.shortcuts.read(&ctx, &mut commands);
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
