//! Typed pagination as a `Stream`.

use crate::error::Error;
use crate::request::Request;
use futures_core::Stream;
use futures_util::stream::{self, StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A `Stream` over a list route's pages (`Vec<T>` items) or its items
/// (`T`), from a builder's `pages()` or `items()`.
///
/// It asks for one page at a time, by `offset`, and stops after the last
/// (a short or empty page); an error ends it. It is `Unpin`, so
/// `StreamExt::next` works on it directly, and
/// [`collect_all`](Self::collect_all) gathers everything.
///
/// ```no_run
/// # async fn demo(client: chartmetric::Client) -> chartmetric::Result<()> {
/// use futures_util::StreamExt;
/// let mut tracks = client.artists().tracks(206557).limit(50).items();
/// while let Some(track) = tracks.next().await {
///     println!("{}", track?.name);
/// }
/// # Ok(())
/// # }
/// ```
#[must_use = "a stream does nothing until polled"]
pub struct Paged<'c, T> {
    inner: Pin<Box<dyn Stream<Item = Result<T, Error>> + Send + 'c>>,
}

impl<T> fmt::Debug for Paged<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paged").finish_non_exhaustive()
    }
}

impl<'c, T: DeserializeOwned + Send + 'c> Paged<'c, Vec<T>> {
    pub(crate) fn pages(request: Request<'c>) -> Self {
        let pages = request.pages(None);
        let inner = stream::unfold(pages, |mut pages| async move {
            let page = match pages.next_page().await {
                Ok(Some(page)) => decode(page.into_items()),
                Ok(None) => return None,
                Err(error) => Err(error),
            };
            if page.is_err() {
                pages.done = true;
            }
            Some((page, pages))
        });
        Self { inner: Box::pin(inner) }
    }
}

impl<'c, T: DeserializeOwned + Send + 'c> Paged<'c, T> {
    pub(crate) fn items(request: Request<'c>) -> Self {
        let pages = Paged::<Vec<T>>::pages(request);
        let inner = pages.map_ok(|page| stream::iter(page.into_iter().map(Ok))).try_flatten();
        Self { inner: Box::pin(inner) }
    }
}

impl<T> Paged<'_, T> {
    /// Everything the stream yields, or its first error.
    ///
    /// ```no_run
    /// # async fn demo(client: chartmetric::Client) -> chartmetric::Result<()> {
    /// let albums = client.artists().albums(206557).limit(100).items().collect_all().await?;
    /// println!("{} albums", albums.len());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn collect_all(self) -> Result<Vec<T>, Error> {
        self.inner.try_collect().await
    }
}

impl<T> Stream for Paged<'_, T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.poll_next_unpin(cx)
    }
}

fn decode<T: DeserializeOwned>(items: Vec<serde_json::Value>) -> Result<Vec<T>, Error> {
    items
        .into_iter()
        .map(|item| {
            serde_json::from_value(item)
                .map_err(|e| Error::invalid_response(format!("a list item is not of the expected shape: {e}")))
        })
        .collect()
}
