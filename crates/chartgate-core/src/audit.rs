//! The audit log: every administrative change and every security event, who
//! made it and when, appended to the store ([`Store::append_audit`]).
//!
//! An event holds names, addresses and figures only: never a token, a hash
//! or a key. Actions are stable `snake_case` words (scripts filter on them);
//! the known ones are the constants of [`Action`], and a store reads back
//! any well-formed action, so a newer chartgate's events still list.
//!
//! [`Store::append_audit`]: crate::Store::append_audit

use crate::clock::UnixTime;
use crate::ids::{PlanName, UserId, UserName};
use crate::limit::client_network;
use std::borrow::Cow;
use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

/// The longest actor or subject kept, in bytes.
const MAX_NAME: usize = 200;

/// Why a stored actor, subject or action does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid audit {what} {value:?}")]
pub struct AuditFieldError {
    what: &'static str,
    value: String,
}

/// `as_str`, `FromStr` (accepting what `$valid` accepts) and `Display` for
/// a text newtype of the audit log.
macro_rules! text_type {
    ($ty:ident, $what:literal, $valid:expr) => {
        impl $ty {
            /// As stored.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $ty {
            type Err = AuditFieldError;
            fn from_str(s: &str) -> Result<Self, AuditFieldError> {
                let valid: fn(&str) -> bool = $valid;
                if !valid(s) {
                    return Err(AuditFieldError { what: $what, value: s.chars().take(80).collect() });
                }
                Ok(Self(s.to_owned().into()))
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

/// Who made a change: an operator at a machine (`alice@host`) or a server
/// instance (`instance:host:pid`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Actor(String);

impl Actor {
    /// An operator: the OS user at the host the command ran on.
    pub fn operator(user: &str, host: &str) -> Self {
        Self(printable(&format!("{}@{}", non_empty(user, "unknown"), non_empty(host, "unknown-host"))))
    }

    /// A server instance: its host and process id.
    pub fn instance(host: &str, pid: u32) -> Self {
        Self(printable(&format!("instance:{}:{pid}", non_empty(host, "unknown-host"))))
    }
}

text_type!(Actor, "actor", |s: &str| !s.is_empty() && printable(s) == s);

/// What an event is about: `user:alice`, `plan:pro`, `address:203.0.113.7`
/// (an IPv6 client as its /64), `instance:host:pid`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Subject(String);

impl Subject {
    /// A user.
    pub fn user(name: &UserName) -> Self {
        Self(format!("user:{name}"))
    }

    /// A plan.
    pub fn plan(name: &PlanName) -> Self {
        Self(format!("plan:{name}"))
    }

    /// The client network of an address, as failed mints are counted
    /// ([`client_network`]): an IPv4 address, or an IPv6 /64.
    pub fn address(ip: IpAddr) -> Self {
        Self(match client_network(ip) {
            IpAddr::V4(v4) => format!("address:{v4}"),
            IpAddr::V6(net) => format!("address:{net}/64"),
        })
    }

    /// A signing key, by kid.
    pub fn key(kid: &str) -> Self {
        Self(format!("key:{kid}"))
    }

    /// A server instance.
    pub fn instance(actor: &Actor) -> Self {
        Self(actor.0.clone())
    }
}

text_type!(Subject, "subject", |s: &str| {
    let kind_ok = s.split_once(':').is_some_and(|(kind, rest)| {
        !kind.is_empty() && kind.bytes().all(|b| b.is_ascii_lowercase()) && !rest.is_empty()
    });
    kind_ok && printable(s) == s
});

/// What happened: a stable `snake_case` word.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Action(Cow<'static, str>);

impl Action {
    /// `chartgate user add`.
    pub const USER_ADDED: Self = Self(Cow::Borrowed("user_added"));
    /// `chartgate user disable`.
    pub const USER_DISABLED: Self = Self(Cow::Borrowed("user_disabled"));
    /// `chartgate user enable`.
    pub const USER_ENABLED: Self = Self(Cow::Borrowed("user_enabled"));
    /// `chartgate user set-plan`.
    pub const USER_PLAN_CHANGED: Self = Self(Cow::Borrowed("user_plan_changed"));
    /// `chartgate token rotate`.
    pub const REFRESH_TOKEN_ROTATED: Self = Self(Cow::Borrowed("refresh_token_rotated"));
    /// `chartgate token revoke`.
    pub const REFRESH_TOKEN_REVOKED: Self = Self(Cow::Borrowed("refresh_token_revoked"));
    /// `chartgate plan set`.
    pub const PLAN_SET: Self = Self(Cow::Borrowed("plan_set"));
    /// `chartgate user set-faults`.
    pub const USER_FAULTS_SET: Self = Self(Cow::Borrowed("user_faults_set"));
    /// `chartgate key rotate`.
    pub const KEY_ROTATED: Self = Self(Cow::Borrowed("key_rotated"));
    /// `chartgate key retire`.
    pub const KEY_RETIRED: Self = Self(Cow::Borrowed("key_retired"));
    /// A refresh token replaced by rotation was presented after its grace
    /// period: the user's refresh token was revoked.
    pub const REFRESH_TOKEN_REUSE_DETECTED: Self = Self(Cow::Borrowed("refresh_token_reuse_detected"));
    /// A client network used up its failed-mint budget (once per window).
    pub const FAILED_MINTS_BLOCKED: Self = Self(Cow::Borrowed("failed_mints_blocked"));
    /// An instance could not poll the store for longer than allowed, and
    /// has caught up again.
    pub const INSTANCE_WAS_STALE: Self = Self(Cow::Borrowed("instance_was_stale"));
}

text_type!(Action, "action", |s: &str| {
    s.len() <= 64
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
});

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    /// When it happened.
    pub at: UnixTime,
    /// Who did it.
    pub actor: Actor,
    /// What it is about.
    pub subject: Subject,
    /// What happened.
    pub action: Action,
    /// Short text or a JSON object: figures and names, never a secret.
    pub details: String,
}

impl AuditEvent {
    /// An event with details given as JSON.
    pub fn new(at: UnixTime, actor: &Actor, subject: Subject, action: Action, details: serde_json::Value) -> Self {
        let details = if details.is_null() { String::new() } else { details.to_string() };
        Self { at, actor: actor.clone(), subject, action, details }
    }
}

/// Which events [`Store::list_audit`](crate::Store::list_audit) returns,
/// newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditQuery {
    /// Only events about this user.
    pub user: Option<UserName>,
    /// Only events at or after this time.
    pub since: Option<UnixTime>,
    /// At most this many.
    pub limit: u32,
}

impl AuditQuery {
    /// The default number of events listed.
    pub const DEFAULT_LIMIT: u32 = 50;

    /// The subject to filter on, if any.
    pub fn subject(&self) -> Option<Subject> {
        self.user.as_ref().map(Subject::user)
    }
}

impl Default for AuditQuery {
    fn default() -> Self {
        Self { user: None, since: None, limit: Self::DEFAULT_LIMIT }
    }
}

/// A user's mints in one clock hour (UTC), as counted by the servers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MintCount {
    /// The user.
    pub user: UserId,
    /// The start of the hour.
    pub hour: UnixTime,
    /// Successful mints in that hour.
    pub count: u64,
    /// The last of them.
    pub last_mint_at: UnixTime,
}

/// A user's recent mints, as `chartgate user show` tells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MintActivity {
    /// The last successful mint, if any was counted.
    pub last_mint_at: Option<UnixTime>,
    /// Mints in the current clock hour.
    pub this_hour: u64,
    /// Mints in the hour before it.
    pub previous_hour: u64,
}

impl MintActivity {
    /// The activity at `now`, from the user's latest hourly counts (newest
    /// first, as [`Store::mint_counts`](crate::Store::mint_counts) lists
    /// them).
    pub fn at(now: UnixTime, latest: &[MintCount]) -> Self {
        let hour = hour_of(now);
        let previous = UnixTime::from_secs(hour.as_secs().saturating_sub(3600));
        let count = |h: UnixTime| latest.iter().filter(|c| c.hour == h).map(|c| c.count).sum();
        Self {
            last_mint_at: latest.first().map(|c| c.last_mint_at),
            this_hour: count(hour),
            previous_hour: count(previous),
        }
    }
}

/// The start of the clock hour `t` falls in.
pub fn hour_of(t: UnixTime) -> UnixTime {
    UnixTime::from_secs(t.as_secs() - t.as_secs() % 3600)
}

fn non_empty<'a>(s: &'a str, default: &'a str) -> &'a str {
    if s.trim().is_empty() { default } else { s.trim() }
}

/// `s` with control characters and white space replaced by `_`, at most
/// [`MAX_NAME`] bytes long.
fn printable(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(MAX_NAME));
    for c in s.chars().map(|c| if c.is_control() || c.is_whitespace() { '_' } else { c }) {
        if out.len() + c.len_utf8() > MAX_NAME {
            break;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actors_name_an_operator_at_a_host_or_an_instance() {
        assert_eq!(Actor::operator("alice", "build-1").as_str(), "alice@build-1");
        assert_eq!(Actor::operator("", " ").as_str(), "unknown@unknown-host");
        assert_eq!(Actor::operator("a b", "h\n").as_str(), "a_b@h");
        assert_eq!(Actor::instance("web-2", 4242).as_str(), "instance:web-2:4242");
        assert_eq!("alice@h".parse::<Actor>(), Ok(Actor::operator("alice", "h")));
        assert!("a\u{7}".parse::<Actor>().is_err() && "".parse::<Actor>().is_err());
        assert_eq!(Actor::operator(&"x".repeat(500), "h").as_str().len(), MAX_NAME);
    }

    #[test]
    fn subjects_name_users_plans_and_client_networks() {
        assert_eq!(Subject::user(&"alice".parse().unwrap()).as_str(), "user:alice");
        assert_eq!(Subject::plan(&"pro".parse().unwrap()).as_str(), "plan:pro");
        let v4: IpAddr = "203.0.113.7".parse().unwrap();
        assert_eq!(Subject::address(v4).as_str(), "address:203.0.113.7");
        let v6: IpAddr = "2001:db8:1:2::7".parse().unwrap();
        assert_eq!(Subject::address(v6).as_str(), "address:2001:db8:1:2::/64");
        for s in ["user:alice", "plan:pro", "address:2001:db8::/64", "instance:h:1"] {
            assert_eq!(s.parse::<Subject>().unwrap().as_str(), s);
        }
        for bad in ["alice", ":x", "User:x", "user:", "user:a b"] {
            assert!(bad.parse::<Subject>().is_err(), "{bad}");
        }
    }

    #[test]
    fn actions_are_snake_case_words() {
        assert_eq!("user_added".parse::<Action>(), Ok(Action::USER_ADDED));
        assert_eq!("key_rotated".parse::<Action>().unwrap().as_str(), "key_rotated");
        for bad in ["", "User", "user-added", "_x", "user added"] {
            assert!(bad.parse::<Action>().is_err(), "{bad}");
        }
    }

    #[test]
    fn mint_activity_counts_this_hour_and_the_one_before() {
        let hour = UnixTime::from_secs(1_700_002_800);
        let count = |h: u64, count: u64| MintCount {
            user: UserId(1),
            hour: UnixTime::from_secs(1_700_002_800 - h * 3600),
            count,
            last_mint_at: UnixTime::from_secs(1_700_002_800 - h * 3600 + 60),
        };
        let now = hour.plus(std::time::Duration::from_secs(600));
        let activity = MintActivity::at(now, &[count(0, 3), count(1, 5)]);
        let expected = MintActivity {
            last_mint_at: Some(hour.plus(std::time::Duration::from_secs(60))),
            this_hour: 3,
            previous_hour: 5,
        };
        assert_eq!(activity, expected);
        let quiet = MintActivity::at(now, &[count(2, 7)]);
        assert_eq!((quiet.this_hour, quiet.previous_hour), (0, 0));
        assert!(quiet.last_mint_at.is_some());
        assert_eq!(MintActivity::at(now, &[]), MintActivity::default());
    }

    #[test]
    fn an_hour_starts_on_the_hour() {
        let t = UnixTime::from_micros(1_700_003_599_999_999);
        assert_eq!(hour_of(t), UnixTime::from_secs(1_700_002_800));
        assert_eq!(hour_of(UnixTime::from_secs(1_700_002_800)), UnixTime::from_secs(1_700_002_800));
    }
}
