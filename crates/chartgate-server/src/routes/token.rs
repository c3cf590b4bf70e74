//! `POST /api/token`: exchange a refresh token for an access token.

use super::token_body::refresh_token_from;
use crate::error::ApiError;
use crate::headers::{json_response, rate_limit_headers};
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::response::Response;
use chartmetric_types::TokenRequest;
use http::StatusCode;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// Mints an access token. Any `Authorization` header is ignored here (the
/// official reference's own curl example sends one).
#[utoipa::path(
    post,
    path = chartmetric_types::TOKEN_PATH,
    tag = "auth",
    request_body(content((TokenRequest = "application/json"), (TokenRequest = "application/x-www-form-urlencoded"))),
    responses(crate::openapi::TokenResponses)
)]
pub async fn create_token(State(state): State<AppState>, req: Request) -> Result<Response, ApiError> {
    let ip = client_ip(&req, state.config().trust_forwarded_for);
    let (parts, body): (_, Body) = req.into_parts();
    let raw = refresh_token_from(&parts.headers, body, state.config().max_body).await?;
    let minted = state.mint(ip, &raw).await;
    let outcome = match &minted {
        Ok(_) => "ok",
        Err(ApiError::Unauthorized { .. }) => "unauthorized",
        Err(ApiError::RateLimited { .. }) => "rate_limited",
        Err(ApiError::Unavailable(_)) => "unavailable",
        Err(_) => "error",
    };
    state.metrics().mints.get_or_create(&crate::metrics::OutcomeLabels { outcome }).inc();
    let (token, decision) = minted?;
    let mut res = json_response(StatusCode::OK, &token);
    rate_limit_headers(res.headers_mut(), &decision);
    Ok(res)
}

/// The address failed mints are counted against: the peer, or, behind a
/// proxy the operator trusts, the address that proxy appended last to
/// `X-Forwarded-For` (earlier entries are the client's to forge).
fn client_ip(req: &Request, trust_forwarded: bool) -> IpAddr {
    let peer =
        req.extensions().get::<ConnectInfo<SocketAddr>>().map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
    if !trust_forwarded {
        return peer;
    }
    let forwarded = req.headers().get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).next_back();
    forwarded.and_then(|v| v.rsplit(',').next()).and_then(|ip| ip.trim().parse().ok()).unwrap_or(peer)
}
