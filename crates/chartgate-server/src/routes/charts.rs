//! The sandbox's chart routes (`/api/charts/...`, scope `chart:read`): the
//! charts of each platform for any day from 2016-01-01 to today, the Shazam
//! cities, and the cm-score series of a track, an artist or an album, from
//! the generated catalog (docs/SANDBOX.md).
//!
//! Every chart takes `date` (required; weekly charts answer with the chart
//! of their weekday on or before it), `offset` and `limit`; the rest of the
//! query is read per chart, as its clients send it. A chart answers
//! `{"obj": {"length": n, "data": [ChartEntry…]}}`, except freshfind (the
//! list itself), the cities (`{"cities": […]}`) and the cm-score series.

mod docs;

use super::entities::EntityResponses;
use super::params::{MAX_SERIES_DAYS, Params, bad, id, span};
use super::reply::{catalog_error, ok, value};
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use chartgate_catalog::{CHARTS_SINCE, Catalog, ChartKind, ChartQuery, CmScoreChart, Country, EntityKind};
use chartmetric_types::{ChartArtistEntry, ChartCities, ChartEntry, ChartPage, CmScorePoint};
use docs::{
    AmazonAlbumsQuery, AmazonTracksQuery, AppleTracksQuery, BeatportQuery, CitiesPath, CmScorePath, CmScoreSpan,
    CountryChart, GenreChart, PlainChart, ShazamQuery, SoundcloudQuery, SpotifyQuery,
};

/// The most rows a chart page holds (the largest chart has 200), and the default.
const MAX_ROWS: i64 = 200;

/// The genres of the Amazon charts.
pub(crate) const AMAZON_GENRES: &[&str] = &[
    "All Genres",
    "Pop",
    "Rock",
    "Dance",
    "Latino",
    "K-Pop",
    "Singer/Songwriter",
    "Hip-Hop/Rap",
    "Jazz",
    "Electronic",
    "R&B/Soul",
    "Blues",
    "Country",
    "Reggae",
    "Classical",
    "Alternative",
    "World",
    "Disney",
    "J-Pop",
    "Christian & Gospel",
    "Easy Listening",
    "Children's Music",
    "Fitness & Workout",
    "Soundtrack",
];

/// The Spotify charts: `type=regional|viral` (or the MCP's `viral=1|0`),
/// `interval=daily|weekly` (weekly charts are dated Thursdays).
#[utoipa::path(get, path = super::CHARTS_SPOTIFY.path, tag = "data", params(SpotifyQuery), responses(EntityResponses<ChartPage>))]
pub async fn spotify(State(s): State<AppState>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref());
    let viral = p.bool("viral")?.map(|v| if v { "viral" } else { "regional" });
    let kind = ChartKind::spotify(p.str("type").or(viral), p.str("interval"))
        .map_err(|e| ApiError::BadRequest(format!("parameter `{}`: {e}", e.what)))?;
    chart(&s.sandbox().catalog(), &p, kind, Ok)
}

/// Spotify's Fresh Finds (weekly, Thursdays): the list of entries itself, not a page.
#[utoipa::path(get, path = super::CHARTS_SPOTIFY_FRESHFIND.path, tag = "data", params(CountryChart), responses(EntityResponses<Vec<ChartEntry>>))]
pub async fn spotify_freshfind(State(s): State<AppState>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref());
    let catalog = s.sandbox().catalog();
    let (query, offset, limit) = chart_query(&catalog, &p, ChartKind::SpotifyFreshFind)?;
    Ok(ok(catalog.chart(&query, offset, limit).map_err(catalog_error)?.data))
}

/// Apple Music tracks: `genre` (default `All Genres`), `type=daily|top`.
#[utoipa::path(get, path = super::CHARTS_APPLEMUSIC_TRACKS.path, tag = "data", params(AppleTracksQuery), responses(EntityResponses<ChartPage>))]
pub async fn applemusic_tracks(State(s): State<AppState>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref());
    let variant = p.one_of("type", &["daily", "top"], "daily")?;
    chart(&s.sandbox().catalog(), &p, ChartKind::AppleMusicTracks, |q| Ok(with_genre(q, &p).variant(variant)))
}

/// Apple Music albums, per `genre`.
#[utoipa::path(get, path = super::CHARTS_APPLEMUSIC_ALBUMS.path, tag = "data", params(GenreChart), responses(EntityResponses<ChartPage>))]
pub async fn applemusic_albums(State(s): State<AppState>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref());
    chart(&s.sandbox().catalog(), &p, ChartKind::AppleMusicAlbums, |q| Ok(with_genre(q, &p)))
}

/// Apple Music videos, per `genre`.
#[utoipa::path(get, path = super::CHARTS_APPLEMUSIC_VIDEOS.path, tag = "data", params(GenreChart), responses(EntityResponses<ChartPage>))]
pub async fn applemusic_videos(State(s): State<AppState>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref());
    chart(&s.sandbox().catalog(), &p, ChartKind::AppleMusicVideos, |q| Ok(with_genre(q, &p)))
}

/// iTunes tracks, per `genre`.
#[utoipa::path(get, path = super::CHARTS_ITUNES_TRACKS.path, tag = "data", params(GenreChart), responses(EntityResponses<ChartPage>))]
pub async fn itunes_tracks(State(s): State<AppState>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref());
    chart(&s.sandbox().catalog(), &p, ChartKind::ItunesTracks, |q| Ok(with_genre(q, &p)))
}

/// iTunes albums, per `genre`.
#[utoipa::path(get, path = super::CHARTS_ITUNES_ALBUMS.path, tag = "data", params(GenreChart), responses(EntityResponses<ChartPage>))]
pub async fn itunes_albums(State(s): State<AppState>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref());
    chart(&s.sandbox().catalog(), &p, ChartKind::ItunesAlbums, |q| Ok(with_genre(q, &p)))
}

/// iTunes videos.
#[utoipa::path(get, path = super::CHARTS_ITUNES_VIDEOS.path, tag = "data", params(CountryChart), responses(EntityResponses<ChartPage>))]
pub async fn itunes_videos(State(s): State<AppState>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    chart(&s.sandbox().catalog(), &Params::parse(q.as_deref()), ChartKind::ItunesVideos, Ok)
}

/// Amazon tracks: `type` (`popular_track` or `new_track`) and `genre` required; no country.
#[utoipa::path(get, path = super::CHARTS_AMAZON_TRACKS.path, tag = "data", params(AmazonTracksQuery), responses(EntityResponses<ChartPage>))]
pub async fn amazon_tracks(State(s): State<AppState>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    amazon(
        &s.sandbox().catalog(),
        &Params::parse(q.as_deref()),
        ChartKind::AmazonTracks,
        &["popular_track", "new_track"],
    )
}

/// Amazon albums: `type` (`popular_album` or `new_album`) and `genre` required; no country.
#[utoipa::path(get, path = super::CHARTS_AMAZON_ALBUMS.path, tag = "data", params(AmazonAlbumsQuery), responses(EntityResponses<ChartPage>))]
pub async fn amazon_albums(State(s): State<AppState>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    amazon(
        &s.sandbox().catalog(),
        &Params::parse(q.as_deref()),
        ChartKind::AmazonAlbums,
        &["popular_album", "new_album"],
    )
}

/// Deezer, per country (`/api/charts/deezer/`, as pycmc calls it, answers alike).
#[utoipa::path(get, path = super::CHARTS_DEEZER.path, tag = "data", params(CountryChart), responses(EntityResponses<ChartPage>))]
pub async fn deezer(State(s): State<AppState>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    chart(&s.sandbox().catalog(), &Params::parse(q.as_deref()), ChartKind::Deezer, Ok)
}

/// QQ Music (weekly, Thursdays; no country; `/api/charts/qq/` answers alike).
#[utoipa::path(get, path = super::CHARTS_QQ.path, tag = "data", params(PlainChart), responses(EntityResponses<ChartPage>))]
pub async fn qq(State(s): State<AppState>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    chart(&s.sandbox().catalog(), &Params::parse(q.as_deref()), ChartKind::Qq, Ok)
}

/// Shazam, per country and, with `city`, per city of that country.
#[utoipa::path(get, path = super::CHARTS_SHAZAM.path, tag = "data", params(ShazamQuery), responses(EntityResponses<ChartPage>))]
pub async fn shazam(State(s): State<AppState>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref());
    let catalog = s.sandbox().catalog();
    chart(&catalog, &p, ChartKind::Shazam, |q| {
        let Some(city) = p.str("city") else { return Ok(q) };
        let country = q.country.ok_or_else(|| bad("country_code", "is required with `city`"))?;
        let cities = catalog.shazam_cities(country).cities;
        match cities.into_iter().find(|c| c.eq_ignore_ascii_case(city.trim())) {
            Some(known) => Ok(q.city(known)),
            None => Err(bad("city", &format!("must be a city of {country} (see /api/charts/shazam/{country}/cities)"))),
        }
    })
}

/// The cities with a Shazam chart in a country: `{"cities": [name…]}`, each usable as `city=`.
#[utoipa::path(get, path = super::CHARTS_SHAZAM_CITIES.path, tag = "data", params(CitiesPath), responses(EntityResponses<ChartCities>))]
pub async fn shazam_cities(State(s): State<AppState>, Path(raw): Path<String>) -> Result<Response, ApiError> {
    let country = raw.parse::<Country>().map_err(|e| ApiError::BadRequest(e.to_string()))?;
    Ok(ok(s.sandbox().catalog().shazam_cities(country)))
}

/// SoundCloud (weekly, Fridays): `kind=top|trending`, `genre` (default `all-music`).
#[utoipa::path(get, path = super::CHARTS_SOUNDCLOUD.path, tag = "data", params(SoundcloudQuery), responses(EntityResponses<ChartPage>))]
pub async fn soundcloud(State(s): State<AppState>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref());
    let kind = p.one_of("kind", &["top", "trending"], "top")?;
    chart(&s.sandbox().catalog(), &p, ChartKind::Soundcloud, |q| Ok(with_genre(q, &p).variant(kind)))
}

/// Beatport (weekly, Fridays; no country): `genre` (default `top-100`).
#[utoipa::path(get, path = super::CHARTS_BEATPORT.path, tag = "data", params(BeatportQuery), responses(EntityResponses<ChartPage>))]
pub async fn beatport(State(s): State<AppState>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref());
    chart(&s.sandbox().catalog(), &p, ChartKind::Beatport, |q| Ok(with_genre(q, &p)))
}

/// YouTube trending videos (weekly, Thursdays).
#[utoipa::path(get, path = super::CHARTS_YOUTUBE_TRENDS.path, tag = "data", params(CountryChart), responses(EntityResponses<ChartPage>))]
pub async fn youtube_trends(State(s): State<AppState>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    chart(&s.sandbox().catalog(), &Params::parse(q.as_deref()), ChartKind::YoutubeTrends, Ok)
}

/// YouTube top videos (weekly, Thursdays).
#[utoipa::path(get, path = super::CHARTS_YOUTUBE_VIDEOS.path, tag = "data", params(CountryChart), responses(EntityResponses<ChartPage>))]
pub async fn youtube_videos(State(s): State<AppState>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    chart(&s.sandbox().catalog(), &Params::parse(q.as_deref()), ChartKind::YoutubeVideos, Ok)
}

/// YouTube top tracks (weekly, Thursdays).
#[utoipa::path(get, path = super::CHARTS_YOUTUBE_TRACKS.path, tag = "data", params(CountryChart), responses(EntityResponses<ChartPage>))]
pub async fn youtube_tracks(State(s): State<AppState>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    chart(&s.sandbox().catalog(), &Params::parse(q.as_deref()), ChartKind::YoutubeTracks, Ok)
}

/// YouTube top artists (weekly, Thursdays): artist rows `{id, name, rank, view_count, …}`.
#[utoipa::path(get, path = super::CHARTS_YOUTUBE_ARTISTS.path, tag = "data", params(CountryChart), responses(EntityResponses<ChartPage<ChartArtistEntry>>))]
pub async fn youtube_artists(State(s): State<AppState>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref());
    let catalog = s.sandbox().catalog();
    let (query, offset, limit) = chart_query(&catalog, &p, ChartKind::YoutubeArtists)?;
    Ok(ok(catalog.artist_chart(&query, offset, limit).map_err(catalog_error)?))
}

/// A track's daily chart score and rank on a chart type, `since` (required)
/// to `until` (default today), at most 365 days, one point a day.
#[utoipa::path(get, path = super::CHARTS_TRACK_CM_SCORE.path, tag = "data", params(CmScorePath, CmScoreSpan), responses(EntityResponses<Vec<CmScorePoint>>))]
pub async fn track_cm_score(
    State(s): State<AppState>,
    Path(path): Path<(String, String)>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    cm_score(&s, EntityKind::Track, path, q.as_deref())
}

/// An artist's daily chart score and rank on a chart type, as for a track.
#[utoipa::path(get, path = super::CHARTS_ARTIST_CM_SCORE.path, tag = "data", params(CmScorePath, CmScoreSpan), responses(EntityResponses<Vec<CmScorePoint>>))]
pub async fn artist_cm_score(
    State(s): State<AppState>,
    Path(path): Path<(String, String)>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    cm_score(&s, EntityKind::Artist, path, q.as_deref())
}

/// An album's daily chart score and rank on a chart type, as for a track.
#[utoipa::path(get, path = super::CHARTS_ALBUM_CM_SCORE.path, tag = "data", params(CmScorePath, CmScoreSpan), responses(EntityResponses<Vec<CmScorePoint>>))]
pub async fn album_cm_score(
    State(s): State<AppState>,
    Path(path): Path<(String, String)>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    cm_score(&s, EntityKind::Album, path, q.as_deref())
}

/// The query every chart shares: `date` (required, 2016-01-01 to today),
/// `country_code` (either case; `global` or absent is the global chart) on
/// charts that have countries, `offset` and `limit`.
fn chart_query(catalog: &Catalog, p: &Params, kind: ChartKind) -> Result<(ChartQuery, usize, usize), ApiError> {
    let today = catalog.today();
    let date = p.date("date")?.ok_or_else(|| bad("date", "is required"))?;
    if date < CHARTS_SINCE || date > today {
        return Err(bad("date", &format!("must be from {CHARTS_SINCE} to {today} (charts exist then), got {date}")));
    }
    let mut query = ChartQuery::new(kind, date);
    if kind.has_country()
        && let Some(c) = country(p)?
    {
        query = query.country(c);
    }
    let (offset, limit) = p.page(MAX_ROWS, MAX_ROWS)?;
    Ok((query, offset, limit))
}

/// `country_code`: a two-letter code in either case; `global` means none.
fn country(p: &Params) -> Result<Option<Country>, ApiError> {
    if p.str("country_code").is_some_and(|c| c.trim().eq_ignore_ascii_case("global")) {
        return Ok(None);
    }
    p.parsed("country_code", "a two-letter country code (or `global`)")
}

/// The query's `genre`, if sent.
fn with_genre(q: ChartQuery, p: &Params) -> ChartQuery {
    match p.str("genre") {
        Some(g) => q.genre(g.trim()),
        None => q,
    }
}

/// A chart page: the shared query, refined by `refine` with what this chart reads.
fn chart(
    catalog: &Catalog,
    p: &Params,
    kind: ChartKind,
    refine: impl FnOnce(ChartQuery) -> Result<ChartQuery, ApiError>,
) -> Result<Response, ApiError> {
    let (query, offset, limit) = chart_query(catalog, p, kind)?;
    let query = refine(query)?;
    Ok(ok(catalog.chart(&query, offset, limit).map_err(catalog_error)?))
}

/// An Amazon chart: `type` one of `types` and `genre` one of [`AMAZON_GENRES`], both required.
fn amazon(catalog: &Catalog, p: &Params, kind: ChartKind, types: &[&str]) -> Result<Response, ApiError> {
    p.required("type")?;
    p.required("genre")?;
    let variant = p.one_of("type", types, "")?;
    let genre = p.one_of("genre", AMAZON_GENRES, "")?;
    chart(catalog, p, kind, |q| Ok(q.variant(variant).genre(genre)))
}

/// A cm-score series of one entity.
fn cm_score(
    s: &AppState,
    kind: EntityKind,
    (raw, chart): (String, String),
    q: Option<&str>,
) -> Result<Response, ApiError> {
    let entity = id(&format!("{kind} id"), &raw)?;
    let chart: CmScoreChart = value(&chart)?;
    let p = Params::parse(q);
    p.required("since")?;
    let catalog = s.sandbox().catalog();
    let today = catalog.today();
    let (since, until) = span(&p, today, MAX_SERIES_DAYS)?;
    Ok(ok(catalog.cm_score(kind, entity, chart, since, until).map_err(catalog_error)?))
}
