//! Rate limits: the sliding-window arithmetic and the [`Limiter`] port.
//!
//! A window of `rule.window` slides with each request: a request at `now` is
//! accepted when fewer than `rule.limit` requests were accepted in
//! `(now - window, now]`. So no window of that length, wherever it starts,
//! ever holds more than `limit` accepted requests, and a refused request uses
//! up nothing. The arithmetic is a pure function of `now` over the log of
//! accepted times ([`SlidingLog`]); backends keep that log in memory or in
//! Redis and apply the same rule.
//!
//! A key can also be paused until a given moment ([`Limiter::pause`]), for
//! every user of the limiter: a broker whose upstream answered 429 stops
//! all instances' upstream traffic until the upstream's reset. The pause is
//! read with the hit ([`Limiter::hit_unless_paused`]), in the same call.

use crate::clock::UnixTime;
use crate::ids::UserId;
use std::collections::VecDeque;
use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

mod log;
pub use log::SlidingLog;

/// A limit: how many requests in how long a sliding window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Requests accepted per window.
    pub limit: u32,
    /// Window length.
    pub window: Duration,
}

impl Rule {
    /// `limit` requests per one-second window.
    pub const fn per_second(limit: u32) -> Self {
        Self { limit, window: Duration::from_secs(1) }
    }
}

/// What a limiter decided, and the figures for the `X-RateLimit-*` headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    /// Whether the request is accepted (and was counted).
    pub allowed: bool,
    /// `X-RateLimit-Limit`.
    pub limit: u32,
    /// `X-RateLimit-Remaining`: what is left, this request counted.
    pub remaining: u32,
    /// `X-RateLimit-Reset`: the epoch second (rounded up) of the earliest
    /// moment a new request would be accepted; never in the past.
    pub reset: u64,
    /// Whole seconds until then, at least 1; for `Retry-After` on a 429.
    pub retry_after: u64,
}

impl Decision {
    /// The decision for a request at `now`, given how many accepted requests
    /// the window holds after it and when a new one would next be accepted.
    pub fn new(allowed: bool, rule: Rule, held: usize, next_free: UnixTime, now: UnixTime) -> Self {
        let next_free = next_free.max(now);
        let wait_us = next_free.as_micros() - now.as_micros();
        Self {
            allowed,
            limit: rule.limit,
            remaining: rule.limit.saturating_sub(held as u32),
            reset: next_free.as_secs_ceil(),
            retry_after: wait_us.div_ceil(1_000_000).max(1),
        }
    }

    /// The refusal of a request at `now` to a key paused until `until`:
    /// nothing remains, and the reset is the pause's end.
    pub fn paused(rule: Rule, until: UnixTime, now: UnixTime) -> Self {
        Self::new(false, rule, rule.limit as usize, until, now)
    }
}

/// What [`Limiter::hit_unless_paused`] decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    /// The decision: while the key is paused, a refusal that counted nothing.
    pub decision: Decision,
    /// Until when the key is paused, when it is paused at the time asked.
    pub paused_until: Option<UnixTime>,
}

impl Slot {
    /// The slot of an unpaused key.
    pub const fn unpaused(decision: Decision) -> Self {
        Self { decision, paused_until: None }
    }

    /// The refusal of a key paused until `until`.
    pub fn paused(rule: Rule, until: UnixTime, now: UnixTime) -> Self {
        Self { decision: Decision::paused(rule, until, now), paused_until: Some(until) }
    }
}

/// What a limit is counted against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LimitKey {
    /// A user's data requests.
    Data(UserId),
    /// A user's calls to `POST /api/token`.
    Mint(UserId),
    /// Failed mints (unknown refresh tokens) from one client network: an
    /// IPv4 address or an IPv6 /64. Build it with [`LimitKey::failed_mint`].
    FailedMint(IpAddr),
    /// Notices that a client network used up its failed-mint budget: one per
    /// window, so that only the first refusal of a window is recorded in the
    /// audit log. Build it with [`LimitKey::failed_mint_notice`].
    FailedMintNotice(IpAddr),
    /// Requests a broker sends to its upstream (the real API's plan): one
    /// budget shared by every user and, through a shared limiter, by every
    /// instance.
    Upstream,
}

impl LimitKey {
    /// The failed-mint key of a client address (counted per
    /// [`client_network`]).
    pub fn failed_mint(ip: IpAddr) -> Self {
        Self::FailedMint(client_network(ip))
    }

    /// The key of the failed-mint notices of a client address (counted per
    /// [`client_network`]).
    pub fn failed_mint_notice(ip: IpAddr) -> Self {
        Self::FailedMintNotice(client_network(ip))
    }
}

/// The network failed mints are counted per: an IPv4 address, or an IPv6
/// /64 (one subscriber usually holds a whole /64, so counting per address
/// would hand it 2^64 budgets); an IPv4-mapped IPv6 address is the IPv4
/// address it is.
pub fn client_network(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(std::net::Ipv6Addr::from(u128::from(v6) & !((1u128 << 64) - 1))),
        },
    }
}

impl fmt::Display for LimitKey {
    /// A stable string form, for backends that key by string.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Data(u) => write!(f, "data:{u}"),
            Self::Mint(u) => write!(f, "mint:{u}"),
            Self::FailedMint(ip) => write!(f, "failed-mint:{ip}"),
            Self::FailedMintNotice(ip) => write!(f, "failed-mint-notice:{ip}"),
            Self::Upstream => f.write_str("upstream"),
        }
    }
}

/// Why a limiter could not decide.
#[derive(Debug, thiserror::Error)]
pub enum LimiterError {
    /// The backend did not answer in time or at all.
    #[error("rate limiter backend unavailable: {0}")]
    Unavailable(String),
}

/// A rate limiter: in process, or shared by several instances.
#[async_trait::async_trait]
pub trait Limiter: Send + Sync + 'static {
    /// Counts a request against `key` if the rule allows it, and says so.
    async fn hit(&self, key: LimitKey, rule: Rule, now: UnixTime) -> Result<Decision, LimiterError>;
    /// Says whether a request would be allowed, counting nothing.
    async fn peek(&self, key: LimitKey, rule: Rule, now: UnixTime) -> Result<Decision, LimiterError>;
    /// Pauses `key` until `until` for every user of this limiter (every
    /// instance, for a shared one): [`hit_unless_paused`](Self::hit_unless_paused)
    /// refuses it before then. A pause never shortens one in force: the
    /// later end wins. (A broker's upstream 429 pauses [`LimitKey::Upstream`].)
    ///
    /// The default keeps no pause: a limiter that implements neither this nor
    /// `hit_unless_paused` shares no pause, and the caller's own in-process
    /// pause is all there is.
    async fn pause(&self, _key: LimitKey, _until: UnixTime, _now: UnixTime) -> Result<(), LimiterError> {
        Ok(())
    }
    /// [`hit`](Self::hit), unless `key` is paused at `now`: then a refusal
    /// that counts nothing, with the pause's end. One call: a shared limiter
    /// reads the pause in the same round trip as the hit. The default is
    /// `hit`, never paused.
    async fn hit_unless_paused(&self, key: LimitKey, rule: Rule, now: UnixTime) -> Result<Slot, LimiterError> {
        self.hit(key, rule, now).await.map(Slot::unpaused)
    }
    /// Whether the backend is reachable.
    async fn ready(&self) -> Result<(), LimiterError> {
        Ok(())
    }
    /// Periodic upkeep, called about once a second: an in-process limiter
    /// forgets idle keys here. The default does nothing.
    fn housekeeping(&self, _now: UnixTime) {}
}

/// Removes from the front of `log` every time that left the window at `now`.
fn expire(log: &mut VecDeque<u64>, rule: Rule, now: UnixTime) {
    let window = rule.window.as_micros() as u64;
    while log.front().is_some_and(|&t| t + window <= now.as_micros()) {
        log.pop_front();
    }
}

#[cfg(test)]
mod tests;
