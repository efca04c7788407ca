//! `reauth-link man [--dir DIR]`: the manual page, made from the command line's own
//! definition, so it can never describe flags the binary does not have.

use std::path::Path;

use clap::CommandFactory;

use super::{Cli, CommandError, ManArgs, Streams, write_out};
use crate::whole_file::{create_folder, write_whole_file};

pub fn run(args: &ManArgs, streams: &mut Streams<'_>) -> Result<(), CommandError> {
    let pages = pages()?;
    match &args.dir {
        Some(dir) => write_pages(dir, &pages),
        None => {
            // The first page is reauth-link.1 itself; the others are its subcommands'.
            let (_, main_page) = &pages[0];
            write_out(streams.stdout, main_page)
        }
    }
}

/// `(file name, roff)`: reauth-link.1 first, whose SUBCOMMANDS section names each
/// subcommand's page, then reauth-link-<subcommand>.1 for every subcommand at every
/// depth (`reauth-link-profiles-add.1`), in the order `--help` lists them.
pub fn pages() -> Result<Vec<(String, String)>, CommandError> {
    // clap's `help` subcommand is `--help` under another name: no page, nor a line in
    // the SUBCOMMANDS sections. Built once, so each subcommand carries its full name
    // (`reauth-link-url`) as its display name, and the page titles follow it.
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let source = format!("reauth-link {}", command.get_version().unwrap_or_default());
    let mut pages = Vec::new();
    add_pages(&command, &source, &mut pages)?;
    Ok(pages)
}

/// Adds `command`'s page, then its subcommands'. `source` is the footer every page
/// carries: the program and its version (a subcommand has no version of its own).
fn add_pages(
    command: &clap::Command,
    source: &str,
    pages: &mut Vec<(String, String)>,
) -> Result<(), CommandError> {
    let man = clap_mangen::Man::new(command.clone()).source(source);
    let mut roff = Vec::new();
    man.render(&mut roff)
        .map_err(|e| CommandError::failure(format!("cannot render the manual page: {e}")))?;
    let roff = String::from_utf8(roff)
        .map_err(|e| CommandError::failure(format!("the manual page is not UTF-8: {e}")))?;
    let name = command.get_display_name().unwrap_or(command.get_name());
    pages.push((format!("{name}.1"), ascii_roff(&roff)));
    for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        add_pages(sub, source, pages)?;
    }
    Ok(())
}

/// The help texts hold a few characters beyond ASCII (`…`); troff reads its input as
/// Latin-1 unless told otherwise, so each is written as its named Unicode escape
/// (`\[u2026]`), which groff and mandoc render as the character.
fn ascii_roff(roff: &str) -> String {
    let mut out = String::with_capacity(roff.len());
    for c in roff.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("\\[u{:04X}]", u32::from(c)));
        }
    }
    out
}

fn write_pages(dir: &Path, pages: &[(String, String)]) -> Result<(), CommandError> {
    create_folder(dir).map_err(|e| {
        CommandError::failure(format!("cannot create the folder {}: {e}", dir.display()))
    })?;
    for (name, roff) in pages {
        let path = dir.join(name);
        write_whole_file(&path, roff.as_bytes())
            .map_err(|e| CommandError::failure(format!("cannot write {}: {e}", path.display())))?;
        readable_by_all(&path)
            .map_err(|e| CommandError::failure(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(())
}

/// A page is read by everyone once installed; the whole-file writer makes every file for
/// its owner only, as the profiles need.
#[cfg(unix)]
fn readable_by_all(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn readable_by_all(_path: &Path) -> std::io::Result<()> {
    Ok(())
}
