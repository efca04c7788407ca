//! Hands a link or a folder to the desktop (xdg-open, gio, …) and, when none of its
//! programs opens it, says in words which ones were tried and how each failed. The `open`
//! crate's own message repeats the whole command line (the link included) with a Rust
//! exit status, which is no message for a person.

use std::ffi::OsStr;
use std::io;
use std::process::{Command, Stdio};

/// How one of the desktop's programs answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Attempt {
    Opened,
    NotInstalled,
    ExitedWith(Option<i32>),
    CouldNotStart(String),
}

/// Tries the desktop's programs in turn (as `open::that` does) and waits for each answer;
/// blocks, so the window calls it from a thread of its own.
pub fn open_with_desktop(target: &OsStr) -> Result<(), String> {
    let mut tried = Vec::new();
    for mut command in open::commands(target) {
        let program = command.get_program().to_string_lossy().into_owned();
        let attempt = run(&mut command);
        if attempt == Attempt::Opened {
            return Ok(());
        }
        tried.push((program, attempt));
    }
    Err(describe_failures(&tried))
}

fn run(command: &mut Command) -> Attempt {
    let status = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    match status {
        Ok(status) if status.success() => Attempt::Opened,
        Ok(status) => Attempt::ExitedWith(status.code()),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Attempt::NotInstalled,
        Err(error) => Attempt::CouldNotStart(error.to_string()),
    }
}

/// "no program opened it: gio stopped with exit code 2; xdg-open is not installed".
pub fn describe_failures(tried: &[(String, Attempt)]) -> String {
    if tried.is_empty() {
        return "this system names no program to open links with".to_owned();
    }
    let each: Vec<String> = tried
        .iter()
        .map(|(program, attempt)| match attempt {
            Attempt::Opened => format!("{program} opened it"),
            Attempt::NotInstalled => format!("{program} is not installed"),
            Attempt::ExitedWith(Some(code)) => format!("{program} stopped with exit code {code}"),
            Attempt::ExitedWith(None) => format!("{program} was stopped by a signal"),
            Attempt::CouldNotStart(reason) => format!("{program} could not start ({reason})"),
        })
        .collect();
    format!("no program opened it: {}", each.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_failure_is_told_in_words() {
        let cases = [
            (Attempt::NotInstalled, "xdg-open is not installed"),
            (
                Attempt::ExitedWith(Some(2)),
                "xdg-open stopped with exit code 2",
            ),
            (
                Attempt::ExitedWith(None),
                "xdg-open was stopped by a signal",
            ),
            (
                Attempt::CouldNotStart("Permission denied (os error 13)".into()),
                "xdg-open could not start (Permission denied (os error 13))",
            ),
        ];
        for (attempt, expected) in cases {
            let message = describe_failures(&[("xdg-open".into(), attempt)]);
            assert_eq!(message, format!("no program opened it: {expected}"));
        }
    }

    #[test]
    fn every_program_tried_is_named_once_without_debug_text() {
        let message = describe_failures(&[
            ("gio".into(), Attempt::ExitedWith(Some(2))),
            ("xdg-open".into(), Attempt::NotInstalled),
        ]);
        assert_eq!(
            message,
            "no program opened it: gio stopped with exit code 2; xdg-open is not installed"
        );
        assert!(!message.contains("ExitStatus") && !message.contains('"'));
    }

    #[test]
    fn a_missing_program_is_reported_as_not_installed_and_the_link_is_not_repeated() {
        let link = "https://connect.smartcar.com/oauth/reauthenticate?client_id=x";
        let mut command = Command::new("reauth-link-no-such-launcher");
        command.arg(link);
        assert_eq!(run(&mut command), Attempt::NotInstalled);
        let message =
            describe_failures(&[("reauth-link-no-such-launcher".into(), run(&mut command))]);
        assert!(!message.contains(link));
    }
}
