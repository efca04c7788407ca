//! The subcommands: the same core as the window, for scripts and tests.
//!
//! Contract (README.md's "Command line"): results on stdout; every error and warning on
//! stderr, one a line, as `error: <field>: <what to do>`; exit 0 success, 2 invalid input
//! (nothing written), 1 any other failure.

mod args;
mod batch_cmd;
mod callback_cmd;
mod completions_cmd;
mod connect_cmd;
mod connections_cmd;
mod disconnect_cmd;
mod history_cmd;
mod input;
mod interrupt;
mod link_delivery;
mod link_naming;
mod man_cmd;
mod management;
mod parse_cmd;
mod profile_lookup;
mod profiles_cmd;
mod recording;
mod tesla_cmd;
mod token_cmd;
mod url_cmd;
mod verify_cmd;

pub use args::{AddProfileArgs, ProfilesArgs, ProfilesCommand};
pub use args::{BatchArgs, Cli, Command, DeliveryArgs, MessageForm, ParseArgs, UrlArgs};
pub use args::{CallbackArgs, HistoryArgs, HistoryCommand};
pub use args::{CompletionsArgs, ManArgs};
pub use args::{ConnectArgs, LinkFormArgs, ReauthNamingArgs, TeslaPermissionsArgs};
pub use args::{
    ConnectionFilterArgs, ConnectionsArgs, ConnectionsScopeArgs, DisconnectArgs, VerifyArgs,
};

use std::io::{BufRead, Write};

/// The three exit codes of the contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    Success = 0,
    Failure = 1,
    Invalid = 2,
}

/// Why a command stopped: its stderr lines and the exit code they imply.
#[derive(Debug)]
pub enum CommandError {
    /// The input is wrong; each line is already in `error: <field>: …` form.
    Invalid(Vec<String>),
    /// Anything else (I/O, an unreadable profile file), one line.
    Failure(String),
}

impl CommandError {
    pub fn invalid(field: &str, message: impl std::fmt::Display) -> Self {
        CommandError::Invalid(vec![format!("error: {field}: {message}")])
    }

    pub fn failure(message: impl std::fmt::Display) -> Self {
        CommandError::Failure(format!("error: {message}"))
    }

    /// Every finding of a rejected input, one `error: <field>: …` line each, the field
    /// named as `contract` names it.
    pub fn from_findings<'f>(
        findings: impl IntoIterator<Item = &'f crate::link::Finding>,
        contract: crate::link::Contract,
    ) -> Self {
        CommandError::Invalid(
            findings
                .into_iter()
                .map(|finding| finding.line(contract))
                .collect(),
        )
    }
}

/// The standard streams, passed in so tests can run commands in memory.
pub struct Streams<'a> {
    pub stdin: &'a mut dyn BufRead,
    /// `Send`: a batch writes its output on a thread of its own.
    pub stdout: &'a mut (dyn Write + Send),
    pub stderr: &'a mut dyn Write,
}

/// Runs one subcommand and says how the process should exit.
pub fn run(cli: &Cli, command: &Command, streams: &mut Streams<'_>) -> Exit {
    let outcome = match command {
        Command::Url(args) => url_cmd::run(cli, args, streams),
        Command::Parse(args) => parse_cmd::run(args, streams),
        Command::Profiles(args) => profiles_cmd::run(cli, &args.command, streams),
        Command::Batch(args) => batch_cmd::run(cli, args, streams),
        Command::History(args) => history_cmd::run(cli, args, streams),
        Command::Callback(args) => callback_cmd::run(cli, args, streams),
        Command::TeslaPermissions(args) => tesla_cmd::run(cli, args, streams),
        Command::Connect(args) => connect_cmd::run(cli, args, streams),
        Command::Completions(args) => completions_cmd::run(args, streams),
        Command::Man(args) => man_cmd::run(args, streams),
        Command::Connections(args) => connections_cmd::run(cli, args, streams),
        Command::Disconnect(args) => disconnect_cmd::run(cli, args, streams),
        Command::Verify(args) => verify_cmd::run(cli, args, streams),
    };
    match outcome {
        Ok(()) => Exit::Success,
        Err(error) => report(error, streams.stderr),
    }
}

fn report(error: CommandError, stderr: &mut dyn Write) -> Exit {
    // A closed stderr leaves nothing to tell; the exit code still says it.
    match error {
        CommandError::Invalid(lines) => {
            for line in lines {
                let _ = writeln!(stderr, "{line}");
            }
            Exit::Invalid
        }
        CommandError::Failure(line) => {
            let _ = writeln!(stderr, "{line}");
            Exit::Failure
        }
    }
}

/// Writes command output; a failed write (a closed pipe, a full disk) is an I/O failure.
pub(crate) fn write_out(out: &mut dyn Write, text: &str) -> Result<(), CommandError> {
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| CommandError::failure(format!("cannot write the output: {e}")))
}
