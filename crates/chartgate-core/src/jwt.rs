//! Access tokens: HS256 JWTs with the real API's claims.
//!
//! The payload carries what the real API's does (`id`, `timestamp` in ms,
//! `iat`, `exp = iat + 3600`) plus `sub`, `scope`, `jti` and `ep`, the user's
//! revocation epoch at issue. The header carries a `kid` so keys can rotate.
//! Signing and verifying use `jsonwebtoken`; the header is inspected here
//! first so each refusal can say exactly what was wrong.

use crate::clock::UnixTime;
use crate::ids::UserId;
use crate::scope::Scopes;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fmt;
use zeroize::Zeroizing;

/// Seconds an access token lives.
pub const TTL_SECS: u64 = chartmetric_types::ACCESS_TOKEN_TTL_SECS;
/// How far in the future `iat` may lie (clock skew between instances).
pub const IAT_LEEWAY_SECS: u64 = 5;
/// The shortest signing secret accepted, in bytes.
pub const MIN_SECRET_LEN: usize = 32;

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
    /// Claims for a token issued now.
    pub fn issue(user: UserId, scopes: &Scopes, epoch: i64, now: UnixTime) -> Self {
        let mut jti = [0u8; 16];
        rand::rng().fill_bytes(&mut jti);
        Self {
            id: user.0,
            timestamp: now.as_millis(),
            iat: now.as_secs(),
            exp: now.as_secs() + TTL_SECS,
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

    /// The moment the token stops being valid: exactly `TTL_SECS` after issue.
    pub fn expires_at(&self) -> UnixTime {
        // Saturating: a signed timestamp is trusted, but not to be small.
        UnixTime::from_micros(self.timestamp.saturating_add(TTL_SECS * 1000).saturating_mul(1000))
    }
}

/// Why an access token was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Not three base64url segments with a JSON header.
    #[error("the access token is not a JWT (expected three base64url segments)")]
    NotJwt,
    /// An algorithm other than the key's (`none` included).
    #[error("the access token is signed with algorithm {0:?}; only HS256 is accepted")]
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

/// A signing secret and its key id. `Debug` never shows the secret.
pub struct SigningKey {
    kid: String,
    secret: Zeroizing<Vec<u8>>,
}

/// Why a signing secret was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a signing key must be at least {MIN_SECRET_LEN} bytes; got {0}")]
pub struct KeyError(usize);

impl SigningKey {
    /// A new random 256-bit key.
    pub fn generate() -> Self {
        let mut secret = Zeroizing::new(vec![0u8; 32]);
        rand::rng().fill_bytes(&mut secret);
        Self::new(secret)
    }

    /// A key from secret bytes (at least 32). The `kid` is derived from the
    /// secret, so every instance given the same secret agrees on it.
    pub fn from_secret(secret: &[u8]) -> Result<Self, KeyError> {
        if secret.len() < MIN_SECRET_LEN {
            return Err(KeyError(secret.len()));
        }
        Ok(Self::new(Zeroizing::new(secret.to_vec())))
    }

    fn new(secret: Zeroizing<Vec<u8>>) -> Self {
        let digest = Sha256::digest(&secret[..]);
        let kid = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
        Self { kid, secret }
    }

    /// The key id.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The secret bytes, for storing.
    pub fn secret(&self) -> &[u8] {
        &self.secret
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey").field("kid", &self.kid).field("secret", &"<redacted>").finish()
    }
}

/// The keys a server signs with (one) and verifies with (all).
pub struct KeyRing {
    kid: String,
    encoding: EncodingKey,
    decoding: HashMap<String, DecodingKey>,
    validation: Validation,
}

#[derive(Deserialize)]
struct RawHeader {
    alg: String,
    kid: Option<String>,
}

impl KeyRing {
    /// Signs with `current`; verifies with `current` and `others`.
    pub fn new(current: &SigningKey, others: &[SigningKey]) -> Self {
        let decoding = std::iter::once(current)
            .chain(others)
            .map(|k| (k.kid.clone(), DecodingKey::from_secret(&k.secret)))
            .collect();
        let mut validation = Validation::new(Algorithm::HS256);
        validation.validate_exp = false;
        validation.validate_aud = false;
        validation.required_spec_claims.clear();
        Self { kid: current.kid.clone(), encoding: EncodingKey::from_secret(&current.secret), decoding, validation }
    }

    /// The id of the signing key.
    pub fn current_kid(&self) -> &str {
        &self.kid
    }

    /// Signs claims into a compact JWT.
    pub fn sign(&self, claims: &Claims) -> String {
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(self.kid.clone());
        // Serialising a struct of strings and integers with HS256 cannot fail.
        jsonwebtoken::encode(&header, claims, &self.encoding)
            .unwrap_or_else(|e| unreachable!("HS256 signing failed: {e}"))
    }

    /// Verifies a token's header, signature and lifetime at `now`.
    pub fn verify(&self, token: &str, now: UnixTime) -> Result<Claims, TokenError> {
        let key = self.key_for(token)?;
        let data = jsonwebtoken::decode::<Claims>(token, key, &self.validation).map_err(|e| match e.kind() {
            jsonwebtoken::errors::ErrorKind::InvalidSignature => TokenError::BadSignature,
            _ => TokenError::BadClaims,
        })?;
        check_lifetime(data.claims, now)
    }

    fn key_for(&self, token: &str) -> Result<&DecodingKey, TokenError> {
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
        if header.alg != "HS256" {
            return Err(TokenError::Algorithm(header.alg.chars().take(16).collect()));
        }
        let kid = header.kid.ok_or(TokenError::MissingKid)?;
        self.decoding.get(&kid).ok_or_else(|| TokenError::UnknownKid(kid.chars().take(32).collect()))
    }
}

fn check_lifetime(claims: Claims, now: UnixTime) -> Result<Claims, TokenError> {
    if claims.iat.checked_add(TTL_SECS) != Some(claims.exp) || claims.timestamp / 1000 != claims.iat {
        return Err(TokenError::BadClaims);
    }
    if now >= claims.expires_at() {
        return Err(TokenError::Expired);
    }
    if claims.iat > now.as_secs() + IAT_LEEWAY_SECS {
        return Err(TokenError::IssuedInFuture);
    }
    Ok(claims)
}

#[cfg(test)]
mod tests;
