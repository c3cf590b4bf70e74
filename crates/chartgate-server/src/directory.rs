//! An in-memory view of users and plans, kept fresh by polling the store's
//! change sequence, so the request path never reads the database.
//!
//! Staleness is bounded by the poll interval (half a second by default): a
//! disabled user, a rotated or revoked refresh token (through the user's
//! epoch) and a plan change reach every instance within that time. While the
//! database is away the last view is kept and a warning is logged.

use chartgate_core::{Plan, PlanName, Store, StoreError, User, UserId};
use parking_lot::RwLock;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// What the request path needs to know of a user.
#[derive(Debug, Clone)]
pub struct UserView {
    /// Whether the user may use the API.
    pub enabled: bool,
    /// Current revocation epoch.
    pub epoch: i64,
    /// Current plan.
    pub plan: Arc<Plan>,
}

#[derive(Default)]
struct Snapshot {
    users: HashMap<UserId, (bool, i64, PlanName)>,
    plans: HashMap<PlanName, Arc<Plan>>,
}

/// Users and plans, as of the last poll.
#[derive(Default)]
pub struct Directory {
    snap: RwLock<Snapshot>,
    seq: AtomicI64,
}

impl Directory {
    /// Loads everything from the store.
    pub async fn load(store: &dyn Store) -> Result<Self, StoreError> {
        let dir = Self::default();
        let seq = store.change_seq().await?;
        let users = store.list_users().await?;
        let plans = store.list_plans().await?;
        dir.apply(users, plans);
        dir.seq.store(seq, Ordering::Release);
        Ok(dir)
    }

    /// A user's view, if the user is known.
    pub fn user(&self, id: UserId) -> Option<UserView> {
        let snap = self.snap.read();
        let (enabled, epoch, plan) = snap.users.get(&id)?;
        Some(UserView { enabled: *enabled, epoch: *epoch, plan: Arc::clone(snap.plans.get(plan)?) })
    }

    /// A plan by name.
    pub fn plan(&self, name: &PlanName) -> Option<Arc<Plan>> {
        self.snap.read().plans.get(name).cloned()
    }

    /// A user not seen yet (created since the last poll): read it once.
    pub async fn fetch_user(&self, store: &dyn Store, id: UserId) -> Result<Option<UserView>, StoreError> {
        let Some(user) = store.user_by_id(id).await? else {
            return Ok(None);
        };
        if self.plan(&user.plan).is_none() {
            let plans = store.list_plans().await?;
            let _ = self.apply(Vec::new(), plans);
        }
        let _ = self.apply(vec![user], Vec::new());
        Ok(self.user(id))
    }

    /// Records a user just read from the store (for example at mint).
    pub fn observe(&self, user: &User) {
        let _ = self.apply(vec![user.clone()], Vec::new());
    }

    /// Polls the store once: `None` when nothing changed, else how many
    /// users had their access tokens ended (epoch moved on, or disabled).
    pub async fn refresh(&self, store: &dyn Store) -> Result<Option<usize>, StoreError> {
        let seen = self.seq.load(Ordering::Acquire);
        let now = store.change_seq().await?;
        if now == seen {
            return Ok(None);
        }
        let users = store.users_changed_since(seen).await?;
        let plans = store.list_plans().await?;
        let revoked = self.apply(users, plans);
        self.seq.store(now, Ordering::Release);
        Ok(Some(revoked))
    }

    /// Applies fresh rows; returns how many users lost their access tokens.
    fn apply(&self, users: Vec<User>, plans: Vec<Plan>) -> usize {
        let mut snap = self.snap.write();
        if !plans.is_empty() {
            snap.plans = plans.into_iter().map(|p| (p.name.clone(), Arc::new(p))).collect();
        }
        let mut revoked = 0;
        for u in users {
            let ended = match snap.users.get(&u.id) {
                Some(&(was_enabled, epoch, _)) => u.epoch > epoch || (was_enabled && !u.enabled),
                None => false,
            };
            revoked += usize::from(ended);
            snap.users.insert(u.id, (u.enabled, u.epoch, u.plan));
        }
        revoked
    }
}
