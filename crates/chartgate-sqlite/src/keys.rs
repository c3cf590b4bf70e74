//! The signing keys: exactly one active key signs, verifying keys (those
//! rotated out) only verify, retired keys do neither. Changes to the set
//! move the change sequence on, so every instance reloads its key ring
//! within one poll interval.

use crate::error::{self, corrupt_column};
use crate::sql::bump_seq;
use chartgate_core::{KeyAlg, KeyState, SigningKey, StoreError, StoredKey, UnixTime};
use rusqlite::{Connection, OptionalExtension, Row, Transaction};
use std::fmt;

const ALL: &str = "SELECT kid, secret, alg, state, created_at FROM signing_keys ORDER BY ordinal";
const ACTIVE_ALG: &str = "SELECT alg FROM signing_keys WHERE state = 'active'";
const DEMOTE: &str = "UPDATE signing_keys SET state = 'verifying' WHERE state = 'active'";
const INSERT: &str = "INSERT INTO signing_keys (kid, secret, alg, state, created_at, ordinal) \
     VALUES (?1, ?2, ?3, 'active', ?4, (SELECT COALESCE(MAX(ordinal), 0) + 1 FROM signing_keys))";
const RETIRE: &str = "UPDATE signing_keys SET state = 'retired' WHERE kid = ?1 AND state <> 'active' \
     RETURNING kid, secret, alg, state, created_at";
const STATE_OF: &str = "SELECT state FROM signing_keys WHERE kid = ?1";

/// Makes `candidate` active when no key is, or when the active key's
/// algorithm differs; returns every key. Run it in a write transaction so
/// that instances starting together agree.
pub(crate) fn ensure(tx: &Transaction<'_>, candidate: &SigningKey) -> Result<Vec<StoredKey>, StoreError> {
    let active: Option<String> =
        tx.prepare_cached(ACTIVE_ALG).and_then(|mut s| s.query_row([], |r| r.get(0)).optional()).map_err(error::db)?;
    match active {
        Some(alg) if alg == candidate.alg().as_str() => {}
        Some(_) => activate(tx, candidate, now_secs())?,
        None => insert(tx, candidate, now_secs())?,
    }
    all(tx)
}

/// Makes `candidate` the active key; the one active before verifies.
pub(crate) fn rotate(
    tx: &Transaction<'_>,
    candidate: &SigningKey,
    now: UnixTime,
) -> Result<Vec<StoredKey>, StoreError> {
    activate(tx, candidate, now.as_secs())?;
    all(tx)
}

/// Retires a key that is not active: [`StoreError::NotFound`] for an
/// unknown kid or the active key.
pub(crate) fn retire(tx: &Transaction<'_>, kid: &str) -> Result<StoredKey, StoreError> {
    let retired = tx.prepare_cached(RETIRE).and_then(|mut s| s.query_row([kid], key).optional()).map_err(error::db)?;
    if let Some(k) = retired {
        bump_seq(tx)?;
        return Ok(k);
    }
    let state: Option<String> =
        tx.prepare_cached(STATE_OF).and_then(|mut s| s.query_row([kid], |r| r.get(0)).optional()).map_err(error::db)?;
    // Reads "... not found": the key is unknown, or it is the active one.
    Err(StoreError::NotFound(match state {
        Some(_) => format!("a signing key {kid} that is not active (it is active: rotate first)"),
        None => format!("signing key {kid}"),
    }))
}

/// Every key, oldest first.
pub(crate) fn all(conn: &Connection) -> Result<Vec<StoredKey>, StoreError> {
    conn.prepare_cached(ALL).and_then(|mut s| s.query_map([], key)?.collect()).map_err(error::db)
}

fn activate(tx: &Transaction<'_>, candidate: &SigningKey, created_at: u64) -> Result<(), StoreError> {
    tx.prepare_cached(DEMOTE).and_then(|mut s| s.execute([])).map_err(error::db)?;
    insert(tx, candidate, created_at)?;
    bump_seq(tx)?;
    Ok(())
}

fn insert(tx: &Transaction<'_>, k: &SigningKey, created_at: u64) -> Result<(), StoreError> {
    let params = (k.kid(), k.secret(), k.alg().as_str(), created_at as i64);
    tx.prepare_cached(INSERT).and_then(|mut s| s.execute(params)).map_err(error::db)?;
    Ok(())
}

fn now_secs() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// A key from `kid, secret, alg, state, created_at`; the kid is derived
/// from the material, so a mismatch means the row was damaged.
fn key(row: &Row<'_>) -> rusqlite::Result<StoredKey> {
    let alg: KeyAlg = row.get_ref(2)?.as_str()?.parse().map_err(|e| corrupt_column(2, e))?;
    let key = SigningKey::from_parts(alg, row.get_ref(1)?.as_blob()?).map_err(|e| corrupt_column(1, e))?;
    if key.kid() != row.get_ref(0)?.as_str()? {
        return Err(corrupt_column(0, KidMismatch));
    }
    let state: KeyState = row.get_ref(3)?.as_str()?.parse().map_err(|e| corrupt_column(3, e))?;
    let created_at: i64 = row.get(4)?;
    Ok(StoredKey { key, state, created_at: created_at.max(0) as u64 })
}

#[derive(Debug)]
struct KidMismatch;

impl fmt::Display for KidMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a signing key's kid does not match its secret")
    }
}

impl std::error::Error for KidMismatch {}
