//! Signing keys: HS256 secrets (the default, as the real API) or Ed25519
//! key pairs (so other services can verify chartgate's tokens with the
//! public keys alone), each with a lifecycle state.
//!
//! A key's `kid` is derived from its material, so every instance given the
//! same key agrees on it. Secrets are zeroized on drop and never shown by
//! `Debug`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::pkcs8::EncodePrivateKey;
use jsonwebtoken::{DecodingKey, EncodingKey};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::fmt;
use std::str::FromStr;
use zeroize::Zeroizing;

/// The shortest HS256 signing secret accepted, in bytes.
pub const MIN_SECRET_LEN: usize = 32;

/// A signature algorithm chartgate signs access tokens with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyAlg {
    /// HMAC with SHA-256, a shared secret (the real API's algorithm).
    Hs256,
    /// Ed25519 signatures; the public key is published as a JWK.
    EdDsa,
}

impl KeyAlg {
    /// The JOSE name: `HS256` or `EdDSA`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Hs256 => "HS256",
            Self::EdDsa => "EdDSA",
        }
    }

    /// The `jsonwebtoken` algorithm.
    pub fn jwt(self) -> jsonwebtoken::Algorithm {
        match self {
            Self::Hs256 => jsonwebtoken::Algorithm::HS256,
            Self::EdDsa => jsonwebtoken::Algorithm::EdDSA,
        }
    }
}

impl fmt::Display for KeyAlg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for KeyAlg {
    type Err = KeyError;
    fn from_str(s: &str) -> Result<Self, KeyError> {
        match s {
            s if s.eq_ignore_ascii_case("HS256") => Ok(Self::Hs256),
            s if s.eq_ignore_ascii_case("EdDSA") || s.eq_ignore_ascii_case("Ed25519") => Ok(Self::EdDsa),
            _ => Err(KeyError::UnknownAlg(s.chars().take(16).collect())),
        }
    }
}

/// Where a key is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyState {
    /// Signs new tokens (exactly one key is active) and verifies.
    Active,
    /// Verifies tokens signed before a rotation; signs nothing.
    Verifying,
    /// Verifies nothing: tokens signed with it get 401.
    Retired,
}

impl KeyState {
    /// `active`, `verifying` or `retired`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Verifying => "verifying",
            Self::Retired => "retired",
        }
    }
}

impl fmt::Display for KeyState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for KeyState {
    type Err = KeyError;
    fn from_str(s: &str) -> Result<Self, KeyError> {
        match s {
            "active" => Ok(Self::Active),
            "verifying" => Ok(Self::Verifying),
            "retired" => Ok(Self::Retired),
            _ => Err(KeyError::UnknownState(s.chars().take(16).collect())),
        }
    }
}

/// Why key material or a key's attributes were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// An HS256 secret shorter than [`MIN_SECRET_LEN`].
    #[error("a signing key must be at least {MIN_SECRET_LEN} bytes; got {0}")]
    TooShort(usize),
    /// An Ed25519 seed that is not 32 bytes.
    #[error("an Ed25519 signing key is a 32-byte seed; got {0} bytes")]
    BadSeed(usize),
    /// An algorithm other than HS256 and EdDSA.
    #[error("unknown signing algorithm {0:?}; use HS256 or EdDSA")]
    UnknownAlg(String),
    /// A state other than active, verifying and retired.
    #[error("unknown key state {0:?}")]
    UnknownState(String),
}

/// A signing key: its id, algorithm and secret material (an HS256 secret
/// or an Ed25519 seed). `Debug` never shows the secret.
pub struct SigningKey {
    kid: String,
    alg: KeyAlg,
    secret: Zeroizing<Vec<u8>>,
}

impl SigningKey {
    /// A new random HS256 key (256 bits).
    pub fn generate() -> Self {
        Self::generate_alg(KeyAlg::Hs256)
    }

    /// A new random key for `alg`.
    pub fn generate_alg(alg: KeyAlg) -> Self {
        let mut secret = Zeroizing::new(vec![0u8; 32]);
        rand::rng().fill_bytes(&mut secret);
        Self::new(alg, secret)
    }

    /// An HS256 key from secret bytes (at least 32). The `kid` is derived
    /// from the secret, so every instance given the same secret agrees on it.
    pub fn from_secret(secret: &[u8]) -> Result<Self, KeyError> {
        Self::from_parts(KeyAlg::Hs256, secret)
    }

    /// A key of `alg` from its stored material.
    pub fn from_parts(alg: KeyAlg, secret: &[u8]) -> Result<Self, KeyError> {
        match alg {
            KeyAlg::Hs256 if secret.len() < MIN_SECRET_LEN => Err(KeyError::TooShort(secret.len())),
            KeyAlg::EdDsa if secret.len() != 32 => Err(KeyError::BadSeed(secret.len())),
            _ => Ok(Self::new(alg, Zeroizing::new(secret.to_vec()))),
        }
    }

    fn new(alg: KeyAlg, secret: Zeroizing<Vec<u8>>) -> Self {
        let hex = |bytes: &[u8]| bytes[..6].iter().map(|b| format!("{b:02x}")).collect::<String>();
        let kid = match alg {
            // Unchanged since the first release: stored HS256 keys keep their kid.
            KeyAlg::Hs256 => hex(&Sha256::digest(&secret[..])),
            KeyAlg::EdDsa => format!("ed-{}", hex(&Sha256::digest(ed_public(&secret)))),
        };
        Self { kid, alg, secret }
    }

    /// The key id.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The algorithm.
    pub fn alg(&self) -> KeyAlg {
        self.alg
    }

    /// The secret material, for storing.
    pub fn secret(&self) -> &[u8] {
        &self.secret
    }

    /// The key to sign with.
    pub(crate) fn encoding(&self) -> EncodingKey {
        match self.alg {
            KeyAlg::Hs256 => EncodingKey::from_secret(&self.secret),
            KeyAlg::EdDsa => {
                let signing = ed25519_dalek::SigningKey::from_bytes(&seed(&self.secret));
                // Encoding a 32-byte seed as PKCS#8 cannot fail.
                let der = signing.to_pkcs8_der().map(|d| d.as_bytes().to_vec()).unwrap_or_default();
                EncodingKey::from_ed_der(&der)
            }
        }
    }

    /// The key to verify with.
    pub(crate) fn decoding(&self) -> DecodingKey {
        match self.alg {
            KeyAlg::Hs256 => DecodingKey::from_secret(&self.secret),
            KeyAlg::EdDsa => DecodingKey::from_ed_der(&ed_public(&self.secret)),
        }
    }

    /// The public key as a JWK (RFC 8037), for an Ed25519 key; `None` for
    /// an HS256 secret, which is never published.
    pub fn public_jwk(&self) -> Option<serde_json::Value> {
        match self.alg {
            KeyAlg::Hs256 => None,
            KeyAlg::EdDsa => Some(serde_json::json!({
                "kty": "OKP",
                "crv": "Ed25519",
                "x": URL_SAFE_NO_PAD.encode(ed_public(&self.secret)),
                "kid": self.kid,
                "alg": "EdDSA",
                "use": "sig",
            })),
        }
    }
}

fn seed(secret: &[u8]) -> [u8; 32] {
    let mut seed = [0u8; 32];
    seed.copy_from_slice(&secret[..32]);
    seed
}

fn ed_public(secret: &[u8]) -> [u8; 32] {
    ed25519_dalek::SigningKey::from_bytes(&seed(secret)).verifying_key().to_bytes()
}

impl Clone for SigningKey {
    fn clone(&self) -> Self {
        Self { kid: self.kid.clone(), alg: self.alg, secret: self.secret.clone() }
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .field("alg", &self.alg)
            .field("secret", &"<redacted>")
            .finish()
    }
}

/// A key as stored: its material, state and creation time.
#[derive(Debug, Clone)]
pub struct StoredKey {
    /// The key.
    pub key: SigningKey,
    /// Its state.
    pub state: KeyState,
    /// Creation time, in seconds since the epoch.
    pub created_at: u64,
}
