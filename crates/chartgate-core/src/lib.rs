//! chartgate's domain.
//!
//! This crate owns the rules of the two-token model: plans and scopes, the
//! refresh-token format and its hash, access-token claims with signing and
//! verification, the `Authorization: Bearer` grammar, the sliding-window
//! arithmetic of rate limits (a pure function of `now`), the [`Clock`], and
//! the ports that backends implement ([`Store`], [`Limiter`]).
//!
//! It must not do I/O: no HTTP, SQL, Redis or async-runtime dependency lives
//! here. Time always comes from a [`Clock`] the caller passes in.

pub mod admin;
pub mod bearer;
pub mod clock;
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzzing;
pub mod ids;
pub mod jwt;
pub mod limit;
pub mod plan;
pub mod refresh;
pub mod scope;
pub mod store;

pub use clock::{Clock, ManualClock, SystemClock, UnixTime};
pub use ids::{PlanName, UserId, UserName};
pub use jwt::{Claims, KeyRing, SigningKey, TokenError};
pub use limit::{Decision, LimitKey, Limiter, LimiterError, Rule};
pub use plan::Plan;
pub use refresh::{RefreshToken, RefreshTokenHash};
pub use scope::{Scope, Scopes};
pub use store::{Store, StoreError, User};
