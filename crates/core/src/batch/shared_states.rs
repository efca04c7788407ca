//! A state ties an owner's return to the one link it came from; the same state given to
//! two vehicles makes the return match both. Rows with a state of their own are
//! remembered by a fingerprint of the state (and of the vehicle id), so a later row that
//! gives the same state to another vehicle is named with the earlier row's number. Rows
//! whose state the batch generated cost nothing here: those are never equal.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

use foldhash::fast::RandomState;
use foldhash::quality::RandomState as QualityState;

/// The first row of each state seen, with its vehicle's fingerprint.
#[derive(Debug, Default)]
pub struct SharedStates {
    keys: QualityState,
    first: HashMap<u64, (u32, u64), RandomState>,
}

impl SharedStates {
    /// The earlier row that gave `state` to another vehicle than `vehicle_id`, if any;
    /// otherwise this row is remembered as the state's first.
    pub fn other_vehicle_row(&mut self, state: &str, vehicle_id: &str, row: u32) -> Option<u32> {
        let state_key = self.keys.hash_one(state);
        let vehicle_key = self.vehicle_key(vehicle_id);
        match self.first.get(&state_key) {
            Some(&(first_row, first_vehicle)) if first_vehicle != vehicle_key => Some(first_row),
            Some(_) => None,
            None => {
                self.first.insert(state_key, (row, vehicle_key));
                None
            }
        }
    }

    /// The same vehicle in any case of its letters.
    fn vehicle_key(&self, vehicle_id: &str) -> u64 {
        let mut hasher = self.keys.build_hasher();
        for byte in vehicle_id.trim().bytes() {
            hasher.write_u8(byte.to_ascii_lowercase());
        }
        hasher.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_another_vehicle_with_the_same_state_is_named() {
        let mut states = SharedStates::default();
        let table = [
            ("state-one", "v-1", 1, None),
            ("state-one", "V-1", 2, None),
            ("state-two", "v-2", 3, None),
            ("state-one", "v-3", 4, Some(1)),
            ("state-two", "v-4", 5, Some(3)),
        ];
        for (state, vehicle, row, expected) in table {
            assert_eq!(
                states.other_vehicle_row(state, vehicle, row),
                expected,
                "row {row}"
            );
        }
    }
}
