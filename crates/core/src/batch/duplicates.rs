//! Spotting a vehicle id seen before without keeping the ids: one 64-bit fingerprint and
//! the first row number per distinct id, a 12-byte slot in tables kept 3/8 to 3/4 full,
//! so 16 to 32 bytes per distinct id as the tables fill and double.
//!
//! The fingerprint is foldhash's quality hash with a seed drawn afresh for every batch
//! (SipHash cost more; a fleet's own file is no adversary). Two different ids share a
//! fingerprint with odds of about n²/2⁶⁵ (one in 36 million for a million distinct ids).
//! Even then nothing is lost: a duplicate is a warning, never an error, so the row still
//! gets its link; the warning only says "the same id as row N".
//!
//! A batch's ids are random, so nearly every lookup in a large table misses the cache: a
//! chunk's ids are hashed and their slots read first, all at once, so the processor waits
//! for those memory reads side by side instead of one after another (`first_rows_of`).

use std::hash::BuildHasher;

use foldhash::quality::RandomState;

use crate::link::linked_vehicle_id;

/// First row number per fingerprint, in shards that grow one at a time: a single table
/// would hold its old and its new copy at once while it doubles, half again as much
/// memory at that moment; a shard's copy is a 256th of that.
#[derive(Debug)]
pub struct Duplicates {
    keys: RandomState,
    shards: Box<[Shard]>,
    /// The hashes of the ids being looked up, kept so a lookup allocates nothing.
    hashes: Vec<u64>,
}

const SHARDS: usize = 256;

/// Slots a shard starts with when its first id comes.
const FIRST_CAPACITY: usize = 16;

/// Stands for "no id" among a chunk's hashes; a real hash of 0 is stored as 1 (see `hash`).
const NO_ID: u64 = 0;

impl Default for Duplicates {
    fn default() -> Self {
        Self {
            keys: RandomState::default(),
            shards: (0..SHARDS).map(|_| Shard::default()).collect(),
            hashes: Vec::new(),
        }
    }
}

/// Bits 48 to 55 of the hash: a shard picks its slot by the low bits, so the shard must
/// be chosen by others.
fn shard_of(hash: u64) -> usize {
    usize::from((hash >> 48) as u8)
}

/// A slot: the 64-bit hash as two halves, then the first row. Three `u32`s keep a slot at
/// 12 bytes (a `(u64, u32)` pair takes 16), and an array of integers lets a new table be
/// allocated as zeroed memory, which the system hands out untouched: room reserved ahead
/// for a large input costs nothing until ids land in it, so an input of ids repeated
/// over and over stays flat however long it is. All zeros marks an empty slot.
type Slot = [u32; 3];

const EMPTY: Slot = [0; 3];

fn slot_of(hash: u64, first_row: u32) -> Slot {
    // Truncations on purpose: the two halves of the hash.
    [(hash >> 32) as u32, hash as u32, first_row]
}

fn same_hash(slot: &Slot, hash: u64) -> bool {
    slot[..2] == slot_of(hash, 0)[..2]
}

fn is_empty(slot: &Slot) -> bool {
    slot[..2] == EMPTY[..2]
}

fn hash_of(slot: &Slot) -> u64 {
    (u64::from(slot[0]) << 32) | u64::from(slot[1])
}

/// An open-addressing table: a fingerprint's slot is its hash's low bits, or the next
/// free one after it.
#[derive(Debug, Default)]
struct Shard {
    /// Empty, or a power of two of slots.
    slots: Vec<Slot>,
    len: usize,
}

impl Shard {
    fn home(&self, hash: u64) -> usize {
        // Truncation on purpose: only the low bits pick the slot.
        (hash as usize) & (self.slots.len() - 1)
    }

    /// Reads the slot `hash` starts at, so the lookup that follows finds it in the cache.
    fn touch(&self, hash: u64) {
        if !self.slots.is_empty() {
            std::hint::black_box(self.slots[self.home(hash)]);
        }
    }

    fn first_row_of(&mut self, hash: u64, row: u32) -> Option<u32> {
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut index = self.home(hash);
        loop {
            let slot = &mut self.slots[index];
            if same_hash(slot, hash) {
                return Some(slot[2]);
            }
            if is_empty(slot) {
                *slot = slot_of(hash, row);
                self.len += 1;
                return None;
            }
            index = (index + 1) & mask;
        }
    }

    fn grow(&mut self) {
        self.grow_to((self.slots.len() * 2).max(FIRST_CAPACITY));
    }

    /// Room for `ids` before the next doubling.
    fn reserve(&mut self, ids: usize) {
        let capacity = (ids * 4).div_ceil(3).next_power_of_two();
        if capacity > self.slots.len() {
            self.grow_to(capacity);
        }
    }

    /// `capacity`: a power of two.
    fn grow_to(&mut self, capacity: usize) {
        let old = std::mem::replace(&mut self.slots, vec![EMPTY; capacity]);
        self.len = 0;
        for slot in old {
            if !is_empty(&slot) {
                self.first_row_of(hash_of(&slot), slot[2]);
            }
        }
    }
}

impl Duplicates {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `vehicle_id` as seen on `row`; returns the row that had it first, if any.
    /// Ids are compared as their links carry them (trimmed, a UUID in lower case and
    /// without hidden characters or wrappers); empty ids are never duplicates (they are
    /// errors of their own).
    pub fn first_row_of(&mut self, vehicle_id: &str, row: u32) -> Option<u32> {
        let hash = self.hash(vehicle_id);
        self.first_row_of_hash(hash, row)
    }

    /// `first_row_of` for each `(vehicle_id, row)` in order, into `first_rows` (cleared
    /// first); the slots of all the ids are read before the first lookup.
    pub fn first_rows_of<'a>(
        &mut self,
        ids: impl Iterator<Item = (&'a str, u32)> + Clone,
        first_rows: &mut Vec<Option<u32>>,
    ) {
        let mut hashes = std::mem::take(&mut self.hashes);
        hashes.clear();
        hashes.extend(ids.clone().map(|(vehicle_id, _)| self.hash(vehicle_id)));
        for hash in &hashes {
            if *hash != NO_ID {
                self.shards[shard_of(*hash)].touch(*hash);
            }
        }
        first_rows.clear();
        first_rows.extend(
            hashes
                .iter()
                .zip(ids)
                .map(|(hash, (_, row))| self.first_row_of_hash(*hash, row)),
        );
        self.hashes = hashes;
    }

    /// Makes room for `ids` distinct ids at once: a table that doubles as it fills copies
    /// every id again at each doubling, a third of the lookups' time for a million ids.
    pub fn reserve(&mut self, ids: usize) {
        // An eighth more: the ids do not spread evenly, and a shard a few ids over its
        // share would double after all.
        let per_shard = ids.div_ceil(SHARDS) + ids / SHARDS / 8;
        for shard in &mut self.shards {
            shard.reserve(per_shard);
        }
    }

    /// Distinct ids the table holds before any shard doubles, were they spread evenly.
    pub fn room(&self) -> usize {
        self.shards
            .iter()
            .map(|shard| shard.slots.len() * 3 / 4)
            .sum()
    }

    /// Distinct ids seen so far.
    pub fn distinct(&self) -> usize {
        self.shards.iter().map(|shard| shard.len).sum()
    }

    /// The hash of the id the row's link would carry, never `NO_ID`; `NO_ID` for an
    /// empty id.
    fn hash(&self, vehicle_id: &str) -> u64 {
        let id = linked_vehicle_id(vehicle_id);
        if id.is_empty() {
            return NO_ID;
        }
        // An empty slot is all zeros: a hash of 0 shares the fingerprint of 1 instead.
        self.keys.hash_one(id.as_ref()).max(1)
    }

    fn first_row_of_hash(&mut self, hash: u64, row: u32) -> Option<u32> {
        if hash == NO_ID {
            return None;
        }
        self.shards[shard_of(hash)].first_row_of(hash, row)
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
            seen.shards.iter().all(|shard| shard.len > 0),
            "ids spread over every shard"
        );
        for (first, id) in (1..).zip(&ids) {
            assert_eq!(seen.first_row_of(id, first + 20_000), Some(first));
        }
        assert_eq!(seen.distinct(), ids.len());
    }

    #[test]
    fn room_made_ahead_gives_the_same_answers_and_no_doubling() {
        let ids: Vec<String> = (0..40_000).map(|n| format!("v-{}", n % 30_000)).collect();
        let mut growing = Duplicates::new();
        let mut reserved = Duplicates::new();
        reserved.reserve(30_000);
        let capacities: Vec<usize> = reserved.shards.iter().map(|s| s.slots.len()).collect();
        for (row, id) in (1..).zip(&ids) {
            assert_eq!(
                reserved.first_row_of(id, row),
                growing.first_row_of(id, row)
            );
        }
        assert_eq!(reserved.distinct(), 30_000);
        let after: Vec<usize> = reserved.shards.iter().map(|s| s.slots.len()).collect();
        assert_eq!(after, capacities, "no shard doubled");
        assert!(
            capacities
                .iter()
                .all(|&slots| slots * 3 >= 4 * 30_000 / SHARDS)
        );
    }

    #[test]
    fn a_slot_takes_twelve_bytes() {
        assert_eq!(std::mem::size_of::<Slot>(), 12);
    }

    #[test]
    fn a_chunk_of_ids_gets_the_answers_of_one_lookup_at_a_time() {
        let ids: Vec<String> = (0..5_000).map(|n| format!("v-{}", n % 3_000)).collect();
        let mut one_at_a_time = Duplicates::new();
        let expected: Vec<Option<u32>> = (1..)
            .zip(&ids)
            .map(|(row, id)| one_at_a_time.first_row_of(id, row))
            .collect();
        let mut chunked = Duplicates::new();
        let mut answers = Vec::new();
        let mut found = Vec::new();
        let numbered: Vec<(&str, u32)> = ids.iter().map(String::as_str).zip(1..).collect();
        for chunk in numbered.chunks(256) {
            chunked.first_rows_of(chunk.iter().copied(), &mut found);
            answers.extend_from_slice(&found);
        }
        assert_eq!(answers, expected);
        assert_eq!(expected[3_000], Some(1));
        assert_eq!(chunked.distinct(), 3_000);
    }

    #[test]
    fn empty_ids_are_never_duplicates() {
        let mut seen = Duplicates::new();
        assert_eq!(seen.first_row_of("", 1), None);
        assert_eq!(seen.first_row_of("  ", 2), None);
        assert_eq!(seen.distinct(), 0);
    }
}
