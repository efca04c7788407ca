//! Whether a link's last value, as a line break left it, is whole. A wrapped link gives no
//! sign where it ends except the values' own shapes: a UUID has 36 characters, a
//! permission is a documented name, a percent escape has two digits. Free text (a state,
//! an owner id, a redirect URI) has no shape, so a break right after one leaves its end
//! unknown.

use super::connect_values::{CONNECT_RESPONSE_TYPES, MODES};
use super::scopes::{PERMISSIONS, REQUIRED_PREFIX};
use super::wrappers::percent_decode;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// The value is whole: nothing can follow it.
    Whole,
    /// The value is the start of one of its shape, not one: a break cut it.
    Cut,
    /// Free text, or a shape this value does not follow: nothing to tell by.
    Unknown,
}

/// The shape of `raw`, the value of parameter `name` as written in the link.
pub fn shape(name: &str, raw: &str) -> Shape {
    let mut from_end = raw.chars().rev();
    let (last, before_last) = (from_end.next(), from_end.next());
    let in_escape = before_last == Some('%') && last.is_some_and(|c| c.is_ascii_hexdigit());
    if last == Some('%') || in_escape {
        return Shape::Cut;
    }
    let value = percent_decode(&raw.replace('+', " "));
    match name {
        "client_id" | "application_id" | "vehicle_id" => uuid_shape(&value),
        "response_type" => word_shape(
            &value,
            &[
                "vehicle_id",
                CONNECT_RESPONSE_TYPES[0],
                CONNECT_RESPONSE_TYPES[1],
            ],
        ),
        "mode" => word_shape(&value, &MODES),
        "approval_prompt" => word_shape(&value, &["force", "auto"]),
        "single_select" => word_shape(&value, &["true", "false"]),
        "scope" => scope_shape(&value),
        "single_select_vin" if value.chars().all(|c| c.is_ascii_alphanumeric()) => {
            match value.len() {
                17 => Shape::Whole,
                0..17 => Shape::Cut,
                _ => Shape::Unknown,
            }
        }
        _ => Shape::Unknown,
    }
}

/// 8-4-4-4-12 hexadecimal digits, in either case.
fn uuid_shape(value: &str) -> Shape {
    const PATTERN: &[u8; 36] = b"xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
    let fits = value.len() <= PATTERN.len()
        && value.bytes().zip(PATTERN).all(|(byte, want)| match want {
            b'-' => byte == b'-',
            _ => byte.is_ascii_hexdigit(),
        });
    match (fits, value.len()) {
        (true, 36) => Shape::Whole,
        (true, _) => Shape::Cut,
        (false, _) => Shape::Unknown,
    }
}

fn word_shape(value: &str, words: &[&str]) -> Shape {
    if words.contains(&value) {
        Shape::Whole
    } else if words.iter().any(|word| word.starts_with(value)) {
        Shape::Cut
    } else {
        Shape::Unknown
    }
}

/// Documented permissions, each maybe after `required:`, separated by spaces.
fn scope_shape(value: &str) -> Shape {
    let names: Vec<&str> = value.split(' ').collect();
    let known = |name: &str| PERMISSIONS.contains(&name.trim_start_matches(REQUIRED_PREFIX));
    let (last, before) = names.split_last().unwrap_or((&"", &[]));
    if !before.iter().all(|name| known(name)) {
        return Shape::Unknown;
    }
    if known(last) {
        return Shape::Whole;
    }
    let start = last.strip_prefix(REQUIRED_PREFIX).unwrap_or(last);
    let starts_one = PERMISSIONS
        .iter()
        .any(|permission| permission.starts_with(start));
    if starts_one || REQUIRED_PREFIX.starts_with(last) {
        Shape::Cut
    } else {
        Shape::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_value_is_whole_cut_or_unknown_by_its_shape() {
        let table = [
            (
                "vehicle_id",
                "36ab27d0-fd9d-4455-823a-ce30af709ffc",
                Shape::Whole,
            ),
            (
                "vehicle_id",
                "36AB27D0-FD9D-4455-823A-CE30AF709FFC",
                Shape::Whole,
            ),
            ("vehicle_id", "36ab27d0-fd9d-44", Shape::Cut),
            ("client_id", "8229df9f", Shape::Cut),
            ("vehicle_id", "car-7", Shape::Unknown),
            ("state", "0facda3319", Shape::Unknown),
            (
                "redirect_uri",
                "https%3A%2F%2Fexample.com%2F",
                Shape::Unknown,
            ),
            ("redirect_uri", "https%3A%2F%2Fexample.com%2", Shape::Cut),
            ("state", "abc%", Shape::Cut),
            ("state", "abc%4", Shape::Cut),
            ("state", "caf\u{e9}", Shape::Unknown),
            ("state", "\u{e9}", Shape::Unknown),
            ("response_type", "vehicle_id", Shape::Whole),
            ("response_type", "vehicle_", Shape::Cut),
            ("mode", "simul", Shape::Cut),
            (
                "scope",
                "read_odometer%20required%3Acontrol_security",
                Shape::Whole,
            ),
            (
                "scope",
                "read_odometer%20required%3Acontrol_secu",
                Shape::Cut,
            ),
            ("scope", "read_odometer%20requ", Shape::Cut),
            ("scope", "read_odometer+read_vin", Shape::Whole),
            ("scope", "read_nonsense", Shape::Unknown),
            ("single_select_vin", "5YJ3E1EA2KF317000", Shape::Whole),
            ("single_select_vin", "5YJ3E1EA2K", Shape::Cut),
        ];
        for (name, raw, expected) in table {
            assert_eq!(shape(name, raw), expected, "{name}={raw}");
        }
    }
}
