//! Queries on plans and the artist catalog.

use crate::error;
use crate::rows;
use crate::sql::bump_seq;
use chartgate_core::{Plan, Record, RecordKind, StoreError};
use chartmetric_types::Artist;
use deadpool_postgres::{GenericClient, Transaction};
use std::collections::HashMap;
use tokio_postgres::types::ToSql;

/// Byte order, as SQLite sorts, whatever the database's collation.
const PLANS: &str = "SELECT name, rps, mint_rps, scopes, access_ttl FROM plans ORDER BY name COLLATE \"C\"";
const UPSERT_PLAN: &str = "INSERT INTO plans (name, rps, mint_rps, scopes, access_ttl) \
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO UPDATE SET \
     rps = excluded.rps, mint_rps = excluded.mint_rps, scopes = excluded.scopes, access_ttl = excluded.access_ttl";
const SEED_PLAN: &str = "INSERT INTO plans (name, rps, mint_rps, scopes, access_ttl) \
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING";
const ARTIST: &str = "SELECT body FROM artists WHERE id = $1";
/// One statement per chunk: ids and bodies travel as two arrays.
const UPSERT_ARTISTS: &str = "INSERT INTO artists (id, body, seq) \
     SELECT id, body, $3 FROM unnest($1::bigint[], $2::text[]) AS batch (id, body) \
     ON CONFLICT (id) DO UPDATE SET body = excluded.body, seq = excluded.seq";
const RECORD: &str = "SELECT body FROM records WHERE kind = $1 AND id = $2";
/// One statement per chunk, as for artists.
const UPSERT_RECORDS: &str = "INSERT INTO records (kind, id, body, seq) \
     SELECT $1, id, body, $4 FROM unnest($2::bigint[], $3::text[]) AS batch (id, body) \
     ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body, seq = excluded.seq";
/// Artists per `INSERT`, so that a large import sends bounded messages.
const CHUNK: usize = 2_000;

/// All plans, by name.
pub(crate) async fn plans(c: &impl GenericClient) -> Result<Vec<Plan>, StoreError> {
    let stmt = c.prepare_cached(PLANS).await.map_err(error::db)?;
    let found = c.query(&stmt, &[]).await.map_err(error::db)?;
    found.iter().map(rows::plan).collect()
}

/// Creates or updates a plan.
pub(crate) async fn upsert_plan(tx: &Transaction<'_>, plan: &Plan) -> Result<(), StoreError> {
    bump_seq(tx).await?;
    write_plan(tx, UPSERT_PLAN, plan).await.map(drop)
}

/// Inserts the plans that do not exist yet, leaving existing ones as an
/// operator left them. Returns how many were inserted.
pub(crate) async fn seed_plans(tx: &Transaction<'_>, plans: &[Plan]) -> Result<u64, StoreError> {
    let mut inserted = 0;
    for plan in plans {
        inserted += write_plan(tx, SEED_PLAN, plan).await?;
    }
    if inserted > 0 {
        bump_seq(tx).await?;
    }
    Ok(inserted)
}

async fn write_plan(tx: &Transaction<'_>, sql: &str, plan: &Plan) -> Result<u64, StoreError> {
    let (rps, mint_rps, ttl) = (i64::from(plan.rps), i64::from(plan.mint_rps), i64::from(plan.access_ttl));
    let scopes = plan.scopes.to_string();
    let params: [&(dyn ToSql + Sync); 5] = [&plan.name.as_str(), &rps, &mint_rps, &scopes, &ttl];
    let stmt = tx.prepare_cached(sql).await.map_err(error::db)?;
    tx.execute(&stmt, &params).await.map_err(error::db)
}

/// One artist, parsed back from its JSON body.
pub(crate) async fn artist(c: &impl GenericClient, id: i64) -> Result<Option<Artist>, StoreError> {
    let stmt = c.prepare_cached(ARTIST).await.map_err(error::db)?;
    let Some(row) = c.query_opt(&stmt, &[&id]).await.map_err(error::db)? else {
        return Ok(None);
    };
    let body: &str = rows::get(&row, 0, "artists.body")?;
    serde_json::from_str(body).map(Some).map_err(|e| error::corrupt(&format!("artist {id}"), e))
}

/// Artists as ids and JSON bodies, ready to store: one entry per id, the
/// last one given winning, as if they were written one after another.
pub(crate) fn artist_bodies(artists: &[Artist]) -> Result<(Vec<i64>, Vec<String>), StoreError> {
    let mut last: HashMap<i64, usize> = HashMap::with_capacity(artists.len());
    for (i, a) in artists.iter().enumerate() {
        last.insert(a.id, i);
    }
    let mut ids = Vec::with_capacity(last.len());
    let mut bodies = Vec::with_capacity(last.len());
    for (i, a) in artists.iter().enumerate() {
        if last.get(&a.id) != Some(&i) {
            continue;
        }
        let body =
            serde_json::to_string(a).map_err(|e| StoreError::Backend(format!("artist {} is not JSON: {e}", a.id)))?;
        ids.push(a.id);
        bodies.push(body);
    }
    Ok((ids, bodies))
}

/// Inserts or replaces artists by id, all stamped with one new change
/// sequence number. Nothing to store is no write.
pub(crate) async fn upsert_artists(tx: &Transaction<'_>, ids: &[i64], bodies: &[String]) -> Result<(), StoreError> {
    if ids.is_empty() {
        return Ok(());
    }
    let seq = bump_seq(tx).await?;
    let stmt = tx.prepare_cached(UPSERT_ARTISTS).await.map_err(error::db)?;
    for (ids, bodies) in ids.chunks(CHUNK).zip(bodies.chunks(CHUNK)) {
        tx.execute(&stmt, &[&ids, &bodies, &seq]).await.map_err(error::db)?;
    }
    Ok(())
}

/// An imported track or album's JSON body.
pub(crate) async fn record(c: &impl GenericClient, kind: RecordKind, id: i64) -> Result<Option<String>, StoreError> {
    let stmt = c.prepare_cached(RECORD).await.map_err(error::db)?;
    let Some(row) = c.query_opt(&stmt, &[&kind.as_str(), &id]).await.map_err(error::db)? else {
        return Ok(None);
    };
    rows::get::<String>(&row, 0, "records.body").map(Some)
}

/// Inserts or replaces tracks or albums by id, all stamped with one new
/// change sequence number; of one id given twice, the last wins (one
/// `INSERT … ON CONFLICT` may not touch a row twice). Nothing to store is
/// no write.
pub(crate) async fn upsert_records(
    tx: &Transaction<'_>,
    kind: RecordKind,
    records: &[Record],
) -> Result<(), StoreError> {
    let mut last: HashMap<i64, usize> = HashMap::with_capacity(records.len());
    for (i, r) in records.iter().enumerate() {
        last.insert(r.id, i);
    }
    let (mut ids, mut bodies) = (Vec::with_capacity(last.len()), Vec::with_capacity(last.len()));
    for (i, r) in records.iter().enumerate() {
        if last.get(&r.id) == Some(&i) {
            ids.push(r.id);
            bodies.push(r.body.as_str());
        }
    }
    if ids.is_empty() {
        return Ok(());
    }
    let seq = bump_seq(tx).await?;
    let stmt = tx.prepare_cached(UPSERT_RECORDS).await.map_err(error::db)?;
    for (ids, bodies) in ids.chunks(CHUNK).zip(bodies.chunks(CHUNK)) {
        tx.execute(&stmt, &[&kind.as_str(), &ids, &bodies, &seq]).await.map_err(error::db)?;
    }
    Ok(())
}

/// How many artists the catalog holds.
pub(crate) async fn artist_count(c: &impl GenericClient) -> Result<u64, StoreError> {
    let stmt = c.prepare_cached("SELECT COUNT(*) FROM artists").await.map_err(error::db)?;
    let row = c.query_one(&stmt, &[]).await.map_err(error::db)?;
    let n: i64 = rows::get(&row, 0, "artist count")?;
    u64::try_from(n).map_err(|e| error::corrupt("artist count", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn artist(id: i64, name: &str) -> Artist {
        Artist { id, name: name.into(), ..Artist::default() }
    }

    #[test]
    fn a_batch_keeps_one_body_per_id_the_last_given() {
        let batch = [artist(1, "a"), artist(2, "b"), artist(1, "c")];
        let (ids, bodies) = artist_bodies(&batch).expect("bodies");
        assert_eq!(ids, [2, 1]);
        assert!(bodies[1].contains("\"c\""), "{bodies:?}");
    }
}
