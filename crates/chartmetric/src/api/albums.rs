//! The album family (ENDPOINTS.md §3.2), scope `album:read`.

use super::{ChartType, IdType, Platform, Status, call, segment};
use crate::Client;
use chartmetric_types::{Album, AlbumIds, ChartPage, Placement, Point, TrackRow, TunefindRow};
use chrono::NaiveDate;

/// The album routes: `client.albums()`.
///
/// ```no_run
/// # async fn demo(client: chartmetric::Client) -> chartmetric::Result<()> {
/// use chartmetric::{ChartType, IdType, NaiveDate, Platform, Status};
/// let albums = client.albums();
/// let album = albums.get(4_000_001).send().await?;
/// let tracks = albums.tracks(album.id).send().await?;
/// let by_upc = albums.ids(IdType::Upc, "00602557085431").send().await?;
/// let since = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
/// let charts = albums.charts(album.id, ChartType::Itunes, since).send().await?;
/// let placements = albums.playlists(album.id, Platform::Spotify, Status::Current).limit(100).items().collect_all().await?;
/// # let _ = (tracks, by_upc, charts, placements);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Albums<'c> {
    client: &'c Client,
}

impl<'c> Albums<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        Self { client }
    }

    /// `GET /api/album/{id}`: the album.
    pub fn get(self, id: i64) -> GetAlbum<'c> {
        GetAlbum::new(self.client.request(&format!("/api/album/{id}")))
    }

    /// `GET /api/album/{id}/{type}/charts`: the album's rows on a chart
    /// (`applemusic`, `itunes`, `amazon`) from `since` on.
    pub fn charts(self, id: i64, chart: ChartType, since: NaiveDate) -> AlbumCharts<'c> {
        AlbumCharts::new(self.client.request(&format!("/api/album/{id}/{chart}/charts"))).since(since)
    }

    /// `GET /api/album/{type}/{id}/get-ids`: the album an id names, with all
    /// its ids (`[]` when none matches).
    pub fn ids(self, kind: IdType, id: &str) -> AlbumGetIds<'c> {
        AlbumGetIds::new(self.client.request(&format!("/api/album/{kind}/{}/get-ids", segment(id))))
    }

    /// `GET /api/album/{id}/{platform}/{status}/playlists`: playlist
    /// placements of the album's tracks, pageable (`limit` ≤ 100).
    pub fn playlists(self, id: i64, platform: Platform, status: Status) -> AlbumPlaylists<'c> {
        AlbumPlaylists::new(self.client.request(&format!("/api/album/{id}/{platform}/{status}/playlists")))
    }

    /// `GET /api/album/{id}/spotify/stats`: the album's daily Spotify
    /// popularity (also served as `…/spotify/followers`).
    pub fn stats(self, id: i64) -> AlbumStats<'c> {
        AlbumStats::new(self.client.request(&format!("/api/album/{id}/spotify/stats")))
    }

    /// `GET /api/album/{id}/tracks`: the album's tracks, in order.
    pub fn tracks(self, id: i64) -> AlbumTracks<'c> {
        AlbumTracks::new(self.client.request(&format!("/api/album/{id}/tracks")))
    }

    /// `GET /api/album/{id}/tunefind`: TV and film syncs of its tracks.
    pub fn tunefind(self, id: i64) -> AlbumTunefind<'c> {
        AlbumTunefind::new(self.client.request(&format!("/api/album/{id}/tunefind")))
    }
}

call! {
    /// `GET /api/album/{id}`, from [`Albums::get`].
    GetAlbum -> Album;
}

call! {
    /// `GET /api/album/{id}/{type}/charts`, from [`Albums::charts`].
    AlbumCharts -> ChartPage;
    /// The first chart day.
    since(NaiveDate) => "since";
    /// The last chart day (today by default).
    until(NaiveDate) => "until";
}

call! {
    /// `GET /api/album/{type}/{id}/get-ids`, from [`Albums::ids`].
    AlbumGetIds -> Vec<AlbumIds>;
}

call! {
    /// `GET /api/album/{id}/{platform}/{status}/playlists`, from [`Albums::playlists`].
    AlbumPlaylists -> Vec<Placement>, paged Placement;
    /// Placements since this day.
    since(NaiveDate) => "since";
    /// Placements until this day.
    until(NaiveDate) => "until";
    /// Placements per page (≤ 100).
    limit(u32) => "limit";
    /// Placements to skip.
    offset(u64) => "offset";
}

call! {
    /// `GET /api/album/{id}/spotify/stats`, from [`Albums::stats`].
    AlbumStats -> Vec<Point>;
    /// The first day (30 days before `until` by default).
    since(NaiveDate) => "since";
    /// The last day (today by default).
    until(NaiveDate) => "until";
}

call! {
    /// `GET /api/album/{id}/tracks`, from [`Albums::tracks`].
    AlbumTracks -> Vec<TrackRow>;
}

call! {
    /// `GET /api/album/{id}/tunefind`, from [`Albums::tunefind`].
    AlbumTunefind -> Vec<TunefindRow>;
}
