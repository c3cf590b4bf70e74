//! The signing keys: exactly one active key signs, verifying keys (those
//! rotated out) only verify, retired keys do neither. Changes to the set
//! move the change sequence on, so every instance reloads its key ring
//! within one poll interval.

use crate::error;
use crate::rows::get;
use crate::sql::bump_seq;
use chartgate_core::{KeyAlg, KeyState, SigningKey, StoreError, StoredKey, UnixTime};
use deadpool_postgres::{GenericClient, Transaction};
use tokio_postgres::Row;

const ALL: &str = "SELECT kid, secret, alg, state, created_at FROM signing_keys ORDER BY ordinal";
/// Writers of keys take turns on the change-sequence row.
const LOCK: &str = "SELECT value FROM meta WHERE key = 'seq' FOR UPDATE";
const ACTIVE_ALG: &str = "SELECT alg FROM signing_keys WHERE state = 'active'";
const DEMOTE: &str = "UPDATE signing_keys SET state = 'verifying' WHERE state = 'active'";
const INSERT: &str = "INSERT INTO signing_keys (kid, secret, alg, state, created_at, ordinal) \
     VALUES ($1, $2, $3, 'active', $4, (SELECT COALESCE(MAX(ordinal), 0) + 1 FROM signing_keys))";
const RETIRE: &str = "UPDATE signing_keys SET state = 'retired' WHERE kid = $1 AND state <> 'active' \
     RETURNING kid, secret, alg, state, created_at";
const STATE_OF: &str = "SELECT state FROM signing_keys WHERE kid = $1";

/// Makes `candidate` active when no key is, or when the active key's
/// algorithm differs; returns every key. Instances starting together take
/// turns on the change-sequence row, so they agree.
pub(crate) async fn ensure(
    tx: &Transaction<'_>,
    candidate: &SigningKey,
    now: UnixTime,
) -> Result<Vec<StoredKey>, StoreError> {
    tx.query_one(LOCK, &[]).await.map_err(error::db)?;
    let active = tx.query_opt(ACTIVE_ALG, &[]).await.map_err(error::db)?;
    let active: Option<&str> = match &active {
        Some(row) => Some(get(row, 0, "signing_keys.alg")?),
        None => None,
    };
    if active != Some(candidate.alg().as_str()) {
        activate(tx, candidate, now).await?;
    }
    all(tx).await
}

/// Makes `candidate` the active key; the one active before verifies.
pub(crate) async fn rotate(
    tx: &Transaction<'_>,
    candidate: &SigningKey,
    now: UnixTime,
) -> Result<Vec<StoredKey>, StoreError> {
    activate(tx, candidate, now).await?;
    all(tx).await
}

/// Retires a key that is not active: [`StoreError::NotFound`] for an
/// unknown kid or the active key.
pub(crate) async fn retire(tx: &Transaction<'_>, kid: &str) -> Result<StoredKey, StoreError> {
    if let Some(row) = tx.query_opt(RETIRE, &[&kid]).await.map_err(error::db)? {
        bump_seq(tx).await?;
        return key(&row);
    }
    let state = tx.query_opt(STATE_OF, &[&kid]).await.map_err(error::db)?;
    // Reads "... not found": the key is unknown, or it is the active one.
    Err(StoreError::NotFound(match state {
        Some(_) => format!("a signing key {kid} that is not active (it is active: rotate first)"),
        None => format!("signing key {kid}"),
    }))
}

/// Every key, oldest first.
pub(crate) async fn all(c: &impl GenericClient) -> Result<Vec<StoredKey>, StoreError> {
    let stmt = c.prepare_cached(ALL).await.map_err(error::db)?;
    c.query(&stmt, &[]).await.map_err(error::db)?.iter().map(key).collect()
}

async fn activate(tx: &Transaction<'_>, candidate: &SigningKey, now: UnixTime) -> Result<(), StoreError> {
    tx.execute(DEMOTE, &[]).await.map_err(error::db)?;
    let created_at = now.as_secs() as i64;
    let params: [&(dyn tokio_postgres::types::ToSql + Sync); 4] =
        [&candidate.kid(), &candidate.secret(), &candidate.alg().as_str(), &created_at];
    tx.execute(INSERT, &params).await.map_err(error::db)?;
    bump_seq(tx).await?;
    Ok(())
}

/// A key from `kid, secret, alg, state, created_at`; the kid is derived
/// from the material, so a mismatch means the row was damaged. The secret
/// never enters a message.
fn key(row: &Row) -> Result<StoredKey, StoreError> {
    let kid: &str = get(row, 0, "signing_keys.kid")?;
    let secret: &[u8] = get(row, 1, "signing_keys.secret")?;
    let alg: KeyAlg =
        get::<&str>(row, 2, "signing_keys.alg")?.parse().map_err(|e| error::corrupt("signing_keys.alg", e))?;
    let key = SigningKey::from_parts(alg, secret).map_err(|e| error::corrupt("signing_keys.secret", e))?;
    if key.kid() != kid {
        return Err(StoreError::Corrupt("a signing key's kid does not match its secret".into()));
    }
    let state: KeyState =
        get::<&str>(row, 3, "signing_keys.state")?.parse().map_err(|e| error::corrupt("signing_keys.state", e))?;
    let created_at: i64 = get(row, 4, "signing_keys.created_at")?;
    Ok(StoredKey { key, state, created_at: created_at.max(0) as u64 })
}
