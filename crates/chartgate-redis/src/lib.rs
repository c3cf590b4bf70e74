//! chartgate's [`Limiter`] on Redis: one rate limit shared by every
//! instance.
//!
//! This crate owns the Redis side of the sliding window: one sorted set per
//! [`LimitKey`] (`{prefix}:{key}`) holding the times of accepted requests,
//! and a Lua script that applies `chartgate-core`'s rule to it atomically in
//! one round trip: drop the times that left the window, count, accept if
//! there is room, and report what [`SlidingLog::check`] would report. `now`
//! comes from the caller's clock, never from Redis, so this limiter and the
//! in-process one decide exactly alike for the same arrivals.
//!
//! A pause ([`Limiter::pause`]) is one more string key per paused key
//! (`{prefix}:pause:{key}`, the end in microseconds, expiring 30 s after
//! it), written only when it ends later than the one stored;
//! [`Limiter::hit_unless_paused`] hands both keys to the same script, which
//! reads the pause before the log: still one round trip per hit.
//!
//! It must not:
//! - hold the arithmetic: the rule, the headers' figures and their rounding
//!   live in `chartgate-core` ([`Decision::new`]); the script only gathers
//!   the figures [`SlidingLog`] would;
//! - hang or panic: every call has a deadline and any failure, a timeout
//!   included, is [`LimiterError::Unavailable`]; what to do then (fail open
//!   or closed) is the server's decision;
//! - log or return the Redis URL, which may hold a password.
//!
//! [`SlidingLog`]: chartgate_core::limit::SlidingLog
//! [`SlidingLog::check`]: chartgate_core::limit::SlidingLog::check

use chartgate_core::{Decision, LimitKey, Limiter, LimiterError, Rule, Slot, UnixTime};
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{Client, Script, TlsCertificates};
use std::fmt;
use std::time::Duration;

/// The per-call deadline [`RedisLimiter::connect`] callers usually want.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_millis(250);

/// How long a key outlives its newest request beyond the window. Expiry
/// only collects garbage (the script drops old times itself), so a margin
/// keeps a log alive across pauses and clock differences between instances.
const EXPIRY_GRACE: Duration = Duration::from_secs(30);

/// A [`Limiter`] on Redis, shared by every instance that uses the same
/// Redis and prefix.
///
/// Holds one multiplexed connection that reconnects on its own
/// ([`ConnectionManager`]); clones of it are cheap and share it.
#[derive(Clone)]
pub struct RedisLimiter {
    connection: ConnectionManager,
    script: Script,
    pause_script: Script,
    prefix: String,
    timeout: Duration,
    /// Whether the URL asks for TLS (`rediss://`).
    tls: bool,
}

/// What the script reports: whether the request was accepted, how many
/// requests the window holds with it, the member that must leave first
/// for one more to fit (empty when none must, or the window frees up only
/// when this very request leaves), and the end of the key's pause (empty
/// unless it is paused).
type Figures = (u8, u64, String, String);

/// What a call asks of the script.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ask {
    Hit,
    Peek,
    HitUnlessPaused,
}

impl RedisLimiter {
    /// Connects to the Redis a `redis://` URL (`rediss://` for TLS; see
    /// docs/OPERATIONS.md) names and checks it answers (`PING`) within
    /// `timeout`, which also bounds every later call. Keys are
    /// `{prefix}:{LimitKey}`, so limiters with different prefixes never
    /// meet. Needs a tokio runtime.
    ///
    /// # Errors
    /// [`LimiterError::Unavailable`] when the URL is malformed or Redis does
    /// not answer in time.
    pub async fn connect(url: &str, prefix: &str, timeout: Duration) -> Result<Self, LimiterError> {
        let limiter = Self::connect_lazy(url, prefix, timeout).await?;
        limiter.ready().await?;
        Ok(limiter)
    }

    /// Like [`connect`](Self::connect) but opens no connection yet: the
    /// first call does, and calls fail with [`LimiterError::Unavailable`]
    /// until Redis answers. For starting while Redis is still down.
    ///
    /// # Errors
    /// [`LimiterError::Unavailable`] when the URL is malformed.
    pub async fn connect_lazy(url: &str, prefix: &str, timeout: Duration) -> Result<Self, LimiterError> {
        let (client, tls) = client(url)?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(timeout))
            .set_response_timeout(Some(timeout))
            .set_number_of_retries(2)
            .set_min_delay(Duration::from_millis(50))
            .set_max_delay(Duration::from_secs(1));
        let connection = ConnectionManager::new_lazy_with_config(client, config)
            .map_err(|e| unavailable("cannot set up the Redis connection", &e))?;
        Ok(Self {
            connection,
            script: Script::new(include_str!("sliding_log.lua")),
            pause_script: Script::new(include_str!("pause.lua")),
            prefix: prefix.to_owned(),
            timeout,
            tls,
        })
    }

    /// The Redis key of a limit key's log.
    fn key(&self, key: LimitKey) -> String {
        format!("{}:{key}", self.prefix)
    }

    /// The Redis key of a limit key's pause.
    fn pause_key(&self, key: LimitKey) -> String {
        format!("{}:pause:{key}", self.prefix)
    }

    async fn check(&self, ask: Ask, key: LimitKey, rule: Rule, now: UnixTime) -> Result<Slot, LimiterError> {
        let now_us = now.as_micros();
        let window_us = u64::try_from(rule.window.as_micros()).unwrap_or(u64::MAX);
        let cutoff = i128::from(now_us) - i128::from(window_us);
        let member = format!("{now_us}:{:016x}", rand::random::<u64>());
        let ttl_ms = rule.window.saturating_add(EXPIRY_GRACE).as_millis();
        let mut invocation = self.script.key(self.key(key));
        if ask == Ask::HitUnlessPaused {
            invocation.key(self.pause_key(key));
        }
        invocation
            .arg(now_us)
            .arg(cutoff.to_string())
            .arg(rule.limit)
            .arg(if ask == Ask::Peek { "0" } else { "1" })
            .arg(member)
            .arg(ttl_ms.to_string());
        let mut connection = self.connection.clone();
        let call = invocation.invoke_async::<Figures>(&mut connection);
        let (allowed, held, first, pause) = self.deadline(call).await?;
        if !pause.is_empty() {
            let until = pause
                .parse::<u64>()
                .map_err(|_| LimiterError::Unavailable("a pause in Redis holds a malformed time".into()))?;
            return Ok(Slot::paused(rule, UnixTime::from_micros(until), now));
        }
        let held = usize::try_from(held).unwrap_or(usize::MAX);
        let next_free = next_free(rule, now, held, &first)?;
        Ok(Slot::unpaused(Decision::new(allowed == 1, rule, held, next_free, now)))
    }

    /// Awaits a Redis call for at most the configured timeout.
    async fn deadline<T>(&self, call: impl Future<Output = redis::RedisResult<T>>) -> Result<T, LimiterError> {
        match tokio::time::timeout(self.timeout, call).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(e)) => Err(unavailable("Redis", &e)),
            Err(_) => Err(LimiterError::Unavailable(self.timed_out())),
        }
    }

    /// Why a call timed out. Over TLS the real cause (a server that does
    /// not speak TLS, a certificate not trusted) is often lost in the
    /// connection's retries within the deadline, so the likely ones are named.
    fn timed_out(&self) -> String {
        let mut message = format!("Redis did not answer within {:?}", self.timeout);
        if self.tls {
            message.push_str(
                " over TLS (rediss://): does the port speak TLS, and is its certificate trusted (sslrootcert) for the host name?",
            );
        }
        message
    }
}

/// When one more request would be accepted, as [`SlidingLog`] computes
/// it: now, if the window has room; else when `first` (the request that
/// must leave first) leaves; else, with none to wait for, a window from now.
///
/// [`SlidingLog`]: chartgate_core::limit::SlidingLog
fn next_free(rule: Rule, now: UnixTime, held: usize, first: &str) -> Result<UnixTime, LimiterError> {
    if held < rule.limit as usize {
        return Ok(now);
    }
    let window = rule.window;
    if first.is_empty() {
        return Ok(now.plus(window));
    }
    let time = first
        .split_once(':')
        .and_then(|(t, _)| t.parse::<u64>().ok())
        .ok_or_else(|| LimiterError::Unavailable("a rate-limit log in Redis holds a malformed entry".into()))?;
    Ok(UnixTime::from_micros(time).plus(window))
}

/// A client for a `redis://` or `rediss://` URL. Over TLS the server's
/// certificate is checked against the public web roots, or against only
/// the CA certificates (PEM) of the file a `sslrootcert` query parameter
/// names.
fn client(url: &str) -> Result<(Client, bool), LimiterError> {
    let invalid = |e: redis::RedisError| unavailable("invalid Redis URL", &e);
    let Some(parsed) = redis::parse_redis_url(url) else {
        return Err(LimiterError::Unavailable("invalid Redis URL: use redis://HOST[:PORT] or rediss://...".into()));
    };
    let tls = matches!(parsed.scheme(), "rediss" | "valkeys");
    if tls {
        // redis builds its rustls configuration with the process's default
        // provider: make it ring, the one provider in this build, even if
        // another crate brings a second one in one day (rustls then picks
        // none). An error means one is installed already.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
    let root_cert = parsed.query_pairs().find(|(key, _)| key == "sslrootcert").map(|(_, path)| path.into_owned());
    let client = match root_cert {
        None => Client::open(url).map_err(invalid),
        Some(_) if !tls => Err(LimiterError::Unavailable("invalid Redis URL: sslrootcert needs rediss://".into())),
        Some(path) => {
            let pem = std::fs::read(&path)
                .map_err(|e| LimiterError::Unavailable(format!("cannot read sslrootcert {path:?}: {e}")))?;
            let certificates = TlsCertificates { client_tls: None, root_cert: Some(pem) };
            Client::build_with_tls(url, certificates).map_err(invalid)
        }
    };
    Ok((client?, tls))
}

fn unavailable(what: &str, e: &redis::RedisError) -> LimiterError {
    // A RedisError names the command and the server's reply, never the URL.
    LimiterError::Unavailable(format!("{what}: {e}"))
}

impl fmt::Debug for RedisLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisLimiter")
            .field("prefix", &self.prefix)
            .field("timeout", &self.timeout)
            .field("tls", &self.tls)
            .finish_non_exhaustive()
    }
}

#[async_trait::async_trait]
impl Limiter for RedisLimiter {
    async fn hit(&self, key: LimitKey, rule: Rule, now: UnixTime) -> Result<Decision, LimiterError> {
        self.check(Ask::Hit, key, rule, now).await.map(|s| s.decision)
    }

    async fn peek(&self, key: LimitKey, rule: Rule, now: UnixTime) -> Result<Decision, LimiterError> {
        self.check(Ask::Peek, key, rule, now).await.map(|s| s.decision)
    }

    /// One round trip (a script): the later end wins; the key expires
    /// [`EXPIRY_GRACE`] after the pause ends.
    async fn pause(&self, key: LimitKey, until: UnixTime, now: UnixTime) -> Result<(), LimiterError> {
        let Some(left) = until.as_micros().checked_sub(now.as_micros()).filter(|us| *us > 0) else {
            return Ok(());
        };
        let ttl_ms = Duration::from_micros(left).saturating_add(EXPIRY_GRACE).as_millis();
        let mut invocation = self.pause_script.key(self.pause_key(key));
        invocation.arg(until.as_micros()).arg(ttl_ms.to_string());
        let mut connection = self.connection.clone();
        let call = invocation.invoke_async::<u8>(&mut connection);
        self.deadline(call).await.map(drop)
    }

    async fn hit_unless_paused(&self, key: LimitKey, rule: Rule, now: UnixTime) -> Result<Slot, LimiterError> {
        self.check(Ask::HitUnlessPaused, key, rule, now).await
    }

    /// `PING`, within the timeout.
    async fn ready(&self) -> Result<(), LimiterError> {
        let mut connection = self.connection.clone();
        let ping = redis::cmd("PING");
        let call = ping.query_async::<String>(&mut connection);
        self.deadline(call).await.map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: UnixTime = UnixTime::from_micros(1_800_000_000_123_456);

    #[test]
    fn the_next_free_moment_is_read_exactly_from_the_member() {
        let rule = Rule::per_second(2);
        let at = next_free(rule, NOW, 2, "1800000000000001:00ff").expect("parse");
        assert_eq!(at, UnixTime::from_micros(1_800_000_001_000_001));
        assert_eq!(next_free(rule, NOW, 1, "").expect("room"), NOW);
        let later = next_free(rule, NOW, 2, "").expect("none to wait for");
        assert_eq!(later, NOW.plus(Duration::from_secs(1)));
        assert!(next_free(rule, NOW, 2, "garbage").is_err());
    }
}
