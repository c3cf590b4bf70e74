//! The OpenAPI description of the album and track sub-routes' parameters:
//! each path's placeholders with the values the handler accepts (anything
//! else gets 400), and the query of each kind of route.

use utoipa::{IntoParams, ToSchema};

/// The path of `GET /api/album/{id}/{type}/charts`.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct AlbumChartsPath {
    /// Chartmetric album id (a positive integer).
    #[param(minimum = 1, example = 1119543)]
    id: i64,
    /// The chart.
    #[param(inline)]
    r#type: AlbumChart,
}

/// The path of `GET /api/track/{id}/{type}/charts`.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct TrackChartsPath {
    /// Chartmetric track id (a positive integer).
    #[param(minimum = 1, example = 15678739)]
    id: i64,
    /// The chart (`applemusic_albums`, `itunes_albums`: the track's album on it).
    #[param(inline)]
    r#type: TrackChart,
}

/// The path of `GET /api/album/{type}/{id}/get-ids`.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct AlbumIdsPath {
    /// What `id` is.
    #[param(inline)]
    r#type: AlbumIdType,
    /// The album's id of that type (a UPC, a Spotify id, …); no match gives `[]`.
    #[param(min_length = 1, example = "1119543")]
    id: String,
}

/// The path of `GET /api/track/{type}/{id}/get-ids`.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct TrackIdsPath {
    /// What `id` is.
    #[param(inline)]
    r#type: TrackIdType,
    /// The track's id of that type (an ISRC, a Spotify id, …); no match gives `[]`.
    #[param(min_length = 1, example = "15678739")]
    id: String,
}

/// The path of `GET /api/album/{id}/{platform}/{status}/playlists`.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct AlbumPlacementsPath {
    /// Chartmetric album id (a positive integer).
    #[param(minimum = 1, example = 1119543)]
    id: i64,
    /// The platform.
    #[param(inline)]
    platform: PlacementPlatform,
    /// `current`: on a playlist on `until`; `past`: removed between `since` and `until`.
    #[param(inline)]
    status: PlacementStatus,
}

/// The path of `GET /api/track/{id}/{platform}/{status}/playlists`.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct TrackPlacementsPath {
    /// Chartmetric track id (a positive integer).
    #[param(minimum = 1, example = 15678739)]
    id: i64,
    /// The platform.
    #[param(inline)]
    platform: TrackPlacementPlatform,
    /// `current`: on a playlist on `until`; `past`: removed between `since` and `until`.
    #[param(inline)]
    status: PlacementStatus,
}

/// The path of `GET /api/track/{id}/{platform}/playlists/snapshot`.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct TrackSnapshotPath {
    /// Chartmetric track id (a positive integer).
    #[param(minimum = 1, example = 15678739)]
    id: i64,
    /// The platform.
    #[param(inline)]
    platform: PlacementPlatform,
}

/// The path of `GET /api/album/{id}/{platform}/followers` (and `/stats`).
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct AlbumStatsPath {
    /// Chartmetric album id (a positive integer).
    #[param(minimum = 1, example = 1119543)]
    id: i64,
    /// The platform: Spotify popularity.
    #[param(inline)]
    platform: AlbumStatsPlatform,
}

/// The path of `GET /api/track/{id}/{platform}/stats`.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct TrackStatsPath {
    /// Chartmetric track id (a positive integer).
    #[param(minimum = 1, example = 15678739)]
    id: i64,
    /// Spotify popularity, YouTube views or Shazam counts.
    #[param(inline)]
    platform: TrackStatsPlatform,
}

/// The path of an album route by id.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct AlbumPath {
    /// Chartmetric album id (a positive integer).
    #[param(minimum = 1, example = 1119543)]
    id: i64,
}

/// The path of a track route by id.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct TrackPath {
    /// Chartmetric track id (a positive integer).
    #[param(minimum = 1, example = 15678739)]
    id: i64,
}

/// The query of a chart history (an artist's, album's or track's).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ChartSpan {
    /// First day, `YYYY-MM-DD` (required; charts exist from 2016-01-01).
    #[param(format = Date, example = "2024-06-01")]
    since: String,
    /// Last day, `YYYY-MM-DD`, not before `since` nor after today (default: today, UTC).
    #[param(format = Date)]
    until: Option<String>,
}

/// The query of a daily series.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct SeriesSpan {
    /// First day, `YYYY-MM-DD` (default: 30 days before `until`; at most 365 days before it).
    #[param(format = Date)]
    since: Option<String>,
    /// Last day, `YYYY-MM-DD`, not after today (default: today, UTC).
    #[param(format = Date)]
    until: Option<String>,
}

/// The query of an album's placements.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct PlacementQuery {
    /// `past`: the first day of removals (default: a year before `until`).
    #[param(format = Date)]
    since: Option<String>,
    /// The day (`current`) or the last day of removals (`past`), not after today (default: today, UTC).
    #[param(format = Date)]
    until: Option<String>,
    /// Rows to return, 1 to 100 (default 100).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
    /// Rows to skip (default 0).
    #[param(minimum = 0, maximum = 2147483647)]
    offset: Option<i64>,
}

/// The query of a track's placements.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct TrackPlacementQuery {
    /// `past`: the first day of removals (default: a year before `until`).
    #[param(format = Date)]
    since: Option<String>,
    /// The day (`current`) or the last day of removals (`past`), not after today (default: today, UTC).
    #[param(format = Date)]
    until: Option<String>,
    /// `true`: playlists of independent curators only; `false`: the others only (default: all).
    indie: Option<bool>,
    /// Rows to return, 1 to 100 (default 100).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
    /// Rows to skip (default 0).
    #[param(minimum = 0, maximum = 2147483647)]
    offset: Option<i64>,
}

/// The query of a track's placements on one day.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct SnapshotQuery {
    /// The day, `YYYY-MM-DD`, not after today (required).
    #[param(format = Date, example = "2024-06-01")]
    date: String,
    /// Rows to return, 1 to 100 (default 100).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
    /// Rows to skip (default 0).
    #[param(minimum = 0, maximum = 2147483647)]
    offset: Option<i64>,
}

/// The charts of albums.
#[derive(ToSchema)]
#[allow(dead_code, non_camel_case_types)]
enum AlbumChart {
    applemusic,
    itunes,
    amazon,
}

/// The charts of tracks.
#[derive(ToSchema)]
#[allow(dead_code, non_camel_case_types)]
enum TrackChart {
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
    amazon,
}

/// The id types of an album lookup.
#[derive(ToSchema)]
#[allow(dead_code, non_camel_case_types)]
enum AlbumIdType {
    chartmetric,
    upc,
    spotify,
    itunes,
    deezer,
}

/// The id types of a track lookup.
#[derive(ToSchema)]
#[allow(dead_code, non_camel_case_types)]
enum TrackIdType {
    chartmetric,
    isrc,
    spotify,
    itunes,
    amazon,
    beatport,
    deezer,
    genius,
    shazam,
    soundcloud,
    tiktok,
    qq,
    youtube,
}

/// The platforms of album placements and track snapshots.
#[derive(ToSchema)]
#[allow(dead_code, non_camel_case_types)]
enum PlacementPlatform {
    spotify,
    applemusic,
    deezer,
}

/// The platforms of track placements.
#[derive(ToSchema)]
#[allow(dead_code, non_camel_case_types)]
enum TrackPlacementPlatform {
    spotify,
    applemusic,
    deezer,
    amazon,
}

/// Placements on a playlist now, or before.
#[derive(ToSchema)]
#[allow(dead_code, non_camel_case_types)]
enum PlacementStatus {
    current,
    past,
}

/// The platforms of album statistics.
#[derive(ToSchema)]
#[allow(dead_code, non_camel_case_types)]
enum AlbumStatsPlatform {
    spotify,
}

/// The platforms of track statistics.
#[derive(ToSchema)]
#[allow(dead_code, non_camel_case_types)]
enum TrackStatsPlatform {
    spotify,
    youtube,
    shazam,
}
