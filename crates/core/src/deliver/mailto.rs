//! The `mailto:` link that opens the system's mail program with the message filled in
//! (RFC 6068): subject and body percent-encoded, spaces as `%20` (never `+`), line breaks
//! as `%0D%0A`.

use super::email_address::EmailAddress;
use super::message::EmailMessage;

/// Some mail programs cut a `mailto:` link longer than about this many characters; past
/// it the window offers to copy the message instead.
pub const MAILTO_SAFE_LENGTH: usize = 2000;

/// A `mailto:` link and whether mail programs take it whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mailto {
    uri: String,
}

impl Mailto {
    /// The link for `message` to `to` (none: the mail program asks for the address).
    pub fn new(to: Option<&EmailAddress>, message: &EmailMessage) -> Self {
        let mut uri = String::from("mailto:");
        if let Some(address) = to {
            encode_into(&mut uri, address.as_str(), b"@");
        }
        uri.push_str("?subject=");
        encode_into(&mut uri, &message.subject, b"");
        uri.push_str("&body=");
        encode_into(&mut uri, &crlf(&message.body), b"");
        Self { uri }
    }

    pub fn as_str(&self) -> &str {
        &self.uri
    }

    /// Characters in the link (all ASCII, so also its bytes).
    pub fn len(&self) -> usize {
        self.uri.len()
    }

    pub fn is_empty(&self) -> bool {
        self.uri.is_empty()
    }

    /// False past `MAILTO_SAFE_LENGTH`: some mail programs would cut the message.
    pub fn fits_mail_programs(&self) -> bool {
        self.len() <= MAILTO_SAFE_LENGTH
    }
}

/// Every line break as CR LF, which is what a `mailto:` body carries (RFC 6068 §5).
fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\n', "\r\n")
}

/// Percent-encodes all but RFC 3986's unreserved characters and `keep`, byte by byte
/// (UTF-8), with upper-case hex digits.
fn encode_into(out: &mut String, text: &str, keep: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) || keep.contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0F)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(subject: &str, body: &str) -> EmailMessage {
        EmailMessage {
            subject: subject.into(),
            body: body.into(),
        }
    }

    fn address(text: &str) -> EmailAddress {
        EmailAddress::parse(text)
            .expect("valid")
            .expect("not blank")
    }

    #[test]
    fn spaces_line_breaks_and_reserved_characters_are_percent_encoded() {
        let link = Mailto::new(
            Some(&address("owner+car@example.com")),
            &message(
                "Re: a & b",
                "Hi there,\nopen https://x.example/?a=1&b=2\r\nbye",
            ),
        );
        assert_eq!(
            link.as_str(),
            "mailto:owner%2Bcar@example.com?subject=Re%3A%20a%20%26%20b&body=Hi%20there%2C%0D%0Aopen%20https%3A%2F%2Fx.example%2F%3Fa%3D1%26b%3D2%0D%0Abye"
        );
    }

    #[test]
    fn no_address_leaves_the_recipient_to_the_mail_program() {
        let link = Mailto::new(None, &message("S", "B"));
        assert_eq!(link.as_str(), "mailto:?subject=S&body=B");
    }

    #[test]
    fn text_outside_ascii_is_utf8_percent_encoded() {
        let link = Mailto::new(None, &message("Grüße", "€"));
        assert_eq!(
            link.as_str(),
            "mailto:?subject=Gr%C3%BC%C3%9Fe&body=%E2%82%AC"
        );
    }

    #[test]
    fn the_body_decodes_back_exactly_with_crlf_line_breaks() {
        let body = "Line one\nLine two: 100% done? #yes\n\n{link}";
        let link = Mailto::new(None, &message("S", body));
        let parsed = url::Url::parse(link.as_str()).expect("a valid URL");
        let query = parsed.query().expect("a query");
        let encoded_body = query.split("&body=").nth(1).expect("body");
        let decoded: Vec<u8> = url::form_urlencoded::parse(format!("b={encoded_body}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned().into_bytes())
            .expect("pair");
        assert_eq!(decoded, body.replace('\n', "\r\n").into_bytes());
        assert!(!link.as_str().contains('+'));
    }

    #[test]
    fn the_length_threshold_is_inclusive() {
        let prefix = "mailto:?subject=S&body=".len();
        let at_limit = Mailto::new(
            None,
            &message("S", &"a".repeat(MAILTO_SAFE_LENGTH - prefix)),
        );
        assert_eq!(at_limit.len(), MAILTO_SAFE_LENGTH);
        assert!(at_limit.fits_mail_programs());
        let over = Mailto::new(
            None,
            &message("S", &"a".repeat(MAILTO_SAFE_LENGTH - prefix + 1)),
        );
        assert!(!over.fits_mail_programs());
        // A space costs three characters once encoded.
        let spaces = Mailto::new(None, &message("S", &" ".repeat(700)));
        assert_eq!(spaces.len(), prefix + 2100);
        assert!(!spaces.fits_mail_programs());
    }
}
