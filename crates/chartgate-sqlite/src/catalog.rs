//! Queries on plans and the artist catalog.

use crate::error::{self, corrupt_column};
use crate::rows;
use crate::sql::bump_seq;
use chartgate_core::{Plan, Record, RecordKind, StoreError};
use chartmetric_types::Artist;
use rusqlite::{Connection, OptionalExtension, Transaction};

const PLANS: &str = "SELECT name, rps, mint_rps, scopes, access_ttl FROM plans ORDER BY name";
const UPSERT_PLAN: &str = "INSERT INTO plans (name, rps, mint_rps, scopes, access_ttl) VALUES (?1, ?2, ?3, ?4, ?5) \
     ON CONFLICT (name) DO UPDATE SET \
     rps = excluded.rps, mint_rps = excluded.mint_rps, scopes = excluded.scopes, access_ttl = excluded.access_ttl";
const SEED_PLAN: &str = "INSERT INTO plans (name, rps, mint_rps, scopes, access_ttl) VALUES (?1, ?2, ?3, ?4, ?5) \
     ON CONFLICT (name) DO NOTHING";
const ARTIST: &str = "SELECT body FROM artists WHERE id = ?1";
const RECORD: &str = "SELECT body FROM records WHERE kind = ?1 AND id = ?2";
const UPSERT_RECORD: &str = "INSERT INTO records (kind, id, body, seq) VALUES (?1, ?2, ?3, ?4) \
     ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body, seq = excluded.seq";
const UPSERT_ARTIST: &str = "INSERT INTO artists (id, body, seq) VALUES (?1, ?2, ?3) \
     ON CONFLICT (id) DO UPDATE SET body = excluded.body, seq = excluded.seq";

/// All plans, by name.
pub(crate) fn plans(conn: &Connection) -> Result<Vec<Plan>, StoreError> {
    conn.prepare_cached(PLANS).and_then(|mut s| s.query_map([], rows::plan)?.collect()).map_err(error::db)
}

/// Creates or updates a plan.
pub(crate) fn upsert_plan(tx: &Transaction<'_>, plan: &Plan) -> Result<(), StoreError> {
    bump_seq(tx)?;
    write_plan(tx, UPSERT_PLAN, plan).map(drop)
}

/// Inserts the plans that do not exist yet, leaving existing ones as an
/// operator left them. Returns how many were inserted.
pub(crate) fn seed_plans(tx: &Transaction<'_>, plans: &[Plan]) -> Result<usize, StoreError> {
    let mut inserted = 0;
    for plan in plans {
        inserted += write_plan(tx, SEED_PLAN, plan)?;
    }
    if inserted > 0 {
        bump_seq(tx)?;
    }
    Ok(inserted)
}

fn write_plan(tx: &Transaction<'_>, sql: &str, plan: &Plan) -> Result<usize, StoreError> {
    let params = (plan.name.as_str(), plan.rps, plan.mint_rps, plan.scopes.to_string(), plan.access_ttl);
    tx.prepare_cached(sql).and_then(|mut s| s.execute(params)).map_err(error::db)
}

/// One artist, parsed back from its JSON body.
pub(crate) fn artist(conn: &Connection, id: i64) -> Result<Option<Artist>, StoreError> {
    conn.prepare_cached(ARTIST)
        .and_then(|mut s| {
            s.query_row([id], |row| serde_json::from_str(row.get_ref(0)?.as_str()?).map_err(|e| corrupt_column(0, e)))
                .optional()
        })
        .map_err(error::db)
}

/// Artists as `(id, JSON body)`, ready to store.
pub(crate) fn artist_bodies(artists: &[Artist]) -> Result<Vec<(i64, String)>, StoreError> {
    artists
        .iter()
        .map(|a| match serde_json::to_string(a) {
            Ok(body) => Ok((a.id, body)),
            Err(e) => Err(StoreError::Backend(format!("artist {} is not JSON: {e}", a.id))),
        })
        .collect()
}

/// Inserts or replaces artists by id, all stamped with one new change
/// sequence number. Nothing to store is no write.
pub(crate) fn upsert_artists(tx: &Transaction<'_>, bodies: &[(i64, String)]) -> Result<(), StoreError> {
    if bodies.is_empty() {
        return Ok(());
    }
    let seq = bump_seq(tx)?;
    let mut insert = tx.prepare_cached(UPSERT_ARTIST).map_err(error::db)?;
    for (id, body) in bodies {
        insert.execute((id, body, seq)).map_err(error::db)?;
    }
    Ok(())
}

/// An imported track or album's JSON body.
pub(crate) fn record(conn: &Connection, kind: RecordKind, id: i64) -> Result<Option<String>, StoreError> {
    conn.prepare_cached(RECORD)
        .and_then(|mut s| s.query_row((kind.as_str(), id), |row| row.get(0)).optional())
        .map_err(error::db)
}

/// Inserts or replaces tracks or albums by id, all stamped with one new
/// change sequence number (in order, so the last of one id wins). Nothing
/// to store is no write.
pub(crate) fn upsert_records(tx: &Transaction<'_>, kind: RecordKind, records: &[Record]) -> Result<(), StoreError> {
    if records.is_empty() {
        return Ok(());
    }
    let seq = bump_seq(tx)?;
    let mut insert = tx.prepare_cached(UPSERT_RECORD).map_err(error::db)?;
    for r in records {
        insert.execute((kind.as_str(), r.id, &r.body, seq)).map_err(error::db)?;
    }
    Ok(())
}

/// How many artists the catalog holds.
pub(crate) fn artist_count(conn: &Connection) -> Result<u64, StoreError> {
    conn.prepare_cached("SELECT COUNT(*) FROM artists")
        .and_then(|mut s| s.query_row([], |row| row.get(0)))
        .map_err(error::db)
}
