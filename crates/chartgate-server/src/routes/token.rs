//! `POST /api/token`: exchange a refresh token for an access token.

use super::describe::{error, rate_limited, ref_content, responses, too_many, unavailable};
use super::token_body::refresh_token_from;
use crate::error::ApiError;
use crate::headers::{json_response, rate_limit_headers};
use crate::metrics::OutcomeLabels;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::response::Response;
use chartmetric_types::{TokenRequest, TokenResponse};
use http::StatusCode;
use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use utoipa::openapi::{self, RefOr, ResponseBuilder};
use utoipa::{IntoResponses, ToSchema};

/// Mints an access token. Any `Authorization` header is ignored here (the
/// official reference's own curl example sends one).
#[utoipa::path(
    post,
    path = chartmetric_types::TOKEN_PATH,
    tag = "auth",
    request_body(content((TokenRequest = "application/json"), (TokenRequest = "application/x-www-form-urlencoded"))),
    responses(TokenResponses)
)]
pub async fn create_token(State(state): State<AppState>, req: Request) -> Result<Response, ApiError> {
    if state.config().sandbox_faults
        && let Some(fault) = crate::faults::requested(req.headers())?
        && let Some(res) = fault.apply(None, state.now()).await
    {
        return Ok(res);
    }
    let ip = client_ip(&req, state.config().trust_forwarded_for);
    let (parts, body): (_, Body) = req.into_parts();
    let deadline = state.config().body_timeout;
    let read = tokio::time::timeout(deadline, refresh_token_from(&parts.headers, body, state.config().max_body));
    let raw = read.await.map_err(|_| ApiError::RequestTimeout(deadline))??;
    let minted = state.mint(ip, &raw).await;
    let outcome = match &minted {
        Ok(_) => "ok",
        Err(e) => e.outcome(),
    };
    state.metrics().mints.get_or_create(&OutcomeLabels { outcome }).inc();
    let minted = minted?;
    let mut res = json_response(StatusCode::OK, &minted.body);
    rate_limit_headers(res.headers_mut(), &minted.budget);
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

/// The answers of `POST /api/token`.
pub struct TokenResponses;

impl IntoResponses for TokenResponses {
    fn responses() -> BTreeMap<String, RefOr<openapi::Response>> {
        let minted = ResponseBuilder::new()
            .description("A new access token; the `X-RateLimit-*` headers describe the user's mint budget")
            .content("application/json", ref_content(TokenResponse::name().as_ref()));
        responses([
            ("200", rate_limited(minted).build()),
            ("400", error("Malformed body, or a missing, non-string or empty `refreshtoken`").build()),
            ("401", error("Unknown, revoked or malformed refresh token, a disabled user, or (rotation on) a replaced refresh token presented after its grace period").build()),
            ("408", error("The body did not arrive within the body timeout (10 s by default)").build()),
            ("413", error("Body over 16 KiB").build()),
            ("415", error("A Content-Type other than JSON or form").build()),
            ("429", too_many("Mint budget, or the failed-mint budget of the client address, exhausted")),
            ("503", unavailable()),
        ])
    }
}
