//! The core: raw form -> findings -> checked request -> URL. No egui, no files, no clock.

pub mod advice;
pub mod candidates;
pub mod check;
pub mod extract;
pub mod findings;
pub mod form;
pub mod paste;
pub mod request;
pub mod state;
pub mod triage;

pub use advice::{Action, Advice, Level, LinkKind};
pub use check::{Checked, CheckedApp, check, check_app, check_row, check_with_app};
pub use findings::{Finding, Findings, Problem, Severity};
pub use form::{Field, ReauthForm};
pub use paste::{PasteError, PasteSource, Pasted, parse_paste};
pub use request::{CheckedRow, LinkTemplate, REAUTH_ENDPOINT, ReauthRequest};
pub use state::generate_state;
pub use triage::{Triage, TriagedPaste, triage, triage_paste};
