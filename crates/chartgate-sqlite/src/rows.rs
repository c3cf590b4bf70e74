//! From rows to domain types. A value that does not parse back is corrupt.

use crate::error::corrupt_column;
use chartgate_core::{AuditEvent, Faults, MintCount, Plan, ReplacedRefreshToken, StoreError, UnixTime, User, UserId};
use rusqlite::Row;
use std::str::FromStr;

/// The columns [`user`] reads, in order.
macro_rules! user_columns {
    () => {
        "id, name, plan, enabled, epoch, refresh_hash IS NOT NULL, created_at, seq, fault_error_ppm, fault_latency_ms"
    };
}
pub(crate) use user_columns;

/// How many columns [`user_columns!`] names: what a query selects after
/// them starts at this index.
const USER_COLUMNS: usize = 10;

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

/// A replaced refresh token, from a row of [`user_columns!`] followed by
/// the epoch at replacement and the time of it.
pub(crate) fn replaced(row: &Row<'_>) -> rusqlite::Result<ReplacedRefreshToken> {
    Ok(ReplacedRefreshToken {
        user: user(row)?,
        epoch: row.get(USER_COLUMNS)?,
        replaced_at: time(row, USER_COLUMNS + 1)?,
    })
}

/// An audit event, from a row of `at_us, actor, subject, action, details`.
pub(crate) fn audit_event(row: &Row<'_>) -> rusqlite::Result<AuditEvent> {
    Ok(AuditEvent {
        at: time(row, 0)?,
        actor: parsed(row, 1)?,
        subject: parsed(row, 2)?,
        action: parsed(row, 3)?,
        details: row.get(4)?,
    })
}

/// An hourly mint count, from a row of `user_id, hour_start, count,
/// last_mint_at_us`.
pub(crate) fn mint_count(row: &Row<'_>) -> rusqlite::Result<MintCount> {
    Ok(MintCount {
        user: UserId(row.get(0)?),
        hour: UnixTime::from_secs(unsigned(row, 1)?),
        count: unsigned(row, 2)?,
        last_mint_at: time(row, 3)?,
    })
}

/// A time as stored: microseconds since the epoch.
pub(crate) fn micros(t: UnixTime) -> Result<i64, StoreError> {
    i64::try_from(t.as_micros()).map_err(|_| StoreError::Backend("time out of range".into()))
}

/// A time stored in microseconds.
fn time(row: &Row<'_>, index: usize) -> rusqlite::Result<UnixTime> {
    unsigned(row, index).map(UnixTime::from_micros)
}

/// An integer column that must not be negative.
fn unsigned(row: &Row<'_>, index: usize) -> rusqlite::Result<u64> {
    let n: i64 = row.get(index)?;
    u64::try_from(n).map_err(|e| corrupt_column(index, e))
}

/// A text column parsed through `FromStr`.
fn parsed<T>(row: &Row<'_>, index: usize) -> rusqlite::Result<T>
where
    T: FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    row.get_ref(index)?.as_str()?.parse().map_err(|e| corrupt_column(index, e))
}
