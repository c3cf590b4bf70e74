//! Administrative use cases, shared by the `chartgate` commands and tests.
//!
//! Each function is a short script over the [`Store`] port; the binary only
//! parses arguments and prints.

use crate::clock::UnixTime;
use crate::ids::{PlanName, UserName};
use crate::keys::{KeyAlg, KeyState, SigningKey, StoredKey};
use crate::plan::{Plan, PlanChange, PlanError};
use crate::refresh::RefreshToken;
use crate::store::{Faults, Store, StoreError, User};

/// What an administrative command can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// No user by that name.
    #[error("no user named {0:?}")]
    UnknownUser(String),
    /// No plan by that name.
    #[error("no plan named {0:?}; `chartgate plan list` shows the plans")]
    UnknownPlan(String),
    /// The name is taken.
    #[error("a user named {0:?} already exists")]
    DuplicateUser(String),
    /// No signing key has that kid.
    #[error("no signing key with kid {0:?}; `chartgate key list` shows the keys")]
    UnknownKey(String),
    /// The active key cannot be retired.
    #[error("key {0:?} is the active signing key; run `chartgate key rotate` first, then retire it")]
    ActiveKey(String),
    /// The plan change was refused.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

async fn require_plan(store: &dyn Store, plan: &PlanName) -> Result<Plan, AdminError> {
    store
        .list_plans()
        .await?
        .into_iter()
        .find(|p| &p.name == plan)
        .ok_or_else(|| AdminError::UnknownPlan(plan.to_string()))
}

/// Finds a user by name.
pub async fn user(store: &dyn Store, name: &UserName) -> Result<User, AdminError> {
    store.user_by_name(name).await?.ok_or_else(|| AdminError::UnknownUser(name.to_string()))
}

/// Creates a user and its first refresh token, shown to the caller once.
pub async fn add_user(
    store: &dyn Store,
    name: &UserName,
    plan: &PlanName,
    now: UnixTime,
) -> Result<(User, RefreshToken), AdminError> {
    require_plan(store, plan).await?;
    let token = RefreshToken::generate();
    match store.create_user(name, plan, &token.hash(), now).await {
        Ok(user) => Ok((user, token)),
        Err(StoreError::Conflict(_)) => Err(AdminError::DuplicateUser(name.to_string())),
        Err(StoreError::NotFound(_)) => Err(AdminError::UnknownPlan(plan.to_string())),
        Err(e) => Err(e.into()),
    }
}

/// Issues a new refresh token; the old one stops minting at once and the
/// access tokens minted under it end.
pub async fn rotate(store: &dyn Store, name: &UserName) -> Result<(User, RefreshToken), AdminError> {
    let u = user(store, name).await?;
    let token = RefreshToken::generate();
    let u = store.set_refresh_token(u.id, Some(&token.hash())).await?;
    Ok((u, token))
}

/// Leaves the user with no working refresh token and ends its access tokens.
pub async fn revoke(store: &dyn Store, name: &UserName) -> Result<User, AdminError> {
    let u = user(store, name).await?;
    Ok(store.set_refresh_token(u.id, None).await?)
}

/// Enables or disables a user.
pub async fn set_enabled(store: &dyn Store, name: &UserName, on: bool) -> Result<User, AdminError> {
    let u = user(store, name).await?;
    Ok(store.set_enabled(u.id, on).await?)
}

/// Sets the sandbox faults injected into a user's requests ([`Faults::NONE`] clears them).
pub async fn set_faults(store: &dyn Store, name: &UserName, faults: Faults) -> Result<User, AdminError> {
    let u = user(store, name).await?;
    Ok(store.set_user_faults(u.id, faults).await?)
}

/// Moves a user to another plan.
pub async fn set_user_plan(store: &dyn Store, name: &UserName, plan: &PlanName) -> Result<User, AdminError> {
    require_plan(store, plan).await?;
    let u = user(store, name).await?;
    Ok(store.set_user_plan(u.id, plan).await?)
}

/// Creates a plan, or updates it with what `change` names
/// ([`PlanChange::apply`] says what an update keeps).
pub async fn set_plan(store: &dyn Store, change: PlanChange) -> Result<Plan, AdminError> {
    let current = store.list_plans().await?.into_iter().find(|p| p.name == change.name);
    let plan = change.apply(current.as_ref())?;
    store.upsert_plan(&plan).await?;
    Ok(plan)
}

/// Every signing key, oldest first (secrets stay inside [`StoredKey`]).
pub async fn list_keys(store: &dyn Store) -> Result<Vec<StoredKey>, AdminError> {
    Ok(store.signing_keys().await?)
}

/// Makes a new key of `alg` the active one; the key active before keeps
/// verifying the tokens it signed. Returns the new key's kid.
pub async fn rotate_key(store: &dyn Store, alg: KeyAlg, now: UnixTime) -> Result<String, AdminError> {
    let key = SigningKey::generate_alg(alg);
    store.rotate_signing_key(&key, now).await?;
    Ok(key.kid().to_owned())
}

/// Retires a verifying key: tokens signed with it get 401 from then on.
/// The active key cannot be retired (rotate first).
pub async fn retire_key(store: &dyn Store, kid: &str) -> Result<StoredKey, AdminError> {
    let keys = store.signing_keys().await?;
    match keys.iter().find(|k| k.key.kid() == kid).map(|k| k.state) {
        None => Err(AdminError::UnknownKey(kid.to_owned())),
        Some(KeyState::Active) => Err(AdminError::ActiveKey(kid.to_owned())),
        Some(KeyState::Verifying | KeyState::Retired) => Ok(store.retire_signing_key(kid).await?),
    }
}
