//! Response helpers: JSON bodies and the `X-RateLimit-*` headers.

use axum::body::Body;
use axum::response::Response;
use chartgate_core::Decision;
use chartmetric_types::headers::{JSON_CONTENT_TYPE, RATE_LIMIT_LIMIT, RATE_LIMIT_REMAINING, RATE_LIMIT_RESET};
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use serde::Serialize;

/// `x-ratelimit-limit` (hyper stores names in lower case; `wire_case`
/// restores the letter case on the wire).
pub static LIMIT: HeaderName = HeaderName::from_static("x-ratelimit-limit");
/// `x-ratelimit-remaining`.
pub static REMAINING: HeaderName = HeaderName::from_static("x-ratelimit-remaining");
/// `x-ratelimit-reset`.
pub static RESET: HeaderName = HeaderName::from_static("x-ratelimit-reset");

/// Header names whose letter case clients depend on, as they go on the wire.
pub const WIRE_CASE: [&str; 5] =
    [RATE_LIMIT_LIMIT, RATE_LIMIT_REMAINING, RATE_LIMIT_RESET, "WWW-Authenticate", "Retry-After"];

/// A JSON response with the API's content type.
pub fn json_response<T: Serialize>(status: StatusCode, body: &T) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_else(|_| br#"{"error":"internal error"}"#.to_vec());
    json_bytes(status, bytes.into())
}

/// A response from JSON bytes already serialised.
pub fn json_bytes(status: StatusCode, bytes: bytes::Bytes) -> Response {
    let mut res = Response::new(Body::from(bytes));
    *res.status_mut() = status;
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON_CONTENT_TYPE));
    res
}

/// Writes the three rate-limit headers of a decision.
pub fn rate_limit_headers(h: &mut HeaderMap, d: &Decision) {
    h.insert(LIMIT.clone(), HeaderValue::from(d.limit));
    h.insert(REMAINING.clone(), HeaderValue::from(d.remaining));
    h.insert(RESET.clone(), HeaderValue::from(d.reset));
}
