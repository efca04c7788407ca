//! The customer's e-mail address, as the desk types it before "E-mail…": one address,
//! checked enough to catch typing slips (a missing `@`, a space, a domain without a dot).
//! Whether the mailbox exists only the mail itself can tell.

use std::fmt;

/// One checked address, trimmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmailAddress(String);

/// Why an address is not one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EmailAddressProblem {
    NoAt,
    SeveralAts,
    Whitespace,
    ControlCharacter,
    EmptyLocalPart,
    LocalPartTooLong,
    TooLong,
    DomainWithoutDot,
    BadDomain { domain: String },
    Several,
}

impl fmt::Display for EmailAddressProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EmailAddressProblem::NoAt => {
                f.write_str("there is no `@`: write the whole address, like owner@example.com")
            }
            EmailAddressProblem::SeveralAts => {
                f.write_str("there is more than one `@`: keep one address, like owner@example.com")
            }
            EmailAddressProblem::Whitespace => {
                f.write_str("contains a space or line break: remove it")
            }
            EmailAddressProblem::ControlCharacter => {
                f.write_str("contains an invisible control character: retype the address")
            }
            EmailAddressProblem::EmptyLocalPart => {
                f.write_str("nothing stands before the `@`: write the mailbox name, like owner@…")
            }
            EmailAddressProblem::LocalPartTooLong => f.write_str(
                "the part before the `@` is longer than 64 characters: check the address",
            ),
            EmailAddressProblem::TooLong => {
                f.write_str("is longer than 254 characters: check the address")
            }
            EmailAddressProblem::DomainWithoutDot => f.write_str(
                "the part after the `@` has no dot: write the whole domain, like example.com",
            ),
            EmailAddressProblem::BadDomain { domain } => write!(
                f,
                "`{domain}` is not a domain: use letters, digits, hyphens and dots, like example.com"
            ),
            EmailAddressProblem::Several => f.write_str(
                "holds more than one address: the message goes to one owner; keep one address",
            ),
        }
    }
}

impl std::error::Error for EmailAddressProblem {}

impl EmailAddress {
    /// A blank field is no address (`Ok(None)`): the mail program then asks for one.
    pub fn parse(text: &str) -> Result<Option<Self>, EmailAddressProblem> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        if text.contains([',', ';']) {
            return Err(EmailAddressProblem::Several);
        }
        if text.chars().any(char::is_whitespace) {
            return Err(EmailAddressProblem::Whitespace);
        }
        if text.chars().any(char::is_control) {
            return Err(EmailAddressProblem::ControlCharacter);
        }
        let Some((local, domain)) = text.split_once('@') else {
            return Err(EmailAddressProblem::NoAt);
        };
        if domain.contains('@') {
            return Err(EmailAddressProblem::SeveralAts);
        }
        if local.is_empty() {
            return Err(EmailAddressProblem::EmptyLocalPart);
        }
        if local.chars().count() > 64 {
            return Err(EmailAddressProblem::LocalPartTooLong);
        }
        if text.chars().count() > 254 {
            return Err(EmailAddressProblem::TooLong);
        }
        check_domain(domain)?;
        Ok(Some(Self(text.to_owned())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Labels of letters (any script), digits and inner hyphens, at least two of them.
fn check_domain(domain: &str) -> Result<(), EmailAddressProblem> {
    let label_ok = |label: &str| {
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    if !domain.is_empty() && !domain.contains('.') && label_ok(domain) {
        return Err(EmailAddressProblem::DomainWithoutDot);
    }
    if domain.split('.').all(label_ok) && domain.contains('.') {
        Ok(())
    } else {
        Err(EmailAddressProblem::BadDomain {
            domain: domain.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_people_use_are_accepted_trimmed() {
        for (typed, kept) in [
            ("owner@example.com", "owner@example.com"),
            (
                "  first.last+car@mail.example.co.uk \n",
                "first.last+car@mail.example.co.uk",
            ),
            ("o'brien@example.ie", "o'brien@example.ie"),
            ("jürgen@beispiel.de", "jürgen@beispiel.de"),
            ("a@b-c.example", "a@b-c.example"),
        ] {
            let address = EmailAddress::parse(typed).expect(typed).expect("not blank");
            assert_eq!(address.as_str(), kept);
        }
    }

    #[test]
    fn a_blank_field_is_no_address() {
        assert_eq!(EmailAddress::parse(""), Ok(None));
        assert_eq!(EmailAddress::parse("  \t"), Ok(None));
    }

    #[test]
    fn typing_slips_are_named() {
        use EmailAddressProblem as P;
        let long_local = format!("{}@example.com", "a".repeat(65));
        let long = format!("a@{}.com", "b".repeat(250));
        for (typed, problem) in [
            ("owner.example.com", P::NoAt),
            ("owner@@example.com", P::SeveralAts),
            ("a@b@example.com", P::SeveralAts),
            ("own er@example.com", P::Whitespace),
            ("owner@exa\u{7}mple.com", P::ControlCharacter),
            ("@example.com", P::EmptyLocalPart),
            (long_local.as_str(), P::LocalPartTooLong),
            (long.as_str(), P::TooLong),
            ("owner@localhost", P::DomainWithoutDot),
            ("owner@", P::BadDomain { domain: "".into() }),
            (
                "owner@example..com",
                P::BadDomain {
                    domain: "example..com".into(),
                },
            ),
            (
                "owner@-example.com",
                P::BadDomain {
                    domain: "-example.com".into(),
                },
            ),
            (
                "owner@example.com.",
                P::BadDomain {
                    domain: "example.com.".into(),
                },
            ),
            (
                "owner@exa_mple.com",
                P::BadDomain {
                    domain: "exa_mple.com".into(),
                },
            ),
            ("a@example.com, b@example.com", P::Several),
            ("a@example.com;b@example.com", P::Several),
        ] {
            assert_eq!(EmailAddress::parse(typed), Err(problem), "{typed:?}");
        }
    }

    #[test]
    fn messages_say_what_to_do() {
        for (typed, message) in [
            (
                "owner",
                "there is no `@`: write the whole address, like owner@example.com",
            ),
            (
                "owner@localhost",
                "the part after the `@` has no dot: write the whole domain, like example.com",
            ),
            (
                "owner@exa_mple.com",
                "`exa_mple.com` is not a domain: use letters, digits, hyphens and dots, like example.com",
            ),
        ] {
            let problem = EmailAddress::parse(typed).expect_err(typed);
            assert_eq!(problem.to_string(), message);
        }
    }
}
