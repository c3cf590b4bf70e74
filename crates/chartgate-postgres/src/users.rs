//! Queries on users. Writes take the open transaction and bump the change
//! sequence; reads take any client.

use crate::error::{self, USER_NAME_KEY, USER_PLAN_FKEY};
use crate::rows::{self, user_columns};
use crate::sql::bump_seq;
use chartgate_core::{Faults, PlanName, StoreError, User, UserId, UserName};
use deadpool_postgres::{GenericClient, Transaction};
use tokio_postgres::types::ToSql;

const BY_NAME: &str = concat!("SELECT ", user_columns!(), " FROM users WHERE name = $1");
const BY_ID: &str = concat!("SELECT ", user_columns!(), " FROM users WHERE id = $1");
const BY_HASH: &str = concat!("SELECT ", user_columns!(), " FROM users WHERE refresh_hash = $1");
const ALL: &str = concat!("SELECT ", user_columns!(), " FROM users ORDER BY id");
const SINCE: &str = concat!("SELECT ", user_columns!(), " FROM users WHERE seq > $1 ORDER BY seq, id");
const INSERT: &str = concat!(
    "INSERT INTO users (name, plan, refresh_hash, created_at, seq)",
    " VALUES ($1, $2, $3, $4, $5) RETURNING ",
    user_columns!()
);
const SET_HASH: &str = concat!(
    "UPDATE users SET refresh_hash = $2, epoch = epoch + 1, seq = $3",
    " WHERE id = $1 RETURNING ",
    user_columns!()
);
const SET_ENABLED: &str = concat!(
    "UPDATE users SET enabled = $2,",
    " epoch = CASE WHEN $2 THEN epoch ELSE epoch + 1 END, seq = $3",
    " WHERE id = $1 RETURNING ",
    user_columns!()
);
const SET_PLAN: &str = concat!("UPDATE users SET plan = $2, seq = $3 WHERE id = $1 RETURNING ", user_columns!());
const SET_FAULTS: &str = concat!(
    "UPDATE users SET fault_error_ppm = $2, fault_latency_ms = $3, seq = $4 WHERE id = $1 RETURNING ",
    user_columns!()
);

/// Inserts a user; `hash` is the hex SHA-256 of its refresh token.
pub(crate) async fn create(
    tx: &Transaction<'_>,
    name: &UserName,
    plan: &PlanName,
    hash: &str,
    created_at: u64,
) -> Result<User, StoreError> {
    require_plan(tx, plan).await?;
    let seq = bump_seq(tx).await?;
    let created_at = i64::try_from(created_at).map_err(|_| StoreError::Backend("creation time out of range".into()))?;
    let params: [&(dyn ToSql + Sync); 5] = [&name.as_str(), &plan.as_str(), &hash, &created_at, &seq];
    let stmt = tx.prepare_cached(INSERT).await.map_err(error::db)?;
    match tx.query_one(&stmt, &params).await {
        Ok(row) => rows::user(&row),
        Err(e) => Err(match error::violated(&e) {
            Some(USER_NAME_KEY) => StoreError::Conflict(format!("user {name}")),
            Some(USER_PLAN_FKEY) => StoreError::NotFound(format!("plan {plan}")),
            _ => error::db(e),
        }),
    }
}

/// A user by name.
pub(crate) async fn by_name(c: &impl GenericClient, name: &str) -> Result<Option<User>, StoreError> {
    one(c, BY_NAME, &[&name]).await
}

/// A user by id.
pub(crate) async fn by_id(c: &impl GenericClient, id: UserId) -> Result<Option<User>, StoreError> {
    one(c, BY_ID, &[&id.0]).await
}

/// The user whose refresh token hashes to `hash` (hex).
pub(crate) async fn by_refresh_hash(c: &impl GenericClient, hash: &str) -> Result<Option<User>, StoreError> {
    one(c, BY_HASH, &[&hash]).await
}

/// All users, by id.
pub(crate) async fn all(c: &impl GenericClient) -> Result<Vec<User>, StoreError> {
    many(c, ALL, &[]).await
}

/// Users written after change `seq`, in the order they were written.
pub(crate) async fn changed_since(c: &impl GenericClient, seq: i64) -> Result<Vec<User>, StoreError> {
    many(c, SINCE, &[&seq]).await
}

/// Replaces or removes the refresh token hash and bumps the epoch.
pub(crate) async fn set_refresh_hash(tx: &Transaction<'_>, id: UserId, hash: Option<&str>) -> Result<User, StoreError> {
    let seq = bump_seq(tx).await?;
    updated(one(tx, SET_HASH, &[&id.0, &hash, &seq]).await, id)
}

/// Enables or disables; disabling bumps the epoch.
pub(crate) async fn set_enabled(tx: &Transaction<'_>, id: UserId, enabled: bool) -> Result<User, StoreError> {
    let seq = bump_seq(tx).await?;
    updated(one(tx, SET_ENABLED, &[&id.0, &enabled, &seq]).await, id)
}

/// Moves a user to an existing plan.
pub(crate) async fn set_plan(tx: &Transaction<'_>, id: UserId, plan: &PlanName) -> Result<User, StoreError> {
    require_plan(tx, plan).await?;
    let seq = bump_seq(tx).await?;
    let found = one(tx, SET_PLAN, &[&id.0, &plan.as_str(), &seq]).await;
    match found {
        Err(StoreError::NotFound(_)) => Err(StoreError::NotFound(format!("plan {plan}"))),
        found => updated(found, id),
    }
}

/// Sets a user's sandbox faults.
pub(crate) async fn set_faults(tx: &Transaction<'_>, id: UserId, f: Faults) -> Result<User, StoreError> {
    let seq = bump_seq(tx).await?;
    let (ppm, ms) = (i64::from(f.error_ppm), i64::from(f.latency_ms));
    updated(one(tx, SET_FAULTS, &[&id.0, &ppm, &ms, &seq]).await, id)
}

/// [`StoreError::NotFound`] unless the plan exists.
async fn require_plan(tx: &Transaction<'_>, plan: &PlanName) -> Result<(), StoreError> {
    let stmt = tx.prepare_cached("SELECT 1 FROM plans WHERE name = $1").await.map_err(error::db)?;
    let found = tx.query_opt(&stmt, &[&plan.as_str()]).await.map_err(error::db)?;
    match found {
        Some(_) => Ok(()),
        None => Err(StoreError::NotFound(format!("plan {plan}"))),
    }
}

/// An updated user, or [`StoreError::NotFound`] when no row matched (the
/// caller's transaction then rolls back, change sequence included).
fn updated(found: Result<Option<User>, StoreError>, id: UserId) -> Result<User, StoreError> {
    found?.ok_or_else(|| StoreError::NotFound(format!("user {id}")))
}

async fn one(c: &impl GenericClient, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Option<User>, StoreError> {
    let stmt = c.prepare_cached(sql).await.map_err(error::db)?;
    let row = c.query_opt(&stmt, params).await.map_err(error::db)?;
    row.as_ref().map(rows::user).transpose()
}

async fn many(c: &impl GenericClient, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<User>, StoreError> {
    let stmt = c.prepare_cached(sql).await.map_err(error::db)?;
    let rows = c.query(&stmt, params).await.map_err(error::db)?;
    rows.iter().map(rows::user).collect()
}
