//! The sandbox's entity routes: a track, an album, a playlist and a curator
//! by id, from the generated catalog (docs/SANDBOX.md).

use super::describe::{error, rate_limited, responses, too_many, unauthorized, unavailable};
use super::params::{Params, id};
use super::reply::{catalog_error, entry, found, ok, value};
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use chartgate_catalog::{Platform, SearchType};
use chartmetric_types::{Album, Curator, Playlist, Track};
use std::collections::BTreeMap;
use utoipa::openapi::{self, ContentBuilder, RefOr, ResponseBuilder};
use utoipa::{IntoParams, IntoResponses, PartialSchema, ToSchema};

/// A track by Chartmetric id, as `{"obj": Track}`.
#[utoipa::path(get, path = super::TRACK.path, tag = "data", params(EntityId), responses(EntityResponses<Track>))]
pub async fn get_track(State(state): State<AppState>, Path(raw): Path<String>) -> Result<Response, ApiError> {
    let id = id("track id", &raw)?;
    entry("track", id, state.track(id).await?)
}

/// An album by Chartmetric id, as `{"obj": Album}`.
#[utoipa::path(get, path = super::ALBUM.path, tag = "data", params(EntityId), responses(EntityResponses<Album>))]
pub async fn get_album(State(state): State<AppState>, Path(raw): Path<String>) -> Result<Response, ApiError> {
    let id = id("album id", &raw)?;
    entry("album", id, state.album(id).await?)
}

/// A playlist on a platform (`spotify`, `applemusic`, `deezer`, `amazon`).
#[utoipa::path(get, path = super::PLAYLIST.path, tag = "data", params(PlaylistId), responses(EntityResponses<Playlist>))]
pub async fn get_playlist(
    State(state): State<AppState>,
    Path((p, raw)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (p, id) = (value::<Platform>(&p)?, id("playlist id", &raw)?);
    found("playlist", id, state.sandbox().catalog().playlist(p, id))
}

/// A curator on a platform (`spotify`, `applemusic`, `deezer`).
#[utoipa::path(get, path = super::CURATOR.path, tag = "data", params(CuratorId), responses(EntityResponses<Curator>))]
pub async fn get_curator(
    State(state): State<AppState>,
    Path((p, raw)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (p, id) = (value::<Platform>(&p)?, id("curator id", &raw)?);
    found("curator", id, state.sandbox().catalog().curator(p, id))
}

/// Search the catalog: the best-scoring matches per type (exact, then
/// prefix, then word or substring, then nearest spelling; docs/SANDBOX.md).
#[utoipa::path(get, path = super::SEARCH.path, tag = "data", params(SearchQuery), responses(EntityResponses<chartmetric_types::SearchResults>))]
pub async fn search(State(state): State<AppState>, RawQuery(query): RawQuery) -> Result<Response, ApiError> {
    let p = Params::parse(query.as_deref());
    let q = p.required("q")?;
    let kind: SearchType = p
        .str("type")
        .unwrap_or("all")
        .parse()
        .map_err(|e: chartgate_catalog::UnknownValue| ApiError::BadRequest(format!("parameter `type`: {e}")))?;
    let (offset, limit) = p.page(10, 100)?;
    let found = state.sandbox().catalog().search(q, kind, limit, offset).map_err(catalog_error)?;
    Ok(ok(found))
}

/// The query of `GET /api/search`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct SearchQuery {
    /// What to look for (required, not empty).
    #[param(min_length = 1, example = "Aurora Vale")]
    q: String,
    /// `all` (default), `artists`, `tracks`, `albums`, `playlists`, `curators`, `stations` or `cities`.
    #[param(inline)]
    r#type: Option<SearchKind>,
    /// Results per type, 1 to 100 (default 10).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// Results to skip per type (default 0).
    #[param(minimum = 0)]
    offset: Option<u32>,
}

/// The result types of a search.
#[derive(ToSchema)]
#[allow(dead_code, non_camel_case_types)]
enum SearchKind {
    all,
    artists,
    tracks,
    albums,
    playlists,
    curators,
    stations,
    cities,
}

/// The path parameter of an entity route.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct EntityId {
    /// Chartmetric id (a positive integer; anything else gets 400).
    #[param(minimum = 1, example = 15678739)]
    id: i64,
}

/// The path parameters of a playlist route.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct PlaylistId {
    /// The platform; another gets 400.
    #[param(inline)]
    platform: PlaylistPlatform,
    /// Chartmetric playlist id on that platform (a positive integer).
    #[param(minimum = 1, example = 179228)]
    id: i64,
}

/// The path parameters of a curator route.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct CuratorId {
    /// The platform; another gets 400.
    #[param(inline)]
    platform: CuratorPlatform,
    /// Chartmetric curator id on that platform (a positive integer).
    #[param(minimum = 1, example = 132426)]
    id: i64,
}

/// The platforms of playlists.
#[derive(ToSchema)]
#[allow(dead_code, non_camel_case_types)]
enum PlaylistPlatform {
    spotify,
    applemusic,
    deezer,
    amazon,
}

/// The platforms of curators.
#[derive(ToSchema)]
#[allow(dead_code, non_camel_case_types)]
enum CuratorPlatform {
    spotify,
    applemusic,
    deezer,
}

/// The answers of an entity route whose `obj` is a `T`.
pub struct EntityResponses<T>(std::marker::PhantomData<T>);

impl<T: PartialSchema> IntoResponses for EntityResponses<T> {
    fn responses() -> BTreeMap<String, RefOr<openapi::Response>> {
        // `{"obj": T}` built here: utoipa names a generic `Envelope<Vec<_>>`
        // after `Vec`, a schema no document defines.
        let envelope = openapi::ObjectBuilder::new().property("obj", T::schema()).required("obj");
        let found = ResponseBuilder::new()
            .description("The entity or list, under `obj`")
            .content("application/json", ContentBuilder::new().schema(Some(envelope)).build());
        responses([
            ("200", rate_limited(found).build()),
            ("400", rate_limited(error("A malformed id or an unknown platform")).build()),
            ("401", unauthorized()),
            ("403", rate_limited(error("The token's or the plan's scopes do not cover this route")).build()),
            ("404", rate_limited(error("No such entity (outside the catalog's id range)")).build()),
            ("429", too_many("The plan's data budget is exhausted")),
            ("503", unavailable()),
        ])
    }
}
