//! Spotting a vehicle id seen before without keeping the ids: one 64-bit fingerprint and
//! the first row number per distinct id (12 bytes per entry plus the table's control byte,
//! so 13 to 30 bytes per distinct id as the table fills and grows).
//!
//! The fingerprint is foldhash's quality hash with a seed drawn afresh for every batch
//! (SipHash cost more; a fleet's own file is no adversary). Two different ids share a
//! fingerprint with odds of about n²/2⁶⁵ (one in 36 million for a million distinct ids). Even then nothing is lost: a duplicate
//! is a warning, never an error, so the row still gets its link; the warning only says
//! "the same id as row N".

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};

use foldhash::quality::RandomState;

/// First row number per fingerprint.
#[derive(Debug, Default)]
pub struct Duplicates {
    keys: RandomState,
    first_rows: HashMap<Fingerprint, u32, BuildHasherDefault<AlreadyHashed>>,
}

/// A 64-bit hash stored as two halves: 4-byte alignment keeps an entry at 12 bytes
/// instead of the 16 a `(u64, u32)` pair takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Fingerprint([u32; 2]);

impl Fingerprint {
    fn of(hash: u64) -> Self {
        // Truncations on purpose: the two halves of the hash.
        Self([(hash >> 32) as u32, hash as u32])
    }
}

impl std::hash::Hash for Fingerprint {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64((u64::from(self.0[0]) << 32) | u64::from(self.0[1]));
    }
}

impl Duplicates {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `vehicle_id` as seen on `row`; returns the row that had it first, if any.
    /// Ids are compared after trimming, as `check` reads them; empty ids are never
    /// duplicates (they are errors of their own).
    pub fn first_row_of(&mut self, vehicle_id: &str, row: u32) -> Option<u32> {
        let id = vehicle_id.trim();
        if id.is_empty() {
            return None;
        }
        let fingerprint = Fingerprint::of(self.keys.hash_one(id));
        match self.first_rows.entry(fingerprint) {
            std::collections::hash_map::Entry::Occupied(first) => Some(*first.get()),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(row);
                None
            }
        }
    }

    /// Distinct ids seen so far.
    pub fn distinct(&self) -> usize {
        self.first_rows.len()
    }
}

/// The keys are hash outputs already: hashing them again would only cost time.
#[derive(Debug, Default)]
struct AlreadyHashed(u64);

impl Hasher for AlreadyHashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*byte);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_sighting_names_the_first_row() {
        let mut seen = Duplicates::new();
        assert_eq!(seen.first_row_of("a-1", 1), None);
        assert_eq!(seen.first_row_of("b-2", 2), None);
        assert_eq!(seen.first_row_of(" a-1 ", 3), Some(1));
        assert_eq!(seen.first_row_of("a-1", 4), Some(1));
        assert_eq!(seen.distinct(), 2);
    }

    #[test]
    fn an_entry_takes_twelve_bytes() {
        assert_eq!(std::mem::size_of::<(Fingerprint, u32)>(), 12);
    }

    #[test]
    fn empty_ids_are_never_duplicates() {
        let mut seen = Duplicates::new();
        assert_eq!(seen.first_row_of("", 1), None);
        assert_eq!(seen.first_row_of("  ", 2), None);
        assert_eq!(seen.distinct(), 0);
    }
}
