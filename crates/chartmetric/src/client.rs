//! The public client: typed and generic calls, tokens, metrics.

mod builder;

pub use builder::{ClientBuilder, DEFAULT_BASE_URL, ENV_BASE_URL, ENV_REFRESH_TOKEN, ENV_REFRESH_TOKEN_FILE};

use crate::backoff::{RetryBank, RetryPolicy};
use crate::clock::ClockSource;
use crate::error::Error;
use crate::metrics::{Counters, Metrics};
use crate::pacing::{Pacer, RateGate};
use crate::request::{CallOptions, RateLimit, Request};
use crate::token::TokenManager;
use chartmetric_types::Artist;
use http::HeaderValue;
use parking_lot::Mutex;
use secrecy::SecretString;
use serde::de::DeserializeOwned;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

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
    pub(crate) inner: Arc<ClientInner>,
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
    /// Timeout of each HTTP request.
    pub(crate) timeout: Duration,
    /// The overall deadline of a call.
    pub(crate) deadline: Duration,
    /// How data requests are retried, and the budget shared by all calls.
    pub(crate) retry: RetryPolicy,
    pub(crate) retry_bank: RetryBank,
    /// The rate-limit figures of the last response that carried them.
    pub(crate) last_rate_limit: Mutex<Option<RateLimit>>,
}

/// An access token and when it expires, from
/// [`Client::current_access_token`]. `Debug` never shows the token.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct AccessToken {
    /// The token, for `Authorization: Bearer <token>`.
    pub token: SecretString,
    /// When it expires, by our wall clock.
    pub expires_at: SystemTime,
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
        self.inner.get_json(&format!("/api/artist/{id}"), &[], &CallOptions::default()).await
    }

    /// The artist routes (`/api/artist/...`); see [`Artists`](crate::Artists).
    ///
    /// ```no_run
    /// # async fn demo(client: chartmetric::Client) -> chartmetric::Result<()> {
    /// let tracks = client.artists().tracks(206557).limit(50).send().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn artists(&self) -> crate::Artists<'_> {
        crate::Artists::new(self)
    }

    /// The album routes (`/api/album/...`); see [`Albums`](crate::Albums).
    ///
    /// ```no_run
    /// # async fn demo(client: chartmetric::Client) -> chartmetric::Result<()> {
    /// let album = client.albums().get(4_000_001).send().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn albums(&self) -> crate::Albums<'_> {
        crate::Albums::new(self)
    }

    /// The track routes (`/api/track/...`); see [`Tracks`](crate::Tracks).
    ///
    /// ```no_run
    /// # async fn demo(client: chartmetric::Client) -> chartmetric::Result<()> {
    /// let track = client.tracks().get(15_000_001).send().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn tracks(&self) -> crate::Tracks<'_> {
        crate::Tracks::new(self)
    }

    /// The playlist routes (`/api/playlist/...`); see [`Playlists`](crate::Playlists).
    ///
    /// ```no_run
    /// # async fn demo(client: chartmetric::Client) -> chartmetric::Result<()> {
    /// let lists = client.playlists().lists(chartmetric::Platform::Spotify).limit(10).send().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn playlists(&self) -> crate::Playlists<'_> {
        crate::Playlists::new(self)
    }

    /// The curator routes (`/api/curator/...`); see [`Curators`](crate::Curators).
    ///
    /// ```no_run
    /// # async fn demo(client: chartmetric::Client) -> chartmetric::Result<()> {
    /// let curators = client.curators().lists(chartmetric::Platform::Spotify).send().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn curators(&self) -> crate::Curators<'_> {
        crate::Curators::new(self)
    }

    /// The chart routes (`/api/charts/...`); see [`Charts`](crate::Charts).
    ///
    /// ```no_run
    /// # async fn demo(client: chartmetric::Client) -> chartmetric::Result<()> {
    /// let date = chartmetric::NaiveDate::from_ymd_opt(2024, 1, 5).unwrap();
    /// let chart = client.charts().spotify(date).country("US").send().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn charts(&self) -> crate::Charts<'_> {
        crate::Charts::new(self)
    }

    /// The recommendation routes; see [`Recommendations`](crate::Recommendations).
    ///
    /// ```no_run
    /// # async fn demo(client: chartmetric::Client) -> chartmetric::Result<()> {
    /// let similar = client.recommendations().similar_playlists(chartmetric::Platform::Spotify, "1001").send().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn recommendations(&self) -> crate::Recommendations<'_> {
        crate::Recommendations::new(self)
    }

    /// `GET /api/search?q=...`: see [`Search`](crate::Search).
    ///
    /// ```no_run
    /// # async fn demo(client: chartmetric::Client) -> chartmetric::Result<()> {
    /// let found = client.search("Lorde").limit(3).send().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn search(&self, query: &str) -> crate::Search<'_> {
        crate::Search::new(self.request("/api/search").set("q", query))
    }

    /// A GET request to shape before sending: query parameters, per-call
    /// timeout, deadline and retry policy; see [`Request`].
    ///
    /// ```no_run
    /// # async fn demo(client: chartmetric::Client) -> chartmetric::Result<()> {
    /// let hits: serde_json::Value = client.request("/api/search").query("q", "Lorde").query("type", "artists").obj().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn request(&self, path: &str) -> Request<'_> {
        Request::new(self, path)
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
        self.inner.get_json(path, &[], &CallOptions::default()).await
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
        self.inner.tokens.access_token(self.inner.deadline).await
    }

    /// The ready `Authorization: Bearer <token>` value, marked sensitive.
    ///
    /// This is the cached path every request takes: while the token is
    /// fresh it costs a read lock, two clock reads and a reference-count
    /// bump, and allocates nothing.
    ///
    /// The value is an [`http::HeaderValue`] (the `http` 1.x crate, which
    /// every Rust HTTP client accepts), not a type of this crate's own HTTP
    /// client.
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
        self.inner.tokens.bearer_within(self.inner.deadline).await.map(|b| b.header)
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

    /// Mints a new access token now, whatever the current one's freshness
    /// (joining a refresh already under way); for when the caller knows the
    /// token was revoked. Counts against the hourly mint budget.
    ///
    /// ```no_run
    /// # async fn demo(client: chartmetric::Client) -> chartmetric::Result<()> {
    /// client.refresh().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn refresh(&self) -> Result<(), Error> {
        self.inner.tokens.refresh().await
    }

    /// The current access token and its expiry, if there is one that may
    /// still be sent; never mints. For saving it for another process
    /// (see [`ClientBuilder::access_token`]).
    ///
    /// ```no_run
    /// # fn demo(client: chartmetric::Client) {
    /// if let Some(t) = client.current_access_token() {
    ///     println!("valid until {:?}", t.expires_at);
    /// }
    /// # }
    /// ```
    pub fn current_access_token(&self) -> Option<AccessToken> {
        self.inner.tokens.current().map(|(token, expires_at)| AccessToken { token, expires_at })
    }

    /// The rate-limit figures (`X-RateLimit-Limit`, `-Remaining`, `-Reset`)
    /// of the last data response that carried them.
    ///
    /// ```no_run
    /// # async fn demo(client: chartmetric::Client) -> chartmetric::Result<()> {
    /// client.artist(206557).await?;
    /// if let Some(limits) = client.rate_limit() {
    ///     println!("{:?} requests left this second", limits.remaining);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn rate_limit(&self) -> Option<RateLimit> {
        *self.inner.last_rate_limit.lock()
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
