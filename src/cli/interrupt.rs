//! Ctrl+C or SIGTERM while a command writes a file: the file written over stays as it
//! was, byte for byte, and no temporary file is left beside it. Without this the process
//! would die at once, leaving its temporary file behind.

use std::io;

/// From now on SIGINT and SIGTERM end the process, once every unfinished whole-file
/// write's temporary file is removed, with 128 + the signal's number (130, 143), the code
/// a shell reports for a process a signal ended.
#[cfg(unix)]
pub fn abandon_writes_on_interrupt() -> io::Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    use signal_hook::iterator::Signals;

    use crate::whole_file::abandon_unfinished_writes;

    let mut signals = Signals::new([SIGINT, SIGTERM])?;
    std::thread::Builder::new()
        .name("interrupt".to_owned())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let _no_write_finishes = abandon_unfinished_writes();
                // Not `std::process::exit`: its clean-up waits for the standard streams,
                // which the command's own thread holds locked while it runs. Nothing is
                // printed for the same reason; the exit code says what happened.
                signal_hook::low_level::exit(128 + signal);
            }
        })?;
    Ok(())
}

/// Elsewhere the system's own handling stays.
#[cfg(not(unix))]
pub fn abandon_writes_on_interrupt() -> io::Result<()> {
    Ok(())
}
