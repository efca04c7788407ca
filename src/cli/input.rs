//! Reading a paste from a file, from stdin, or from the argument itself.

use std::io::Read;

use super::{CommandError, Streams};

/// Pastes larger than this are not something a person copied; refusing them keeps a wrong
/// file (a log, an image) from being read whole.
pub const MAX_PASTE_BYTES: u64 = 1 << 20;

/// `-` reads stdin; anything else is a file.
pub fn read_file_or_stdin(source: &str, streams: &mut Streams<'_>) -> Result<String, CommandError> {
    if source.trim().is_empty() {
        return Err(CommandError::invalid(
            "input",
            "nothing to read: give a file name, or `-` for standard input",
        ));
    }
    let mut bytes = Vec::new();
    let result = if source == "-" {
        (&mut streams.stdin)
            .take(MAX_PASTE_BYTES + 1)
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(source)
            .and_then(|file| file.take(MAX_PASTE_BYTES + 1).read_to_end(&mut bytes))
    };
    let name = if source == "-" {
        "standard input"
    } else {
        source
    };
    result.map_err(|e| CommandError::failure(format!("cannot read {name}: {e}")))?;
    if bytes.len() as u64 > MAX_PASTE_BYTES {
        return Err(CommandError::invalid(
            "input",
            format!("{name} is larger than 1 MiB: give the one link, error body or event"),
        ));
    }
    String::from_utf8(bytes).map_err(|_| {
        CommandError::invalid(
            "input",
            format!("{name} is not UTF-8 text: give the link or JSON as text"),
        )
    })
}

/// An argument that is itself a link or JSON is read as text; otherwise it names a file.
pub fn read_argument(
    input: Option<&str>,
    streams: &mut Streams<'_>,
) -> Result<String, CommandError> {
    match input {
        None => read_file_or_stdin("-", streams),
        // Nothing to read is said as such, not as a file named "" that is missing.
        Some(text) if text.trim().is_empty() => Ok(text.to_owned()),
        Some(text) if looks_like_paste(text) => Ok(text.to_owned()),
        Some(source) => read_file_or_stdin(source, streams),
    }
}

fn looks_like_paste(text: &str) -> bool {
    let trimmed = text.trim_start();
    trimmed.starts_with(['{', '[']) || trimmed.contains("://")
}
