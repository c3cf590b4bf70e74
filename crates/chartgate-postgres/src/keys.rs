//! The signing keys. The first key ever stored (ordinal 1) is the one to
//! sign with; later keys, once a rotation exists, would only verify.

use crate::error;
use crate::rows::get;
use chartgate_core::{SigningKey, StoreError};
use deadpool_postgres::GenericClient;
use tokio_postgres::Row;

/// Stores the candidate only while the table is empty. Two instances
/// racing both pass `NOT EXISTS`; the unique ordinal makes the later one
/// wait for the first to commit and then do nothing.
const INSERT_FIRST: &str = "INSERT INTO signing_keys (kid, secret, created_at, ordinal) \
     SELECT $1, $2, extract(epoch FROM now())::bigint, 1 \
     WHERE NOT EXISTS (SELECT 1 FROM signing_keys) \
     ON CONFLICT DO NOTHING";
const ALL: &str = "SELECT kid, secret FROM signing_keys ORDER BY ordinal";

/// Stores `candidate` if there is no key yet; returns every key, the one
/// to sign with first. Each statement commits on its own: the `SELECT`
/// sees the key of whichever instance won.
pub(crate) async fn ensure(c: &impl GenericClient, candidate: &SigningKey) -> Result<Vec<SigningKey>, StoreError> {
    let insert = c.prepare_cached(INSERT_FIRST).await.map_err(error::db)?;
    c.execute(&insert, &[&candidate.kid(), &candidate.secret()]).await.map_err(error::db)?;
    let all = c.prepare_cached(ALL).await.map_err(error::db)?;
    let found = c.query(&all, &[]).await.map_err(error::db)?;
    found.iter().map(key).collect()
}

/// A key from `kid, secret`; the kid is derived from the secret, so a
/// mismatch means the row was damaged. The secret never enters a message.
fn key(row: &Row) -> Result<SigningKey, StoreError> {
    let kid: &str = get(row, 0, "signing_keys.kid")?;
    let secret: &[u8] = get(row, 1, "signing_keys.secret")?;
    let key = SigningKey::from_secret(secret).map_err(|e| error::corrupt("signing_keys.secret", e))?;
    if key.kid() != kid {
        return Err(StoreError::Corrupt("a signing key's kid does not match its secret".into()));
    }
    Ok(key)
}
