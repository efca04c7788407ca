//! The binary end to end, one test binary: every subcommand run as a user runs it, in a
//! config folder of the test's own, with its exit code, output and files checked.

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

mod batch;
mod batch_hidden_rows;
mod batch_input_classes;
mod batch_interrupt;
mod connections;
mod connections_v3;
mod crossed_returns;
mod deliver;
mod history;
mod history_processes;
mod history_shared;
mod install;
mod kind_delivery;
mod kinds;
mod profiles;
mod profiles_crash;
mod refused_ids;
mod refused_output;
mod refused_small;
mod secret_store;
mod tickets;
mod triage;
mod url_subcommand;
mod window;
