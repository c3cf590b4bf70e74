//! Versioned migrations, embedded in the binary and tracked in
//! `schema_migrations`.
//!
//! All pending migrations and the seeding of the default plans run in one
//! `BEGIN IMMEDIATE` transaction, so two processes migrating the same file
//! at once take turns: the second finds the work done.

use crate::catalog;
use crate::error;
use crate::sql::immediate;
use chartgate_core::{Plan, StoreError};
use rusqlite::{Connection, Transaction};

/// `(version, SQL)`, in order. Never edit a shipped migration: add one.
/// Versions may leave gaps (a branch's migration landing before an earlier
/// number): every version not yet applied is applied, in order.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/0001_init.sql")),
    (2, include_str!("../migrations/0002_signing_key_states.sql")),
    (3, include_str!("../migrations/0003_reuse_and_audit.sql")),
    (4, include_str!("../migrations/0004_plan_access_ttl.sql")),
    (5, include_str!("../migrations/0005_user_faults.sql")),
    (6, include_str!("../migrations/0006_records.sql")),
];

const TRACKING: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (\
     version INTEGER PRIMARY KEY NOT NULL, applied_at INTEGER NOT NULL) STRICT";

/// Applies what is missing and seeds the default plans that do not exist.
/// Returns true when no migration had been applied before.
pub(crate) fn migrate(conn: &mut Connection) -> Result<bool, StoreError> {
    immediate(conn, |tx| {
        tx.execute_batch(TRACKING).map_err(error::db)?;
        let applied = applied_versions(tx)?;
        for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| !applied.contains(v)) {
            apply(tx, *version, sql)?;
        }
        catalog::seed_plans(tx, &Plan::defaults())?;
        Ok(applied.is_empty())
    })
}

/// The applied versions; refuses a schema newer than this code.
fn applied_versions(tx: &Transaction<'_>) -> Result<Vec<i64>, StoreError> {
    let applied: Vec<i64> = tx
        .prepare("SELECT version FROM schema_migrations ORDER BY version")
        .and_then(|mut s| s.query_map([], |row| row.get(0))?.collect())
        .map_err(error::db)?;
    let known = MIGRATIONS.last().map_or(0, |(v, _)| *v);
    if let Some(&newest) = applied.last().filter(|&&v| v > known) {
        return Err(StoreError::Backend(format!(
            "the database schema is at version {newest}, newer than this chartgate knows ({known}); upgrade chartgate"
        )));
    }
    Ok(applied)
}

fn apply(tx: &Transaction<'_>, version: i64, sql: &str) -> Result<(), StoreError> {
    tx.execute_batch(sql).map_err(|e| error::db(e).context(format_args!("migration {version}")))?;
    tx.execute("INSERT INTO schema_migrations (version, applied_at) VALUES (?1, unixepoch())", [version])
        .map_err(error::db)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migration_versions_start_at_one_and_strictly_increase() {
        let versions: Vec<i64> = MIGRATIONS.iter().map(|(v, _)| *v).collect();
        assert_eq!(versions.first(), Some(&1));
        assert!(versions.windows(2).all(|w| w[0] < w[1]), "{versions:?}");
    }
}
