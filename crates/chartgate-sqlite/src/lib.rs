//! chartgate's [`Store`](chartgate_core::Store) on SQLite, the embedded
//! default, with its migrations.
//!
//! This crate owns the SQLite schema (versioned SQL files under
//! `migrations/`, embedded in the binary), the mapping between rows and the
//! domain types of `chartgate-core`, and a small connection pool that keeps
//! every blocking SQLite call on tokio's blocking threads: one writer
//! connection, through which all writes are serialised, and several reader
//! connections that answer the hot read path (`user_by_refresh_token`,
//! `artist`, `change_seq`) concurrently under WAL.
//!
//! It must not:
//! - hold domain rules: what an epoch bump means, which plan is the default,
//!   how tokens are formatted all live in `chartgate-core`;
//! - store or log a secret: refresh tokens arrive as SHA-256 hashes and are
//!   stored as hex; no hash, token or signing secret is ever logged or put
//!   into an error message;
//! - block an async worker: every call into SQLite runs under
//!   [`tokio::task::spawn_blocking`], so the store's methods need a tokio
//!   runtime;
//! - be asked which database it is: callers see only `Arc<dyn Store>`.

mod audit;
mod catalog;
mod error;
mod keys;
mod migrate;
mod pool;
mod reuse;
mod rows;
mod sql;
mod store;
mod target;
mod users;

pub use pool::loose_files;
pub use store::SqliteStore;
