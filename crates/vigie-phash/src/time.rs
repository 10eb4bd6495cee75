//! Timestamps given by the caller (the library never reads the clock).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A point in time, in whole seconds since 1970-01-01T00:00:00Z.
///
/// Text form: RFC 3339 in UTC (`2026-11-29T14:03:00Z`). Parsing also accepts a numeric offset
/// (`+01:00`), fractional seconds (dropped), a bare date (`2026-11-29`, midnight UTC) and a bare
/// number of seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

impl Timestamp {
    /// From seconds since the Unix epoch.
    pub const fn from_unix_seconds(seconds: i64) -> Timestamp {
        Timestamp(seconds)
    }

    /// Seconds since the Unix epoch.
    pub const fn unix_seconds(self) -> i64 {
        self.0
    }

    /// Parses the forms listed on the type; `None` when the text is none of them.
    pub fn parse(text: &str) -> Option<Timestamp> {
        let text = text.trim();
        if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            return text.parse().ok().map(Timestamp);
        }
        let b = text.as_bytes();
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year: i64 = digits(&b[0..4])?;
        let month: i64 = digits(&b[5..7])?;
        let day: i64 = digits(&b[8..10])?;
        if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return None;
        }
        let date_seconds = days_from_civil(year, month, day) * 86_400;
        if b.len() == 10 {
            return Some(Timestamp(date_seconds));
        }
        if !matches!(b[10], b'T' | b't' | b' ') || b.len() < 19 || b[13] != b':' || b[16] != b':' {
            return None;
        }
        let (hour, minute, second) =
            (digits(&b[11..13])?, digits(&b[14..16])?, digits(&b[17..19])?);
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        let mut rest = &b[19..];
        if let Some((&b'.', frac)) = rest.split_first() {
            let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 {
                return None;
            }
            rest = &frac[n..];
        }
        let offset = match rest {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let oh: i64 = digits(&[*h1, *h2])?;
                let om: i64 = digits(&[*m1, *m2])?;
                if oh > 23 || om > 59 {
                    return None;
                }
                let o = oh * 3600 + om * 60;
                if *sign == b'+' { o } else { -o }
            }
            _ => return None,
        };
        Some(Timestamp(date_seconds + hour * 3600 + minute * 60 + second - offset))
    }
}

fn digits(b: &[u8]) -> Option<i64> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |acc, d| acc * 10 + i64::from(d - b'0')))
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (days, secs) = (self.0.div_euclid(86_400), self.0.rem_euclid(86_400));
        let (y, m, d) = civil_from_days(days);
        write!(
            f,
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
            secs / 3600,
            secs % 3600 / 60,
            secs % 60
        )
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Timestamp::parse(&text).ok_or_else(|| {
            serde::de::Error::custom("unreadable date (expected RFC 3339, YYYY-MM-DD or seconds)")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats() {
        let t = Timestamp::parse("2026-11-29T14:03:05Z").unwrap();
        assert_eq!(t.to_string(), "2026-11-29T14:03:05Z");
        assert_eq!(Timestamp::parse("2026-11-29T15:03:05+01:00"), Some(t));
        assert_eq!(Timestamp::parse("2026-11-29T14:03:05.250Z"), Some(t));
        assert_eq!(Timestamp::parse("1970-01-01"), Some(Timestamp(0)));
        assert_eq!(Timestamp::parse("86400"), Some(Timestamp(86_400)));
        assert_eq!(Timestamp::parse("2024-02-29").unwrap().to_string(), "2024-02-29T00:00:00Z");
        assert_eq!(Timestamp(-1).to_string(), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "",
            "2026-13-01",
            "2023-02-29",
            "29/11/2026",
            "2026-11-29T25:00:00Z",
            "2026-11-29T10:00:00",
            "é",
        ] {
            assert_eq!(Timestamp::parse(bad), None, "{bad}");
        }
    }

    proptest::proptest! {
        #[test]
        fn rfc3339_round_trips(seconds in -62_135_596_800i64..253_402_300_799) {
            let t = Timestamp(seconds);
            proptest::prop_assert_eq!(Timestamp::parse(&t.to_string()), Some(t));
        }

        #[test]
        fn any_string_parses_or_not_without_panicking(text in ".{0,40}") {
            let _ = Timestamp::parse(&text);
        }
    }
}
