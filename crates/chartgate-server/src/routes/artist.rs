//! `GET /api/artist/{id}`.

use crate::error::ApiError;
use crate::headers::json_bytes;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use http::StatusCode;

/// An artist by Chartmetric id, as `{"obj": Artist}`.
#[utoipa::path(
    get,
    path = super::ARTIST.path,
    tag = "data",
    params(crate::openapi::ArtistId),
    responses(crate::openapi::ArtistResponses)
)]
pub async fn get_artist(State(state): State<AppState>, Path(raw): Path<String>) -> Result<Response, ApiError> {
    let id: i64 = raw.parse().ok().filter(|&id| id > 0).ok_or_else(|| {
        ApiError::BadRequest(format!("artist id must be a positive integer, got {:?}", truncate(&raw)))
    })?;
    // A cache hit needs no timer; only a store read is bounded.
    let body = match state.catalog().cached(id) {
        Some(hit) => hit,
        None => state.bounded(state.catalog().load(state.store(), id)).await?,
    };
    match body {
        Some(body) => Ok(json_bytes(StatusCode::OK, body)),
        None => Err(ApiError::NotFound(format!("artist {id} not found"))),
    }
}

fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}
