//! Shared by the command line's end-to-end files: the binary run in a config folder of
//! the test's own (never the real one), its exit code and output, and the link's pairs.
#![allow(dead_code)]

use std::path::Path;

use assert_cmd::Command;

/// A config folder of the test's own, never the real one.
pub struct Config {
    pub dir: tempfile::TempDir,
}

impl Default for Config {
    fn default() -> Self {
        Self::new()
    }
}

impl Config {
    pub fn new() -> Self {
        Config {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_stdin(args, "")
    }

    pub fn run_with_stdin(&self, args: &[&str], stdin: &str) -> Run {
        run_in(self.dir.path(), args, stdin)
    }
}

/// One run of the binary: exit code, stdout and stderr as text.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the binary with `args` and `stdin`, its settings in `config`.
pub fn run_in(config: &Path, args: &[&str], stdin: &str) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_reauth-link"))
        .env("REAUTH_LINK_CONFIG_DIR", config)
        .env_remove("REAUTH_LINK_HISTORY_URL")
        .args(args)
        .write_stdin(stdin)
        .output()
        .expect("runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("utf-8 stderr"),
    }
}

/// Fails with both streams shown unless the run exited with `code`.
pub fn assert_exit(run: &Run, code: i32) {
    assert_eq!(
        run.code,
        Some(code),
        "stdout: {}\nstderr: {}",
        run.stdout,
        run.stderr
    );
}

/// The decoded query pairs of a printed link, in order.
pub fn link_pairs(link: &str) -> Vec<(String, String)> {
    url::Url::parse(link.trim())
        .expect("a URL")
        .query_pairs()
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
        .collect()
}

/// The names of the entries in `folder`, sorted.
pub fn file_names(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .expect("the folder lists")
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}
