//! The broker's upstream access token, from the `chartmetric` SDK's token
//! manager: the ONE module that names the SDK, so a change of its public
//! API is a change here only.
//!
//! The SDK gives one access token shared by every request, minted once per
//! token lifetime (single flight: any number of requests waiting for a
//! token share one mint; refreshed ahead of expiry), a re-mint on demand
//! ([`chartmetric::Client::refresh`], joining a mint in flight), counters of
//! mint attempts and failures, and a rotated refresh token handed to the
//! store exactly once ([`chartmetric::FileStore`] writes it to a temporary
//! file with mode 0600 and renames it over the old one).
//!
//! This module adds the policy for an upstream 401: a re-mint once per
//! token, however many requests saw the 401, and at most once per
//! [`MIN_FORCED_REMINT`].

use crate::gateway::config::{RefreshTokenSource, Secret};
use chartmetric::{Client, FileStore, RefreshTokenStore};
use http::HeaderValue;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Why no upstream access token could be had.
#[derive(Debug, thiserror::Error)]
pub enum UpstreamTokenError {
    /// The SDK refused the settings (a bad URL, an unreadable token file).
    #[error("upstream token manager: {0}")]
    Config(String),
    /// The upstream refused the refresh token: an operator must act.
    #[error("the upstream rejected chartgate's upstream refresh token: {0}")]
    Rejected(String),
    /// The mint failed otherwise (the upstream is away, slow, or limited).
    #[error("minting an upstream access token failed: {0}")]
    Failed(String),
}

/// An `Authorization` value for the upstream, and which token it holds.
pub struct Authorization {
    /// `Bearer <token>`, marked sensitive.
    pub header: HeaderValue,
    /// The token's generation (how many re-mints upstream 401s had forced
    /// before it), for [`UpstreamTokens::rejected`].
    pub generation: u64,
}

/// Upstream mints so far: every attempt sent to the token route, and those
/// that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MintCounts {
    /// Requests sent to the upstream's token route (retries included).
    pub attempted: u64,
    /// Those that failed.
    pub failed: u64,
}

/// A handle that reads the mint counters (for `/metrics`, which outlives
/// no broker but is built apart from it).
#[derive(Debug, Clone)]
pub struct MintCounter(Client);

impl MintCounter {
    /// The counts now.
    pub fn counts(&self) -> MintCounts {
        let m = self.0.metrics();
        MintCounts { attempted: m.mints, failed: m.mint_failures }
    }
}

/// The shortest time between two re-mints forced by upstream 401s: a 401
/// that a fresh token cannot cure (the real API answers 401 where its scope
/// forbids) must not become a mint per request.
const MIN_FORCED_REMINT: Duration = Duration::from_secs(30);

/// The upstream account's tokens.
pub struct UpstreamTokens {
    client: Client,
    /// Re-mints forced by upstream 401s so far: the current token's generation.
    generation: AtomicU64,
    /// When a re-mint was last forced. Held while one runs, so the requests
    /// that saw the same 401 wait for it and then send its token.
    last_forced: tokio::sync::Mutex<Option<Instant>>,
}

impl UpstreamTokens {
    /// The token manager for the API at `base_url`. Reads the refresh token
    /// now (a missing or empty file is an error at start-up, not at the
    /// first request); mints nothing yet.
    pub fn new(base_url: &str, source: &RefreshTokenSource) -> Result<Self, UpstreamTokenError> {
        let builder = Client::builder().base_url(base_url);
        let builder = match source {
            RefreshTokenSource::File(path) => {
                let store = FileStore::new(path);
                let found = store
                    .load()
                    .map_err(|e| UpstreamTokenError::Config(format!("cannot read the refresh token: {e}")))?;
                if found.is_none() {
                    let whence = format!("{} is missing or empty", path.display());
                    return Err(UpstreamTokenError::Config(format!("no upstream refresh token: {whence}")));
                }
                builder.refresh_token_store(Arc::new(store))
            }
            // A rotated token is then kept by the SDK, in memory only.
            RefreshTokenSource::Value(secret) => builder.refresh_token(nonempty(secret)?.to_owned()),
        };
        let client = builder.build().map_err(|e| UpstreamTokenError::Config(e.to_string()))?;
        Ok(Self { client, generation: AtomicU64::new(0), last_forced: tokio::sync::Mutex::new(None) })
    }

    /// The `Authorization` value to send upstream, minting only when the
    /// current token is missing or near its expiry.
    pub async fn authorization(&self) -> Result<Authorization, UpstreamTokenError> {
        // Read before the token: a token newer than its generation says at
        // worst makes a 401 for it look already answered, never re-mints twice.
        let generation = self.generation.load(Ordering::Acquire);
        let header = self.client.authorization().await.map_err(classify)?;
        Ok(Authorization { header, generation })
    }

    /// The upstream answered 401 to the token of `generation`: unless that
    /// token was already replaced, or a re-mint was forced less than
    /// [`MIN_FORCED_REMINT`] ago, mints a new one now (once, however many
    /// requests saw the 401: the others wait for it), for at most `within`.
    /// Whether a new token is there to replay with.
    pub async fn rejected(&self, generation: u64, within: Duration) -> bool {
        let mut last = self.last_forced.lock().await;
        if self.generation.load(Ordering::Acquire) != generation {
            return true;
        }
        if last.is_some_and(|t| t.elapsed() < MIN_FORCED_REMINT) {
            return false;
        }
        *last = Some(Instant::now());
        tracing::warn!("the upstream rejected chartgate's access token; minting a new one");
        match tokio::time::timeout(within, self.client.refresh()).await {
            Ok(Ok(())) => {
                self.generation.fetch_add(1, Ordering::AcqRel);
                true
            }
            Ok(Err(e)) => {
                tracing::error!(error = %classify(e), "cannot re-mint the upstream access token");
                false
            }
            Err(_) => {
                tracing::error!(?within, "re-minting the upstream access token took too long");
                false
            }
        }
    }

    /// A handle reading the mint counters (attempts, failures), for `/metrics`.
    pub fn counter(&self) -> MintCounter {
        MintCounter(self.client.clone())
    }
}

fn nonempty(secret: &Secret) -> Result<&str, UpstreamTokenError> {
    let token = secret.expose().trim();
    if token.is_empty() {
        return Err(UpstreamTokenError::Config(
            "no upstream refresh token: CHARTGATE_UPSTREAM_REFRESH_TOKEN is empty".into(),
        ));
    }
    Ok(token)
}

fn classify(e: chartmetric::Error) -> UpstreamTokenError {
    match e.kind() {
        chartmetric::ErrorKind::RefreshTokenRejected => UpstreamTokenError::Rejected(e.to_string()),
        _ => UpstreamTokenError::Failed(e.to_string()),
    }
}
