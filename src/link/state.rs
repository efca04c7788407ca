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
    let mut bytes = [0u8; STATE_BYTES];
    getrandom::fill(&mut bytes).map_err(StateGenerationError)?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
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
    fn generated_states_differ() {
        let first = generate_state().expect("randomness");
        let second = generate_state().expect("randomness");
        assert_ne!(first, second);
    }
}
