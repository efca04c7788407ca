//! Smartcar's connection dates (`2023-08-10T15:00:00.000Z`, `2024-01-01T00:00:00Z`, an
//! offset like `+02:00`) as milliseconds since 1970, to compare with the time a link
//! left the tool.

use crate::history::time::parse_utc;

/// The instant `text` names, or `None` when it is not an RFC 3339 date and time.
pub fn parse_rfc3339_ms(text: &str) -> Option<i64> {
    let text = text.trim();
    let (date, time) = text.split_once(['T', 't'])?;
    let (clock, offset_ms) = split_zone(time)?;
    let (whole, fraction) = match clock.split_once('.') {
        Some((whole, fraction)) => (whole, fraction),
        None => (clock, ""),
    };
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let millis: i64 = format!("{fraction:0<3}").get(..3)?.parse().ok()?;
    let seconds = parse_utc(&format!("{date}T{whole}Z")).ok()?;
    Some(seconds + millis - offset_ms)
}

/// The clock and the zone's offset east of UTC, in milliseconds.
fn split_zone(time: &str) -> Option<(&str, i64)> {
    if let Some(clock) = time.strip_suffix(['Z', 'z']) {
        return Some((clock, 0));
    }
    let sign_at = time.rfind(['+', '-'])?;
    let (clock, zone) = time.split_at(sign_at);
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let (hours, minutes) = zone.get(1..)?.split_once(':')?;
    if hours.len() != 2 || minutes.len() != 2 {
        return None;
    }
    let hours: i64 = hours.parse().ok()?;
    let minutes: i64 = minutes.parse().ok()?;
    Some((clock, sign * (hours * 3_600_000 + minutes * 60_000)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smartcar_spellings_read_to_the_millisecond() {
        let noon = parse_utc("2023-08-10T15:00:00Z").expect("date");
        for (text, expected) in [
            ("2023-08-10T15:00:00Z", Some(noon)),
            ("2023-08-10T15:00:00.000Z", Some(noon)),
            ("2023-08-10T15:00:00.25Z", Some(noon + 250)),
            ("2023-08-10T17:00:00+02:00", Some(noon)),
            ("2023-08-10T14:30:00.5-00:30", Some(noon + 500)),
            ("2023-08-10", None),
            ("yesterday", None),
            ("2023-08-10T15:00:00", None),
        ] {
            assert_eq!(parse_rfc3339_ms(text), expected, "{text}");
        }
    }
}
