//! A driver error in words a desk can act on: the error and each cause under it
//! ("error connecting to server: Connection refused"), since the driver's own text
//! stops at the first.

pub fn reason(error: &postgres::Error) -> String {
    let mut text = error.to_string();
    let mut cause = std::error::Error::source(error);
    while let Some(inner) = cause {
        let inner_text = inner.to_string();
        if !text.contains(&inner_text) {
            text.push_str(": ");
            text.push_str(&inner_text);
        }
        cause = inner.source();
    }
    text
}
