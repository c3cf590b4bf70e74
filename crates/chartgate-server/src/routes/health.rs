//! Liveness, readiness and metrics; no authentication.

use super::describe::json_described;
use crate::error::ApiError;
use crate::headers::{json_bytes, json_response};
use crate::state::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use serde_json::json;
use std::collections::BTreeMap;
use utoipa::openapi::{self, RefOr};
use utoipa::{IntoResponses, ToSchema};

/// `GET /healthz`: the process answers.
#[utoipa::path(
    get,
    path = super::HEALTHZ,
    tag = "health",
    responses((status = 200, description = "The process answers", body = Health))
)]
pub async fn healthz() -> Response {
    // The same bytes every time: not built and serialised per request.
    json_bytes(StatusCode::OK, bytes::Bytes::from_static(br#"{"status":"ok"}"#))
}

/// `GET /metrics`: Prometheus text exposition; no authentication, and no
/// label carries a token, a user or a secret.
#[utoipa::path(
    get,
    path = super::METRICS,
    tag = "health",
    responses((status = 200, description = "Prometheus text format 0.0.4", content_type = "text/plain; version=0.0.4", body = String))
)]
pub async fn metrics(State(state): State<AppState>) -> Response {
    if state.config().metrics_listen.is_some() {
        // Moved to the metrics address: the public port knows no such route.
        return ApiError::NotFound(format!("no route for GET {}", super::METRICS)).into_response();
    }
    render_metrics(&state)
}

/// `GET /metrics` on the separate metrics address.
pub async fn private_metrics(State(state): State<AppState>) -> Response {
    render_metrics(&state)
}

fn render_metrics(state: &AppState) -> Response {
    let mut res = Response::new(axum::body::Body::from(state.metrics().render()));
    res.headers_mut()
        .insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"));
    res
}

/// `GET /readyz`: whether each backend answers, and in gateway mode each
/// upstream; ready only when all do.
#[utoipa::path(get, path = super::READYZ, tag = "health", responses(ReadinessResponses))]
pub async fn readyz(State(state): State<AppState>) -> Response {
    let store = state.store().call(state.store().get().ready()).await.is_ok();
    // The limiter bounds its own calls (Redis: 250 ms); this bound is a backstop.
    let limiter =
        matches!(tokio::time::timeout(state.config().store_timeout, state.limiter().ready()).await, Ok(Ok(())));
    let word = |ok: bool| if ok { "ok" } else { "unavailable" };
    let upstreams = match state.gateway() {
        Some(g) => g.probe(state.config().store_timeout).await,
        None => Vec::new(),
    };
    let ok = store && limiter && upstreams.iter().all(|(_, up)| *up);
    let mut body = json!({ "status": word(ok), "store": word(store), "limiter": word(limiter) });
    if state.gateway().is_some() {
        let each: serde_json::Map<_, _> =
            upstreams.iter().map(|(name, up)| ((*name).to_owned(), json!(word(*up)))).collect();
        body["upstreams"] = serde_json::Value::Object(each);
    }
    let status = if ok { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    json_response(status, &body)
}

/// The body of `GET /healthz`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Health {
    /// Always `ok`.
    #[schema(pattern = "^ok$", example = "ok")]
    status: String,
}

/// The body of `GET /readyz`: `ok` or `unavailable`, overall and per backend.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Readiness {
    /// `ok` when both backends answer.
    #[schema(inline)]
    status: Word,
    /// Whether the store answers.
    #[schema(inline)]
    store: Word,
    /// Whether the rate limiter answers.
    #[schema(inline)]
    limiter: Word,
    /// Gateway mode only: whether each upstream (by its configured name)
    /// accepts a connection.
    #[schema(inline)]
    upstreams: Option<BTreeMap<String, Word>>,
}

#[derive(ToSchema)]
#[allow(dead_code, non_camel_case_types)]
enum Word {
    ok,
    unavailable,
}

/// The answers of `GET /readyz`.
pub struct ReadinessResponses;

impl IntoResponses for ReadinessResponses {
    fn responses() -> BTreeMap<String, RefOr<openapi::Response>> {
        let body = |d: &str| json_described(d, Readiness::name().as_ref()).into();
        BTreeMap::from([
            ("200".into(), body("Both backends answer")),
            ("503".into(), body("A backend does not answer")),
        ])
    }
}
