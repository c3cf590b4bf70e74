//! [`PostgresStore`]: the [`Store`] port on PostgreSQL. Each method takes a
//! pooled connection and calls a query; writes run in one transaction each.

use crate::sql::{begin, change_seq, commit};
use crate::target::Target;
use crate::{audit, catalog, error, keys, migrate, reuse, users};
use chartgate_core::{
    AdminChange, AuditEvent, AuditQuery, Faults, MintCount, Plan, PlanName, Record, RecordKind, RefreshTokenHash,
    ReplacedRefreshToken, SigningKey, Store, StoreError, StoredKey, UnixTime, User, UserId, UserName,
};
use chartmetric_types::Artist;
use deadpool_postgres::{Client, Pool, Transaction};
use std::fmt;

/// A [`Store`] on PostgreSQL, through a pool of up to 16 connections.
///
/// Connections open lazily and are reused; waiting for one, or opening
/// one, gives up after a few seconds with [`StoreError::Unavailable`], as
/// does a refused or broken connection. TLS follows the URL's `sslmode`
/// (`disable`, `prefer` by default, `require`, `verify-full`) and
/// `sslrootcert`, as with libpq; docs/OPERATIONS.md says what each checks.
///
/// Signing keys: exactly one is active (signs); rotated ones verify.
pub struct PostgresStore {
    pool: Pool,
    target: Target,
}

impl PostgresStore {
    /// A store on the database a `postgres://` or `postgresql://` URL
    /// names, working in the connection's default `search_path`.
    ///
    /// Synchronous and lazy: it checks the URL and builds the pool but opens
    /// no connection, so it succeeds while the database is down. Call
    /// [`Store::ready`] to check the database answers, and
    /// [`Store::migrate`] to create the schema. The store's methods need a
    /// tokio runtime.
    ///
    /// # Errors
    /// [`StoreError::Backend`] for a URL that is not a PostgreSQL URL or
    /// does not parse; the message never repeats the URL's password.
    pub fn connect(url: &str) -> Result<Self, StoreError> {
        Self::open(Target::parse(url, None)?)
    }

    /// Like [`connect`](Self::connect), but every connection works in
    /// `schema` (its `search_path` is set to it at connection start), and
    /// [`Store::migrate`] creates the schema when it is missing. Lets
    /// several chartgates, or tests, share one database apart.
    ///
    /// # Errors
    /// As [`connect`](Self::connect); also [`StoreError::Backend`] for a
    /// schema name that is not 1 to 63 of `[a-z0-9_]`, starting with a
    /// letter or `_`.
    pub fn connect_with_schema(url: &str, schema: &str) -> Result<Self, StoreError> {
        Self::open(Target::parse(url, Some(schema))?)
    }

    fn open(target: Target) -> Result<Self, StoreError> {
        let pool = target.pool()?;
        Ok(Self { pool, target })
    }

    /// The schema given to [`connect_with_schema`](Self::connect_with_schema).
    pub fn schema(&self) -> Option<&str> {
        self.target.schema()
    }

    async fn client(&self) -> Result<Client, StoreError> {
        self.pool.get().await.map_err(error::pool)
    }
}

impl fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PostgresStore").field("database", &self.target.to_string()).finish()
    }
}

#[async_trait::async_trait]
impl Store for PostgresStore {
    async fn migrate(&self) -> Result<bool, StoreError> {
        let mut client = self.client().await?;
        migrate::migrate(&mut client, self.target.schema()).await
    }

    async fn ready(&self) -> Result<(), StoreError> {
        let client = self.client().await?;
        client.simple_query("SELECT 1").await.map(drop).map_err(error::db)
    }

    async fn create_user(
        &self,
        name: &UserName,
        plan: &PlanName,
        token: &RefreshTokenHash,
        now: UnixTime,
    ) -> Result<User, StoreError> {
        let mut client = self.client().await?;
        let tx = begin(&mut client).await?;
        let user = users::create(&tx, name, plan, &token.to_hex(), now.as_secs()).await?;
        commit(tx).await?;
        Ok(user)
    }

    async fn user_by_name(&self, name: &UserName) -> Result<Option<User>, StoreError> {
        users::by_name(&self.client().await?, name.as_str()).await
    }

    async fn user_by_id(&self, id: UserId) -> Result<Option<User>, StoreError> {
        users::by_id(&self.client().await?, id).await
    }

    async fn user_by_refresh_token(&self, token: &RefreshTokenHash) -> Result<Option<User>, StoreError> {
        users::by_refresh_hash(&self.client().await?, &token.to_hex()).await
    }

    async fn list_users(&self) -> Result<Vec<User>, StoreError> {
        users::all(&self.client().await?).await
    }

    async fn users_changed_since(&self, seq: i64) -> Result<Vec<User>, StoreError> {
        users::changed_since(&self.client().await?, seq).await
    }

    async fn swap_refresh_token(
        &self,
        id: UserId,
        old: &RefreshTokenHash,
        new: &RefreshTokenHash,
        now: UnixTime,
    ) -> Result<Option<User>, StoreError> {
        let (old, new) = (old.to_hex(), new.to_hex());
        let mut client = self.client().await?;
        let tx = begin(&mut client).await?;
        let user = reuse::swap(&tx, id, &old, &new, now).await?;
        commit(tx).await?;
        Ok(user)
    }

    async fn set_refresh_token(&self, id: UserId, token: Option<&RefreshTokenHash>) -> Result<User, StoreError> {
        let hash = token.map(RefreshTokenHash::to_hex);
        let mut client = self.client().await?;
        let tx = begin(&mut client).await?;
        let user = users::set_refresh_hash(&tx, id, hash.as_deref()).await?;
        commit(tx).await?;
        Ok(user)
    }

    async fn set_enabled(&self, id: UserId, enabled: bool) -> Result<User, StoreError> {
        let mut client = self.client().await?;
        let tx = begin(&mut client).await?;
        let user = users::set_enabled(&tx, id, enabled).await?;
        commit(tx).await?;
        Ok(user)
    }

    async fn set_user_plan(&self, id: UserId, plan: &PlanName) -> Result<User, StoreError> {
        let mut client = self.client().await?;
        let tx = begin(&mut client).await?;
        let user = users::set_plan(&tx, id, plan).await?;
        commit(tx).await?;
        Ok(user)
    }

    async fn set_user_faults(&self, id: UserId, faults: Faults) -> Result<User, StoreError> {
        let mut client = self.client().await?;
        let tx = begin(&mut client).await?;
        let user = users::set_faults(&tx, id, faults).await?;
        commit(tx).await?;
        Ok(user)
    }

    async fn list_plans(&self) -> Result<Vec<Plan>, StoreError> {
        catalog::plans(&self.client().await?).await
    }

    async fn upsert_plan(&self, plan: &Plan) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let tx = begin(&mut client).await?;
        catalog::upsert_plan(&tx, plan).await?;
        commit(tx).await
    }

    async fn ensure_signing_key(&self, candidate: &SigningKey) -> Result<Vec<StoredKey>, StoreError> {
        let now = chartgate_core::Clock::now(&chartgate_core::SystemClock);
        let mut client = self.client().await?;
        let tx = begin(&mut client).await?;
        let keys = keys::ensure(&tx, candidate, now).await?;
        commit(tx).await?;
        Ok(keys)
    }

    async fn signing_keys(&self) -> Result<Vec<StoredKey>, StoreError> {
        keys::all(&self.client().await?).await
    }

    async fn rotate_signing_key(&self, candidate: &SigningKey, now: UnixTime) -> Result<Vec<StoredKey>, StoreError> {
        let mut client = self.client().await?;
        let tx = begin(&mut client).await?;
        let keys = keys::rotate(&tx, candidate, now).await?;
        commit(tx).await?;
        Ok(keys)
    }

    async fn retire_signing_key(&self, kid: &str) -> Result<StoredKey, StoreError> {
        let mut client = self.client().await?;
        let tx = begin(&mut client).await?;
        let key = keys::retire(&tx, kid).await?;
        commit(tx).await?;
        Ok(key)
    }

    async fn artist(&self, id: i64) -> Result<Option<Artist>, StoreError> {
        catalog::artist(&self.client().await?, id).await
    }

    async fn upsert_artists(&self, artists: &[Artist]) -> Result<(), StoreError> {
        let (ids, bodies) = catalog::artist_bodies(artists)?;
        if ids.is_empty() {
            return Ok(());
        }
        let mut client = self.client().await?;
        let tx = begin(&mut client).await?;
        catalog::upsert_artists(&tx, &ids, &bodies).await?;
        commit(tx).await
    }

    async fn artist_count(&self) -> Result<u64, StoreError> {
        catalog::artist_count(&self.client().await?).await
    }

    async fn record(&self, kind: RecordKind, id: i64) -> Result<Option<String>, StoreError> {
        catalog::record(&self.client().await?, kind, id).await
    }

    async fn upsert_records(&self, kind: RecordKind, records: &[Record]) -> Result<(), StoreError> {
        if records.is_empty() {
            return Ok(());
        }
        let mut client = self.client().await?;
        let tx = begin(&mut client).await?;
        catalog::upsert_records(&tx, kind, records).await?;
        commit(tx).await
    }

    async fn change_seq(&self) -> Result<i64, StoreError> {
        change_seq(&self.client().await?).await
    }

    async fn replaced_refresh_token(
        &self,
        token: &RefreshTokenHash,
    ) -> Result<Option<ReplacedRefreshToken>, StoreError> {
        reuse::find(&self.client().await?, &token.to_hex()).await
    }

    async fn rotate_replaced_refresh_token(
        &self,
        id: UserId,
        epoch: i64,
        new: &RefreshTokenHash,
        now: UnixTime,
    ) -> Result<Option<User>, StoreError> {
        let mut client = self.client().await?;
        let tx = begin(&mut client).await?;
        let user = reuse::rotate_replaced(&tx, id, epoch, &new.to_hex(), now).await?;
        commit_if_written(tx, user).await
    }

    async fn revoke_reused_refresh_token(
        &self,
        id: UserId,
        epoch: i64,
        event: &AuditEvent,
    ) -> Result<Option<User>, StoreError> {
        let mut client = self.client().await?;
        let tx = begin(&mut client).await?;
        let user = reuse::revoke(&tx, id, epoch).await?;
        if user.is_some() {
            audit::append(&tx, event).await?;
        }
        commit_if_written(tx, user).await
    }

    async fn forget_replaced_refresh_tokens(&self, before: UnixTime) -> Result<u64, StoreError> {
        reuse::forget(&self.client().await?, before).await
    }

    async fn write_audited(&self, change: &AdminChange, event: &AuditEvent) -> Result<Option<User>, StoreError> {
        let mut client = self.client().await?;
        let tx = begin(&mut client).await?;
        let user = audit::write_audited(&tx, change, event).await?;
        commit(tx).await?;
        Ok(user)
    }

    async fn append_audit(&self, event: &AuditEvent) -> Result<(), StoreError> {
        audit::append(&self.client().await?, event).await
    }

    async fn list_audit(&self, query: &AuditQuery) -> Result<Vec<AuditEvent>, StoreError> {
        audit::list(&self.client().await?, query).await
    }

    async fn add_mint_counts(&self, counts: &[MintCount]) -> Result<(), StoreError> {
        if counts.is_empty() {
            return Ok(());
        }
        let mut client = self.client().await?;
        let tx = begin(&mut client).await?;
        audit::add_mint_counts(&tx, counts).await?;
        commit(tx).await
    }

    async fn mint_counts(&self, id: UserId, limit: u32) -> Result<Vec<MintCount>, StoreError> {
        audit::mint_counts(&self.client().await?, id, limit).await
    }
}

/// Commits when the write returned a user; otherwise the transaction rolls
/// back as it drops (a change sequence number it took included).
async fn commit_if_written(tx: Transaction<'_>, user: Option<User>) -> Result<Option<User>, StoreError> {
    if user.is_some() {
        commit(tx).await?;
    }
    Ok(user)
}
