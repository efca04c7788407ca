//! reauth-link: builds Smartcar re-authentication links, in a window or from scripts.
//!
//! This crate holds the two faces, `cli` and `ui`; every rule they apply is in the core
//! crate (`reauth_link_core`), re-exported here under the same names so both faces and
//! their tests reach it as `reauth_link::link`, `reauth_link::history`, …. The layers, the
//! home of each rule and the data flows are in `docs/ARCHITECTURE.md`.

#![forbid(unsafe_code)]

pub use reauth_link_core::{batch, connections, deliver, history, link, profiles, whole_file};

pub mod cli;
pub mod ui;
