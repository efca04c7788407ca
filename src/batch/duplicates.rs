//! Spotting a vehicle id seen before without keeping the ids: one 64-bit fingerprint and
//! the first row number per distinct id (12 bytes per entry plus the table's control byte,
//! so 15 to 30 bytes per distinct id as the tables fill and double).
//!
//! The fingerprint is foldhash's quality hash with a seed drawn afresh for every batch
//! (SipHash cost more; a fleet's own file is no adversary). Two different ids share a
//! fingerprint with odds of about n²/2⁶⁵ (one in 36 million for a million distinct ids). Even then nothing is lost: a duplicate
//! is a warning, never an error, so the row still gets its link; the warning only says
//! "the same id as row N".

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};

use foldhash::quality::RandomState;

/// First row number per fingerprint, in shards that grow one at a time: a single table
/// would hold its old and its new copy at once while it doubles, half again as much
/// memory at that moment; a shard's copy is a 256th of that.
#[derive(Debug)]
pub struct Duplicates {
    keys: RandomState,
    shards: Box<[FirstRows]>,
}

type FirstRows = HashMap<Fingerprint, u32, BuildHasherDefault<AlreadyHashed>>;

const SHARDS: usize = 256;

impl Default for Duplicates {
    fn default() -> Self {
        Self {
            keys: RandomState::default(),
            shards: (0..SHARDS).map(|_| FirstRows::default()).collect(),
        }
    }
}

/// Bits 48 to 55 of the hash: the table within a shard picks buckets by the low bits and
/// tags them with the top seven, so the shard must be chosen by neither.
fn shard_of(hash: u64) -> usize {
    usize::from((hash >> 48) as u8)
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
        let hash = self.keys.hash_one(id);
        match self.shards[shard_of(hash)].entry(Fingerprint::of(hash)) {
            std::collections::hash_map::Entry::Occupied(first) => Some(*first.get()),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(row);
                None
            }
        }
    }

    /// Distinct ids seen so far.
    pub fn distinct(&self) -> usize {
        self.shards.iter().map(HashMap::len).sum()
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
    fn every_repeat_among_many_ids_names_its_first_row() {
        let mut seen = Duplicates::new();
        let ids: Vec<String> = (0..20_000).map(|n| format!("vehicle-{n}")).collect();
        for (row, id) in (1..).zip(&ids) {
            assert_eq!(seen.first_row_of(id, row), None, "{id} is new");
        }
        assert!(
            seen.shards.iter().all(|shard| !shard.is_empty()),
            "ids spread over every shard"
        );
        for (first, id) in (1..).zip(&ids) {
            assert_eq!(seen.first_row_of(id, first + 20_000), Some(first));
        }
        assert_eq!(seen.distinct(), ids.len());
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
