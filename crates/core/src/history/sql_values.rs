//! Values both stores hand their SQL the same way: a ticket searched in part, with LIKE's
//! own wildcards in it matched literally, and a count as the signed integer SQL takes.

/// `%query%` with LIKE's own wildcards in the query matched literally (`ESCAPE '\\'`).
pub fn like_pattern(query: &str) -> String {
    let mut pattern = String::with_capacity(query.len() + 2);
    pattern.push('%');
    for c in query.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// A limit or offset as SQL's integer; one past its range means "all".
pub fn sql_limit(count: usize) -> i64 {
    i64::try_from(count).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_in_a_query_match_themselves() {
        assert_eq!(like_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
        assert_eq!(sql_limit(usize::MAX), i64::MAX);
        assert_eq!(sql_limit(20), 20);
    }
}
