//! Faults on demand, for integration tests of clients (sandbox mode only,
//! `ServerConfig::sandbox_faults`): a request carrying
//! `X-Chartgate-Fault: status=503` (or `500`, `502`, `429`, `401`),
//! `latency=250ms` or `drop` fails that way; several may be combined,
//! separated by commas or semicolons (`latency=200ms, status=503`).
//! Without the setting the header is ignored.

use crate::error::ApiError;
use axum::response::{IntoResponse, Response};
use chartgate_core::{Decision, Faults, UnixTime};
use http::{HeaderMap, StatusCode};
use std::time::Duration;

/// The request header that asks for a fault.
pub const FAULT_HEADER: &str = "x-chartgate-fault";
/// The longest latency a fault may add.
pub const MAX_LATENCY: Duration = Duration::from_secs(30);

/// What a fault header asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Fault {
    /// Wait this long first.
    pub latency: Option<Duration>,
    /// Then fail with this status.
    pub status: Option<FaultStatus>,
    /// Or close the connection without an answer.
    pub drop: bool,
}

/// The failures a fault can stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultStatus {
    /// 401, as for an expired access token.
    Unauthorized,
    /// 429 with the `X-RateLimit-*` headers of an exhausted budget.
    TooManyRequests,
    /// 500.
    Internal,
    /// 502.
    BadGateway,
    /// 503.
    Unavailable,
}

/// Marks a response whose connection must be closed without sending it
/// (`drop`); the accept loop does so.
#[derive(Debug, Clone, Copy)]
pub struct DropConnection;

/// The fault a request asks for: `Ok(None)` without the header, `Err` (a
/// 400) for a header that does not parse.
pub fn requested(headers: &HeaderMap) -> Result<Option<Fault>, ApiError> {
    let Some(value) = headers.get(FAULT_HEADER) else {
        return Ok(None);
    };
    let text = value.to_str().map_err(|_| bad("it is not ASCII"))?;
    let mut fault = Fault::default();
    for part in text.split([',', ';']).map(str::trim).filter(|p| !p.is_empty()) {
        match part.split_once('=').map(|(k, v)| (k.trim(), v.trim())) {
            Some(("status", s)) => fault.status = Some(status(s)?),
            Some(("latency", l)) => fault.latency = Some(latency(l)?),
            None if part == "drop" => fault.drop = true,
            _ => return Err(bad(&format!("unknown fault {part:?}"))),
        }
    }
    Ok(Some(fault))
}

fn status(s: &str) -> Result<FaultStatus, ApiError> {
    Ok(match s {
        "401" => FaultStatus::Unauthorized,
        "429" => FaultStatus::TooManyRequests,
        "500" => FaultStatus::Internal,
        "502" => FaultStatus::BadGateway,
        "503" => FaultStatus::Unavailable,
        _ => return Err(bad(&format!("status must be 401, 429, 500, 502 or 503, got {s:?}"))),
    })
}

fn latency(l: &str) -> Result<Duration, ApiError> {
    let (digits, unit) = l.split_at(l.find(|c: char| !c.is_ascii_digit()).unwrap_or(l.len()));
    let n: u64 = digits.parse().map_err(|_| bad(&format!("latency must look like 250ms or 2s, got {l:?}")))?;
    let d = match unit {
        "ms" | "" => Duration::from_millis(n),
        "s" => Duration::from_secs(n),
        _ => return Err(bad(&format!("latency must look like 250ms or 2s, got {l:?}"))),
    };
    if d > MAX_LATENCY {
        return Err(bad(&format!("latency may be at most {}s", MAX_LATENCY.as_secs())));
    }
    Ok(d)
}

fn bad(why: &str) -> ApiError {
    ApiError::BadRequest(format!("X-Chartgate-Fault: {why}"))
}

impl Fault {
    /// The fault a user's standing settings draw for one request: their
    /// latency always, and at their error rate one of the failures a real
    /// API gives (500, 502, 503, 429) at random.
    pub fn drawn(faults: Faults) -> Self {
        use rand::Rng;
        let mut rng = rand::rng();
        let latency = (faults.latency_ms > 0).then(|| Duration::from_millis(u64::from(faults.latency_ms)));
        let fails = faults.error_ppm > 0 && rng.random_range(0..1_000_000) < faults.error_ppm;
        let status = fails.then(|| {
            [FaultStatus::Internal, FaultStatus::BadGateway, FaultStatus::Unavailable, FaultStatus::TooManyRequests]
                [rng.random_range(0..4)]
        });
        Self { latency, status, drop: false }
    }

    /// Waits out the latency, then gives the failure to answer with, if any.
    /// `budget` supplies the `X-RateLimit-*` figures of a 429.
    pub async fn apply(self, budget: Option<Decision>, now: UnixTime) -> Option<Response> {
        if let Some(wait) = self.latency {
            tokio::time::sleep(wait).await;
        }
        if self.drop {
            let mut res = StatusCode::INTERNAL_SERVER_ERROR.into_response();
            res.extensions_mut().insert(DropConnection);
            return Some(res);
        }
        let error = match self.status? {
            FaultStatus::Unauthorized => ApiError::invalid_token(chartgate_core::TokenError::Expired),
            FaultStatus::TooManyRequests => {
                let limit = budget.map_or(1, |d| d.limit);
                let reset = now.as_secs() + 1;
                let decision = Decision { allowed: false, limit, remaining: 0, reset, retry_after: 1 };
                ApiError::RateLimited { decision, what: "data requests (injected fault)" }
            }
            FaultStatus::Internal => ApiError::Internal("injected fault".into()),
            FaultStatus::BadGateway => ApiError::BadGateway("injected fault".into()),
            FaultStatus::Unavailable => ApiError::Unavailable("injected fault".into()),
        };
        Some(error.into_response())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(v: &str) -> Result<Option<Fault>, ApiError> {
        let mut h = HeaderMap::new();
        h.insert(FAULT_HEADER, v.parse().unwrap_or_else(|_| http::HeaderValue::from_static("x")));
        requested(&h)
    }

    #[test]
    fn faults_parse_alone_and_combined() {
        assert_eq!(parse("status=503").ok().flatten().and_then(|f| f.status), Some(FaultStatus::Unavailable));
        let f = parse("latency=250ms; status=429").ok().flatten().unwrap_or_default();
        assert_eq!((f.latency, f.status), (Some(Duration::from_millis(250)), Some(FaultStatus::TooManyRequests)));
        assert!(parse("drop").ok().flatten().is_some_and(|f| f.drop));
        assert_eq!(parse("latency=2s").ok().flatten().and_then(|f| f.latency), Some(Duration::from_secs(2)));
        assert!(requested(&HeaderMap::new()).is_ok_and(|f| f.is_none()));
    }

    #[test]
    fn bad_faults_are_400s_that_say_why() {
        for bad in ["status=418", "latency=fast", "latency=31s", "explode", "status"] {
            let err = parse(bad).expect_err(bad);
            assert_eq!(err.status(), StatusCode::BAD_REQUEST, "{bad}");
            assert!(err.to_string().starts_with("X-Chartgate-Fault"), "{err}");
        }
    }
}
