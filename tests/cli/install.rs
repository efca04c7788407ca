//! The binary end to end: what an install by hand (and the packages) take from it:
//! `completions SHELL`, `man` and `--version`.

use crate::cli_support;

use std::path::Path;
use std::process::Command;

use clap::CommandFactory;
use cli_support::{Config, assert_exit};
use reauth_link::cli::Cli;

const SHELLS: [&str; 5] = ["bash", "zsh", "fish", "elvish", "powershell"];

/// Every subcommand name at the top level, from the definition the parser reads, so one
/// added later is held to the same promise.
fn subcommands() -> Vec<String> {
    let names: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|sub| sub.get_name().to_owned())
        .filter(|name| name != "help")
        .collect();
    for known in ["url", "parse", "profiles", "batch", "completions", "man"] {
        assert!(
            names.iter().any(|name| name == known),
            "{known} in {names:?}"
        );
    }
    names
}

#[test]
fn every_shell_gets_a_completion_naming_every_subcommand() {
    let config = Config::new();
    for shell in SHELLS {
        let run = config.run(&["completions", shell]);
        assert_exit(&run, 0);
        assert!(run.stderr.is_empty(), "{shell}: {}", run.stderr);
        assert!(
            run.stdout.contains("reauth-link"),
            "{shell}: names the binary"
        );
        for name in subcommands() {
            assert!(
                contains_word(&run.stdout, &name),
                "{shell} completion lacks {name}"
            );
        }
    }
}

#[test]
fn an_unknown_shell_is_invalid_input() {
    let run = Config::new().run(&["completions", "cmd.exe"]);
    assert_exit(&run, 2);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("bash"),
        "names the shells: {}",
        run.stderr
    );
}

/// The main page with the name, a synopsis and every subcommand's page named.
#[test]
fn the_man_page_names_every_subcommand() {
    let run = Config::new().run(&["man"]);
    assert_exit(&run, 0);
    assert!(run.stdout.contains(".TH reauth-link 1"), "{}", run.stdout);
    assert!(run.stdout.contains(".SH SYNOPSIS"));
    for name in subcommands() {
        assert!(
            run.stdout
                .contains(&format!("reauth\\-link\\-{}(1)", name.replace('-', "\\-"))),
            "the main page lacks {name}"
        );
    }
    groff_finds_nothing_wrong("reauth-link.1", &run.stdout);
}

#[test]
fn man_dir_writes_a_page_per_subcommand_at_every_depth() {
    let config = Config::new();
    let dir = config.dir.path().join("man").join("man1");
    let run = config.run(&["man", "--dir", dir.to_str().expect("UTF-8 path")]);
    assert_exit(&run, 0);
    assert!(run.stdout.is_empty());
    let main = read(&dir.join("reauth-link.1"));
    assert_eq!(
        main,
        Config::new().run(&["man"]).stdout,
        "the page `man` prints"
    );
    let mut names = subcommands();
    names.extend(["profiles-add", "profiles-list", "history-forget"].map(String::from));
    for name in names {
        let file = format!("reauth-link-{name}.1");
        let page = read(&dir.join(&file));
        assert!(
            page.contains(&format!(".TH reauth-link-{name} 1")),
            "{file}: {page}"
        );
        assert!(
            page.is_ascii(),
            "{file}: troff reads Latin-1, so escapes the rest"
        );
        assert!(
            page.contains(&format!("\"reauth-link {}", env!("CARGO_PKG_VERSION"))),
            "{file}: the footer names the program and version"
        );
        groff_finds_nothing_wrong(&file, &page);
        readable_by_all(&dir.join(&file));
    }
    assert!(
        !dir.join("reauth-link-help.1").exists(),
        "no page for `help`"
    );
}

/// Installed pages are read by every user, not only the one who made them.
#[cfg(unix)]
fn readable_by_all(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .expect("the page")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o644, "{}", path.display());
}

#[cfg(not(unix))]
fn readable_by_all(_path: &Path) {}

#[test]
fn version_names_the_commit_it_was_built_from() {
    let run = Config::new().run(&["--version"]);
    assert_exit(&run, 0);
    let commit = head_commit().unwrap_or_else(|| "unknown".to_owned());
    assert_eq!(
        run.stdout,
        format!(
            "reauth-link {} (commit {commit})\n",
            env!("CARGO_PKG_VERSION")
        )
    );
}

/// The commit a build of this checkout carries; none outside a checkout or without git.
fn head_commit() -> Option<String> {
    let output = Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// `word` stands alone in `text`, not inside a longer name (`man` in `manual`).
fn contains_word(text: &str, word: &str) -> bool {
    let part_of_name = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(part_of_name) && !after.is_some_and(part_of_name)
    })
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `groff -man -ww -z`: every warning on, no output; silence means a page man shows as
/// written. Where groff is missing (not a Debian test machine) only the roff is checked.
fn groff_finds_nothing_wrong(name: &str, roff: &str) {
    let Ok(mut child) = Command::new("groff")
        .args(["-man", "-ww", "-z"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
    else {
        return;
    };
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("piped stdin");
        stdin
            .write_all(roff.as_bytes())
            .expect("groff reads the page");
    }
    let output = child.wait_with_output().expect("groff finishes");
    assert!(output.status.success(), "{name}: groff failed");
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "",
        "{name}: groff warns"
    );
}
