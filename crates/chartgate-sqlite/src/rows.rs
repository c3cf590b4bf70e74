//! From rows to domain types. A value that does not parse back is corrupt.

use crate::error::corrupt_column;
use chartgate_core::{Faults, Plan, User, UserId};
use rusqlite::Row;
use std::str::FromStr;

/// The columns [`user`] reads, in order.
macro_rules! user_columns {
    () => {
        "id, name, plan, enabled, epoch, refresh_hash IS NOT NULL, created_at, seq, fault_error_ppm, fault_latency_ms"
    };
}
pub(crate) use user_columns;

/// A user, from a row of [`user_columns!`].
pub(crate) fn user(row: &Row<'_>) -> rusqlite::Result<User> {
    Ok(User {
        id: UserId(row.get(0)?),
        name: parsed(row, 1)?,
        plan: parsed(row, 2)?,
        enabled: row.get(3)?,
        epoch: row.get(4)?,
        has_refresh_token: row.get(5)?,
        created_at: row.get(6)?,
        seq: row.get(7)?,
        faults: Faults { error_ppm: row.get(8)?, latency_ms: row.get(9)? },
    })
}

/// A plan, from a row of `name, rps, mint_rps, scopes, access_ttl`.
pub(crate) fn plan(row: &Row<'_>) -> rusqlite::Result<Plan> {
    Ok(Plan {
        name: parsed(row, 0)?,
        rps: row.get(1)?,
        mint_rps: row.get(2)?,
        scopes: parsed(row, 3)?,
        access_ttl: row.get(4)?,
    })
}

/// A text column parsed through `FromStr`.
fn parsed<T>(row: &Row<'_>, index: usize) -> rusqlite::Result<T>
where
    T: FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    row.get_ref(index)?.as_str()?.parse().map_err(|e| corrupt_column(index, e))
}
