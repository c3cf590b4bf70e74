//! A [`Store`] wrapper for tests that need to stop or break one call at a
//! chosen moment: it delegates everything to the wrapped store, except where
//! a test armed a hook.

use chartgate_core::{
    AdminChange, AuditEvent, AuditQuery, Faults, MintCount, Plan, PlanName, Record, RecordKind, RefreshTokenHash,
    ReplacedRefreshToken, SigningKey, Store, StoreError, StoredKey, UnixTime, User, UserId, UserName,
};
use chartmetric_types::Artist;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use tokio::sync::oneshot;

/// A store that delegates to another, with hooks.
pub struct HookedStore {
    inner: Arc<dyn Store>,
    hold: Mutex<Option<(oneshot::Sender<()>, oneshot::Receiver<()>)>>,
    fail_artist: AtomicBool,
    fail_polls: AtomicBool,
    polls: AtomicU64,
}

/// A held call: `reached` fires once the call has read the store; the call
/// returns what it read only when `release` is sent (or dropped).
pub struct Hold {
    /// Fires when the held call has done its read.
    pub reached: oneshot::Receiver<()>,
    /// Lets the held call return.
    pub release: oneshot::Sender<()>,
}

impl HookedStore {
    /// Wraps `inner` with no hook armed.
    pub fn new(inner: Arc<dyn Store>) -> Arc<Self> {
        Arc::new(Self {
            inner,
            hold: Mutex::new(None),
            fail_artist: AtomicBool::new(false),
            fail_polls: AtomicBool::new(false),
            polls: AtomicU64::new(0),
        })
    }

    /// The next `user_by_refresh_token` (a mint's lookup) reads the store,
    /// then waits for the returned [`Hold`] to be released before answering.
    pub fn hold_next_refresh_lookup(&self) -> Hold {
        let (reached_tx, reached) = oneshot::channel();
        let (release, release_rx) = oneshot::channel();
        *self.hold.lock().unwrap() = Some((reached_tx, release_rx));
        Hold { reached, release }
    }

    /// While on, reads of the change sequence (a server's poll) fail as if
    /// the database were away.
    pub fn fail_polls(&self, on: bool) {
        self.fail_polls.store(on, Ordering::SeqCst);
    }

    /// How many times the change sequence was read.
    pub fn polls(&self) -> u64 {
        self.polls.load(Ordering::SeqCst)
    }

    /// While on, artist reads fail as if the database were away.
    pub fn fail_artist_reads(&self, on: bool) {
        self.fail_artist.store(on, Ordering::SeqCst);
    }
}

#[async_trait::async_trait]
impl Store for HookedStore {
    async fn migrate(&self) -> Result<bool, StoreError> {
        self.inner.migrate().await
    }
    async fn ready(&self) -> Result<(), StoreError> {
        self.inner.ready().await
    }
    async fn create_user(
        &self,
        name: &UserName,
        plan: &PlanName,
        token: &RefreshTokenHash,
        now: UnixTime,
    ) -> Result<User, StoreError> {
        self.inner.create_user(name, plan, token, now).await
    }
    async fn user_by_name(&self, name: &UserName) -> Result<Option<User>, StoreError> {
        self.inner.user_by_name(name).await
    }
    async fn user_by_id(&self, id: UserId) -> Result<Option<User>, StoreError> {
        self.inner.user_by_id(id).await
    }
    async fn user_by_refresh_token(&self, token: &RefreshTokenHash) -> Result<Option<User>, StoreError> {
        let read = self.inner.user_by_refresh_token(token).await;
        let hold = self.hold.lock().unwrap().take();
        if let Some((reached, release)) = hold {
            let _ = reached.send(());
            let _ = release.await;
        }
        read
    }
    async fn list_users(&self) -> Result<Vec<User>, StoreError> {
        self.inner.list_users().await
    }
    async fn users_changed_since(&self, seq: i64) -> Result<Vec<User>, StoreError> {
        self.inner.users_changed_since(seq).await
    }
    async fn set_refresh_token(&self, id: UserId, token: Option<&RefreshTokenHash>) -> Result<User, StoreError> {
        self.inner.set_refresh_token(id, token).await
    }
    async fn swap_refresh_token(
        &self,
        id: UserId,
        old: &RefreshTokenHash,
        new: &RefreshTokenHash,
        now: UnixTime,
    ) -> Result<Option<User>, StoreError> {
        self.inner.swap_refresh_token(id, old, new, now).await
    }
    async fn set_enabled(&self, id: UserId, enabled: bool) -> Result<User, StoreError> {
        self.inner.set_enabled(id, enabled).await
    }
    async fn set_user_plan(&self, id: UserId, plan: &PlanName) -> Result<User, StoreError> {
        self.inner.set_user_plan(id, plan).await
    }
    async fn set_user_faults(&self, id: UserId, faults: Faults) -> Result<User, StoreError> {
        self.inner.set_user_faults(id, faults).await
    }
    async fn list_plans(&self) -> Result<Vec<Plan>, StoreError> {
        self.inner.list_plans().await
    }
    async fn upsert_plan(&self, plan: &Plan) -> Result<(), StoreError> {
        self.inner.upsert_plan(plan).await
    }
    async fn ensure_signing_key(&self, candidate: &SigningKey) -> Result<Vec<StoredKey>, StoreError> {
        self.inner.ensure_signing_key(candidate).await
    }
    async fn signing_keys(&self) -> Result<Vec<StoredKey>, StoreError> {
        self.inner.signing_keys().await
    }
    async fn rotate_signing_key(&self, candidate: &SigningKey, now: UnixTime) -> Result<Vec<StoredKey>, StoreError> {
        self.inner.rotate_signing_key(candidate, now).await
    }
    async fn retire_signing_key(&self, kid: &str) -> Result<StoredKey, StoreError> {
        self.inner.retire_signing_key(kid).await
    }
    async fn artist(&self, id: i64) -> Result<Option<Artist>, StoreError> {
        if self.fail_artist.load(Ordering::SeqCst) {
            return Err(StoreError::Unavailable("artist reads are failing (test hook)".into()));
        }
        self.inner.artist(id).await
    }
    async fn upsert_artists(&self, artists: &[Artist]) -> Result<(), StoreError> {
        self.inner.upsert_artists(artists).await
    }
    async fn artist_count(&self) -> Result<u64, StoreError> {
        self.inner.artist_count().await
    }
    async fn record(&self, kind: RecordKind, id: i64) -> Result<Option<String>, StoreError> {
        self.inner.record(kind, id).await
    }
    async fn upsert_records(&self, kind: RecordKind, records: &[Record]) -> Result<(), StoreError> {
        self.inner.upsert_records(kind, records).await
    }
    async fn change_seq(&self) -> Result<i64, StoreError> {
        self.polls.fetch_add(1, Ordering::SeqCst);
        if self.fail_polls.load(Ordering::SeqCst) {
            return Err(StoreError::Unavailable("polls are failing (test hook)".into()));
        }
        self.inner.change_seq().await
    }
    async fn replaced_refresh_token(
        &self,
        token: &RefreshTokenHash,
    ) -> Result<Option<ReplacedRefreshToken>, StoreError> {
        self.inner.replaced_refresh_token(token).await
    }
    async fn rotate_replaced_refresh_token(
        &self,
        id: UserId,
        epoch: i64,
        new: &RefreshTokenHash,
        now: UnixTime,
    ) -> Result<Option<User>, StoreError> {
        self.inner.rotate_replaced_refresh_token(id, epoch, new, now).await
    }
    async fn revoke_reused_refresh_token(
        &self,
        id: UserId,
        epoch: i64,
        event: &AuditEvent,
    ) -> Result<Option<User>, StoreError> {
        self.inner.revoke_reused_refresh_token(id, epoch, event).await
    }
    async fn forget_replaced_refresh_tokens(&self, before: UnixTime) -> Result<u64, StoreError> {
        self.inner.forget_replaced_refresh_tokens(before).await
    }
    async fn write_audited(&self, change: &AdminChange, event: &AuditEvent) -> Result<Option<User>, StoreError> {
        self.inner.write_audited(change, event).await
    }
    async fn append_audit(&self, event: &AuditEvent) -> Result<(), StoreError> {
        self.inner.append_audit(event).await
    }
    async fn list_audit(&self, query: &AuditQuery) -> Result<Vec<AuditEvent>, StoreError> {
        self.inner.list_audit(query).await
    }
    async fn add_mint_counts(&self, counts: &[MintCount]) -> Result<(), StoreError> {
        self.inner.add_mint_counts(counts).await
    }
    async fn mint_counts(&self, id: UserId, limit: u32) -> Result<Vec<MintCount>, StoreError> {
        self.inner.mint_counts(id, limit).await
    }
}
