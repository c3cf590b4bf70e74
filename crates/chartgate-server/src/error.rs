//! The HTTP error type and its one mapping to statuses.
//!
//! Every response the server sends for an error, framework rejections
//! included, is `{"error": "..."}` with `Content-Type: application/json;
//! charset=utf-8`. The cause of a failure the server caused (500, 503) is
//! never sent: it rides on the response as a [`FailureCause`] extension and
//! the request's log line in [`crate::app`] writes it, once.

use crate::headers::{json_response, rate_limit_headers};
use axum::response::{IntoResponse, Response};
use chartgate_core::bearer::BearerError;
use chartgate_core::{Decision, LimiterError, StoreError, TokenError};
use http::{HeaderValue, StatusCode, header};

/// What a request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the request is malformed.
    #[error("{0}")]
    BadRequest(String),
    /// 401: no valid credentials. `token_presented` adds
    /// `error="invalid_token"` to `WWW-Authenticate` (RFC 6750).
    #[error("{message}")]
    Unauthorized {
        /// What was wrong.
        message: String,
        /// Whether the client sent something meant as a token.
        token_presented: bool,
    },
    /// 400 with `WWW-Authenticate: Bearer error="invalid_request"`: the
    /// credentials are ambiguous (RFC 6750 §3.1), such as two
    /// `Authorization` headers.
    #[error("{0}")]
    InvalidRequest(String),
    /// 403: the token's scopes do not cover the route.
    #[error("{0}")]
    Forbidden(String),
    /// 404.
    #[error("{0}")]
    NotFound(String),
    /// 405, with the `Allow` header naming the route's methods.
    #[error("method {method} is not allowed on this route (allowed: {allow})")]
    MethodNotAllowed {
        /// The method the request used.
        method: String,
        /// The route's methods, as the `Allow` header lists them.
        allow: &'static str,
    },
    /// 408: the request body did not arrive in time.
    #[error("the request body did not arrive within {0:?}")]
    RequestTimeout(std::time::Duration),
    /// 413.
    #[error("request body is larger than {0} bytes")]
    PayloadTooLarge(usize),
    /// 415.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// 429, with the figures of the budget that ran out.
    #[error("rate limit exceeded for {what}: {limit} per window; retry after X-RateLimit-Reset", limit = .decision.limit)]
    RateLimited {
        /// The decision, for the headers.
        decision: Decision,
        /// Which budget: "data requests", "token mints", ...
        what: &'static str,
    },
    /// 502: an upstream answered wrongly or not at all; the cause is logged.
    #[error("bad gateway")]
    BadGateway(String),
    /// 504: an upstream did not answer in time; the cause is logged.
    #[error("gateway timeout: the upstream did not answer in time")]
    GatewayTimeout(String),
    /// 503: a backend is away; retrying later may work.
    #[error("service temporarily unavailable: {0}")]
    Unavailable(String),
    /// 500: a bug or an unexpected backend answer; the cause is logged.
    #[error("internal error")]
    Internal(String),
}

impl ApiError {
    /// 401 for a token that was presented.
    pub fn invalid_token(message: impl std::fmt::Display) -> Self {
        Self::Unauthorized { message: message.to_string(), token_presented: true }
    }

    /// The status this error maps to: one match, no catch-all.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) | Self::InvalidRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::RequestTimeout(_) => StatusCode::REQUEST_TIMEOUT,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::BadGateway(_) => StatusCode::BAD_GATEWAY,
            Self::GatewayTimeout(_) => StatusCode::GATEWAY_TIMEOUT,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// Why the server failed a request (500, 503): for the log, never the body.
#[derive(Debug, Clone)]
pub struct FailureCause(pub String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut res = json_response(self.status(), &chartmetric_types::ErrorBody::new(self.to_string()));
        match &self {
            Self::Unauthorized { token_presented, .. } => {
                let v = if *token_presented {
                    r#"Bearer realm="chartgate", error="invalid_token""#
                } else {
                    r#"Bearer realm="chartgate""#
                };
                res.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static(v));
            }
            Self::InvalidRequest(_) => {
                let v = HeaderValue::from_static(r#"Bearer realm="chartgate", error="invalid_request""#);
                res.headers_mut().insert(header::WWW_AUTHENTICATE, v);
            }
            Self::RateLimited { decision, .. } => {
                rate_limit_headers(res.headers_mut(), decision);
                res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(decision.retry_after));
            }
            Self::Unavailable(cause) => {
                res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
                res.extensions_mut().insert(FailureCause(cause.clone()));
            }
            Self::MethodNotAllowed { allow, .. } => {
                res.headers_mut().insert(header::ALLOW, HeaderValue::from_static(allow));
            }
            Self::Internal(cause) | Self::BadGateway(cause) | Self::GatewayTimeout(cause) => {
                res.extensions_mut().insert(FailureCause(cause.clone()));
            }
            _ => {}
        }
        res
    }
}

impl From<BearerError> for ApiError {
    fn from(e: BearerError) -> Self {
        Self::Unauthorized { token_presented: e.token_presented(), message: e.to_string() }
    }
}

impl From<TokenError> for ApiError {
    fn from(e: TokenError) -> Self {
        Self::invalid_token(e)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Unavailable(m) => Self::Unavailable(format!("database: {m}")),
            StoreError::NotFound(m) => Self::NotFound(format!("{m} not found")),
            e @ (StoreError::Conflict(_) | StoreError::Corrupt(_) | StoreError::Backend(_)) => {
                Self::Internal(e.to_string())
            }
        }
    }
}

impl From<LimiterError> for ApiError {
    fn from(e: LimiterError) -> Self {
        match e {
            LimiterError::Unavailable(m) => Self::Unavailable(format!("rate limiter: {m}")),
        }
    }
}
