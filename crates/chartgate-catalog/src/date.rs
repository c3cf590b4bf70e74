//! Days: the catalog's only notion of time. No clock: the caller says
//! which day is "today".

use chrono::{Datelike, NaiveDate};

/// The first day charts exist for.
pub const CHARTS_SINCE: Day = Day(735_964); // 2016-01-01

/// A day, counted from 0001-01-01 (day 1), as chrono's `num_days_from_ce`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i64);

impl Day {
    /// From a `chrono` date.
    pub fn from_date(d: NaiveDate) -> Self {
        Self(i64::from(d.num_days_from_ce()))
    }

    /// From a year, month and day; `None` when no such date exists.
    pub fn ymd(y: i32, m: u32, d: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(y, m, d).map(Self::from_date)
    }

    /// The UTC day of a Unix time in seconds.
    pub fn from_unix_seconds(secs: i64) -> Self {
        Self(secs.div_euclid(86_400) + 719_163)
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Self> {
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok().map(Self::from_date)
    }

    /// The `chrono` date.
    pub fn date(self) -> NaiveDate {
        i32::try_from(self.0).ok().and_then(NaiveDate::from_num_days_from_ce_opt).unwrap_or(NaiveDate::MIN)
    }

    /// (year, month, day), by Howard Hinnant's `civil_from_days`: charts
    /// format thousands of dates, and this is several times faster than
    /// going through `chrono` and `format!`.
    fn civil(self) -> (i64, u32, u32) {
        let z = self.0 - 1 - 719_162 + 719_468; // days since 0000-03-01
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        (yoe + era * 400 + i64::from(m <= 2), m, d)
    }

    fn push_ymd(self, out: &mut String) {
        let (y, m, d) = self.civil();
        if !(0..=9999).contains(&y) {
            let c = self.date();
            out.push_str(&format!("{:04}-{:02}-{:02}", c.year(), c.month(), c.day()));
            return;
        }
        let digit = |n: u32| char::from(b'0' + n as u8);
        let y = y as u32;
        for n in [y / 1000, y / 100 % 10, y / 10 % 10, y % 10] {
            out.push(digit(n));
        }
        out.extend(['-', digit(m / 10), digit(m % 10), '-', digit(d / 10), digit(d % 10)]);
    }

    /// `YYYY-MM-DD`.
    pub fn ymd_string(self) -> String {
        let mut out = String::with_capacity(10);
        self.push_ymd(&mut out);
        out
    }

    /// ISO 8601 at midnight UTC, the real API's style: `2024-01-05T00:00:00.000Z`.
    pub fn iso(self) -> String {
        let mut out = String::with_capacity(24);
        self.push_ymd(&mut out);
        out.push_str("T00:00:00.000Z");
        out
    }

    /// The calendar year.
    pub fn year(self) -> i32 {
        self.civil().0 as i32
    }

    /// `n` days later (earlier when negative).
    pub fn plus(self, n: i64) -> Self {
        Self(self.0 + n)
    }

    /// Days from `earlier` to `self`.
    pub fn since(self, earlier: Day) -> i64 {
        self.0 - earlier.0
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> i64 {
        // Day 1 (0001-01-01) was a Monday.
        (self.0 - 1).rem_euclid(7)
    }

    /// The latest day on or before `self` that falls on `weekday`.
    pub fn snap_back(self, weekday: i64) -> Self {
        self.plus(-(self.weekday() - weekday).rem_euclid(7))
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.ymd_string())
    }
}

/// Every day from `since` to `until` inclusive, oldest first.
pub(crate) fn days(since: Day, until: Day) -> impl Iterator<Item = Day> {
    (since.0..=until.0).map(Day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_start_on_new_year_2016() {
        assert_eq!(Day::ymd(2016, 1, 1), Some(CHARTS_SINCE));
        assert_eq!(CHARTS_SINCE.iso(), "2016-01-01T00:00:00.000Z");
        assert_eq!(CHARTS_SINCE.weekday(), 4); // a Friday
    }

    #[test]
    fn fast_formatting_agrees_with_chrono() {
        for day in (600_000..800_000).step_by(37).map(Day) {
            let d = day.date();
            assert_eq!(day.ymd_string(), d.format("%Y-%m-%d").to_string());
            assert_eq!(day.year(), d.year());
        }
    }

    #[test]
    fn unix_time_maps_to_its_utc_day() {
        assert_eq!(Day::from_unix_seconds(0).ymd_string(), "1970-01-01");
        assert_eq!(Day::from_unix_seconds(1_704_412_799).ymd_string(), "2024-01-04");
        assert_eq!(Day::from_unix_seconds(1_704_412_800).ymd_string(), "2024-01-05");
        assert_eq!(Day::from_unix_seconds(-1).ymd_string(), "1969-12-31");
    }

    #[test]
    fn parse_and_snap() {
        let d = Day::parse("2024-01-05").unwrap();
        assert_eq!(d.ymd_string(), "2024-01-05");
        assert_eq!(d.snap_back(3).ymd_string(), "2024-01-04"); // Thursday
        assert_eq!(Day::parse("2024-02-30"), None);
    }
}
