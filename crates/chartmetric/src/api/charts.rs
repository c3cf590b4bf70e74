//! The chart family (ENDPOINTS.md §3.7), scope `chart:read`.

use super::{
    AmazonChart, AppleMusicChart, AppleMusicTracksType, CmScoreChart, CmScoreEntity, Interval, ItunesChart,
    SoundcloudKind, SpotifyChart, YoutubeChart, call, segment,
};
use crate::Client;
use chartmetric_types::{ChartArtistEntry, ChartCities, ChartEntry, ChartPage, CmScorePoint};
use chrono::NaiveDate;

/// The chart routes: `client.charts()`. Every chart takes its date; the
/// pageable ones page by `offset` (and `limit`).
///
/// ```no_run
/// # async fn demo(client: chartmetric::Client) -> chartmetric::Result<()> {
/// use chartmetric::{CmScoreChart, CmScoreEntity, Interval, NaiveDate, SpotifyChart};
/// let date = NaiveDate::from_ymd_opt(2024, 1, 5).unwrap();
/// let viral = client.charts().spotify(date).country("US").kind(SpotifyChart::Viral).interval(Interval::Daily).send().await?;
/// for entry in &viral.data {
///     println!("{}. {} ({:?})", entry.rank, entry.name, entry.artist_names);
/// }
/// let whole_chart = client.charts().shazam(date).country("GB").items().collect_all().await?;
/// let score = client
///     .charts()
///     .cm_score(CmScoreEntity::Artist, 206557, CmScoreChart::SpotifyTop, date)
///     .send()
///     .await?;
/// # let _ = (whole_chart, score);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Charts<'c> {
    client: &'c Client,
}

impl<'c> Charts<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        Self { client }
    }

    fn chart<T>(self, path: &str, date: NaiveDate, make: fn(crate::Request<'c>) -> T) -> T {
        make(self.client.request(path).set("date", date))
    }

    /// `GET /api/charts/spotify`: the Spotify Top 200 or Viral 50.
    pub fn spotify(self, date: NaiveDate) -> SpotifyChartCall<'c> {
        self.chart("/api/charts/spotify", date, SpotifyChartCall::new)
    }

    /// `GET /api/charts/spotify/freshfind`: Spotify's Fresh Finds (a plain list).
    pub fn spotify_freshfind(self, date: NaiveDate) -> FreshFindChart<'c> {
        self.chart("/api/charts/spotify/freshfind", date, FreshFindChart::new)
    }

    /// `GET /api/charts/applemusic/{tracks|albums|videos}`.
    pub fn applemusic(self, chart: AppleMusicChart, date: NaiveDate) -> AppleMusicChartCall<'c> {
        self.chart(&format!("/api/charts/applemusic/{chart}"), date, AppleMusicChartCall::new)
    }

    /// `GET /api/charts/itunes/{tracks|albums|videos}`.
    pub fn itunes(self, chart: ItunesChart, date: NaiveDate) -> ItunesChartCall<'c> {
        self.chart(&format!("/api/charts/itunes/{chart}"), date, ItunesChartCall::new)
    }

    /// `GET /api/charts/amazon/{tracks|albums}`: the chart `kind` of `genre`
    /// (`All Genres`, `Pop`...), both required.
    pub fn amazon(self, kind: AmazonChart, genre: &str, date: NaiveDate) -> AmazonChartCall<'c> {
        let path = match kind {
            AmazonChart::PopularAlbum | AmazonChart::NewAlbum => "/api/charts/amazon/albums",
            _ => "/api/charts/amazon/tracks",
        };
        self.chart(path, date, AmazonChartCall::new).param("type", kind).param("genre", genre)
    }

    /// `GET /api/charts/deezer/`.
    pub fn deezer(self, date: NaiveDate) -> DeezerChart<'c> {
        self.chart("/api/charts/deezer/", date, DeezerChart::new)
    }

    /// `GET /api/charts/qq/`.
    pub fn qq(self, date: NaiveDate) -> QqChart<'c> {
        self.chart("/api/charts/qq/", date, QqChart::new)
    }

    /// `GET /api/charts/shazam`: a country's chart, or a city's.
    pub fn shazam(self, date: NaiveDate) -> ShazamChart<'c> {
        self.chart("/api/charts/shazam", date, ShazamChart::new)
    }

    /// `GET /api/charts/shazam/{country_code}/cities`: the cities with a
    /// Shazam chart in a country.
    pub fn shazam_cities(self, country: &str) -> ShazamCities<'c> {
        ShazamCities::new(self.client.request(&format!("/api/charts/shazam/{}/cities", segment(country))))
    }

    /// `GET /api/charts/soundcloud`.
    pub fn soundcloud(self, date: NaiveDate) -> SoundcloudChart<'c> {
        self.chart("/api/charts/soundcloud", date, SoundcloudChart::new)
    }

    /// `GET /api/charts/beatport`.
    pub fn beatport(self, date: NaiveDate) -> BeatportChart<'c> {
        self.chart("/api/charts/beatport", date, BeatportChart::new)
    }

    /// `GET /api/charts/youtube/{trends|videos|tracks}`.
    pub fn youtube(self, chart: YoutubeChart, date: NaiveDate) -> YoutubeChartCall<'c> {
        self.chart(&format!("/api/charts/youtube/{chart}"), date, YoutubeChartCall::new)
    }

    /// `GET /api/charts/youtube/artists`: artist rows.
    pub fn youtube_artists(self, date: NaiveDate) -> YoutubeArtistsChart<'c> {
        self.chart("/api/charts/youtube/artists", date, YoutubeArtistsChart::new)
    }

    /// `GET /api/charts/{entity}/{id}/{chart_type}/cm-score`: the daily
    /// score and rank of an artist, track or album from `since` on.
    pub fn cm_score(self, entity: CmScoreEntity, id: i64, chart: CmScoreChart, since: NaiveDate) -> CmScore<'c> {
        CmScore::new(self.client.request(&format!("/api/charts/{entity}/{id}/{chart}/cm-score"))).since(since)
    }
}

call! {
    /// `GET /api/charts/spotify`, from [`Charts::spotify`].
    SpotifyChartCall -> ChartPage, paged ChartEntry;
    /// The chart day.
    date(NaiveDate) => "date";
    /// The country (two letters, or `global`).
    country(&str) => "country_code";
    /// Top 200 or Viral 50.
    kind(SpotifyChart) => "type";
    /// Daily or weekly.
    interval(Interval) => "interval";
    /// The latest chart, whatever the date.
    latest(bool) => "latest";
    /// Rows per page.
    limit(u32) => "limit";
    /// Rows to skip.
    offset(u64) => "offset";
}

call! {
    /// `GET /api/charts/spotify/freshfind`, from [`Charts::spotify_freshfind`].
    FreshFindChart -> Vec<ChartEntry>;
    /// The chart day.
    date(NaiveDate) => "date";
}

call! {
    /// `GET /api/charts/applemusic/{kind}`, from [`Charts::applemusic`].
    AppleMusicChartCall -> ChartPage, paged ChartEntry;
    /// The chart day.
    date(NaiveDate) => "date";
    /// The country (two letters).
    country(&str) => "country_code";
    /// The genre (`All Genres` by default).
    genre(&str) => "genre";
    /// Daily or top (the track chart).
    kind(AppleMusicTracksType) => "type";
    /// Rows per page.
    limit(u32) => "limit";
    /// Rows to skip.
    offset(u64) => "offset";
}

call! {
    /// `GET /api/charts/itunes/{kind}`, from [`Charts::itunes`].
    ItunesChartCall -> ChartPage, paged ChartEntry;
    /// The chart day.
    date(NaiveDate) => "date";
    /// The country (two letters).
    country(&str) => "country_code";
    /// The genre (`All Genres` by default).
    genre(&str) => "genre";
    /// Rows per page.
    limit(u32) => "limit";
    /// Rows to skip.
    offset(u64) => "offset";
}

call! {
    /// `GET /api/charts/amazon/{tracks|albums}`, from [`Charts::amazon`].
    AmazonChartCall -> ChartPage, paged ChartEntry;
    /// The chart day.
    date(NaiveDate) => "date";
    /// Rows per page.
    limit(u32) => "limit";
    /// Rows to skip.
    offset(u64) => "offset";
}

call! {
    /// `GET /api/charts/deezer/`, from [`Charts::deezer`].
    DeezerChart -> ChartPage, paged ChartEntry;
    /// The chart day.
    date(NaiveDate) => "date";
    /// The country (two letters).
    country(&str) => "country_code";
    /// Rows per page.
    limit(u32) => "limit";
    /// Rows to skip.
    offset(u64) => "offset";
}

call! {
    /// `GET /api/charts/qq/`, from [`Charts::qq`].
    QqChart -> ChartPage, paged ChartEntry;
    /// The chart day.
    date(NaiveDate) => "date";
    /// Rows per page.
    limit(u32) => "limit";
    /// Rows to skip.
    offset(u64) => "offset";
}

call! {
    /// `GET /api/charts/shazam`, from [`Charts::shazam`].
    ShazamChart -> ChartPage, paged ChartEntry;
    /// The chart day.
    date(NaiveDate) => "date";
    /// The country (two letters; required with `city`).
    country(&str) => "country_code";
    /// A city of the country (see [`Charts::shazam_cities`]).
    city(&str) => "city";
    /// Rows per page.
    limit(u32) => "limit";
    /// Rows to skip.
    offset(u64) => "offset";
}

call! {
    /// `GET /api/charts/shazam/{country_code}/cities`, from [`Charts::shazam_cities`].
    ShazamCities -> ChartCities;
}

call! {
    /// `GET /api/charts/soundcloud`, from [`Charts::soundcloud`].
    SoundcloudChart -> ChartPage, paged ChartEntry;
    /// The chart day.
    date(NaiveDate) => "date";
    /// The country (two letters).
    country(&str) => "country_code";
    /// Top or trending.
    kind(SoundcloudKind) => "kind";
    /// The genre (`all-music` by default).
    genre(&str) => "genre";
    /// Rows per page.
    limit(u32) => "limit";
    /// Rows to skip.
    offset(u64) => "offset";
}

call! {
    /// `GET /api/charts/beatport`, from [`Charts::beatport`].
    BeatportChart -> ChartPage, paged ChartEntry;
    /// The chart day.
    date(NaiveDate) => "date";
    /// The genre (`top-100` by default).
    genre(&str) => "genre";
    /// Rows per page.
    limit(u32) => "limit";
    /// Rows to skip.
    offset(u64) => "offset";
}

call! {
    /// `GET /api/charts/youtube/{kind}`, from [`Charts::youtube`].
    YoutubeChartCall -> ChartPage, paged ChartEntry;
    /// The chart day.
    date(NaiveDate) => "date";
    /// The country (two letters).
    country(&str) => "country_code";
    /// Rows per page.
    limit(u32) => "limit";
    /// Rows to skip.
    offset(u64) => "offset";
}

call! {
    /// `GET /api/charts/youtube/artists`, from [`Charts::youtube_artists`].
    YoutubeArtistsChart -> ChartPage<ChartArtistEntry>, paged ChartArtistEntry;
    /// The chart day.
    date(NaiveDate) => "date";
    /// The country (two letters).
    country(&str) => "country_code";
    /// Rows per page.
    limit(u32) => "limit";
    /// Rows to skip.
    offset(u64) => "offset";
}

call! {
    /// `GET /api/charts/{entity}/{id}/{chart_type}/cm-score`, from [`Charts::cm_score`].
    CmScore -> Vec<CmScorePoint>;
    /// The first day.
    since(NaiveDate) => "since";
    /// The last day (today by default).
    until(NaiveDate) => "until";
}
