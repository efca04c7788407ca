#![forbid(unsafe_code)]

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use reauth_link::cli::{self, Cli, Exit, Streams};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let exit = match &cli.command {
        Some(command) => {
            let stdin = io::stdin();
            let mut stdin = stdin.lock();
            // Unlocked: a batch writes from a thread of its own, which a lock cannot reach.
            let mut stdout = io::stdout();
            let mut stderr = io::stderr().lock();
            let mut streams = Streams {
                stdin: &mut stdin,
                stdout: &mut stdout,
                stderr: &mut stderr,
            };
            cli::run(&cli, command, &mut streams)
        }
        None => match reauth_link::ui::run_window(&cli) {
            Ok(()) => Exit::Success,
            Err(message) => {
                let _ = writeln!(io::stderr(), "error: {message}");
                Exit::Failure
            }
        },
    };
    ExitCode::from(exit as u8)
}
