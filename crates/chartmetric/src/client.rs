//! The public client: typed and generic calls, tokens, metrics.

mod builder;

pub use builder::{ClientBuilder, DEFAULT_BASE_URL, ENV_BASE_URL, ENV_REFRESH_TOKEN, ENV_REFRESH_TOKEN_FILE};

use crate::clock::ClockSource;
use crate::error::Error;
use crate::metrics::{Counters, Metrics};
use crate::pacing::{Pacer, RateGate};
use crate::token::TokenManager;
use chartmetric_types::Artist;
use reqwest::header::HeaderValue;
use secrecy::SecretString;
use serde::de::DeserializeOwned;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// A Chartmetric API client.
///
/// Cheap to clone: clones share one access token, one rate-limit pause, one
/// pacer and one set of counters. Create one per refresh token and share it.
///
/// ```no_run
/// # async fn demo() -> chartmetric::Result<()> {
/// let client = chartmetric::Client::from_env()?;
/// let artist = client.artist(206557).await?;
/// println!("{} ({})", artist.name, artist.code2.unwrap_or_default());
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<ClientInner>,
}

pub(crate) struct ClientInner {
    pub(crate) base_url: reqwest::Url,
    pub(crate) http: reqwest::Client,
    pub(crate) tokens: TokenManager,
    pub(crate) gate: RateGate,
    pub(crate) pacer: Option<Pacer>,
    pub(crate) counters: Arc<Counters>,
    pub(crate) clock: ClockSource,
    pub(crate) max_rate_limit_wait: Duration,
    pub(crate) max_rate_limit_retries: u32,
}

impl Client {
    /// A builder with every default; see [`ClientBuilder`].
    ///
    /// ```
    /// let client = chartmetric::Client::builder().refresh_token("example-token").build()?;
    /// # Ok::<(), chartmetric::Error>(())
    /// ```
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client configured from `CHARTMETRIC_REFRESH_TOKEN` (or
    /// `CHARTMETRIC_REFRESH_TOKEN_FILE`) and `CHARTMETRIC_BASE_URL`.
    ///
    /// ```no_run
    /// let client = chartmetric::Client::from_env()?;
    /// # Ok::<(), chartmetric::Error>(())
    /// ```
    pub fn from_env() -> Result<Self, Error> {
        ClientBuilder::from_env().build()
    }

    /// `GET /api/artist/{id}`, unwrapped from its `{"obj": ...}` envelope.
    ///
    /// ```no_run
    /// # async fn demo(client: chartmetric::Client) -> chartmetric::Result<()> {
    /// let lorde = client.artist(206557).await?;
    /// assert_eq!(lorde.id, 206557);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn artist(&self, id: i64) -> Result<Artist, Error> {
        self.get(&format!("/api/artist/{id}")).await
    }

    /// `GET {base}{path}`, the `obj` of the response as any JSON value.
    ///
    /// `path` is relative to the base URL and may carry a query string. A
    /// path that names another host is refused, so the token never leaks.
    ///
    /// ```no_run
    /// # async fn demo(client: chartmetric::Client) -> chartmetric::Result<()> {
    /// let stats = client.get_json("/api/artist/206557/stat/spotify?since=2024-01-01").await?;
    /// println!("{stats}");
    /// # Ok(())
    /// # }
    /// ```
    pub async fn get_json(&self, path: &str) -> Result<serde_json::Value, Error> {
        self.get(path).await
    }

    /// `GET {base}{path}`, the `obj` of the response deserialized as `T`.
    ///
    /// ```no_run
    /// # async fn demo(client: chartmetric::Client) -> chartmetric::Result<()> {
    /// let ids: Vec<i64> = client.get("/api/artist/206557/related-ids").await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, Error> {
        self.inner.get_obj(path).await
    }

    /// A valid access token, minting one only if needed; for use with
    /// another HTTP client (`curl -H "Authorization: Bearer $TOKEN"`).
    ///
    /// ```no_run
    /// use chartmetric::ExposeSecret;
    /// # async fn demo(client: chartmetric::Client) -> chartmetric::Result<()> {
    /// let token = client.access_token().await?;
    /// let header = format!("Bearer {}", token.expose_secret());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn access_token(&self) -> Result<SecretString, Error> {
        self.inner.tokens.access_token().await
    }

    /// The ready `Authorization: Bearer <token>` value, marked sensitive.
    ///
    /// This is the cached path every request takes: while the token is
    /// fresh it costs a read lock, two clock reads and a reference-count
    /// bump, and allocates nothing.
    ///
    /// ```no_run
    /// # async fn demo(client: chartmetric::Client) -> chartmetric::Result<()> {
    /// let value = client.authorization().await?;
    /// let response = reqwest::Client::new()
    ///     .get("https://api.chartmetric.com/api/artist/206557")
    ///     .header(reqwest::header::AUTHORIZATION, value)
    ///     .send()
    ///     .await;
    /// # Ok(())
    /// # }
    /// ```
    #[inline]
    pub async fn authorization(&self) -> Result<HeaderValue, Error> {
        self.inner.tokens.bearer().await.map(|b| b.header)
    }

    /// Makes sure a rotated refresh token reached the
    /// [`RefreshTokenStore`](crate::RefreshTokenStore): waits for a save in
    /// progress and retries one that failed. An error of kind
    /// [`ErrorKind::Store`](crate::ErrorKind::Store) means the current
    /// refresh token lives only in this process: call it before exiting.
    ///
    /// ```no_run
    /// # async fn demo(client: chartmetric::Client) {
    /// if let Err(e) = client.persist_refresh_token().await {
    ///     eprintln!("warning: {e}");
    /// }
    /// # }
    /// ```
    pub async fn persist_refresh_token(&self) -> Result<(), Error> {
        self.inner.tokens.persist().await
    }

    /// A snapshot of the client's counters: mints, retries, 429 waits...
    ///
    /// ```no_run
    /// # fn demo(client: chartmetric::Client) {
    /// assert_eq!(client.metrics().mints, 0);
    /// # }
    /// ```
    pub fn metrics(&self) -> Metrics {
        self.inner.counters.snapshot()
    }

    /// The base URL requests go to.
    ///
    /// ```
    /// let client = chartmetric::Client::builder().refresh_token("t").build()?;
    /// assert_eq!(client.base_url(), "https://api.chartmetric.com/");
    /// # Ok::<(), chartmetric::Error>(())
    /// ```
    pub fn base_url(&self) -> &str {
        self.inner.base_url.as_str()
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("tokens", &"<redacted>")
            .field("metrics", &self.metrics())
            .finish()
    }
}
