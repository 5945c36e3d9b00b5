//! Time without a date crate: the one RFC 3339 parser (read two ways: as Unix seconds for rendering, as
//! an instant with nanoseconds for the server's semantic equality), RFC 3339 and readable formatting, the
//! civil calendar (proleptic Gregorian, UTC), and the relative-time words of `oc` (docs/semantics.md §4.4).

/// Days since 1970-01-01 of a civil date (proleptic Gregorian; `month` 1..=12).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    // Shift the year so that it starts in March: the leap day is then the last day of the year.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400; // 0..=399
    let m = month as i64;
    let mp = if m > 2 { m - 3 } else { m + 9 }; // March = 0
    let doy = (153 * mp + 2) / 5 + day as i64 - 1; // 0..=365
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // 0..=146096
    era * 146_097 + doe - 719_468
}

/// The civil date `(year, month, day)` of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097; // 0..=146096
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // 0..=399
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // 0..=365
    let mp = (5 * doy + 2) / 153; // 0..=11, March = 0
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + if month <= 2 { 1 } else { 0 };
    (year, month, day)
}

pub fn is_leap_year(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Parses an RFC 3339 date-time (`2025-03-08T16:02:51Z`, `2025-03-08t16:02:51.25+01:00`) into Unix
/// seconds, for rendering ages and dates; a fraction is dropped (rounded down). `None` for anything else.
/// (The same parser as [`parse_rfc3339_nanos`], which keeps the fraction.)
#[inline]
pub fn parse_rfc3339_seconds(text: &str) -> Option<i64> {
    parse_rfc3339_nanos(text).map(|(secs, _)| secs)
}

/// Parses an RFC 3339 date-time into Unix seconds and the nanoseconds of its fraction (digits past the
/// ninth are dropped): the instant the server compares times by (`metav1.Time` equality). `None` for
/// anything else, including dates that do not exist (`2025-02-30`), as Go's `time.Parse` refuses them.
pub fn parse_rfc3339_nanos(text: &str) -> Option<(i64, u32)> {
    let b = text.as_bytes();
    if b.len() < 20 {
        return None;
    }
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = b.get(from..from + len)?;
        let mut v = 0i64;
        for &c in part {
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + (c - b'0') as i64;
        }
        Some(v)
    };
    let year = num(0, 4)?;
    let month = num(5, 2)? as u32;
    let day = num(8, 2)? as u32;
    let hour = num(11, 2)?;
    let minute = num(14, 2)?;
    let second = num(17, 2)?;
    if b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    // RFC 3339 allows a leap second (60); it counts as the first second of the next minute.
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut i = 19;
    let mut nanos = 0u32;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return None;
        }
        let digits = &b[start..i.min(start + 9)];
        nanos = digits.iter().fold(0u32, |acc, &c| acc * 10 + u32::from(c - b'0')) * 10u32.pow(9 - digits.len() as u32);
    }
    let offset = match b.get(i)? {
        b'Z' | b'z' if i + 1 == b.len() => 0,
        sign @ (b'+' | b'-') if i + 6 == b.len() && b[i + 3] == b':' => {
            let oh = num(i + 1, 2)?;
            let om = num(i + 4, 2)?;
            if oh > 23 || om > 59 {
                return None;
            }
            let o = oh * 3600 + om * 60;
            if *sign == b'+' {
                o
            } else {
                -o
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    Some((days * 86_400 + hour * 3600 + minute * 60 + second - offset, nanos))
}

/// Unix seconds as RFC 3339 UTC with second precision (`2025-03-08T16:02:51Z`), the form servers send.
pub fn format_rfc3339(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", y, m, d, secs / 3600, secs / 60 % 60, secs % 60)
}

/// Unix seconds as a short readable UTC date-time (`2025-03-08 16:02 UTC`).
pub fn format_readable(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!("{:04}-{:02}-{:02} {:02}:{:02} UTC", y, m, d, secs / 3600, secs / 60 % 60)
}

/// The relative-time words `oc` prints for a duration (Docker's "human duration", §4.4); callers append
/// ` ago`. Negative durations (times in the future) read `Less than a second`, as in `oc`.
///
/// Seconds and minutes are truncated; from one hour on, hours are rounded (`h = floor(hours + 0.5)`) and
/// days `h/24`, weeks `h/24/7` and months `h/24/30` are integer divisions of `h`. Years divide the
/// *truncated* hours (`floor(hours)/24/365`, go-units' `int(d.Hours())/24/365`), so 63,071,999 s (rounded
/// 17,520 h, truncated 17,519 h) reads `1 years` (docs/semantics.md §4.4).
pub fn human_duration(seconds: i64) -> String {
    if seconds < 1 {
        return "Less than a second".to_string();
    }
    if seconds == 1 {
        return "1 second".to_string();
    }
    if seconds < 60 {
        return format!("{seconds} seconds");
    }
    let minutes = seconds / 60;
    if minutes == 1 {
        return "About a minute".to_string();
    }
    if minutes < 60 {
        return format!("{minutes} minutes");
    }
    // floor(seconds / 3600 + 0.5), exactly, without floating point.
    let hours = seconds.saturating_add(1800) / 3600;
    if hours == 1 {
        "About an hour".to_string()
    } else if hours < 48 {
        format!("{hours} hours")
    } else if hours < 24 * 7 * 2 {
        format!("{} days", hours / 24)
    } else if hours < 24 * 30 * 2 {
        format!("{} weeks", hours / 24 / 7)
    } else if hours < 24 * 365 * 2 {
        format!("{} months", hours / 24 / 30)
    } else {
        format!("{} years", seconds / 3600 / 24 / 365)
    }
}

/// Go's zero `time.Time` (0001-01-01T00:00:00Z), which absent and `null` times decode to.
pub const GO_ZERO_TIME: (i64, u32) = (-62135596800, 0);

/// How the server sees an optional time field: the zero time when absent, `null` or empty; the instant when
/// it parses; otherwise the text itself (compared as text).
#[derive(Debug, PartialEq, Eq)]
pub enum Instant<'a> {
    /// Unix seconds and nanoseconds.
    At(i64, u32),
    /// Text that is not RFC 3339.
    Text(&'a str),
}

/// The [`Instant`] of an optional time field's text.
pub fn instant(s: Option<&str>) -> Instant<'_> {
    match s {
        None | Some("") => Instant::At(GO_ZERO_TIME.0, GO_ZERO_TIME.1),
        Some(t) => match parse_rfc3339_nanos(t) {
            Some((secs, nanos)) => Instant::At(secs, nanos),
            None => Instant::Text(t),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        for d in (-800_000..800_000).step_by(97) {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
    }

    #[test]
    fn years_divide_the_truncated_hours() {
        // go-units: `int(d.Hours())/24/365` (docs/semantics.md §4.4).
        assert_eq!(human_duration(63_071_999), "1 years");
        assert_eq!(human_duration(63_072_000), "2 years");
        assert_eq!(human_duration(17_519 * 3600 + 1800), "1 years");
        assert_eq!(human_duration(17_519 * 3600 + 1799), "24 months");
        assert_eq!(human_duration(3 * 365 * 86_400 - 1), "2 years");
    }

    #[test]
    fn rfc3339() {
        assert_eq!(parse_rfc3339_seconds("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339_seconds("2025-03-10T12:00:00Z"), Some(1_741_608_000));
        assert_eq!(parse_rfc3339_seconds("2025-03-10T13:00:00+01:00"), Some(1_741_608_000));
        assert_eq!(parse_rfc3339_seconds("2025-03-10t11:30:00.999-00:30"), Some(1_741_608_000));
        assert_eq!(parse_rfc3339_seconds("2024-02-29T00:00:00Z"), Some(1_709_164_800));
        for bad in [
            "",
            "2025-03-10",
            "2025-03-10T12:00:00",
            "2025-02-29T00:00:00Z",
            "2025-13-01T00:00:00Z",
            "2025-03-10T24:00:00Z",
            "2025-03-10 12:00:00Z",
            "2025-03-10T12:00:00.Z",
            "2025-03-10T12:00:00+0100",
            "2025-03-10T12:00:00Zx",
            "２025-03-10T12:00:00Z",
            "+025-03-10T12:00:00Z",
        ] {
            assert_eq!(parse_rfc3339_seconds(bad), None, "{bad:?}");
        }
        assert_eq!(format_rfc3339(1_741_608_000), "2025-03-10T12:00:00Z");
        assert_eq!(format_rfc3339(-1), "1969-12-31T23:59:59Z");
        assert_eq!(format_readable(1_741_449_771), "2025-03-08 16:02 UTC");
    }

    #[test]
    fn instants() {
        assert_eq!(parse_rfc3339_nanos("1970-01-01T00:00:00Z"), Some((0, 0)));
        assert_eq!(parse_rfc3339_nanos("0001-01-01T00:00:00Z"), Some(GO_ZERO_TIME));
        assert_eq!(parse_rfc3339_nanos("2025-03-08T17:02:51+01:00"), parse_rfc3339_nanos("2025-03-08T16:02:51Z"));
        assert_eq!(parse_rfc3339_nanos("2025-03-08T16:02:51.5Z"), Some((1741449771, 500_000_000)));
        assert_eq!(parse_rfc3339_nanos("2025-03-08 16:02:51Z"), None);
    }
}
