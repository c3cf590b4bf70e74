//! Times as the commands print them: RFC 3339, in UTC.

use chartgate_core::UnixTime;

/// `2026-05-01T12:34:56Z`.
pub fn utc(t: UnixTime) -> String {
    let secs = t.as_secs();
    let (y, m, d) = civil(secs / 86_400);
    let s = secs % 86_400;
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", s / 3600, s % 3600 / 60, s % 60)
}

/// `2026-05-01T12:34:56.789Z`.
pub fn utc_millis(t: UnixTime) -> String {
    let mut s = utc(t);
    s.insert_str(s.len() - 1, &format!(".{:03}", t.as_millis() % 1000));
    s
}

/// `(year, month, day)` of a count of days since 1970-01-01, in the
/// proleptic Gregorian calendar (Howard Hinnant's `civil_from_days`).
fn civil(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + u64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_print_as_rfc_3339_in_utc() {
        assert_eq!(utc(UnixTime::from_secs(0)), "1970-01-01T00:00:00Z");
        assert_eq!(utc(UnixTime::from_secs(951_782_400)), "2000-02-29T00:00:00Z");
        assert_eq!(utc(UnixTime::from_secs(1_700_000_000)), "2023-11-14T22:13:20Z");
        assert_eq!(utc(UnixTime::from_secs(4_102_444_799)), "2099-12-31T23:59:59Z");
        assert_eq!(utc_millis(UnixTime::from_micros(1_700_000_000_123_456)), "2023-11-14T22:13:20.123Z");
    }
}
