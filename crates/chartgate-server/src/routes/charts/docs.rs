//! The OpenAPI description of the chart routes' parameters: what each
//! handler in [`super`] reads, with the values it accepts.

#![allow(dead_code, non_camel_case_types)]

use utoipa::{IntoParams, ToSchema};

/// `GET /api/charts/spotify`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SpotifyQuery {
    /// The chart day, `YYYY-MM-DD`, 2016-01-01 to today (weekly charts: the Thursday on or before it).
    #[param(format = Date, example = "2024-01-04")]
    date: String,
    /// Two-letter country code, either case (`US`, `us`); absent or `global`: the global chart.
    #[param(example = "US")]
    country_code: Option<String>,
    /// `regional` (default) or `viral`.
    #[param(inline)]
    r#type: Option<SpotifyType>,
    /// `1`/`true` for the viral chart, `0`/`false` for the regional one, as one client sends it; `type` wins.
    viral: Option<bool>,
    /// `daily` (default) or `weekly`.
    #[param(inline)]
    interval: Option<Interval>,
    /// Rows to skip (default 0).
    #[param(minimum = 0)]
    offset: Option<u32>,
    /// Rows to return, 1 to 200 (default 200, the whole chart).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u32>,
}

/// A chart per country: `date`, `country_code`, `offset`, `limit`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CountryChart {
    /// The chart day, `YYYY-MM-DD`, 2016-01-01 to today (weekly charts: their weekday on or before it).
    #[param(format = Date, example = "2024-01-04")]
    date: String,
    /// Two-letter country code, either case; absent or `global`: the global chart.
    #[param(example = "US")]
    country_code: Option<String>,
    /// Rows to skip (default 0).
    #[param(minimum = 0)]
    offset: Option<u32>,
    /// Rows to return, 1 to 200 (default 200, the whole chart).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u32>,
}

/// A chart without countries: `date`, `offset`, `limit`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlainChart {
    /// The chart day, `YYYY-MM-DD`, 2016-01-01 to today (weekly charts: their weekday on or before it).
    #[param(format = Date, example = "2024-01-04")]
    date: String,
    /// Rows to skip (default 0).
    #[param(minimum = 0)]
    offset: Option<u32>,
    /// Rows to return, 1 to 200 (default 200, the whole chart).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u32>,
}

/// A chart per country and genre.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GenreChart {
    /// The chart day, `YYYY-MM-DD`, 2016-01-01 to today.
    #[param(format = Date, example = "2024-01-05")]
    date: String,
    /// Two-letter country code, either case; absent or `global`: the global chart.
    #[param(example = "US")]
    country_code: Option<String>,
    /// Genre name (default `All Genres`); each genre has its own chart.
    #[param(example = "All Genres")]
    genre: Option<String>,
    /// Rows to skip (default 0).
    #[param(minimum = 0)]
    offset: Option<u32>,
    /// Rows to return, 1 to 200 (default 200, the whole chart).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u32>,
}

/// `GET /api/charts/applemusic/tracks`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AppleTracksQuery {
    /// The chart day, `YYYY-MM-DD`, 2016-01-01 to today.
    #[param(format = Date, example = "2024-01-05")]
    date: String,
    /// Two-letter country code, either case; absent or `global`: the global chart.
    #[param(example = "US")]
    country_code: Option<String>,
    /// Genre name (default `All Genres`).
    #[param(example = "All Genres")]
    genre: Option<String>,
    /// `daily` (default) or `top`.
    #[param(inline)]
    r#type: Option<AppleType>,
    /// Rows to skip (default 0).
    #[param(minimum = 0)]
    offset: Option<u32>,
    /// Rows to return, 1 to 200 (default 200, the whole chart).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u32>,
}

/// `GET /api/charts/amazon/tracks`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AmazonTracksQuery {
    /// The chart day, `YYYY-MM-DD`, 2016-01-01 to today.
    #[param(format = Date, example = "2024-01-05")]
    date: String,
    /// `popular_track` or `new_track` (required).
    #[param(inline)]
    r#type: AmazonTrackType,
    /// The genre (required).
    #[param(inline)]
    genre: AmazonGenre,
    /// Rows to skip (default 0).
    #[param(minimum = 0)]
    offset: Option<u32>,
    /// Rows to return, 1 to 200 (default 200, the whole chart).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u32>,
}

/// `GET /api/charts/amazon/albums`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AmazonAlbumsQuery {
    /// The chart day, `YYYY-MM-DD`, 2016-01-01 to today.
    #[param(format = Date, example = "2024-01-05")]
    date: String,
    /// `popular_album` or `new_album` (required).
    #[param(inline)]
    r#type: AmazonAlbumType,
    /// The genre (required).
    #[param(inline)]
    genre: AmazonGenre,
    /// Rows to skip (default 0).
    #[param(minimum = 0)]
    offset: Option<u32>,
    /// Rows to return, 1 to 200 (default 200, the whole chart).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u32>,
}

/// `GET /api/charts/shazam`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ShazamQuery {
    /// The chart day, `YYYY-MM-DD`, 2016-01-01 to today.
    #[param(format = Date, example = "2024-01-05")]
    date: String,
    /// Two-letter country code, either case; absent or `global`: the global chart.
    #[param(example = "US")]
    country_code: Option<String>,
    /// A city of `country_code` (see `/api/charts/shazam/{country_code}/cities`); another gets 400.
    city: Option<String>,
    /// Rows to skip (default 0).
    #[param(minimum = 0)]
    offset: Option<u32>,
    /// Rows to return, 1 to 200 (default 200, the whole chart).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u32>,
}

/// `GET /api/charts/soundcloud`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SoundcloudQuery {
    /// The chart day, `YYYY-MM-DD`, 2016-01-01 to today (the Friday on or before it).
    #[param(format = Date, example = "2024-01-05")]
    date: String,
    /// Two-letter country code, either case; absent or `global`: the global chart.
    #[param(example = "US")]
    country_code: Option<String>,
    /// `top` (default) or `trending`.
    #[param(inline)]
    kind: Option<SoundcloudKind>,
    /// Genre (default `all-music`).
    #[param(example = "all-music")]
    genre: Option<String>,
    /// Rows to skip (default 0).
    #[param(minimum = 0)]
    offset: Option<u32>,
    /// Rows to return, 1 to 200 (default 200, the whole chart).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u32>,
}

/// `GET /api/charts/beatport`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BeatportQuery {
    /// The chart day, `YYYY-MM-DD`, 2016-01-01 to today (the Friday on or before it).
    #[param(format = Date, example = "2024-01-05")]
    date: String,
    /// Genre (default `top-100`).
    #[param(example = "top-100")]
    genre: Option<String>,
    /// Rows to skip (default 0).
    #[param(minimum = 0)]
    offset: Option<u32>,
    /// Rows to return, 1 to 200 (default 200, the whole chart).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u32>,
}

/// The path parameter of `GET /api/charts/shazam/{country_code}/cities`.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
pub struct CitiesPath {
    /// Two-letter country code, either case; another gets 400.
    #[param(example = "US")]
    country_code: String,
}

/// The path parameters of the cm-score routes.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
pub struct CmScorePath {
    /// Chartmetric id of the track, artist or album (a positive integer).
    #[param(minimum = 1, example = 15678739)]
    id: i64,
    /// The chart type; another gets 400.
    #[param(inline)]
    chart_type: CmScoreType,
}

/// `since` and `until` of the cm-score routes.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CmScoreSpan {
    /// First day, `YYYY-MM-DD` (required), at most 365 days before `until`.
    #[param(format = Date, example = "2024-01-01")]
    since: String,
    /// Last day, `YYYY-MM-DD`, not after today (default: today, UTC).
    #[param(format = Date)]
    until: Option<String>,
}

/// `type` of the Spotify charts.
#[derive(ToSchema)]
enum SpotifyType {
    regional,
    viral,
}

/// `interval` of the Spotify charts.
#[derive(ToSchema)]
enum Interval {
    daily,
    weekly,
}

/// `type` of the Apple Music tracks chart.
#[derive(ToSchema)]
enum AppleType {
    daily,
    top,
}

/// `type` of the Amazon tracks chart.
#[derive(ToSchema)]
enum AmazonTrackType {
    popular_track,
    new_track,
}

/// `type` of the Amazon albums chart.
#[derive(ToSchema)]
enum AmazonAlbumType {
    popular_album,
    new_album,
}

/// `kind` of the SoundCloud chart.
#[derive(ToSchema)]
enum SoundcloudKind {
    top,
    trending,
}

/// The `{chart_type}` of the cm-score routes.
#[derive(ToSchema)]
enum CmScoreType {
    #[schema(rename = "spotify-top")]
    SpotifyTop,
    #[schema(rename = "spotify-viral")]
    SpotifyViral,
    #[schema(rename = "applemusic-genre")]
    ApplemusicGenre,
    #[schema(rename = "applemusic-daily")]
    ApplemusicDaily,
    #[schema(rename = "applemusic-albums")]
    ApplemusicAlbums,
    #[schema(rename = "itunes")]
    Itunes,
    #[schema(rename = "itunes-albums")]
    ItunesAlbums,
    #[schema(rename = "shazam")]
    Shazam,
}

/// The genres of the Amazon charts (`super::AMAZON_GENRES`).
#[derive(ToSchema)]
enum AmazonGenre {
    #[schema(rename = "All Genres")]
    AllGenres,
    Pop,
    Rock,
    Dance,
    Latino,
    #[schema(rename = "K-Pop")]
    KPop,
    #[schema(rename = "Singer/Songwriter")]
    SingerSongwriter,
    #[schema(rename = "Hip-Hop/Rap")]
    HipHopRap,
    Jazz,
    Electronic,
    #[schema(rename = "R&B/Soul")]
    RnbSoul,
    Blues,
    Country,
    Reggae,
    Classical,
    Alternative,
    World,
    Disney,
    #[schema(rename = "J-Pop")]
    JPop,
    #[schema(rename = "Christian & Gospel")]
    ChristianGospel,
    #[schema(rename = "Easy Listening")]
    EasyListening,
    #[schema(rename = "Children's Music")]
    ChildrensMusic,
    #[schema(rename = "Fitness & Workout")]
    FitnessWorkout,
    Soundtrack,
}

#[cfg(test)]
mod tests {
    use super::*;
    use utoipa::PartialSchema;

    fn values<T: PartialSchema>() -> Vec<String> {
        let schema = serde_json::to_value(T::schema()).unwrap_or_default();
        let list = schema["enum"].as_array().cloned().unwrap_or_default();
        list.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()
    }

    #[test]
    fn the_documented_amazon_genres_are_the_accepted_ones() {
        assert_eq!(values::<AmazonGenre>(), super::super::AMAZON_GENRES);
    }

    #[test]
    fn the_documented_cm_score_chart_types_are_the_catalogs() {
        let known: Vec<&str> = chartgate_catalog::CmScoreChart::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(values::<CmScoreType>(), known);
    }
}
