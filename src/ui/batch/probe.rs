//! Measuring the window's batch from outside. With `REAUTH_LINK_BATCH_DONE=1` the window
//! prints `batch-done rows=<n> unix_ns=<wall clock>` to stderr when a batch's work is all
//! done (rows built, counted, duplicates found, the table ready to draw in this frame) and
//! `slowest-frame-ms=<the panel's longest frame while the batch ran>`, or
//! `batch-failed <message>`, then closes: `scripts/bench-window-batch` times start-up to
//! that line. Without the variable nothing happens.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::ui::batch::job::BatchTable;

pub const BATCH_DONE_VAR: &str = "REAUTH_LINK_BATCH_DONE";

/// Reports a finished batch and closes the window, when the environment asks for it.
pub fn report(ctx: &egui::Context, outcome: &Result<BatchTable, String>, slowest_frame: Duration) {
    if std::env::var_os(BATCH_DONE_VAR).is_none() {
        return;
    }
    let unix_ns = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_nanos());
    match outcome {
        Ok(table) => eprintln!(
            "batch-done rows={} unix_ns={unix_ns} slowest-frame-ms={:.1}",
            table.rows.len(),
            slowest_frame.as_secs_f64() * 1000.0
        ),
        Err(message) => eprintln!("batch-failed {message}"),
    }
    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
}
