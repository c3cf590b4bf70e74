//! A client for the Chartmetric API, and the `chartmetric` command-line tool.
//!
//! It talks to the real API (`https://api.chartmetric.com`) and to any
//! compatible server, such as chartgate, at another base URL.
//!
//! # What this crate owns
//!
//! * **Token management** as the API's authentication page prescribes, done
//!   right where token libraries often fail:
//!   - one access token serves every request until it nears expiry;
//!   - an *early* window (5 min before expiry of a one-hour token, scaled for
//!     shorter ones) starts one background refresh while callers keep the
//!     current token; a *late* window (the document's 60 s buffer, scaled)
//!     makes callers wait for the new one;
//!   - any number of concurrent callers cause one mint (single flight), also
//!     when the mint fails: one mint per backoff step;
//!   - a failed refresh never throws away a still-valid token; transient
//!     failures back off with jitter, a rejected refresh token is reported
//!     as [`ErrorKind::RefreshTokenRejected`];
//!   - a 401 on a data call re-mints once (once for many concurrent 401s)
//!     and replays the request once;
//!   - a token is expired when either the monotonic or the wall clock says
//!     so (a suspended laptop never sends a dead token); the [`Clock`] is
//!     injectable;
//!   - a rotated refresh token is handed to a [`RefreshTokenStore`] exactly
//!     once, by a task that a cancelled caller cannot abort ([`FileStore`]
//!     writes it atomically with mode 0600);
//!   - tokens are [`SecretString`]s: zeroized, redacted in `Debug`, never
//!     logged.
//! * **Rate limits**: a 429 pauses every task of the client until
//!   `X-RateLimit-Reset`, read against the server's `Date` so clock skew does
//!   not matter, up to a maximum wait; optional client-side pacing
//!   ([`ClientBuilder::max_requests_per_second`]) keeps a well-configured
//!   client from ever seeing a 429.
//! * **Retries** happen at the token route only. A data call is not retried
//!   on 5xx or transport errors; [`Error::is_transient`] tells the caller
//!   when trying again may help.
//! * **Observability**: `tracing` spans `chartmetric.refresh`,
//!   `chartmetric.mint`, `chartmetric.retry` and `chartmetric.request`, and
//!   counters in [`Client::metrics`].
//!
//! # What it must not do
//!
//! It depends on the wire types of `chartmetric-types` only, never on a
//! chartgate server crate. It never puts a token in a URL, a log line, an
//! error or a `Debug` output, and never sends one to a host other than the
//! base URL's.
//!
//! # Example
//!
//! ```no_run
//! # async fn demo() -> chartmetric::Result<()> {
//! use chartmetric::Client;
//!
//! let client = Client::builder()
//!     .refresh_token(std::env::var("CHARTMETRIC_REFRESH_TOKEN").unwrap_or_default())
//!     .max_requests_per_second(1)
//!     .build()?;
//! let artist = client.artist(206557).await?;
//! println!("{}", artist.name);
//! let chart = client.get_json("/api/charts/spotify?date=2024-01-01").await?;
//! # Ok(())
//! # }
//! ```
//!
//! # The command-line tool
//!
//! `chartmetric get PATH` prints the `obj` of a response as JSON, `chartmetric
//! token` a fresh access token. Both read `CHARTMETRIC_REFRESH_TOKEN` and
//! `CHARTMETRIC_BASE_URL` or the `--refresh-token` and `--base-url` flags.
//! Exit codes: 0 ok, 1 stdout not writable, 2 usage, 3 authentication (401, 403, rejected refresh
//! token), 4 not found, 5 rate limited, 6 other error status, 7 transport,
//! configuration or unreadable response.
#![warn(missing_docs)]

mod backoff;
mod call;
mod client;
mod clock;
mod error;
mod metrics;
mod pacing;
mod pages;
mod request;
mod response;
mod secret;
mod store;
mod token;
mod url;

pub use backoff::{RetryBudget, RetryPolicy};
pub use client::{
    AccessToken, Client, ClientBuilder, DEFAULT_BASE_URL, ENV_BASE_URL, ENV_REFRESH_TOKEN, ENV_REFRESH_TOKEN_FILE,
};
pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{Error, ErrorKind, Result};
/// The `http` 1.x crate, whose `StatusCode`, `HeaderMap` and `HeaderValue`
/// this crate's API uses (never its HTTP client's own types).
pub use http;
pub use metrics::Metrics;
pub use pages::{Page, Pages};
pub use request::{RateLimit, Request, Response};
pub use secrecy::{ExposeSecret, SecretString};
pub use store::{FileStore, RefreshTokenStore};
pub use token::MintLimits;

/// The wire types this client speaks, re-exported from `chartmetric-types`.
pub use chartmetric_types as types;
pub use chartmetric_types::Artist;

/// The scaled early and late refresh windows for a token lifetime, as
/// lead times before expiry: `(early, late)`.
///
/// ```
/// use std::time::Duration;
/// let (early, late) = chartmetric::refresh_windows(Duration::from_secs(3600));
/// assert_eq!((early.as_secs(), late.as_secs()), (300, 60));
/// ```
pub fn refresh_windows(lifetime: std::time::Duration) -> (std::time::Duration, std::time::Duration) {
    token::window_leads(lifetime)
}
