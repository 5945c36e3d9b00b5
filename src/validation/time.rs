//! RFC 3339 times as instants, for the server's semantic equality (`metav1.Time` compares `UTC()` values).

/// Seconds since the Unix epoch and nanoseconds, or `None` when the text is not RFC 3339.
pub(crate) fn parse_rfc3339(s: &str) -> Option<(i64, u32)> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = b.get(r)?;
        if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(part.iter().fold(0i64, |acc, &c| acc * 10 + i64::from(c - b'0')))
    };
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut i = 19;
    let mut nanos = 0u32;
    if b[i] == b'.' {
        let start = i + 1;
        i = start;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return None;
        }
        let digits = &b[start..i.min(start + 9)];
        nanos = digits.iter().fold(0u32, |acc, &c| acc * 10 + u32::from(c - b'0')) * 10u32.pow(9 - digits.len() as u32);
    }
    let offset = match b.get(i..)? {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let h = i64::from(h1.checked_sub(b'0')?) * 10 + i64::from(h2.checked_sub(b'0')?);
            let m = i64::from(m1.checked_sub(b'0')?) * 10 + i64::from(m2.checked_sub(b'0')?);
            if h > 23 || m > 59 {
                return None;
            }
            let o = h * 3600 + m * 60;
            if *sign == b'-' {
                -o
            } else {
                o
            }
        }
        _ => return None,
    };
    Some((days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset, nanos))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

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
