//! The batch's CSV: `vehicle_id,state,user,url,error`, then the carried columns. The
//! command line streams rows through it and the window's export replays its rows through
//! it, so both write the same bytes.

use std::io::Write;

use csv::ByteRecord;

use super::build::BatchRow;
use crate::deliver::TextColumn;

/// The columns every batch output starts with, in order.
pub const OUTPUT_COLUMNS: [&str; 5] = ["vehicle_id", "state", "user", "url", "error"];

/// The optional column after `error`: each good row's SMS or chat text.
pub const MESSAGE_COLUMN: &str = "message";

pub struct CsvOutput<W: Write> {
    writer: csv::Writer<W>,
    record: ByteRecord,
    carried_width: usize,
    /// Renders the `message` column when the batch asked for one.
    message: Option<TextColumn>,
    message_text: String,
}

impl<W: Write> CsvOutput<W> {
    /// Writes the header at once, so even an input with no rows gives a valid CSV.
    pub fn new(output: W, carried_header: &ByteRecord) -> Result<Self, csv::Error> {
        Self::with_message_column(output, carried_header, None)
    }

    /// As `new`, with a `message` column after `error` when `message` is given.
    pub fn with_message_column(
        output: W,
        carried_header: &ByteRecord,
        message: Option<TextColumn>,
    ) -> Result<Self, csv::Error> {
        let mut writer = csv::WriterBuilder::new()
            .flexible(false)
            .buffer_capacity(64 * 1024)
            .from_writer(output);
        let mut header = ByteRecord::new();
        for column in OUTPUT_COLUMNS {
            header.push_field(column.as_bytes());
        }
        if message.is_some() {
            header.push_field(MESSAGE_COLUMN.as_bytes());
        }
        header.extend(carried_header.iter());
        writer.write_byte_record(&header)?;
        Ok(Self {
            writer,
            record: ByteRecord::new(),
            carried_width: carried_header.len(),
            message,
            message_text: String::new(),
        })
    }

    /// One row as it was built.
    pub fn write_row(&mut self, row: &BatchRow) -> Result<(), csv::Error> {
        let columns = [&row.vehicle_id, &row.state, &row.user, &row.url].map(String::as_str);
        self.write_values(columns, &row.error_text(), row.carried.iter())
    }

    /// One row from its values: `columns` are vehicle_id, state, user and url. A row with
    /// fewer carried values than the header is padded with empty ones.
    pub fn write_values<'a>(
        &mut self,
        columns: [&str; 4],
        error: &str,
        carried: impl Iterator<Item = &'a [u8]>,
    ) -> Result<(), csv::Error> {
        self.record.clear();
        for value in columns {
            self.record.push_field(value.as_bytes());
        }
        self.record.push_field(error.as_bytes());
        if let Some(column) = &self.message {
            self.message_text.clear();
            let [vehicle_id, _, _, url] = columns;
            if !url.is_empty() {
                column.render_into(url, vehicle_id, &mut self.message_text);
            }
            self.record.push_field(self.message_text.as_bytes());
        }
        let mut carried = carried;
        for _ in 0..self.carried_width {
            self.record.push_field(carried.next().unwrap_or_default());
        }
        self.writer.write_byte_record(&self.record)
    }

    /// Flushes and hands the destination back.
    pub fn finish(self) -> Result<W, csv::Error> {
        self.writer
            .into_inner()
            .map_err(|error| csv::Error::from(error.into_error()))
    }
}
