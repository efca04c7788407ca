//! Which recorded links an owner's return belongs to. The return is found by its `state`,
//! but a state alone can be crossed: typed twice, or reused for several vehicles. So when
//! the return names its vehicle, only the links sent to that vehicle are its own; when it
//! names none, a state shared by links for several vehicles is too ambiguous to mark any
//! of them. Either way nothing is marked rather than the wrong link.

use super::entry::Entry;

/// How an owner's return was tied to the links recorded with its state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReturnMatch {
    /// These entries, newest first, are the return's link (recorded each time it left).
    Matched(Vec<Entry>),
    /// No recorded link has the state.
    NoLink,
    /// The links with this state went to other vehicles than the one the return names.
    VehiclesDiffer {
        returned: String,
        sent_to: Vec<String>,
    },
    /// The state was given to links for several vehicles and the return names none.
    Ambiguous { vehicles: Vec<String> },
}

impl ReturnMatch {
    /// Of `entries` (all with the return's state, newest first), the return's own.
    /// `returned_vehicle` is the vehicle id the return names, if any. An entry without a
    /// vehicle (a new connection's link) names none to differ from.
    pub fn of(entries: Vec<Entry>, returned_vehicle: Option<&str>) -> Self {
        if entries.is_empty() {
            return ReturnMatch::NoLink;
        }
        let vehicles = distinct_vehicles(&entries);
        match returned_vehicle.map(str::trim).filter(|v| !v.is_empty()) {
            Some(returned) => {
                let own: Vec<Entry> = entries
                    .into_iter()
                    .filter(|entry| {
                        entry.vehicle_id.is_empty()
                            || entry.vehicle_id.eq_ignore_ascii_case(returned)
                    })
                    .collect();
                if own.is_empty() {
                    ReturnMatch::VehiclesDiffer {
                        returned: returned.to_owned(),
                        sent_to: vehicles,
                    }
                } else {
                    ReturnMatch::Matched(own)
                }
            }
            None if vehicles.len() > 1 => ReturnMatch::Ambiguous { vehicles },
            None => ReturnMatch::Matched(entries),
        }
    }

    /// The entries whose outcome the return sets (none unless matched).
    pub fn entries(&self) -> &[Entry] {
        match self {
            ReturnMatch::Matched(entries) => entries,
            _ => &[],
        }
    }

    /// Why no outcome was recorded although links have the state, for the person at the
    /// keyboard; `None` when matched or when no link has the state.
    pub fn refusal(&self, state: &str) -> Option<String> {
        match self {
            ReturnMatch::Matched(_) | ReturnMatch::NoLink => None,
            ReturnMatch::VehiclesDiffer { returned, sent_to } => Some(format!(
                "the return names vehicle {returned}, but the link with state {state} was sent to vehicle {}: the vehicles differ, so no outcome was recorded; check which owner sent this address",
                sent_to.join(", ")
            )),
            ReturnMatch::Ambiguous { vehicles } => Some(format!(
                "state {state} was given to links for {} vehicles ({}) and the return names no vehicle, so it is ambiguous and no outcome was recorded; ask the owner which vehicle they connected",
                vehicles.len(),
                vehicles.join(", ")
            )),
        }
    }
}

/// The entries' vehicle ids, once each (in any case), in the order first met.
fn distinct_vehicles(entries: &[Entry]) -> Vec<String> {
    let mut vehicles: Vec<String> = Vec::new();
    for entry in entries {
        let id = &entry.vehicle_id;
        if !id.is_empty() && !vehicles.iter().any(|seen| seen.eq_ignore_ascii_case(id)) {
            vehicles.push(id.clone());
        }
    }
    vehicles
}

/// What to tell the person when the return carries no state at all.
pub const NO_STATE: &str = "the return has no state, so it cannot be matched to a link sent from here and no outcome was recorded; ask the owner for the whole address they landed on, including `state=`";
