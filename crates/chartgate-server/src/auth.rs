//! The bearer guard of the data routes: authenticate, charge the plan's rate
//! limit, then check the route's scope. Every response past a valid token,
//! 403, 404 and 429 included, carries the `X-RateLimit-*` headers.

use crate::error::ApiError;
use crate::headers::rate_limit_headers;
use crate::state::{AppState, Caller};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chartgate_core::Scope;
use http::header;

/// Authenticates the caller and charges its data budget.
pub async fn authenticate(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let header = req.headers().get(header::AUTHORIZATION).map(|v| v.as_bytes());
    let caller = match state.authenticate(header).await {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    let decision = match state.charge(&caller).await {
        Ok(d) => d,
        Err(e) => return e.into_response(),
    };
    if !decision.allowed {
        return ApiError::RateLimited { decision, what: "data requests" }.into_response();
    }
    req.extensions_mut().insert(caller);
    let mut res = next.run(req).await;
    rate_limit_headers(res.headers_mut(), &decision);
    res
}

/// Refuses callers whose token lacks the route's scope, with 403.
pub async fn require_scope(State(needed): State<Scope>, req: Request, next: Next) -> Response {
    let Some(caller) = req.extensions().get::<Caller>() else {
        return ApiError::Internal("scope check ran before authentication".into()).into_response();
    };
    if caller.token.scopes.permits(&needed) {
        return next.run(req).await;
    }
    ApiError::Forbidden(format!(
        "this route needs scope `{needed}`; this access token grants `{}` (the user's plan is `{}`; \
         a token keeps the scopes its plan had when it was minted, so mint a new one after a plan change)",
        caller.token.scopes, caller.plan.name
    ))
    .into_response()
}
