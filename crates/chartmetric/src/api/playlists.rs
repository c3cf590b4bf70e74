//! The playlist family (ENDPOINTS.md §3.4, scope `playlist:read`) and the
//! recommendation route beside it (§3.8, scope `recommendation:read`).

use super::{Platform, PlaylistSort, Status, call, segment};
use crate::Client;
use chartmetric_types::{Playlist, TrackRow};
use chrono::NaiveDate;

/// The playlist routes: `client.playlists()`.
///
/// ```no_run
/// # async fn demo(client: chartmetric::Client) -> chartmetric::Result<()> {
/// use chartmetric::{NaiveDate, Platform, PlaylistSort, Status};
/// let playlists = client.playlists();
/// let top = playlists.lists(Platform::Spotify).sort_column(PlaylistSort::Followers).limit(10).send().await?;
/// if let Some(first) = top.first() {
///     let id = first.id.to_string();
///     let playlist = playlists.get(Platform::Spotify, &id).send().await?;
///     let tracks = playlists.tracks(Platform::Spotify, &id, Status::Current).send().await?;
///     let on_new_year = playlists
///         .snapshot(Platform::Spotify, &id, NaiveDate::from_ymd_opt(2024, 1, 1).unwrap())
///         .send()
///         .await?;
///     # let _ = (playlist, tracks, on_new_year);
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Playlists<'c> {
    client: &'c Client,
}

impl<'c> Playlists<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        Self { client }
    }

    /// `GET /api/playlist/{platform}/{id}`: the playlist.
    pub fn get(self, platform: Platform, id: &str) -> GetPlaylist<'c> {
        GetPlaylist::new(self.client.request(&format!("/api/playlist/{platform}/{}", segment(id))))
    }

    /// `GET /api/playlist/{platform}/lists`: playlists, most followed (or
    /// most recently updated) first, pageable (`limit` ≤ 100).
    pub fn lists(self, platform: Platform) -> PlaylistLists<'c> {
        PlaylistLists::new(self.client.request(&format!("/api/playlist/{platform}/lists")))
    }

    /// `GET /api/playlist/{platform}/{id}/snapshot`: the playlist's tracks
    /// on `date`.
    pub fn snapshot(self, platform: Platform, id: &str, date: NaiveDate) -> PlaylistSnapshot<'c> {
        PlaylistSnapshot::new(self.client.request(&format!("/api/playlist/{platform}/{}/snapshot", segment(id))))
            .date(date)
    }

    /// `GET /api/playlist/{platform}/{id}/{span}/tracks`: the playlist's
    /// current or past tracks.
    pub fn tracks(self, platform: Platform, id: &str, span: Status) -> PlaylistTracks<'c> {
        PlaylistTracks::new(self.client.request(&format!("/api/playlist/{platform}/{}/{span}/tracks", segment(id))))
    }
}

/// The recommendation routes: `client.recommendations()`.
///
/// ```no_run
/// # async fn demo(client: chartmetric::Client) -> chartmetric::Result<()> {
/// use chartmetric::Platform;
/// let similar = client.recommendations().similar_playlists(Platform::Spotify, "1001").indie(false).limit(20).send().await?;
/// for playlist in similar {
///     println!("{} ({:?} followers)", playlist.name, playlist.followers);
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Recommendations<'c> {
    client: &'c Client,
}

impl<'c> Recommendations<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        Self { client }
    }

    /// `GET /api/playlist/{platform}/{id}/similarplaylists`: playlists like
    /// this one (`limit` ≤ 100; Apple Music needs a `storefront`).
    pub fn similar_playlists(self, platform: Platform, id: &str) -> SimilarPlaylists<'c> {
        SimilarPlaylists::new(
            self.client.request(&format!("/api/playlist/{platform}/{}/similarplaylists", segment(id))),
        )
    }
}

call! {
    /// `GET /api/playlist/{platform}/{id}`, from [`Playlists::get`].
    GetPlaylist -> Playlist;
    /// The Apple Music storefront (`us`...).
    storefront(&str) => "storefront";
}

call! {
    /// `GET /api/playlist/{platform}/lists`, from [`Playlists::lists`].
    PlaylistLists -> Vec<Playlist>, paged Playlist;
    /// Only independent curators' playlists (`true`) or only the others (`false`).
    indie(bool) => "indie";
    /// Playlists per page (≤ 100).
    limit(u32) => "limit";
    /// Playlists to skip.
    offset(u64) => "offset";
    /// The order.
    sort_column(PlaylistSort) => "sortColumn";
    /// Only playlists of this country (two letters).
    code2(&str) => "code2";
}

call! {
    /// `GET /api/playlist/{platform}/{id}/snapshot`, from [`Playlists::snapshot`].
    PlaylistSnapshot -> Vec<TrackRow>;
    /// The day.
    date(NaiveDate) => "date";
}

call! {
    /// `GET /api/playlist/{platform}/{id}/{span}/tracks`, from [`Playlists::tracks`].
    PlaylistTracks -> Vec<TrackRow>;
}

call! {
    /// `GET /api/playlist/{platform}/{id}/similarplaylists`, from
    /// [`Recommendations::similar_playlists`].
    SimilarPlaylists -> Vec<Playlist>;
    /// The Apple Music storefront (`us`...).
    storefront(&str) => "storefront";
    /// Only independent curators' playlists.
    indie(bool) => "indie";
    /// How many (≤ 100, 9 by default).
    limit(u32) => "limit";
}
