//! A large batch output and the system's page cache. A million rows are 256 MB of CSV:
//! flushing all of it to disk after the last row, as `write_whole_file` must before the
//! rename, took a fifth of the whole run, and the rename over the previous output freed
//! that file's quarter gigabyte of cached pages, another sixth, both after the last row.
//!
//! - `ThroughToDisk` asks the system every `STEP_BYTES` to start writing what the file
//!   holds so far and to drop the pages already on disk: the disk works while rows are
//!   still formatted, the final flush has only the last step left, and the output leaves
//!   next to nothing cached for the rename of the next batch over it to free.
//! - `forget_cached` drops the cached pages of the file about to be replaced, on a thread
//!   of its own, while the batch works; the file stays whole until the rename.
//!
//! Both only advise the system (`posix_fadvise`): what fails is left alone, and the flush
//! before the rename still reports every error that counts.

use std::fs::File;
use std::io::{self, Write};
use std::num::NonZeroU64;
use std::path::Path;
use std::thread::JoinHandle;

/// Bytes written between two requests to the system.
const STEP_BYTES: u64 = 16 << 20;

/// Writes to a file, sending it to disk as it grows.
pub struct ThroughToDisk<'a> {
    file: &'a mut File,
    written: u64,
    advised: u64,
}

impl<'a> ThroughToDisk<'a> {
    pub fn new(file: &'a mut File) -> Self {
        Self {
            file,
            written: 0,
            advised: 0,
        }
    }
}

impl Write for ThroughToDisk<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let written = self.file.write(bytes)?;
        self.written += written as u64;
        if self.written - self.advised >= STEP_BYTES {
            self.advised = self.written;
            dont_need(self.file, NonZeroU64::new(self.written));
        }
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Starts writing the first `length` bytes of `file` (all of it for `None`) to disk,
/// without waiting, and drops those of its pages that are already there: Linux's
/// `POSIX_FADV_DONTNEED` does both.
#[cfg(target_os = "linux")]
fn dont_need(file: &File, length: Option<NonZeroU64>) {
    let _ = rustix::fs::fadvise(file, 0, length, rustix::fs::Advice::DontNeed);
}

#[cfg(not(target_os = "linux"))]
fn dont_need(_file: &File, _length: Option<NonZeroU64>) {}

/// Dropping the cached pages of the file at a path, started by `forget_cached`.
pub struct ForgetCached {
    thread: Option<JoinHandle<()>>,
}

/// Starts dropping the cached pages of the file at `path`, if there is one.
pub fn forget_cached(path: &Path) -> ForgetCached {
    let path = path.to_path_buf();
    let thread = std::thread::Builder::new()
        .name("old-output".to_owned())
        .spawn(move || drop_cached_pages(&path))
        .ok();
    ForgetCached { thread }
}

/// Waits for the dropping to end, so no thread outlives the batch.
impl Drop for ForgetCached {
    fn drop(&mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A file that is missing or cannot be opened is left alone.
fn drop_cached_pages(path: &Path) {
    if let Ok(file) = File::open(path) {
        dont_need(&file, None);
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Seek, Write};

    use super::*;

    #[test]
    fn the_file_holds_every_byte_written_through_many_steps() {
        let mut file = tempfile::tempfile().expect("temp file");
        let piece: Vec<u8> = (0..=255).cycle().take(1 << 20).collect();
        let pieces = 3 * (STEP_BYTES as usize) / piece.len() + 1;
        {
            let mut writer = ThroughToDisk::new(&mut file);
            for _ in 0..pieces {
                writer.write_all(&piece).expect("writes");
            }
            writer.flush().expect("flushes");
            assert_eq!(
                writer.advised,
                3 * STEP_BYTES,
                "the system was asked three times"
            );
        }
        let mut written = Vec::new();
        file.rewind().expect("rewinds");
        file.read_to_end(&mut written).expect("reads");
        assert_eq!(written.len(), pieces * piece.len());
        assert!(written.chunks(piece.len()).all(|read| read == piece));
    }

    #[test]
    fn the_old_output_stays_whole_and_a_missing_one_is_no_matter() {
        let folder = tempfile::tempdir().expect("temp dir");
        let path = folder.path().join("links.csv");
        std::fs::write(&path, "vehicle_id\nold\n").expect("writes");
        drop(forget_cached(&path));
        assert_eq!(
            std::fs::read_to_string(&path).expect("reads"),
            "vehicle_id\nold\n"
        );
        drop(forget_cached(&folder.path().join("missing.csv")));
    }
}
