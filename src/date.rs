//! Dates with a precision: a year, a month or a day, kept and shown as written.
//!
//! Timeline events are often known only to the year ("1950") or month ("1983-11"). A
//! [`PartialDate`] keeps that precision, sorts by its earliest day and prints itself at its
//! precision ("1950", "November 1983", "21 April 1967").

use std::fmt;

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// Only the year.
    Year,
    /// Year and month.
    Month,
    /// A full date.
    Day,
}

/// A calendar date known to a year, a month or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    /// The year (1 to 9999).
    pub year: i32,
    /// 1 to 12, if known.
    pub month: Option<u8>,
    /// 1 to 31, if known (only with a month).
    pub day: Option<u8>,
}

/// The accepted forms, for error messages.
pub const ACCEPTED_FORMS: &str =
    "\"1967\", \"1967-04\" or \"1967-04-21\" (or a TOML date such as 1967-04-21)";

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Why a date string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not one of the accepted shapes.
    #[error("cannot read {0:?} as a date")]
    Unparsable(String),
    /// The shape is right but the month does not exist.
    #[error("{0:?} has no month {1}")]
    BadMonth(String, u32),
    /// The shape is right but the day does not exist in that month.
    #[error("{0:?} is not a real day: {1} {2} has {3} days")]
    BadDay(String, &'static str, i32, u8),
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Days in `month` of `year`.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        _ => 28,
    }
}

fn digits(s: &str, n: usize) -> Option<u32> {
    (s.len() == n && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; a trailing time (`T…` or ` …`) after a full date is ignored.
    ///
    /// ```
    /// use kaisetsu::date::{PartialDate, Precision};
    /// let d = PartialDate::parse("1967-04")?;
    /// assert_eq!((d.to_string().as_str(), d.precision()), ("April 1967", Precision::Month));
    /// assert!(PartialDate::parse("2024-02-30").is_err());
    /// # Ok::<(), kaisetsu::date::DateError>(())
    /// ```
    pub fn parse(input: &str) -> Result<Self, DateError> {
        let s = input.trim();
        let bad = || DateError::Unparsable(input.to_string());
        let date_part = match s.find(['T', ' ']) {
            Some(i) if i == 10 => &s[..i],
            Some(_) => return Err(bad()),
            None => s,
        };
        let mut parts = date_part.split('-');
        let year = parts.next().and_then(|p| digits(p, 4)).ok_or_else(bad)? as i32;
        if year == 0 {
            return Err(bad());
        }
        let month = match parts.next() {
            None => None,
            Some(p) => Some(digits(p, 2).ok_or_else(bad)?),
        };
        let day = match parts.next() {
            None => None,
            Some(p) => Some(digits(p, 2).ok_or_else(bad)?),
        };
        if parts.next().is_some() || (date_part.len() != s.len() && day.is_none()) {
            return Err(bad());
        }
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(DateError::BadMonth(input.to_string(), m));
            }
        }
        if let (Some(m), Some(d)) = (month, day) {
            let max = days_in_month(year, m as u8);
            if d == 0 || d > u32::from(max) {
                return Err(DateError::BadDay(
                    input.to_string(),
                    MONTHS[m as usize - 1],
                    year,
                    max,
                ));
            }
        }
        Ok(PartialDate {
            year,
            month: month.map(|m| m as u8),
            day: day.map(|d| d as u8),
        })
    }

    /// The precision this date was written with.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (None, _) => Precision::Year,
            (Some(_), None) => Precision::Month,
            (Some(_), Some(_)) => Precision::Day,
        }
    }

    /// Sort key: the earliest day the date can mean.
    pub fn earliest(&self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// ISO form at this precision, as used in `<time datetime>`: `1967`, `1967-04`, `1967-04-21`.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (None, _) => format!("{:04}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
        }
    }

    /// RFC 3339 timestamp at midnight UTC of the earliest day (for feeds and sitemaps).
    pub fn rfc3339(&self) -> String {
        let (y, m, d) = self.earliest();
        format!("{y:04}-{m:02}-{d:02}T00:00:00Z")
    }

    /// The date for readers of `lang`: "21 April 1967" in English, "1967年4月21日" in Japanese
    /// (and Chinese), at the precision written.
    pub fn display(&self, lang: &str) -> String {
        let primary = lang.split('-').next().unwrap_or(lang);
        if primary != "ja" && primary != "zh" {
            return self.to_string();
        }
        match (self.month, self.day) {
            (None, _) => format!("{}年", self.year),
            (Some(m), None) => format!("{}年{m}月", self.year),
            (Some(m), Some(d)) => format!("{}年{m}月{d}日", self.year),
        }
    }

    /// The decade this date falls in, e.g. 1960.
    pub fn decade(&self) -> i32 {
        self.year - self.year.rem_euclid(10)
    }
}

impl fmt::Display for PartialDate {
    /// "1967", "April 1967", "21 April 1967".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.month, self.day) {
            (None, _) => write!(f, "{}", self.year),
            (Some(m), None) => write!(f, "{} {}", MONTHS[m as usize - 1], self.year),
            (Some(m), Some(d)) => write!(f, "{d} {} {}", MONTHS[m as usize - 1], self.year),
        }
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PartialDate {
    /// Earliest day first; at the same earliest day the less precise date comes first.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.earliest(), self.precision()).cmp(&(other.earliest(), other.precision()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_precision_and_prints_it_as_written() {
        let cases = [
            ("1967", "1967", "1967", Precision::Year),
            ("1967-04", "1967-04", "April 1967", Precision::Month),
            ("1967-04-21", "1967-04-21", "21 April 1967", Precision::Day),
            (
                "2024-02-29",
                "2024-02-29",
                "29 February 2024",
                Precision::Day,
            ),
            (
                "2025-11-20T09:00:00+09:00",
                "2025-11-20",
                "20 November 2025",
                Precision::Day,
            ),
        ];
        for (input, iso, shown, precision) in cases {
            let d = PartialDate::parse(input).unwrap();
            assert_eq!(
                (d.iso().as_str(), d.to_string().as_str(), d.precision()),
                (iso, shown, precision),
                "{input}"
            );
        }
    }

    #[test]
    fn refuses_impossible_and_unparsable_dates() {
        let cases = [
            ("1967-13", "has no month 13"),
            ("2024-02-30", "February 2024 has 29 days"),
            ("2023-02-29", "February 2023 has 28 days"),
            ("April 1967", "cannot read"),
            ("67", "cannot read"),
            ("1967-4-21", "cannot read"),
            ("1967-04-21-01", "cannot read"),
            ("", "cannot read"),
            ("1967T10", "cannot read"),
        ];
        for (input, expected) in cases {
            let err = PartialDate::parse(input).unwrap_err().to_string();
            assert!(err.contains(expected), "{input}: {err}");
        }
    }

    #[test]
    fn partial_dates_sort_by_their_earliest_day() {
        let mut v: Vec<_> = ["1967-04-21", "1967", "1966-12-31", "1967-04"]
            .iter()
            .map(|s| PartialDate::parse(s).unwrap())
            .collect();
        v.sort();
        let iso: Vec<_> = v.iter().map(PartialDate::iso).collect();
        assert_eq!(iso, ["1966-12-31", "1967", "1967-04", "1967-04-21"]);
        assert_eq!(v[1].decade(), 1960);
    }
}
