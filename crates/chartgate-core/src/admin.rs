//! Administrative use cases, shared by the `chartgate` commands and tests.
//!
//! Each function is a short script over the [`Store`] port; the binary only
//! parses arguments and prints. Every change is written together with its
//! audit event, in one transaction ([`Store::write_audited`]), under the
//! actor that made it.

use crate::audit::{Action, Actor, AuditEvent, MintActivity, Subject};
use crate::clock::UnixTime;
use crate::ids::{PlanName, UserName};
use crate::keys::{KeyAlg, KeyState, SigningKey, StoredKey};
use crate::plan::{Plan, PlanChange, PlanError};
use crate::refresh::RefreshToken;
use crate::store::{AdminChange, Faults, Store, StoreError, User};
use serde_json::{Value, json};

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

/// Who makes a change, and when: recorded with it in the audit log.
#[derive(Debug, Clone)]
pub struct By<'a> {
    /// The operator or instance.
    pub actor: &'a Actor,
    /// The time of the change.
    pub now: UnixTime,
}

impl<'a> By<'a> {
    /// `actor`, at `now`.
    pub fn new(actor: &'a Actor, now: UnixTime) -> Self {
        Self { actor, now }
    }

    fn event(&self, subject: Subject, action: Action, details: Value) -> AuditEvent {
        AuditEvent::new(self.now, self.actor, subject, action, details)
    }
}

async fn find_plan(store: &dyn Store, plan: &PlanName) -> Result<Option<Plan>, AdminError> {
    Ok(store.list_plans().await?.into_iter().find(|p| &p.name == plan))
}

async fn require_plan(store: &dyn Store, plan: &PlanName) -> Result<Plan, AdminError> {
    find_plan(store, plan).await?.ok_or_else(|| AdminError::UnknownPlan(plan.to_string()))
}

/// Writes a change to a user with its event; the store returns the user.
async fn audited_user(store: &dyn Store, change: AdminChange, event: AuditEvent) -> Result<User, AdminError> {
    store
        .write_audited(&change, &event)
        .await?
        .ok_or_else(|| StoreError::Backend(format!("{}: the store returned no user", event.action)).into())
}

/// Finds a user by name.
pub async fn user(store: &dyn Store, name: &UserName) -> Result<User, AdminError> {
    store.user_by_name(name).await?.ok_or_else(|| AdminError::UnknownUser(name.to_string()))
}

/// A user and its recent mints, as of `now`.
pub async fn show_user(store: &dyn Store, name: &UserName, now: UnixTime) -> Result<(User, MintActivity), AdminError> {
    let u = user(store, name).await?;
    let latest = store.mint_counts(u.id, 2).await?;
    Ok((u, MintActivity::at(now, &latest)))
}

/// Creates a user and its first refresh token, shown to the caller once.
pub async fn add_user(
    store: &dyn Store,
    name: &UserName,
    plan: &PlanName,
    by: &By<'_>,
) -> Result<(User, RefreshToken), AdminError> {
    require_plan(store, plan).await?;
    let token = RefreshToken::generate();
    let change = AdminChange::CreateUser { name: name.clone(), plan: plan.clone(), token: token.hash(), now: by.now };
    let event = by.event(Subject::user(name), Action::USER_ADDED, json!({ "plan": plan }));
    match audited_user(store, change, event).await {
        Ok(user) => Ok((user, token)),
        Err(AdminError::Store(StoreError::Conflict(_))) => Err(AdminError::DuplicateUser(name.to_string())),
        Err(AdminError::Store(StoreError::NotFound(_))) => Err(AdminError::UnknownPlan(plan.to_string())),
        Err(e) => Err(e),
    }
}

/// Issues a new refresh token; the old one stops minting at once and the
/// access tokens minted under it end.
pub async fn rotate(store: &dyn Store, name: &UserName, by: &By<'_>) -> Result<(User, RefreshToken), AdminError> {
    let u = user(store, name).await?;
    let token = RefreshToken::generate();
    let change = AdminChange::SetRefreshToken { id: u.id, token: Some(token.hash()) };
    let event = by.event(Subject::user(name), Action::REFRESH_TOKEN_ROTATED, Value::Null);
    Ok((audited_user(store, change, event).await?, token))
}

/// Leaves the user with no working refresh token and ends its access tokens.
pub async fn revoke(store: &dyn Store, name: &UserName, by: &By<'_>) -> Result<User, AdminError> {
    let u = user(store, name).await?;
    let change = AdminChange::SetRefreshToken { id: u.id, token: None };
    audited_user(store, change, by.event(Subject::user(name), Action::REFRESH_TOKEN_REVOKED, Value::Null)).await
}

/// Enables or disables a user.
pub async fn set_enabled(store: &dyn Store, name: &UserName, on: bool, by: &By<'_>) -> Result<User, AdminError> {
    let u = user(store, name).await?;
    let action = if on { Action::USER_ENABLED } else { Action::USER_DISABLED };
    let change = AdminChange::SetEnabled { id: u.id, enabled: on };
    audited_user(store, change, by.event(Subject::user(name), action, Value::Null)).await
}

/// Sets the sandbox faults injected into a user's requests ([`Faults::NONE`] clears them).
pub async fn set_faults(store: &dyn Store, name: &UserName, faults: Faults, by: &By<'_>) -> Result<User, AdminError> {
    let u = user(store, name).await?;
    let details = json!({ "error_rate": faults.error_rate(), "latency_ms": faults.latency_ms });
    let change = AdminChange::SetFaults { id: u.id, faults };
    audited_user(store, change, by.event(Subject::user(name), Action::USER_FAULTS_SET, details)).await
}

/// Moves a user to another plan.
pub async fn set_user_plan(
    store: &dyn Store,
    name: &UserName,
    plan: &PlanName,
    by: &By<'_>,
) -> Result<User, AdminError> {
    require_plan(store, plan).await?;
    let u = user(store, name).await?;
    let details = json!({ "from": u.plan, "to": plan });
    let change = AdminChange::SetUserPlan { id: u.id, plan: plan.clone() };
    audited_user(store, change, by.event(Subject::user(name), Action::USER_PLAN_CHANGED, details)).await
}

/// Creates a plan, or updates it with what `change` names
/// ([`PlanChange::apply`] says what an update keeps).
pub async fn set_plan(store: &dyn Store, change: PlanChange, by: &By<'_>) -> Result<Plan, AdminError> {
    let current = find_plan(store, &change.name).await?;
    let plan = change.apply(current.as_ref())?;
    let details = json!({
        "created": current.is_none(),
        "rps": plan.rps,
        "mint_rps": plan.mint_rps,
        "scopes": plan.scopes.to_string(),
        "access_ttl": plan.access_ttl,
    });
    let event = by.event(Subject::plan(&plan.name), Action::PLAN_SET, details);
    store.write_audited(&AdminChange::UpsertPlan(plan.clone()), &event).await?;
    Ok(plan)
}

/// Every signing key, oldest first (secrets stay inside [`StoredKey`]).
pub async fn list_keys(store: &dyn Store) -> Result<Vec<StoredKey>, AdminError> {
    Ok(store.signing_keys().await?)
}

/// Makes a new key of `alg` the active one; the key active before keeps
/// verifying the tokens it signed. Returns the new key's kid.
/// The rotation and its audit event are two writes: the event follows it.
pub async fn rotate_key(store: &dyn Store, alg: KeyAlg, by: &By<'_>) -> Result<String, AdminError> {
    let key = SigningKey::generate_alg(alg);
    store.rotate_signing_key(&key, by.now).await?;
    let event = by.event(Subject::key(key.kid()), Action::KEY_ROTATED, json!({ "alg": alg.as_str() }));
    store.append_audit(&event).await?;
    Ok(key.kid().to_owned())
}

/// Retires a verifying key: tokens signed with it get 401 from then on.
/// The active key cannot be retired (rotate first).
pub async fn retire_key(store: &dyn Store, kid: &str, by: &By<'_>) -> Result<StoredKey, AdminError> {
    let keys = store.signing_keys().await?;
    match keys.iter().find(|k| k.key.kid() == kid).map(|k| k.state) {
        None => Err(AdminError::UnknownKey(kid.to_owned())),
        Some(KeyState::Active) => Err(AdminError::ActiveKey(kid.to_owned())),
        Some(KeyState::Verifying | KeyState::Retired) => {
            let retired = store.retire_signing_key(kid).await?;
            store.append_audit(&by.event(Subject::key(kid), Action::KEY_RETIRED, Value::Null)).await?;
            Ok(retired)
        }
    }
}
