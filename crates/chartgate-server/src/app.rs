//! The application router: every route mounted, the fallbacks that keep
//! every error reply JSON, and the middleware around them (one span and one
//! log line per request, metrics, panics caught).

use crate::body_cache::Lookup;
use crate::error::{ApiError, FailureCause};
use crate::guard::{Guard, admit};
use crate::headers::{json_bytes, json_response};
use crate::routes::{self, ALBUM, ARTIST, CURATOR, DataRoute, HEALTHZ, JWKS, METRICS, PLAYLIST, READYZ, SEARCH, TRACK};
use crate::state::AppState;
use crate::{docs_page, gateway, openapi};
use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::{Next, from_fn_with_state, map_response};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, any, get, post};
use chartgate_core::Scope;
use chartmetric_types::ErrorBody;
use futures_util::FutureExt;
use http::header;
use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, LazyLock};
use tracing::Instrument;

/// Every (method, documented path) the router mounts, in axum's path
/// syntax (data routes are mounted at [`routes::mount_path`] of theirs): the
/// OpenAPI document must cover exactly these.
pub fn mounted_routes() -> Vec<(&'static str, &'static str)> {
    let mut mounted = vec![
        ("POST", chartmetric_types::TOKEN_PATH),
        ("GET", HEALTHZ),
        ("GET", READYZ),
        ("GET", METRICS),
        ("GET", JWKS),
        ("GET", openapi::OPENAPI_PATH),
        ("GET", docs_page::DOCS_PATH),
        ("GET", docs_page::ASSETS_PATH),
    ];
    mounted.extend(routes::DATA_ROUTES.iter().map(|r| (r.method, r.path)));
    mounted
}

/// A data route behind its guard (bearer, plan, limit, scope), with its
/// rendered answers cached inside the guard: a cached answer is still
/// authorised and charged.
fn data_route(route: DataRoute, handler: MethodRouter<AppState>, state: &AppState) -> Router<AppState> {
    let guard = Arc::new(Guard { state: state.clone(), scope: Scope::literal(route.scope) });
    Router::new()
        .route(&routes::mount_path(route.path), handler.fallback(method_not_allowed))
        .route_layer(from_fn_with_state(guard, guarded))
}

/// A data route's one middleware: the guard, then the body cache.
async fn guarded(State(guard): State<Arc<Guard>>, req: Request, next: Next) -> Response {
    admit(&guard.state, &guard.scope, req, |req| cached(&guard.state, req, next)).await
}

/// Serves a GET from [`crate::body_cache`] when it holds the answer for the
/// path and query; otherwise renders it and keeps a `200` answer.
async fn cached(state: &AppState, req: Request, next: Next) -> Response {
    if req.method() != http::Method::GET {
        return next.run(req).await;
    }
    let Some(pq) = req.uri().path_and_query() else {
        return next.run(req).await;
    };
    // A hit borrows the key from the request; only a miss copies it.
    let (key, generation) = match state.bodies().get(pq.as_str()) {
        Lookup::Hit(body) => {
            state.metrics().body_cache_hits.inc();
            return json_bytes(http::StatusCode::OK, body);
        }
        Lookup::Miss(generation) => (pq.as_str().to_owned(), generation),
    };
    state.metrics().body_cache_misses.inc();
    let res = next.run(req).await;
    if res.status() != http::StatusCode::OK {
        return res;
    }
    let (parts, body) = res.into_parts();
    // The handlers' bodies are whole in memory: this takes their one chunk.
    match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => {
            state.bodies().insert(&key, generation, bytes.clone());
            Response::from_parts(parts, axum::body::Body::from(bytes))
        }
        Err(e) => ApiError::Internal(format!("cannot read a rendered answer: {e}")).into_response(),
    }
}

/// The chart routes (`/api/charts/...`).
fn chart_routes(state: &AppState) -> Router<AppState> {
    use routes::charts as c;
    [
        (routes::CHARTS_SPOTIFY, get(c::spotify)),
        (routes::CHARTS_SPOTIFY_FRESHFIND, get(c::spotify_freshfind)),
        (routes::CHARTS_APPLEMUSIC_TRACKS, get(c::applemusic_tracks)),
        (routes::CHARTS_APPLEMUSIC_ALBUMS, get(c::applemusic_albums)),
        (routes::CHARTS_APPLEMUSIC_VIDEOS, get(c::applemusic_videos)),
        (routes::CHARTS_ITUNES_TRACKS, get(c::itunes_tracks)),
        (routes::CHARTS_ITUNES_ALBUMS, get(c::itunes_albums)),
        (routes::CHARTS_ITUNES_VIDEOS, get(c::itunes_videos)),
        (routes::CHARTS_AMAZON_TRACKS, get(c::amazon_tracks)),
        (routes::CHARTS_AMAZON_ALBUMS, get(c::amazon_albums)),
        (routes::CHARTS_DEEZER, get(c::deezer)),
        (routes::CHARTS_QQ, get(c::qq)),
        (routes::CHARTS_SHAZAM, get(c::shazam)),
        (routes::CHARTS_SHAZAM_CITIES, get(c::shazam_cities)),
        (routes::CHARTS_SOUNDCLOUD, get(c::soundcloud)),
        (routes::CHARTS_BEATPORT, get(c::beatport)),
        (routes::CHARTS_YOUTUBE_TRENDS, get(c::youtube_trends)),
        (routes::CHARTS_YOUTUBE_VIDEOS, get(c::youtube_videos)),
        (routes::CHARTS_YOUTUBE_TRACKS, get(c::youtube_tracks)),
        (routes::CHARTS_YOUTUBE_ARTISTS, get(c::youtube_artists)),
        (routes::CHARTS_TRACK_CM_SCORE, get(c::track_cm_score)),
        (routes::CHARTS_ARTIST_CM_SCORE, get(c::artist_cm_score)),
        (routes::CHARTS_ALBUM_CM_SCORE, get(c::album_cm_score)),
    ]
    .into_iter()
    .fold(Router::new(), |router, (route, handler)| router.merge(data_route(route, handler, state)))
}

/// The whole application router.
pub fn router(state: AppState) -> Router {
    if state.gateway().is_some() {
        return gateway_router(state);
    }
    let data = data_route(ARTIST, get(routes::artist::get_artist), &state)
        .merge(data_route(TRACK, get(routes::entities::get_track), &state))
        .merge(data_route(ALBUM, get(routes::entities::get_album), &state))
        .merge(data_route(PLAYLIST, get(routes::entities::get_playlist), &state))
        .merge(data_route(CURATOR, get(routes::entities::get_curator), &state))
        .merge(data_route(SEARCH, get(routes::entities::search), &state))
        .merge(data_route(routes::ARTIST_TRACKS, get(routes::artist_data::tracks), &state))
        .merge(data_route(routes::ARTIST_ALBUMS, get(routes::artist_data::albums), &state))
        .merge(data_route(routes::ARTIST_RELATED, get(routes::artist_data::related), &state))
        .merge(data_route(routes::ARTIST_URLS, get(routes::artist_data::urls), &state))
        .merge(data_route(routes::ARTIST_STAT, get(routes::artist_data::stat), &state))
        .merge(chart_routes(&state))
        .merge(data_route(routes::ARTIST_CPP, get(routes::artist_more::cpp), &state))
        .merge(data_route(routes::ARTIST_CHARTS, get(routes::artist_more::charts), &state))
        .merge(data_route(routes::ARTIST_GET_IDS, get(routes::artist_more::get_ids), &state))
        .merge(data_route(routes::ARTIST_METRIC_LIST, get(routes::artist_lists::metric_list), &state))
        .merge(data_route(routes::ARTIST_LIST_FILTER, get(routes::artist_lists::list_filter), &state))
        .merge(data_route(routes::ARTIST_PLAYLISTS, get(routes::artist_more::playlists), &state))
        .merge(data_route(routes::ARTIST_WHERE_PEOPLE_LISTEN, get(routes::artist_more::where_people_listen), &state))
        .merge(data_route(routes::ARTIST_INSTAGRAM_AUDIENCE, get(routes::artist_more::instagram_audience), &state))
        .merge(data_route(routes::ARTIST_TUNEFIND, get(routes::artist_more::tunefind), &state));
    Router::new()
        .route(chartmetric_types::TOKEN_PATH, post(routes::token::create_token).fallback(post_only))
        .route(HEALTHZ, get(routes::health::healthz).fallback(method_not_allowed))
        .route(READYZ, get(routes::health::readyz).fallback(method_not_allowed))
        .route(METRICS, get(routes::health::metrics).fallback(method_not_allowed))
        .route(JWKS, get(routes::jwks::jwks).fallback(method_not_allowed))
        .route(openapi::OPENAPI_PATH, get(openapi::document).fallback(method_not_allowed))
        .route(docs_page::DOCS_PATH, get(docs_page::page).fallback(method_not_allowed))
        .route(docs_page::ASSETS_PATH, get(docs_page::asset).fallback(method_not_allowed))
        .merge(data)
        .merge(entity_subroutes(&state))
        .fallback(not_found)
        .layer(from_fn_with_state(state.clone(), track))
        .with_state(state)
}

/// The album, track, playlist, curator and recommendation sub-routes.
fn entity_subroutes(state: &AppState) -> Router<AppState> {
    use routes::{album_track as at, playlist_curator as pc};
    [
        (routes::ALBUM_CHARTS, get(at::album_charts)),
        (routes::ALBUM_IDS, get(at::album_ids)),
        (routes::ALBUM_PLACEMENTS, get(at::album_playlists)),
        (routes::ALBUM_FOLLOWERS, get(at::album_followers)),
        (routes::ALBUM_STATS, get(at::album_stats)),
        (routes::ALBUM_TRACKS, get(at::album_tracks)),
        (routes::ALBUM_TUNEFIND, get(at::album_tunefind)),
        (routes::TRACK_CHARTS, get(at::track_charts)),
        (routes::TRACK_IDS, get(at::track_ids)),
        (routes::TRACK_SNAPSHOT, get(at::track_snapshot)),
        (routes::TRACK_PLACEMENTS, get(at::track_playlists)),
        (routes::TRACK_STATS, get(at::track_stats)),
        (routes::TRACK_TUNEFIND, get(at::track_tunefind)),
        (routes::PLAYLIST_LISTS, get(pc::playlist_lists)),
        (routes::PLAYLIST_SNAPSHOT, get(pc::playlist_snapshot)),
        (routes::PLAYLIST_TRACKS, get(pc::playlist_tracks)),
        (routes::CURATOR_LISTS, get(pc::curator_lists)),
        (routes::CURATOR_PLAYLISTS, get(pc::curator_playlists)),
        (routes::SIMILAR_PLAYLISTS, get(pc::similar_playlists)),
    ]
    .into_iter()
    .fold(Router::new(), |router, (route, handler)| router.merge(data_route(route, handler, state)))
}

/// Gateway mode: the token route, health, metrics and keys are chartgate's;
/// every other path under `/api/` is guarded and forwarded
/// ([`crate::gateway`]); the sandbox routes and their reference are not
/// served.
fn gateway_router(state: AppState) -> Router {
    let forwarded = Router::new().route(gateway::MOUNT, any(gateway::forward::handle));
    Router::new()
        .route(chartmetric_types::TOKEN_PATH, post(routes::token::create_token).fallback(post_only))
        .route(HEALTHZ, get(routes::health::healthz).fallback(method_not_allowed))
        .route(READYZ, get(routes::health::readyz).fallback(method_not_allowed))
        .route(METRICS, get(routes::health::metrics).fallback(method_not_allowed))
        .route(JWKS, get(routes::jwks::jwks).fallback(method_not_allowed))
        .merge(forwarded)
        .fallback(not_found)
        .layer(from_fn_with_state(state.clone(), track))
        .with_state(state)
}

/// The router of the separate metrics address: `GET /metrics` only.
pub fn metrics_router(state: AppState) -> Router {
    Router::new()
        .route(METRICS, get(routes::health::private_metrics).fallback(method_not_allowed))
        .fallback(not_found)
        .layer(map_response(async |res| json_errors(res)))
        .with_state(state)
}

async fn not_found(req: Request) -> ApiError {
    ApiError::NotFound(format!("no route for {} {}", req.method(), req.uri().path()))
}

/// 405 on a GET route (every route but the token's), with `Allow: GET, HEAD`.
async fn method_not_allowed(req: Request) -> ApiError {
    ApiError::MethodNotAllowed { method: req.method().to_string(), allow: "GET, HEAD" }
}

/// 405 on the token route, with `Allow: POST`.
async fn post_only(req: Request) -> ApiError {
    ApiError::MethodNotAllowed { method: req.method().to_string(), allow: "POST" }
}

/// Turns any error reply that is not JSON (a framework default) into the
/// API's JSON error body, keeping its status and headers.
fn json_errors(res: Response) -> Response {
    if res.extensions().get::<gateway::Forwarded>().is_some() {
        // An upstream's answer goes back as the upstream sent it.
        return res;
    }
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

/// Every mounted path, the documented route template it serves and its
/// index (for labels and metric series without allocation or lookup).
static ROUTE_NAMES: LazyLock<HashMap<String, (&'static str, usize)>> = LazyLock::new(|| {
    let mut names: HashMap<_, _> = HashMap::new();
    for (_, p) in mounted_routes() {
        let next = names.len();
        names.entry(routes::mount_path(p)).or_insert((p, next));
    }
    names
});

/// The route template a request matched, and its index (`None`: unmatched).
fn route_name(req: &Request) -> (&'static str, Option<usize>) {
    let matched = req.extensions().get::<MatchedPath>();
    match matched.map(MatchedPath::as_str) {
        Some(gateway::MOUNT) => (gateway::MOUNT, Some(ROUTE_NAMES.len())),
        m => m.and_then(|m| ROUTE_NAMES.get(m)).map_or(("unmatched", None), |&(p, i)| (p, Some(i))),
    }
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

/// The one middleware around every route: a panic caught and answered
/// with a 500, any error reply made JSON ([`json_errors`]), one span per
/// request (method, route template, status, latency), one log line at its
/// end, and the request metrics. One layer rather than three (tower-http's
/// `CatchPanicLayer`, a `map_response` and this): axum boxes and clones
/// every layer per route and per request.
///
/// Successes and the client's mistakes (4xx) log at debug; a failure the
/// server caused logs its cause, once, here: 503 (a backend away) at warn,
/// any other 5xx at error. Nothing else logs a request's error.
async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let ((route, slot), method) = (route_name(&req), method_name(req.method()));
    let span = tracing::debug_span!("request", method, route, status = tracing::field::Empty);
    let start = std::time::Instant::now();
    let answered = AssertUnwindSafe(next.run(req)).catch_unwind().instrument(span.clone()).await;
    let mut res =
        json_errors(answered.unwrap_or_else(|_| ApiError::Internal("handler panicked".into()).into_response()));
    let took = start.elapsed();
    let status = res.status();
    span.record("status", status.as_u16());
    let cause = res.extensions_mut().remove::<FailureCause>();
    let latency_ms = took.as_secs_f64() * 1e3;
    let _entered = span.enter();
    let code = status.as_u16();
    match cause {
        Some(FailureCause(cause)) if status == http::StatusCode::SERVICE_UNAVAILABLE => {
            tracing::warn!(method, route, status = code, latency_ms, %cause, "request failed: backend unavailable");
        }
        Some(FailureCause(cause)) => {
            tracing::error!(method, route, status = code, latency_ms, %cause, "request failed")
        }
        None if status.is_server_error() => tracing::error!(method, route, status = code, latency_ms, "request failed"),
        None => tracing::debug!(method, route, status = code, latency_ms, "request"),
    }
    state.metrics().request(route, slot, method, code, took);
    res
}
