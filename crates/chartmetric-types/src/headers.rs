//! Header names, spelled exactly as they go on the wire.
//!
//! Two known Julia clients look the rate-limit headers up case-sensitively,
//! so the server writes them in exactly this letter case.

/// Requests allowed per window.
pub const RATE_LIMIT_LIMIT: &str = "X-RateLimit-Limit";
/// Requests left in the current window, the current request already counted.
pub const RATE_LIMIT_REMAINING: &str = "X-RateLimit-Remaining";
/// Unix epoch second of the earliest moment a new request would succeed.
pub const RATE_LIMIT_RESET: &str = "X-RateLimit-Reset";
/// Seconds to wait before retrying, sent with 429 responses.
pub const RETRY_AFTER: &str = "Retry-After";
/// The JSON content type every body of the API carries.
pub const JSON_CONTENT_TYPE: &str = "application/json; charset=utf-8";
