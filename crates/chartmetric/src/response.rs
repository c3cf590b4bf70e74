//! Reading responses: bodies, `{"error": ...}` messages, rate-limit headers.

use crate::error::Error;
use chartmetric_types::{ErrorBody, headers};
use reqwest::header::{DATE, HeaderMap};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The longest wait a server's header can ask for; longer ones (up to
/// `u64::MAX` seconds) are clamped here, so no deadline can overflow.
pub(crate) const MAX_SERVER_WAIT: Duration = Duration::from_secs(86_400);

/// The most of an error body we read, and of a non-JSON one we quote.
const MAX_ERROR_BODY: usize = 64 * 1024;
const MAX_QUOTED: usize = 200;

pub(crate) async fn read_body(response: reqwest::Response) -> Result<bytes::Bytes, Error> {
    response.bytes().await.map_err(Error::transport)
}

/// The message of an error response: its `error` field, or the start of a
/// body that is not the documented JSON.
pub(crate) async fn error_message(response: reqwest::Response) -> Option<String> {
    let body = response.bytes().await.ok()?;
    error_message_of(&body)
}

/// The message of an error body already read.
pub(crate) fn error_message_of(body: &[u8]) -> Option<String> {
    let body = &body[..body.len().min(MAX_ERROR_BODY)];
    if let Ok(parsed) = serde_json::from_slice::<ErrorBody>(body) {
        return Some(parsed.error);
    }
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    (!text.is_empty()).then(|| text.chars().take(MAX_QUOTED).collect())
}

fn header_u64(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// `Retry-After`, in its delay-seconds or its HTTP-date form (read
/// against the server's `Date`, else `local_now`), clamped to a day.
pub(crate) fn retry_after(headers: &HeaderMap, local_now: SystemTime) -> Option<Duration> {
    let value = headers.get(headers::RETRY_AFTER)?.to_str().ok()?.trim();
    let wait = match value.parse::<u64>() {
        Ok(secs) => Duration::from_secs(secs.min(MAX_SERVER_WAIT.as_secs())),
        Err(_) => parse_http_date(value)?.duration_since(server_now(headers, local_now)).unwrap_or_default(),
    };
    Some(wait.min(MAX_SERVER_WAIT))
}

/// The server's idea of now: its `Date` header, else our wall clock.
fn server_now(headers: &HeaderMap, local_now: SystemTime) -> SystemTime {
    headers.get(DATE).and_then(|v| v.to_str().ok()).and_then(parse_http_date).unwrap_or(local_now)
}

/// What a 429 says about when to come back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RateLimitReset {
    /// How long to wait from now, measured against the server's own clock.
    pub(crate) wait: Duration,
    /// The epoch second at which a request would succeed, if the server said.
    pub(crate) reset: Option<SystemTime>,
}

/// Reads a 429's headers. `X-RateLimit-Reset` is an epoch second on the
/// server's clock, so it is compared with the server's `Date`, never with
/// ours: a client whose clock is off by an hour still waits the right time.
/// Without `Date` our wall clock stands in. When `Retry-After` is sent as
/// well, the later of the two counts; without either, one second.
/// Every wait is clamped to [`MAX_SERVER_WAIT`], and so is the reset.
pub(crate) fn rate_limit_reset(headers: &HeaderMap, local_now: SystemTime) -> RateLimitReset {
    let server_secs = server_now(headers, local_now).duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
    let latest = server_secs.saturating_add(MAX_SERVER_WAIT.as_secs());
    let reset_secs = header_u64(headers, headers::RATE_LIMIT_RESET).map(|s| s.min(latest));
    let from_reset =
        reset_secs.map(|reset| reset.saturating_sub(server_secs)).filter(|&secs| secs > 0).map(Duration::from_secs);
    // Both honoured: the later of the two.
    let wait = match (from_reset, retry_after(headers, local_now)) {
        (Some(a), Some(b)) => a.max(b),
        (a, b) => a.or(b).unwrap_or(Duration::from_secs(1)),
    };
    let reset = reset_secs.and_then(|s| UNIX_EPOCH.checked_add(Duration::from_secs(s)));
    RateLimitReset { wait: wait.min(MAX_SERVER_WAIT), reset }
}

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the only form
/// RFC 9110 lets a server send.
pub(crate) fn parse_http_date(text: &str) -> Option<SystemTime> {
    let mut parts = text.split_ascii_whitespace();
    let (_weekday, day, month, year, time, zone) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if zone != "GMT" || parts.next().is_some() {
        return None;
    }
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month = MONTHS.iter().position(|m| *m == month)? as i64 + 1;
    let (day, year): (i64, i64) = (day.parse().ok()?, year.parse().ok()?);
    let mut hms = time.split(':').map(|p| p.parse::<i64>().ok());
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    if !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    let secs = days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s;
    Some(UNIX_EPOCH + Duration::from_secs(u64::try_from(secs).ok()?))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn epoch(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn http_dates_parse_to_epoch_seconds() {
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(epoch(784_111_777)));
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(epoch(0)));
        assert_eq!(parse_http_date("Tue, 29 Feb 2028 23:59:59 GMT"), Some(epoch(1_835_481_599)));
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 PST"), None);
        assert_eq!(parse_http_date("yesterday"), None);
    }

    #[test]
    fn reset_is_read_against_the_server_date_not_the_local_clock() {
        let mut headers = HeaderMap::new();
        headers.insert(DATE, HeaderValue::from_static("Sun, 06 Nov 1994 08:49:37 GMT"));
        headers.insert(headers::RATE_LIMIT_RESET, HeaderValue::from_static("784111780"));
        // Our clock is a day ahead; the wait is still 3 s.
        let r = rate_limit_reset(&headers, epoch(784_111_777 + 86_400));
        assert_eq!(r.wait, Duration::from_secs(3));
        assert_eq!(r.reset, Some(epoch(784_111_780)));
    }

    #[test]
    fn absurd_reset_and_retry_after_values_are_clamped_to_a_day() {
        let mut headers = HeaderMap::new();
        let huge = HeaderValue::from_str(&u64::MAX.to_string()).expect("value");
        headers.insert(headers::RATE_LIMIT_RESET, huge.clone());
        headers.insert(headers::RETRY_AFTER, huge);
        let r = rate_limit_reset(&headers, epoch(1_000));
        assert_eq!(r.wait, MAX_SERVER_WAIT);
        assert_eq!(r.reset, Some(epoch(1_000 + 86_400)));
        assert_eq!(retry_after(&headers, epoch(1_000)), Some(MAX_SERVER_WAIT));
    }

    #[test]
    fn retry_after_may_be_an_http_date_read_against_the_server_date() {
        let mut headers = HeaderMap::new();
        headers.insert(DATE, HeaderValue::from_static("Sun, 06 Nov 1994 08:49:37 GMT"));
        headers.insert(headers::RETRY_AFTER, HeaderValue::from_static("Sun, 06 Nov 1994 08:49:47 GMT"));
        assert_eq!(retry_after(&headers, epoch(5)), Some(Duration::from_secs(10)));
    }

    #[test]
    fn a_reset_in_the_past_falls_back_to_retry_after_then_one_second() {
        let mut headers = HeaderMap::new();
        headers.insert(headers::RATE_LIMIT_RESET, HeaderValue::from_static("10"));
        assert_eq!(rate_limit_reset(&headers, epoch(100)).wait, Duration::from_secs(1));
        headers.insert(headers::RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(rate_limit_reset(&headers, epoch(100)).wait, Duration::from_secs(7));
    }
}
