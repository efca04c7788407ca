//! The history as CSV: the entries matching a search (all of them for an empty one),
//! newest first, with the columns of `ENTRY_FIELDS`. Written through the project's
//! whole-file writer, so a failed export leaves the old file or none.

use std::borrow::Cow;
use std::path::Path;

use super::entry::ENTRY_FIELDS;
use super::error::HistoryError;
use super::interface::History;
use crate::batch::{WholeFileError, neutralise_formula, write_whole_file};

/// The columns a person types freely: a spreadsheet must not run them as formulas. The
/// others are times, ids, states and links, kept byte for byte.
const FREE_TEXT_FIELDS: [&str; 3] = ["profile", "ticket", "outcome"];

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    History(#[from] HistoryError),
    #[error("history export: cannot write {path}: {reason}; choose a folder you can write to")]
    Write { path: String, reason: String },
}

/// Writes the matching entries to `path`; returns how many.
pub fn export_csv(store: &mut dyn History, query: &str, path: &Path) -> Result<usize, ExportError> {
    let entries = store.search(query, 0, usize::MAX)?;
    let write_failed = |reason: String| ExportError::Write {
        path: path.display().to_string(),
        reason,
    };
    let written = write_whole_file(path, |file| {
        let mut csv = csv::Writer::from_writer(std::io::BufWriter::new(file));
        csv.write_record(ENTRY_FIELDS)
            .map_err(|e| write_failed(e.to_string()))?;
        for entry in &entries {
            let values = entry.field_values();
            let cells = ENTRY_FIELDS.iter().zip(&values).map(|(field, value)| {
                if FREE_TEXT_FIELDS.contains(field) {
                    neutralise_formula(value)
                } else {
                    Cow::Borrowed(value.as_str())
                }
            });
            csv.write_record(cells.map(|cell| cell.into_owned()))
                .map_err(|e| write_failed(e.to_string()))?;
        }
        csv.flush().map_err(|e| write_failed(e.to_string()))?;
        Ok::<_, ExportError>(entries.len())
    });
    written.map_err(|error| match error {
        WholeFileError::File(e) => write_failed(e.to_string()),
        WholeFileError::Write(e) => e,
    })
}
