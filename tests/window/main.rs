//! The window through its accessible labels (kittest), one test binary: every tab, its
//! findings, commands and files, and the few snapshots that are looked at.

#[path = "../support/cli.rs"]
mod cli_support;
#[path = "../../crates/core/tests/support/management.rs"]
mod management_support;
#[path = "../support/peak_rss.rs"]
mod peak_rss;
#[path = "../../crates/core/tests/support/postgres.rs"]
mod postgres_support;
#[path = "../../crates/core/tests/support/qr.rs"]
mod qr_support;
#[path = "../support/ui.rs"]
mod ui_support;

mod app_batch;
mod app_profiles;
mod batch;
mod batch_hidden_rows;
mod connections;
mod crossed_returns;
mod deliver;
mod history;
mod history_shared;
mod kinds;
mod link;
mod profile_editor;
mod profiles;
mod refused;
mod snapshots;
mod triage;
