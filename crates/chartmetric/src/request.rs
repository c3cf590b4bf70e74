//! One call, as the caller shapes it: path, query, per-call timeout,
//! deadline and retry policy; and what comes back: the status, the headers,
//! the rate-limit figures and the body.
//!
//! Typed calls are thin wrappers over [`Request`]: they build the path and
//! the query and decode the `obj` into their response type.

use crate::backoff::RetryPolicy;
use crate::client::Client;
use crate::error::Error;
use bytes::Bytes;
use chartmetric_types::{Envelope, headers as names};
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The per-call settings that override the client's.
#[derive(Debug, Clone, Default)]
pub(crate) struct CallOptions {
    /// Timeout of each HTTP request of the call.
    pub(crate) timeout: Option<Duration>,
    /// The call's overall deadline: token waits, 429 pauses, retries.
    pub(crate) deadline: Option<Duration>,
    /// How the call's request is retried.
    pub(crate) retry: Option<RetryPolicy>,
    /// Extra headers sent with every attempt of the call.
    pub(crate) headers: HeaderMap,
}

/// A GET request being built: `client.request(path)`, then query
/// parameters and per-call overrides, then [`send`](Self::send) or
/// [`obj`](Self::obj).
///
/// ```no_run
/// # async fn demo(client: chartmetric::Client) -> chartmetric::Result<()> {
/// use chartmetric::RetryPolicy;
/// use std::time::Duration;
/// let tracks: serde_json::Value = client
///     .request("/api/artist/206557/tracks")
///     .query("limit", 50)
///     .query("offset", 0)
///     .timeout(Duration::from_secs(5))
///     .deadline(Duration::from_secs(20))
///     .retry_policy(RetryPolicy::default().max_attempts(5))
///     .obj()
///     .await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct Request<'c> {
    pub(crate) client: &'c Client,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) options: CallOptions,
}

impl fmt::Debug for Request<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("path", &self.path)
            .field("query", &self.query)
            .field("options", &self.options)
            .finish()
    }
}

impl<'c> Request<'c> {
    pub(crate) fn new(client: &'c Client, path: &str) -> Self {
        Self { client, path: path.to_owned(), query: Vec::new(), options: CallOptions::default() }
    }

    /// Adds a query parameter (percent-encoded when sent); repeat a name to
    /// send it several times.
    ///
    /// ```no_run
    /// # fn demo(client: chartmetric::Client) {
    /// let r = client.request("/api/search").query("q", "Lorde").query("limit", 5);
    /// # let _ = r;
    /// # }
    /// ```
    pub fn query(mut self, name: impl Into<String>, value: impl ToString) -> Self {
        self.query.push((name.into(), value.to_string()));
        self
    }

    /// Sets a query parameter, replacing any earlier value of that name
    /// (what the typed builders use, so that a setting may be changed).
    pub(crate) fn set(mut self, name: &str, value: impl ToString) -> Self {
        self.query.retain(|(n, _)| n != name);
        self.query.push((name.to_owned(), value.to_string()));
        self
    }

    /// Adds a header to every attempt of this call, for a server that
    /// takes per-request options in headers (chartgate's sandbox reads
    /// `X-Chartgate-Fault`, for one). `Authorization` belongs to the client:
    /// a header of that name is ignored, as are `Accept` and `Host`.
    ///
    /// ```no_run
    /// # fn demo(client: chartmetric::Client) {
    /// use chartmetric::http::{HeaderName, HeaderValue};
    /// let fault = (HeaderName::from_static("x-chartgate-fault"), HeaderValue::from_static("status=503"));
    /// let r = client.request("/api/artist/1").header(fault.0, fault.1);
    /// # let _ = r;
    /// # }
    /// ```
    pub fn header(mut self, name: http::HeaderName, value: http::HeaderValue) -> Self {
        use http::header::{ACCEPT, AUTHORIZATION, HOST};
        if name != AUTHORIZATION && name != ACCEPT && name != HOST {
            self.options.headers.append(name, value);
        }
        self
    }

    /// Timeout of each HTTP request of this call (the client's, 30 s, by
    /// default).
    ///
    /// ```no_run
    /// # fn demo(client: chartmetric::Client) {
    /// let r = client.request("/api/artist/1").timeout(std::time::Duration::from_secs(3));
    /// # let _ = r;
    /// # }
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// The longest the whole call may take: waiting for a token, 429
    /// pauses, retries and their backoff included (the client's, 120 s, by
    /// default). Past it the call fails with
    /// [`ErrorKind::Timeout`](crate::ErrorKind::Timeout).
    ///
    /// ```no_run
    /// # fn demo(client: chartmetric::Client) {
    /// let r = client.request("/api/artist/1").deadline(std::time::Duration::from_secs(10));
    /// # let _ = r;
    /// # }
    /// ```
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.options.deadline = Some(deadline);
        self
    }

    /// How this call is retried (the client's by default).
    ///
    /// ```no_run
    /// # fn demo(client: chartmetric::Client) {
    /// let r = client.request("/api/artist/1").retry_policy(chartmetric::RetryPolicy::never());
    /// # let _ = r;
    /// # }
    /// ```
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.options.retry = Some(policy);
        self
    }

    /// Sends the request and returns the final response, whatever its
    /// status, after 401 replays, 429 pauses and retries. Fails only when
    /// no response came (transport, deadline, a rate-limit wait too long, a
    /// token that could not be had).
    ///
    /// ```no_run
    /// # async fn demo(client: chartmetric::Client) -> chartmetric::Result<()> {
    /// let response = client.request("/api/artist/206557").send().await?;
    /// println!("{} {:?}", response.status(), response.rate_limit());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn send(self) -> Result<Response, Error> {
        self.client.inner.execute(&self.path, &self.query, &self.options).await
    }

    /// Sends the request and decodes the `obj` of a 2xx answer as `T`; any
    /// other status is an [`Error`].
    ///
    /// ```no_run
    /// # async fn demo(client: chartmetric::Client) -> chartmetric::Result<()> {
    /// let artist: chartmetric::Artist = client.request("/api/artist/206557").obj().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn obj<T: DeserializeOwned>(self) -> Result<T, Error> {
        self.send().await?.obj()
    }

    /// Pages through a list by `offset` and `limit` (`page_size` items per
    /// page, or the server's default when `None`); see [`Pages`](crate::Pages).
    ///
    /// ```no_run
    /// # async fn demo(client: chartmetric::Client) -> chartmetric::Result<()> {
    /// let mut pages = client.request("/api/artist/206557/tracks").pages(Some(100));
    /// while let Some(page) = pages.next_page().await? {
    ///     println!("{} tracks", page.items().len());
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn pages(self, page_size: Option<u64>) -> crate::pages::Pages<'c> {
        crate::pages::Pages::new(self, page_size)
    }
}

/// Rate-limit figures from a response's `X-RateLimit-*` headers.
///
/// ```no_run
/// # fn demo(client: chartmetric::Client) {
/// if let Some(limits) = client.rate_limit() {
///     println!("{:?} of {:?} left until {:?}", limits.remaining, limits.limit, limits.reset);
/// }
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimit {
    /// Requests allowed per one-second window (`X-RateLimit-Limit`).
    pub limit: Option<u32>,
    /// Requests left in the window, this one counted (`X-RateLimit-Remaining`).
    pub remaining: Option<u32>,
    /// When a new request would succeed, by the server's clock (`X-RateLimit-Reset`).
    pub reset: Option<SystemTime>,
}

impl RateLimit {
    /// The figures a response carries; `None` when it carries none.
    pub(crate) fn from_headers(headers: &HeaderMap) -> Option<Self> {
        let number = |name: &str| headers.get(name)?.to_str().ok()?.trim().parse::<u64>().ok();
        let limit = number(names::RATE_LIMIT_LIMIT).map(|n| u32::try_from(n).unwrap_or(u32::MAX));
        let remaining = number(names::RATE_LIMIT_REMAINING).map(|n| u32::try_from(n).unwrap_or(u32::MAX));
        let reset = number(names::RATE_LIMIT_RESET).and_then(|s| UNIX_EPOCH.checked_add(Duration::from_secs(s)));
        (limit.is_some() || remaining.is_some() || reset.is_some()).then_some(Self { limit, remaining, reset })
    }
}

/// A response to a data call: status, headers and the whole body.
///
/// ```no_run
/// # async fn demo(client: chartmetric::Client) -> chartmetric::Result<()> {
/// let response = client.request("/api/artist/206557").send().await?;
/// if response.status().is_success() {
///     let artist: chartmetric::Artist = response.obj()?;
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Response {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl Response {
    /// The HTTP status.
    ///
    /// ```no_run
    /// # fn f(r: chartmetric::Response) { assert!(r.status().is_success()); }
    /// ```
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    ///
    /// ```no_run
    /// # fn f(r: chartmetric::Response) { let _ = r.headers().get("content-type"); }
    /// ```
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `X-RateLimit-*` figures, if the response carries them.
    ///
    /// ```no_run
    /// # fn f(r: chartmetric::Response) { let _ = r.rate_limit().and_then(|l| l.remaining); }
    /// ```
    pub fn rate_limit(&self) -> Option<RateLimit> {
        RateLimit::from_headers(&self.headers)
    }

    /// The raw body.
    ///
    /// ```no_run
    /// # fn f(r: chartmetric::Response) { println!("{} bytes", r.body().len()); }
    /// ```
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The error this response stands for, or itself when it is a 2xx.
    ///
    /// ```no_run
    /// # fn f(r: chartmetric::Response) -> chartmetric::Result<()> { let ok = r.error_for_status()?; Ok(()) }
    /// ```
    pub fn error_for_status(self) -> Result<Self, Error> {
        if self.status.is_success() {
            return Ok(self);
        }
        let message = crate::response::error_message_of(&self.body);
        Err(Error::from_status(self.status, message))
    }

    /// The `obj` of a 2xx body decoded as `T`, or the error the status
    /// stands for.
    ///
    /// ```no_run
    /// # fn f(r: chartmetric::Response) -> chartmetric::Result<()> {
    /// let value: serde_json::Value = r.obj()?;
    /// # Ok(()) }
    /// ```
    pub fn obj<T: DeserializeOwned>(&self) -> Result<T, Error> {
        if !self.status.is_success() {
            let message = crate::response::error_message_of(&self.body);
            return Err(Error::from_status(self.status, message));
        }
        serde_json::from_slice::<Envelope<T>>(&self.body).map(|envelope| envelope.obj).map_err(|e| {
            Error::invalid_response(format!(
                "the {} body is not an {{\"obj\": ...}} of the expected shape: {e}",
                self.status
            ))
        })
    }
}
