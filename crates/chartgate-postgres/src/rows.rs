//! From rows to domain types. A value that does not parse back is corrupt.

use crate::error;
use chartgate_core::{AuditEvent, Faults, MintCount, Plan, ReplacedRefreshToken, StoreError, UnixTime, User, UserId};
use std::str::FromStr;
use tokio_postgres::Row;
use tokio_postgres::types::FromSql;

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
pub(crate) fn user(row: &Row) -> Result<User, StoreError> {
    let created_at: i64 = get(row, 6, "users.created_at")?;
    Ok(User {
        id: UserId(get(row, 0, "users.id")?),
        name: parsed(row, 1, "users.name")?,
        plan: parsed(row, 2, "users.plan")?,
        enabled: get(row, 3, "users.enabled")?,
        epoch: get(row, 4, "users.epoch")?,
        has_refresh_token: get(row, 5, "users.refresh_hash")?,
        created_at: u64::try_from(created_at).map_err(|e| error::corrupt("users.created_at", e))?,
        seq: get(row, 7, "users.seq")?,
        faults: Faults {
            error_ppm: count(row, 8, "users.fault_error_ppm")?,
            latency_ms: count(row, 9, "users.fault_latency_ms")?,
        },
    })
}

/// A plan, from a row of `name, rps, mint_rps, scopes, access_ttl`.
pub(crate) fn plan(row: &Row) -> Result<Plan, StoreError> {
    Ok(Plan {
        name: parsed(row, 0, "plans.name")?,
        rps: count(row, 1, "plans.rps")?,
        mint_rps: count(row, 2, "plans.mint_rps")?,
        scopes: parsed(row, 3, "plans.scopes")?,
        access_ttl: count(row, 4, "plans.access_ttl")?,
    })
}

/// A replaced refresh token, from a row of [`user_columns!`] followed by
/// the epoch at replacement and the time of it.
pub(crate) fn replaced(row: &Row) -> Result<ReplacedRefreshToken, StoreError> {
    Ok(ReplacedRefreshToken {
        user: user(row)?,
        epoch: get(row, USER_COLUMNS, "replaced_refresh_tokens.epoch")?,
        replaced_at: time(row, USER_COLUMNS + 1, "replaced_refresh_tokens.replaced_at_us")?,
    })
}

/// An audit event, from a row of `at_us, actor, subject, action, details`.
pub(crate) fn audit_event(row: &Row) -> Result<AuditEvent, StoreError> {
    Ok(AuditEvent {
        at: time(row, 0, "audit_log.at_us")?,
        actor: parsed(row, 1, "audit_log.actor")?,
        subject: parsed(row, 2, "audit_log.subject")?,
        action: parsed(row, 3, "audit_log.action")?,
        details: get(row, 4, "audit_log.details")?,
    })
}

/// An hourly mint count, from a row of `user_id, hour_start, count,
/// last_mint_at_us`.
pub(crate) fn mint_count(row: &Row) -> Result<MintCount, StoreError> {
    Ok(MintCount {
        user: UserId(get(row, 0, "mint_counts.user_id")?),
        hour: UnixTime::from_secs(unsigned(row, 1, "mint_counts.hour_start")?),
        count: unsigned(row, 2, "mint_counts.count")?,
        last_mint_at: time(row, 3, "mint_counts.last_mint_at_us")?,
    })
}

/// A time as stored: microseconds since the epoch.
pub(crate) fn micros(t: UnixTime) -> Result<i64, StoreError> {
    i64::try_from(t.as_micros()).map_err(|_| StoreError::Backend("time out of range".into()))
}

/// A time stored in microseconds.
fn time(row: &Row, index: usize, what: &str) -> Result<UnixTime, StoreError> {
    unsigned(row, index, what).map(UnixTime::from_micros)
}

/// A `BIGINT` that must not be negative.
fn unsigned(row: &Row, index: usize, what: &str) -> Result<u64, StoreError> {
    let n: i64 = get(row, index, what)?;
    u64::try_from(n).map_err(|e| error::corrupt(what, e))
}

/// A column of the expected type.
pub(crate) fn get<'a, T: FromSql<'a>>(row: &'a Row, index: usize, what: &str) -> Result<T, StoreError> {
    row.try_get(index).map_err(|e| error::corrupt(what, e))
}

/// A `BIGINT` that must fit a `u32`.
fn count(row: &Row, index: usize, what: &str) -> Result<u32, StoreError> {
    let n: i64 = get(row, index, what)?;
    u32::try_from(n).map_err(|e| error::corrupt(what, e))
}

/// A text column parsed through `FromStr`.
fn parsed<T>(row: &Row, index: usize, what: &str) -> Result<T, StoreError>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    let text: &str = get(row, index, what)?;
    text.parse().map_err(|e| error::corrupt(what, e))
}
