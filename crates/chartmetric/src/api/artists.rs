//! The artist family (ENDPOINTS.md §3.1), scope `artist:read`.

use super::{ArtistMetric, ChartType, CppStat, IdType, Platform, StatSource, Status, call, segment};
use crate::Client;
use chartmetric_types::{
    AlbumRow, Artist, ArtistIds, ArtistUrl, ChartPage, CppPoint, FilterPage, FilterRow, InstagramAudience, MetricPage,
    MetricRow, Placement, RelatedArtist, StatSeries, TrackRow, TunefindRow, WherePeopleListen,
};
use chrono::NaiveDate;

/// The artist routes: `client.artists()`.
///
/// ```no_run
/// # async fn demo(client: chartmetric::Client) -> chartmetric::Result<()> {
/// use chartmetric::{NaiveDate, StatSource};
/// let artists = client.artists();
/// let lorde = artists.get(206557).send().await?;
/// let tracks = artists.tracks(206557).limit(50).send().await?;
/// let all_tracks = artists.tracks(206557).limit(100).items().collect_all().await?;
/// let spotify = artists
///     .stat(206557, StatSource::Spotify)
///     .since(NaiveDate::from_ymd_opt(2024, 1, 1).unwrap())
///     .field("listeners")
///     .send()
///     .await?;
/// println!("{}: {} tracks, {:?}", lorde.name, all_tracks.len(), spotify.get("listeners").map(Vec::len));
/// # let _ = tracks;
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Artists<'c> {
    client: &'c Client,
}

impl<'c> Artists<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        Self { client }
    }

    /// `GET /api/artist/{id}`: the artist object.
    pub fn get(self, id: i64) -> GetArtist<'c> {
        GetArtist::new(self.client.request(&format!("/api/artist/{id}")))
    }

    /// `GET /api/artist/{id}/albums`: the artist's albums, pageable.
    pub fn albums(self, id: i64) -> ArtistAlbums<'c> {
        ArtistAlbums::new(self.client.request(&format!("/api/artist/{id}/albums")))
    }

    /// `GET /api/artist/{id}/tracks`: the artist's tracks, pageable.
    pub fn tracks(self, id: i64) -> ArtistTracks<'c> {
        ArtistTracks::new(self.client.request(&format!("/api/artist/{id}/tracks")))
    }

    /// `GET /api/artist/{id}/cpp`: daily Chartmetric performance points.
    pub fn cpp(self, id: i64, stat: CppStat) -> ArtistCpp<'c> {
        ArtistCpp::new(self.client.request(&format!("/api/artist/{id}/cpp"))).stat(stat)
    }

    /// `GET /api/artist/{id}/{type}/charts`: the artist's rows on a chart
    /// from `since` (required) on.
    pub fn charts(self, id: i64, chart: ChartType, since: NaiveDate) -> ArtistCharts<'c> {
        ArtistCharts::new(self.client.request(&format!("/api/artist/{id}/{chart}/charts"))).since(since)
    }

    /// `GET /api/artist/{id}/stat/{source}`: daily statistics, keyed by
    /// field name (`followers`, `listeners`...).
    pub fn stat(self, id: i64, source: StatSource) -> ArtistStat<'c> {
        ArtistStat::new(self.client.request(&format!("/api/artist/{id}/stat/{source}")))
    }

    /// `GET /api/artist/{type}/{id}/get-ids`: the artist an id names, with
    /// all its ids (`[]` when none matches).
    pub fn ids(self, kind: IdType, id: &str) -> ArtistGetIds<'c> {
        ArtistGetIds::new(self.client.request(&format!("/api/artist/{kind}/{}/get-ids", segment(id))))
    }

    /// `GET /api/artist/{metric}/list`: artists whose `metric` lies
    /// between `min` and `max`, pageable (`limit` ≤ 200).
    pub fn by_metric(self, metric: ArtistMetric, min: i64, max: i64) -> ArtistsByMetric<'c> {
        ArtistsByMetric::new(self.client.request(&format!("/api/artist/{metric}/list"))).min(min).max(max)
    }

    /// `GET /api/artist/list/filter`: artists matching filters, pageable
    /// (`offset + limit` ≤ 10000). Range filters (`sp_ml[]`...) go through
    /// [`param`](ArtistFilter::param).
    pub fn filter(self) -> ArtistFilter<'c> {
        ArtistFilter::new(self.client.request("/api/artist/list/filter"))
    }

    /// `GET /api/artist/{id}/{platform}/{status}/playlists`: playlist
    /// placements of the artist's tracks, pageable (`limit` ≤ 100).
    pub fn playlists(self, id: i64, platform: Platform, status: Status) -> ArtistPlaylists<'c> {
        ArtistPlaylists::new(self.client.request(&format!("/api/artist/{id}/{platform}/{status}/playlists")))
    }

    /// `GET /api/artist/{id}/relatedartists`: similar artists (`limit` ≤ 50).
    pub fn related(self, id: i64) -> RelatedArtists<'c> {
        RelatedArtists::new(self.client.request(&format!("/api/artist/{id}/relatedartists")))
    }

    /// `GET /api/artist/{id}/urls`: the artist's links, by domain.
    pub fn urls(self, id: i64) -> ArtistUrls<'c> {
        ArtistUrls::new(self.client.request(&format!("/api/artist/{id}/urls")))
    }

    /// `GET /api/artist/{id}/tunefind`: TV and film syncs.
    pub fn tunefind(self, id: i64) -> ArtistTunefind<'c> {
        ArtistTunefind::new(self.client.request(&format!("/api/artist/{id}/tunefind")))
    }

    /// `GET /api/artist/{id}/where-people-listen`: listeners by city and
    /// country, a series each.
    pub fn where_people_listen(self, id: i64) -> WherePeopleListenCall<'c> {
        WherePeopleListenCall::new(self.client.request(&format!("/api/artist/{id}/where-people-listen")))
    }

    /// `GET /api/artist/{id}/instagram-audience-stats`: the Instagram
    /// audience on a date.
    pub fn instagram_audience(self, id: i64) -> InstagramAudienceCall<'c> {
        InstagramAudienceCall::new(self.client.request(&format!("/api/artist/{id}/instagram-audience-stats")))
    }
}

call! {
    /// `GET /api/artist/{id}`, from [`Artists::get`].
    GetArtist -> Artist;
}

call! {
    /// `GET /api/artist/{id}/albums`, from [`Artists::albums`].
    ArtistAlbums -> Vec<AlbumRow>, paged AlbumRow;
    /// Albums per page.
    limit(u32) => "limit";
    /// Albums to skip.
    offset(u64) => "offset";
    /// Only albums the artist is the primary artist of (`isPrimary`).
    is_primary(bool) => "isPrimary";
}

call! {
    /// `GET /api/artist/{id}/tracks`, from [`Artists::tracks`].
    ArtistTracks -> Vec<TrackRow>, paged TrackRow;
    /// Tracks per page.
    limit(u32) => "limit";
    /// Tracks to skip.
    offset(u64) => "offset";
}

call! {
    /// `GET /api/artist/{id}/cpp`, from [`Artists::cpp`].
    ArtistCpp -> Vec<CppPoint>;
    /// Rank or score.
    stat(CppStat) => "stat";
    /// The first day (30 days before `until` by default).
    since(NaiveDate) => "since";
    /// The last day (today by default).
    until(NaiveDate) => "until";
}

call! {
    /// `GET /api/artist/{id}/{type}/charts`, from [`Artists::charts`].
    ArtistCharts -> ChartPage;
    /// The first chart day.
    since(NaiveDate) => "since";
    /// The last chart day (today by default).
    until(NaiveDate) => "until";
}

call! {
    /// `GET /api/artist/{id}/stat/{source}`, from [`Artists::stat`].
    ArtistStat -> StatSeries;
    /// The first day (30 days before `until` by default).
    since(NaiveDate) => "since";
    /// The last day (today by default).
    until(NaiveDate) => "until";
    /// Only this field (`followers`, `listeners`, `popularity`...).
    field(&str) => "field";
    /// Only the latest point.
    latest(bool) => "latest";
    /// Fill the gaps between measured points.
    interpolated(bool) => "interpolated";
}

call! {
    /// `GET /api/artist/{type}/{id}/get-ids`, from [`Artists::ids`].
    ArtistGetIds -> Vec<ArtistIds>;
}

call! {
    /// `GET /api/artist/{metric}/list`, from [`Artists::by_metric`].
    ArtistsByMetric -> MetricPage, paged MetricRow;
    /// The smallest value of the metric.
    min(i64) => "min";
    /// The largest value of the metric.
    max(i64) => "max";
    /// Rows per page (≤ 200).
    limit(u32) => "limit";
    /// Rows to skip.
    offset(u64) => "offset";
    /// Only artists of this country (two letters).
    code2(&str) => "code2";
}

call! {
    /// `GET /api/artist/list/filter`, from [`Artists::filter`].
    ArtistFilter -> FilterPage, paged FilterRow;
    /// Rows per page.
    limit(u32) => "limit";
    /// Rows to skip.
    offset(u64) => "offset";
    /// The column to sort by (`sp_followers`, `sp_monthly_listeners`...).
    sort_column(&str) => "sortColumn";
    /// Sort descending.
    sort_order_desc(bool) => "sortOrderDesc";
    /// Only artists of this country (two letters).
    code2(&str) => "code2";
    /// Only artists with this genre tag.
    tag_id(i64) => "tagId";
    /// Only artists with this sub-genre tag.
    sub_tag_id(i64) => "subTagId";
    /// Only bands (`true`) or solo artists (`false`).
    band(bool) => "band";
    /// Only artists with this pronoun (`she/her`...).
    pronoun(&str) => "pronoun";
    /// Only artists at this career stage (`superstar`, `mainstream`...).
    career_stage(&str) => "career_stage";
    /// Only artists on this career trend.
    career_trend(&str) => "career_trend";
}

call! {
    /// `GET /api/artist/{id}/{platform}/{status}/playlists`, from [`Artists::playlists`].
    ArtistPlaylists -> Vec<Placement>, paged Placement;
    /// Placements since this day.
    since(NaiveDate) => "since";
    /// Placements until this day.
    until(NaiveDate) => "until";
    /// Placements per page (≤ 100).
    limit(u32) => "limit";
    /// Placements to skip.
    offset(u64) => "offset";
    /// The column to sort by (`followers`, `added_at`...).
    sort_column(&str) => "sortColumn";
    /// Sort descending.
    sort_order_desc(bool) => "sortOrderDesc";
    /// Include editorial playlists.
    editorial(bool) => "editorial";
    /// Include independent curators' playlists.
    indie(bool) => "indie";
    /// Include major curators' playlists.
    major_curator(bool) => "majorCurator";
    /// Include popular independent playlists.
    popular_indie(bool) => "popularIndie";
    /// Include chart playlists.
    chart(bool) => "chart";
}

call! {
    /// `GET /api/artist/{id}/relatedartists`, from [`Artists::related`].
    RelatedArtists -> Vec<RelatedArtist>;
    /// How many (≤ 50).
    limit(u32) => "limit";
}

call! {
    /// `GET /api/artist/{id}/urls`, from [`Artists::urls`].
    ArtistUrls -> Vec<ArtistUrl>;
}

call! {
    /// `GET /api/artist/{id}/tunefind`, from [`Artists::tunefind`].
    ArtistTunefind -> Vec<TunefindRow>;
}

call! {
    /// `GET /api/artist/{id}/where-people-listen`, from [`Artists::where_people_listen`].
    WherePeopleListenCall -> WherePeopleListen;
    /// The first day.
    since(NaiveDate) => "since";
    /// The last day (today by default).
    until(NaiveDate) => "until";
    /// How many cities and countries.
    limit(u32) => "limit";
}

call! {
    /// `GET /api/artist/{id}/instagram-audience-stats`, from [`Artists::instagram_audience`].
    InstagramAudienceCall -> InstagramAudience;
    /// The day (the latest by default).
    date(NaiveDate) => "date";
}
