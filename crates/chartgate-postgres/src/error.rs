//! From PostgreSQL's and the pool's errors to [`StoreError`].
//!
//! Messages carry PostgreSQL's primary message and SQLSTATE, which name
//! tables, columns and constraints, never the `DETAIL` line: that one quotes
//! values (`Key (refresh_hash)=(…) already exists`), and no hash, token or
//! secret may reach an error message or a log.

use chartgate_core::StoreError;
use deadpool_postgres::PoolError;
use std::error::Error as _;
use tokio_postgres::error::DbError;

/// The unique constraint on user names.
pub(crate) const USER_NAME_KEY: &str = "users_name_key";
/// The unique constraint on refresh-token hashes.
const USER_HASH_KEY: &str = "users_refresh_hash_key";
/// The foreign key from a user to its plan.
pub(crate) const USER_PLAN_FKEY: &str = "users_plan_fkey";

/// Maps any tokio-postgres error to the store's error.
pub(crate) fn db(e: tokio_postgres::Error) -> StoreError {
    if let Some(db) = e.as_db_error() {
        return by_state(db);
    }
    let message = chain(&e);
    if e.is_closed() || has_io_cause(&e) { StoreError::Unavailable(message) } else { StoreError::Backend(message) }
}

/// Maps a pool error: no connection in time, or none possible, is
/// [`StoreError::Unavailable`].
pub(crate) fn pool(e: PoolError) -> StoreError {
    match e {
        PoolError::Backend(e) => db(e),
        PoolError::Timeout(kind) => {
            StoreError::Unavailable(format!("no database connection in time ({kind:?} timed out)"))
        }
        PoolError::Closed => StoreError::Unavailable("the connection pool is closed".into()),
        PoolError::NoRuntimeSpecified => StoreError::Backend("the connection pool has no runtime".into()),
        PoolError::PostCreateHook(e) => StoreError::Backend(e.to_string()),
    }
}

/// The constraint a database error names, if it is a violation of one.
pub(crate) fn violated(e: &tokio_postgres::Error) -> Option<&str> {
    e.as_db_error().and_then(DbError::constraint)
}

/// A value that was read but does not parse: the row is corrupt.
pub(crate) fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {e}"))
}

fn by_state(db: &DbError) -> StoreError {
    let code = db.code().code();
    let message = format!("{} (SQLSTATE {code})", db.message());
    match (code, db.constraint()) {
        ("23505", Some(USER_NAME_KEY)) => StoreError::Conflict("a user of that name".into()),
        ("23505", Some(USER_HASH_KEY)) => StoreError::Conflict("that refresh token".into()),
        ("23503", Some(USER_PLAN_FKEY)) => StoreError::NotFound("the plan".into()),
        _ if retryable(code) => StoreError::Unavailable(message),
        _ => StoreError::Backend(message),
    }
}

/// SQLSTATEs after which trying again later may work: connection
/// exceptions (08), insufficient resources (53), operator intervention
/// (57: shutdown, cancel, "cannot connect now"), serialization failures
/// and deadlocks, and a read-only standby.
fn retryable(code: &str) -> bool {
    ["08", "53", "57"].iter().any(|class| code.starts_with(class)) || matches!(code, "40001" | "40P01" | "25006")
}

fn has_io_cause(e: &tokio_postgres::Error) -> bool {
    let mut cause = e.source();
    while let Some(c) = cause {
        if c.is::<std::io::Error>() {
            return true;
        }
        cause = c.source();
    }
    false
}

/// `error: cause: cause`, as tokio-postgres shows only the outer message.
fn chain(e: &tokio_postgres::Error) -> String {
    let mut out = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        out.push_str(": ");
        out.push_str(&c.to_string());
        cause = c.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retryable_states_are_connection_resource_and_shutdown_classes() {
        for code in ["08006", "53300", "57P01", "57014", "40001", "40P01"] {
            assert!(retryable(code), "{code}");
        }
        for code in ["23505", "42P01", "28P01", "3D000"] {
            assert!(!retryable(code), "{code}");
        }
    }
}
