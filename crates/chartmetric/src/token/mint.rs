//! One exchange at the token route: `POST {base}/api/token`.

use super::Inner;
use crate::clock::Clock;
use crate::error::{Error, ErrorKind};
use crate::metrics::Counters;
use crate::response::{error_message, rate_limit_reset, read_body};
use crate::secret::token_request_body;
use chartmetric_types::{ACCESS_TOKEN_TTL_SECS, headers as names};
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use secrecy::SecretString;
use serde::Deserialize;
use std::time::Duration;
use zeroize::Zeroize;

/// A successful mint, tokens already in secret types.
pub(super) struct Minted {
    pub(super) token: SecretString,
    pub(super) expires_in: u64,
    pub(super) refresh_token: SecretString,
    /// The refresh token this mint sent, to detect rotation.
    pub(super) sent: SecretString,
}

/// A failed mint, with the server's `Retry-After` when it sent one.
pub(super) struct MintFailure {
    pub(super) error: Error,
    pub(super) retry_after: Option<Duration>,
}

impl From<Error> for MintFailure {
    fn from(error: Error) -> Self {
        Self { error, retry_after: None }
    }
}

pub(super) async fn mint_once(inner: &Inner) -> Result<Minted, MintFailure> {
    Counters::bump(&inner.counters.mints);
    let sent = inner.refresh_token.lock().clone();
    let response = inner
        .http
        .post(inner.token_url.clone())
        .header(CONTENT_TYPE, "application/json")
        .header(ACCEPT, "application/json")
        .body(token_request_body(&sent))
        .send()
        .await
        .map_err(|e| Error::transport(e).context("token request"))?;
    let status = response.status();
    if !status.is_success() {
        return Err(failure(inner, response).await);
    }
    let body = read_body(response).await.map_err(|e| e.context("token response"))?;
    parse(body, sent).map_err(MintFailure::from)
}

/// A non-success answer, with the wait its `X-RateLimit-Reset` and
/// `Retry-After` ask for (read against the server's `Date`), whatever the
/// status: the next mint honours it.
async fn failure(inner: &Inner, response: reqwest::Response) -> MintFailure {
    let status = response.status();
    let headers = response.headers();
    let says_when = headers.contains_key(names::RATE_LIMIT_RESET) || headers.contains_key(names::RETRY_AFTER);
    let info = says_when.then(|| rate_limit_reset(headers, inner.clock.wall()));
    let message = error_message(response).await;
    let error = match info {
        Some(info) if status == StatusCode::TOO_MANY_REQUESTS => {
            let kind = ErrorKind::RateLimited { reset: info.reset };
            Error::from_parts(kind, status, message).context("token request")
        }
        _ => classify(status, message),
    };
    MintFailure { error, retry_after: info.map(|i| i.wait) }
}

/// The 200 body as servers actually send it: only `token` is required.
/// `expires_in` may be missing, null, negative, fractional or a string;
/// `refresh_token` and `scope` may be missing; unknown keys are ignored.
#[derive(Deserialize)]
struct LenientTokenResponse {
    token: String,
    #[serde(default)]
    expires_in: Option<serde_json::Value>,
    #[serde(default)]
    refresh_token: Option<String>,
}

/// Parses the 200 body and wipes the buffer it came in, when we own it.
fn parse(body: bytes::Bytes, sent: SecretString) -> Result<Minted, Error> {
    let parsed = serde_json::from_slice::<LenientTokenResponse>(&body);
    if let Ok(mut owned) = body.try_into_mut() {
        owned[..].zeroize();
    }
    // serde_json's message names a position, never the token's bytes.
    let response =
        parsed.map_err(|e| Error::invalid_response(format!("the token response is not the documented JSON: {e}")))?;
    let LenientTokenResponse { token, expires_in, refresh_token } = response;
    if token.is_empty() {
        return Err(Error::invalid_response("the token response has an empty token"));
    }
    let expires_in = lifetime_secs(expires_in.as_ref());
    // No refresh token in the answer: the one sent stays (no rotation).
    let refresh_token = refresh_token.map_or_else(|| sent.clone(), SecretString::from);
    Ok(Minted { token: SecretString::from(token), expires_in, refresh_token, sent })
}

/// Seconds of `expires_in`, tolerantly: a missing, null or unreadable value
/// means the documented hour; a negative one 0 (the floor applies later).
fn lifetime_secs(raw: Option<&serde_json::Value>) -> u64 {
    use serde_json::Value;
    let secs = match raw {
        Some(Value::Number(n)) => n.as_u64().or_else(|| n.as_f64().map(float_secs)),
        Some(Value::String(s)) => s.trim().parse::<u64>().ok().or_else(|| s.trim().parse::<f64>().ok().map(float_secs)),
        _ => None,
    };
    if secs.is_none() {
        tracing::warn!(expires_in = ?raw, default = ACCESS_TOKEN_TTL_SECS, "unreadable expires_in; assuming the default");
    }
    secs.unwrap_or(ACCESS_TOKEN_TTL_SECS)
}

/// A float number of seconds, negative and NaN as 0, saturating.
fn float_secs(f: f64) -> u64 {
    if f.is_nan() || f <= 0.0 { 0 } else { f as u64 }
}

/// 400, 401 and 403 at the token route mean the refresh token is refused:
/// permanent. 429 and 5xx are transient, the rest a misconfiguration.
fn classify(status: StatusCode, message: Option<String>) -> Error {
    match status.as_u16() {
        400 | 401 | 403 => Error::from_parts(ErrorKind::RefreshTokenRejected, status, message)
            .context("the refresh token was rejected"),
        _ => Error::from_status(status, message).context("token request"),
    }
}

#[cfg(test)]
mod tests {
    use super::lifetime_secs;
    use serde_json::json;

    #[test]
    fn expires_in_is_read_tolerantly() {
        let read = |v: serde_json::Value| lifetime_secs(Some(&v));
        assert_eq!(read(json!(3600)), 3600);
        assert_eq!(read(json!("3600")), 3600);
        assert_eq!(read(json!(" 90 ")), 90);
        assert_eq!(read(json!(-5)), 0);
        assert_eq!(read(json!("-5")), 0);
        assert_eq!(read(json!(12.9)), 12);
        assert_eq!(read(json!(1e300)), u64::MAX);
        assert_eq!(read(json!(null)), 3600);
        assert_eq!(read(json!("soon")), 3600);
        assert_eq!(read(json!({"s": 1})), 3600);
        assert_eq!(lifetime_secs(None), 3600);
    }
}
