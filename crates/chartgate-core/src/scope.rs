//! Scopes: what a plan, and so an access token, permits.
//!
//! `api` is the real API's scope string and grants every data route. Finer
//! scopes name a resource family and an action, `family:action`, for example
//! `artist:read`; such a scope grants exactly the routes that declare it.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The scope that grants every data route.
pub const API: &str = chartmetric_types::DEFAULT_SCOPE;

/// One scope: `api`, or `family:action` in lower-case ASCII.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Scope(String);

/// Why a scope string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid scope {0:?}: expected `api` or `family:action` in lower-case letters, digits and _")]
pub struct ScopeError(String);

impl Scope {
    /// The scope a route declares; panics only on a programming error in a
    /// literal, so use it for constants.
    pub fn literal(s: &'static str) -> Self {
        match s.parse() {
            Ok(scope) => scope,
            Err(e) => panic!("{e}"),
        }
    }
    /// The scope as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Scope {
    type Err = ScopeError;
    fn from_str(s: &str) -> Result<Self, ScopeError> {
        let part = |p: &str| {
            !p.is_empty()
                && p.len() <= 32
                && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        };
        let ok = s == API || matches!(s.split_once(':'), Some((f, a)) if part(f) && part(a));
        if ok { Ok(Self(s.to_owned())) } else { Err(ScopeError(s.chars().take(80).collect())) }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A set of scopes, written space-separated on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scopes(Vec<Scope>);

impl Scopes {
    /// Whether these scopes permit a route that needs `needed`.
    pub fn permits(&self, needed: &Scope) -> bool {
        self.0.iter().any(|s| s.0 == API || s == needed)
    }
    /// The scopes, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Scope> {
        self.0.iter()
    }
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromStr for Scopes {
    type Err = ScopeError;
    /// Parses a space-separated list; duplicates are dropped, order is kept.
    fn from_str(s: &str) -> Result<Self, ScopeError> {
        let mut out: Vec<Scope> = Vec::new();
        for part in s.split_ascii_whitespace() {
            let scope: Scope = part.parse()?;
            if !out.contains(&scope) {
                out.push(scope);
            }
        }
        Ok(Self(out))
    }
}

impl fmt::Display for Scopes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            f.write_str(&s.0)?;
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for Scope {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_permits_every_route() {
        let s: Scopes = "api".parse().unwrap();
        assert!(s.permits(&Scope::literal("artist:read")));
    }

    #[test]
    fn a_fine_scope_permits_only_its_routes() {
        let s: Scopes = "chart:read artist:read".parse().unwrap();
        assert!(s.permits(&Scope::literal("artist:read")));
        assert!(!s.permits(&Scope::literal("artist:write")));
    }

    #[test]
    fn scopes_round_trip_and_drop_duplicates() {
        let s: Scopes = " artist:read  api artist:read".parse().unwrap();
        assert_eq!(s.to_string(), "artist:read api");
    }

    #[test]
    fn malformed_scopes_are_refused() {
        for bad in ["Artist:read", "artist", "artist:", ":read", "a:b:c", "api:x y:"] {
            assert!(bad.parse::<Scopes>().is_err(), "{bad}");
        }
    }
}
