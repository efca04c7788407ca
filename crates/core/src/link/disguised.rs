//! Links whose text shows one address while they go to another: HTML `<a href="X">Y</a>`,
//! Slack's `<X|Y>` and Markdown's `[Y](X)`. A phishing mail shows `connect.smartcar.com`
//! and links elsewhere; reading either half would fill the form from a link nobody
//! should trust, so such a paste is refused as a whole.

use super::extract::links;
use super::hosts::{CONNECT_HOST, host_of};

/// A link that goes to one host while its text shows another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disguised {
    /// Where the link really goes.
    pub target_host: String,
    /// The host its text shows.
    pub shown_host: String,
}

impl Disguised {
    /// The host that is not Smartcar's, and how the link hides it.
    pub fn describe(&self) -> String {
        if self.target_host == CONNECT_HOST {
            format!(
                "host {}, the text of a link that goes to {CONNECT_HOST}: the text and the link disagree",
                self.shown_host
            )
        } else {
            format!(
                "host {}; the link's text shows {}",
                self.target_host, self.shown_host
            )
        }
    }
}

/// The first disguised link in `text` (already cleaned: entities decoded).
pub fn disguised_link(text: &str) -> Option<Disguised> {
    pairs(text).into_iter().find_map(|(target, shown)| {
        let target_host = host_of(&target)?;
        let shown_link = links(&shown, &[]).into_iter().next()?.link;
        let shown_host = host_of(&shown_link)?;
        (target_host != shown_host).then_some(Disguised {
            target_host,
            shown_host,
        })
    })
}

/// Links of each syntax looked at: a ticket has a few, and each costs a search ahead.
const MAX_LINKS: usize = 64;

/// (target, text shown) for every HTML anchor, Slack link and Markdown link.
fn pairs(text: &str) -> Vec<(String, String)> {
    let lower = text.to_ascii_lowercase();
    let mut found = Vec::new();
    for (at, _) in lower.match_indices("<a ").take(MAX_LINKS) {
        let Some(tag_end) = lower[at..].find('>').map(|end| at + end) else {
            continue;
        };
        let Some(href) = attribute(&text[at..tag_end], &lower[at..tag_end], "href=") else {
            continue;
        };
        let shown_end = lower[tag_end..]
            .find("</a")
            .map_or(text.len(), |end| tag_end + end);
        found.push((href, text[tag_end + 1..shown_end].to_owned()));
    }
    for (at, _) in lower.match_indices("<http").take(MAX_LINKS) {
        let Some(end) = text[at..].find('>').map(|end| at + end) else {
            continue;
        };
        if let Some((target, shown)) = text[at + 1..end].split_once('|') {
            found.push((target.to_owned(), shown.to_owned()));
        }
    }
    for (at, _) in lower.match_indices("](http").take(MAX_LINKS) {
        let Some(open) = text[..at]
            .rfind('[')
            .filter(|open| !text[*open..at].contains(']'))
        else {
            continue;
        };
        let target_start = at + 2;
        let target_end = text[target_start..]
            .find([')', ' ', '\n'])
            .map_or(text.len(), |end| target_start + end);
        found.push((
            text[target_start..target_end].to_owned(),
            text[open + 1..at].to_owned(),
        ));
    }
    found
}

/// The quoted value of `name` (`href=`) in a tag.
fn attribute(tag: &str, lower_tag: &str, name: &str) -> Option<String> {
    let start = lower_tag.find(name)? + name.len();
    let rest = &tag[start..];
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &rest[1..];
    Some(value[..value.find(quote)?].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINK: &str = "https://connect.smartcar.com/oauth/reauthenticate?client_id=8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";
    const EVIL: &str =
        "https://evil.example/oauth/reauthenticate?client_id=8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";

    #[test]
    fn a_link_whose_text_shows_another_host_is_found_in_every_syntax() {
        let disguised = [
            format!("<a href=\"{EVIL}\">{LINK}</a>"),
            format!("<A HREF='{EVIL}' target=_blank>{LINK}</A>"),
            format!("<{EVIL}|{LINK}>"),
            format!("[{LINK}]({EVIL})"),
        ];
        for text in disguised {
            assert_eq!(
                disguised_link(&text),
                Some(Disguised {
                    target_host: "evil.example".into(),
                    shown_host: "connect.smartcar.com".into(),
                }),
                "{text}"
            );
        }
        let reversed = Disguised {
            target_host: CONNECT_HOST.into(),
            shown_host: "evil.example".into(),
        };
        assert!(reversed.describe().starts_with("host evil.example,"));
        let honest = [
            format!("<a href=\"{LINK}\">{LINK}</a>"),
            format!("<a href=\"{LINK}\">reconnect</a>"),
            format!("<{LINK}|the link>"),
            format!("[the link]({LINK})"),
            format!("see {LINK} thanks"),
        ];
        for text in honest {
            assert_eq!(disguised_link(&text), None, "{text}");
        }
    }
}
