//! The Link tab: the paste box and its triage line, the kind picker and each kind's form,
//! the link with Copy and Open, the Connection line, the owner's return, and getting the
//! link to the owner (message, e-mail, QR code).

pub mod attention;
pub mod connect_form;
pub mod connection_job;
pub mod connection_line;
pub mod field_findings;
pub mod inputs;
pub mod kind_form;
pub mod kind_panel;
pub mod kind_view;
pub mod link_forms;
pub mod link_view;
pub mod message_choice;
pub mod opener;
pub mod paste_box;
pub mod qr_view;
pub mod reauth_fields;
pub mod reauth_form;
pub mod return_view;
pub mod scope_picker;
pub mod shown_form;
pub mod tab;
pub mod tesla_form;
pub mod ticket_field;
pub mod to_the_owner;
pub mod triage_line;
