//! chartgate's domain.
//!
//! This crate owns the rules of the two-token model: plans and scopes (and
//! how `plan set` changes a plan), the artist records the catalog accepts,
//! the refresh-token format and its hash, access-token claims with signing and
//! verification, the `Authorization: Bearer` grammar, the sliding-window
//! arithmetic of rate limits (a pure function of `now`), the [`Clock`], and
//! the ports that backends implement ([`Store`], [`Limiter`]), the rule of
//! refresh-token reuse, the audit log's vocabulary and the admin use cases.
//!
//! It must not do I/O: no HTTP, SQL, Redis or async-runtime dependency lives
//! here. Time always comes from a [`Clock`] the caller passes in.

pub mod admin;
pub mod audit;
pub mod bearer;
pub mod clock;
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzzing;
pub mod ids;
pub mod jwt;
pub mod keys;
pub mod limit;
pub mod plan;
pub mod record;
pub mod refresh;
pub mod reuse;
pub mod scope;
pub mod store;

pub use audit::{Action, Actor, AuditEvent, AuditQuery, MintActivity, MintCount, Subject};
pub use clock::{Clock, ManualClock, SystemClock, UnixTime};
pub use ids::{PlanName, UserId, UserName};
pub use jwt::{Claims, KeyRing, TokenError};
pub use keys::{KeyAlg, KeyError, KeyState, SigningKey, StoredKey};
pub use limit::{Decision, LimitKey, Limiter, LimiterError, Rule, Slot};
pub use plan::{Plan, PlanChange};
pub use record::{Record, RecordKind};
pub use refresh::{RefreshToken, RefreshTokenHash};
pub use reuse::{ReplacedRefreshToken, Reuse};
pub use scope::{Scope, Scopes};
pub use store::{AdminChange, Faults, Store, StoreError, User};
