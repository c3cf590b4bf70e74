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
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/0001_init.sql")),
    (2, include_str!("../migrations/0002_signing_key_states.sql")),
    (4, include_str!("../migrations/0004_plan_access_ttl.sql")),
    (5, include_str!("../migrations/0005_user_faults.sql")),
];

const TRACKING: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (\
     version INTEGER PRIMARY KEY NOT NULL, applied_at INTEGER NOT NULL) STRICT";

/// Applies what is missing and seeds the default plans that do not exist.
/// Returns true when no migration had been applied before.
pub(crate) fn migrate(conn: &mut Connection) -> Result<bool, StoreError> {
    immediate(conn, |tx| {
        tx.execute_batch(TRACKING).map_err(error::db)?;
        let applied = applied_version(tx)?;
        for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > applied) {
            apply(tx, *version, sql)?;
        }
        catalog::seed_plans(tx, &Plan::defaults())?;
        Ok(applied == 0)
    })
}

/// The newest applied version; refuses a schema newer than this code.
fn applied_version(tx: &Transaction<'_>) -> Result<i64, StoreError> {
    let applied: i64 = tx
        .query_row("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", [], |row| row.get(0))
        .map_err(error::db)?;
    let known = MIGRATIONS.last().map_or(0, |(v, _)| *v);
    if applied > known {
        return Err(StoreError::Backend(format!(
            "the database schema is at version {applied}, newer than this chartgate knows ({known}); upgrade chartgate"
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
    fn migration_versions_increase_from_one() {
        let versions: Vec<i64> = MIGRATIONS.iter().map(|(v, _)| *v).collect();
        let expected: Vec<i64> = (1..=versions.len() as i64).collect();
        assert_eq!(versions, expected);
    }
}
