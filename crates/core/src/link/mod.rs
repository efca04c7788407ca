//! The core: raw form -> findings -> checked request -> URL. No egui, no files, no clock.
//!
//! Three kinds of link (`kind`): re-authentication (`form`, `check`, `request`), the
//! Tesla permissions link (`tesla`) and the new connection (`connect`), each under either
//! contract (`contract`). Every kind's check gives the same `Checked`: `Findings` on the
//! one `Field` enum, and a `BuiltLink` when nothing blocks it. `read_kind` reads any of
//! them back.

pub mod advice;
pub mod callback;
pub mod candidates;
pub mod check;
pub mod checked;
pub mod connect;
pub mod connect_values;
pub mod contract;
pub mod disguised;
pub mod extract;
pub mod field;
pub mod findings;
pub mod form;
pub mod hosts;
mod id_cleaning;
pub mod kind;
pub mod length;
pub mod paste;
pub mod read_kind;
pub mod request;
pub mod scopes;
pub mod state;
pub mod state_binding;
pub mod tesla;
pub mod triage;
pub mod uuid_shape;
pub mod value_shape;
pub mod vin;
pub mod wrappers;

pub use advice::{Action, Advice, Level};
pub use candidates::{Candidate, Reading, read_paste};
pub use check::{
    CheckedApp, check, check_app, check_app_with_options, check_row, check_with_app,
    check_with_options, clean_lookup_id, linked_vehicle_id,
};
pub use checked::{BuiltLink, Checked};
pub use connect::{AUTHORIZE_ENDPOINT, ConnectForm, check_connect};
pub use contract::{Contract, ReauthOptions, ResponseType};
pub use field::Field;
pub use findings::{Finding, Findings, Problem, Severity};
pub use form::ReauthForm;
pub use kind::LinkKind;
pub use paste::{PasteError, PasteSource, Pasted};
pub use read_kind::{ReadLink, read_link};
pub use request::{CheckedRow, LinkTemplate, REAUTH_ENDPOINT};
pub use state::generate_state;
pub use state_binding::{StateAfterVehicleChange, StateBinding, StateOrigin};
pub use tesla::{TeslaPermissionsForm, check_tesla_permissions};
pub use triage::{Triage, TriagedPaste};
