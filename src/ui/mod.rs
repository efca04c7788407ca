//! egui only: renders the core's results. Holds no rules of its own.

use crate::cli::Cli;

/// Opens the window; returns a message for the person when it cannot.
pub fn run_window(_cli: &Cli) -> Result<(), String> {
    let options = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    eframe::run_native(
        "reauth-link",
        options,
        Box::new(|_cc| Ok(Box::new(Placeholder))),
    )
    .map_err(|e| format!("cannot open the window: {e}"))
}

struct Placeholder;

impl eframe::App for Placeholder {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        ui.label("reauth-link");
    }
}
pub mod batch_panel;
