//! Random `state` values: 16 bytes from the operating system's CSPRNG, base64url without
//! padding (22 characters), as oauth2-rs makes its CSRF tokens.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Bytes of randomness in a generated state.
pub const STATE_BYTES: usize = 16;

#[derive(Debug, thiserror::Error)]
#[error("the operating system's random number generator failed ({0}): type a state by hand")]
pub struct StateGenerationError(getrandom::Error);

pub fn generate_state() -> Result<String, StateGenerationError> {
    let mut state = String::with_capacity(22);
    StateGenerator::default().push_state(&mut state)?;
    Ok(state)
}

/// States for a whole batch: the operating system's randomness is fetched a block at a
/// time instead of one system call per row, and no byte is handed out twice.
#[derive(Debug)]
pub struct StateGenerator {
    block: Box<[u8; RANDOM_BLOCK_BYTES]>,
    /// Bytes of `block` already used; a full block means it must be refilled.
    used: usize,
}

/// Enough for 256 states per system call.
const RANDOM_BLOCK_BYTES: usize = 256 * STATE_BYTES;

impl Default for StateGenerator {
    fn default() -> Self {
        Self {
            block: Box::new([0; RANDOM_BLOCK_BYTES]),
            used: RANDOM_BLOCK_BYTES,
        }
    }
}

impl StateGenerator {
    /// Appends a fresh state to `state`.
    pub fn push_state(&mut self, state: &mut String) -> Result<(), StateGenerationError> {
        if self.used == RANDOM_BLOCK_BYTES {
            getrandom::fill(&mut self.block[..]).map_err(StateGenerationError)?;
            self.used = 0;
        }
        let bytes = &self.block[self.used..self.used + STATE_BYTES];
        self.used += STATE_BYTES;
        URL_SAFE_NO_PAD.encode_string(bytes, state);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_state_is_22_url_safe_characters_of_16_bytes() {
        let state = generate_state().expect("OS randomness is available in tests");
        assert_eq!(state.len(), 22);
        assert!(
            state
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
        let decoded = URL_SAFE_NO_PAD
            .decode(&state)
            .expect("decodes as base64url");
        assert_eq!(decoded.len(), STATE_BYTES);
    }

    #[test]
    fn a_generator_never_repeats_a_state_across_refills() {
        let mut generator = StateGenerator::default();
        let states_per_block = RANDOM_BLOCK_BYTES / STATE_BYTES;
        let mut seen = std::collections::HashSet::new();
        for _ in 0..states_per_block * 3 + 1 {
            let mut state = String::new();
            generator.push_state(&mut state).expect("randomness");
            assert_eq!(state.len(), 22);
            assert!(seen.insert(state), "a state came out twice");
        }
    }

    #[test]
    fn generated_states_differ() {
        let first = generate_state().expect("randomness");
        let second = generate_state().expect("randomness");
        assert_ne!(first, second);
    }
}
