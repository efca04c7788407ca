//! A large batch output written straight to the disk (`O_DIRECT`), by a thread of its own.
//!
//! A million rows are 256 MB of CSV. Through the page cache, the system copied them into
//! freshly allocated pages and wrote those back later: 120 ms of processor time on a
//! 2-core machine whose other core builds the rows, plus the flush before the rename.
//! Written straight from our buffers, the same bytes cost the processor a tenth of that,
//! and the disk works while the next rows are formatted.
//!
//! Direct writes must start and end on block boundaries from aligned memory: whole
//! blocks go straight to the disk, and the last part block is written through the cache
//! when the output is flushed. A system or file system that refuses direct writes (or
//! refuses one midway) gets every byte through the cache instead: the same file either way.

use std::fs::File;
use std::io::{self, Write};
use std::sync::mpsc::{Receiver, SyncSender, channel, sync_channel};
use std::thread::JoinHandle;

/// Direct writes start at and cover whole multiples of this: the largest logical block
/// size of common disks.
const BLOCK: usize = 4096;

/// Bytes a buffer holds before it goes to the writing thread.
const BUFFER_BYTES: usize = 512 << 10;

/// Buffers with the writing thread at once; the formatting side waits beyond this.
const BUFFERS_IN_FLIGHT: usize = 2;

/// Writes to `file`, straight to the disk where the system allows it. Call `flush` at the
/// end: it writes the last part block and waits for everything before it.
pub struct DirectOutput<'a> {
    file: &'a mut File,
    staging: AlignedBuffer,
    /// `None` when writing through the cache: not direct, or flushed.
    writer: Option<DirectWriter>,
}

struct DirectWriter {
    to_write: SyncSender<AlignedBuffer>,
    written: Receiver<AlignedBuffer>,
    thread: JoinHandle<io::Result<()>>,
}

impl<'a> DirectOutput<'a> {
    /// Direct when the system takes `O_DIRECT` for `file` and a thread can be started;
    /// otherwise every write goes through the cache as it comes.
    pub fn new(file: &'a mut File) -> Self {
        let writer = start_direct_writer(file);
        Self {
            file,
            staging: AlignedBuffer::new(),
            writer,
        }
    }

    /// Hands the full staging buffer to the writing thread and takes an empty one.
    fn hand_over(&mut self) -> io::Result<()> {
        let Some(writer) = &self.writer else {
            return Ok(());
        };
        let mut empty = writer
            .written
            .try_recv()
            .unwrap_or_else(|_| AlignedBuffer::new());
        empty.clear();
        let full = std::mem::replace(&mut self.staging, empty);
        if writer.to_write.send(full).is_err() {
            // The thread stopped: its error says why.
            return Err(self.stop_writer().err().unwrap_or_else(stopped));
        }
        Ok(())
    }

    /// Waits for the writing thread's last write; from then on writes go through the cache.
    fn stop_writer(&mut self) -> io::Result<()> {
        let Some(DirectWriter {
            to_write,
            written,
            thread,
        }) = self.writer.take()
        else {
            return Ok(());
        };
        drop(to_write);
        drop(written);
        let result = thread.join().unwrap_or_else(|_| Err(stopped()));
        clear_direct(self.file).and(result)
    }
}

impl Write for DirectOutput<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.writer.is_none() {
            return self.file.write(bytes);
        }
        let taken = self.staging.push(bytes);
        if self.staging.is_full() {
            self.hand_over()?;
        }
        Ok(taken)
    }

    /// Everything written so far is in the file afterwards; later writes go through the
    /// cache.
    fn flush(&mut self) -> io::Result<()> {
        self.stop_writer()?;
        self.file.write_all(self.staging.bytes())?;
        self.staging.clear();
        self.file.flush()
    }
}

/// An output dropped unflushed (a batch stopped by an error) leaves no thread writing.
impl Drop for DirectOutput<'_> {
    fn drop(&mut self) {
        // The file is thrown away on that path; only the thread matters.
        let _ = self.stop_writer();
    }
}

fn stopped() -> io::Error {
    io::Error::other("the output's writing thread stopped")
}

/// Turns on `O_DIRECT` for `file` and starts the thread that writes the full buffers.
#[cfg(target_os = "linux")]
fn start_direct_writer(file: &File) -> Option<DirectWriter> {
    let handle = file.try_clone().ok()?;
    let flags = rustix::fs::fcntl_getfl(&handle).ok()?;
    rustix::fs::fcntl_setfl(&handle, flags | rustix::fs::OFlags::DIRECT).ok()?;
    let (to_write, full) = sync_channel::<AlignedBuffer>(BUFFERS_IN_FLIGHT);
    let (give_back, written) = channel();
    let spawned = std::thread::Builder::new()
        .name("batch-output".to_owned())
        .spawn(move || {
            let mut file = handle;
            let mut direct = true;
            for buffer in full {
                write_all_blocks(&mut file, buffer.bytes(), &mut direct)?;
                // Nobody waits for buffers after the last one.
                let _ = give_back.send(buffer);
            }
            Ok(())
        });
    match spawned {
        Ok(thread) => Some(DirectWriter {
            to_write,
            written,
            thread,
        }),
        Err(_) => {
            let _ = rustix::fs::fcntl_setfl(file, flags);
            None
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn start_direct_writer(_file: &File) -> Option<DirectWriter> {
    None
}

/// `write_all`, falling back to writes through the cache for good when the system
/// refuses a direct one (`EINVAL`: a file system without direct writes).
#[cfg(target_os = "linux")]
fn write_all_blocks(file: &mut File, bytes: &[u8], direct: &mut bool) -> io::Result<()> {
    let mut rest = bytes;
    while !rest.is_empty() {
        match file.write(rest) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(written) => rest = &rest[written..],
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error)
                if *direct
                    && error.raw_os_error() == Some(rustix::io::Errno::INVAL.raw_os_error()) =>
            {
                *direct = false;
                clear_direct(file)?;
            }
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

#[cfg(target_os = "linux")]
fn clear_direct(file: &File) -> io::Result<()> {
    let flags = rustix::fs::fcntl_getfl(file)?;
    rustix::fs::fcntl_setfl(file, flags - rustix::fs::OFlags::DIRECT)?;
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn clear_direct(_file: &File) -> io::Result<()> {
    Ok(())
}

/// `BUFFER_BYTES` starting on a `BLOCK` boundary: a plain vector a block larger, used
/// from its first aligned byte (its heap memory stays put when the vector moves).
struct AlignedBuffer {
    memory: Vec<u8>,
    start: usize,
    len: usize,
}

impl AlignedBuffer {
    fn new() -> Self {
        let memory = vec![0; BUFFER_BYTES + BLOCK];
        let start = memory.as_ptr().align_offset(BLOCK).min(BLOCK);
        Self {
            memory,
            start,
            len: 0,
        }
    }

    /// As many of `bytes` as fit; how many that was.
    fn push(&mut self, bytes: &[u8]) -> usize {
        let taken = bytes.len().min(BUFFER_BYTES - self.len);
        let at = self.start + self.len;
        self.memory[at..at + taken].copy_from_slice(&bytes[..taken]);
        self.len += taken;
        taken
    }

    fn is_full(&self) -> bool {
        self.len == BUFFER_BYTES
    }

    fn bytes(&self) -> &[u8] {
        &self.memory[self.start..self.start + self.len]
    }

    fn clear(&mut self) {
        self.len = 0;
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Seek};

    use super::*;

    /// Bytes that show any piece out of place: each 8-byte word is its own offset.
    fn numbered_bytes(length: usize) -> Vec<u8> {
        (0..length.div_ceil(8) as u64)
            .flat_map(|word| (word * 8).to_le_bytes())
            .take(length)
            .collect()
    }

    fn read_back(file: &mut File) -> Vec<u8> {
        let mut written = Vec::new();
        file.rewind().expect("rewinds");
        file.read_to_end(&mut written).expect("reads");
        written
    }

    #[test]
    fn the_file_holds_every_byte_through_full_buffers_and_a_last_part_block() {
        let mut file = tempfile::tempfile().expect("temp file");
        let bytes = numbered_bytes(3 * BUFFER_BYTES + BLOCK + 777);
        {
            let mut output = DirectOutput::new(&mut file);
            for piece in bytes.chunks(250_001) {
                output.write_all(piece).expect("writes");
            }
            output.flush().expect("flushes");
            output.write_all(b"after the flush").expect("writes on");
        }
        let mut expected = bytes;
        expected.extend_from_slice(b"after the flush");
        assert_eq!(read_back(&mut file), expected);
    }

    #[cfg(target_os = "linux")]
    /// Whether the file system of `folder` refuses a direct write of part of a block, as
    /// those of disks do (tmpfs takes any).
    fn refuses_part_block_direct_writes(folder: &std::path::Path) -> bool {
        let Ok(mut file) = File::create(folder.join("probe")) else {
            return false;
        };
        let Ok(flags) = rustix::fs::fcntl_getfl(&file) else {
            return false;
        };
        if rustix::fs::fcntl_setfl(&file, flags | rustix::fs::OFlags::DIRECT).is_err() {
            return false;
        }
        let refused = file.write(&numbered_bytes(1_000));
        refused.is_err_and(|error| {
            error.raw_os_error() == Some(rustix::io::Errno::INVAL.raw_os_error())
        })
    }

    #[cfg(target_os = "linux")]
    /// A folder where a part-block direct write is really refused: the build folder the
    /// test binary runs from (on a disk, where the output of a real batch goes), else the
    /// system's temporary folder.
    fn folder_refusing_part_block_direct_writes() -> tempfile::TempDir {
        let build_folder = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(std::path::Path::to_owned));
        let candidates = build_folder.into_iter().chain([std::env::temp_dir()]);
        for folder in candidates {
            if let Ok(scratch) = tempfile::tempdir_in(&folder)
                && refuses_part_block_direct_writes(scratch.path())
            {
                return scratch;
            }
        }
        panic!(
            "neither the build folder nor the temporary folder refuses part-block direct writes: the fallback cannot be exercised here"
        );
    }

    // O_DIRECT is Linux's; elsewhere every write goes through the cache.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_direct_write_the_system_refuses_is_made_through_the_cache() {
        let folder = folder_refusing_part_block_direct_writes();
        let mut file = File::options()
            .read(true)
            .write(true)
            .create_new(true)
            .open(folder.path().join("out.csv"))
            .expect("creates");
        let flags = rustix::fs::fcntl_getfl(&file).expect("flags");
        rustix::fs::fcntl_setfl(&file, flags | rustix::fs::OFlags::DIRECT).expect("direct");
        // Not a whole block from aligned memory: the system refuses it direct.
        let bytes = numbered_bytes(1_000);
        let mut direct = true;
        write_all_blocks(&mut file, &bytes, &mut direct).expect("writes");
        assert!(!direct, "the refusal turned direct writes off");
        let now = rustix::fs::fcntl_getfl(&file).expect("flags");
        assert!(
            !now.contains(rustix::fs::OFlags::DIRECT),
            "through the cache for good"
        );
        assert_eq!(read_back(&mut file), bytes);
    }

    #[test]
    fn a_write_the_file_refuses_is_an_error_at_the_latest_when_flushed() {
        let folder = tempfile::tempdir().expect("temp dir");
        let path = folder.path().join("read-only.csv");
        std::fs::write(&path, "").expect("creates");
        let mut file = File::open(&path).expect("opens for reading only");
        let mut output = DirectOutput::new(&mut file);
        let written = numbered_bytes(3 * BUFFER_BYTES + 10);
        let failed = output
            .write_all(&written)
            .and_then(|()| output.flush())
            .expect_err("a file opened for reading takes no bytes");
        assert_ne!(
            failed.kind(),
            io::ErrorKind::Other,
            "the system's own error: {failed}"
        );
    }

    #[test]
    fn a_buffer_starts_on_a_block_boundary_and_takes_only_what_fits() {
        let mut buffer = AlignedBuffer::new();
        assert_eq!(buffer.bytes().as_ptr() as usize % BLOCK, 0);
        let taken = buffer.push(&vec![7; BUFFER_BYTES + 10]);
        assert_eq!(taken, BUFFER_BYTES);
        assert!(buffer.is_full());
        assert_eq!(buffer.push(b"more"), 0);
    }
}
