//! Ids copied out of e-mails, chats, spreadsheets and PDFs carry characters nobody sees
//! (zero-width spaces, byte order marks, bidi marks, soft hyphens), characters that look
//! like ASCII but are not (fullwidth letters, non-breaking spaces, dashes) and wrappers a
//! ticket put around them (`{…}`, `"…"`, `<…>`). Percent-encoded, each would become bytes
//! such as `%E2%80%8B` inside the id and a link that cannot work. Here they are taken out
//! when what remains is a UUID, and named when it is not, so `check` can refuse the id.
//!
//! Only ids that are not already a plain lower-case UUID come here: a batch's common row
//! never pays for the walk.

use super::extract::is_invisible;
use super::uuid_shape::is_hyphenated_uuid;

/// What cleaning made of an id that was not a plain lower-case UUID.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum IdCleaning {
    /// A UUID once cleaned: the lower-case UUID, and what was done, in words.
    Uuid { id: String, done: String },
    /// Characters or wrappers that do not belong in an id, and no UUID without them.
    NotAnId { found: String },
    /// Nothing to clean: the id is what it looks like, for the usual rules to judge.
    Nothing,
}

/// Which wrapper pairs are taken off, with their name in a note.
const WRAPPERS: [(char, char, &str); 10] = [
    ('{', '}', "braces"),
    ('"', '"', "quotes"),
    ('\'', '\'', "single quotes"),
    ('<', '>', "angle brackets"),
    ('(', ')', "parentheses"),
    ('[', ']', "square brackets"),
    ('\u{201C}', '\u{201D}', "curly quotes"),
    ('\u{2018}', '\u{2019}', "curly single quotes"),
    ('\u{AB}', '\u{BB}', "guillemets"),
    ('`', '`', "backticks"),
];

const SPREADSHEET_FORMULA: &str = "a spreadsheet's text formula `=\"…\"`";

/// One kind of character found (by its name), which ones, and how often.
#[derive(Debug)]
struct Found {
    kind: Kind,
    noun: &'static str,
    codes: Vec<char>,
    count: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Removed: it has no width, or is a space inside the id.
    Removed,
    /// A fullwidth form read as its ASCII letter, digit or sign.
    Fullwidth,
    /// A dash or minus read as a hyphen.
    Dash,
}

/// Cleans `value` (already trimmed) as described above.
pub(crate) fn clean_id(value: &str) -> IdCleaning {
    if value.contains("://") {
        // A link has its own message; its wrappers are for the paste reader.
        return IdCleaning::Nothing;
    }
    let mut found: Vec<Found> = Vec::new();
    let mut cleaned = String::with_capacity(value.len());
    for character in value.chars() {
        let kind = if is_invisible(character) || is_unicode_space(character) {
            Kind::Removed
        } else if let Some(ascii) = fullwidth_to_ascii(character) {
            cleaned.push(ascii);
            Kind::Fullwidth
        } else if is_dash(character) {
            cleaned.push('-');
            Kind::Dash
        } else {
            cleaned.push(character);
            continue;
        };
        let noun = match kind {
            Kind::Fullwidth => "fullwidth character",
            _ => name(character),
        };
        match found.iter_mut().find(|seen| seen.noun == noun) {
            Some(seen) => {
                seen.count += 1;
                if kind != Kind::Fullwidth && !seen.codes.contains(&character) {
                    seen.codes.push(character);
                }
            }
            None => found.push(Found {
                kind,
                noun,
                codes: if kind == Kind::Fullwidth {
                    Vec::new()
                } else {
                    vec![character]
                },
                count: 1,
            }),
        }
    }
    let mut removed: Vec<String> = found
        .iter()
        .filter(|seen| seen.kind == Kind::Removed)
        .map(describe)
        .collect();
    let read_as: Vec<String> = found
        .iter()
        .filter(|seen| seen.kind != Kind::Removed)
        .map(describe)
        .collect();
    let mut inner = cleaned.trim();
    // A spreadsheet keeps an id as text by writing it as the formula `="…"`.
    if let Some(text) = inner
        .strip_prefix("=\"")
        .and_then(|rest| rest.strip_suffix('"'))
    {
        removed.push(SPREADSHEET_FORMULA.to_owned());
        inner = text.trim();
    }
    while let Some((rest, name)) = unwrap_once(inner) {
        removed.push(name.to_owned());
        inner = rest;
    }
    let is_uuid = is_hyphenated_uuid(inner);
    if removed.is_empty() && read_as.is_empty() {
        if !is_uuid {
            return IdCleaning::Nothing;
        }
    } else if !is_uuid {
        let replaced = found
            .iter()
            .filter(|seen| seen.kind != Kind::Removed)
            .map(|seen| {
                TAILS
                    .iter()
                    .fold(describe(seen), |text, tail| text.replace(tail, ""))
            });
        let everything: Vec<String> = removed.into_iter().chain(replaced).collect();
        return IdCleaning::NotAnId {
            found: join_with_and(&everything),
        };
    }
    let mut clauses = Vec::new();
    if !removed.is_empty() {
        clauses.push(format!("removed {}", join_with_and(&removed)));
    }
    for replaced in &read_as {
        clauses.push(format!("read {replaced}"));
    }
    if inner.bytes().any(|byte| byte.is_ascii_uppercase()) {
        clauses.push("wrote it in lower case".to_owned());
    }
    IdCleaning::Uuid {
        id: inner.to_ascii_lowercase(),
        done: clauses.join("; "),
    }
}

/// The text inside one wrapper pair (spaces inside it trimmed), and the pair's name.
fn unwrap_once(text: &str) -> Option<(&str, &'static str)> {
    let mut characters = text.chars();
    let first = characters.next()?;
    let last = characters.next_back()?;
    WRAPPERS
        .iter()
        .find(|(open, close, _)| *open == first && *close == last)
        .map(|(open, close, name)| {
            let inner = &text[open.len_utf8()..text.len() - close.len_utf8()];
            (inner.trim(), *name)
        })
}

/// Spaces that are not ASCII's: a non-breaking space inside an id is a copy's doing.
fn is_unicode_space(character: char) -> bool {
    !character.is_ascii() && character.is_whitespace()
}

/// U+FF01–U+FF5E are the fullwidth forms of `!` to `~`, in the same order.
fn fullwidth_to_ascii(character: char) -> Option<char> {
    let code = u32::from(character);
    if (0xFF01..=0xFF5E).contains(&code) {
        char::from_u32(code - 0xFEE0)
    } else {
        None
    }
}

/// What word processors put where a hyphen was typed.
fn is_dash(character: char) -> bool {
    matches!(character, '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}')
}

fn name(character: char) -> &'static str {
    match character {
        '\u{AD}' => "soft hyphen",
        '\u{61C}' => "Arabic letter mark",
        '\u{200B}' => "zero-width space",
        '\u{200C}' => "zero-width non-joiner",
        '\u{200D}' => "zero-width joiner",
        '\u{200E}' => "left-to-right mark",
        '\u{200F}' => "right-to-left mark",
        '\u{202A}' | '\u{202B}' => "bidi embedding",
        '\u{202C}' => "bidi pop",
        '\u{202D}' | '\u{202E}' => "bidi override",
        '\u{2060}' => "word joiner",
        '\u{2066}'..='\u{2069}' => "bidi isolate",
        '\u{FEFF}' => "byte order mark",
        '\u{A0}' => "non-breaking space",
        '\u{202F}' => "narrow non-breaking space",
        '\u{3000}' => "ideographic space",
        '\u{2212}' => "minus sign",
        '\u{2013}' => "en dash",
        '\u{2014}' => "em dash",
        character if character.is_whitespace() => "space character",
        '\u{2010}'..='\u{2015}' | '\u{FE63}' => "dash",
        _ => "invisible character",
    }
}

/// How a replaced character was read, at the end of its description.
const TAILS: [&str; 2] = [" as ASCII", " as a hyphen"];

/// "a zero-width space (U+200B)", "2 bidi isolates (U+2066, U+2069)".
fn describe(found: &Found) -> String {
    let tail = match found.kind {
        Kind::Removed => "",
        Kind::Fullwidth => TAILS[0],
        Kind::Dash => TAILS[1],
    };
    let codes = if found.codes.is_empty() {
        String::new()
    } else {
        let codes: Vec<String> = found
            .codes
            .iter()
            .map(|c| format!("U+{:04X}", u32::from(*c)))
            .collect();
        format!(" ({})", codes.join(", "))
    };
    let noun = found.noun;
    if found.count == 1 {
        let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u', 'A']) {
            "an"
        } else {
            "a"
        };
        format!("{article} {noun}{codes}{tail}")
    } else {
        format!("{} {noun}s{codes}{tail}", found.count)
    }
}

fn join_with_and(parts: &[String]) -> String {
    match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const UUID: &str = "36ab27d0-fd9d-4455-823a-ce30af709ffc";

    fn cleaned(value: &str) -> IdCleaning {
        clean_id(value)
    }

    #[test]
    fn what_was_done_is_said_in_words() {
        let table = [
            (
                "{36ab27d0-fd9d-4455-823a-ce30af709ffc\u{200B}}",
                "removed a zero-width space (U+200B) and braces",
            ),
            (
                "\u{200E}\u{200E}36ab27d0-fd9d-4455-823a-ce30af709ffc",
                "removed 2 left-to-right marks (U+200E)",
            ),
            (
                "\"<36AB27D0-FD9D-4455-823A-CE30AF709FFC>\"",
                "removed quotes and angle brackets; wrote it in lower case",
            ),
            (
                "３６ab27d0-fd9d-4455-823a-ce30af709ffc",
                "read 2 fullwidth characters as ASCII",
            ),
            (
                "36ab27d0\u{2013}fd9d-4455-823a-ce30af709ffc",
                "read an en dash (U+2013) as a hyphen",
            ),
            (
                "36AB27D0-fd9d-4455-823a-ce30af709ffc",
                "wrote it in lower case",
            ),
            (
                "=\"36ab27d0-fd9d-4455-823a-ce30af709ffc\"",
                "removed a spreadsheet's text formula `=\"…\"`",
            ),
        ];
        for (typed, done) in table {
            assert_eq!(
                cleaned(typed),
                IdCleaning::Uuid {
                    id: UUID.to_owned(),
                    done: done.to_owned()
                },
                "{typed:?}"
            );
        }
    }

    #[test]
    fn an_id_that_is_no_uuid_once_cleaned_names_what_was_found() {
        assert_eq!(
            cleaned("v_abc\u{200B}"),
            IdCleaning::NotAnId {
                found: "a zero-width space (U+200B)".to_owned()
            }
        );
        assert_eq!(
            cleaned("{v_abc}"),
            IdCleaning::NotAnId {
                found: "braces".to_owned()
            }
        );
        assert_eq!(cleaned("v_abc"), IdCleaning::Nothing);
        assert_eq!(cleaned("<https://example.com>"), IdCleaning::Nothing);
    }
}
