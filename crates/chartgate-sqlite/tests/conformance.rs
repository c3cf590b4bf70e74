//! The shared store conformance suite, run on SQLite: once on a temporary
//! file (WAL, separate reader connections) and once in memory.

use chartgate_core::Store;
use chartgate_sqlite::SqliteStore;
use std::sync::Arc;
use tempfile::TempDir;

/// A fresh database file in a folder that lives as long as the test.
async fn file_store() -> (Arc<dyn Store>, TempDir) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let url = format!("sqlite://{}", dir.path().join("chartgate.db").display());
    let store = SqliteStore::open(&url).expect("open a file store");
    (Arc::new(store), dir)
}

/// A fresh private in-memory database.
async fn memory_store() -> Arc<dyn Store> {
    Arc::new(SqliteStore::open(":memory:").expect("open a memory store"))
}

mod file_db {
    chartgate_testkit::store_conformance!(crate::file_store());
}

mod memory_db {
    chartgate_testkit::store_conformance!(crate::memory_store());
}
