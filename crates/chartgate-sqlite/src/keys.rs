//! The signing keys. The first key ever stored (ordinal 1) is the one to
//! sign with; later keys, once a rotation exists, would only verify.

use crate::error::{self, corrupt_column};
use chartgate_core::{SigningKey, StoreError};
use rusqlite::{Row, Transaction};
use std::fmt;

/// Stores the candidate only while the table is empty.
const INSERT_FIRST: &str = "INSERT INTO signing_keys (kid, secret, created_at, ordinal) \
     SELECT ?1, ?2, unixepoch(), 1 WHERE NOT EXISTS (SELECT 1 FROM signing_keys)";
const ALL: &str = "SELECT kid, secret FROM signing_keys ORDER BY ordinal";

/// Stores `candidate` if there is no key yet; returns every key, the one
/// to sign with first. Run it in a write transaction so that instances
/// starting together agree.
pub(crate) fn ensure(tx: &Transaction<'_>, candidate: &SigningKey) -> Result<Vec<SigningKey>, StoreError> {
    tx.prepare_cached(INSERT_FIRST)
        .and_then(|mut s| s.execute((candidate.kid(), candidate.secret())))
        .map_err(error::db)?;
    tx.prepare_cached(ALL).and_then(|mut s| s.query_map([], key)?.collect()).map_err(error::db)
}

/// A key from `kid, secret`; the kid is derived from the secret, so a
/// mismatch means the row was damaged.
fn key(row: &Row<'_>) -> rusqlite::Result<SigningKey> {
    let key = SigningKey::from_secret(row.get_ref(1)?.as_blob()?).map_err(|e| corrupt_column(1, e))?;
    if key.kid() != row.get_ref(0)?.as_str()? {
        return Err(corrupt_column(0, KidMismatch));
    }
    Ok(key)
}

#[derive(Debug)]
struct KidMismatch;

impl fmt::Display for KidMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a signing key's kid does not match its secret")
    }
}

impl std::error::Error for KidMismatch {}
