//! The History tab: the worker that owns the history store, its pages, and Verify.

pub mod commands;
pub mod pages;
pub mod panel;
pub mod verify_job;
pub mod worker_handle;
