//! The broker's upstream access token, from the `chartmetric` SDK's token
//! manager: the ONE module that names the SDK, so a change of its public
//! API is a change here only.
//!
//! What the SDK gives: one access token shared by every request, one mint
//! per token lifetime (single flight, refreshed ahead of expiry), a rotated
//! refresh token handed to a store exactly once ([`chartmetric::FileStore`]
//! writes it to a temporary file with mode 0600 and renames it over the
//! old one). What this module adds: a re-mint when the upstream rejects the
//! token, once per token, by building a fresh client from the latest
//! refresh token (the SDK in this tree has no public "forget this token";
//! a newer one has `Client::refresh`, which would replace the rebuild).

use crate::gateway::config::{RefreshTokenSource, Secret};
use arc_swap::ArcSwap;
use chartmetric::{Client, ExposeSecret, FileStore, RefreshTokenStore, SecretString};
use http::HeaderValue;
use parking_lot::Mutex;
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
    /// The client generation the token came from, for [`UpstreamTokens::rejected`].
    pub generation: u64,
}

/// The shortest time between two re-mints forced by upstream 401s: a 401
/// that a fresh token cannot cure (the real API answers 401 where its scope
/// forbids) must not become a mint per request.
const MIN_FORCED_REMINT: Duration = Duration::from_secs(30);

/// The upstream account's tokens.
pub struct UpstreamTokens {
    base_url: String,
    store: Arc<dyn RefreshTokenStore>,
    current: ArcSwap<(u64, Client)>,
    /// Mints made by clients already replaced.
    retired_mints: AtomicU64,
    last_forced: Mutex<Option<Instant>>,
}

impl UpstreamTokens {
    /// The token manager for the API at `base_url`. Reads the refresh token
    /// now (a missing or empty file is an error at start-up, not at the
    /// first request); mints nothing yet.
    pub fn new(base_url: &str, source: &RefreshTokenSource) -> Result<Self, UpstreamTokenError> {
        let store: Arc<dyn RefreshTokenStore> = match source {
            RefreshTokenSource::File(path) => Arc::new(FileStore::new(path)),
            RefreshTokenSource::Value(secret) => Arc::new(InMemory::new(secret)),
        };
        let found =
            store.load().map_err(|e| UpstreamTokenError::Config(format!("cannot read the refresh token: {e}")))?;
        if found.is_none() {
            let whence = match source {
                RefreshTokenSource::File(path) => format!("{} is missing or empty", path.display()),
                RefreshTokenSource::Value(_) => "CHARTGATE_UPSTREAM_REFRESH_TOKEN is empty".into(),
            };
            return Err(UpstreamTokenError::Config(format!("no upstream refresh token: {whence}")));
        }
        let client = build(base_url, &store)?;
        Ok(Self {
            base_url: base_url.to_owned(),
            store,
            current: ArcSwap::from_pointee((1, client)),
            retired_mints: AtomicU64::new(0),
            last_forced: Mutex::new(None),
        })
    }

    /// The `Authorization` value to send upstream, minting only when the
    /// current token is missing or near its expiry.
    pub async fn authorization(&self) -> Result<Authorization, UpstreamTokenError> {
        let current = self.current.load_full();
        let token = current.1.access_token().await.map_err(classify)?;
        let mut header = HeaderValue::from_str(&format!("Bearer {}", token.expose_secret()))
            .map_err(|_| UpstreamTokenError::Failed("the upstream minted a token that is no header value".into()))?;
        header.set_sensitive(true);
        Ok(Authorization { header, generation: current.0 })
    }

    /// The upstream answered 401 to the token of `generation`: unless that
    /// token was already replaced, or a re-mint was forced less than
    /// [`MIN_FORCED_REMINT`] ago, the next request mints a new one (once,
    /// however many requests saw the 401). Whether a new token is coming.
    pub fn rejected(&self, generation: u64) -> bool {
        let mut last = self.last_forced.lock();
        let current = self.current.load();
        if current.0 != generation {
            return true;
        }
        if last.is_some_and(|t| t.elapsed() < MIN_FORCED_REMINT) {
            return false;
        }
        match build(&self.base_url, &self.store) {
            Ok(fresh) => {
                self.retired_mints.fetch_add(current.1.metrics().mints, Ordering::Relaxed);
                self.current.store(Arc::new((generation + 1, fresh)));
                *last = Some(Instant::now());
                tracing::warn!("the upstream rejected chartgate's access token; minting a new one");
                true
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot rebuild the upstream token manager");
                false
            }
        }
    }

    /// How many mints were attempted so far (for metrics and tests).
    pub fn mints(&self) -> u64 {
        self.retired_mints.load(Ordering::Relaxed) + self.current.load().1.metrics().mints
    }
}

fn build(base_url: &str, store: &Arc<dyn RefreshTokenStore>) -> Result<Client, UpstreamTokenError> {
    Client::builder()
        .base_url(base_url)
        .refresh_token_store(Arc::clone(store))
        .build()
        .map_err(|e| UpstreamTokenError::Config(e.to_string()))
}

fn classify(e: chartmetric::Error) -> UpstreamTokenError {
    match e.kind() {
        chartmetric::ErrorKind::RefreshTokenRejected => UpstreamTokenError::Rejected(e.to_string()),
        _ => UpstreamTokenError::Failed(e.to_string()),
    }
}

/// A refresh token given as a value: a rotated one is kept in memory, so a
/// rebuilt client uses it.
#[derive(Debug)]
struct InMemory(Mutex<SecretString>);

impl InMemory {
    fn new(secret: &Secret) -> Self {
        Self(Mutex::new(SecretString::from(secret.expose().to_owned())))
    }
}

impl RefreshTokenStore for InMemory {
    fn load(&self) -> std::io::Result<Option<SecretString>> {
        let token = self.0.lock().clone();
        Ok((!token.expose_secret().is_empty()).then_some(token))
    }

    fn save(&self, token: &SecretString) -> std::io::Result<()> {
        *self.0.lock() = token.clone();
        Ok(())
    }
}
