//! The refresh tokens that rotation replaced, kept so that presenting one
//! again is recognised (a retry, or theft); and the writes of reuse
//! detection. Writes take the open transaction; a write that returns `None`
//! changed nothing the caller should commit.

use crate::error;
use crate::rows::{self, micros, user_columns};
use crate::sql::bump_seq;
use chartgate_core::{ReplacedRefreshToken, StoreError, UnixTime, User, UserId};
use deadpool_postgres::{GenericClient, Transaction};
use tokio_postgres::types::ToSql;

const KEEP: &str = "INSERT INTO replaced_refresh_tokens (hash, user_id, epoch, replaced_at_us) VALUES ($1, $2, $3, $4)";
const FIND: &str = concat!(
    "SELECT ",
    user_columns!(),
    ", replaced_epoch, replaced_at_us FROM users JOIN (",
    "SELECT user_id, epoch AS replaced_epoch, replaced_at_us FROM replaced_refresh_tokens WHERE hash = $1",
    ") AS replaced ON user_id = users.id"
);
const CURRENT: &str = "SELECT refresh_hash FROM users WHERE id = $1 AND epoch = $2 AND refresh_hash IS NOT NULL";
const SWAP_HASH: &str = concat!(
    "UPDATE users SET refresh_hash = $3, seq = $4",
    " WHERE id = $1 AND refresh_hash = $2 RETURNING ",
    user_columns!()
);
const REVOKE: &str = concat!(
    "UPDATE users SET refresh_hash = NULL, epoch = epoch + 1, seq = $3",
    " WHERE id = $1 AND epoch = $2 RETURNING ",
    user_columns!()
);
const FORGET: &str = "DELETE FROM replaced_refresh_tokens WHERE replaced_at_us < $1";

/// Replaces the hash `old` by `new`, keeping the epoch, and keeps `old` as
/// replaced at `now`; `None` when the user's hash is no longer `old`.
pub(crate) async fn swap(
    tx: &Transaction<'_>,
    id: UserId,
    old: &str,
    new: &str,
    now: UnixTime,
) -> Result<Option<User>, StoreError> {
    let seq = bump_seq(tx).await?;
    let Some(user) = user(tx, SWAP_HASH, &[&id.0, &old, &new, &seq]).await? else {
        return Ok(None);
    };
    let stmt = tx.prepare_cached(KEEP).await.map_err(error::db)?;
    tx.execute(&stmt, &[&old, &id.0, &user.epoch, &micros(now)?]).await.map_err(error::db)?;
    Ok(Some(user))
}

/// Swaps whatever hash the user holds for `new`, if its epoch is `epoch`.
/// A concurrent change between the read and the swap makes it `None`.
pub(crate) async fn rotate_replaced(
    tx: &Transaction<'_>,
    id: UserId,
    epoch: i64,
    new: &str,
    now: UnixTime,
) -> Result<Option<User>, StoreError> {
    let stmt = tx.prepare_cached(CURRENT).await.map_err(error::db)?;
    let Some(row) = tx.query_opt(&stmt, &[&id.0, &epoch]).await.map_err(error::db)? else {
        return Ok(None);
    };
    let current: String = rows::get(&row, 0, "users.refresh_hash")?;
    swap(tx, id, &current, new, now).await
}

/// Removes the user's refresh token and bumps its epoch, if the epoch is
/// still `epoch`.
pub(crate) async fn revoke(tx: &Transaction<'_>, id: UserId, epoch: i64) -> Result<Option<User>, StoreError> {
    let seq = bump_seq(tx).await?;
    user(tx, REVOKE, &[&id.0, &epoch, &seq]).await
}

/// The replaced token whose hash is `hash` (hex), with its user.
pub(crate) async fn find(c: &impl GenericClient, hash: &str) -> Result<Option<ReplacedRefreshToken>, StoreError> {
    let stmt = c.prepare_cached(FIND).await.map_err(error::db)?;
    let row = c.query_opt(&stmt, &[&hash]).await.map_err(error::db)?;
    row.as_ref().map(rows::replaced).transpose()
}

/// Forgets the tokens replaced before `before`.
pub(crate) async fn forget(c: &impl GenericClient, before: UnixTime) -> Result<u64, StoreError> {
    let stmt = c.prepare_cached(FORGET).await.map_err(error::db)?;
    c.execute(&stmt, &[&micros(before)?]).await.map_err(error::db)
}

async fn user(tx: &Transaction<'_>, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Option<User>, StoreError> {
    let stmt = tx.prepare_cached(sql).await.map_err(error::db)?;
    let row = tx.query_opt(&stmt, params).await.map_err(error::db)?;
    row.as_ref().map(rows::user).transpose()
}
