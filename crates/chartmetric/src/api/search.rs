//! Search (ENDPOINTS.md §3.6), scope `search:read`.

use super::{SearchType, call};
use chartmetric_types::SearchResults;

call! {
    /// `GET /api/search`, from [`Client::search`](crate::Client::search):
    /// the best matches of a query, one bucket per kind (only the asked
    /// kind's with [`kind`](Self::kind)); `limit` applies per bucket.
    ///
    /// ```no_run
    /// # async fn demo(client: chartmetric::Client) -> chartmetric::Result<()> {
    /// use chartmetric::SearchType;
    /// let found = client.search("Lorde").kind(SearchType::Artists).limit(5).send().await?;
    /// let best = found.artists.unwrap_or_default().into_iter().next();
    /// if let Some(artist) = best {
    ///     let tracks = client.artists().tracks(artist.id).limit(10).send().await?;
    ///     # let _ = tracks;
    /// }
    /// # Ok(())
    /// # }
    /// ```
    Search -> SearchResults;
    /// What to look for (`all` by default).
    kind(SearchType) => "type";
    /// Hits per bucket (10 by default).
    limit(u32) => "limit";
    /// Hits to skip in each bucket.
    offset(u64) => "offset";
}
