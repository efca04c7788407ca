//! Profiles and the store on disk. No egui.
//!
//! `Profile` is one client app's settings; `ProfileStore` keeps them in one TOML file
//! (`format`), saved whole (`crate::whole_file`) with a backup, merged with other windows' saves
//! (`merge`); `check_profile` applies the form's rules to a profile (`validate`).

pub mod edit;
pub mod error;
pub mod format;
pub mod location;
mod merge;
pub mod profile;
pub mod store;
pub mod validate;

pub use edit::ProfileEdit;
pub use error::{Location, StoreError};
pub use location::{FILE_NAME, backup_path, config_dir};
pub use profile::Profile;
pub use store::ProfileStore;
pub use validate::{ProfileCheck, ProfileField, ProfileFinding, check_profile};
