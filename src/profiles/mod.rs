//! Profiles and the store on disk. No egui.

pub mod profile;

pub use profile::Profile;
