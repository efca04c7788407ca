//! egui only: renders the core's results. Holds no rules of its own.

pub mod app;
pub mod batch;
pub mod command;
pub mod file_dialog;
pub mod history;
pub mod link;
pub mod management_setup;
pub mod persisted;
pub mod profile_picker;
pub mod profiles;
pub mod shortcuts;
pub mod startup_probe;
pub mod system_open;
pub mod theme;
pub mod widgets;

use std::path::PathBuf;

pub use app::{AppSetup, LinkOpener, OpenFn, ReauthApp};
pub use persisted::{PersistedState, Tab};

use crate::cli::Cli;

pub const APP_NAME: &str = "reauth-link";
/// Room for the form and the link side by side.
pub const DEFAULT_SIZE: [f32; 2] = [1000.0, 720.0];
/// Still usable: the layout stacks below its two-column width.
pub const MIN_SIZE: [f32; 2] = [480.0, 420.0];
/// The window's settings file, beside the profiles file in the config folder.
pub const WINDOW_STATE_FILE: &str = "window.ron";

const ICON_PNG: &[u8] = include_bytes!("../../assets/reauth-link.png");

/// Opens the window; returns a message for the person when it cannot.
pub fn run_window(cli: &Cli) -> Result<(), String> {
    let options = native_options(window_state_path(cli));
    let profile = cli.profile.clone();
    let vehicle_id = cli.vehicle_id.clone();
    let batch_file = cli.batch.clone().flatten();
    let profiles = profiles::store_handle::WindowProfiles::open(cli.config_dir.as_deref());
    let history = crate::profiles::config_dir(cli.config_dir.as_deref())
        .ok()
        .map(history::worker_handle::HistorySetup::from_environment);
    eframe::run_native(
        APP_NAME,
        options,
        Box::new(move |cc| {
            let persisted = cc
                .storage
                .and_then(|storage| eframe::get_value(storage, eframe::APP_KEY))
                .unwrap_or_default();
            let app = ReauthApp::new(AppSetup {
                profiles,
                profile,
                vehicle_id,
                persisted,
                opener: LinkOpener::System,
                file_chooser: file_dialog::FileChooser::System,
                history,
                history_file_chooser: file_dialog::FileChooser::System,
                batch_file,
                management: Some(management_setup::ManagementSetup::from_environment()),
            });
            Ok(startup_probe::wrap(Box::new(app)))
        }),
    )
    .map_err(|error| format!("cannot open the window: {error}"))
}

/// Where the window keeps its settings: `window.ron` in the config folder (`--config-dir`,
/// else the system's), beside the profiles file. Without one (no home folder) eframe falls
/// back to its own default place.
pub fn window_state_path(cli: &Cli) -> Option<PathBuf> {
    crate::profiles::config_dir(cli.config_dir.as_deref())
        .ok()
        .map(|dir| dir.join(WINDOW_STATE_FILE))
}

/// The same options `examples/bare.rs` uses, so the two compare fairly.
pub fn native_options(persistence_path: Option<PathBuf>) -> eframe::NativeOptions {
    let viewport = egui::ViewportBuilder::default()
        .with_title(APP_NAME)
        .with_app_id(APP_NAME)
        .with_inner_size(DEFAULT_SIZE)
        .with_min_inner_size(MIN_SIZE);
    let viewport = match eframe::icon_data::from_png_bytes(ICON_PNG) {
        Ok(icon) => viewport.with_icon(icon),
        // The icon is built into the binary; a window without it is still useful.
        Err(_) => viewport,
    };
    eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        viewport,
        persistence_path,
        ..Default::default()
    }
}
