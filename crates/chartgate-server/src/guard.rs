//! The bearer guard of the data routes: authenticate, charge the plan's rate
//! limit, then check the route's scope. Every response past a valid token,
//! 403, 404 and 429 included, carries the `X-RateLimit-*` headers.
//!
//! One middleware does all three and the body cache behind them
//! (`app::guarded`), so a data request pays for one layer.

use crate::authenticate::Caller;
use crate::error::ApiError;
use crate::faults;
use crate::headers::rate_limit_headers;
use crate::state::AppState;
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use chartgate_core::Scope;

/// What the guard of one data route needs: the state and the route's
/// scope. Shared behind an `Arc` by the route's middleware, so a request
/// clones no scope.
pub struct Guard {
    /// Shared state.
    pub state: AppState,
    /// The scope the route declares.
    pub scope: Scope,
}

/// Marks a response that carries the `X-RateLimit-*` figures of its own
/// refusal (a broker's upstream budget ran out): the guard leaves them.
#[derive(Debug, Clone, Copy)]
pub struct OwnRateLimit;

/// The guard's work for a route needing `scope`: the caller is
/// authenticated, charged and checked, then `inner` runs with the
/// [`Caller`] in the request's extensions (the gateway forwards its
/// identity). `inner` is a closure rather than a middleware layer of its
/// own: each layer of axum's router costs a boxed service clone and a boxed
/// future per request.
pub async fn admit<F, Fut>(state: &AppState, scope: &Scope, mut req: Request, inner: F) -> Response
where
    F: FnOnce(Request) -> Fut,
    Fut: Future<Output = Response>,
{
    let caller = match state.authenticate(req.headers()).await {
        Ok(c) => c,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let decision = match state.charge(&caller).await {
        Ok(d) => d,
        Err(e) => return ApiError::from(e).into_response(),
    };
    if !decision.allowed {
        return ApiError::RateLimited { decision, what: "data requests" }.into_response();
    }
    if let Some(e) = forbidden(&caller, scope) {
        return with_budget(e.into_response(), &decision);
    }
    if state.config().sandbox_faults {
        let asked = faults::requested(req.headers());
        let standing = caller.faults.any().then(|| faults::Fault::drawn(caller.faults));
        match asked.map(|a| a.or(standing)) {
            Err(e) => return with_budget(e.into_response(), &decision),
            Ok(Some(fault)) => {
                if let Some(res) = fault.apply(Some(decision), state.now()).await {
                    // An injected 429 carries the figures of its own refusal.
                    return if res.status() == http::StatusCode::TOO_MANY_REQUESTS {
                        res
                    } else {
                        with_budget(res, &decision)
                    };
                }
            }
            Ok(None) => {}
        }
    }
    req.extensions_mut().insert(caller);
    let res = inner(req).await;
    if res.extensions().get::<OwnRateLimit>().is_some() {
        return res;
    }
    with_budget(res, &decision)
}

fn with_budget(mut res: Response, decision: &chartgate_core::Decision) -> Response {
    rate_limit_headers(res.headers_mut(), decision);
    res
}

/// A 403 when the route's scope is not granted by both the token and the
/// user's current plan: the narrower wins, so a plan downgrade reaches
/// tokens minted before it within one poll interval.
fn forbidden(caller: &Caller, needed: &Scope) -> Option<ApiError> {
    let (token, plan) = (&caller.token.scopes, &caller.plan.scopes);
    if token.permits(needed) && plan.permits(needed) {
        return None;
    }
    let why = if token.permits(needed) {
        format!("the user's plan `{}` grants `{plan}` now", caller.plan.name)
    } else {
        format!(
            "this access token grants `{token}` (a token keeps the scopes its plan had when it was minted; \
             the plan `{}` grants `{plan}` now)",
            caller.plan.name
        )
    };
    Some(ApiError::Forbidden(format!("this route needs scope `{needed}`; {why}")))
}
