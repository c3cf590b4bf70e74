//! Refresh-token reuse detection, with rotation at mint on.
//!
//! Each mint replaces the refresh token it was sent by a new one, and the
//! store keeps the replaced token's hash. Presenting a replaced token again
//! is a retry while its grace period lasts (a response lost on the way, or
//! two mints sent at once), and theft after it: someone else holds a copy.
//! The rule is here, as a pure function of `now`; the server acts on it.

use crate::clock::UnixTime;
use crate::store::User;
use std::time::Duration;

/// A refresh token that rotation replaced, as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplacedRefreshToken {
    /// Its user, as now.
    pub user: User,
    /// The user's revocation epoch when the token was replaced.
    pub epoch: i64,
    /// When it was replaced.
    pub replaced_at: UnixTime,
}

/// What presenting a replaced refresh token means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reuse {
    /// An operator rotated or revoked the user's refresh token, or disabled
    /// the user, since: the token is merely unknown now.
    Superseded,
    /// Within the grace period: a retry, which mints (and rotates again).
    Retry,
    /// After the grace period: theft. The user's refresh token is revoked.
    Theft {
        /// How long ago the token was replaced.
        replaced_ago: Duration,
    },
}

impl ReplacedRefreshToken {
    /// What presenting this token at `now` means, with `grace` for retries.
    pub fn reuse(&self, now: UnixTime, grace: Duration) -> Reuse {
        if self.user.epoch != self.epoch {
            return Reuse::Superseded;
        }
        let ago = Duration::from_micros(now.as_micros().saturating_sub(self.replaced_at.as_micros()));
        if ago <= grace { Reuse::Retry } else { Reuse::Theft { replaced_ago: ago } }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::UserId;

    fn replaced(epoch_then: i64, epoch_now: i64, at: u64) -> ReplacedRefreshToken {
        let user = User {
            id: UserId(1),
            name: "alice".parse().unwrap(),
            plan: "entry".parse().unwrap(),
            enabled: true,
            epoch: epoch_now,
            has_refresh_token: true,
            created_at: 0,
            seq: 1,
            faults: crate::store::Faults::NONE,
        };
        ReplacedRefreshToken { user, epoch: epoch_then, replaced_at: UnixTime::from_secs(at) }
    }

    #[test]
    fn a_replaced_token_is_a_retry_within_the_grace_and_theft_after_it() {
        let grace = Duration::from_secs(60);
        let token = replaced(3, 3, 1_000);
        assert_eq!(token.reuse(UnixTime::from_secs(1_000), grace), Reuse::Retry);
        assert_eq!(token.reuse(UnixTime::from_secs(1_060), grace), Reuse::Retry);
        let late = token.reuse(UnixTime::from_micros(1_060_000_001), grace);
        assert_eq!(late, Reuse::Theft { replaced_ago: Duration::from_micros(60_000_001) });
        // A clock that went back a little is no reason to call theft.
        assert_eq!(token.reuse(UnixTime::from_secs(999), grace), Reuse::Retry);
    }

    #[test]
    fn after_an_operator_acted_a_replaced_token_is_merely_unknown() {
        let grace = Duration::from_secs(60);
        let token = replaced(3, 4, 1_000);
        assert_eq!(token.reuse(UnixTime::from_secs(1_001), grace), Reuse::Superseded);
        assert_eq!(token.reuse(UnixTime::from_secs(9_000), grace), Reuse::Superseded);
    }
}
