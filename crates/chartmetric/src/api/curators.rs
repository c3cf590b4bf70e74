//! The curator family (ENDPOINTS.md §3.5), scope `curator:read`.

use super::{Platform, call};
use crate::Client;
use chartmetric_types::{Curator, Playlist};

/// The curator routes: `client.curators()`.
///
/// ```no_run
/// # async fn demo(client: chartmetric::Client) -> chartmetric::Result<()> {
/// use chartmetric::Platform;
/// let curators = client.curators();
/// let biggest = curators.lists(Platform::Spotify).limit(5).with_social_urls(true).send().await?;
/// if let Some(first) = biggest.first() {
///     let curator = curators.get(Platform::Spotify, first.id).send().await?;
///     let playlists = curators.playlists(Platform::Spotify, curator.id).send().await?;
///     println!("{}: {} playlists", curator.name, playlists.len());
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Curators<'c> {
    client: &'c Client,
}

impl<'c> Curators<'c> {
    pub(crate) fn new(client: &'c Client) -> Self {
        Self { client }
    }

    /// `GET /api/curator/{platform}/lists`: curators, pageable (`limit` ≤ 100).
    pub fn lists(self, platform: Platform) -> CuratorLists<'c> {
        CuratorLists::new(self.client.request(&format!("/api/curator/{platform}/lists")))
    }

    /// `GET /api/curator/{platform}/{id}`: the curator.
    pub fn get(self, platform: Platform, id: i64) -> GetCurator<'c> {
        GetCurator::new(self.client.request(&format!("/api/curator/{platform}/{id}")))
    }

    /// `GET /api/curator/{platform}/{id}/playlists`: the curator's playlists.
    pub fn playlists(self, platform: Platform, id: i64) -> CuratorPlaylists<'c> {
        CuratorPlaylists::new(self.client.request(&format!("/api/curator/{platform}/{id}/playlists")))
    }
}

call! {
    /// `GET /api/curator/{platform}/lists`, from [`Curators::lists`].
    CuratorLists -> Vec<Curator>, paged Curator;
    /// Only independent curators (`true`) or only the others (`false`).
    indie(bool) => "indie";
    /// Curators per page (≤ 100).
    limit(u32) => "limit";
    /// Curators to skip.
    offset(u64) => "offset";
    /// Include the curators' social links.
    with_social_urls(bool) => "withSocialUrls";
}

call! {
    /// `GET /api/curator/{platform}/{id}`, from [`Curators::get`].
    GetCurator -> Curator;
}

call! {
    /// `GET /api/curator/{platform}/{id}/playlists`, from [`Curators::playlists`].
    CuratorPlaylists -> Vec<Playlist>;
}
