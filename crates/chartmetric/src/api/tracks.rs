//! The track family (ENDPOINTS.md §3.3), scope `track:read`.

use super::{ChartType, IdType, Platform, StatsPlatform, Status, call, segment};
use crate::Client;
use chartmetric_types::{ChartPage, Placement, Point, Track, TrackIds, TunefindRow};
use chrono::NaiveDate;

/// The track routes: `client.tracks()`.
///
/// ```no_run
/// # async fn demo(client: chartmetric::Client) -> chartmetric::Result<()> {
/// use chartmetric::{IdType, NaiveDate, Platform, StatsPlatform, Status};
/// let tracks = client.tracks();
/// let rows = tracks.ids(IdType::Isrc, "NZUM71200031").send().await?;
/// if let Some(id) = rows.first().and_then(|row| row.chartmetric_ids.first()) {
///     let track = tracks.get(*id).send().await?;
///     let popularity = tracks
///         .stats(track.id, StatsPlatform::Spotify)
///         .since(NaiveDate::from_ymd_opt(2024, 1, 1).unwrap())
///         .send()
///         .await?;
///     let placements = tracks.playlists(track.id, Platform::Spotify, Status::Current).indie(false).send().await?;
///     # let _ = (popularity, placements);
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Tracks<'c> {
    client: &'c Client,
}

impl<'c> Tracks<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        Self { client }
    }

    /// `GET /api/track/{id}`: the track.
    pub fn get(self, id: i64) -> GetTrack<'c> {
        GetTrack::new(self.client.request(&format!("/api/track/{id}")))
    }

    /// `GET /api/track/{id}/{type}/charts`: the track's rows on a chart
    /// from `since` on.
    pub fn charts(self, id: i64, chart: ChartType, since: NaiveDate) -> TrackCharts<'c> {
        TrackCharts::new(self.client.request(&format!("/api/track/{id}/{chart}/charts"))).since(since)
    }

    /// `GET /api/track/{type}/{id}/get-ids`: the track an id (an ISRC, a
    /// Spotify id...) names, with all its ids (`[]` when none matches).
    pub fn ids(self, kind: IdType, id: &str) -> TrackGetIds<'c> {
        TrackGetIds::new(self.client.request(&format!("/api/track/{kind}/{}/get-ids", segment(id))))
    }

    /// `GET /api/track/{id}/{platform}/playlists/snapshot`: the playlists
    /// the track was on on `date`, pageable (`limit` ≤ 100).
    pub fn playlist_snapshot(self, id: i64, platform: Platform, date: NaiveDate) -> TrackPlaylistSnapshot<'c> {
        TrackPlaylistSnapshot::new(self.client.request(&format!("/api/track/{id}/{platform}/playlists/snapshot")))
            .date(date)
    }

    /// `GET /api/track/{id}/{platform}/{status}/playlists`: the track's
    /// playlist placements, pageable (`limit` ≤ 100).
    pub fn playlists(self, id: i64, platform: Platform, status: Status) -> TrackPlaylists<'c> {
        TrackPlaylists::new(self.client.request(&format!("/api/track/{id}/{platform}/{status}/playlists")))
    }

    /// `GET /api/track/{id}/{platform}/stats`: daily Spotify popularity,
    /// YouTube views or Shazam counts.
    pub fn stats(self, id: i64, platform: StatsPlatform) -> TrackStats<'c> {
        TrackStats::new(self.client.request(&format!("/api/track/{id}/{platform}/stats")))
    }

    /// `GET /api/track/{id}/tunefind`: TV and film syncs.
    pub fn tunefind(self, id: i64) -> TrackTunefind<'c> {
        TrackTunefind::new(self.client.request(&format!("/api/track/{id}/tunefind")))
    }
}

call! {
    /// `GET /api/track/{id}`, from [`Tracks::get`].
    GetTrack -> Track;
}

call! {
    /// `GET /api/track/{id}/{type}/charts`, from [`Tracks::charts`].
    TrackCharts -> ChartPage;
    /// The first chart day.
    since(NaiveDate) => "since";
    /// The last chart day (today by default).
    until(NaiveDate) => "until";
}

call! {
    /// `GET /api/track/{type}/{id}/get-ids`, from [`Tracks::ids`].
    TrackGetIds -> Vec<TrackIds>;
}

call! {
    /// `GET /api/track/{id}/{platform}/playlists/snapshot`, from [`Tracks::playlist_snapshot`].
    TrackPlaylistSnapshot -> Vec<Placement>, paged Placement;
    /// The day.
    date(NaiveDate) => "date";
    /// Placements per page (≤ 100).
    limit(u32) => "limit";
    /// Placements to skip.
    offset(u64) => "offset";
}

call! {
    /// `GET /api/track/{id}/{platform}/{status}/playlists`, from [`Tracks::playlists`].
    TrackPlaylists -> Vec<Placement>, paged Placement;
    /// Placements since this day.
    since(NaiveDate) => "since";
    /// Placements until this day.
    until(NaiveDate) => "until";
    /// Only independent curators' playlists (`true`); `false` restricts nothing.
    indie(bool) => "indie";
    /// Placements per page (≤ 100).
    limit(u32) => "limit";
    /// Placements to skip.
    offset(u64) => "offset";
}

call! {
    /// `GET /api/track/{id}/{platform}/stats`, from [`Tracks::stats`].
    TrackStats -> Vec<Point>;
    /// The first day (30 days before `until` by default).
    since(NaiveDate) => "since";
    /// The last day (today by default).
    until(NaiveDate) => "until";
}

call! {
    /// `GET /api/track/{id}/tunefind`, from [`Tracks::tunefind`].
    TrackTunefind -> Vec<TunefindRow>;
}
