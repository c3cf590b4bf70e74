//! The audit log and the hourly mint counts; and administrative changes
//! written together with their audit event.

use crate::error;
use crate::rows::{self, micros};
use crate::{catalog, users};
use chartgate_core::{AdminChange, AuditEvent, AuditQuery, MintCount, StoreError, User, UserId};
use deadpool_postgres::{GenericClient, Transaction};

const APPEND: &str = "INSERT INTO audit_log (at_us, actor, subject, action, details) VALUES ($1, $2, $3, $4, $5)";
const LIST: &str = "SELECT at_us, actor, subject, action, details FROM audit_log \
     WHERE ($1::text IS NULL OR subject = $1) AND ($2::bigint IS NULL OR at_us >= $2) \
     ORDER BY at_us DESC, id DESC LIMIT $3";
const ADD_MINTS: &str = "INSERT INTO mint_counts (user_id, hour_start, count, last_mint_at_us) \
     VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, hour_start) DO UPDATE SET \
     count = mint_counts.count + excluded.count, \
     last_mint_at_us = GREATEST(mint_counts.last_mint_at_us, excluded.last_mint_at_us)";
const MINTS: &str = "SELECT user_id, hour_start, count, last_mint_at_us FROM mint_counts \
     WHERE user_id = $1 ORDER BY hour_start DESC LIMIT $2";

/// Makes an administrative change and appends its event.
pub(crate) async fn write_audited(
    tx: &Transaction<'_>,
    change: &AdminChange,
    event: &AuditEvent,
) -> Result<Option<User>, StoreError> {
    let written = match change {
        AdminChange::CreateUser { name, plan, token, now } => {
            users::create(tx, name, plan, &token.to_hex(), now.as_secs()).await.map(Some)
        }
        AdminChange::SetRefreshToken { id, token } => {
            users::set_refresh_hash(tx, *id, token.map(|t| t.to_hex()).as_deref()).await.map(Some)
        }
        AdminChange::SetEnabled { id, enabled } => users::set_enabled(tx, *id, *enabled).await.map(Some),
        AdminChange::SetUserPlan { id, plan } => users::set_plan(tx, *id, plan).await.map(Some),
        AdminChange::UpsertPlan(plan) => catalog::upsert_plan(tx, plan).await.map(|()| None),
        AdminChange::SetFaults { id, faults } => users::set_faults(tx, *id, *faults).await.map(Some),
    }?;
    append(tx, event).await?;
    Ok(written)
}

/// Appends an event.
pub(crate) async fn append(c: &impl GenericClient, e: &AuditEvent) -> Result<(), StoreError> {
    let stmt = c.prepare_cached(APPEND).await.map_err(error::db)?;
    let params: [&(dyn tokio_postgres::types::ToSql + Sync); 5] =
        [&micros(e.at)?, &e.actor.as_str(), &e.subject.as_str(), &e.action.as_str(), &e.details.as_str()];
    c.execute(&stmt, &params).await.map(drop).map_err(error::db)
}

/// The events `query` asks for, newest first.
pub(crate) async fn list(c: &impl GenericClient, query: &AuditQuery) -> Result<Vec<AuditEvent>, StoreError> {
    let subject = query.subject().map(|s| s.as_str().to_owned());
    let since = query.since.map(micros).transpose()?;
    let stmt = c.prepare_cached(LIST).await.map_err(error::db)?;
    let found = c.query(&stmt, &[&subject, &since, &i64::from(query.limit)]).await.map_err(error::db)?;
    found.iter().map(rows::audit_event).collect()
}

/// Adds mint counts to the stored ones.
pub(crate) async fn add_mint_counts(tx: &Transaction<'_>, counts: &[MintCount]) -> Result<(), StoreError> {
    let stmt = tx.prepare_cached(ADD_MINTS).await.map_err(error::db)?;
    for c in counts {
        let count = i64::try_from(c.count).map_err(|_| StoreError::Backend("mint count out of range".into()))?;
        let hour = micros(c.hour)? / 1_000_000;
        tx.execute(&stmt, &[&c.user.0, &hour, &count, &micros(c.last_mint_at)?]).await.map_err(error::db)?;
    }
    Ok(())
}

/// A user's latest hourly mint counts, newest first.
pub(crate) async fn mint_counts(c: &impl GenericClient, id: UserId, limit: u32) -> Result<Vec<MintCount>, StoreError> {
    let stmt = c.prepare_cached(MINTS).await.map_err(error::db)?;
    let found = c.query(&stmt, &[&id.0, &i64::from(limit)]).await.map_err(error::db)?;
    found.iter().map(rows::mint_count).collect()
}
