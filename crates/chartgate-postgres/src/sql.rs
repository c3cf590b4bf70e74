//! Transactions and the global change sequence.

use crate::error;
use chartgate_core::StoreError;
use deadpool_postgres::{Client, GenericClient, Transaction};

/// Opens a transaction (READ COMMITTED).
pub(crate) async fn begin(client: &mut Client) -> Result<Transaction<'_>, StoreError> {
    client.transaction().await.map_err(error::db)
}

/// Commits; an error means nothing was written.
pub(crate) async fn commit(tx: Transaction<'_>) -> Result<(), StoreError> {
    tx.commit().await.map_err(error::db)
}

/// Moves the change sequence on by one and returns the new value, for the
/// caller to stamp on the rows it writes in the same transaction.
///
/// The row lock this takes on `meta` lasts until the transaction ends, so
/// writers take turns and their numbers become visible in commit order.
pub(crate) async fn bump_seq(tx: &Transaction<'_>) -> Result<i64, StoreError> {
    let sql = "UPDATE meta SET value = value + 1 WHERE key = 'seq' RETURNING value";
    let row = tx.query_one(sql, &[]).await.map_err(error::db)?;
    row.try_get(0).map_err(|e| error::corrupt("meta.seq", e))
}

/// The current change sequence.
pub(crate) async fn change_seq(client: &impl GenericClient) -> Result<i64, StoreError> {
    let stmt = client.prepare_cached("SELECT value FROM meta WHERE key = 'seq'").await.map_err(error::db)?;
    let row = client.query_one(&stmt, &[]).await.map_err(error::db)?;
    row.try_get(0).map_err(|e| error::corrupt("meta.seq", e))
}
