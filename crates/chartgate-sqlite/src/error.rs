//! From SQLite's errors to [`StoreError`].
//!
//! SQLite's messages name tables, columns and constraints, never bound
//! values, so they are safe to carry: no hash or secret reaches a message.

use chartgate_core::StoreError;
use rusqlite::ErrorCode;

/// Maps any rusqlite error to the store's error.
pub(crate) fn db(e: rusqlite::Error) -> StoreError {
    use rusqlite::Error as E;
    match &e {
        E::SqliteFailure(failure, _) => by_code(failure.code, e.to_string()),
        E::FromSqlConversionFailure(..)
        | E::IntegralValueOutOfRange(..)
        | E::InvalidColumnType(..)
        | E::Utf8Error(..) => StoreError::Corrupt(e.to_string()),
        _ => StoreError::Backend(e.to_string()),
    }
}

fn by_code(code: ErrorCode, message: String) -> StoreError {
    use ErrorCode as C;
    match code {
        C::DatabaseBusy
        | C::DatabaseLocked
        | C::CannotOpen
        | C::SystemIoFailure
        | C::DiskFull
        | C::ReadOnly
        | C::PermissionDenied
        | C::FileLockingProtocolFailed
        | C::OutOfMemory => StoreError::Unavailable(message),
        C::DatabaseCorrupt | C::NotADatabase => StoreError::Corrupt(message),
        C::ConstraintViolation => constraint(message),
        _ => StoreError::Backend(message),
    }
}

fn constraint(message: String) -> StoreError {
    if message.contains("users.name") {
        StoreError::Conflict("a user of that name".into())
    } else if message.contains("users.refresh_hash") {
        StoreError::Conflict("that refresh token".into())
    } else {
        StoreError::Backend(message)
    }
}

/// Whether `e` is the unique constraint on user names.
pub(crate) fn is_taken_user_name(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, Some(m))
            if f.code == ErrorCode::ConstraintViolation && m.contains("users.name")
    )
}

/// A value that was read but does not parse: the row is corrupt.
pub(crate) fn corrupt_column(index: usize, e: impl std::error::Error + Send + Sync + 'static) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e))
}

/// A blocking task that failed without panicking (the runtime shut down).
pub(crate) fn task(e: tokio::task::JoinError) -> StoreError {
    StoreError::Unavailable(format!("the database task did not finish: {e}"))
}
