//! chartgate's [`Store`](chartgate_core::Store) on PostgreSQL, for several
//! instances sharing one database.
//!
//! This crate owns the PostgreSQL schema (versioned SQL files under
//! `migrations/`, embedded in the binary, applied under an advisory lock so
//! instances migrating together agree), the mapping between rows and the
//! domain types of `chartgate-core`, and a pool of connections
//! (`deadpool-postgres` over `tokio-postgres`, TLS through rustls as the
//! URL's `sslmode` asks). Its semantics are those of
//! `chartgate-sqlite`, the reference store: the same tables, the same global
//! change sequence bumped in the same transaction as each write, the same
//! epochs and the same errors.
//!
//! It must not:
//! - hold domain rules: what an epoch bump means, which plan is the default,
//!   how tokens are formatted all live in `chartgate-core`;
//! - store or log a secret: refresh tokens arrive as SHA-256 hashes and are
//!   stored as hex; no hash, token, signing secret or password reaches an
//!   error message or a log (PostgreSQL's `DETAIL` lines, which quote
//!   values, are dropped);
//! - hang or panic: every failure to reach the database becomes
//!   [`StoreError::Unavailable`](chartgate_core::StoreError) within seconds;
//! - be asked which database it is: callers see only `Arc<dyn Store>`.

mod audit;
mod catalog;
mod error;
mod keys;
mod migrate;
mod reuse;
mod rows;
mod sql;
mod store;
mod target;
mod tls;
mod users;

pub use store::PostgresStore;
