//! [`SqliteStore`]: the [`Store`] port on SQLite. Each method is a thin
//! shell that moves its arguments onto a blocking thread and calls a query.

use crate::pool::Pool;
use crate::sql::{change_seq, immediate};
use crate::target::Target;
use crate::{audit, catalog, keys, migrate, reuse, users};
use chartgate_core::{
    AdminChange, AuditEvent, AuditQuery, Faults, MintCount, Plan, PlanName, Record, RecordKind, RefreshTokenHash,
    ReplacedRefreshToken, SigningKey, Store, StoreError, StoredKey, UnixTime, User, UserId, UserName,
};
use chartmetric_types::Artist;
use std::fmt;

/// A [`Store`] on SQLite.
///
/// A file database is opened in WAL mode with one writer connection (writes
/// are serialised) and several reader connections (reads run concurrently
/// and never wait for a write). An in-memory database lives in a single
/// connection that serves reads and writes alike, and disappears with the
/// store. Every method needs a tokio runtime: SQLite is only ever called on
/// tokio's blocking threads.
///
/// Signing keys: exactly one is active (signs); rotated ones verify.
pub struct SqliteStore {
    pool: Pool,
}

impl SqliteStore {
    /// Opens (creating if missing) the database at `url_or_path`: a file
    /// path, `sqlite://PATH`, `sqlite:PATH`, or `:memory:` /
    /// `sqlite::memory:` for a private in-memory database. The folder of a
    /// file must exist. Does not migrate: call [`Store::migrate`].
    ///
    /// Blocks briefly while it opens the connections, so call it at startup
    /// (or from a blocking thread), not from a busy async task.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the file cannot be opened or
    /// created, naming the path; [`StoreError::Corrupt`] when it is not a
    /// SQLite database; [`StoreError::Backend`] for a malformed URL.
    pub fn open(url_or_path: &str) -> Result<Self, StoreError> {
        let pool = Pool::open(Target::parse(url_or_path)?)?;
        Ok(Self { pool })
    }

    /// Runs a write transaction (`BEGIN IMMEDIATE`) on the writer.
    async fn write<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        F: FnOnce(&rusqlite::Transaction<'_>) -> Result<T, StoreError> + Send + 'static,
        T: Send + 'static,
    {
        self.pool.write(move |conn| immediate(conn, f)).await
    }
}

impl fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SqliteStore").field("database", &self.pool.target().to_string()).finish()
    }
}

#[async_trait::async_trait]
impl Store for SqliteStore {
    async fn migrate(&self) -> Result<bool, StoreError> {
        self.pool.write(migrate::migrate).await
    }

    async fn ready(&self) -> Result<(), StoreError> {
        let one = |conn: &rusqlite::Connection| conn.query_row("SELECT 1", [], |_| Ok(()));
        self.pool.read(move |conn| one(conn).map_err(crate::error::db)).await
    }

    async fn create_user(
        &self,
        name: &UserName,
        plan: &PlanName,
        token: &RefreshTokenHash,
        now: UnixTime,
    ) -> Result<User, StoreError> {
        let (name, plan, hash) = (name.clone(), plan.clone(), token.to_hex());
        self.write(move |tx| users::create(tx, &name, &plan, &hash, now.as_secs())).await
    }

    async fn user_by_name(&self, name: &UserName) -> Result<Option<User>, StoreError> {
        let name = name.clone();
        self.pool.read(move |c| users::by_name(c, name.as_str())).await
    }

    async fn user_by_id(&self, id: UserId) -> Result<Option<User>, StoreError> {
        self.pool.read(move |c| users::by_id(c, id)).await
    }

    async fn user_by_refresh_token(&self, token: &RefreshTokenHash) -> Result<Option<User>, StoreError> {
        let hash = token.to_hex();
        self.pool.read(move |c| users::by_refresh_hash(c, &hash)).await
    }

    async fn list_users(&self) -> Result<Vec<User>, StoreError> {
        self.pool.read(users::all).await
    }

    async fn users_changed_since(&self, seq: i64) -> Result<Vec<User>, StoreError> {
        self.pool.read(move |c| users::changed_since(c, seq)).await
    }

    async fn set_refresh_token(&self, id: UserId, token: Option<&RefreshTokenHash>) -> Result<User, StoreError> {
        let hash = token.map(RefreshTokenHash::to_hex);
        self.write(move |tx| users::set_refresh_hash(tx, id, hash.as_deref())).await
    }

    async fn swap_refresh_token(
        &self,
        id: UserId,
        old: &RefreshTokenHash,
        new: &RefreshTokenHash,
        now: UnixTime,
    ) -> Result<Option<User>, StoreError> {
        let (old, new) = (old.to_hex(), new.to_hex());
        self.write(move |tx| reuse::swap(tx, id, &old, &new, now)).await
    }

    async fn set_enabled(&self, id: UserId, enabled: bool) -> Result<User, StoreError> {
        self.write(move |tx| users::set_enabled(tx, id, enabled)).await
    }

    async fn set_user_plan(&self, id: UserId, plan: &PlanName) -> Result<User, StoreError> {
        let plan = plan.clone();
        self.write(move |tx| users::set_plan(tx, id, &plan)).await
    }

    async fn set_user_faults(&self, id: UserId, faults: Faults) -> Result<User, StoreError> {
        self.write(move |tx| users::set_faults(tx, id, faults)).await
    }

    async fn list_plans(&self) -> Result<Vec<Plan>, StoreError> {
        self.pool.read(catalog::plans).await
    }

    async fn upsert_plan(&self, plan: &Plan) -> Result<(), StoreError> {
        let plan = plan.clone();
        self.write(move |tx| catalog::upsert_plan(tx, &plan)).await
    }

    async fn ensure_signing_key(&self, candidate: &SigningKey) -> Result<Vec<StoredKey>, StoreError> {
        let candidate = candidate.clone();
        self.write(move |tx| keys::ensure(tx, &candidate)).await
    }

    async fn signing_keys(&self) -> Result<Vec<StoredKey>, StoreError> {
        self.pool.read(keys::all).await
    }

    async fn rotate_signing_key(&self, candidate: &SigningKey, now: UnixTime) -> Result<Vec<StoredKey>, StoreError> {
        let candidate = candidate.clone();
        self.write(move |tx| keys::rotate(tx, &candidate, now)).await
    }

    async fn retire_signing_key(&self, kid: &str) -> Result<StoredKey, StoreError> {
        let kid = kid.to_owned();
        self.write(move |tx| keys::retire(tx, &kid)).await
    }

    async fn artist(&self, id: i64) -> Result<Option<Artist>, StoreError> {
        self.pool.read(move |c| catalog::artist(c, id)).await
    }

    async fn upsert_artists(&self, artists: &[Artist]) -> Result<(), StoreError> {
        let bodies = catalog::artist_bodies(artists)?;
        self.write(move |tx| catalog::upsert_artists(tx, &bodies)).await
    }

    async fn artist_count(&self) -> Result<u64, StoreError> {
        self.pool.read(catalog::artist_count).await
    }

    async fn record(&self, kind: RecordKind, id: i64) -> Result<Option<String>, StoreError> {
        self.pool.read(move |c| catalog::record(c, kind, id)).await
    }

    async fn upsert_records(&self, kind: RecordKind, records: &[Record]) -> Result<(), StoreError> {
        if records.is_empty() {
            return Ok(());
        }
        let records = records.to_vec();
        self.write(move |tx| catalog::upsert_records(tx, kind, &records)).await
    }

    async fn change_seq(&self) -> Result<i64, StoreError> {
        self.pool.read(change_seq).await
    }

    async fn replaced_refresh_token(
        &self,
        token: &RefreshTokenHash,
    ) -> Result<Option<ReplacedRefreshToken>, StoreError> {
        let hash = token.to_hex();
        self.pool.read(move |c| reuse::find(c, &hash)).await
    }

    async fn rotate_replaced_refresh_token(
        &self,
        id: UserId,
        epoch: i64,
        new: &RefreshTokenHash,
        now: UnixTime,
    ) -> Result<Option<User>, StoreError> {
        let new = new.to_hex();
        self.write(move |tx| reuse::rotate_replaced(tx, id, epoch, &new, now)).await
    }

    async fn revoke_reused_refresh_token(
        &self,
        id: UserId,
        epoch: i64,
        event: &AuditEvent,
    ) -> Result<Option<User>, StoreError> {
        let event = event.clone();
        self.write(move |tx| {
            let revoked = reuse::revoke(tx, id, epoch)?;
            if revoked.is_some() {
                audit::append(tx, &event)?;
            }
            Ok(revoked)
        })
        .await
    }

    async fn forget_replaced_refresh_tokens(&self, before: UnixTime) -> Result<u64, StoreError> {
        self.write(move |tx| reuse::forget(tx, before)).await
    }

    async fn write_audited(&self, change: &AdminChange, event: &AuditEvent) -> Result<Option<User>, StoreError> {
        let (change, event) = (change.clone(), event.clone());
        self.write(move |tx| audit::write_audited(tx, &change, &event)).await
    }

    async fn append_audit(&self, event: &AuditEvent) -> Result<(), StoreError> {
        let event = event.clone();
        self.write(move |tx| audit::append(tx, &event)).await
    }

    async fn list_audit(&self, query: &AuditQuery) -> Result<Vec<AuditEvent>, StoreError> {
        let query = query.clone();
        self.pool.read(move |c| audit::list(c, &query)).await
    }

    async fn add_mint_counts(&self, counts: &[MintCount]) -> Result<(), StoreError> {
        if counts.is_empty() {
            return Ok(());
        }
        let counts = counts.to_vec();
        self.write(move |tx| audit::add_mint_counts(tx, &counts)).await
    }

    async fn mint_counts(&self, id: UserId, limit: u32) -> Result<Vec<MintCount>, StoreError> {
        self.pool.read(move |c| audit::mint_counts(c, id, limit)).await
    }
}
