//! The refresh tokens that rotation replaced, kept so that presenting one
//! again is recognised (a retry, or theft); and the writes of reuse
//! detection. Writes take the open transaction.

use crate::error;
use crate::rows::{self, micros, user_columns};
use crate::sql::bump_seq;
use chartgate_core::{ReplacedRefreshToken, StoreError, UnixTime, User, UserId};
use rusqlite::{Connection, OptionalExtension, Transaction};

const KEEP: &str = "INSERT INTO replaced_refresh_tokens (hash, user_id, epoch, replaced_at_us) VALUES (?1, ?2, ?3, ?4)";
const FIND: &str = concat!(
    "SELECT ",
    user_columns!(),
    ", replaced_epoch, replaced_at_us FROM users JOIN (",
    "SELECT user_id, epoch AS replaced_epoch, replaced_at_us FROM replaced_refresh_tokens WHERE hash = ?1",
    ") ON user_id = users.id"
);
const CURRENT: &str = "SELECT refresh_hash FROM users WHERE id = ?1 AND epoch = ?2 AND refresh_hash IS NOT NULL";
const SWAP_HASH: &str = concat!(
    "UPDATE users SET refresh_hash = ?3, seq = ?4",
    " WHERE id = ?1 AND refresh_hash = ?2 RETURNING ",
    user_columns!()
);
const REVOKE: &str = concat!(
    "UPDATE users SET refresh_hash = NULL, epoch = epoch + 1, seq = ?3",
    " WHERE id = ?1 AND epoch = ?2 RETURNING ",
    user_columns!()
);
const HAS_EPOCH: &str = "SELECT 1 FROM users WHERE id = ?1 AND epoch = ?2";
const FORGET: &str = "DELETE FROM replaced_refresh_tokens WHERE replaced_at_us < ?1";

/// Replaces the hash `old` by `new`, keeping the epoch, and keeps `old` as
/// replaced at `now`; `None` when the user's hash is no longer `old`.
pub(crate) fn swap(
    tx: &Transaction<'_>,
    id: UserId,
    old: &str,
    new: &str,
    now: UnixTime,
) -> Result<Option<User>, StoreError> {
    let seq = bump_seq(tx)?;
    let swapped = tx
        .prepare_cached(SWAP_HASH)
        .and_then(|mut s| s.query_row((id.0, old, new, seq), rows::user).optional())
        .map_err(error::db)?;
    let Some(user) = swapped else {
        return Ok(None);
    };
    let params = (old, id.0, user.epoch, micros(now)?);
    tx.prepare_cached(KEEP).and_then(|mut s| s.execute(params)).map_err(error::db)?;
    Ok(Some(user))
}

/// Swaps whatever hash the user holds for `new`, if its epoch is `epoch`.
pub(crate) fn rotate_replaced(
    tx: &Transaction<'_>,
    id: UserId,
    epoch: i64,
    new: &str,
    now: UnixTime,
) -> Result<Option<User>, StoreError> {
    let current: Option<String> = tx
        .prepare_cached(CURRENT)
        .and_then(|mut s| s.query_row((id.0, epoch), |row| row.get(0)).optional())
        .map_err(error::db)?;
    match current {
        Some(current) => swap(tx, id, &current, new, now),
        None => Ok(None),
    }
}

/// Removes the user's refresh token and bumps its epoch, if the epoch is
/// still `epoch`.
pub(crate) fn revoke(tx: &Transaction<'_>, id: UserId, epoch: i64) -> Result<Option<User>, StoreError> {
    let current = tx.prepare_cached(HAS_EPOCH).and_then(|mut s| s.exists((id.0, epoch))).map_err(error::db)?;
    if !current {
        return Ok(None);
    }
    let seq = bump_seq(tx)?;
    tx.prepare_cached(REVOKE)
        .and_then(|mut s| s.query_row((id.0, epoch, seq), rows::user).optional())
        .map_err(error::db)
}

/// The replaced token whose hash is `hash` (hex), with its user.
pub(crate) fn find(conn: &Connection, hash: &str) -> Result<Option<ReplacedRefreshToken>, StoreError> {
    conn.prepare_cached(FIND).and_then(|mut s| s.query_row([hash], rows::replaced).optional()).map_err(error::db)
}

/// Forgets the tokens replaced before `before`.
pub(crate) fn forget(tx: &Transaction<'_>, before: UnixTime) -> Result<u64, StoreError> {
    let before = micros(before)?;
    let n = tx.prepare_cached(FORGET).and_then(|mut s| s.execute([before])).map_err(error::db)?;
    Ok(n as u64)
}
