//! Transactions and the global change sequence.

use crate::error;
use chartgate_core::StoreError;
use rusqlite::{Connection, Transaction, TransactionBehavior};

/// Runs `f` in a transaction that takes the write lock at once
/// (`BEGIN IMMEDIATE`), so two processes never both read and then both
/// write. Commits when `f` succeeds, rolls back otherwise.
pub(crate) fn immediate<T>(
    conn: &mut Connection,
    f: impl FnOnce(&Transaction<'_>) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(error::db)?;
    let out = f(&tx)?;
    tx.commit().map_err(error::db)?;
    Ok(out)
}

/// Moves the change sequence on by one and returns the new value, for the
/// caller to stamp on the rows it writes in the same transaction.
pub(crate) fn bump_seq(tx: &Transaction<'_>) -> Result<i64, StoreError> {
    tx.prepare_cached("UPDATE meta SET value = value + 1 WHERE key = 'seq' RETURNING value")
        .and_then(|mut s| s.query_row([], |row| row.get(0)))
        .map_err(error::db)
}

/// The current change sequence.
pub(crate) fn change_seq(conn: &Connection) -> Result<i64, StoreError> {
    conn.prepare_cached("SELECT value FROM meta WHERE key = 'seq'")
        .and_then(|mut s| s.query_row([], |row| row.get(0)))
        .map_err(error::db)
}
