//! How long a link may grow before the way it travels breaks it: mail programs wrap or
//! cut long lines and links, SMS splits a text into parts some phones do not join again.
//! Past this length a link is still built, with a warning.

/// The length past which mail programs and SMS are known to cut a link (the same bound
/// the `mailto:` hand-off keeps).
pub const LONGEST_SAFE_LINK_BYTES: usize = 2_000;

/// The field name of the warning, in `warning: link: …` and in JSON.
pub const LINK_FIELD: &str = "link";

/// The warning for a link longer than `LONGEST_SAFE_LINK_BYTES`, or `None`.
pub fn long_link_warning(link: &str) -> Option<String> {
    let length = link.len();
    (length > LONGEST_SAFE_LINK_BYTES).then(|| {
        format!(
            "is {length} bytes long; mail programs and SMS may cut a link past 2,000 bytes: check that it arrives whole, or shorten the state, owner id or redirect URI"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_link_past_the_bound_is_named() {
        assert_eq!(
            long_link_warning(&"a".repeat(LONGEST_SAFE_LINK_BYTES)),
            None
        );
        let warning = long_link_warning(&"a".repeat(LONGEST_SAFE_LINK_BYTES + 1));
        assert!(
            warning.is_some_and(|text| text.starts_with("is 2001 bytes long;")),
            "one byte over is named"
        );
    }
}
