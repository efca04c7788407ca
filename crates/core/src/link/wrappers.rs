//! The wrappers a link picks up on its way to the desk: Outlook Safe Links, Proofpoint URL
//! Defense (v2 and v3), Google's redirect, and a whole link percent-encoded once more (a
//! log or a query string that carried it). Each is taken off to give the link the owner
//! was sent; a wrapper that does not hold one is named, so the person knows what to copy
//! instead of getting a wrong link.

use url::Url;

/// Wrappers inside wrappers are unwrapped this many times at most.
const MAX_LAYERS: usize = 4;

/// A wrapper whose original link cannot be taken out.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0} holds no readable original link: open the original message, or copy the link from the page it leads to"
)]
pub struct WrapperWithoutLink(pub &'static str);

/// The link inside every wrapper around `link`; `link` itself when it has none.
pub fn unwrap(link: &str) -> Result<String, WrapperWithoutLink> {
    let mut link = link.to_owned();
    for _ in 0..MAX_LAYERS {
        match unwrap_once(&link)? {
            Some(inner) => link = inner,
            None => break,
        }
    }
    Ok(link)
}

fn unwrap_once(link: &str) -> Result<Option<String>, WrapperWithoutLink> {
    if is_percent_encoded_link(link) {
        // Inside the escaped link every `&` is `%26`: a bare `&` starts the next
        // parameter of whatever carried it (`?next=https%3A…&src=mail`).
        let escaped = link.split('&').next().unwrap_or(link);
        return Ok(Some(percent_decode(escaped)));
    }
    let Ok(url) = Url::parse(link) else {
        return Ok(None);
    };
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let param = |name: &str| {
        url.query_pairs()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    };
    let inner = if host.ends_with(".safelinks.protection.outlook.com") {
        Some(param("url").ok_or(WrapperWithoutLink("an Outlook Safe Links address"))?)
    } else if host == "urldefense.proofpoint.com" && url.path().starts_with("/v2/url") {
        let encoded = param("u").ok_or(WrapperWithoutLink("a Proofpoint URL Defense address"))?;
        Some(percent_decode(&encoded.replace('-', "%").replace('_', "/")))
    } else if host == "urldefense.com" && url.path().starts_with("/v3/__") {
        Some(proofpoint_v3(link).ok_or(WrapperWithoutLink("a Proofpoint URL Defense address"))?)
    } else if (host == "www.google.com" || host == "google.com") && url.path() == "/url" {
        Some(
            param("q")
                .or_else(|| param("url"))
                .ok_or(WrapperWithoutLink("a Google redirect address"))?,
        )
    } else {
        None
    };
    Ok(inner.map(|inner| inner.trim().to_owned()))
}

/// `https%3A%2F%2Fconnect…`: the whole link escaped as one query value.
pub fn is_percent_encoded_link(link: &str) -> bool {
    let lower = link.get(..14).unwrap_or(link).to_ascii_lowercase();
    lower.starts_with("https%3a%2f%2f") || lower.starts_with("http%3a%2f%2f")
}

/// Percent-decoding of one layer; an escape that is not one (`%zz`) stays as written.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escape = bytes
            .get(index + 1..index + 3)
            .filter(|pair| pair.iter().all(u8::is_ascii_hexdigit))
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (bytes[index], escape) {
            (b'%', Some(byte)) => {
                out.push(byte);
                index += 3;
            }
            (byte, _) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Proofpoint v3: `https://urldefense.com/v3/__<link>__;<base64url>!!…`. Characters of the
/// link it could not keep are `*` (one) or `**X` (a run whose length X codes), and the
/// base64url part after `__;` holds them in order.
fn proofpoint_v3(wrapped: &str) -> Option<String> {
    let after = wrapped.split_once("/v3/__")?.1;
    let (embedded, rest) = after.split_once("__;")?;
    let encoded = rest.split('!').next().unwrap_or_default();
    let replaced: Vec<char> = base64url_decode(encoded)?.chars().collect();
    const RUN_LENGTHS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(embedded.len());
    let mut next = 0;
    let mut chars = embedded.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '*' {
            out.push(c);
            continue;
        }
        let run = if chars.peek() == Some(&'*') {
            chars.next();
            let code = chars.next()?;
            RUN_LENGTHS.find(code)? + 2
        } else {
            1
        };
        out.extend(replaced.get(next..next + run)?);
        next += run;
    }
    Some(out)
}

fn base64url_decode(text: &str) -> Option<String> {
    use base64::Engine;
    let trimmed = text.trim_end_matches('=');
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(trimmed)
        .ok()?;
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINK: &str = "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&client_id=8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";

    fn encode(text: &str) -> String {
        url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
    }

    #[test]
    fn every_wrapper_gives_back_the_link() {
        let v2 = LINK
            .replace('-', "-2D")
            .replace('_', "-5F")
            .replace('?', "-3F")
            .replace('&', "-26")
            .replace('=', "-3D")
            .replace('/', "_")
            .replace(':', "-3A");
        let table = [
            ("no wrapper", LINK.to_owned()),
            ("percent-encoded once more", encode(LINK)),
            (
                "Outlook Safe Links",
                format!(
                    "https://eur01.safelinks.protection.outlook.com/?url={}&data=05%7C01%7C&sdata=abc&reserved=0",
                    encode(LINK)
                ),
            ),
            (
                "Proofpoint v2",
                format!("https://urldefense.proofpoint.com/v2/url?u={v2}&d=DwMF&c=abc&r=def"),
            ),
            (
                "Proofpoint v3, nothing replaced",
                format!("https://urldefense.com/v3/__{LINK}__;!!Abc!def$"),
            ),
            (
                "Proofpoint v3, one character replaced",
                format!(
                    "https://urldefense.com/v3/__{}__;Jg!!Abc!def$",
                    LINK.replacen('&', "*", 1)
                ),
            ),
            (
                "Google redirect",
                format!("https://www.google.com/url?q={}&sa=D", encode(LINK)),
            ),
            (
                "Safe Links around a percent-encoded link",
                format!(
                    "https://nam02.safelinks.protection.outlook.com/?url={}&data=x",
                    encode(&encode(LINK))
                ),
            ),
        ];
        for (what, wrapped) in table {
            assert_eq!(unwrap(&wrapped).as_deref(), Ok(LINK), "{what}: {wrapped}");
        }
    }

    #[test]
    fn a_wrapper_without_the_link_is_named() {
        let error = unwrap("https://eur01.safelinks.protection.outlook.com/?data=05").err();
        assert_eq!(
            error.map(|e| e.to_string()).unwrap_or_default(),
            "an Outlook Safe Links address holds no readable original link: open the original message, or copy the link from the page it leads to"
        );
    }
}
