//! Saving rotated refresh tokens: retried, and a failure kept visible.
//!
//! A rotated refresh token that is not saved is lost at exit, and the old
//! one may have stopped working: the account is locked out. So a failed
//! save is retried with backoff, retried again before the next mint and by
//! [`TokenManager::persist`](super::TokenManager::persist), counted, and
//! reported by that call until a save succeeds.

use super::Inner;
use crate::error::{Error, ErrorKind};
use crate::metrics::Counters;
use secrecy::SecretString;
use std::time::Duration;

/// Attempts per save, and the pause before each retry.
const SAVE_RETRIES: [Duration; 2] = [Duration::from_millis(100), Duration::from_millis(500)];

/// What has been handed to the store. Kept under an async mutex that a
/// refresh holds from before its mint until its rotated token is saved.
#[derive(Debug, Default)]
pub(crate) struct SaveState {
    /// The generation whose rotated refresh token was saved last.
    saved: u64,
    /// A rotated token not saved yet, with its generation, and why.
    pending: Option<(SecretString, u64, Error)>,
}

impl SaveState {
    /// The error of the rotated token still unsaved, if any.
    pub(crate) fn failure(&self) -> Option<Error> {
        self.pending.as_ref().map(|(_, _, error)| error.clone())
    }
}

/// Hands a rotated refresh token to the store, newest generation last.
pub(super) async fn save_rotated(inner: &Inner, state: &mut SaveState, token: SecretString, generation: u64) {
    if inner.store.is_none() {
        tracing::warn!("the refresh token was rotated but no store is configured to keep it");
        return;
    }
    if state.saved >= generation {
        return;
    }
    state.pending = Some((token, generation, Error::new(ErrorKind::Store, "not saved yet")));
    retry_pending(inner, state).await;
}

/// Saves the pending rotated token, if any, retrying with backoff.
pub(super) async fn retry_pending(inner: &Inner, state: &mut SaveState) {
    let (Some(store), Some((token, generation, _))) = (inner.store.clone(), state.pending.clone()) else {
        return;
    };
    let mut pauses = SAVE_RETRIES.iter();
    loop {
        let (store, copy) = (store.clone(), token.clone());
        let error = match tokio::task::spawn_blocking(move || store.save(&copy)).await {
            Ok(Ok(())) => {
                state.saved = generation;
                state.pending = None;
                tracing::info!(generation, "saved the rotated refresh token");
                return;
            }
            Ok(Err(error)) => {
                Error::new(ErrorKind::Store, format!("could not save the rotated refresh token: {error}"))
                    .with_source(error)
            }
            Err(error) => Error::new(ErrorKind::Store, format!("the refresh token store failed: {error}")),
        };
        Counters::bump(&inner.counters.refresh_token_save_failures);
        tracing::error!(%error, "saving the rotated refresh token failed");
        state.pending = Some((token.clone(), generation, error));
        match pauses.next() {
            Some(pause) => tokio::time::sleep(*pause).await,
            None => return,
        }
    }
}
