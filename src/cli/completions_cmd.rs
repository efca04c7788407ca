//! `reauth-link completions SHELL`: the shell's completion script, for installs by hand
//! (the packages carry the same scripts, made by this command).

use clap::CommandFactory;

use super::{Cli, CommandError, CompletionsArgs, Streams, write_out};

/// The name the scripts complete: the installed binary's, whatever this one is called.
const BIN_NAME: &str = "reauth-link";

pub fn run(args: &CompletionsArgs, streams: &mut Streams<'_>) -> Result<(), CommandError> {
    let script = completion_script(args.shell)?;
    write_out(streams.stdout, &script)
}

/// The script, generated from the same definition the parser reads, so a new subcommand
/// or flag completes without anyone listing it.
pub fn completion_script(shell: clap_complete::Shell) -> Result<String, CommandError> {
    let mut bytes = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), BIN_NAME, &mut bytes);
    String::from_utf8(bytes)
        .map_err(|e| CommandError::failure(format!("the {shell} completion is not UTF-8: {e}")))
}
