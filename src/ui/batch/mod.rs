//! The Batch tab: the input, the job that runs the core's pipeline off the UI thread,
//! the rows it keeps and the export.

pub mod job;
pub mod panel;
pub mod probe;
pub mod rows;
