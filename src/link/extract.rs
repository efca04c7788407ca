//! Finds links and JSON objects inside text copied from a real ticket: a sentence, a log
//! line, an e-mail (`>` quoting, quoted-printable source, lines wrapped by the mail
//! program), chat and Markdown link syntax, HTML escapes, punctuation after the link.
//! Nothing here knows Smartcar: it only cuts the text so that no character around a value
//! ends up inside it. Every function is total: any input, no panic.

use std::ops::Range;

use serde_json::Value;

/// The text with the ticket's wrapping undone: CRLF turned into LF, e-mail `>` quoting
/// removed, quoted-printable decoded (only when the whole text is quoted-printable),
/// HTML entities decoded, and quoting removed again where it was HTML-escaped (`&gt;`).
/// Quoting goes first: a message's quoted-printable source quoted in a reply has `> ` at
/// the start of the line after each soft line break.
pub fn clean(input: &str) -> String {
    let text = strip_quote_marks(&input.replace("\r\n", "\n"));
    let text = match decode_quoted_printable(&text) {
        Some(decoded) => decoded,
        None => text,
    };
    let text = decode_html_entities(&text);
    strip_quote_marks(&text)
}

/// Quoted-printable (RFC 2045) as it appears in a message's source: `=3D` for `=`, `=\n`
/// for a soft line break. Decoded only when every `=` in the text is such an escape: a
/// plain link has `response_type=vehicle_id`, whose `=ve` is no escape, so it is never
/// decoded by mistake.
fn decode_quoted_printable(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut escapes = 0usize;
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] != b'=' {
            decoded.push(bytes[index]);
            index += 1;
            continue;
        }
        let rest = &bytes[index + 1..];
        if rest.starts_with(b"\n") {
            index += 2;
        } else if let Some(byte) = rest.get(..2).and_then(hex_byte) {
            decoded.push(byte);
            escapes += 1;
            index += 3;
        } else {
            return None;
        }
    }
    (escapes > 0 || text.contains("=\n")).then(|| String::from_utf8_lossy(&decoded).into_owned())
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
                out.push(decoded);
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

/// The character an entity at the start of `text` stands for, and the entity's length.
fn entity(text: &str) -> Option<(char, usize)> {
    let end = text.bytes().take(12).position(|byte| byte == b';')?;
    let name = &text[1..end];
    let decoded = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
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

/// Every link (`http://`, `https://`, or a bare `connect.smartcar.com/…`) outside `skip`,
/// cut at the first character that cannot be part of it and joined again where a line
/// break split it.
pub fn links(text: &str, skip: &[Range<usize>]) -> Vec<String> {
    let lower = text.to_ascii_lowercase();
    let mut found = Vec::new();
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
        let mut link = String::new();
        if bare {
            link.push_str("https://");
        }
        let (joined, next) = join_wrapped(text, start, end);
        link.push_str(&joined);
        from = from.max(next);
        let trimmed = trim_trailing_punctuation(&link);
        if trimmed.contains('.') && !found.iter().any(|seen: &String| seen == trimmed) {
            found.push(trimmed.to_owned());
        }
    }
    found
}

/// Every start of a link, in order; `true` for one without a scheme. Found in one pass
/// each, so a text of many links costs no more than one of few.
fn link_starts(lower: &str) -> Vec<(usize, bool)> {
    let mut starts: Vec<(usize, bool)> = lower
        .match_indices("http")
        .map(|(at, _)| at)
        .filter(|&at| lower[at..].starts_with("https://") || lower[at..].starts_with("http://"))
        .map(|at| (at, false))
        .collect();
    starts.extend(
        lower
            .match_indices("connect.smartcar.com/")
            .map(|(at, _)| at)
            .filter(|&at| !lower[..at].ends_with("//"))
            .map(|at| (at, true)),
    );
    starts.sort_unstable();
    starts
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

/// The link from `start` to `end`, with the lines a wrap split it into joined again; and
/// where scanning goes on. Once a break has been joined on the link's own structure, the
/// width of that line is the wrap width: a later line cut at exactly that width goes on
/// with the whole next line too (a value cut after its last `&`, like a state).
fn join_wrapped(text: &str, start: usize, end: usize) -> (String, usize) {
    let mut link = text[start..end].to_owned();
    let mut end = end;
    let mut wrap_width = None;
    loop {
        if !text[end..].starts_with('\n') {
            return (link, end);
        }
        let line_start = text[..end].rfind('\n').map_or(0, |at| at + 1);
        let line_width = text[line_start..end].chars().count();
        let next_line = &text[end + 1..];
        let indent = next_line.len() - next_line.trim_start_matches([' ', '\t']).len();
        let piece_start = end + 1 + indent;
        let piece_end = link_end(text, piece_start);
        let piece = &text[piece_start..piece_end];
        let whole_line = piece_end == text.len() || text[piece_end..].starts_with('\n');
        let cut_at_wrap_width =
            !piece.is_empty() && whole_line && indent == 0 && wrap_width == Some(line_width);
        if !cut_at_wrap_width && !continues_link(&link, piece) {
            return (link, end);
        }
        wrap_width.get_or_insert(line_width);
        link.push_str(piece);
        end = piece_end;
    }
}

/// Whether `piece`, the start of the next line, is the rest of a link a wrap cut. Only
/// when the link's own structure says so: the link ends on `?`, `&` or `=`; the piece
/// starts a parameter (`&…`), carries one (`…&name=`), finishes a cut name (`…_id=`), is
/// the query after a cut path (`…?name=`), holds a percent escape, or completes an id cut
/// inside its UUID. A word on the next line ("Thanks", "Why?") is never joined.
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
    link.ends_with(['?', '&', '='])
        || piece.starts_with('&')
        || piece
            .split_once('&')
            .is_some_and(|(_, after)| starts_with_name(after))
        || (has_query && !last_segment.contains('=') && starts_with_name(piece))
        || (!has_query
            && piece
                .split_once('?')
                .is_some_and(|(_, q)| starts_with_name(q)))
        || has_percent_escape(piece)
        || completes_uuid(last_segment, piece)
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

/// `client_id=8229df9f-91a0-4ff0` and `-a1ae-a1f38ee24d07`: together one UUID.
fn completes_uuid(last_segment: &str, piece: &str) -> bool {
    let Some(value) = last_segment
        .split_once('=')
        .filter(|(name, _)| name.ends_with("_id"))
        .map(|(_, value)| value)
    else {
        return false;
    };
    let is_uuid_part = |s: &str| s.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    let piece = trim_trailing_punctuation(piece);
    !value.is_empty()
        && value.len() < 36
        && value.len() + piece.len() == 36
        && is_uuid_part(value)
        && is_uuid_part(piece)
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
