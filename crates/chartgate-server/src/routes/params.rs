//! Query parameters as the public Chartmetric clients send them, checked as
//! the real API checks them: a missing required parameter, a bad date, a
//! limit over the endpoint's cap or a value outside its list gets 400 JSON
//! naming the parameter. Unknown parameters are ignored; an empty value is
//! absent (one client sends unset values as `until=`); booleans are
//! `true|false|True|False|1|0` (Python's `requests` sends `True`); array
//! filters come as `k[]=a&k[]=b`, `k[]=a,b` or `k=[a,b]`.
//!
//! Decoding is `form_urlencoded`'s; the checks are written here rather than
//! as a serde derive (axum's `Query`), so that the error for each mistake
//! names the parameter and says what was expected, and the several
//! spellings of booleans and arrays need no custom deserializer.

use crate::error::ApiError;
use std::collections::HashMap;
use std::str::FromStr;

/// The query string of one request.
#[derive(Debug, Default)]
pub struct Params {
    values: HashMap<String, Vec<String>>,
}

/// A `YYYY-MM-DD` date, as days since 1970-01-01: the catalog's own type.
pub use chartgate_catalog::Day;

impl Params {
    /// Parses a raw query string (`None`: no query).
    pub fn parse(query: Option<&str>) -> Self {
        let mut values: HashMap<String, Vec<String>> = HashMap::new();
        for (k, v) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
            let key = k.strip_suffix("[]").unwrap_or(&k).to_owned();
            if !v.is_empty() {
                values.entry(key).or_default().push(v.into_owned());
            }
        }
        Self { values }
    }

    /// The value of `name`, if present and not empty.
    pub fn str(&self, name: &str) -> Option<&str> {
        self.values.get(name).and_then(|v| v.first()).map(String::as_str)
    }

    /// A required value.
    pub fn required(&self, name: &str) -> Result<&str, ApiError> {
        self.str(name).ok_or_else(|| bad(name, "is required"))
    }

    /// A value parsed with `FromStr`, `None` when absent.
    pub fn parsed<T: FromStr>(&self, name: &str, expected: &str) -> Result<Option<T>, ApiError> {
        self.str(name)
            .map(|v| v.parse().map_err(|_| bad(name, &format!("must be {expected}, got {}", show(v)))))
            .transpose()
    }

    /// A boolean: `true|false|True|False|1|0`.
    pub fn bool(&self, name: &str) -> Result<Option<bool>, ApiError> {
        self.str(name)
            .map(|v| match v {
                "true" | "True" | "TRUE" | "1" => Ok(true),
                "false" | "False" | "FALSE" | "0" => Ok(false),
                other => Err(bad(name, &format!("must be true or false, got {}", show(other)))),
            })
            .transpose()
    }

    /// An integer in `min..=max`, or `default` when absent.
    pub fn int(&self, name: &str, default: i64, min: i64, max: i64) -> Result<i64, ApiError> {
        let Some(v) = self.str(name) else { return Ok(default) };
        let n: i64 = v.parse().map_err(|_| bad(name, &format!("must be an integer, got {}", show(v))))?;
        if n < min || n > max {
            return Err(bad(name, &format!("must be between {min} and {max}, got {n}")));
        }
        Ok(n)
    }

    /// `offset` (default 0, at least 0) and `limit` (default `default`,
    /// 1 to `cap`).
    pub fn page(&self, default: i64, cap: i64) -> Result<(usize, usize), ApiError> {
        let offset = self.int("offset", 0, 0, i64::from(i32::MAX))?;
        let limit = self.int("limit", default, 1, cap)?;
        Ok((offset as usize, limit as usize))
    }

    /// A `YYYY-MM-DD` date, `None` when absent.
    pub fn date(&self, name: &str) -> Result<Option<Day>, ApiError> {
        self.str(name)
            .map(|v| Day::parse(v).ok_or_else(|| bad(name, &format!("must be a date YYYY-MM-DD, got {}", show(v)))))
            .transpose()
    }

    /// Every value of an array filter, in any of its spellings.
    pub fn list(&self, name: &str) -> Vec<String> {
        let raw = self.values.get(name).map(Vec::as_slice).unwrap_or_default();
        raw.iter()
            .flat_map(|v| v.trim_start_matches('[').trim_end_matches(']').split(','))
            .map(|s| s.trim().trim_matches('"').to_owned())
            .filter(|s| !s.is_empty())
            .collect()
    }

    /// One of `allowed`, or `default` when absent.
    pub fn one_of<'a>(&'a self, name: &str, allowed: &[&'a str], default: &'a str) -> Result<&'a str, ApiError> {
        let Some(v) = self.str(name) else { return Ok(default) };
        allowed
            .iter()
            .find(|a| a.eq_ignore_ascii_case(v))
            .copied()
            .ok_or_else(|| bad(name, &format!("must be one of {}, got {}", allowed.join(", "), show(v))))
    }
}

/// The longest `since`..`until` a statistics series answers (the live
/// API's cap on `/stat`; every series route takes the same).
pub const MAX_SERIES_DAYS: i64 = 365;

/// `since` and `until` as the time-series routes take them: `until`
/// defaults to `today`, `since` to 30 days before `until`; `since` after
/// `until`, a span over `max_days`, or an `until` after today is a 400.
pub fn span(p: &Params, today: Day, max_days: i64) -> Result<(Day, Day), ApiError> {
    let until = p.date("until")?.unwrap_or(today);
    let since = p.date("since")?.unwrap_or(Day(until.0 - 30));
    if since > until {
        return Err(bad("since", "must not be after until"));
    }
    if until.0 - since.0 + 1 > max_days {
        return Err(bad("since", &format!("spans more than {max_days} days before until; ask for less")));
    }
    Ok((since, not_after_today("until", until, today)?))
}

/// `day`, or a 400 naming `name` when it is after `today`.
pub fn not_after_today(name: &str, day: Day, today: Day) -> Result<Day, ApiError> {
    if day > today {
        return Err(bad(name, &format!("must not be after today ({today})")));
    }
    Ok(day)
}

/// `since` and `until` of a placements route: both optional, `until` not
/// after today, `since` not after `until`; a `since` before the sandbox's
/// history counts from its start.
pub fn placement_dates(p: &Params, today: Day) -> Result<(Option<Day>, Option<Day>), ApiError> {
    let (since, until) = (p.date("since")?, p.date("until")?);
    let until = until.map(|u| not_after_today("until", u, today)).transpose()?;
    if since.is_some_and(|s| s > until.unwrap_or(today)) {
        return Err(bad("since", "must not be after until"));
    }
    Ok((since.map(|s| s.max(chartgate_catalog::CHARTS_SINCE)), until))
}

/// A path segment that must be a positive integer id.
pub fn id(name: &str, raw: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>()
        .ok()
        .filter(|&id| id > 0)
        .ok_or_else(|| ApiError::BadRequest(format!("{name} must be a positive integer, got {}", show(raw))))
}

/// A 400 naming the parameter.
pub fn bad(name: &str, what: &str) -> ApiError {
    ApiError::BadRequest(format!("parameter `{name}` {what}"))
}

/// A client's value, shortened and quoted for a message.
fn show(v: &str) -> String {
    format!("{:?}", v.chars().take(40).collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clients_spellings_parse_alike() {
        let p = Params::parse(Some(
            "genre=All+Genres&g2=R%26B%2FSoul&indie=False&viral=1&until=&tags[]=a&tags[]=b,c&ids=[1,2]",
        ));
        assert_eq!(p.str("genre"), Some("All Genres"));
        assert_eq!(p.str("g2"), Some("R&B/Soul"));
        assert_eq!(p.bool("indie").ok().flatten(), Some(false));
        assert_eq!(p.bool("viral").ok().flatten(), Some(true));
        assert_eq!(p.str("until"), None, "empty is absent");
        assert_eq!(p.list("tags"), ["a", "b", "c"]);
        assert_eq!(p.list("ids"), ["1", "2"]);
    }

    #[test]
    fn limits_dates_and_required_values_are_checked_with_the_parameter_named() {
        let p = Params::parse(Some("limit=101&offset=-1&since=2024-02-30&x=maybe"));
        assert!(p.page(100, 100).unwrap_err().to_string().contains("`offset`"));
        let p2 = Params::parse(Some("limit=101"));
        assert!(p2.page(100, 100).unwrap_err().to_string().contains("`limit` must be between 1 and 100"));
        assert!(p.date("since").unwrap_err().to_string().contains("`since` must be a date"));
        assert!(p.bool("x").is_err());
        assert!(p.required("q").unwrap_err().to_string().contains("`q` is required"));
        let epoch = Day::parse("1970-01-01").unwrap();
        assert_eq!(Day::parse("2024-02-29").map(|d| d.0 - epoch.0), Some(19_782));
        assert_eq!(Day::parse("2023-02-29"), None);
    }

    #[test]
    fn a_span_defaults_to_the_last_30_days_and_refuses_backwards_or_too_long_ones() {
        let today = Day(20_000);
        assert_eq!(span(&Params::default(), today, 365).ok(), Some((Day(19_970), today)));
        let back = Params::parse(Some("since=2024-02-02&until=2024-02-01"));
        assert!(span(&back, today, 365).is_err());
        let long = Params::parse(Some("since=2020-01-01&until=2024-02-01"));
        assert!(span(&long, today, 365).unwrap_err().to_string().contains("365"));
        let future = Params::parse(Some("until=2030-01-01"));
        assert!(span(&future, Day::parse("2026-12-02").unwrap(), 365).unwrap_err().to_string().contains("`until`"));
    }
}
