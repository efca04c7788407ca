//! The shared history's address, `postgres://user[:password]@host[:port]/database[?…]`,
//! kept whole for connecting and shown only with its password masked: in messages, in
//! the window and in `Debug`, so no log or panic prints it.

use url::Url;

/// What a masked password reads as.
const MASK: &str = "***";

#[derive(Clone, PartialEq, Eq)]
pub struct ServerUrl {
    text: String,
}

impl ServerUrl {
    /// Accepts `postgres://` and `postgresql://` URLs; anything else is refused with the
    /// reason, and with the text masked as far as it could be read.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let url = Url::parse(text).map_err(|e| format!("`{}` is not a URL ({e})", mask(text)))?;
        if !matches!(url.scheme(), "postgres" | "postgresql") {
            return Err(format!(
                "`{}` is not a postgres:// URL",
                mask_parsed(url.clone())
            ));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(format!("`{}` names no server", mask_parsed(url.clone())));
        }
        Ok(Self {
            text: text.to_owned(),
        })
    }

    /// The whole URL, password included: only for connecting.
    pub(super) fn secret_text(&self) -> &str {
        &self.text
    }

    /// The URL with its password (in the user part or a `password` parameter) masked.
    pub fn masked(&self) -> String {
        mask(&self.text)
    }
}

impl std::fmt::Display for ServerUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.masked())
    }
}

impl std::fmt::Debug for ServerUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ServerUrl({})", self.masked())
    }
}

/// Masks what can be read as a password; text that is no URL at all shows only its
/// scheme, since where its password sits cannot be told.
pub fn mask(text: &str) -> String {
    match Url::parse(text) {
        Ok(url) => mask_parsed(url),
        Err(_) => match text.split_once("://") {
            Some((scheme, _)) => format!("{scheme}://{MASK}"),
            None => MASK.to_owned(),
        },
    }
}

fn mask_parsed(mut url: Url) -> String {
    if url.password().is_some() {
        // Only fails for URLs that cannot have a password, which this one has.
        let _ = url.set_password(Some(MASK));
    }
    let has_password_parameter = url.query_pairs().any(|(name, _)| name == "password");
    if has_password_parameter {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(name, value)| {
                let value = if name == "password" {
                    MASK.to_owned()
                } else {
                    value.into_owned()
                };
                (name.into_owned(), value)
            })
            .collect();
        url.query_pairs_mut().clear().extend_pairs(pairs);
    }
    url.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_never_shows() {
        let url = ServerUrl::parse("postgres://kim:s3cret@db.desk:5433/history?sslmode=require")
            .expect("parses");
        assert_eq!(
            url.masked(),
            "postgres://kim:***@db.desk:5433/history?sslmode=require"
        );
        assert_eq!(format!("{url} {url:?}").matches("s3cret").count(), 0);
        let parameter = mask("postgresql://kim@db/h?password=s3cret&application_name=x");
        assert!(!parameter.contains("s3cret"), "{parameter}");
        assert_eq!(mask("postgres://kim:s3cret@[bad"), "postgres://***");
    }

    #[test]
    fn only_postgres_urls_with_a_server_are_taken() {
        assert!(ServerUrl::parse("postgresql://db/history").is_ok());
        let error = ServerUrl::parse("mysql://kim:s3cret@db/h").expect_err("refused");
        assert!(
            error.contains("not a postgres:// URL") && !error.contains("s3cret"),
            "{error}"
        );
        assert!(ServerUrl::parse("postgres:///history").is_err());
    }
}
