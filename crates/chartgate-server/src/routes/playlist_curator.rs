//! The sandbox's playlist and curator sub-routes and the similar-playlists
//! recommendation, from the generated catalog (ENDPOINTS.md §3.4, §3.5,
//! §3.8): lists by followers, a playlist's tracks on a day, now or before,
//! a curator's playlists, and playlists like one.

use super::album_track::one_of;
use super::entities::EntityResponses;
use super::params::{Params, bad, id, not_after_today};
use super::reply::{catalog_error, found, ok, value};
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use chartgate_catalog::{Country, Platform, PlaylistFilter, Status};
use chartmetric_types::{Curator, Playlist, TrackRow};
use utoipa::{IntoParams, ToSchema};

const LIST_PLATFORMS: &[Platform] = &[Platform::Spotify, Platform::AppleMusic, Platform::Deezer, Platform::Amazon];
const CURATOR_PLATFORMS: &[Platform] = &[Platform::Spotify, Platform::AppleMusic, Platform::Deezer];

/// Playlists by followers (or by `last_updated`), most first.
#[utoipa::path(get, path = super::PLAYLIST_LISTS.path, tag = "data", params(ListPlatform, PlaylistListQuery), responses(EntityResponses<Vec<Playlist>>))]
pub async fn playlist_lists(
    State(s): State<AppState>,
    Path(platform): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let platform = one_of("platform", &platform, LIST_PLATFORMS)?;
    let p = Params::parse(q.as_deref());
    let (offset, limit) = p.page(100, 100)?;
    let by_update = p.one_of("sortColumn", &["followers", "last_updated"], "followers")? == "last_updated";
    let code2 = match p.str("code2") {
        None => None,
        Some(c) if c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic()) => match c.parse::<Country>() {
            Ok(country) => Some(country),
            Err(_) => return Ok(ok(Vec::<Playlist>::new())),
        },
        Some(_) => return Err(bad("code2", "must be a two-letter country code")),
    };
    let filter = PlaylistFilter { indie: p.bool("indie")?, code2 };
    let catalog = s.sandbox().catalog();
    Ok(ok(if by_update {
        catalog.playlists_by_update(platform, filter, offset, limit)
    } else {
        catalog.playlists(platform, filter, offset, limit)
    }))
}

/// The tracks of a playlist on `date`, in order, with `position` and `added_at`.
#[utoipa::path(get, path = super::PLAYLIST_SNAPSHOT.path, tag = "data", params(PlaylistPath, DateQuery), responses(EntityResponses<Vec<TrackRow>>))]
pub async fn playlist_snapshot(
    State(s): State<AppState>,
    Path((platform, raw)): Path<(String, String)>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let platform = one_of("platform", &platform, LIST_PLATFORMS)?;
    let playlist = id("playlist id", &raw)?;
    let catalog = s.sandbox().catalog();
    let date = Params::parse(q.as_deref()).date("date")?.ok_or_else(|| bad("date", "is required"))?;
    not_after_today("date", date, catalog.today())?;
    Ok(ok(catalog.playlist_tracks(platform, playlist, date).map_err(catalog_error)?))
}

/// A playlist's tracks now (`current`), or the ones each position held
/// before (`past`, with `removed_at`).
#[utoipa::path(get, path = super::PLAYLIST_TRACKS.path, tag = "data", params(PlaylistSpanPath), responses(EntityResponses<Vec<TrackRow>>))]
pub async fn playlist_tracks(
    State(s): State<AppState>,
    Path((platform, raw, span)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let platform = one_of("platform", &platform, LIST_PLATFORMS)?;
    let playlist = id("playlist id", &raw)?;
    let span: Status = value(&span)?;
    Ok(ok(s.sandbox().catalog().playlist_span_tracks(platform, playlist, span).map_err(catalog_error)?))
}

/// Playlists like one: nearby popularity, the same curator's first.
/// Needs `recommendation:read`, not `playlist:read`.
#[utoipa::path(get, path = super::SIMILAR_PLAYLISTS.path, tag = "data", params(CuratorPath, SimilarQuery), responses(EntityResponses<Vec<Playlist>>))]
pub async fn similar_playlists(
    State(s): State<AppState>,
    Path((platform, raw)): Path<(String, String)>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let platform = one_of("platform", &platform, CURATOR_PLATFORMS)?;
    let playlist = id("playlist id", &raw)?;
    let p = Params::parse(q.as_deref());
    let (indie, limit) = (p.bool("indie")?, p.int("limit", 9, 1, 100)? as usize);
    found("playlist", playlist, s.sandbox().catalog().similar_playlists(platform, playlist, indie, limit))
}

/// Curators by the followers of their playlists, most first.
#[utoipa::path(get, path = super::CURATOR_LISTS.path, tag = "data", params(CuratorPlatformPath, CuratorListQuery), responses(EntityResponses<Vec<Curator>>))]
pub async fn curator_lists(
    State(s): State<AppState>,
    Path(platform): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let platform = one_of("platform", &platform, CURATOR_PLATFORMS)?;
    let p = Params::parse(q.as_deref());
    let (offset, limit) = p.page(100, 100)?;
    let (indie, social) = (p.bool("indie")?, p.bool("withSocialUrls")?.unwrap_or(false));
    Ok(ok(s.sandbox().catalog().curators(platform, indie, social, offset, limit)))
}

/// A curator's playlists, most followed first.
#[utoipa::path(get, path = super::CURATOR_PLAYLISTS.path, tag = "data", params(CuratorPath), responses(EntityResponses<Vec<Playlist>>))]
pub async fn curator_playlists(
    State(s): State<AppState>,
    Path((platform, raw)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let platform = one_of("platform", &platform, CURATOR_PLATFORMS)?;
    let curator = id("curator id", &raw)?;
    found("curator", curator, s.sandbox().catalog().curator_playlists(platform, curator))
}

/// The path of a playlist list.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct ListPlatform {
    /// The platform.
    #[param(inline)]
    platform: ListedPlatform,
}

/// The path of a curator list.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct CuratorPlatformPath {
    /// The platform.
    #[param(inline)]
    platform: CuratorPlatform,
}

/// The path of a playlist route.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct PlaylistPath {
    /// The platform.
    #[param(inline)]
    platform: ListedPlatform,
    /// Chartmetric playlist id on that platform (a positive integer).
    #[param(minimum = 1, example = 179228)]
    id: i64,
}

/// The path of `GET /api/playlist/{platform}/{id}/{span}/tracks`.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct PlaylistSpanPath {
    /// The platform.
    #[param(inline)]
    platform: ListedPlatform,
    /// Chartmetric playlist id on that platform (a positive integer).
    #[param(minimum = 1, example = 179228)]
    id: i64,
    /// `current`: the tracks now; `past`: the ones before them.
    #[param(inline)]
    span: Span,
}

/// The path of a curator's playlists, or of a playlist's similar ones.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct CuratorPath {
    /// The platform.
    #[param(inline)]
    platform: CuratorPlatform,
    /// Chartmetric id on that platform (a positive integer).
    #[param(minimum = 1, example = 132426)]
    id: i64,
}

/// The query of `GET /api/playlist/{platform}/lists`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct PlaylistListQuery {
    /// `true`: playlists of independent curators only; `false`: the others only (default: all).
    indie: Option<bool>,
    /// Rows to return, 1 to 100 (default 100).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
    /// Rows to skip (default 0).
    #[param(minimum = 0, maximum = 2147483647)]
    offset: Option<i64>,
    /// `followers` (default) or `last_updated` (most recent first), among the 200,000 most followed.
    #[param(inline, rename = "sortColumn")]
    sort_column: Option<SortColumn>,
    /// Playlists of this country only (two letters, either case; empty: all countries).
    #[param(pattern = "^([A-Za-z]{2})?$", example = "us")]
    code2: Option<String>,
}

/// The query of `GET /api/curator/{platform}/lists`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct CuratorListQuery {
    /// `true`: independent curators only; `false`: the others only (default: all).
    indie: Option<bool>,
    /// Rows to return, 1 to 100 (default 100).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
    /// Rows to skip (default 0).
    #[param(minimum = 0, maximum = 2147483647)]
    offset: Option<i64>,
    /// Add each curator's `social_urls` (default false).
    #[param(rename = "withSocialUrls")]
    with_social_urls: Option<bool>,
}

/// The query of a playlist snapshot.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct DateQuery {
    /// The day, `YYYY-MM-DD`, not after today (required).
    #[param(format = Date, example = "2024-06-01")]
    date: String,
}

/// The query of `GET /api/playlist/{platform}/{id}/similarplaylists`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct SimilarQuery {
    /// Apple Music storefront (e.g. `us`); accepted, the answer does not depend on it.
    storefront: Option<String>,
    /// `true`: playlists of independent curators only; `false`: the others only (default: all).
    indie: Option<bool>,
    /// Playlists to return, 1 to 100 (default 9).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
}

/// The platforms of playlist lists and playlists.
#[derive(ToSchema)]
#[allow(dead_code, non_camel_case_types)]
enum ListedPlatform {
    spotify,
    applemusic,
    deezer,
    amazon,
}

/// The platforms of curators and recommendations.
#[derive(ToSchema)]
#[allow(dead_code, non_camel_case_types)]
enum CuratorPlatform {
    spotify,
    applemusic,
    deezer,
}

/// A playlist's tracks now or before.
#[derive(ToSchema)]
#[allow(dead_code, non_camel_case_types)]
enum Span {
    current,
    past,
}

/// The orders of a playlist list.
#[derive(ToSchema)]
#[allow(dead_code, non_camel_case_types)]
enum SortColumn {
    followers,
    last_updated,
}
