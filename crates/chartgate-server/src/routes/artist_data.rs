//! The sandbox's artist sub-routes: an artist's tracks, albums, related
//! artists, links and per-platform statistics, from the generated catalog.

use super::entities::EntityResponses;
use super::params::{MAX_SERIES_DAYS, Params, id, span};
use super::reply::{catalog_error, found, ok, value};
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use chartgate_catalog::Source;
use chartmetric_types::{AlbumRow, ArtistUrl, RelatedArtist, StatSeries, TrackRow};
use utoipa::IntoParams;

/// An artist's tracks, as `{"obj": [TrackRow]}`.
#[utoipa::path(get, path = super::ARTIST_TRACKS.path, tag = "data", params(ArtistPath, Page), responses(EntityResponses<Vec<TrackRow>>))]
pub async fn tracks(
    State(s): State<AppState>,
    Path(raw): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let artist = id("artist id", &raw)?;
    let (offset, limit) = Params::parse(q.as_deref()).page(100, 100)?;
    found("artist", artist, s.sandbox().catalog().artist_tracks(artist, offset, limit))
}

/// An artist's albums, as `{"obj": [AlbumRow]}`.
#[utoipa::path(get, path = super::ARTIST_ALBUMS.path, tag = "data", params(ArtistPath, Page), responses(EntityResponses<Vec<AlbumRow>>))]
pub async fn albums(
    State(s): State<AppState>,
    Path(raw): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let artist = id("artist id", &raw)?;
    let (offset, limit) = Params::parse(q.as_deref()).page(100, 100)?;
    found("artist", artist, s.sandbox().catalog().artist_albums(artist, offset, limit))
}

/// Artists related to an artist (`limit` up to 50, default 50).
#[utoipa::path(get, path = super::ARTIST_RELATED.path, tag = "data", params(ArtistPath), responses(EntityResponses<Vec<RelatedArtist>>))]
pub async fn related(
    State(s): State<AppState>,
    Path(raw): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let artist = id("artist id", &raw)?;
    let limit = Params::parse(q.as_deref()).int("limit", 50, 1, 50)? as usize;
    found("artist", artist, s.sandbox().catalog().related_artists(artist, limit))
}

/// An artist's links, one row per domain (`spotify`, `instagram`, …).
#[utoipa::path(get, path = super::ARTIST_URLS.path, tag = "data", params(ArtistPath), responses(EntityResponses<Vec<ArtistUrl>>))]
pub async fn urls(State(s): State<AppState>, Path(raw): Path<String>) -> Result<Response, ApiError> {
    let artist = id("artist id", &raw)?;
    found("artist", artist, s.sandbox().catalog().artist_urls(artist))
}

/// An artist's daily statistics on one source, `since`..`until` (at most
/// 365 days; `until` defaults to today, `since` to 30 days before it), one
/// point per day, oldest first; `field` keeps one series.
#[utoipa::path(get, path = super::ARTIST_STAT.path, tag = "data", params(StatPath, Span), responses(EntityResponses<StatSeries>))]
pub async fn stat(
    State(s): State<AppState>,
    Path((raw, source)): Path<(String, String)>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let artist = id("artist id", &raw)?;
    let source: Source = value(&source)?;
    let p = Params::parse(q.as_deref());
    let catalog = s.sandbox().catalog();
    let today = catalog.today();
    let (since, until) = span(&p, today, MAX_SERIES_DAYS)?;
    let series = catalog.stat(artist, source, p.str("field"), since, until).map_err(catalog_error)?;
    Ok(ok(series))
}

/// The path parameter of an artist route.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct ArtistPath {
    /// Chartmetric artist id (a positive integer).
    #[param(minimum = 1, example = 206557)]
    id: i64,
}

/// The path parameters of `GET /api/artist/{id}/stat/{source}`.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct StatPath {
    /// Chartmetric artist id (a positive integer).
    #[param(minimum = 1, example = 206557)]
    id: i64,
    /// `spotify`, `facebook`, `twitter`, `instagram`, `youtube_channel`, `wikipedia`, `bandsintown`,
    /// `soundcloud`, `tiktok`, `youtube_artist`, `deezer`, `twitch`, `line`, `melon` or `applemusic`.
    #[param(example = "spotify")]
    source: String,
}

/// `offset` and `limit`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct Page {
    /// Rows to skip (default 0).
    #[param(minimum = 0)]
    offset: Option<u32>,
    /// Rows to return, 1 to 100 (default 100).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
}

/// `since`, `until` and `field`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct Span {
    /// First day, `YYYY-MM-DD` (default: 30 days before `until`).
    #[param(format = Date)]
    since: Option<String>,
    /// Last day, `YYYY-MM-DD`, not after today (default: today, UTC).
    #[param(format = Date)]
    until: Option<String>,
    /// Keep only this series (e.g. `followers`, `listeners`, `popularity`).
    field: Option<String>,
}
