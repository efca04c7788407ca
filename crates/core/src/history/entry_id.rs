//! The id an entry is given when it is made: a random (version 4) UUID. It stays with
//! the entry wherever it is copied (this workstation's file, the desk's server), so the
//! server can tell an entry it already has from a new one.

use super::entry::Entry;

/// A new random id from the operating system's generator.
pub fn new_entry_id() -> String {
    let mut bytes = [0u8; 16];
    // Without the OS generator nothing random can be made; the clock, the process and a
    // counter still tell entries apart, which is all an entry id needs.
    if getrandom::fill(&mut bytes).is_err() {
        fallback_bytes(&mut bytes);
    }
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}

fn fallback_bytes(bytes: &mut [u8; 16]) {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or_default();
    bytes[..8].copy_from_slice(&nanos.to_le_bytes());
    let count = COUNTER.fetch_add(1, Ordering::Relaxed) ^ u64::from(std::process::id());
    bytes[8..].copy_from_slice(&count.to_le_bytes());
}

/// An entry as read back with the id it was made with, to be copied elsewhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortableEntry {
    pub entry_id: String,
    pub entry: Entry,
}
