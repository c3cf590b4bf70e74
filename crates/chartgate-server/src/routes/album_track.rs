//! The sandbox's album and track sub-routes, from the generated catalog:
//! chart histories, get-ids, playlist placements, daily statistics, an
//! album's tracks and TV and film syncs. Albums and tracks share the logic
//! below; each handler says which entity it serves and which path values
//! it takes (ENDPOINTS.md §3.2, §3.3).

use super::album_track_params::*;
use super::entities::EntityResponses;
use super::params::{MAX_SERIES_DAYS, Params, bad, id, not_after_today, placement_dates, span};
use super::reply::{catalog_error, found, ok, value};
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use chartgate_catalog::{ChartType, EntityKind, IdType, Platform, PlaylistKinds, StatsPlatform, Status, UnknownValue};
use chartmetric_types::{AlbumIds, ChartPage, Placement, Point, TrackIds, TrackRow, TunefindRow};
use std::fmt::Display;
use std::str::FromStr;

const ALBUM_CHARTS: &[ChartType] = &[ChartType::Applemusic, ChartType::Itunes, ChartType::Amazon];
const TRACK_CHARTS: &[ChartType] = &[
    ChartType::SpotifyViralDaily,
    ChartType::SpotifyViralWeekly,
    ChartType::SpotifyTopDaily,
    ChartType::SpotifyTopWeekly,
    ChartType::ApplemusicTop,
    ChartType::ApplemusicDaily,
    ChartType::ApplemusicAlbums,
    ChartType::ItunesTop,
    ChartType::ItunesAlbums,
    ChartType::Shazam,
    ChartType::Beatport,
    ChartType::Amazon,
];
const ALBUM_ID_TYPES: &[IdType] = &[IdType::Chartmetric, IdType::Upc, IdType::Spotify, IdType::Itunes, IdType::Deezer];
const TRACK_ID_TYPES: &[IdType] = &[
    IdType::Chartmetric,
    IdType::Isrc,
    IdType::Spotify,
    IdType::Itunes,
    IdType::Amazon,
    IdType::Beatport,
    IdType::Deezer,
    IdType::Genius,
    IdType::Shazam,
    IdType::Soundcloud,
    IdType::Tiktok,
    IdType::Qq,
    IdType::Youtube,
];
const PLACEMENT_PLATFORMS: &[Platform] = &[Platform::Spotify, Platform::AppleMusic, Platform::Deezer];
const TRACK_PLACEMENT_PLATFORMS: &[Platform] =
    &[Platform::Spotify, Platform::AppleMusic, Platform::Deezer, Platform::Amazon];

/// An album's rows on a chart (`applemusic`, `itunes`, `amazon`), `since`..`until`, oldest first.
#[utoipa::path(get, path = super::ALBUM_CHARTS.path, tag = "data", params(AlbumChartsPath, ChartSpan), responses(EntityResponses<ChartPage>))]
pub async fn album_charts(
    State(s): State<AppState>,
    Path((raw, kind)): Path<(String, String)>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    charts(&s, EntityKind::Album, &raw, &kind, ALBUM_CHARTS, q.as_deref())
}

/// A track's rows on a chart, `since`..`until`, oldest first.
#[utoipa::path(get, path = super::TRACK_CHARTS.path, tag = "data", params(TrackChartsPath, ChartSpan), responses(EntityResponses<ChartPage>))]
pub async fn track_charts(
    State(s): State<AppState>,
    Path((raw, kind)): Path<(String, String)>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    charts(&s, EntityKind::Track, &raw, &kind, TRACK_CHARTS, q.as_deref())
}

/// The album an id of another kind names, with all its ids; `[]` when none does.
#[utoipa::path(get, path = super::ALBUM_IDS.path, tag = "data", params(AlbumIdsPath), responses(EntityResponses<Vec<AlbumIds>>))]
pub async fn album_ids(
    State(s): State<AppState>,
    Path((kind, raw)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    get_ids(&s, EntityKind::Album, &kind, &raw, ALBUM_ID_TYPES)
}

/// The track an id of another kind names, with all its ids; `[]` when none does.
#[utoipa::path(get, path = super::TRACK_IDS.path, tag = "data", params(TrackIdsPath), responses(EntityResponses<Vec<TrackIds>>))]
pub async fn track_ids(
    State(s): State<AppState>,
    Path((kind, raw)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    get_ids(&s, EntityKind::Track, &kind, &raw, TRACK_ID_TYPES)
}

/// Playlist placements of an album's tracks, most followed playlists first.
#[utoipa::path(get, path = super::ALBUM_PLACEMENTS.path, tag = "data", params(AlbumPlacementsPath, PlacementQuery), responses(EntityResponses<Vec<Placement>>))]
pub async fn album_playlists(
    State(s): State<AppState>,
    Path((raw, platform, status)): Path<(String, String, String)>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let platform = one_of("platform", &platform, PLACEMENT_PLATFORMS)?;
    placements(&s, EntityKind::Album, &raw, platform, &status, &Params::parse(q.as_deref()), None)
}

/// Playlist placements of a track, most followed playlists first; `indie`
/// keeps the playlists of independent curators (`true`) or the others.
#[utoipa::path(get, path = super::TRACK_PLACEMENTS.path, tag = "data", params(TrackPlacementsPath, TrackPlacementQuery), responses(EntityResponses<Vec<Placement>>))]
pub async fn track_playlists(
    State(s): State<AppState>,
    Path((raw, platform, status)): Path<(String, String, String)>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let platform = one_of("platform", &platform, TRACK_PLACEMENT_PLATFORMS)?;
    let p = Params::parse(q.as_deref());
    let indie = p.bool("indie")?;
    placements(&s, EntityKind::Track, &raw, platform, &status, &p, indie)
}

/// The playlists a track was on on `date`, most followed first.
#[utoipa::path(get, path = super::TRACK_SNAPSHOT.path, tag = "data", params(TrackSnapshotPath, SnapshotQuery), responses(EntityResponses<Vec<Placement>>))]
pub async fn track_snapshot(
    State(s): State<AppState>,
    Path((raw, platform)): Path<(String, String)>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let track = id("track id", &raw)?;
    let platform = one_of("platform", &platform, PLACEMENT_PLATFORMS)?;
    let p = Params::parse(q.as_deref());
    let catalog = s.sandbox().catalog();
    let date = p.date("date")?.ok_or_else(|| bad("date", "is required"))?;
    not_after_today("date", date, catalog.today())?;
    let (offset, limit) = p.page(100, 100)?;
    Ok(ok(catalog.track_snapshot(track, platform, date, offset, limit).map_err(catalog_error)?))
}

/// An album's Spotify popularity, one point a day, oldest first.
#[utoipa::path(get, path = super::ALBUM_FOLLOWERS.path, tag = "data", params(AlbumStatsPath, SeriesSpan), responses(EntityResponses<Vec<Point>>))]
pub async fn album_followers(
    State(s): State<AppState>,
    Path((raw, platform)): Path<(String, String)>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    stats(&s, EntityKind::Album, &raw, &platform, &[StatsPlatform::Spotify], q.as_deref())
}

/// The same as `/api/album/{id}/{platform}/followers` (the name the docs use).
#[utoipa::path(get, path = super::ALBUM_STATS.path, tag = "data", params(AlbumStatsPath, SeriesSpan), responses(EntityResponses<Vec<Point>>))]
pub async fn album_stats(
    State(s): State<AppState>,
    Path((raw, platform)): Path<(String, String)>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    stats(&s, EntityKind::Album, &raw, &platform, &[StatsPlatform::Spotify], q.as_deref())
}

/// A track's Spotify popularity, YouTube views or Shazam counts, one point a day, oldest first.
#[utoipa::path(get, path = super::TRACK_STATS.path, tag = "data", params(TrackStatsPath, SeriesSpan), responses(EntityResponses<Vec<Point>>))]
pub async fn track_stats(
    State(s): State<AppState>,
    Path((raw, platform)): Path<(String, String)>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    stats(&s, EntityKind::Track, &raw, &platform, StatsPlatform::ALL, q.as_deref())
}

/// An album's tracks, in order.
#[utoipa::path(get, path = super::ALBUM_TRACKS.path, tag = "data", params(AlbumPath), responses(EntityResponses<Vec<TrackRow>>))]
pub async fn album_tracks(State(s): State<AppState>, Path(raw): Path<String>) -> Result<Response, ApiError> {
    let album = id("album id", &raw)?;
    found("album", album, s.sandbox().catalog().album_tracks(album))
}

/// TV and film syncs of an album's tracks (none for most).
#[utoipa::path(get, path = super::ALBUM_TUNEFIND.path, tag = "data", params(AlbumPath), responses(EntityResponses<Vec<TunefindRow>>))]
pub async fn album_tunefind(State(s): State<AppState>, Path(raw): Path<String>) -> Result<Response, ApiError> {
    let album = id("album id", &raw)?;
    found("album", album, s.sandbox().catalog().tunefind(EntityKind::Album, album))
}

/// TV and film syncs of a track (none for most).
#[utoipa::path(get, path = super::TRACK_TUNEFIND.path, tag = "data", params(TrackPath), responses(EntityResponses<Vec<TunefindRow>>))]
pub async fn track_tunefind(State(s): State<AppState>, Path(raw): Path<String>) -> Result<Response, ApiError> {
    let track = id("track id", &raw)?;
    found("track", track, s.sandbox().catalog().tunefind(EntityKind::Track, track))
}

fn charts(
    s: &AppState,
    kind: EntityKind,
    raw: &str,
    chart: &str,
    allowed: &[ChartType],
    q: Option<&str>,
) -> Result<Response, ApiError> {
    let entity = id(&format!("{kind} id"), raw)?;
    let chart = one_of("chart type", chart, allowed)?;
    let p = Params::parse(q);
    let catalog = s.sandbox().catalog();
    let since = p.date("since")?.ok_or_else(|| bad("since", "is required"))?;
    let until = not_after_today("until", p.date("until")?.unwrap_or(catalog.today()), catalog.today())?;
    if since > until {
        return Err(bad("since", "must not be after until"));
    }
    Ok(ok(catalog.entity_charts(kind, entity, chart, since, until).map_err(catalog_error)?))
}

fn get_ids(s: &AppState, kind: EntityKind, id_type: &str, raw: &str, allowed: &[IdType]) -> Result<Response, ApiError> {
    let id_type = one_of("id type", id_type, allowed)?;
    Ok(ok(s.sandbox().catalog().get_ids(kind, id_type, raw).map_err(catalog_error)?))
}

fn placements(
    s: &AppState,
    kind: EntityKind,
    raw: &str,
    platform: Platform,
    status: &str,
    p: &Params,
    indie: Option<bool>,
) -> Result<Response, ApiError> {
    let entity = id(&format!("{kind} id"), raw)?;
    let status: Status = value(status)?;
    let catalog = s.sandbox().catalog();
    let (since, until) = placement_dates(p, catalog.today())?;
    let (offset, limit) = p.page(100, 100)?;
    // As on the artist route: `indie=True` keeps independent curators'
    // playlists; `False` (which pycmc always sends) restricts nothing.
    let query = chartgate_catalog::PlacementQuery {
        kinds: PlaylistKinds { indie: indie == Some(true), ..PlaylistKinds::default() },
        ..Default::default()
    };
    let found = catalog
        .placements_where(kind, entity, platform, status, since, until, &query, offset, limit)
        .map_err(catalog_error)?;
    Ok(ok(found))
}

fn stats(
    s: &AppState,
    kind: EntityKind,
    raw: &str,
    platform: &str,
    allowed: &[StatsPlatform],
    q: Option<&str>,
) -> Result<Response, ApiError> {
    let entity = id(&format!("{kind} id"), raw)?;
    let platform = one_of("platform", platform, allowed)?;
    let catalog = s.sandbox().catalog();
    let (since, until) = span(&Params::parse(q), catalog.today(), MAX_SERIES_DAYS)?;
    Ok(ok(catalog.entity_stats(kind, entity, platform, since, until).map_err(catalog_error)?))
}

/// A path value the catalog knows by name and this route takes; a 400
/// naming what was expected otherwise.
pub(super) fn one_of<T>(what: &'static str, raw: &str, allowed: &[T]) -> Result<T, ApiError>
where
    T: FromStr<Err = UnknownValue> + Copy + PartialEq + Display,
{
    let unknown = || {
        let expected = allowed.iter().map(T::to_string).collect::<Vec<_>>().join(", ");
        let shown: String = raw.chars().take(40).collect();
        ApiError::BadRequest(format!("unknown {what} {shown:?}; expected one of: {expected}"))
    };
    raw.parse::<T>().ok().filter(|v| allowed.contains(v)).ok_or_else(unknown)
}
