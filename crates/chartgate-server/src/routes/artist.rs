//! `GET /api/artist/{id}`.

use super::describe::{error, rate_limited, responses, too_many, unauthorized, unavailable};
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use chartmetric_types::{Artist, Envelope};
use std::collections::BTreeMap;
use utoipa::openapi::{self, ContentBuilder, RefOr, ResponseBuilder};
use utoipa::{IntoParams, IntoResponses, PartialSchema};

/// An artist by Chartmetric id, as `{"obj": Artist}`.
#[utoipa::path(
    get,
    path = super::ARTIST.path,
    tag = "data",
    params(ArtistId),
    responses(ArtistResponses)
)]
pub async fn get_artist(State(state): State<AppState>, Path(raw): Path<String>) -> Result<Response, ApiError> {
    let id: i64 = raw.parse().ok().filter(|&id| id > 0).ok_or_else(|| {
        ApiError::BadRequest(format!("artist id must be a positive integer, got {:?}", truncate(&raw)))
    })?;
    super::reply::entry("artist", id, state.artist(id).await?)
}

fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}

/// The path parameter of `GET /api/artist/{id}`.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct ArtistId {
    /// Chartmetric artist id (a positive integer; anything else gets 400).
    #[param(minimum = 1, example = 206557)]
    id: i64,
}

/// The answers of `GET /api/artist/{id}`.
pub struct ArtistResponses;

impl IntoResponses for ArtistResponses {
    fn responses() -> BTreeMap<String, RefOr<openapi::Response>> {
        let found = ResponseBuilder::new()
            .description("The artist, under `obj`")
            .content("application/json", ContentBuilder::new().schema(Some(Envelope::<Artist>::schema())).build());
        responses([
            ("200", rate_limited(found).build()),
            ("400", rate_limited(error("The id is not a positive integer")).build()),
            ("401", unauthorized()),
            ("403", rate_limited(error("The token's scopes do not cover this route")).build()),
            ("404", rate_limited(error("No such artist")).build()),
            ("429", too_many("The plan's data budget is exhausted")),
            ("503", unavailable()),
        ])
    }
}
