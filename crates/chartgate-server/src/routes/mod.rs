//! The router: every route, the scope each data route needs, and the
//! fallbacks that keep every reply JSON.

pub(crate) mod artist;
pub(crate) mod health;
pub(crate) mod token;
mod token_body;

use crate::auth::{Guard, guard_data_route};
use crate::error::ApiError;
use crate::headers::json_response;
use crate::state::AppState;
use crate::{docs_page, openapi};
use axum::Router;
use axum::extract::Request;
use axum::middleware::{from_fn_with_state, map_response};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use chartgate_core::Scope;
use chartmetric_types::ErrorBody;
use http::header;
use tower_http::catch_panic::CatchPanicLayer;

/// A data route and the scope it needs: the one place each route's
/// authorisation requirement is declared (docs/API.md lists the same).
#[derive(Debug, Clone, Copy)]
pub struct DataRoute {
    /// HTTP method.
    pub method: &'static str,
    /// Path, in axum's syntax.
    pub path: &'static str,
    /// The scope a token needs to call it.
    pub scope: &'static str,
}

/// `GET /api/artist/{id}`.
pub const ARTIST: DataRoute = DataRoute { method: "GET", path: "/api/artist/{id}", scope: "artist:read" };

/// Every data route.
pub const DATA_ROUTES: &[DataRoute] = &[ARTIST];

/// `GET /healthz`.
pub const HEALTHZ: &str = "/healthz";
/// `GET /readyz`.
pub const READYZ: &str = "/readyz";
/// `GET /metrics`.
pub const METRICS: &str = "/metrics";

/// Every (method, path) the router mounts, in axum's path syntax, from the
/// constants [`router`] mounts: the OpenAPI document must cover exactly these.
pub fn mounted_routes() -> Vec<(&'static str, &'static str)> {
    let mut routes = vec![
        ("POST", chartmetric_types::TOKEN_PATH),
        ("GET", HEALTHZ),
        ("GET", READYZ),
        ("GET", METRICS),
        ("GET", openapi::OPENAPI_PATH),
        ("GET", docs_page::DOCS_PATH),
        ("GET", docs_page::ASSETS_PATH),
    ];
    routes.extend(DATA_ROUTES.iter().map(|r| (r.method, r.path)));
    routes
}

fn data_route(route: DataRoute, handler: MethodRouter<AppState>, state: &AppState) -> Router<AppState> {
    let guard = Guard { state: state.clone(), scope: Scope::literal(route.scope) };
    Router::new()
        .route(route.path, handler.fallback(method_not_allowed))
        .route_layer(from_fn_with_state(guard, guard_data_route))
}

/// The whole application router.
pub fn router(state: AppState) -> Router {
    let data = data_route(ARTIST, get(artist::get_artist), &state);
    Router::new()
        .route(chartmetric_types::TOKEN_PATH, post(token::create_token).fallback(method_not_allowed))
        .route(HEALTHZ, get(health::healthz).fallback(method_not_allowed))
        .route(READYZ, get(health::readyz).fallback(method_not_allowed))
        .route(METRICS, get(health::metrics).fallback(method_not_allowed))
        .route(openapi::OPENAPI_PATH, get(openapi::document).fallback(method_not_allowed))
        .route(docs_page::DOCS_PATH, get(docs_page::page).fallback(method_not_allowed))
        .route(docs_page::ASSETS_PATH, get(docs_page::asset).fallback(method_not_allowed))
        .merge(data)
        .fallback(not_found)
        .layer(from_fn_with_state(state.clone(), track))
        .layer(map_response(ensure_json_error))
        .layer(CatchPanicLayer::custom(|_| ApiError::Internal("handler panicked".into()).into_response()))
        .with_state(state)
}

async fn not_found(req: Request) -> ApiError {
    ApiError::NotFound(format!("no route for {} {}", req.method(), req.uri().path()))
}

async fn method_not_allowed(req: Request) -> ApiError {
    ApiError::MethodNotAllowed(req.method().to_string())
}

/// Turns any error reply that is not JSON (a framework default) into the
/// API's JSON error body, keeping its status and headers.
async fn ensure_json_error(res: Response) -> Response {
    let status = res.status();
    let is_json =
        res.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return res;
    }
    let message = status.canonical_reason().unwrap_or("error").to_lowercase();
    let (mut parts, _) = res.into_parts();
    let fresh = json_response(status, &ErrorBody::new(message));
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.extend(fresh.headers().clone());
    Response::from_parts(parts, fresh.into_body())
}

/// Every mounted route template, for metric labels without allocation.
static ROUTE_NAMES: std::sync::LazyLock<Vec<&'static str>> =
    std::sync::LazyLock::new(|| mounted_routes().into_iter().map(|(_, p)| p).collect());

fn route_name(req: &Request) -> &'static str {
    let matched = req.extensions().get::<axum::extract::MatchedPath>();
    matched.and_then(|m| ROUTE_NAMES.iter().find(|p| **p == m.as_str()).copied()).unwrap_or("unmatched")
}

fn method_name(m: &http::Method) -> &'static str {
    match m.as_str() {
        "GET" => "GET",
        "POST" => "POST",
        "PUT" => "PUT",
        "DELETE" => "DELETE",
        "PATCH" => "PATCH",
        "HEAD" => "HEAD",
        "OPTIONS" => "OPTIONS",
        _ => "other",
    }
}

/// Counts every request by route template, method and status, and times it.
async fn track(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: Request,
    next: axum::middleware::Next,
) -> Response {
    let (route, method) = (route_name(&req), method_name(req.method()));
    let start = std::time::Instant::now();
    let res = next.run(req).await;
    let m = state.metrics();
    let labels = crate::metrics::RequestLabels { route, method, status: res.status().as_u16() };
    m.requests.get_or_create(&labels).inc();
    m.latency.get_or_create(&crate::metrics::RouteLabels { route }).observe(start.elapsed().as_secs_f64());
    res
}
