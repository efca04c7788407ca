//! The yardstick: a bare eframe window built exactly like the app (same options, renderer,
//! features and startup probe) that shows one label. `scripts/bench-startup` compares the
//! app's startup time and memory against this.

#![forbid(unsafe_code)]

struct Hello;

impl eframe::App for Hello {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default_margins().show(ui, |ui| {
            ui.label("Hello");
        });
    }
}

fn main() -> std::process::ExitCode {
    // Settings in the same place the app keeps them, so both read and write a file alike.
    let settings = std::env::var_os("REAUTH_LINK_CONFIG_DIR")
        .map(|dir| std::path::PathBuf::from(dir).join("bare.ron"));
    let options = reauth_link::ui::native_options(settings);
    let outcome = eframe::run_native(
        reauth_link::ui::APP_NAME,
        options,
        Box::new(|_cc| Ok(reauth_link::ui::startup_probe::wrap(Box::new(Hello)))),
    );
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: cannot open the window: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
