//! The closed sets of values a new-connection link takes: the form's check refuses
//! anything else, and the paste reader uses them to tell where a wrapped value ends.

/// The modes Connect launches in; `live` unless chosen.
pub const MODES: [&str; 3] = ["live", "simulated", "test"];

/// The response types of a new connection: a code for the integrator's back end, or none
/// (the flow ends on Smartcar's page).
pub const CONNECT_RESPONSE_TYPES: [&str; 2] = ["code", "none"];
