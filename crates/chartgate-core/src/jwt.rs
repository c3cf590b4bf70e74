//! Access tokens: JWTs with the real API's claims, signed HS256 (the real
//! API's algorithm, the default) or EdDSA.
//!
//! The payload carries what the real API's does (`id`, `timestamp` in ms,
//! `iat`, `exp = iat + 3600`) plus `sub`, `scope`, `jti` and `ep`, the user's
//! revocation epoch at issue. The header carries a `kid` so keys can rotate.
//! Signing and verifying use `jsonwebtoken`; the header is inspected here
//! first so each refusal can say exactly what was wrong.

use crate::clock::UnixTime;
use crate::ids::UserId;
use crate::keys::{KeyAlg, KeyState, SigningKey, StoredKey};
use crate::scope::Scopes;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use jsonwebtoken::{DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Seconds an access token lives unless its plan says otherwise.
pub const TTL_SECS: u64 = chartmetric_types::ACCESS_TOKEN_TTL_SECS;
/// The longest lifetime a token may claim (a plan's maximum).
pub const MAX_TTL_SECS: u64 = crate::plan::MAX_ACCESS_TTL as u64;
/// How far in the future `iat` may lie (clock skew between instances).
pub const IAT_LEEWAY_SECS: u64 = 5;

/// The claims of an access token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// Numeric user id (the real API's claim).
    pub id: i64,
    /// Issue time in milliseconds (the real API's claim).
    pub timestamp: u64,
    /// Issued at, in seconds.
    pub iat: u64,
    /// Expires at, in seconds: `iat + 3600`.
    pub exp: u64,
    /// The user id as a string (RFC 7519).
    pub sub: String,
    /// Granted scopes, space-separated.
    pub scope: String,
    /// Unique token id: every mint differs.
    pub jti: String,
    /// The user's revocation epoch when the token was issued.
    pub ep: i64,
}

impl Claims {
    /// Claims for a token issued now that lives `ttl_secs` seconds.
    pub fn issue(user: UserId, scopes: &Scopes, epoch: i64, now: UnixTime, ttl_secs: u64) -> Self {
        let mut jti = [0u8; 16];
        rand::rng().fill_bytes(&mut jti);
        Self {
            id: user.0,
            timestamp: now.as_millis(),
            iat: now.as_secs(),
            exp: now.as_secs() + ttl_secs,
            sub: user.0.to_string(),
            scope: scopes.to_string(),
            jti: URL_SAFE_NO_PAD.encode(jti),
            ep: epoch,
        }
    }

    /// The user the token was issued to.
    pub fn user(&self) -> UserId {
        UserId(self.id)
    }

    /// The moment the token stops being valid: exactly its lifetime
    /// (`exp - iat`) after issue, to the millisecond.
    pub fn expires_at(&self) -> UnixTime {
        let ttl = self.exp.saturating_sub(self.iat);
        UnixTime::from_micros(self.timestamp.saturating_add(ttl.saturating_mul(1000)).saturating_mul(1000))
    }
}

/// Why an access token was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Not three base64url segments with a JSON header.
    #[error("the access token is not a JWT (expected three base64url segments)")]
    NotJwt,
    /// An algorithm other than the key's (`none` included).
    #[error("the access token is signed with algorithm {0:?}, not its key's (HS256 or EdDSA)")]
    Algorithm(String),
    /// No `kid` in the header.
    #[error("the access token's header has no kid")]
    MissingKid,
    /// A `kid` this server does not know.
    #[error("the access token was signed with an unknown key (kid {0:?})")]
    UnknownKid(String),
    /// The signature does not verify.
    #[error("the access token's signature is invalid")]
    BadSignature,
    /// The payload lacks a claim or has one of the wrong type.
    #[error("the access token's claims are malformed")]
    BadClaims,
    /// Past its lifetime.
    #[error("the access token has expired; mint a new one at POST /api/token")]
    Expired,
    /// Issued in the future beyond the leeway.
    #[error("the access token's iat lies in the future")]
    IssuedInFuture,
}

/// The keys a server signs with (one) and verifies with (all that are not
/// retired).
pub struct KeyRing {
    current: SigningKey,
    others: Vec<SigningKey>,
    encoding: EncodingKey,
    decoding: HashMap<String, (KeyAlg, DecodingKey)>,
    /// A key given by the operator (`CHARTGATE_SIGNING_KEY`): it signs
    /// whatever the store says, and is never stored.
    configured: Option<SigningKey>,
}

#[derive(Deserialize)]
struct RawHeader {
    alg: String,
    kid: Option<String>,
}

impl KeyRing {
    /// Signs with `current`; verifies with `current` and `others`.
    pub fn new(current: &SigningKey, others: &[SigningKey]) -> Self {
        let decoding =
            std::iter::once(current).chain(others).map(|k| (k.kid().to_owned(), (k.alg(), k.decoding()))).collect();
        Self {
            current: current.clone(),
            others: others.to_vec(),
            encoding: current.encoding(),
            decoding,
            configured: None,
        }
    }

    /// The ring of stored keys: the configured key (if any) or else the
    /// active stored key signs; every stored key that is not retired
    /// verifies. `None` when there is neither a configured nor an active key.
    pub fn from_stored(stored: &[StoredKey], configured: Option<&SigningKey>) -> Option<Self> {
        let active = stored.iter().find(|k| k.state == KeyState::Active).map(|k| &k.key);
        let current = configured.or(active)?;
        let others: Vec<SigningKey> = stored
            .iter()
            .filter(|k| k.state != KeyState::Retired && k.key.kid() != current.kid())
            .map(|k| k.key.clone())
            .collect();
        let mut ring = Self::new(current, &others);
        ring.configured = configured.cloned();
        Some(ring)
    }

    /// The same ring rebuilt from a fresh read of the stored keys (after a
    /// rotation or a retirement), keeping the configured key.
    pub fn reloaded(&self, stored: &[StoredKey]) -> Option<Self> {
        Self::from_stored(stored, self.configured.as_ref())
    }

    /// Whether `other` signs with the same key and verifies the same kids.
    pub fn same_keys(&self, other: &KeyRing) -> bool {
        self.current.kid() == other.current.kid()
            && self.decoding.len() == other.decoding.len()
            && self.decoding.keys().all(|k| other.decoding.contains_key(k))
    }

    /// The id of the signing key.
    pub fn signing_kid(&self) -> &str {
        self.current.kid()
    }

    /// The public keys of the ring's Ed25519 keys as a JWK Set (RFC 7517),
    /// the signing key first; HS256 secrets are never published.
    pub fn jwks(&self) -> serde_json::Value {
        let keys: Vec<serde_json::Value> =
            std::iter::once(&self.current).chain(&self.others).filter_map(SigningKey::public_jwk).collect();
        serde_json::json!({ "keys": keys })
    }

    /// Signs claims into a compact JWT.
    pub fn sign(&self, claims: &Claims) -> String {
        let mut header = Header::new(self.current.alg().jwt());
        header.kid = Some(self.current.kid().to_owned());
        // Serialising a struct of strings and integers with a valid key cannot fail.
        jsonwebtoken::encode(&header, claims, &self.encoding).unwrap_or_else(|e| unreachable!("signing failed: {e}"))
    }

    /// Verifies a token's header, signature and lifetime at `now`.
    pub fn verify(&self, token: &str, now: UnixTime) -> Result<Claims, TokenError> {
        let (alg, key) = self.key_for(token)?;
        let mut validation = Validation::new(alg.jwt());
        validation.validate_exp = false;
        validation.validate_aud = false;
        validation.required_spec_claims.clear();
        let data = jsonwebtoken::decode::<Claims>(token, key, &validation).map_err(|e| match e.kind() {
            jsonwebtoken::errors::ErrorKind::InvalidSignature => TokenError::BadSignature,
            _ => TokenError::BadClaims,
        })?;
        check_lifetime(data.claims, now)
    }

    fn key_for(&self, token: &str) -> Result<(KeyAlg, &DecodingKey), TokenError> {
        let mut parts = token.split('.');
        let (Some(head), Some(body), Some(_sig), None) = (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(TokenError::NotJwt);
        };
        if body.is_empty() {
            return Err(TokenError::NotJwt);
        }
        let bytes = URL_SAFE_NO_PAD.decode(head).map_err(|_| TokenError::NotJwt)?;
        let header: RawHeader = serde_json::from_slice(&bytes).map_err(|_| TokenError::NotJwt)?;
        let Ok(alg) = header.alg.parse::<KeyAlg>() else {
            return Err(TokenError::Algorithm(header.alg.chars().take(16).collect()));
        };
        let kid = header.kid.ok_or(TokenError::MissingKid)?;
        let (key_alg, key) =
            self.decoding.get(&kid).ok_or_else(|| TokenError::UnknownKid(kid.chars().take(32).collect()))?;
        // The header's algorithm must be the key's: never verify an HS256
        // token with an Ed25519 public key as its secret, or the reverse.
        if *key_alg != alg || header.alg != key_alg.as_str() {
            return Err(TokenError::Algorithm(header.alg.chars().take(16).collect()));
        }
        Ok((alg, key))
    }
}

fn check_lifetime(claims: Claims, now: UnixTime) -> Result<Claims, TokenError> {
    let ttl = claims.exp.checked_sub(claims.iat);
    if !ttl.is_some_and(|t| (1..=MAX_TTL_SECS).contains(&t)) || claims.timestamp / 1000 != claims.iat {
        return Err(TokenError::BadClaims);
    }
    if now >= claims.expires_at() {
        return Err(TokenError::Expired);
    }
    if claims.iat > now.as_secs().saturating_add(IAT_LEEWAY_SECS) {
        return Err(TokenError::IssuedInFuture);
    }
    Ok(claims)
}

#[cfg(test)]
mod tests;
