//! Versioned migrations, embedded in the binary and tracked in
//! `schema_migrations`.
//!
//! Everything runs in one transaction that first takes a transaction-level
//! advisory lock (`pg_advisory_xact_lock`) keyed by the schema: instances
//! migrating the same schema at once take turns, and the later ones find the
//! work done. PostgreSQL's DDL is transactional, so a failed migration
//! leaves nothing behind.

use crate::catalog;
use crate::error;
use crate::sql::{begin, commit};
use chartgate_core::{Plan, StoreError};
use deadpool_postgres::{Client, GenericClient, Transaction};

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
     version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)";

/// Applies what is missing and seeds the default plans that do not exist,
/// creating `schema` first when it is given and missing. Returns true when
/// no migration had been applied before.
pub(crate) async fn migrate(client: &mut Client, schema: Option<&str>) -> Result<bool, StoreError> {
    let tx = begin(client).await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&lock_key(schema)]).await.map_err(error::db)?;
    if let Some(schema) = schema {
        create_schema(&tx, schema).await?;
    }
    tx.batch_execute(TRACKING).await.map_err(error::db)?;
    let applied = applied_versions(&tx).await?;
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| !applied.contains(v)) {
        apply(&tx, *version, sql).await?;
    }
    catalog::seed_plans(&tx, &Plan::defaults()).await?;
    commit(tx).await?;
    Ok(applied.is_empty())
}

/// Creates the schema unless it exists. Looking first spares a role that
/// may use, but not create, schemas the `CREATE` privilege check.
async fn create_schema(tx: &Transaction<'_>, schema: &str) -> Result<(), StoreError> {
    let exists = tx.query_opt("SELECT 1 FROM pg_namespace WHERE nspname = $1", &[&schema]).await.map_err(error::db)?;
    if exists.is_none() {
        // `schema` was checked to be [a-z0-9_]; quoting it is belt and braces.
        let sql = format!("CREATE SCHEMA \"{schema}\"");
        tx.batch_execute(&sql).await.map_err(error::db)?;
        tracing::info!(schema, "created schema");
    }
    Ok(())
}

/// The applied versions; refuses a schema newer than this code.
async fn applied_versions(tx: &Transaction<'_>) -> Result<Vec<i64>, StoreError> {
    let rows = tx.query("SELECT version FROM schema_migrations ORDER BY version", &[]).await.map_err(error::db)?;
    let applied: Vec<i64> = rows
        .iter()
        .map(|r| r.try_get(0).map_err(|e| error::corrupt("schema_migrations", e)))
        .collect::<Result<_, _>>()?;
    let known = MIGRATIONS.last().map_or(0, |(v, _)| *v);
    if let Some(&newest) = applied.last().filter(|&&v| v > known) {
        return Err(StoreError::Backend(format!(
            "the database schema is at version {newest}, newer than this chartgate knows ({known}); upgrade chartgate"
        )));
    }
    Ok(applied)
}

async fn apply(tx: &Transaction<'_>, version: i64, sql: &str) -> Result<(), StoreError> {
    tx.batch_execute(sql).await.map_err(|e| error::db(e).context(format_args!("migration {version}")))?;
    tx.execute(
        "INSERT INTO schema_migrations (version, applied_at) \
         VALUES ($1, extract(epoch FROM now())::bigint)",
        &[&version],
    )
    .await
    .map_err(error::db)?;
    tracing::info!(version, "applied migration");
    Ok(())
}

/// The advisory lock for migrating `schema` (or the default search path):
/// FNV-1a of a fixed prefix and the name, so every build agrees on it.
fn lock_key(schema: Option<&str>) -> i64 {
    let name = format!("chartgate-migrate:{}", schema.unwrap_or(""));
    let hash =
        name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3));
    i64::from_ne_bytes(hash.to_ne_bytes())
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

    #[test]
    fn each_schema_has_its_own_stable_migration_lock() {
        assert_eq!(lock_key(Some("a")), lock_key(Some("a")));
        assert_ne!(lock_key(Some("a")), lock_key(Some("b")));
        assert_ne!(lock_key(None), lock_key(Some("public")));
    }
}
