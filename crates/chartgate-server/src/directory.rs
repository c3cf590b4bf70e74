//! An in-memory view of users and plans, kept fresh by polling the store's
//! change sequence, so the request path never reads the database for a user
//! it has seen.
//!
//! Staleness is bounded by the poll interval (half a second by default): a
//! disabled user, a rotated or revoked refresh token (through the user's
//! epoch) and a plan change reach every instance within that time. While the
//! database is away the last view is kept and a warning is logged; past the
//! configured maximum staleness, authenticated routes answer 503 (see
//! [`Directory::staleness`]).
//!
//! It also remembers which user each refresh token it has looked up
//! belongs to ([`Directory::holder`]), so a repeated mint reads no
//! database: the answer holds only while the user's row is unchanged (any
//! write to a user, a rotation or revocation included, moves its change
//! sequence), so a rotated refresh token is refused on every instance
//! within one poll interval, as an access token is.

use crate::store_call::BoundedStore;
use chartgate_core::{Faults, Plan, PlanName, RefreshTokenHash, StoreError, User, UserId, UserName};
use parking_lot::RwLock;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// What the request path needs to know of a user.
#[derive(Debug, Clone)]
pub struct UserView {
    /// The user's name.
    pub name: UserName,
    /// Whether the user may use the API.
    pub enabled: bool,
    /// Current revocation epoch.
    pub epoch: i64,
    /// Current plan.
    pub plan: Arc<Plan>,
    /// Sandbox faults to inject into the user's requests.
    pub faults: Faults,
}

/// A user as the snapshot keeps it: the plan by name, resolved on read, and
/// the change sequence of the write it reflects.
#[derive(Debug, Clone)]
struct UserRow {
    name: UserName,
    enabled: bool,
    epoch: i64,
    plan: PlanName,
    seq: i64,
    faults: Faults,
    has_refresh_token: bool,
    created_at: u64,
}

impl From<User> for UserRow {
    fn from(u: User) -> Self {
        Self {
            name: u.name,
            enabled: u.enabled,
            epoch: u.epoch,
            plan: u.plan,
            seq: u.seq,
            faults: u.faults,
            has_refresh_token: u.has_refresh_token,
            created_at: u.created_at,
        }
    }
}

/// How many refresh tokens [`Directory::holder`] remembers.
const HOLDERS: usize = 65_536;

#[derive(Default)]
struct Snapshot {
    users: HashMap<UserId, UserRow>,
    plans: HashMap<PlanName, Arc<Plan>>,
}

/// Users and plans, as of the last poll, in front of the store.
pub struct Directory {
    store: BoundedStore,
    snap: RwLock<Snapshot>,
    seq: AtomicI64,
    /// When the view was last known current: microseconds after `born`.
    synced_us: AtomicU64,
    born: Instant,
    /// Refresh-token hash → its user and the change sequence of the row
    /// it was read with.
    holders: quick_cache::sync::Cache<[u8; 32], (UserId, i64)>,
}

impl Directory {
    /// Loads everything from the store.
    pub async fn load(store: BoundedStore) -> Result<Self, StoreError> {
        let born = Instant::now();
        let dir = Self {
            store,
            snap: RwLock::default(),
            seq: AtomicI64::new(0),
            synced_us: AtomicU64::new(0),
            born,
            holders: quick_cache::sync::Cache::new(HOLDERS),
        };
        let (seq, users, plans) = dir
            .store
            .call(async {
                let s = dir.store.get();
                Ok((s.change_seq().await?, s.list_users().await?, s.list_plans().await?))
            })
            .await?;
        dir.apply(users, plans);
        dir.seq.store(seq, Ordering::Release);
        Ok(dir)
    }

    /// A user's view: from memory, or, for a user created since the last
    /// poll, read from the store once. `None`: no such user.
    pub async fn user(&self, id: UserId) -> Result<Option<UserView>, StoreError> {
        if let Some(u) = self.cached_user(id) {
            return Ok(Some(u));
        }
        let Some(user) = self.store.call(self.store.get().user_by_id(id)).await? else {
            return Ok(None);
        };
        if self.cached_plan(&user.plan).is_none() {
            let plans = self.store.call(self.store.get().list_plans()).await?;
            self.apply(Vec::new(), plans);
        }
        self.apply(vec![user], Vec::new());
        Ok(self.cached_user(id))
    }

    /// A plan by name: from memory, or after one poll for a plan created
    /// since the last one. `None`: no such plan.
    pub async fn plan(&self, name: &PlanName) -> Result<Option<Arc<Plan>>, StoreError> {
        if let Some(p) = self.cached_plan(name) {
            return Ok(Some(p));
        }
        self.refresh().await?;
        Ok(self.cached_plan(name))
    }

    fn cached_user(&self, id: UserId) -> Option<UserView> {
        let snap = self.snap.read();
        let row = snap.users.get(&id)?;
        let plan = Arc::clone(snap.plans.get(&row.plan)?);
        Some(UserView { name: row.name.clone(), enabled: row.enabled, epoch: row.epoch, plan, faults: row.faults })
    }

    fn cached_plan(&self, name: &PlanName) -> Option<Arc<Plan>> {
        self.snap.read().plans.get(name).cloned()
    }

    /// Records a user just read from the store (for example at mint).
    pub fn observe(&self, user: &User) {
        self.apply(vec![user.clone()], Vec::new());
    }

    /// The user a refresh token was found to belong to, if this instance
    /// looked it up before ([`Directory::held_by`]) and the user's row has
    /// not changed since, as far as the last poll knows.
    pub fn holder(&self, hash: &RefreshTokenHash) -> Option<User> {
        let (id, seq) = self.holders.get(&hash.0)?;
        let snap = self.snap.read();
        // A disabled user is read from the store each time, so enabling it
        // again takes effect at once.
        let row = snap.users.get(&id).filter(|row| row.seq == seq && row.has_refresh_token && row.enabled)?;
        Some(User {
            id,
            name: row.name.clone(),
            plan: row.plan.clone(),
            enabled: row.enabled,
            epoch: row.epoch,
            has_refresh_token: row.has_refresh_token,
            created_at: row.created_at,
            seq: row.seq,
            faults: row.faults,
        })
    }

    /// Remembers that the store found `user` (as of its change sequence)
    /// holding the refresh token of `hash`.
    pub fn held_by(&self, hash: &RefreshTokenHash, user: &User) {
        if user.enabled {
            self.holders.insert(hash.0, (user.id, user.seq));
        }
    }

    /// How long ago the view was last known to be current (the start of
    /// the last successful poll).
    pub fn staleness(&self) -> Duration {
        let synced = Duration::from_micros(self.synced_us.load(Ordering::Acquire));
        self.born.elapsed().saturating_sub(synced)
    }

    /// Polls the store once: `None` when nothing changed, else how many
    /// users had their access tokens ended (epoch moved on, or disabled).
    pub async fn refresh(&self) -> Result<Option<usize>, StoreError> {
        let started = self.born.elapsed();
        let seen = self.seq.load(Ordering::Acquire);
        let polled = self
            .store
            .call(async {
                let s = self.store.get();
                let now = s.change_seq().await?;
                if now == seen {
                    return Ok(None);
                }
                Ok(Some((now, s.users_changed_since(seen).await?, s.list_plans().await?)))
            })
            .await?;
        let Some((now, users, plans)) = polled else {
            self.synced_us.fetch_max(started.as_micros() as u64, Ordering::AcqRel);
            return Ok(None);
        };
        let revoked = self.apply(users, plans);
        self.seq.store(now, Ordering::Release);
        self.synced_us.fetch_max(started.as_micros() as u64, Ordering::AcqRel);
        Ok(Some(revoked))
    }

    /// Applies rows read from the store; returns how many users lost their
    /// access tokens. A row older than the one held (a lower change
    /// sequence: read before a write that a poll has already applied) is
    /// dropped, so a slow read can never undo a revoke or a disable.
    fn apply(&self, users: Vec<User>, plans: Vec<Plan>) -> usize {
        let mut snap = self.snap.write();
        if !plans.is_empty() {
            snap.plans = plans.into_iter().map(|p| (p.name.clone(), Arc::new(p))).collect();
        }
        let mut revoked = 0;
        for u in users {
            let id = u.id;
            let row = UserRow::from(u);
            let held = snap.users.get(&id);
            if held.is_some_and(|was| row.seq < was.seq) {
                continue;
            }
            let ended = held.is_some_and(|was| row.epoch > was.epoch || (was.enabled && !row.enabled));
            revoked += usize::from(ended);
            snap.users.insert(id, row);
        }
        revoked
    }
}
