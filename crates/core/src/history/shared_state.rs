//! A state belongs to one link: the owner's return is matched to its link by the state
//! alone. A link that leaves with a state the history already holds for another vehicle
//! would make that return match both, so the desk is told which other vehicle has it.

use super::entry::Entry;

/// The warning for a link to `vehicle_id` whose state the `earlier` entries (newest
/// first, all with that state) already carry for another vehicle; `None` otherwise.
pub fn shared_state_warning(earlier: &[Entry], vehicle_id: &str) -> Option<String> {
    let other = earlier
        .iter()
        .find(|entry| !entry.vehicle_id.eq_ignore_ascii_case(vehicle_id.trim()))?;
    let ticket = if other.ticket.is_empty() {
        String::new()
    } else {
        format!(", ticket {}", other.ticket)
    };
    Some(format!(
        "the history already has this state for vehicle {}{ticket}: the owner's return would match both links; use a new state (--random-state, or Generate in the window)",
        other.vehicle_id
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(vehicle_id: &str, ticket: &str) -> Entry {
        Entry {
            id: 1,
            time_ms: 0,
            kind: crate::history::EntryKind::REAUTHENTICATE,
            profile: String::new(),
            vehicle_id: vehicle_id.to_owned(),
            state: "shared-state-1".to_owned(),
            owner_id: String::new(),
            ticket: ticket.to_owned(),
            via: crate::history::Via::CommandLine,
            link: String::new(),
            outcome: None,
            agent: String::new(),
        }
    }

    #[test]
    fn the_other_vehicle_and_its_ticket_are_named() {
        let earlier = [entry("v-1", ""), entry("v-2", "SUP-9")];
        assert_eq!(shared_state_warning(&earlier, "V-1"), Some(
            "the history already has this state for vehicle v-2, ticket SUP-9: the owner's return would match both links; use a new state (--random-state, or Generate in the window)".to_owned()
        ));
        assert_eq!(shared_state_warning(&earlier[..1], "v-1"), None);
        assert_eq!(shared_state_warning(&[], "v-1"), None);
    }
}
