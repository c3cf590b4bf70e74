//! The storage port: users, plans, signing keys, the artist catalog, the
//! refresh-token hashes that rotation replaced, and the audit log.
//!
//! Backends (SQLite, PostgreSQL) implement [`Store`]; nothing above this
//! trait ever asks which database it runs on. Every write that another
//! instance must notice bumps a global change sequence ([`Store::change_seq`]),
//! which servers poll instead of reading the database per request.

use crate::audit::{AuditEvent, AuditQuery, MintCount};
use crate::clock::UnixTime;
use crate::ids::{PlanName, UserId, UserName};
use crate::keys::{SigningKey, StoredKey};
use crate::plan::Plan;
use crate::record::{Record, RecordKind};
use crate::refresh::RefreshTokenHash;
use crate::reuse::ReplacedRefreshToken;
use chartmetric_types::Artist;

/// An API user, as stored. Never carries a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Numeric id.
    pub id: UserId,
    /// Unique name.
    pub name: UserName,
    /// The user's plan.
    pub plan: PlanName,
    /// Disabled users can neither mint nor use access tokens.
    pub enabled: bool,
    /// Revocation epoch: bumped by rotate, revoke and disable; access tokens
    /// carry the epoch they were issued under and die when it moves on.
    pub epoch: i64,
    /// Whether the user holds a working refresh token.
    pub has_refresh_token: bool,
    /// Creation time, in seconds since the epoch.
    pub created_at: u64,
    /// The change sequence number of the user's last write.
    pub seq: i64,
    /// Sandbox faults injected into the user's requests.
    pub faults: Faults,
}

/// Trouble a sandbox injects into a user's data requests (only when the
/// server runs with sandbox faults on), so clients' retry logic can be
/// tested: a fraction of requests fail, and every request is delayed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Faults {
    /// Failing requests, in parts per million (100_000 = 10 %).
    pub error_ppm: u32,
    /// Added latency, in milliseconds.
    pub latency_ms: u32,
}

impl Faults {
    /// No fault.
    pub const NONE: Self = Self { error_ppm: 0, latency_ms: 0 };
    /// The largest latency a fault may add.
    pub const MAX_LATENCY_MS: u32 = 30_000;

    /// Faults from an error rate in 0..=1 and a latency; `None` when out of range.
    pub fn new(error_rate: f64, latency_ms: u32) -> Option<Self> {
        if !(0.0..=1.0).contains(&error_rate) || latency_ms > Self::MAX_LATENCY_MS {
            return None;
        }
        Some(Self { error_ppm: (error_rate * 1_000_000.0).round() as u32, latency_ms })
    }

    /// Whether any fault is set.
    pub fn any(&self) -> bool {
        *self != Self::NONE
    }

    /// The error rate as a fraction.
    pub fn error_rate(&self) -> f64 {
        f64::from(self.error_ppm) / 1_000_000.0
    }
}

/// What a store can fail with.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique name is taken.
    #[error("{0} already exists")]
    Conflict(String),
    /// A row that must exist does not.
    #[error("{0} not found")]
    NotFound(String),
    /// The database cannot be reached now; retrying later may work.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// Stored data does not parse back.
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// Any other database failure.
    #[error("database error: {0}")]
    Backend(String),
}

impl StoreError {
    /// The same error, its message prefixed with what was being done
    /// (conflicts and misses keep their message: it names the row).
    pub fn context(self, doing: impl std::fmt::Display) -> Self {
        let at = |m: String| format!("{doing}: {m}");
        match self {
            Self::Unavailable(m) => Self::Unavailable(at(m)),
            Self::Corrupt(m) => Self::Corrupt(at(m)),
            Self::Backend(m) => Self::Backend(at(m)),
            Self::Conflict(m) => Self::Conflict(m),
            Self::NotFound(m) => Self::NotFound(m),
        }
    }
}

/// An administrative change, made together with its audit event by
/// [`Store::write_audited`]. Each does what the [`Store`] method of the same
/// name does.
#[derive(Debug, Clone)]
pub enum AdminChange {
    /// [`Store::create_user`].
    CreateUser {
        /// Unique name.
        name: UserName,
        /// Its plan.
        plan: PlanName,
        /// The hash of its first refresh token.
        token: RefreshTokenHash,
        /// Creation time.
        now: UnixTime,
    },
    /// [`Store::set_refresh_token`]: rotate (`Some`) or revoke (`None`).
    SetRefreshToken {
        /// The user.
        id: UserId,
        /// The new token's hash.
        token: Option<RefreshTokenHash>,
    },
    /// [`Store::set_enabled`].
    SetEnabled {
        /// The user.
        id: UserId,
        /// Enable or disable.
        enabled: bool,
    },
    /// [`Store::set_user_plan`].
    SetUserPlan {
        /// The user.
        id: UserId,
        /// The plan.
        plan: PlanName,
    },
    /// [`Store::upsert_plan`].
    UpsertPlan(Plan),
    /// [`Store::set_user_faults`].
    SetFaults {
        /// The user.
        id: UserId,
        /// The faults.
        faults: Faults,
    },
}

/// Persistent state of chartgate.
#[async_trait::async_trait]
pub trait Store: Send + Sync + 'static {
    /// Creates or upgrades the schema and seeds the default plans. Returns
    /// true when the schema did not exist before (a fresh database).
    async fn migrate(&self) -> Result<bool, StoreError>;
    /// Whether the database answers.
    async fn ready(&self) -> Result<(), StoreError>;

    /// Creates a user holding the refresh token with this hash.
    /// [`StoreError::Conflict`] for a taken name, [`StoreError::NotFound`]
    /// for an unknown plan.
    async fn create_user(
        &self,
        name: &UserName,
        plan: &PlanName,
        token: &RefreshTokenHash,
        now: UnixTime,
    ) -> Result<User, StoreError>;
    /// A user by name.
    async fn user_by_name(&self, name: &UserName) -> Result<Option<User>, StoreError>;
    /// A user by id.
    async fn user_by_id(&self, id: UserId) -> Result<Option<User>, StoreError>;
    /// The user holding the refresh token with this hash, enabled or not.
    async fn user_by_refresh_token(&self, token: &RefreshTokenHash) -> Result<Option<User>, StoreError>;
    /// All users, by id.
    async fn list_users(&self) -> Result<Vec<User>, StoreError>;
    /// Users written after change `seq`.
    async fn users_changed_since(&self, seq: i64) -> Result<Vec<User>, StoreError>;
    /// Replaces (or, with `None`, removes) the user's refresh token and bumps
    /// its epoch, ending every access token issued before.
    async fn set_refresh_token(&self, id: UserId, token: Option<&RefreshTokenHash>) -> Result<User, StoreError>;
    /// Replaces the user's refresh token hash `old` by `new` without ending
    /// any access token (the epoch stays): refresh-token rotation at mint.
    /// `old` is kept, in the same transaction, as replaced at `now` (see
    /// [`Store::replaced_refresh_token`]).
    /// Compare-and-swap: `None` when the user's hash is no longer `old` (a
    /// concurrent mint rotated it first) or the user does not exist.
    async fn swap_refresh_token(
        &self,
        id: UserId,
        old: &RefreshTokenHash,
        new: &RefreshTokenHash,
        now: UnixTime,
    ) -> Result<Option<User>, StoreError>;
    /// Enables or disables a user; disabling bumps the epoch.
    async fn set_enabled(&self, id: UserId, enabled: bool) -> Result<User, StoreError>;
    /// Sets the sandbox faults injected into a user's requests.
    async fn set_user_faults(&self, id: UserId, faults: Faults) -> Result<User, StoreError>;
    /// Moves a user to another plan ([`StoreError::NotFound`] if unknown).
    async fn set_user_plan(&self, id: UserId, plan: &PlanName) -> Result<User, StoreError>;

    /// All plans, by name.
    async fn list_plans(&self) -> Result<Vec<Plan>, StoreError>;
    /// Creates or updates a plan.
    async fn upsert_plan(&self, plan: &Plan) -> Result<(), StoreError>;

    /// Stores `candidate` as the active signing key when no key is active,
    /// or when the active key's algorithm is not the candidate's (that key
    /// then verifies only), atomically, so instances starting together
    /// agree; returns every key, oldest first.
    async fn ensure_signing_key(&self, candidate: &SigningKey) -> Result<Vec<StoredKey>, StoreError>;
    /// Every signing key, retired ones included, oldest first.
    async fn signing_keys(&self) -> Result<Vec<StoredKey>, StoreError>;
    /// Makes `candidate` the active key; the key active before verifies
    /// only. Moves the change sequence on. Returns every key.
    async fn rotate_signing_key(&self, candidate: &SigningKey, now: UnixTime) -> Result<Vec<StoredKey>, StoreError>;
    /// Retires a verifying key: tokens signed with it stop verifying.
    /// [`StoreError::NotFound`] for an unknown kid, [`StoreError::Conflict`]
    /// for the active key (rotate first). Moves the change sequence on.
    async fn retire_signing_key(&self, kid: &str) -> Result<StoredKey, StoreError>;

    /// One artist of the catalog.
    async fn artist(&self, id: i64) -> Result<Option<Artist>, StoreError>;
    /// Inserts or replaces artists, by id, in one transaction.
    async fn upsert_artists(&self, artists: &[Artist]) -> Result<(), StoreError>;
    /// How many artists the catalog holds.
    async fn artist_count(&self) -> Result<u64, StoreError>;
    /// An imported track or album: its JSON body, as [`Record::body`].
    async fn record(&self, kind: RecordKind, id: i64) -> Result<Option<String>, StoreError>;
    /// Inserts or replaces tracks or albums, by id, in one transaction (the
    /// last of one id winning); moves the change sequence on unless empty.
    async fn upsert_records(&self, kind: RecordKind, records: &[Record]) -> Result<(), StoreError>;

    /// The global change sequence: moves on with every write to users,
    /// plans or the catalog.
    async fn change_seq(&self) -> Result<i64, StoreError>;

    // Refresh-token reuse and the audit log.

    /// A refresh token that rotation replaced ([`Store::swap_refresh_token`],
    /// [`Store::rotate_replaced_refresh_token`]) and whose hash is still
    /// kept, with its user as it is now.
    async fn replaced_refresh_token(
        &self,
        token: &RefreshTokenHash,
    ) -> Result<Option<ReplacedRefreshToken>, StoreError>;
    /// Replaces whatever refresh token the user holds by `new`, keeping the
    /// replaced one as replaced at `now`, without ending any access token: a
    /// retry with a replaced token, within its grace period. `None`, and
    /// nothing written, when the user's epoch is no longer `epoch`, it holds
    /// no refresh token, or it does not exist.
    async fn rotate_replaced_refresh_token(
        &self,
        id: UserId,
        epoch: i64,
        new: &RefreshTokenHash,
        now: UnixTime,
    ) -> Result<Option<User>, StoreError>;
    /// Reuse detected: removes the user's refresh token and bumps its epoch
    /// (as `set_refresh_token(id, None)`) and appends `event`, in one
    /// transaction, if the user's epoch is still `epoch`. `None`, and nothing
    /// written, otherwise (the token was revoked or rotated meanwhile).
    async fn revoke_reused_refresh_token(
        &self,
        id: UserId,
        epoch: i64,
        event: &AuditEvent,
    ) -> Result<Option<User>, StoreError>;
    /// Forgets the replaced refresh tokens replaced before `before` (they are
    /// then merely unknown); returns how many.
    async fn forget_replaced_refresh_tokens(&self, before: UnixTime) -> Result<u64, StoreError>;
    /// Makes an administrative change and appends its audit event in one
    /// transaction: neither is written without the other. Fails as the
    /// change's own method does; returns the user written (`None` for a
    /// plan).
    async fn write_audited(&self, change: &AdminChange, event: &AuditEvent) -> Result<Option<User>, StoreError>;
    /// Appends an event to the audit log: for security events, and for
    /// changes that [`Store::write_audited`] does not make.
    async fn append_audit(&self, event: &AuditEvent) -> Result<(), StoreError>;
    /// The audit log's events that match `query`, newest first.
    async fn list_audit(&self, query: &AuditQuery) -> Result<Vec<AuditEvent>, StoreError>;
    /// Adds mint counts, per user and hour, to the stored ones (one upsert
    /// each, in one transaction); the later `last_mint_at` wins.
    async fn add_mint_counts(&self, counts: &[MintCount]) -> Result<(), StoreError>;
    /// A user's latest hourly mint counts, newest first, at most `limit`.
    async fn mint_counts(&self, id: UserId, limit: u32) -> Result<Vec<MintCount>, StoreError>;
}
