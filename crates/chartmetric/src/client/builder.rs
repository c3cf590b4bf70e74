//! Building a client: the builder, its defaults and the environment.
//!
//! A child of `client`, so it can fill in the client's private state: the
//! builder is the only way to construct a [`Client`].

use super::{Client, ClientInner};
use crate::backoff::{RetryBank, RetryBudget, RetryPolicy};
use crate::clock::{Clock, ClockSource};
use crate::error::Error;
use crate::metrics::Counters;
use crate::pacing::{Pacer, RateGate};
use crate::secret::parse_refresh_token;
use crate::store::RefreshTokenStore;
use crate::token::{MintLimits, TokenConfig, TokenManager};
use crate::url::{http_client, join_url, parse_base_url};
use secrecy::SecretString;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use zeroize::Zeroizing;

/// The real API.
///
/// ```
/// let client = chartmetric::Client::builder().refresh_token("t").build()?;
/// assert!(client.base_url().starts_with(chartmetric::DEFAULT_BASE_URL));
/// # Ok::<(), chartmetric::Error>(())
/// ```
pub const DEFAULT_BASE_URL: &str = "https://api.chartmetric.com";
/// Environment variable holding the refresh token.
///
/// ```
/// assert_eq!(chartmetric::ENV_REFRESH_TOKEN, "CHARTMETRIC_REFRESH_TOKEN");
/// ```
pub const ENV_REFRESH_TOKEN: &str = "CHARTMETRIC_REFRESH_TOKEN";
/// Environment variable naming a file that holds the refresh token (used
/// when [`ENV_REFRESH_TOKEN`] is unset), for secrets mounted as files.
///
/// ```
/// assert_eq!(chartmetric::ENV_REFRESH_TOKEN_FILE, "CHARTMETRIC_REFRESH_TOKEN_FILE");
/// ```
pub const ENV_REFRESH_TOKEN_FILE: &str = "CHARTMETRIC_REFRESH_TOKEN_FILE";
/// Environment variable holding the base URL.
///
/// ```
/// let builder = chartmetric::ClientBuilder::from_vars(|name| {
///     (name == chartmetric::ENV_BASE_URL).then(|| "http://127.0.0.1:8080".to_owned())
/// });
/// # let _ = builder;
/// ```
pub const ENV_BASE_URL: &str = "CHARTMETRIC_BASE_URL";

/// Configures a [`Client`]. Every setting has a sensible default except the
/// refresh token.
///
/// Setters never fail; a bad value is reported by [`build`](Self::build).
///
/// ```no_run
/// use chartmetric::Client;
/// use std::time::Duration;
/// let client = Client::builder()
///     .refresh_token(std::env::var("CHARTMETRIC_REFRESH_TOKEN").unwrap_or_default())
///     .base_url("http://127.0.0.1:8080") // a chartgate server
///     .max_requests_per_second(10)
///     .max_rate_limit_wait(Duration::from_secs(30))
///     .build()?;
/// # Ok::<(), chartmetric::Error>(())
/// ```
#[derive(Debug)]
#[must_use]
pub struct ClientBuilder {
    /// The last refresh token given, or why the last one given is unusable
    /// (reported by `build`, unless a later setting replaces it).
    refresh_token: Option<Result<SecretString, Error>>,
    base_url: Option<String>,
    store: Option<Arc<dyn RefreshTokenStore>>,
    clock: Option<Arc<dyn Clock>>,
    proxy: Option<String>,
    root_certificates: Vec<Vec<u8>>,
    timeout: Duration,
    deadline: Duration,
    retry: RetryPolicy,
    request_retry: RetryPolicy,
    retry_budget: RetryBudget,
    mint_limits: MintLimits,
    max_requests_per_second: Option<u32>,
    max_rate_limit_wait: Duration,
    max_rate_limit_retries: u32,
    access_token: Option<(SecretString, SystemTime)>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            refresh_token: None,
            base_url: None,
            store: None,
            clock: None,
            proxy: None,
            root_certificates: Vec::new(),
            timeout: Duration::from_secs(30),
            deadline: Duration::from_secs(120),
            retry: RetryPolicy::default(),
            request_retry: RetryPolicy::requests(),
            retry_budget: RetryBudget::default(),
            mint_limits: MintLimits::default(),
            max_requests_per_second: None,
            max_rate_limit_wait: Duration::from_secs(60),
            max_rate_limit_retries: 5,
            access_token: None,
        }
    }
}

impl ClientBuilder {
    /// An empty builder; same as [`Client::builder`].
    ///
    /// ```
    /// let builder = chartmetric::ClientBuilder::new();
    /// # let _ = builder;
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder filled from the process environment:
    /// `CHARTMETRIC_REFRESH_TOKEN` (or `CHARTMETRIC_REFRESH_TOKEN_FILE`, a
    /// file holding it) and `CHARTMETRIC_BASE_URL`. Later setters override.
    ///
    /// ```no_run
    /// let client = chartmetric::ClientBuilder::from_env().max_requests_per_second(1).build()?;
    /// # Ok::<(), chartmetric::Error>(())
    /// ```
    pub fn from_env() -> Self {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// Like [`from_env`](Self::from_env), reading variables through `lookup`
    /// (a config file, a test's map...).
    ///
    /// ```
    /// let builder = chartmetric::ClientBuilder::from_vars(|name| match name {
    ///     "CHARTMETRIC_REFRESH_TOKEN" => Some("example-token".to_owned()),
    ///     _ => None,
    /// });
    /// assert!(builder.build().is_ok());
    /// ```
    pub fn from_vars(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let mut builder = Self::new();
        if let Some(token) = lookup(ENV_REFRESH_TOKEN).filter(|t| !t.is_empty()) {
            builder = builder.refresh_token(token);
        } else if let Some(path) = lookup(ENV_REFRESH_TOKEN_FILE).filter(|p| !p.is_empty()) {
            builder = builder.refresh_token_file(&path);
        }
        if let Some(url) = lookup(ENV_BASE_URL).filter(|u| !u.is_empty()) {
            builder = builder.base_url(url);
        }
        builder
    }

    fn refresh_token_file(mut self, path: &str) -> Self {
        match std::fs::read_to_string(path) {
            Ok(text) => self.refresh_token(Zeroizing::new(text).trim()),
            Err(e) => {
                let error = Error::config(format!("cannot read the refresh token file {path}: {e}"));
                self.refresh_token = Some(Err(error));
                self
            }
        }
    }

    /// The refresh token. Surrounding whitespace is trimmed with a warning.
    ///
    /// Replaces any earlier one, including one from the environment that
    /// could not be read: the last setting wins.
    ///
    /// ```
    /// let builder = chartmetric::Client::builder().refresh_token("example-token");
    /// # let _ = builder;
    /// ```
    pub fn refresh_token(mut self, token: impl Into<String>) -> Self {
        self.refresh_token = Some(parse_refresh_token(token.into()));
        self
    }

    /// The server: the real API by default, or any compatible one such as
    /// chartgate (`http://127.0.0.1:8080`). A trailing `/` is ignored.
    ///
    /// ```
    /// let builder = chartmetric::Client::builder().base_url("http://127.0.0.1:8080/");
    /// # let _ = builder;
    /// ```
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Where a rotated refresh token is saved (and loaded from at build).
    ///
    /// ```no_run
    /// use std::sync::Arc;
    /// let builder = chartmetric::Client::builder()
    ///     .refresh_token_store(Arc::new(chartmetric::FileStore::new("token.txt")));
    /// # let _ = builder;
    /// ```
    pub fn refresh_token_store(mut self, store: Arc<dyn RefreshTokenStore>) -> Self {
        self.store = Some(store);
        self
    }

    /// The clock deciding token expiry; [`SystemClock`](crate::SystemClock) by default.
    ///
    /// ```
    /// use std::sync::Arc;
    /// let clock = Arc::new(chartmetric::ManualClock::new());
    /// let builder = chartmetric::Client::builder().clock(clock.clone());
    /// # let _ = builder;
    /// ```
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Sends every request through this proxy (`http://`, `https://` or
    /// `socks5://` URL). Without it, the `HTTPS_PROXY`-style environment
    /// variables are honoured.
    ///
    /// ```
    /// let builder = chartmetric::Client::builder().proxy("http://proxy.internal:3128");
    /// # let _ = builder;
    /// ```
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// Trusts this PEM-encoded root certificate too (a private CA in front
    /// of a chartgate server), besides the built-in web roots.
    ///
    /// ```no_run
    /// let pem = std::fs::read("ca.pem")?;
    /// let builder = chartmetric::Client::builder().add_root_certificate_pem(pem);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn add_root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates.push(pem.into());
        self
    }

    /// The overall deadline of each call: waiting for a token, 429 pauses,
    /// retries and their backoff included; 120 s by default. Overridable per
    /// call ([`Request::deadline`](crate::Request::deadline)).
    ///
    /// ```
    /// let builder = chartmetric::Client::builder().deadline(std::time::Duration::from_secs(20));
    /// # let _ = builder;
    /// ```
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// How data requests (GET) are retried: 3 attempts by default, on
    /// timeouts, refused or reset connections, 408, 500, 502, 503 and 504,
    /// with jittered exponential backoff and `Retry-After` honoured.
    /// Overridable per call ([`Request::retry_policy`](crate::Request::retry_policy)).
    ///
    /// ```
    /// let builder = chartmetric::Client::builder().retry_policy(chartmetric::RetryPolicy::never());
    /// # let _ = builder;
    /// ```
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.request_retry = policy;
        self
    }

    /// The share of calls that retries may add; see [`RetryBudget`].
    ///
    /// ```
    /// let builder = chartmetric::Client::builder().retry_budget(chartmetric::RetryBudget::new(0.1, 5));
    /// # let _ = builder;
    /// ```
    pub fn retry_budget(mut self, budget: RetryBudget) -> Self {
        self.retry_budget = budget;
        self
    }

    /// Timeout of each HTTP request, mints included; 30 s by default.
    ///
    /// ```
    /// let builder = chartmetric::Client::builder().timeout(std::time::Duration::from_secs(10));
    /// # let _ = builder;
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How failed mints are retried: 4 attempts, 250 ms base delay, 10 s
    /// cap by default.
    ///
    /// ```
    /// let builder = chartmetric::Client::builder()
    ///     .mint_retry_policy(chartmetric::RetryPolicy::default().max_attempts(6));
    /// # let _ = builder;
    /// ```
    pub fn mint_retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Caps on minting: the minimum age of a token before a 401 may
    /// replace it, and the hourly budget of mints; see [`MintLimits`].
    ///
    /// ```
    /// let builder = chartmetric::Client::builder().mint_limits(chartmetric::MintLimits::default().per_hour(20));
    /// # let _ = builder;
    /// ```
    pub fn mint_limits(mut self, limits: MintLimits) -> Self {
        self.mint_limits = limits;
        self
    }

    /// Paces data requests to at most `n` per second on the client, as the
    /// plan allows, so that the server never needs to answer 429.
    ///
    /// ```
    /// let builder = chartmetric::Client::builder().max_requests_per_second(1);
    /// # let _ = builder;
    /// ```
    pub fn max_requests_per_second(mut self, n: u32) -> Self {
        self.max_requests_per_second = Some(n);
        self
    }

    /// The longest a request waits for a rate-limit reset; a longer pause
    /// fails at once with [`ErrorKind::RateLimited`](crate::ErrorKind). 60 s
    /// by default.
    ///
    /// ```
    /// let builder = chartmetric::Client::builder().max_rate_limit_wait(std::time::Duration::from_secs(5));
    /// # let _ = builder;
    /// ```
    pub fn max_rate_limit_wait(mut self, wait: Duration) -> Self {
        self.max_rate_limit_wait = wait;
        self
    }

    /// How many 429s one call sits out before giving up; 5 by default.
    ///
    /// ```
    /// let builder = chartmetric::Client::builder().max_rate_limit_retries(2);
    /// # let _ = builder;
    /// ```
    pub fn max_rate_limit_retries(mut self, retries: u32) -> Self {
        self.max_rate_limit_retries = retries;
        self
    }

    /// Starts with an access token minted elsewhere (another process, a
    /// cache), valid until `valid_until`, instead of minting first.
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    /// let builder = chartmetric::Client::builder()
    ///     .access_token("an-access-token", SystemTime::now() + Duration::from_secs(600));
    /// # let _ = builder;
    /// ```
    pub fn access_token(mut self, token: impl Into<String>, valid_until: SystemTime) -> Self {
        self.access_token = Some((SecretString::from(token.into()), valid_until));
        self
    }

    /// Checks the settings and builds the client.
    ///
    /// Fails with [`ErrorKind::Config`](crate::ErrorKind) when no refresh
    /// token was given, the base URL is not an `http(s)` URL, or the store
    /// cannot be read. Does no network I/O.
    ///
    /// ```
    /// let client = chartmetric::Client::builder().refresh_token("example-token").build();
    /// assert!(client.is_ok());
    /// ```
    pub fn build(self) -> Result<Client, Error> {
        let configured = self.refresh_token.transpose()?;
        let base_url = parse_base_url(self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))?;
        let refresh_token = initial_refresh_token(configured, self.store.as_deref())?;
        let http = http_client(self.timeout, self.proxy.as_deref(), &self.root_certificates)?;
        let clock = self.clock.map_or(ClockSource::System, ClockSource::Custom);
        let counters = Arc::new(Counters::default());
        let tokens = TokenManager::new(TokenConfig {
            http: http.clone(),
            token_url: join_url(&base_url, chartmetric_types::TOKEN_PATH)?,
            refresh_token,
            store: self.store,
            clock: clock.clone(),
            policy: self.retry,
            limits: self.mint_limits,
            counters: Arc::clone(&counters),
        });
        if let Some((token, valid_until)) = self.access_token {
            tokens.seed(token, valid_until)?;
        }
        let pacer = pacer(self.max_requests_per_second)?;
        let inner = ClientInner {
            base_url,
            http,
            tokens,
            gate: RateGate::default(),
            pacer,
            counters,
            clock,
            max_rate_limit_wait: self.max_rate_limit_wait,
            max_rate_limit_retries: self.max_rate_limit_retries,
            timeout: self.timeout,
            deadline: self.deadline,
            retry: self.request_retry,
            retry_bank: RetryBank::new(self.retry_budget),
            last_rate_limit: parking_lot::Mutex::new(None),
        };
        Ok(Client { inner: Arc::new(inner) })
    }
}

fn pacer(per_second: Option<u32>) -> Result<Option<Pacer>, Error> {
    match per_second {
        Some(0) => Err(Error::config("max_requests_per_second must be at least 1")),
        Some(n) => Ok(Some(Pacer::new(n))),
        None => Ok(None),
    }
}

/// A stored (possibly rotated) token wins over the configured one.
fn initial_refresh_token(
    configured: Option<SecretString>,
    store: Option<&dyn RefreshTokenStore>,
) -> Result<SecretString, Error> {
    let stored = match store {
        Some(store) => store.load().map_err(|e| Error::config(format!("cannot read the refresh token store: {e}")))?,
        None => None,
    };
    if stored.is_some() {
        tracing::info!("using the refresh token from the store");
    }
    stored.or(configured).ok_or_else(|| {
        let message = format!("no refresh token: set {ENV_REFRESH_TOKEN} or give one explicitly");
        Error::new(crate::ErrorKind::MissingCredentials, message)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_refresh_token_or_bad_base_url_is_a_config_error() {
        let kind = |b: ClientBuilder| b.build().map(|_| ()).map_err(|e| e.kind());
        let config = Err(crate::ErrorKind::Config);
        assert_eq!(kind(ClientBuilder::new()), Err(crate::ErrorKind::MissingCredentials));
        assert_eq!(kind(ClientBuilder::new().refresh_token("t").base_url("ftp://x")), config);
        assert_eq!(kind(ClientBuilder::new().refresh_token(" ")), config);
        assert_eq!(kind(ClientBuilder::new().refresh_token("t").max_requests_per_second(0)), config);
        assert_eq!(kind(ClientBuilder::new().refresh_token("t")), Ok(()));
    }

    #[test]
    fn a_later_setting_overrides_an_unreadable_refresh_token_file_from_the_environment() {
        let builder = ClientBuilder::from_vars(|name| {
            (name == ENV_REFRESH_TOKEN_FILE).then(|| "/nonexistent/chartmetric-token".to_owned())
        });
        builder.refresh_token("given-later").build().expect("the later setting wins");
        let bad_then_good = ClientBuilder::new().refresh_token(" ").refresh_token("good");
        bad_then_good.build().expect("the later setting wins");
        let bad_url_then_good = ClientBuilder::new().refresh_token("t").base_url("ftp://x").base_url("http://h");
        bad_url_then_good.build().expect("the later URL wins");
    }
}
