//! RFC 3339 times as instants, for the server's semantic equality (`metav1.Time` compares `UTC()` values).

/// Seconds since the Unix epoch and nanoseconds, or `None` when the text is not RFC 3339: the core's one
/// RFC 3339 parser.
pub(crate) use crate::history::time::parse_rfc3339_instant as parse_rfc3339;

/// Go's zero `time.Time` (0001-01-01T00:00:00Z), which absent and `null` times decode to.
pub(crate) const ZERO: (i64, u32) = (-62135596800, 0);

/// How the server sees an optional time field: the zero time when absent, `null` or empty; the instant when
/// it parses; otherwise the text itself (compared as text).
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Instant<'a> {
    At(i64, u32),
    Text(&'a str),
}

pub(crate) fn instant(s: Option<&str>) -> Instant<'_> {
    match s {
        None | Some("") => Instant::At(ZERO.0, ZERO.1),
        Some(t) => match parse_rfc3339(t) {
            Some((secs, nanos)) => Instant::At(secs, nanos),
            None => Instant::Text(t),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some((0, 0)));
        assert_eq!(parse_rfc3339("0001-01-01T00:00:00Z"), Some(ZERO));
        assert_eq!(parse_rfc3339("2025-03-08T17:02:51+01:00"), parse_rfc3339("2025-03-08T16:02:51Z"));
        assert_eq!(parse_rfc3339("2025-03-08T16:02:51.5Z"), Some((1741449771, 500_000_000)));
        assert_eq!(parse_rfc3339("2025-03-08 16:02:51Z"), None);
    }
}
