//! A state belongs to one link. The owner's return is matched to the history by its
//! `state`, so a state made for one vehicle must not ride along on another vehicle's
//! link: when the vehicle changes (typed, pasted or picked), a state the tool generated is
//! generated afresh, and one the user typed stays, with a warning.

use super::state::{StateGenerationError, generate_state};

/// Where the form's state came from, and the vehicle it was made for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StateBinding {
    origin: StateOrigin,
    /// The vehicle id the form had when the state was generated or typed.
    made_for: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StateOrigin {
    /// No state, or one that came with a paste or a profile: nothing to protect.
    #[default]
    Unbound,
    Generated,
    Typed,
}

/// What a change of vehicle did to the state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StateAfterVehicleChange {
    /// The state stays as it is (none, or not tied to a vehicle, or the same vehicle).
    Kept,
    /// The generated state was replaced by a fresh one for the new vehicle.
    Regenerated,
    /// The typed state stays; the message says it was made for another vehicle.
    KeptWithWarning(String),
}

impl StateBinding {
    /// The tool generated the state for `vehicle_id`.
    pub fn generated(vehicle_id: &str) -> Self {
        Self {
            origin: StateOrigin::Generated,
            made_for: vehicle_id.trim().to_owned(),
        }
    }

    /// The user typed the state while the form had `vehicle_id`.
    pub fn typed(vehicle_id: &str) -> Self {
        Self {
            origin: StateOrigin::Typed,
            made_for: vehicle_id.trim().to_owned(),
        }
    }

    pub fn origin(&self) -> StateOrigin {
        self.origin
    }

    /// Called whenever the form's vehicle id changes; may replace `state`.
    pub fn vehicle_changed(
        &mut self,
        state: &mut String,
        vehicle_id: &str,
    ) -> Result<StateAfterVehicleChange, StateGenerationError> {
        let vehicle_id = vehicle_id.trim();
        if state.trim().is_empty() || vehicle_id == self.made_for {
            return Ok(StateAfterVehicleChange::Kept);
        }
        match self.origin {
            StateOrigin::Unbound => Ok(StateAfterVehicleChange::Kept),
            StateOrigin::Generated => {
                *state = generate_state()?;
                vehicle_id.clone_into(&mut self.made_for);
                Ok(StateAfterVehicleChange::Regenerated)
            }
            StateOrigin::Typed => Ok(StateAfterVehicleChange::KeptWithWarning(
                self.warning(vehicle_id),
            )),
        }
    }

    /// The warning for a typed state while the form has `vehicle_id`, if it applies.
    pub fn warning_for(&self, state: &str, vehicle_id: &str) -> Option<String> {
        let vehicle_id = vehicle_id.trim();
        (self.origin == StateOrigin::Typed
            && !state.trim().is_empty()
            && vehicle_id != self.made_for)
            .then(|| self.warning(vehicle_id))
    }

    fn warning(&self, vehicle_id: &str) -> String {
        let made_for = if self.made_for.is_empty() {
            "no vehicle".to_owned()
        } else {
            format!("vehicle {}", self.made_for)
        };
        format!(
            "state: this state was typed for {made_for}, not {vehicle_id}; the owner's return is matched by state, so give each link its own (Generate makes one)"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIRST: &str = "36ab27d0-fd9d-4455-823a-ce30af709ffc";
    const SECOND: &str = "4bb5b2a3-0c36-4a6d-9b87-0a1d58ad6f10";

    #[test]
    fn a_generated_state_is_generated_afresh_for_another_vehicle() {
        let mut state = generate_state().expect("randomness");
        let first_state = state.clone();
        let mut binding = StateBinding::generated(FIRST);
        let after = binding
            .vehicle_changed(&mut state, SECOND)
            .expect("randomness");
        assert_eq!(after, StateAfterVehicleChange::Regenerated);
        assert_ne!(state, first_state);
        assert_eq!(state.len(), 22);
        // Now bound to the second vehicle: going on typing it changes nothing more.
        let again = state.clone();
        assert_eq!(
            binding
                .vehicle_changed(&mut state, SECOND)
                .expect("randomness"),
            StateAfterVehicleChange::Kept
        );
        assert_eq!(state, again);
    }

    #[test]
    fn a_typed_state_stays_with_a_warning_naming_both_vehicles() {
        let mut state = "ticket-4711".to_owned();
        let mut binding = StateBinding::typed(FIRST);
        let after = binding
            .vehicle_changed(&mut state, SECOND)
            .expect("no randomness needed");
        let StateAfterVehicleChange::KeptWithWarning(message) = after else {
            panic!("expected a warning, got {after:?}");
        };
        assert_eq!(state, "ticket-4711");
        assert!(message.starts_with("state: "), "{message}");
        assert!(
            message.contains(FIRST) && message.contains(SECOND),
            "{message}"
        );
        assert_eq!(binding.warning_for(&state, SECOND), Some(message));
        assert_eq!(binding.warning_for(&state, FIRST), None);
    }

    #[test]
    fn no_state_or_an_unbound_one_is_left_alone() {
        for (mut binding, initial) in [
            (StateBinding::generated(FIRST), ""),
            (StateBinding::typed(FIRST), "  "),
            (StateBinding::default(), "from-a-paste"),
        ] {
            let mut state = initial.to_owned();
            let after = binding
                .vehicle_changed(&mut state, SECOND)
                .expect("randomness");
            assert_eq!(after, StateAfterVehicleChange::Kept, "{binding:?}");
            assert_eq!(state, initial);
        }
    }
}
