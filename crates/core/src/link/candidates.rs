//! From a whole ticket to the one link or JSON to read. Every piece `extract` finds is read
//! by the paste reader; pieces that agree (the API error and its own `resolution.url`
//! quoted again in the prose) are one candidate, pieces that disagree are shown side by
//! side instead of one being guessed.

use serde_json::Value;
use url::Url;

use super::contract::Contract;
use super::disguised::disguised_link;
use super::extract;
use super::form::ReauthForm;
use super::kind::LinkKind;
use super::paste::{PasteError, PasteFacts, Pasted, parse_json, parse_link, parse_whole};
use super::wrappers;

/// One reading of a piece of the paste.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// The piece as found: the link, or the JSON on one line.
    pub snippet: String,
    pub pasted: Pasted,
}

impl Candidate {
    /// One line: the piece (shortened) and what it would fill.
    pub fn describe(&self) -> String {
        let facts = &self.pasted.facts;
        // Two links can differ only in their make or permissions: those tell them apart.
        let told_apart = [("make", &facts.make), ("scope", &facts.scope)]
            .into_iter()
            .filter_map(|(name, value)| Some(format!("{name}={}", value.as_deref()?)));
        let filled: Vec<String> = self
            .pasted
            .found()
            .into_iter()
            .filter_map(|field| {
                let value = self.pasted.fields.get(field)?;
                Some(format!("{}={value}", field.key(Contract::Classic)))
            })
            .chain(told_apart)
            .collect();
        let what = match &self.pasted.error {
            Some(_) => match facts.chosen_error() {
                Some(error) => format!("{} {}", self.pasted.source.describe(), error.name()),
                None => self.pasted.source.describe().to_owned(),
            },
            None => facts
                .link_kind
                .map_or(self.pasted.source.describe(), LinkKind::describe)
                .to_owned(),
        };
        if filled.is_empty() {
            format!("{what} `{}`", shorten(&self.snippet))
        } else {
            format!(
                "{what} `{}` ({})",
                shorten(&self.snippet),
                filled.join(", ")
            )
        }
    }
}

/// What a paste holds.
#[derive(Clone, Debug, PartialEq, Eq)]
// One value per paste, moved once and never kept in bulk: boxing would only add noise.
#[allow(clippy::large_enum_variant)]
pub enum Reading {
    One(Pasted),
    /// Two or more pieces that disagree on a field, a parameter, the kind of link or an
    /// error.
    Ambiguous(Vec<Candidate>),
}

impl Reading {
    /// The one reading, or the error that lists the candidates.
    pub fn into_single(self) -> Result<Pasted, PasteError> {
        match self {
            Reading::One(pasted) => Ok(pasted),
            Reading::Ambiguous(candidates) => Err(PasteError::Ambiguous(
                candidates.iter().map(Candidate::describe).collect(),
            )),
        }
    }
}

/// Reads a paste, clean or buried in a ticket's text.
pub fn read_paste(input: &str) -> Result<Reading, PasteError> {
    // A clean JSON paste (the common case, and every row of a JSON batch) skips the search;
    // JSON that is no error or event may still carry a link in a string, found below.
    if input.trim_start().starts_with(['{', '['])
        && let Ok(value) = serde_json::from_str::<Value>(input)
    {
        match parse_json(&value) {
            Err(PasteError::JsonNotRecognised) => {}
            read => return read.map(Reading::One),
        }
    }
    let text = extract::clean(input);
    if let Some(disguised) = disguised_link(&text) {
        return Err(PasteError::NotSmartcarLink(disguised.describe()));
    }
    let mut candidates = Vec::new();
    let mut first_refusal = None;
    let mut refused_links = Vec::new();
    let mut read_spans = Vec::new();
    let mut found_links = Vec::new();
    for snippet in extract::json_objects(&extract::json_text(&text)) {
        match parse_json(&snippet.value) {
            Ok(pasted) => {
                read_spans.push(snippet.span.clone());
                candidates.push(Candidate {
                    snippet: snippet.value.to_string(),
                    pasted,
                });
            }
            Err(PasteError::JsonNotRecognised) if carries_links(&snippet.value) => {
                read_spans.push(snippet.span.clone());
                let mut strings = Vec::new();
                collect_strings(&snippet.value, &mut strings);
                for string in strings {
                    found_links.extend(extract::links(&extract::clean(string), &[]));
                }
            }
            Err(refusal) => {
                first_refusal.get_or_insert(refusal);
            }
        }
    }
    found_links.extend(extract::links(&text, &read_spans));
    for found in found_links {
        match read_found_link(&found) {
            Ok(pasted) => candidates.push(Candidate {
                snippet: found.link,
                pasted,
            }),
            Err(refusal @ (PasteError::NotSmartcarLink(_) | PasteError::Wrapper(_))) => {
                refused_links.push(refusal)
            }
            Err(_) => {}
        }
    }
    if candidates.is_empty() {
        return match (refused_links.into_iter().next(), first_refusal) {
            (Some(refusal), _) | (None, Some(refusal)) => Err(refusal),
            (None, None) => parse_whole(input).map(Reading::One),
        };
    }
    for candidate in &mut candidates {
        candidate.pasted.notes.extend(
            refused_links
                .iter()
                .map(|refusal| format!("ignored: {refusal}")),
        );
    }
    let mut distinct = merge_agreeing(candidates);
    if distinct.len() == 1 {
        let only = distinct.remove(0);
        return Ok(Reading::One(only.pasted));
    }
    Ok(Reading::Ambiguous(distinct))
}

/// One link found in the text: its wrappers taken off, read, and what its reading left
/// out or took out said in notes.
fn read_found_link(found: &extract::FoundLink) -> Result<Pasted, PasteError> {
    let link = wrappers::unwrap(&found.link).map_err(|e| PasteError::Wrapper(e.to_string()))?;
    let mut pasted = parse_link(&link)?;
    if found.invisible_removed > 0 {
        pasted.notes.push(format!(
            "took {} invisible character(s) (zero-width spaces, direction marks) out of the link",
            found.invisible_removed
        ));
    }
    // A wrapper's own last parameter (Safe Links' `reserved=0`) is nothing the link needs.
    let wrapped = link != found.link;
    if let Some(doubt) = found.doubt.as_ref().filter(|_| !wrapped) {
        let field = doubt.name.clone();
        let message = doubt.message();
        pasted.notes.push(format!("{field}: {message}"));
        pasted.facts.doubts.push((field, message));
    }
    Ok(pasted)
}

/// A JSON object that is no error or event but holds a link in one of its strings
/// (`{"link": "https://connect…"}`).
fn carries_links(value: &Value) -> bool {
    let mut strings = Vec::new();
    collect_strings(value, &mut strings);
    strings
        .iter()
        .any(|string| string.contains("://") || string.contains("%3A%2F%2F"))
}

fn collect_strings<'a>(value: &'a Value, strings: &mut Vec<&'a str>) {
    match value {
        Value::String(text) => strings.push(text),
        Value::Array(items) => items.iter().for_each(|item| collect_strings(item, strings)),
        Value::Object(map) => map.values().for_each(|item| collect_strings(item, strings)),
        _ => {}
    }
}

/// Folds each candidate into an earlier one it agrees with; the one with an error stays
/// the base (it says what happened), and the other fills only what it lacks.
fn merge_agreeing(candidates: Vec<Candidate>) -> Vec<Candidate> {
    let mut distinct: Vec<Candidate> = Vec::new();
    for candidate in candidates {
        match distinct
            .iter_mut()
            .find(|kept| agree(&kept.pasted, &candidate.pasted))
        {
            Some(kept) => {
                let (mut base, other) =
                    if kept.pasted.error.is_none() && candidate.pasted.error.is_some() {
                        (candidate, kept.clone())
                    } else {
                        (kept.clone(), candidate)
                    };
                for field in ReauthForm::FIELDS {
                    if base.pasted.fields.get(field).is_none()
                        && let Some(value) = other.pasted.fields.get(field)
                    {
                        base.pasted.set(field, value.to_owned());
                    }
                }
                forget_settled_doubts(&mut base.pasted);
                *kept = base;
            }
            None => distinct.push(candidate),
        }
    }
    distinct
}

/// A value one copy of a link left in doubt that another copy gave whole is no longer in
/// doubt: its note goes.
fn forget_settled_doubts(pasted: &mut Pasted) {
    let settled: Vec<String> = pasted
        .facts
        .doubts
        .iter()
        .map(|(name, _)| name.clone())
        .filter(|name| {
            ReauthForm::FIELDS.into_iter().any(|field| {
                field.key(Contract::Classic) == name && pasted.fields.get(field).is_some()
            })
        })
        .collect();
    for name in settled {
        let prefix = format!("{name}: ");
        pasted.facts.doubts.retain(|(doubted, _)| *doubted != name);
        pasted.notes.retain(|note| !note.starts_with(&prefix));
    }
}

/// No field both have differs, they are not two kinds of link or two sets of permissions
/// (merged, one would be dropped without a word), and they do not name two different
/// errors.
fn agree(a: &Pasted, b: &Pasted) -> bool {
    let fields_agree = ReauthForm::FIELDS.into_iter().all(|field| {
        match (a.fields.get(field), b.fields.get(field)) {
            (Some(x), Some(y)) => x == y,
            _ => true,
        }
    });
    let errors_agree = match (&a.error, &b.error) {
        (Some(x), Some(y)) => x == y && a.facts.errors == b.facts.errors,
        _ => true,
    };
    fields_agree && errors_agree && facts_agree(&a.facts, &b.facts)
}

fn facts_agree(a: &PasteFacts, b: &PasteFacts) -> bool {
    let kinds_agree = both_or_either(a.link_kind, b.link_kind, |x, y| x == y);
    let makes_agree = both_or_either(a.make.as_deref(), b.make.as_deref(), |x, y| {
        x.trim().eq_ignore_ascii_case(y.trim())
    });
    let scopes_agree = both_or_either(a.scope.as_deref(), b.scope.as_deref(), |x, y| x == y);
    kinds_agree && makes_agree && scopes_agree && link_parameters_agree(a, b)
}

/// Equal where both have a value; one missing is no disagreement.
fn both_or_either<T>(a: Option<T>, b: Option<T>, same: impl Fn(T, T) -> bool) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => same(x, y),
        _ => true,
    }
}

/// Every parameter both links carry has the same value (its first, as the reading keeps):
/// the form's fields are only some of what a link carries (a country, a mode, a VIN).
fn link_parameters_agree(a: &PasteFacts, b: &PasteFacts) -> bool {
    let (Some(ours), Some(theirs)) = (first_values(a), first_values(b)) else {
        return true;
    };
    ours.iter().all(|(name, value)| {
        theirs
            .iter()
            .find(|(other, _)| other == name)
            .is_none_or(|(_, other)| other == value)
    })
}

fn first_values(facts: &PasteFacts) -> Option<Vec<(String, String)>> {
    let url = Url::parse(facts.link.as_deref()?).ok()?;
    let mut values: Vec<(String, String)> = Vec::new();
    for (name, value) in url.query_pairs() {
        if !values.iter().any(|(seen, _)| *seen == name) {
            values.push((name.into_owned(), value.into_owned()));
        }
    }
    Some(values)
}

/// A piece short enough for one line of a message.
fn shorten(snippet: &str) -> String {
    const MAX_CHARS: usize = 160;
    if snippet.chars().count() <= MAX_CHARS {
        return snippet.to_owned();
    }
    let head: String = snippet.chars().take(MAX_CHARS - 1).collect();
    format!("{head}…")
}
