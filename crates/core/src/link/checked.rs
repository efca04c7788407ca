//! What checking any kind's form gives: its findings, and its link when no finding is an
//! error. The window, the command line and the history see every kind through these.

use url::Url;

use super::findings::Findings;

/// A link built from a checked form: its text and its pairs in order, decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuiltLink {
    pub url: String,
    pub params: Vec<(&'static str, String)>,
}

impl BuiltLink {
    /// `endpoint?name=value&…`, form-urlencoded, the pairs in the given order.
    pub(crate) fn new(endpoint: &str, params: Vec<(&'static str, String)>) -> Self {
        let mut url = String::with_capacity(endpoint.len() + 160);
        url.push_str(endpoint);
        for (index, (name, value)) in params.iter().enumerate() {
            let separator = if index == 0 { '?' } else { '&' };
            super::request::push_pair(&mut url, separator, name, value);
        }
        Self { url, params }
    }

    /// The value the link carries for a parameter, decoded; `None` when it has none.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The link as a parsed URL.
    pub fn parsed(&self) -> Result<Url, url::ParseError> {
        Url::parse(&self.url)
    }
}

/// A form's findings, and its link when no finding is an error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    pub findings: Findings,
    pub link: Option<BuiltLink>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_encoded_in_order_and_read_back_decoded() {
        let link = BuiltLink::new(
            "https://connect.smartcar.com/oauth/authorize",
            vec![
                ("client_id", "8229df9f".to_owned()),
                ("state", "a b&c=d".to_owned()),
                ("user", "ü".to_owned()),
            ],
        );
        assert_eq!(
            link.url,
            "https://connect.smartcar.com/oauth/authorize?client_id=8229df9f&state=a+b%26c%3Dd&user=%C3%BC"
        );
        assert_eq!(link.param("state"), Some("a b&c=d"));
        assert_eq!(link.param("redirect_uri"), None);
        let parsed = link.parsed().expect("a built link parses");
        assert_eq!(
            parsed.as_str(),
            link.url,
            "the URL library keeps every byte"
        );
        let decoded: Vec<(String, String)> = parsed.query_pairs().into_owned().collect();
        let expected: Vec<(String, String)> = link
            .params
            .iter()
            .map(|(name, value)| ((*name).to_owned(), value.clone()))
            .collect();
        assert_eq!(decoded, expected);
    }
}
