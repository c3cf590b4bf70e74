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
//!     current token; in the *late* window (the document's 60 s buffer,
//!     scaled) a refresh with the full retry budget runs while callers keep
//!     sending the still-valid token; only an expired token makes them wait;
//!   - any number of concurrent callers cause one mint (single flight), also
//!     when the mint fails: one mint per backoff step;
//!   - a failed refresh never throws away a still-valid token; transient
//!     failures back off with jitter and the next mint waits as long as the
//!     token route's `X-RateLimit-Reset` / `Retry-After` said; a rejected
//!     refresh token is reported as [`ErrorKind::RefreshTokenRejected`];
//!   - the token answer is read tolerantly (`expires_in` missing, a string
//!     or negative; no `scope` or `refresh_token`), and a minted token
//!     counts as valid for at least 60 s;
//!   - a 401 on a data call re-mints (once for many concurrent 401s) and
//!     replays once, but only when the token could have expired or the
//!     server says `invalid_token`; otherwise the 401 is reported and the
//!     token stays in use. [`MintLimits`] caps mints (a token minted because
//!     of a 401 is replaced only after a minimum interval; an hourly budget);
//!   - a token is expired when either the monotonic or the wall clock says
//!     so (a suspended laptop never sends a dead token); the [`Clock`] is
//!     injectable;
//!   - a rotated refresh token is handed to a [`RefreshTokenStore`] by a task
//!     that a cancelled caller cannot abort ([`FileStore`] writes it
//!     atomically with mode 0600); a failed save is retried and reported by
//!     [`Client::persist_refresh_token`];
//!   - tokens are [`SecretString`]s: zeroized, redacted in `Debug`, never
//!     logged; secrets are compared in constant time.
//! * **Rate limits**: a 429 pauses every task of the client until
//!   `X-RateLimit-Reset`, read against the server's `Date` so clock skew does
//!   not matter (and clamped: an absurd value cannot overflow), up to a
//!   maximum wait; its `X-RateLimit-Limit` then paces the client to the
//!   plan's rate, so the released tasks do not trip the limit again.
//!   Optional client-side pacing ([`ClientBuilder::max_requests_per_second`])
//!   keeps a well-configured client from ever seeing a 429. The figures of
//!   the last response are in [`Client::rate_limit`].
//! * **Retries**: data GETs are retried on timeouts, refused or reset
//!   connections, 408, 500, 502, 503 and 504, 3 attempts by default, with
//!   jittered exponential backoff, `Retry-After` honoured and a
//!   [`RetryBudget`]; the token route has its own policy. Every call has an
//!   overall deadline covering token waits, 429 pauses and retries
//!   ([`ClientBuilder::deadline`]); [`Request`] overrides the timeout, the
//!   deadline and the retry policy per call.
//! * **Observability**: `tracing` spans `chartmetric.refresh`,
//!   `chartmetric.mint`, `chartmetric.retry` and `chartmetric.request`, and
//!   counters in [`Client::metrics`].
//!
//! * **Typed calls** for every route of the API, by family:
//!   [`Client::artists`], [`Client::albums`], [`Client::tracks`],
//!   [`Client::playlists`], [`Client::curators`], [`Client::charts`],
//!   [`Client::recommendations`] and [`Client::search`]. Each route has a
//!   builder for its query parameters (dates are [`NaiveDate`]s; platforms,
//!   statuses, chart types, sources, metrics, id and search types are enums
//!   such as [`Platform`] and [`ChartType`]) whose `send()` decodes the
//!   answer into its `chartmetric-types` shape; list routes page as a
//!   `Stream` ([`Paged`]) with `pages()` and `items()`.
//!
//! # What it must not do
//!
//! It depends on the wire types of `chartmetric-types` only, never on a
//! chartgate server crate. It never puts a token in a URL, a log line, an
//! error or a `Debug` output, and never sends one to a host other than the
//! base URL's. Its API names no type of its HTTP client (reqwest): statuses
//! and headers are the `http` 1.x crate's, re-exported as [`http`], so a
//! reqwest upgrade is not a breaking change of this crate.
//!
//! # Features
//!
//! `cli` (on by default, so that `cargo install chartmetric` installs the
//! binary) builds the `chartmetric` command-line tool and brings in clap.
//! SDK users who do not want it depend on
//! `chartmetric = { version = "0.1", default-features = false }`.
//!
//! # Example
//!
//! ```no_run
//! # async fn demo() -> chartmetric::Result<()> {
//! use chartmetric::Client;
//! use std::time::Duration;
//!
//! let client = Client::builder()
//!     .refresh_token(std::env::var("CHARTMETRIC_REFRESH_TOKEN").unwrap_or_default())
//!     .max_requests_per_second(1)
//!     .build()?;
//! let artist = client.artist(206557).await?;
//! println!("{}", artist.name);
//! let date = chartmetric::NaiveDate::from_ymd_opt(2024, 1, 5).unwrap();
//! let viral = client
//!     .charts()
//!     .spotify(date)
//!     .country("US")
//!     .kind(chartmetric::SpotifyChart::Viral)
//!     .send()
//!     .await?;
//! let tracks = client.artists().tracks(206557).limit(50).items().collect_all().await?;
//! let chart: serde_json::Value = client
//!     .request("/api/charts/spotify")
//!     .query("date", "2024-01-01")
//!     .deadline(Duration::from_secs(10))
//!     .obj()
//!     .await?;
//! println!("{:?}", client.rate_limit());
//! # Ok(())
//! # }
//! ```
//!
//! # The command-line tool
//!
//! `chartmetric get PATH` prints the `obj` of a response (`--param`,
//! `--all`, `--format json|ndjson|csv`, `--include`), `chartmetric token` a
//! fresh access token, `chartmetric completions SHELL` a completion script.
//! They read `CHARTMETRIC_REFRESH_TOKEN` (or `CHARTMETRIC_REFRESH_TOKEN_FILE`)
//! and `CHARTMETRIC_BASE_URL` or the matching flags, and cache access tokens
//! under `$XDG_CACHE_HOME/chartmetric/`. Exit codes: 0 ok, 1 stdout not
//! writable, 2 usage, 3 authentication (401, 403, rejected refresh token),
//! 4 not found, 5 rate limited, 6 other error status, 7 transport, timeout,
//! configuration or unreadable response, 8 no refresh token.
#![warn(missing_docs)]

mod api;
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

pub use api::*;
pub use backoff::{RetryBudget, RetryPolicy};
/// The date type of every `date`, `since` and `until` parameter
/// (`chrono::NaiveDate`, sent as `YYYY-MM-DD`).
pub use chrono::NaiveDate;
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
