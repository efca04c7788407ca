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
fn window_settings_live_inside_the_config_dir_when_one_is_given() {
    let dir = std::path::Path::new("/some/config");
    let options =
        reauth_link::ui::native_options(Some(dir.join(reauth_link::ui::WINDOW_STATE_FILE)));
    assert_eq!(
        options.persistence_path.as_deref(),
        Some(dir.join("window.ron").as_path())
    );
    assert_eq!(options.renderer, eframe::Renderer::Glow);
}
