//! Whether a text is a UUID as the dashboard shows one. Its own module because the check
//! of a form, the cleaning of a pasted id and the batch's fast path all ask, and none of
//! them should have to import another to do so.

/// A hyphenated UUID in any case: the only form the dashboard shows. The same answer as
/// the uuid crate's parser for 36 characters (a test holds it to that), without decoding
/// the bytes: every row of a batch asks. The 32 digits are gathered and tested together,
/// with no branch on what each is (random digits and letters would mispredict most of
/// them), which the compiler turns into a few vector instructions.
pub fn is_hyphenated_uuid(text: &str) -> bool {
    let Ok(bytes) = <&[u8; 36]>::try_from(text.as_bytes()) else {
        return false;
    };
    let mut digits = [0u8; 32];
    digits[..8].copy_from_slice(&bytes[..8]);
    digits[8..12].copy_from_slice(&bytes[9..13]);
    digits[12..16].copy_from_slice(&bytes[14..18]);
    digits[16..20].copy_from_slice(&bytes[19..23]);
    digits[20..].copy_from_slice(&bytes[24..]);
    let not_hex = digits.iter().fold(0u8, |found, &byte| {
        let decimal = byte.wrapping_sub(b'0') < 10;
        let letter = (byte | 0x20).wrapping_sub(b'a') < 6;
        found | u8::from(!(decimal | letter))
    });
    let hyphens = [8, 13, 18, 23].map(|index| bytes[index]) == [b'-'; 4];
    not_hex == 0 && hyphens
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::is_hyphenated_uuid;

    /// The uuid crate's answer: a 36-character text it parses is a hyphenated UUID.
    fn uuid_crate_says(text: &str) -> bool {
        text.len() == 36 && uuid::Uuid::try_parse(text).is_ok()
    }

    proptest! {
        #[test]
        fn the_same_answer_as_the_uuid_crate(
            text in prop_oneof![
                "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
                "[0-9a-gA-G{}:-]{36}",
                "[0-9a-f-]{30,40}",
                "\\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{10}\\}",
                "[0-9a-f]{32}[ -~]{4}",
                any::<String>(),
            ],
        ) {
            prop_assert_eq!(is_hyphenated_uuid(&text), uuid_crate_says(&text), "{:?}", text);
        }
    }

    #[test]
    fn a_hyphen_out_of_place_or_a_letter_past_f_is_no_uuid() {
        assert!(is_hyphenated_uuid("36AB27D0-fd9d-4455-823a-ce30af709ffc"));
        assert!(!is_hyphenated_uuid("36ab27d0f-d9d-4455-823a-ce30af709ffc"));
        assert!(!is_hyphenated_uuid("36ab27d0-fd9d-4455-823a-ce30af709ffg"));
        assert!(!is_hyphenated_uuid("36ab27d0-fd9d-4455-823a-ce30af709ff"));
        assert!(!is_hyphenated_uuid("36ab27d0-fd9d-4455-823a-ce30af709ffcc"));
    }
}
