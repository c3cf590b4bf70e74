//! How forwarding fails, and the one mapping into [`ApiError`].

use crate::error::ApiError;
use chartgate_core::Decision;
use std::time::Duration;

/// Why a request was not forwarded, or its answer not received.
#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    /// No upstream serves the path (only when no catch-all is configured).
    #[error("no upstream serves {0}")]
    NoUpstream(String),
    /// The path and query cannot form the upstream's URI.
    #[error("the request path cannot be forwarded: {0}")]
    BadPath(String),
    /// The request body is larger than the gateway forwards.
    #[error("request body is larger than {0} bytes")]
    TooLarge(u64),
    /// The client stopped sending its body.
    #[error("the request body stalled for {0:?}")]
    BodyStalled(Duration),
    /// The upstream could not be connected to.
    #[error("upstream {upstream} is unreachable: {cause}")]
    Unreachable {
        /// The upstream's name.
        upstream: &'static str,
        /// Why.
        cause: String,
    },
    /// The upstream did not answer in time.
    #[error("upstream {upstream} did not answer within {after:?}")]
    Timeout {
        /// The upstream's name.
        upstream: &'static str,
        /// The timeout.
        after: Duration,
    },
    /// The exchange failed after connecting (reset, malformed answer).
    #[error("upstream {upstream} failed: {cause}")]
    Failed {
        /// The upstream's name.
        upstream: &'static str,
        /// Why.
        cause: String,
    },
    /// The broker could not get an upstream access token.
    #[error("cannot get an access token from the upstream: {0}")]
    Token(String),
    /// The upstream rejected the broker's fresh access token, and the
    /// request had a body, so it could not be replayed.
    #[error("the upstream rejected chartgate's access token; a new one is being minted")]
    TokenRejected,
    /// The upstream budget had no room within the queue timeout.
    #[error("the upstream's rate limit is used up ({0})")]
    Queue(&'static str, Decision),
}

impl From<GatewayError> for ApiError {
    fn from(e: GatewayError) -> Self {
        match e {
            e @ GatewayError::NoUpstream(_) => ApiError::NotFound(e.to_string()),
            e @ GatewayError::BadPath(_) => ApiError::BadRequest(e.to_string()),
            GatewayError::BodyStalled(after) => ApiError::RequestTimeout(after),
            GatewayError::TooLarge(n) => ApiError::PayloadTooLarge(usize::try_from(n).unwrap_or(usize::MAX)),
            e @ GatewayError::Timeout { .. } => ApiError::GatewayTimeout(e.to_string()),
            e @ (GatewayError::Unreachable { .. }
            | GatewayError::Failed { .. }
            | GatewayError::Token(_)
            | GatewayError::TokenRejected) => ApiError::BadGateway(e.to_string()),
            GatewayError::Queue(what, decision) => ApiError::RateLimited { decision, what },
        }
    }
}
