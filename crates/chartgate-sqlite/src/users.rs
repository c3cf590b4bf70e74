//! Queries on users. Writes take the open transaction and bump the change
//! sequence; reads take any connection.

use crate::error;
use crate::rows::{self, user_columns};
use crate::sql::bump_seq;
use chartgate_core::{Faults, PlanName, StoreError, User, UserId, UserName};
use rusqlite::{Connection, OptionalExtension, Params, Transaction};

const BY_NAME: &str = concat!("SELECT ", user_columns!(), " FROM users WHERE name = ?1");
const BY_ID: &str = concat!("SELECT ", user_columns!(), " FROM users WHERE id = ?1");
const BY_HASH: &str = concat!("SELECT ", user_columns!(), " FROM users WHERE refresh_hash = ?1");
const ALL: &str = concat!("SELECT ", user_columns!(), " FROM users ORDER BY id");
const SINCE: &str = concat!("SELECT ", user_columns!(), " FROM users WHERE seq > ?1 ORDER BY seq, id");
const INSERT: &str = concat!(
    "INSERT INTO users (name, plan, refresh_hash, created_at, seq)",
    " VALUES (?1, ?2, ?3, ?4, ?5) RETURNING ",
    user_columns!()
);
const SET_HASH: &str = concat!(
    "UPDATE users SET refresh_hash = ?2, epoch = epoch + 1, seq = ?3",
    " WHERE id = ?1 RETURNING ",
    user_columns!()
);
const SET_ENABLED: &str = concat!(
    "UPDATE users SET enabled = ?2,",
    " epoch = CASE WHEN ?2 THEN epoch ELSE epoch + 1 END, seq = ?3",
    " WHERE id = ?1 RETURNING ",
    user_columns!()
);
const SET_PLAN: &str = concat!("UPDATE users SET plan = ?2, seq = ?3 WHERE id = ?1 RETURNING ", user_columns!());
const SET_FAULTS: &str = concat!(
    "UPDATE users SET fault_error_ppm = ?2, fault_latency_ms = ?3, seq = ?4 WHERE id = ?1 RETURNING ",
    user_columns!()
);

/// Inserts a user; `hash` is the hex SHA-256 of its refresh token.
pub(crate) fn create(
    tx: &Transaction<'_>,
    name: &UserName,
    plan: &PlanName,
    hash: &str,
    created_at: u64,
) -> Result<User, StoreError> {
    require_plan(tx, plan)?;
    let seq = bump_seq(tx)?;
    let created_at = i64::try_from(created_at).map_err(|_| StoreError::Backend("creation time out of range".into()))?;
    let params = (name.as_str(), plan.as_str(), hash, created_at, seq);
    tx.prepare_cached(INSERT).and_then(|mut s| s.query_row(params, rows::user)).map_err(|e| {
        if error::is_taken_user_name(&e) { StoreError::Conflict(format!("user {name}")) } else { error::db(e) }
    })
}

/// A user by name.
pub(crate) fn by_name(conn: &Connection, name: &str) -> Result<Option<User>, StoreError> {
    one(conn, BY_NAME, [name])
}

/// A user by id.
pub(crate) fn by_id(conn: &Connection, id: UserId) -> Result<Option<User>, StoreError> {
    one(conn, BY_ID, [id.0])
}

/// The user whose refresh token hashes to `hash` (hex).
pub(crate) fn by_refresh_hash(conn: &Connection, hash: &str) -> Result<Option<User>, StoreError> {
    one(conn, BY_HASH, [hash])
}

/// All users, by id.
pub(crate) fn all(conn: &Connection) -> Result<Vec<User>, StoreError> {
    many(conn, ALL, [])
}

/// Users written after change `seq`, in the order they were written.
pub(crate) fn changed_since(conn: &Connection, seq: i64) -> Result<Vec<User>, StoreError> {
    many(conn, SINCE, [seq])
}

/// Replaces or removes the refresh token hash and bumps the epoch.
pub(crate) fn set_refresh_hash(tx: &Transaction<'_>, id: UserId, hash: Option<&str>) -> Result<User, StoreError> {
    let seq = bump_seq(tx)?;
    updated(one(tx, SET_HASH, (id.0, hash, seq)), id)
}

/// Enables or disables; disabling bumps the epoch.
pub(crate) fn set_enabled(tx: &Transaction<'_>, id: UserId, enabled: bool) -> Result<User, StoreError> {
    let seq = bump_seq(tx)?;
    updated(one(tx, SET_ENABLED, (id.0, enabled, seq)), id)
}

/// Moves a user to an existing plan.
pub(crate) fn set_plan(tx: &Transaction<'_>, id: UserId, plan: &PlanName) -> Result<User, StoreError> {
    require_plan(tx, plan)?;
    let seq = bump_seq(tx)?;
    updated(one(tx, SET_PLAN, (id.0, plan.as_str(), seq)), id)
}

/// Sets a user's sandbox faults.
pub(crate) fn set_faults(tx: &Transaction<'_>, id: UserId, f: Faults) -> Result<User, StoreError> {
    let seq = bump_seq(tx)?;
    updated(one(tx, SET_FAULTS, (id.0, f.error_ppm, f.latency_ms, seq)), id)
}

/// [`StoreError::NotFound`] unless the plan exists.
fn require_plan(conn: &Connection, plan: &PlanName) -> Result<(), StoreError> {
    let found = conn
        .prepare_cached("SELECT 1 FROM plans WHERE name = ?1")
        .and_then(|mut s| s.exists([plan.as_str()]))
        .map_err(error::db)?;
    if found { Ok(()) } else { Err(StoreError::NotFound(format!("plan {plan}"))) }
}

/// An updated user, or [`StoreError::NotFound`] when no row matched (the
/// caller's transaction then rolls back, change sequence included).
fn updated(found: Result<Option<User>, StoreError>, id: UserId) -> Result<User, StoreError> {
    found?.ok_or_else(|| StoreError::NotFound(format!("user {id}")))
}

fn one(conn: &Connection, sql: &str, params: impl Params) -> Result<Option<User>, StoreError> {
    conn.prepare_cached(sql).and_then(|mut s| s.query_row(params, rows::user).optional()).map_err(error::db)
}

fn many(conn: &Connection, sql: &str, params: impl Params) -> Result<Vec<User>, StoreError> {
    conn.prepare_cached(sql).and_then(|mut s| s.query_map(params, rows::user)?.collect()).map_err(error::db)
}
