//! Finds links and JSON objects inside text copied from a real ticket: a sentence, a log
//! line, an e-mail (`>` quoting, quoted-printable source, lines wrapped by the mail
//! program), chat and Markdown link syntax, HTML escapes, punctuation after the link.
//! Nothing here knows Smartcar: it only cuts the text so that no character around a value
//! ends up inside it. Every function is total: any input, no panic.

use std::ops::Range;

use serde_json::Value;

use super::value_shape::{Shape, shape};

/// The text with the ticket's wrapping undone: CRLF turned into LF, e-mail `>` quoting
/// removed, quoted-printable decoded (only where the text shows it is quoted-printable),
/// HTML entities decoded (twice-escaped ones too), `<wbr>` dropped and `<br>` made a line
/// break, and quoting removed again where it was HTML-escaped (`&gt;`).
/// Quoting goes first: a message's quoted-printable source quoted in a reply has `> ` at
/// the start of the line after each soft line break.
pub fn clean(input: &str) -> String {
    let text = strip_quote_marks(&input.replace("\r\n", "\n"));
    let text = match decode_quoted_printable(&text) {
        Some(decoded) => decoded,
        None => text,
    };
    let text = html_line_breaks(&decode_html_entities_fully(&text));
    strip_quote_marks(&text)
}

/// Quoted-printable (RFC 2045) as it appears in a message's source: `=3D` for `=`, `=\n`
/// for a soft line break. A plain link's values may hold `=XX` by chance (a vehicle id
/// starting `23` or `0a`, with nothing else to tell), so the text is decoded only where it
/// says it is quoted-printable: a `Content-Transfer-Encoding: quoted-printable` header, or
/// soft line breaks or `=3D` where every `=` is an escape and no parameter name is
/// followed by anything but `=3D` (quoted-printable writes every `=` of a link as `=3D`).
fn decode_quoted_printable(text: &str) -> Option<String> {
    let declared = declares_quoted_printable(text);
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut shows_it = false;
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] != b'=' {
            decoded.push(bytes[index]);
            index += 1;
            continue;
        }
        let rest = &bytes[index + 1..];
        if rest.starts_with(b"\n") {
            shows_it = true;
            index += 2;
        } else if let Some(byte) = rest.get(..2).and_then(hex_byte) {
            if byte == b'=' {
                shows_it = true;
            } else if follows_parameter_name(&decoded) && !declared {
                return None;
            }
            decoded.push(byte);
            index += 3;
        } else if declared {
            decoded.push(b'=');
            index += 1;
        } else {
            return None;
        }
    }
    let decoded = String::from_utf8_lossy(&decoded).into_owned();
    let believable = declared
        || (shows_it && !glues_name_to_value(&decoded) && whole_ids(&decoded) >= whole_ids(text));
    believable.then_some(decoded)
}

fn declares_quoted_printable(text: &str) -> bool {
    text.to_ascii_lowercase().lines().any(|line| {
        line.trim_start().starts_with("content-transfer-encoding:")
            && line.contains("quoted-printable")
    })
}

/// The decoded text so far ends `?name` or `&name`: the `=` that follows is a link's own.
fn follows_parameter_name(decoded: &[u8]) -> bool {
    let name_length = decoded
        .iter()
        .rev()
        .take_while(|byte| byte.is_ascii_alphanumeric() || **byte == b'_')
        .count();
    name_length > 0
        && decoded
            .len()
            .checked_sub(name_length + 1)
            .is_some_and(|at| matches!(decoded[at], b'?' | b'&'))
}

/// Decoding took a plain link's `=` for a soft line break (`vehicle_id=` at a line's end,
/// as a plain wrap leaves it): a parameter name now runs into its value.
fn glues_name_to_value(decoded: &str) -> bool {
    const NAMES: [&str; 9] = [
        "client_id",
        "application_id",
        "vehicle_id",
        "redirect_uri",
        "state",
        "response_type",
        "external_id",
        "scope",
        "user",
    ];
    NAMES.iter().any(|name| {
        ['?', '&'].iter().any(|before| {
            decoded
                .match_indices(&format!("{before}{name}"))
                .any(|(at, found)| {
                    decoded[at + found.len()..]
                        .chars()
                        .next()
                        .is_some_and(|next| next.is_ascii_alphanumeric() || next == '-')
                })
        })
    })
}

/// How many ids (`client_id=`, `vehicle_id=`, `application_id=`) are followed by a whole
/// UUID. Decoding a plain link whose upper-case ids start `3D` would cut two characters
/// off each; a real quoted-printable link has `=3D` before each id, so decoding only ever
/// makes ids whole.
fn whole_ids(text: &str) -> usize {
    ["client_id=", "vehicle_id=", "application_id="]
        .iter()
        .flat_map(|name| {
            text.match_indices(name)
                .map(move |(at, _)| (name, &text[at + name.len()..]))
        })
        .filter(|(name, value)| {
            value
                .get(..36)
                .is_some_and(|value| shape(name.trim_end_matches('='), value) == Shape::Whole)
        })
        .count()
}

/// Two upper-case hex digits, as quoted-printable writes them.
fn hex_byte(pair: &[u8]) -> Option<u8> {
    let digit = |byte: u8| match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    };
    Some(digit(pair[0])? * 16 + digit(*pair.get(1)?)?)
}

/// HTML escaped twice (`&amp;amp;`, a page that escaped a link already escaped) is
/// decoded as many times as it was escaped, up to a few.
fn decode_html_entities_fully(text: &str) -> String {
    let mut text = decode_html_entities(text);
    for _ in 0..2 {
        if !text.contains("&amp;") && !text.contains("&#38;") {
            break;
        }
        text = decode_html_entities(&text);
    }
    text
}

/// Stands for an HTML `<br>`: a line break with no wrap width to go by. Three bytes, so
/// it can become a newline and two spaces without moving any offset (`json_text`).
pub const HTML_BREAK: char = '\u{2028}';

/// The text for finding JSON in: JSON takes an HTML break for the whitespace it is.
pub fn json_text(text: &str) -> String {
    text.replace(HTML_BREAK, "\n  ")
}

/// `<wbr>` (a place a browser may break a long word) is nothing; `<br>` is a line break
/// (`HTML_BREAK`): a link goes on over it only where the link's shape says so.
fn html_line_breaks(text: &str) -> String {
    if !text.contains('<') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let tag_end = rest.bytes().take(8).position(|byte| byte == b'>');
        let tag = tag_end.map(|end| {
            rest[1..end]
                .trim_end_matches('/')
                .trim()
                .to_ascii_lowercase()
        });
        match (tag.as_deref(), tag_end) {
            (Some("wbr"), Some(end)) => rest = &rest[end + 1..],
            (Some("br"), Some(end)) => {
                out.push(HTML_BREAK);
                rest = &rest[end + 1..];
            }
            _ => {
                out.push('<');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The entities a web page or an HTML mail puts into a copied link or JSON.
fn decode_html_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match entity(rest) {
            Some((decoded, length)) => {
                if !is_invisible(decoded) {
                    out.push(decoded);
                }
                rest = &rest[length..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Characters that show nothing: an HTML mail writes `&#8203;` or `&shy;` into a long
/// link so it may break there, and bidi marks steer how it is drawn. None is part of a
/// link or an id.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
    )
}

/// The character an entity at the start of `text` stands for, and the entity's length.
fn entity(text: &str) -> Option<(char, usize)> {
    let end = text.bytes().take(20).position(|byte| byte == b';')?;
    let name = &text[1..end];
    let decoded = match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
        "equals" => '=',
        "quest" => '?',
        "sol" => '/',
        "colon" => ':',
        "percnt" => '%',
        "num" => '#',
        "period" => '.',
        "comma" => ',',
        "semi" => ';',
        "lowbar" | "UnderBar" => '_',
        "plus" => '+',
        "commat" => '@',
        "excl" => '!',
        "lpar" => '(',
        "rpar" => ')',
        "ast" => '*',
        "Tab" => '\t',
        "NewLine" => '\n',
        "shy"
        | "ZeroWidthSpace"
        | "zwsp"
        | "zwj"
        | "zwnj"
        | "lrm"
        | "rlm"
        | "NoBreak"
        | "NegativeThinSpace"
        | "NegativeMediumSpace"
        | "NegativeThickSpace"
        | "NegativeVeryThinSpace" => '\u{200B}',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((decoded, end + 1))
}

/// Removes e-mail quoting (`> `, `>> `, `> > `) at the start of each line.
fn strip_quote_marks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let mut rest = line.trim_start_matches([' ', '\t']);
        if !rest.starts_with('>') {
            out.push_str(line);
            continue;
        }
        while let Some(after) = rest.strip_prefix('>') {
            rest = after.strip_prefix(' ').unwrap_or(after);
        }
        out.push_str(rest);
    }
    out
}

/// A JSON object found in the text, and where it was.
#[derive(Clone, Debug, PartialEq)]
pub struct JsonSnippet {
    pub value: Value,
    pub span: Range<usize>,
}

/// Starts tried before giving up: a ticket has a few braces of prose, not thousands, and
/// each failed start can cost a scan to the end of the text.
const MAX_JSON_STARTS: usize = 64;

/// Re-reads with wrapped strings joined: each copies the rest of the text, so a few only.
const MAX_JSON_REPAIRS: usize = 4;

/// Every JSON object in the text that is not inside another one found before it.
pub fn json_objects(text: &str) -> Vec<JsonSnippet> {
    let mut found = Vec::new();
    let mut from = 0;
    let mut tries = 0;
    let mut repairs_left = MAX_JSON_REPAIRS;
    while let Some(offset) = text.get(from..).and_then(|rest| rest.find('{')) {
        let start = from + offset;
        tries += 1;
        if tries > MAX_JSON_STARTS {
            break;
        }
        match object_at(text, start, &mut repairs_left) {
            Some(snippet) => {
                from = snippet.span.end.max(start + 1);
                found.push(snippet);
            }
            None => from = start + 1,
        }
    }
    found
}

fn object_at(text: &str, start: usize, repairs_left: &mut usize) -> Option<JsonSnippet> {
    let rest = &text[start..];
    if rest.starts_with("{\\\"") {
        return escaped_object_at(rest).map(|(value, length)| JsonSnippet {
            value,
            span: start..start + length,
        });
    }
    let mut values = serde_json::Deserializer::from_str(rest).into_iter::<Value>();
    match values.next() {
        Some(Ok(value)) if value.is_object() => Some(JsonSnippet {
            value,
            span: start..start + values.byte_offset(),
        }),
        Some(Err(error)) if (error.is_syntax() || error.is_eof()) && *repairs_left > 0 => {
            *repairs_left -= 1;
            object_with_wrapped_strings(rest).map(|(value, length)| JsonSnippet {
                value,
                span: start..start + length,
            })
        }
        _ => None,
    }
}

/// An error body or event quoted in a log line is a few KiB; a longer stretch without
/// its closing quote is not one, and each start would cost reading it again.
const MAX_ESCAPED_JSON_BYTES: usize = 64 * 1024;

/// JSON written inside a JSON string, as a log line quotes a response body:
/// `body="{\"type\":\"…\"}"`. One level of string escapes is taken off, up to the
/// string's closing quote or the end of the line; returns the value and the length of
/// original text it took.
fn escaped_object_at(text: &str) -> Option<(Value, usize)> {
    let mut unescaped = String::with_capacity(text.len());
    // For each byte of `unescaped`, the end of the original text it came from.
    let mut origin = Vec::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if at > MAX_ESCAPED_JSON_BYTES {
            break;
        }
        let decoded = match c {
            // The string ends at its closing quote, and a quoted string never spans lines.
            '"' | '\n' => break,
            '\\' => match chars.next() {
                Some((_, 'n')) => '\n',
                Some((_, 't')) => '\t',
                Some((_, escaped)) => escaped,
                None => break,
            },
            c => c,
        };
        let end = chars.peek().map_or(text.len(), |(next, _)| *next);
        unescaped.push(decoded);
        origin.extend(std::iter::repeat_n(end, decoded.len_utf8()));
    }
    let mut values = serde_json::Deserializer::from_str(&unescaped).into_iter::<Value>();
    let value = values.next()?.ok().filter(Value::is_object)?;
    let end = values.byte_offset();
    Some((value, if end == 0 { 0 } else { origin[end - 1] }))
}

/// JSON whose lines a mail program wrapped: a line break inside a string is a control
/// character JSON forbids. The break and the next line's indentation are taken out; where
/// the string holds words (a description) a space stands in for the break, where it holds
/// none (a URL, an id) nothing does. Returns the value and the length of original text it
/// took.
fn object_with_wrapped_strings(text: &str) -> Option<(Value, usize)> {
    let mut repaired = String::with_capacity(text.len());
    // For each byte of `repaired`, the end of the original text it came from.
    let mut origin = Vec::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut string_has_space = false;
    let mut changed = false;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if in_string && c == '\n' {
            changed = true;
            while let Some(&(_, next)) = chars.peek() {
                if next == ' ' || next == '\t' {
                    chars.next();
                } else {
                    break;
                }
            }
            if string_has_space && !repaired.ends_with(' ') {
                repaired.push(' ');
                origin.push(at + 1);
            }
            continue;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            } else if c == ' ' {
                string_has_space = true;
            }
        } else if c == '"' {
            in_string = true;
            string_has_space = false;
        }
        repaired.push(c);
        origin.extend(std::iter::repeat_n(at + c.len_utf8(), c.len_utf8()));
    }
    if !changed {
        return None;
    }
    let mut values = serde_json::Deserializer::from_str(&repaired).into_iter::<Value>();
    let value = values.next()?.ok().filter(Value::is_object)?;
    let end = values.byte_offset();
    let length = if end == 0 { 0 } else { origin[end - 1] };
    Some((value, length))
}

/// A link found in the text, as it will be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundLink {
    /// The link with the lines a wrap split it into joined again, invisible characters
    /// and the sentence's punctuation taken off; without its last parameter where a line
    /// break leaves that value's end in doubt (`doubt`).
    pub link: String,
    pub doubt: Option<Doubt>,
    /// Zero-width spaces, bidi marks and the like taken out of the link.
    pub invisible_removed: usize,
}

/// The last parameter of a link that ends at a line break where the text cannot show
/// whether the next line goes on with it. It is left out of the link rather than read
/// cut short.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Doubt {
    /// The parameter's name as the link writes it.
    pub name: String,
    /// Its value up to the break.
    pub value: String,
    /// What the next line starts with.
    pub next_line: String,
    /// The value's shape shows the break cut it (a UUID of 20 characters); otherwise
    /// nothing tells (a state, an owner id).
    pub cut: bool,
}

impl Doubt {
    /// For the person, after the parameter's name.
    pub fn message(&self) -> String {
        if self.next_line.is_empty() {
            format!(
                "the link ends inside this value (`{}`): it was cut short, so it was left out; copy the whole link again",
                self.value
            )
        } else if self.cut {
            format!(
                "a line break cuts this value (`{}`) and the next line does not finish it, so it was left out: copy the whole link again",
                self.value
            )
        } else {
            format!(
                "the link ends at a line break right after this value (`{}`) and the next line (`{}`) may go on with it, so it was left out: check the link and give the {} yourself",
                self.value, self.next_line, self.name
            )
        }
    }
}

/// Every link (`http://`, `https://`, a bare `connect.smartcar.com/…`, or a whole link
/// percent-encoded once more) outside `skip`, cut at the first character that cannot be
/// part of it and joined again where a line break split it.
pub fn links(text: &str, skip: &[Range<usize>]) -> Vec<FoundLink> {
    let lower = text.to_ascii_lowercase();
    let mut found: Vec<FoundLink> = Vec::new();
    let mut from = 0;
    for (start, bare) in link_starts(&lower) {
        if start < from {
            continue;
        }
        let end = link_end(text, start);
        from = end.max(start + 1);
        if skip.iter().any(|span| span.contains(&start)) {
            continue;
        }
        let joined = join_wrapped(text, start, end);
        from = from.max(joined.next);
        let mut link = String::new();
        if bare {
            link.push_str("https://");
        }
        // An entity a wrap split (`&am` / `p;state=`) was not decoded with the rest.
        link.push_str(&decode_html_entities_fully(&joined.link));
        let invisible_removed = link.chars().filter(|c| is_invisible(*c)).count();
        link.retain(|c| !is_invisible(c));
        let mut link = trim_trailing_punctuation(&link).to_owned();
        let doubt = joined
            .doubt
            .or_else(|| cut_short(&link))
            .or_else(|| never_closed(text, start, joined.next, &link));
        if doubt.is_some()
            && let Some(at) = link.rfind(['&', '?'])
        {
            link.truncate(at);
        }
        if link.contains('.') && !found.iter().any(|seen| seen.link == link) {
            found.push(FoundLink {
                link,
                doubt,
                invisible_removed,
            });
        }
    }
    found
}

/// A link whose last value stops partway through its shape (a copy that lost its end):
/// `vehicle_id=36ab27d0-fd9d`, `scope=read_odo`, `state=ab%2`. An id is taken as cut only
/// past its first dash, so a short id of another shape is read as written.
fn cut_short(link: &str) -> Option<Doubt> {
    let (name, value) = last_param(link)?;
    let is_id = matches!(name, "client_id" | "application_id" | "vehicle_id");
    let cut = shape(name, value) == Shape::Cut && (!is_id || value.len() > 8);
    cut.then(|| Doubt {
        name: name.to_owned(),
        value: value.to_owned(),
        next_line: String::new(),
        cut: true,
    })
}

/// A link right after an opening quote or `<` that the text ends before closing: the text
/// was cut inside the link (a truncated log line or error body), so its last value may
/// have lost its end although its shape cannot show it (`redirect_uri=https%3A%2F%2Fexam`
/// reads as a whole address).
fn never_closed(text: &str, start: usize, next: usize, link: &str) -> Option<Doubt> {
    let opener = text[..start].chars().next_back()?;
    if !matches!(opener, '"' | '\'' | '<') || !text[next..].trim().is_empty() {
        return None;
    }
    let (name, value) = last_param(link)?;
    Some(Doubt {
        name: name.to_owned(),
        value: value.to_owned(),
        next_line: String::new(),
        cut: true,
    })
}

/// Every start of a link, in order; `true` for one without a scheme. Found in one pass
/// each, so a text of many links costs no more than one of few. A scheme a line break
/// split (`htt` / `ps://`) is a start too.
fn link_starts(lower: &str) -> Vec<(usize, bool)> {
    let mut starts: Vec<(usize, bool)> = lower
        .match_indices('h')
        .map(|(at, _)| at)
        .filter(|&at| scheme_at(&lower[at..]))
        .map(|at| (at, false))
        .collect();
    starts.extend(
        lower
            .match_indices("connect.smartcar.com/")
            .map(|(at, _)| at)
            .filter(|&at| !lower[..at].ends_with("//") && !lower[..at].ends_with("//\n"))
            // `evil.example/connect.smartcar.com/…` is a path on another host.
            .filter(|&at| {
                !lower[..at].ends_with(|c: char| {
                    c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '/' | '@')
                })
            })
            .map(|at| (at, true)),
    );
    starts.sort_unstable();
    starts
}

/// `https://`, `http://` or their percent-encoded forms, maybe split by one line break.
fn scheme_at(text: &str) -> bool {
    let mut breaks = 0;
    let head: String = text
        .chars()
        .take(16)
        .filter(|&c| {
            if c == '\n' {
                breaks += 1;
            }
            c != '\n'
        })
        .take(14)
        .collect();
    breaks <= 1
        && (head.starts_with("https://")
            || head.starts_with("http://")
            || (breaks == 0 && super::wrappers::is_percent_encoded_link(&head)))
}

/// Characters that never belong to a link as pasted: they end it. `|` ends Slack's
/// `<url|text>`, `<` `>` its angle brackets, quotes and backticks the code around it.
fn ends_link(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '<' | '>' | '"' | '\'' | '`' | '|' | '\\' | '^' | '{' | '}' | '[' | ']'
        )
}

fn link_end(text: &str, start: usize) -> usize {
    text[start..]
        .char_indices()
        .find(|&(_, c)| ends_link(c))
        .map_or(text.len(), |(at, _)| start + at)
}

/// Line widths mail programs wrap at. A link alone on a line of another width was not
/// wrapped, so the line after it is not its continuation.
const WRAP_WIDTHS: std::ops::RangeInclusive<usize> = 40..=100;

/// The link joined over its lines, where scanning goes on, and the last value's doubt.
struct Joined {
    link: String,
    next: usize,
    doubt: Option<Doubt>,
}

/// The link from `start` to `end`, with the lines a wrap split it into joined again. Once
/// a break has been joined on the link's own structure, the width of that line is the
/// wrap width: a later line cut at exactly that width goes on with the next line too (a
/// value cut after its last `&`, like a state), a shorter one ends the link.
fn join_wrapped(text: &str, start: usize, end: usize) -> Joined {
    let mut link = text[start..end].to_owned();
    let mut end = end;
    let mut wrap_width = None;
    loop {
        let html_break = text[end..].starts_with(HTML_BREAK);
        if !text[end..].starts_with('\n') && !html_break {
            return Joined {
                link,
                next: end,
                doubt: None,
            };
        }
        // An HTML break has no line width to go by: no search back for the line's start.
        let line_start = match html_break {
            true => end,
            false => text[..end].rfind('\n').map_or(0, |at| at + 1),
        };
        let line = Line {
            width: text[line_start..end].chars().count(),
            wrap_width,
        };
        let after_break = end + if html_break { HTML_BREAK.len_utf8() } else { 1 };
        let next_line = &text[after_break..];
        let skipped: &[char] = if html_break {
            &[' ', '\t', '\n', '\r']
        } else {
            &[' ', '\t']
        };
        let indent = next_line.len() - next_line.trim_start_matches(skipped).len();
        let piece_start = after_break + indent;
        let piece_end = link_end(text, piece_start);
        let piece = &text[piece_start..piece_end];
        let step = if html_break {
            next_step_after_html_break(&link, piece)
        } else {
            // A block indented as a whole (a quote, a code block) wraps at its own indent.
            let line_indent = text[line_start..end].len()
                - text[line_start..end].trim_start_matches([' ', '\t']).len();
            next_step(&link, piece, indent == line_indent, line)
        };
        match step {
            Step::Join => {}
            Step::End => {
                return Joined {
                    link,
                    next: end,
                    doubt: None,
                };
            }
            Step::Doubt { cut } => {
                let doubt = last_param(&link).map(|(name, value)| Doubt {
                    name: name.to_owned(),
                    value: value.to_owned(),
                    next_line: piece.to_owned(),
                    cut,
                });
                return Joined {
                    link,
                    next: end,
                    doubt,
                };
            }
        }
        if !html_break {
            wrap_width = Some(wrap_width.map_or(line.width, |width: usize| width.max(line.width)));
        }
        link.push_str(piece);
        end = piece_end;
    }
}

/// An HTML `<br>` has no wrap width to go by, and a mail program puts one inside a long
/// link as readily as after it: the link goes on unless its last value is whole, or the
/// text after the break is a word of prose (then that value is in doubt) or no word at
/// all (a signature's `--`).
fn next_step_after_html_break(link: &str, piece: &str) -> Step {
    if !piece.chars().any(|c| c.is_alphanumeric()) {
        return Step::End;
    }
    if is_cut_scheme(link) || continues_link(link, piece) {
        return Step::Join;
    }
    if starts_a_link(piece) || link.ends_with(['.', ',', ';', ':', '!', ')', '*']) {
        return Step::End;
    }
    let last = last_param(link);
    match last.map_or(Shape::Unknown, |(name, value)| shape(name, value)) {
        Shape::Whole => Step::End,
        Shape::Cut => completes_or_cut(last, piece),
        Shape::Unknown if last.is_none() => Step::End,
        Shape::Unknown if looks_like_prose(piece) => Step::Doubt { cut: false },
        Shape::Unknown => Step::Join,
    }
}

/// A cut value goes on with the next piece when together they keep its shape.
fn completes_or_cut(last: Option<(&str, &str)>, piece: &str) -> Step {
    let (name, value) = last.unwrap_or_default();
    let joined = format!("{value}{}", trim_trailing_punctuation(piece));
    match shape(name, &joined) {
        Shape::Whole | Shape::Cut => Step::Join,
        Shape::Unknown => Step::Doubt { cut: true },
    }
}

#[derive(Clone, Copy)]
struct Line {
    /// Characters in the line the link breaks at, from the line's start.
    width: usize,
    /// The widest line a join showed to be wrapped: the wrap width.
    wrap_width: Option<usize>,
}

enum Step {
    Join,
    End,
    /// The link ends here as far as the text shows, but its last value may go on.
    Doubt {
        cut: bool,
    },
}

/// Whether the link goes on with `piece`, the next line's start: by the link's own
/// structure first, then by the last value's shape, then by the line's width.
fn next_step(link: &str, piece: &str, same_indent: bool, line: Line) -> Step {
    if piece.is_empty() {
        return Step::End;
    }
    if is_cut_scheme(link) || continues_link(link, piece) {
        return Step::Join;
    }
    if starts_a_link(piece) || link.ends_with(['.', ',', ';', ':', '!', ')', '*']) {
        return Step::End;
    }
    // A reply that quoted the first line and not the ones a wrap made (`> ` taken off
    // above) leaves that line two characters short of the others.
    let by_width = same_indent
        && line
            .wrap_width
            .is_some_and(|width| (width..=width + 2).contains(&line.width));
    let last = last_param(link);
    let shape = last.map_or(Shape::Unknown, |(name, value)| shape(name, value));
    match shape {
        Shape::Whole => Step::End,
        Shape::Unknown if by_width && looks_like_prose(piece) => Step::Doubt { cut: false },
        _ if by_width => Step::Join,
        Shape::Cut => completes_or_cut(last, piece),
        Shape::Unknown
            if last.is_some()
                && line.wrap_width.is_none()
                && same_indent
                && WRAP_WIDTHS.contains(&line.width) =>
        {
            Step::Doubt { cut: false }
        }
        Shape::Unknown => Step::End,
    }
}

/// A word a sentence starts with (`Best`, `Thanks,`, `Dana`), a common word of a
/// sign-off (`thanks`, `regards`), or one that ends a clause: after a link that filled its
/// line to the wrap width exactly, such a line may be the text after the link as well as
/// the rest of its last value. A random value's last few characters (`Tz`, `x9`) are not
/// taken for one.
fn looks_like_prose(piece: &str) -> bool {
    const WORDS: [&str; 16] = [
        "thanks", "thank", "thx", "regards", "best", "cheers", "sent", "from", "please", "kind",
        "hello", "dear", "the", "and", "this", "sorry",
    ];
    let word = piece.trim_end_matches([',', '!', '?', ':', ';', '.']);
    let mut letters = word.chars();
    let capitalised = letters.next().is_some_and(|c| c.is_ascii_uppercase())
        && word.len() >= 3
        && letters.all(|c| c.is_ascii_lowercase())
        && word.contains(['a', 'e', 'i', 'o', 'u', 'y']);
    let ends_clause = piece.ends_with([',', '!', '?', ':', ';'])
        && word.len() >= 2
        && word.chars().all(|c| c.is_ascii_alphabetic());
    capitalised || ends_clause || WORDS.contains(&word.to_ascii_lowercase().as_str())
}

/// `htt` or `https:` at the end of a line: the scheme itself was cut.
fn is_cut_scheme(link: &str) -> bool {
    let lower = link.to_ascii_lowercase();
    !lower.is_empty()
        && lower.len() < 8
        && ("https://".starts_with(&lower) || "http://".starts_with(&lower))
}

/// The last parameter's name and value as written, for a link with a query.
fn last_param(link: &str) -> Option<(&str, &str)> {
    let (_, query) = link.split_once('?')?;
    let last = query.rsplit('&').next().unwrap_or(query);
    last.split_once('=')
}

/// Whether `piece`, the start of the next line, is the rest of a link a wrap cut. Only
/// when the link's own structure says so: the link ends on `?`, `&`, `=` or inside a
/// percent escape; the piece starts a parameter (`&…`) or its value (`=…`), carries one
/// (`…&name=`), finishes a cut name (`…_id=`), is the query after a cut path
/// (`…?name=`), or holds a percent escape. A word on the next line ("Thanks", "Why?") is
/// never joined here.
fn continues_link(link: &str, piece: &str) -> bool {
    if piece.is_empty() || starts_a_link(piece) {
        return false;
    }
    let has_query = link.contains('?');
    let last_segment = link.rsplit(['&', '?']).next().unwrap_or_default();
    let starts_with_name = |text: &str| {
        text.split_once('=').is_some_and(|(name, _)| {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
    };
    let in_escape = link.ends_with('%')
        || link.char_indices().nth_back(1).is_some_and(|(at, c)| {
            c == '%' && link[at + 1..].chars().all(|c| c.is_ascii_hexdigit())
        });
    link.ends_with(['?', '&', '='])
        || in_escape
        || splits_entity(link, piece)
        || piece.starts_with('&')
        || (has_query && !last_segment.contains('=') && piece.starts_with('='))
        || piece
            .split_once('&')
            .is_some_and(|(_, after)| starts_with_name(after))
        || (has_query && !last_segment.contains('=') && starts_with_name(piece))
        || (!has_query
            && piece
                .split_once('?')
                .is_some_and(|(_, q)| starts_with_name(q)))
        || has_percent_escape(piece)
}

/// `…&am` and `p;state=…`: the break split an HTML escape of the link's `&`.
fn splits_entity(link: &str, piece: &str) -> bool {
    let Some(at) = link.rfind('&').filter(|at| link.len() - at <= 10) else {
        return false;
    };
    let Some(end) = piece.find(';').filter(|end| *end <= 10) else {
        return false;
    };
    entity(&format!("{}{}", &link[at..], &piece[..=end])).is_some()
}

/// `https://…` on the next line is a link of its own; `&redirect_uri=https://…` is not.
fn starts_a_link(piece: &str) -> bool {
    piece
        .split_once("://")
        .is_some_and(|(scheme, _)| !scheme.contains(['&', '=', '?']))
}

fn has_percent_escape(piece: &str) -> bool {
    piece
        .as_bytes()
        .windows(3)
        .any(|w| w[0] == b'%' && w[1].is_ascii_hexdigit() && w[2].is_ascii_hexdigit())
}

/// Sentence punctuation after a link, and a `)` that closes a bracket opened before the
/// link (Markdown `[text](url)`, a remark in parentheses).
pub fn trim_trailing_punctuation(link: &str) -> &str {
    let mut link = link;
    loop {
        let before = link;
        link = link.trim_end_matches(['.', ',', ';', ':', '!', '?', '*']);
        if link.ends_with(')') && link.matches('(').count() < link.matches(')').count() {
            link = &link[..link.len() - 1];
        }
        if link.len() == before.len() {
            return link;
        }
    }
}
