//! The sandbox's artist routes beyond the artist's own lists: its
//! Chartmetric rank or score by day (cpp), its chart entries, its ids on
//! other platforms, its playlist placements, where it is listened to, its
//! Instagram audience and its TV and film syncs, from the generated catalog.

use super::album_track_params::ChartSpan;
use super::artist_data::ArtistPath;
use super::entities::EntityResponses;
use super::params::{MAX_SERIES_DAYS, Params, id, not_after_today, placement_dates, span};
use super::reply::{catalog_error, found, ok, value};
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use chartgate_catalog::{
    ChartType, CppStat, EntityKind, IdType, PlacementQuery, PlacementSort, Platform, PlaylistKinds, Status,
};
use chartmetric_types::{ArtistIds, ChartPage, CppPoint, InstagramAudience, Placement, TunefindRow, WherePeopleListen};
use utoipa::{IntoParams, ToSchema};

/// The chart types of an artist (album-only types are refused).
const ARTIST_CHARTS: &[ChartType] = &[
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
];

/// An artist's Chartmetric rank or score per day (`stat`, default
/// `score`), `since`..`until`, one point a day, oldest first.
#[utoipa::path(get, path = super::ARTIST_CPP.path, tag = "data", params(ArtistPath, CppQuery), responses(EntityResponses<Vec<CppPoint>>))]
pub async fn cpp(
    State(s): State<AppState>,
    Path(raw): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let artist = id("artist id", &raw)?;
    let p = Params::parse(q.as_deref());
    let stat: CppStat = value(p.one_of("stat", &["rank", "score"], "score")?)?;
    let catalog = s.sandbox().catalog();
    let (since, until) = span(&p, catalog.today(), MAX_SERIES_DAYS)?;
    Ok(ok(catalog.cpp(artist, stat, since, until).map_err(catalog_error)?))
}

/// Every row an artist's tracks (or albums) had on a chart from `since` to
/// `until` (charts start on 2016-01-01), globally and in the major markets,
/// each with its chart day `timestp`, oldest first.
#[utoipa::path(get, path = super::ARTIST_CHARTS.path, tag = "data", params(ChartsPath, ChartSpan), responses(EntityResponses<ChartPage>))]
pub async fn charts(
    State(s): State<AppState>,
    Path((raw, kind)): Path<(String, String)>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let artist = id("artist id", &raw)?;
    let chart: ChartType = value(&kind)?;
    if !ARTIST_CHARTS.contains(&chart) {
        let names: Vec<&str> = ARTIST_CHARTS.iter().map(|c| c.as_str()).collect();
        return Err(ApiError::BadRequest(format!(
            "unknown chart type '{kind}' for an artist; expected one of: {}",
            names.join(", ")
        )));
    }
    let p = Params::parse(q.as_deref());
    p.required("since")?;
    let catalog = s.sandbox().catalog();
    let (since, until) = span(&p, catalog.today(), i64::MAX)?;
    Ok(ok(catalog.entity_charts(EntityKind::Artist, artist, chart, since, until).map_err(catalog_error)?))
}

/// The artist an id of type `type` names, with its ids on every platform;
/// `[]` when nothing matches.
#[utoipa::path(get, path = super::ARTIST_GET_IDS.path, tag = "data", params(GetIdsPath), responses(EntityResponses<Vec<ArtistIds>>))]
pub async fn get_ids(
    State(s): State<AppState>,
    Path((kind, raw)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let id_type: IdType = value(&kind)?;
    let rows = s.sandbox().catalog().get_ids(EntityKind::Artist, id_type, &raw).map_err(catalog_error)?;
    Ok(ok(rows))
}

/// Playlist placements of an artist's tracks on a platform: `current`
/// (on a playlist on `until`) or `past` (removed between `since` and
/// `until`, with `removed_at`).
#[utoipa::path(get, path = super::ARTIST_PLAYLISTS.path, tag = "data", params(PlaylistsPath, PlaylistsQuery), responses(EntityResponses<Vec<Placement>>))]
pub async fn playlists(
    State(s): State<AppState>,
    Path((raw, platform, status)): Path<(String, String, String)>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let artist = id("artist id", &raw)?;
    let (platform, status): (Platform, Status) = (value(&platform)?, value(&status)?);
    let p = Params::parse(q.as_deref());
    let catalog = s.sandbox().catalog();
    let (since, until) = placement_dates(&p, catalog.today())?;
    let (offset, limit) = p.page(100, 100)?;
    let query = placement_query(&p)?;
    let rows = catalog
        .placements_where(EntityKind::Artist, artist, platform, status, since, until, &query, offset, limit)
        .map_err(catalog_error)?;
    Ok(ok(rows))
}

/// The kind flags and the order of a placements route.
fn placement_query(p: &Params) -> Result<PlacementQuery, ApiError> {
    let flag = |name: &str| p.bool(name).map(|b| b == Some(true));
    let kinds = PlaylistKinds {
        editorial: flag("editorial")?,
        major_curator: flag("majorCurator")?,
        indie: flag("indie")?,
        popular_indie: flag("popularIndie")?,
        chart: flag("chart")?,
    };
    let columns: Vec<&str> = PlacementSort::ALL.iter().map(|c| c.as_str()).collect();
    let sort = match p.str("sortColumn") {
        Some(_) => Some(value::<PlacementSort>(p.one_of("sortColumn", &columns, "")?)?),
        None => None,
    };
    Ok(PlacementQuery { kinds, sort, ascending: p.bool("sortOrderDesc")? == Some(false) })
}

/// Where an artist is listened to: per city and per country, monthly
/// listeners per day, `since`..`until`, oldest first (`limit` places of
/// each, 1 to 50, default 10).
#[utoipa::path(get, path = super::ARTIST_WHERE_PEOPLE_LISTEN.path, tag = "data", params(ArtistPath, ListenQuery), responses(EntityResponses<WherePeopleListen>))]
pub async fn where_people_listen(
    State(s): State<AppState>,
    Path(raw): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let artist = id("artist id", &raw)?;
    let p = Params::parse(q.as_deref());
    let limit = p.int("limit", 10, 1, 50)? as usize;
    let catalog = s.sandbox().catalog();
    let (since, until) = span(&p, catalog.today(), MAX_SERIES_DAYS)?;
    Ok(ok(catalog.where_people_listen(artist, since, until, limit).map_err(catalog_error)?))
}

/// An artist's Instagram audience on `date` (default today).
#[utoipa::path(get, path = super::ARTIST_INSTAGRAM_AUDIENCE.path, tag = "data", params(ArtistPath, AudienceQuery), responses(EntityResponses<InstagramAudience>))]
pub async fn instagram_audience(
    State(s): State<AppState>,
    Path(raw): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let artist = id("artist id", &raw)?;
    let catalog = s.sandbox().catalog();
    let today = catalog.today();
    let date = not_after_today("date", Params::parse(q.as_deref()).date("date")?.unwrap_or(today), today)?;
    Ok(ok(catalog.instagram_audience(artist, date).map_err(catalog_error)?))
}

/// TV and film syncs of an artist's tracks (none for most artists).
#[utoipa::path(get, path = super::ARTIST_TUNEFIND.path, tag = "data", params(ArtistPath), responses(EntityResponses<Vec<TunefindRow>>))]
pub async fn tunefind(State(s): State<AppState>, Path(raw): Path<String>) -> Result<Response, ApiError> {
    let artist = id("artist id", &raw)?;
    found("artist", artist, s.sandbox().catalog().tunefind(EntityKind::Artist, artist))
}

/// The query of `GET /api/artist/{id}/cpp`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct CppQuery {
    /// `rank` or `score` (default `score`).
    #[param(inline)]
    stat: Option<CppKind>,
    /// First day, `YYYY-MM-DD` (default: 30 days before `until`; at most 365 days before it).
    #[param(format = Date)]
    since: Option<String>,
    /// Last day, `YYYY-MM-DD`, not after today (default: today, UTC).
    #[param(format = Date)]
    until: Option<String>,
}

/// The stats of cpp.
#[derive(ToSchema)]
#[allow(dead_code, non_camel_case_types)]
enum CppKind {
    rank,
    score,
}

/// The path parameters of `GET /api/artist/{id}/{type}/charts`.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct ChartsPath {
    /// Chartmetric artist id (a positive integer).
    #[param(minimum = 1, example = 206557)]
    id: i64,
    /// The chart; another gets 400.
    #[param(inline)]
    r#type: ArtistChart,
}

/// The chart types of an artist.
#[derive(ToSchema)]
#[allow(dead_code, non_camel_case_types)]
enum ArtistChart {
    spotify_viral_daily,
    spotify_viral_weekly,
    spotify_top_daily,
    spotify_top_weekly,
    applemusic_top,
    applemusic_daily,
    applemusic_albums,
    itunes_top,
    itunes_albums,
    shazam,
    beatport,
}

/// The path parameters of `GET /api/artist/{type}/{id}/get-ids`.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct GetIdsPath {
    /// What kind of id `id` is; another gets 400.
    #[param(inline)]
    r#type: ArtistIdType,
    /// The id on that platform (a Chartmetric id, a Spotify id, ...).
    #[param(example = "206557")]
    id: String,
}

/// The id types an artist can be looked up by.
#[derive(ToSchema)]
#[allow(dead_code, non_camel_case_types)]
enum ArtistIdType {
    chartmetric,
    spotify,
    itunes,
    deezer,
    amazon,
    youtube,
    soundcloud,
    tiktok,
}

/// The path parameters of `GET /api/artist/{id}/{platform}/{status}/playlists`.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct PlaylistsPath {
    /// Chartmetric artist id (a positive integer).
    #[param(minimum = 1, example = 206557)]
    id: i64,
    /// The platform; another gets 400.
    #[param(inline)]
    platform: PlacementPlatform,
    /// `current` or `past`; another gets 400.
    #[param(inline)]
    status: PlacementStatus,
}

/// The platforms of playlist placements.
#[derive(ToSchema)]
#[allow(dead_code, non_camel_case_types)]
enum PlacementPlatform {
    spotify,
    applemusic,
    deezer,
    amazon,
    youtube,
    soundcloud,
}

/// Current or past placements.
#[derive(ToSchema)]
#[allow(dead_code, non_camel_case_types)]
enum PlacementStatus {
    current,
    past,
}

/// The query of the placements routes.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code, non_snake_case)]
pub struct PlaylistsQuery {
    /// `past`: removed on or after this day, `YYYY-MM-DD` (default: 365 days before `until`;
    /// the sandbox's history starts on 2016-01-01).
    #[param(format = Date)]
    since: Option<String>,
    /// `current`: on a playlist that day; `past`: removed by then. `YYYY-MM-DD`, not after today (default today).
    #[param(format = Date)]
    until: Option<String>,
    /// Rows to return, 1 to 100 (default 100).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// Rows to skip (default 0).
    #[param(minimum = 0)]
    offset: Option<u32>,
    /// Order by this column (default: the playlist's followers).
    #[param(inline)]
    sortColumn: Option<PlacementColumn>,
    /// Largest (newest, last) first (default `true`).
    sortOrderDesc: Option<bool>,
    /// Include the platform's own playlists. With no kind flag true, every playlist is included.
    editorial: Option<bool>,
    /// Include labels' and brands' playlists.
    majorCurator: Option<bool>,
    /// Include independent curators' playlists.
    indie: Option<bool>,
    /// Include independent curators' playlists with at least 10,000 followers.
    popularIndie: Option<bool>,
    /// Include chart playlists (the sandbox has none).
    chart: Option<bool>,
}

/// The sort columns of placements.
#[derive(ToSchema)]
#[allow(dead_code, non_camel_case_types)]
enum PlacementColumn {
    followers,
    added_at,
    removed_at,
    position,
    peak_position,
    name,
    code2,
    track,
}

/// The query of `GET /api/artist/{id}/where-people-listen`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ListenQuery {
    /// First day, `YYYY-MM-DD` (default: 30 days before `until`; at most 365 days before it).
    #[param(format = Date)]
    since: Option<String>,
    /// Last day, `YYYY-MM-DD`, not after today (default: today, UTC).
    #[param(format = Date)]
    until: Option<String>,
    /// Cities, and countries, to return: 1 to 50 (default 10).
    #[param(minimum = 1, maximum = 50)]
    limit: Option<u32>,
}

/// The query of `GET /api/artist/{id}/instagram-audience-stats`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct AudienceQuery {
    /// The day, `YYYY-MM-DD`, not after today (default: today, UTC).
    #[param(format = Date)]
    date: Option<String>,
}
