//! The binary with no subcommand opens the window; without a display it says so and exits 1.

use assert_cmd::Command;
use predicates::prelude::*;

#[test]
fn without_a_display_the_window_says_why_and_exits_one() {
    let config = tempfile::tempdir().expect("temp config dir");
    Command::new(env!("CARGO_BIN_EXE_reauth-link"))
        .env("REAUTH_LINK_CONFIG_DIR", config.path())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("WAYLAND_SOCKET")
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "error: cannot open the window: ",
        ))
        .stderr(predicate::str::contains("panicked").not());
    assert_eq!(
        std::fs::read_dir(config.path()).expect("readable").count(),
        0,
        "nothing written"
    );
}

#[test]
fn window_settings_live_inside_the_config_dir_given_on_the_command_line() {
    use clap::Parser;
    let config = tempfile::tempdir().expect("temp config dir");
    let cli = reauth_link::cli::Cli::try_parse_from([
        std::ffi::OsStr::new("reauth-link"),
        std::ffi::OsStr::new("--config-dir"),
        config.path().as_os_str(),
    ])
    .expect("parses");
    let settings = reauth_link::ui::window_state_path(&cli).expect("a settings file");
    assert_eq!(settings, config.path().join("window.ron"));
    let options = reauth_link::ui::native_options(Some(settings.clone()));
    assert_eq!(options.persistence_path, Some(settings));
    assert_eq!(options.renderer, eframe::Renderer::Glow);
}
