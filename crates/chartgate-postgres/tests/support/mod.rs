//! Throwaway schemas: every test works in a schema of its own on the test
//! database, dropped when the test ends.
#![allow(dead_code)] // each test file uses a different part

use chartgate_core::Store;
use chartgate_postgres::PostgresStore;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};
use tokio_postgres::NoTls;

/// Test schemas are named `cg_test_<unix seconds>_<random>`.
const PREFIX: &str = "cg_test_";
/// Schemas left behind by a killed run are dropped after this long.
const STALE_SECS: u64 = 3600;

/// A schema that is dropped, with everything in it, on drop.
pub struct TestSchema {
    url: String,
    name: String,
}

impl TestSchema {
    /// A new schema name on the test database, or `None` (the test then
    /// skips) when PostgreSQL is not reachable outside CI.
    pub async fn new() -> Option<Self> {
        let url = chartgate_testkit::services::postgres_url()?;
        sweep_stale(&url).await;
        let secs = unix_secs();
        let name = format!("{PREFIX}{secs}_{:016x}", rand::random::<u64>());
        Some(Self { url, name })
    }

    /// The database URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The schema's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A new, unmigrated store working in this schema.
    pub fn store(&self) -> PostgresStore {
        PostgresStore::connect_with_schema(&self.url, &self.name).expect("a store")
    }

    /// A plain connection in this schema, for looking behind the store.
    pub async fn raw(&self) -> tokio_postgres::Client {
        let (client, connection) = tokio_postgres::connect(&self.url, NoTls).await.expect("a raw connection");
        tokio::spawn(connection);
        let path = format!("SET search_path TO {}", self.name);
        client.batch_execute(&path).await.expect("search_path");
        client
    }
}

impl Drop for TestSchema {
    /// Drops the schema from a thread of its own: `Drop` cannot await, and
    /// a runtime cannot be started on a thread that already runs one.
    ///
    /// This blocks the dropping thread, so tests run on the multi-threaded
    /// runtime: there the test body has a thread of its own and the store's
    /// connection tasks can still send the `ROLLBACK` of a failed write,
    /// whose locks `DROP SCHEMA` waits for. A lock held longer makes the
    /// drop give up (the schema is then swept by a later run), not hang.
    fn drop(&mut self) {
        let (url, name) = (self.url.clone(), self.name.clone());
        let dropped = std::thread::spawn(move || drop_schemas(&url, &[name])).join();
        if dropped.is_err() {
            eprintln!("could not drop test schema {}", self.name);
        }
    }
}

/// A fresh unmigrated store in a schema of its own, for the conformance
/// suite; `None` when the test should skip.
pub async fn fresh() -> Option<(Arc<dyn Store>, TestSchema)> {
    let schema = TestSchema::new().await?;
    let store: Arc<dyn Store> = Arc::new(schema.store());
    Some((store, schema))
}

fn unix_secs() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

fn drop_schemas(url: &str, names: &[String]) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    runtime.block_on(async {
        let Ok((client, connection)) = tokio_postgres::connect(url, NoTls).await else {
            return;
        };
        tokio::spawn(connection);
        if client.batch_execute("SET lock_timeout = '10s'").await.is_err() {
            return;
        }
        for name in names {
            let sql = format!("DROP SCHEMA IF EXISTS {name} CASCADE");
            if let Err(e) = client.batch_execute(&sql).await {
                eprintln!("could not drop test schema {name}: {e}");
            }
        }
    });
}

/// Drops test schemas older than [`STALE_SECS`], left by killed runs; once
/// per test process.
async fn sweep_stale(url: &str) {
    static SWEPT: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
    SWEPT
        .get_or_init(|| async {
            let Ok((client, connection)) = tokio_postgres::connect(url, NoTls).await else {
                return;
            };
            tokio::spawn(connection);
            let sql = "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)";
            let Ok(rows) = client.query(sql, &[&PREFIX]).await else {
                return;
            };
            let cutoff = unix_secs().saturating_sub(STALE_SECS);
            let stale: Vec<String> = rows
                .iter()
                .map(|r| r.get::<_, String>(0))
                .filter(|n| created_secs(n).is_some_and(|s| s < cutoff))
                .collect();
            let url = url.to_owned();
            let _ = std::thread::spawn(move || drop_schemas(&url, &stale)).join();
        })
        .await;
}

fn created_secs(name: &str) -> Option<u64> {
    name.strip_prefix(PREFIX)?.split('_').next()?.parse().ok()
}
