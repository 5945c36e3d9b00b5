//! RFC 3339 times with second precision: the core's own parser and formatter (`imagetag::time`),
//! plus the wall clock.

use std::time::{SystemTime, UNIX_EPOCH};

pub use imagetag::time::{format_rfc3339 as format, parse_rfc3339_seconds as parse};

/// Seconds since the Unix epoch, now.
pub fn now_secs() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// The current time as RFC 3339 text.
pub fn now() -> String {
    format(now_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        for t in ["2025-03-08T16:02:51Z", "1970-01-01T00:00:00Z", "2024-02-29T23:59:59Z", "2000-12-31T00:00:01Z"] {
            assert_eq!(format(parse(t).unwrap()), t);
        }
        assert_eq!(parse("2025-03-08T17:02:51+01:00"), parse("2025-03-08T16:02:51Z"));
        assert_eq!(parse("2025-03-08T16:02:51.123456Z"), parse("2025-03-08T16:02:51Z"));
        assert_eq!(parse("2025-03-08 16:02:51Z"), None);
        assert_eq!(parse("nope"), None);
    }
}
