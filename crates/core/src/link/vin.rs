//! The values that pick a vehicle on a new-connection link: its VIN, its make and the
//! owner's country. Each check gives the value as the link carries it, or the problem that
//! says what is wrong and how to fix it.

/// A VIN is this long, always.
pub const VIN_LENGTH: usize = 17;

use super::findings::Problem;

/// The 9th character: the check digit on North American VINs.
const CHECK_DIGIT_POSITION: usize = 8;

/// What a VIN's characters weigh in the check digit (ISO 3779 / 49 CFR 565).
const CHECK_WEIGHTS: [u32; VIN_LENGTH] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/// A VIN as the link carries it (upper case), with a doubt when its check digit fails.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedVin {
    pub vin: String,
    /// Set when the 9th character is not the check digit of the rest: an error only for
    /// North American vehicles, which Connect cannot tell from here.
    pub doubt: Option<Problem>,
}

/// Checks a VIN in full: length, characters, then the check digit (a doubt, not an error).
pub fn check_vin(raw: &str) -> Result<CheckedVin, Problem> {
    let vin = raw.trim().to_ascii_uppercase();
    if let Some((position, character)) = vin
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii_alphanumeric())
    {
        return Err(Problem::VinOddCharacter {
            character,
            position: position + 1,
        });
    }
    let length = vin.chars().count();
    if length != VIN_LENGTH {
        return Err(Problem::VinWrongLength { length });
    }
    if let Some((position, character)) = vin
        .chars()
        .enumerate()
        .find(|(_, c)| matches!(c, 'I' | 'O' | 'Q'))
    {
        let fix = if character == 'I' { '1' } else { '0' };
        return Err(Problem::VinLetterNeverUsed {
            character,
            position: position + 1,
            fix,
        });
    }
    let doubt = check_digit_doubt(&vin);
    Ok(CheckedVin { vin, doubt })
}

fn check_digit_doubt(vin: &str) -> Option<Problem> {
    let expected = check_digit(vin)?;
    let found = vin.chars().nth(CHECK_DIGIT_POSITION)?;
    (found != expected).then_some(Problem::VinCheckDigit { found, expected })
}

/// The check digit of a 17-character VIN of letters and digits.
fn check_digit(vin: &str) -> Option<char> {
    let sum: u32 = vin
        .chars()
        .zip(CHECK_WEIGHTS)
        .map(|(c, weight)| transliterate(c).map(|value| value * weight))
        .sum::<Option<u32>>()?;
    match sum % 11 {
        10 => Some('X'),
        digit => char::from_digit(digit, 10),
    }
}

fn transliterate(character: char) -> Option<u32> {
    if let Some(digit) = character.to_digit(10) {
        return Some(digit);
    }
    let value = match character {
        'A' | 'J' => 1,
        'B' | 'K' | 'S' => 2,
        'C' | 'L' | 'T' => 3,
        'D' | 'M' | 'U' => 4,
        'E' | 'N' | 'V' => 5,
        'F' | 'W' => 6,
        'G' | 'P' | 'X' => 7,
        'H' | 'Y' => 8,
        'R' | 'Z' => 9,
        _ => return None,
    };
    Some(value)
}

/// The ISO 3166-1 alpha-2 codes, officially assigned.
const COUNTRIES: &str = "\
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ \
BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ \
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ \
DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR \
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY \
HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP \
KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY \
MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ \
NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY \
QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ \
TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ \
VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// Codes people type that ISO spells otherwise.
const COMMON_MIXUPS: [(&str, &str); 2] = [("UK", "GB"), ("EL", "GR")];

/// Checks a country: an assigned ISO 3166-1 alpha-2 code, upper case in the link.
pub fn check_country(raw: &str) -> Result<String, Problem> {
    let code = raw.trim().to_ascii_uppercase();
    if code.len() != 2 || !code.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err(Problem::CountryNotTwoLetters {
            typed: raw.trim().to_owned(),
        });
    }
    if let Some((_, iso)) = COMMON_MIXUPS.iter().find(|(typed, _)| *typed == code) {
        return Err(Problem::CountryMixedUp { code, iso });
    }
    if !COUNTRIES.split(' ').any(|known| known == code) {
        return Err(Problem::CountryNotAssigned { code });
    }
    Ok(code)
}

/// Checks a make for its shape: letters, digits and `_`, upper case in the link (Connect
/// names them `TESLA`, `MERCEDES_BENZ`, `LAND_ROVER`).
pub fn check_make(raw: &str) -> Result<String, Problem> {
    let typed = raw.trim();
    if typed.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Ok(typed.to_ascii_uppercase());
    }
    let fixed: String = typed
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join("_")
        .to_ascii_uppercase();
    Err(Problem::MakeHasOddCharacters {
        typed: typed.to_owned(),
        fixed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_country_list_has_every_assigned_code_once() {
        let mut codes: Vec<_> = COUNTRIES.split(' ').collect();
        assert_eq!(codes.len(), 249);
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 249);
    }

    #[test]
    fn check_digit_of_known_vins() {
        // The textbook example of 49 CFR 565 and a Tesla-shaped VIN.
        let table = [("1M8GDM9AXKP042788", 'X'), ("5YJ3E1EA2KF317000", '2')];
        for (vin, digit) in table {
            assert_eq!(check_digit(vin), Some(digit), "{vin}");
        }
    }
}
