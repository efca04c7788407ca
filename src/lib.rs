//! reauth-link: builds Smartcar re-authentication links, in a window or from scripts.
//!
//! `link` is the core (no egui, no files); `deliver` turns a link into what reaches the
//! owner (message, `mailto:`, QR code); `cli` and `ui` are the two faces. The layers, the
//! home of each rule and the data flows are in `docs/ARCHITECTURE.md`.

#![forbid(unsafe_code)]

pub mod batch;
pub mod cli;
pub mod connections;
pub mod deliver;
pub mod history;
pub mod link;
pub mod profiles;
pub mod ui;
pub mod whole_file;
