//! Times in the history: milliseconds since 1970 (UTC) in the database, RFC 3339 in UTC
//! (`2026-12-01T03:24:12Z`) wherever a person reads or types them. The civil-date
//! arithmetic is Howard Hinnant's `days_from_civil`, exact for the proleptic Gregorian
//! calendar.

use std::time::{SystemTime, UNIX_EPOCH};

const MS_PER_DAY: i64 = 86_400_000;

/// Now, in milliseconds since 1970 (UTC); a clock set before 1970 reads as 1970.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// `2026-12-01T03:24:12Z`: seconds are enough for a person; the order of entries comes
/// from their ids, not from this text.
pub fn format_utc(ms: i64) -> String {
    let days = ms.div_euclid(MS_PER_DAY);
    let seconds_of_day = ms.rem_euclid(MS_PER_DAY) / 1000;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        seconds_of_day / 3600,
        seconds_of_day / 60 % 60,
        seconds_of_day % 60
    )
}

/// Why a date given on the command line was not read.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a date: give YYYY-MM-DD (midnight UTC) or YYYY-MM-DDTHH:MM:SSZ, e.g. 2026-01-31"
)]
pub struct DateError(pub String);

/// `YYYY-MM-DD` (the start of that day, UTC) or `YYYY-MM-DDTHH:MM:SSZ`, as milliseconds.
pub fn parse_utc(text: &str) -> Result<i64, DateError> {
    let fail = || DateError(text.to_owned());
    let trimmed = text.trim();
    let (date, time) = match trimmed.split_once(['T', ' ']) {
        Some((date, time)) => (date, Some(time)),
        None => (trimmed, None),
    };
    let [year, month, day] = numbers(date, '-', [4, 2, 2]).ok_or_else(fail)?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return Err(fail());
    }
    let seconds = match time {
        None => 0,
        Some(time) => {
            let time = time.strip_suffix(['Z', 'z']).ok_or_else(fail)?;
            let [hour, minute, second] = numbers(time, ':', [2, 2, 2]).ok_or_else(fail)?;
            if hour > 23 || minute > 59 || second > 59 {
                return Err(fail());
            }
            hour * 3600 + minute * 60 + second
        }
    };
    Ok(days_from_civil(year, month, day) * MS_PER_DAY + seconds * 1000)
}

/// Three decimal numbers of exactly the given widths, separated by `separator`.
fn numbers(text: &str, separator: char, widths: [usize; 3]) -> Option<[i64; 3]> {
    let mut parts = text.split(separator);
    let mut values = [0; 3];
    for (value, width) in values.iter_mut().zip(widths) {
        let part = parts.next()?;
        if part.len() != width || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *value = part.parse().ok()?;
    }
    parts.next().is_none().then_some(values)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_instants_format_and_parse_back() {
        for (ms, text) in [
            (0, "1970-01-01T00:00:00Z"),
            (951_782_400_000, "2000-02-29T00:00:00Z"),
            (1_798_687_452_000, "2026-12-31T03:24:12Z"),
            (4_107_542_399_000, "2100-02-28T23:59:59Z"),
        ] {
            assert_eq!(format_utc(ms), text);
            assert_eq!(parse_utc(text), Ok(ms), "{text}");
        }
    }

    #[test]
    fn a_bare_date_is_the_start_of_that_day() {
        assert_eq!(parse_utc("2000-02-29"), Ok(951_782_400_000));
    }

    #[test]
    fn impossible_or_malformed_dates_are_refused_with_an_example() {
        for text in [
            "",
            "yesterday",
            "2026-13-01",
            "2026-02-29",
            "2026-1-01",
            "2026-01-01T24:00:00Z",
            "2026-01-01T10:00:00",
            "2026-01-01T10:00Z",
            "2026-01-01-01",
        ] {
            let error = parse_utc(text).expect_err(text);
            assert!(error.to_string().contains("YYYY-MM-DD"), "{text}");
        }
    }

    #[test]
    fn milliseconds_within_a_second_are_not_shown() {
        assert_eq!(format_utc(1_999), "1970-01-01T00:00:01Z");
    }
}
