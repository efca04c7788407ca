//! The Profiles tab: the store the window reads, the editor with its templates and the
//! management token, and a profiles file that could not be read.

pub mod editor;
pub mod store_handle;
pub mod tab;
pub mod template_fields;
pub mod token_line;
pub mod typed_profile;
pub mod unreadable;
