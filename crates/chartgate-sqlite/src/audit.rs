//! The audit log and the hourly mint counts; and administrative changes
//! written together with their audit event.

use crate::error;
use crate::rows::{self, micros};
use crate::{catalog, users};
use chartgate_core::{AdminChange, AuditEvent, AuditQuery, MintCount, StoreError, User, UserId};
use rusqlite::{Connection, Transaction};

const APPEND: &str = "INSERT INTO audit_log (at_us, actor, subject, action, details) VALUES (?1, ?2, ?3, ?4, ?5)";
const LIST: &str = "SELECT at_us, actor, subject, action, details FROM audit_log \
     WHERE (?1 IS NULL OR subject = ?1) AND (?2 IS NULL OR at_us >= ?2) \
     ORDER BY at_us DESC, id DESC LIMIT ?3";
const ADD_MINTS: &str = "INSERT INTO mint_counts (user_id, hour_start, count, last_mint_at_us) \
     VALUES (?1, ?2, ?3, ?4) ON CONFLICT (user_id, hour_start) DO UPDATE SET \
     count = count + excluded.count, last_mint_at_us = max(last_mint_at_us, excluded.last_mint_at_us)";
const MINTS: &str = "SELECT user_id, hour_start, count, last_mint_at_us FROM mint_counts \
     WHERE user_id = ?1 ORDER BY hour_start DESC LIMIT ?2";

/// Makes an administrative change and appends its event.
pub(crate) fn write_audited(
    tx: &Transaction<'_>,
    change: &AdminChange,
    event: &AuditEvent,
) -> Result<Option<User>, StoreError> {
    let written = match change {
        AdminChange::CreateUser { name, plan, token, now } => {
            users::create(tx, name, plan, &token.to_hex(), now.as_secs()).map(Some)
        }
        AdminChange::SetRefreshToken { id, token } => {
            users::set_refresh_hash(tx, *id, token.map(|t| t.to_hex()).as_deref()).map(Some)
        }
        AdminChange::SetEnabled { id, enabled } => users::set_enabled(tx, *id, *enabled).map(Some),
        AdminChange::SetUserPlan { id, plan } => users::set_plan(tx, *id, plan).map(Some),
        AdminChange::UpsertPlan(plan) => catalog::upsert_plan(tx, plan).map(|()| None),
        AdminChange::SetFaults { id, faults } => users::set_faults(tx, *id, *faults).map(Some),
    }?;
    append(tx, event)?;
    Ok(written)
}

/// Appends an event.
pub(crate) fn append(conn: &Connection, e: &AuditEvent) -> Result<(), StoreError> {
    let params = (micros(e.at)?, e.actor.as_str(), e.subject.as_str(), e.action.as_str(), e.details.as_str());
    conn.prepare_cached(APPEND).and_then(|mut s| s.execute(params)).map(drop).map_err(error::db)
}

/// The events `query` asks for, newest first.
pub(crate) fn list(conn: &Connection, query: &AuditQuery) -> Result<Vec<AuditEvent>, StoreError> {
    let subject = query.subject().map(|s| s.as_str().to_owned());
    let since = query.since.map(micros).transpose()?;
    conn.prepare_cached(LIST)
        .and_then(|mut s| s.query_map((subject, since, query.limit), rows::audit_event)?.collect())
        .map_err(error::db)
}

/// Adds mint counts to the stored ones.
pub(crate) fn add_mint_counts(tx: &Transaction<'_>, counts: &[MintCount]) -> Result<(), StoreError> {
    let mut upsert = tx.prepare_cached(ADD_MINTS).map_err(error::db)?;
    for c in counts {
        let count = i64::try_from(c.count).map_err(|_| StoreError::Backend("mint count out of range".into()))?;
        let hour = micros(c.hour)? / 1_000_000;
        upsert.execute((c.user.0, hour, count, micros(c.last_mint_at)?)).map_err(error::db)?;
    }
    Ok(())
}

/// A user's latest hourly mint counts, newest first.
pub(crate) fn mint_counts(conn: &Connection, id: UserId, limit: u32) -> Result<Vec<MintCount>, StoreError> {
    conn.prepare_cached(MINTS)
        .and_then(|mut s| s.query_map((id.0, limit), rows::mint_count)?.collect())
        .map_err(error::db)
}
