//! Timestamps: RFC 3339, plus the civil forms found in French spreadsheets.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};

/// What every timestamp error says is accepted.
pub(crate) const EXPECTED: &str =
    "unreadable date (expected RFC 3339, YYYY-MM-DD[ HH:MM[:SS]] or DD/MM/YYYY[ HH:MM[:SS]])";

/// Parses a timestamp and returns it as RFC 3339.
///
/// RFC 3339 input is kept as written once validated. Civil dates and times without an offset
/// (`2024-03-01 14:05`, `01/03/2024`) are read as UTC, since no time zone database is consulted.
///
/// ```
/// use vigie_ingest::parse_timestamp;
/// assert_eq!(parse_timestamp("2024-03-01T14:05:00+01:00").unwrap(), "2024-03-01T14:05:00+01:00");
/// assert_eq!(parse_timestamp("01/03/2024 14:05").unwrap(), "2024-03-01T14:05:00Z");
/// assert!(parse_timestamp("demain").is_err());
/// ```
pub fn parse_timestamp(input: &str) -> Result<String, &'static str> {
    let s = input.trim();
    if s.parse::<Timestamp>().is_ok() {
        return Ok(s.to_owned());
    }
    let civil = parse_civil(s).ok_or(EXPECTED)?;
    let ts = civil.to_zoned(jiff::tz::TimeZone::UTC).map_err(|_| EXPECTED)?.timestamp();
    Ok(ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
}

fn parse_civil(s: &str) -> Option<DateTime> {
    let (date, time) = match s.split_once([' ', 'T']) {
        Some((d, t)) => (d, Some(t.trim())),
        None => (s, None),
    };
    let date = parse_date(date)?;
    let time = match time {
        None => Time::midnight(),
        Some(t) => parse_time(t)?,
    };
    Some(date.to_datetime(time))
}

#[allow(clippy::many_single_char_names)] // y, m, d are the clearest names here
fn parse_date(s: &str) -> Option<Date> {
    let nums: Vec<&str> = s.split(['-', '/', '.']).collect();
    let [a, b, c] = nums.as_slice() else { return None };
    let (y, m, d) = if a.len() == 4 {
        (a, b, c)
    } else if c.len() == 4 {
        (c, b, a)
    } else {
        return None;
    };
    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

fn parse_time(s: &str) -> Option<Time> {
    let parts: Vec<&str> = s.split(':').collect();
    let (h, m, sec) = match parts.as_slice() {
        [h, m] => (h, m, "0"),
        [h, m, s] => (h, m, *s),
        _ => return None,
    };
    let sec = sec.split('.').next()?;
    Time::new(h.parse().ok()?, m.parse().ok()?, sec.parse().ok()?, 0).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_forms() {
        let cases = [
            ("2024-03-01T14:05:00Z", "2024-03-01T14:05:00Z"),
            ("2024-03-01", "2024-03-01T00:00:00Z"),
            ("2024-03-01 14:05:09", "2024-03-01T14:05:09Z"),
            ("2024-03-01T14:05", "2024-03-01T14:05:00Z"),
            ("1/3/2024", "2024-03-01T00:00:00Z"),
            ("01.03.2024 08:00", "2024-03-01T08:00:00Z"),
        ];
        for (input, want) in cases {
            assert_eq!(parse_timestamp(input).as_deref(), Ok(want), "{input}");
        }
    }

    #[test]
    fn rejected_forms() {
        for input in ["", "hier", "2024-13-01", "31/02/2024", "2024-03-01 25:00", "12/2024"] {
            assert_eq!(parse_timestamp(input), Err(EXPECTED), "{input}");
        }
    }
}
